"""Reading reported files (CSV in UTF-8 or GBK, XLSX) in the national template, and writing the
template and the error report.

A file's header row may use the national Chinese column names or the pinyin field codes; a
title row above it (often merged across the columns) is skipped. Structural problems (not a
spreadsheet, no header row, a merged header, a missing required column) stop the import with
one clear message; problems in a cell (a formula, a merged data cell) reject that row only.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from portal.spreadsheets import neutralise_row
from records.ingest.fields import (
    CHOICE,
    KIND_SPECS,
    USCC,
    KindSpec,
    detect_kind,
    header_index,
    normalize_header,
)
from records.kinds import RECORD_KINDS

HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3


class FileProblem(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do."""


class SheetRow(dict):
    """A data row keyed by field code, with the problems found in its cells (formulas, merges)."""

    def __init__(self, values, cell_errors=()):
        super().__init__(values)
        self.cell_errors = list(cell_errors)


@dataclass
class Column:
    index: int  # 0-based position in the file
    header: str  # as written in the file
    code: str | None  # field code, None when the column is not one of the kind's fields

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Table:
    kind: str
    header_line: int
    columns: list
    rows: Iterator  # of (line, SheetRow)
    ignored: list = field(default_factory=list)
    total: int | None = None

    @property
    def by_code(self) -> dict:
        return {c.code: c for c in self.columns if c.code}


# ---------------------------------------------------------------------------------------- reading


def read_table(data: bytes, filename: str, kind: str | None = None) -> Table:
    """Open a CSV or XLSX file; returns its kind, columns and a lazy iterator over its rows."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        raw_rows, merges, total = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw_rows, merges, total = _csv_rows(data), [], None
    elif name.endswith(".xls"):
        raise FileProblem(_("不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再上传"))
    else:
        raise FileProblem(_("只接受 .xlsx 或 .csv 文件"))
    return _table(raw_rows, merges, total, kind)


def _decode(data: bytes) -> str:
    # Departments export UTF-8 (with or without BOM) or GBK; GB18030 is GBK's superset.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("无法识别文件编码：请将 CSV 另存为 UTF-8 或 GBK 编码"))


def _csv_rows(data: bytes) -> Iterator:
    text = _decode(data)
    first = text[:4096].splitlines()[0] if text.strip() else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, [(c, False) for c in cells]
    except csv.Error as exc:
        raise FileProblem(_("CSV 格式错误：%(e)s") % {"e": exc}) from None


def read_cells(data: bytes, filename: str) -> Iterator:
    """The raw cells of a CSV or XLSX file of any layout (not the national template): yields
    (line, [(value, is_formula), ...]) for each row of the first sheet. FileProblem for a file
    that is neither."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx_rows(data)[0]
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data)
    if name.endswith(".xls"):
        raise FileProblem(_("不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再上传"))
    raise FileProblem(_("只接受 .xlsx 或 .csv 文件"))


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range: read-only worksheets do not
    parse them, so scan the sheet XML (mergeCells comes after the cell data)."""
    ranges = []
    tail = b""
    with ws._get_source() as src:
        while chunk := src.read(1 << 20):
            buf = tail + chunk
            ranges += [m.group(1).decode() for m in _MERGE.finditer(buf)]
            tail = buf[-200:]
            # A match inside the overlap would be counted twice.
            ranges = list(dict.fromkeys(ranges))
    return [range_boundaries(r) for r in ranges if ":" in r]


# An .xlsx is a zip: refuse one that would unpack to far more than any real report (zip bomb).
MAX_XLSX_UNPACKED = 400 * 1024 * 1024


def _xlsx_rows(data: bytes):
    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(_("文件不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileProblem(_("文件解压后过大，请拆分后上传，或另存为 CSV"))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileProblem(_("文件不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）")) from None
    ws = wb.worksheets[0]
    merges = _merged_ranges(ws)
    total = ws.max_row

    def rows():
        line = 0
        try:
            for line, cells in enumerate(ws.iter_rows(), start=1):
                yield line, [(c.value, getattr(c, "data_type", None) == "f") for c in cells]
        except FileProblem:
            raise
        except Exception:  # a damaged sheet can fail in many ways inside openpyxl
            raise FileProblem(
                _("读取第%(n)d行后文件内容无法解析（文件可能已损坏）：请用 Excel 打开后另存为 .xlsx 再上传")
                % {"n": line}
            ) from None
        finally:
            wb.close()

    return rows(), merges, total


def _table(raw_rows: Iterator, merges: list, total: int | None, kind: str | None) -> Table:
    head = []
    for line, cells in raw_rows:
        head.append((line, cells))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not head:
        raise FileProblem(_("文件是空的"))
    specs = [KIND_SPECS[kind]] if kind else list(KIND_SPECS.values())
    indexes = {s.slug: header_index(s) for s in specs}
    header_line, header_cells = None, None
    for line, cells in head:
        keys = [normalize_header(v) for v, _f in cells]
        if max(sum(1 for k in keys if k in idx) for idx in indexes.values()) >= MIN_HEADER_MATCHES:
            header_line, header_cells = line, cells
            break
    if header_line is None:
        raise FileProblem(
            _(
                "未找到表头：前%(n)d行中没有国家标准模板的列名（如“行政处罚决定书文号”或“cf_wsh”）。请下载标准模板填写。"
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    headers = ["" if v is None else str(v).strip() for v, _f in header_cells]
    for min_col, min_row, max_col, max_row in merges:
        if min_row <= header_line <= max_row and max_col > min_col:
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            raise FileProblem(
                _("表头（第%(line)d行）含合并单元格 %(ref)s：请使用每列一个列名的单行表头（可下载标准模板）")
                % {"line": header_line, "ref": ref}
            )
    if kind is None:
        kind = detect_kind(headers)
        if kind is None:
            raise FileProblem(_("无法从表头判断信息类别：请指定信息类别，或检查文书号列的列名"))
    spec = KIND_SPECS[kind]
    index = header_index(spec)
    columns, seen = [], {}
    for i, header in enumerate(headers):
        code = index.get(normalize_header(header)) if header else None
        if code in seen:
            raise FileProblem(
                _("列“%(a)s”与列“%(b)s”是同一字段（%(code)s），请删除其中一列")
                % {"a": seen[code].header, "b": header, "code": code}
            )
        col = Column(i, header, code)
        if code:
            seen[code] = col
        columns.append(col)
    missing = [f.header for f in spec.fields if f.required and f.code not in seen]
    if missing:
        raise FileProblem(
            _("%(kind)s文件缺少必填列：%(cols)s")
            % {"kind": RECORD_KINDS[kind].label, "cols": "、".join(missing)}
        )
    ignored = [c.header for c in columns if not c.code and c.header]
    data_merges = [m for m in merges if m[3] > header_line and m[3] > m[1]]

    def rows():
        for line, cells in head:
            if line > header_line:
                yield from _row(line, cells, columns, data_merges)
        for line, cells in raw_rows:
            yield from _row(line, cells, columns, data_merges)

    return Table(kind, header_line, columns, rows(), ignored, (total - header_line) if total else None)


def _row(line: int, cells: list, columns: list, merges: list):
    values, errors = {}, []
    blank = True
    for col in columns:
        if col.index >= len(cells):
            continue
        value, is_formula = cells[col.index]
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            blank = False
        if not col.code:
            continue
        if is_formula:
            errors.append(
                {
                    "field": col.code,
                    "column": col.header,
                    "message": _("%(h)s：单元格 %(cell)s 是公式（%(f)s），请复制后“选择性粘贴为数值”再上传")
                    % {"h": col.header, "cell": f"{col.letter}{line}", "f": str(value)[:40]},
                }
            )
            continue
        values[col.code] = value
    for min_col, min_row, max_col, max_row in merges:
        if min_row < line <= max_row:
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            errors.append(
                {
                    "field": "",
                    "column": "",
                    "message": _("第%(line)d行位于合并单元格 %(ref)s 中：请取消合并并逐行填写")
                    % {"line": line, "ref": ref},
                }
            )
            blank = False
    if not blank:
        yield line, SheetRow(values, errors)


# ---------------------------------------------------------------------------------------- writing

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
PLAIN_FONT = Font(bold=True)


def template_workbook(slug: str) -> bytes:
    """The XLSX template of one kind: national Chinese headers (required ones in red, each with a
    comment giving its code and how to fill it), drop-downs for fixed values, text-formatted code
    columns, and a sheet of instructions."""
    spec: KindSpec = KIND_SPECS[slug]
    label = str(RECORD_KINDS[slug].label)
    wb = Workbook()
    ws = wb.active
    ws.title = label
    rows = 1000
    for i, f in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=i, value=f.header)
        cell.font = REQUIRED_FONT if f.required else PLAIN_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = f"{f.code}{'（必填）' if f.required else ''}" + (f"\n{f.hint}" if f.hint else "")
        cell.comment = Comment(note, "信用陕西")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(14, min(40, len(f.header) * 2 + 2))
        if f.type == CHOICE and f.choice_labels and len(",".join(f.choice_labels)) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(f.choice_labels) + '"', allow_blank=True)
            dv.error = f"请从下拉列表中选择{f.label}"
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{rows + 1}")
        if f.type == USCC or f.attr in ("id_number", "legal_rep_id_number", "document_number"):
            for r in range(2, rows + 2):
                ws.cell(row=r, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 36

    guide = wb.create_sheet("填写说明")
    guide.append(["列名", "字段代码", "是否必填", "填写说明"])
    for cell in guide[1]:
        cell.font = PLAIN_FONT
        cell.fill = HEADER_FILL
    for f in spec.fields:
        notes = [f.hint] if f.hint else []
        if f.type == "date":
            notes.append("日期，格式 YYYY-MM-DD")
        if f.max_length:
            notes.append(f"不超过{f.max_length}个字符")
        guide.append([f.header, f.code, "是" if f.required else "", "；".join(n for n in notes if n)])
    for letter, width in zip("ABCD", (36, 16, 10, 70), strict=True):
        guide.column_dimensions[letter].width = width
    guide.append([])
    guide.append(["每行一条记录；同一部门、同一文书号重复报送视为更新。表头可使用中文列名或字段代码。"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def error_report_workbook(columns: list[tuple[str, str | None]], rows) -> bytes:
    """The rejected rows as they were in the file, each with its line number and reasons.

    columns: [(header as in the file, field code or None)]; rows: [(line, values by code, errors)].
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误报告")
    # Headers and values come from the uploaded file: neutralised, never live formulas.
    ws.append(neutralise_row(["原文件行号", "错误原因", *[h for h, _c in columns]]))
    for line, values, errors in rows:
        reasons = "；".join(e.get("message", "") for e in errors)
        cells = [_cell(values.get(code)) if code else None for _h, code in columns]
        ws.append(neutralise_row([line, reasons, *cells]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, datetime.datetime | datetime.date | int | float) or value is None:
        return value
    return str(value)


def json_safe(value):
    """A cell value as it can be stored in JSON (dates as ISO text)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat()
    return value
