"""Reading a list of bidders, pasted or uploaded (XLSX or CSV), into entries to check.

Each line names one bidder by its 统一社会信用代码 or its exact registered name; a line may
carry more cells (序号, 名称, 代码 as copied from a bidding document): a cell that is a code wins,
otherwise the first cell that is not a sequence number is the name. A header line is skipped.
A bidder listed twice is kept once, with both line numbers. Any bad line stops the whole list
with a message naming the line, so nothing is issued for a list the official must correct.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from records.codes import normalize_code, validate_uscc
from records.ingest.files import FileProblem, read_cells

NAME_MAX = 200
# Lines read at most from a file, blank ones included: far beyond any real list of bidders.
MAX_LINES = 5000
SHOWN_ERRORS = 20
HEADER_WORDS = ("统一社会信用代码", "名称", "投标人", "供应商", "代码", "序号", "主体")
# Letters and digits only, with a digit among them: meant as a code, even when mistyped.
CODE_LIKE = re.compile(r"^(?=.*\d)[0-9A-Z]{8,25}$")
SEQUENCE = re.compile(r"^\d{1,4}[.、]?$")


class BidderListError(ValueError):
    """The list cannot be checked as it is; `errors` are Chinese messages naming the lines."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Bidder:
    lines: list[int]
    code: str = ""  # a valid USCC, or ""
    name: str = ""  # as entered, when no code was given

    @property
    def query(self) -> str:
        return self.code or self.name

    @property
    def key(self) -> tuple[str, str]:
        return ("code", self.code) if self.code else ("name", self.name)


@dataclass
class BidderList:
    bidders: list[Bidder] = field(default_factory=list)
    duplicates: int = 0


def max_bidders() -> int:
    return settings.BATCH_CHECK_MAX_ROWS


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _is_header(cells: list[str]) -> bool:
    return any(word in cell for cell in cells for word in HEADER_WORDS) and not any(
        len(normalize_code(c)) == 18 and CODE_LIKE.match(normalize_code(c)) for c in cells
    )


def _bidder(line: int, cells: list[str]) -> tuple[Bidder | None, str]:
    """(bidder, "") for a good line; (None, message) for a bad one."""
    cells = [c for c in cells if c]
    if len(cells) > 1:
        cells = [c for c in cells if not SEQUENCE.match(c)] or cells
    for cell in cells:
        code = normalize_code(cell)
        if CODE_LIKE.match(code):
            if len(code) != 18:
                return None, _(
                    "第%(line)d行：“%(value)s”不是18位统一社会信用代码（当前%(n)d位），请核对。"
                ) % {
                    "line": line,
                    "value": cell[:30],
                    "n": len(code),
                }
            try:
                return Bidder([line], code=validate_uscc(code)), ""
            except ValidationError as error:
                return None, _("第%(line)d行：统一社会信用代码“%(value)s”有误：%(reason)s。") % {
                    "line": line,
                    "value": code,
                    "reason": error.messages[0],
                }
    name = cells[0]
    if len(name) > NAME_MAX:
        return None, _("第%(line)d行：名称超过%(max)d个字，请填写主体的登记名称。") % {
            "line": line,
            "max": NAME_MAX,
        }
    return Bidder([line], name=name), ""


def parse_bidders(rows) -> BidderList:
    """`rows`: (line, [(value, is_formula), ...]) as records.ingest.files.read_cells yields."""
    result = BidderList()
    seen: dict[tuple[str, str], Bidder] = {}
    errors: list[str] = []
    first = True
    limit = max_bidders()
    try:
        for line, raw in rows:
            if line > MAX_LINES:
                errors.append(
                    _("第%(line)d行：名单超过%(max)d行，请删去空行或分批核查。")
                    % {"line": line, "max": MAX_LINES}
                )
                break
            cells = [_text(v) for v, _formula in raw]
            if not any(cells):
                continue
            if any(formula for _v, formula in raw):
                errors.append(_("第%(line)d行：单元格是公式，请复制后“粘贴为数值”再上传。") % {"line": line})
                continue
            if first:
                first = False
                if _is_header(cells):
                    continue
            bidder, problem = _bidder(line, cells)
            if problem:
                errors.append(problem)
                continue
            known = seen.get(bidder.key)
            if known is not None:
                known.lines.append(line)
                result.duplicates += 1
                continue
            if len(seen) >= limit:
                errors.append(
                    _("第%(line)d行：名单最多%(max)d个主体，本行是第%(n)d个。请分批核查。")
                    % {"line": line, "max": limit, "n": limit + 1}
                )
                break
            seen[bidder.key] = bidder
            result.bidders.append(bidder)
    except FileProblem as problem:
        errors.append(str(problem))
    if errors:
        shown = errors[:SHOWN_ERRORS]
        if len(errors) > SHOWN_ERRORS:
            shown.append(
                _("……共%(n)d处问题，以上为前%(shown)d处。") % {"n": len(errors), "shown": SHOWN_ERRORS}
            )
        raise BidderListError(shown)
    if not result.bidders:
        raise BidderListError([_("名单是空的：请每行填写一个投标人的统一社会信用代码或名称。")])
    return result


def pasted_rows(text: str):
    """The lines of a pasted list, split into cells at tabs (copied from a spreadsheet) or commas."""
    for line, content in enumerate(text.splitlines(), start=1):
        cells = re.split(r"[\t,]", content)
        yield line, [(c, False) for c in cells]


def read_bidders(*, text: str = "", data: bytes | None = None, filename: str = "") -> BidderList:
    if data is not None:
        try:
            rows = read_cells(data, filename)
        except FileProblem as problem:
            raise BidderListError([str(problem)]) from None
        return parse_bidders(rows)
    return parse_bidders(pasted_rows(text))
