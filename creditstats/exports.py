"""The month's table as XLSX, laid out as the seed's 《信用信息共享共用重点工作进展情况统计表》: a
title row, two header rows (group, figure), one row per unit and a 合计 row; a second sheet has
one row per department. Cell text passes through portal.spreadsheets.neutralise."""

from io import BytesIO
from itertools import groupby

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from creditstats.figures import COLUMNS
from portal.spreadsheets import neutralise


def _cell_value(column, figures: dict):
    value = figures.get(column.key)
    if column.is_rate:
        return round(value, 4) if value is not None else None
    return value or 0


def _sheet(ws, title: str, first_header: str, rows: list[tuple[str, dict]], total: dict | None):
    width = len(COLUMNS) + 1
    ws.append([neutralise(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([neutralise(first_header), *[neutralise(str(c.group)) for c in COLUMNS]])
    ws.append(["", *[neutralise(str(c.label)) for c in COLUMNS]])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    # Each group's header spans its figures.
    for _group, members in groupby(enumerate(COLUMNS, start=2), key=lambda item: item[1].group):
        numbers = [n for n, _column in members]
        if len(numbers) > 1:
            ws.merge_cells(start_row=2, start_column=numbers[0], end_row=2, end_column=numbers[-1])
    for row in ws.iter_rows(min_row=2, max_row=3):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for name, figures in rows:
        ws.append([neutralise(name), *[_cell_value(c, figures) for c in COLUMNS]])
    if total is not None:
        ws.append([_("合计"), *[_cell_value(c, total) for c in COLUMNS]])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for n, column in enumerate(COLUMNS, start=2):
        if column.is_rate:
            for (cell,) in ws.iter_rows(min_row=4, min_col=n, max_col=n):
                cell.number_format = "0.0%"
        ws.column_dimensions[get_column_letter(n)].width = 10
    ws.column_dimensions["A"].width = 28
    ws.freeze_panes = "B4"


def month_workbook(table: dict, *, units: bool = True) -> bytes:
    """`units=False` leaves out the unit sheet (a department operator sees its own row only)."""
    wb = Workbook()
    title = _("信用信息共享共用重点工作进展情况统计表（%(month)s）") % {"month": table["month"]}
    if units:
        ws = wb.active
        ws.title = _("各地区")
        _sheet(
            ws,
            title,
            _("地区"),
            [(row["name"], row["figures"]) for row in table["units"]],
            table["total"],
        )
        ws = wb.create_sheet(_("各部门"))
    else:
        ws = wb.active
        ws.title = _("各部门")
    rows = [(row["name"], row["figures"]) for row in table["departments"]]
    total = None
    if units:
        # What belongs to no department (the public's requests, complaints received) gets its
        # own row, so both sheets end on the same 合计.
        rest = {c.key: table["total"].get(c.key, 0) for c in COLUMNS if not c.is_rate}
        for _name, figures in rows:
            for key in rest:
                rest[key] -= figures.get(key, 0)
        if any(rest.values()):
            rows.append((_("不属于部门（社会公众和主体本人的申请、收到的投诉举报）"), rest))
        total = table["total"]
    _sheet(ws, title, _("部门"), rows, total)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
