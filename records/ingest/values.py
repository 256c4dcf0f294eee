"""Turning one reported cell or JSON value into a Python value, with a Chinese reason when it can't.

Departments send what their systems and spreadsheets hold: dates as text in several layouts or
as Excel dates, amounts as numbers or text with thousands separators, codes with stray spaces.
Each parser accepts the common forms and raises FieldError with a short reason otherwise; the
row validator puts the field's name in front of the reason.
"""

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class FieldError(ValueError):
    pass


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]
# "2024-03-15 00:00:00" or "2024-03-15T00:00:00+08:00": a date with a midnight time attached.
_DATETIME_SUFFIX = re.compile(r"^(\S+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")


def printable(text: str) -> str:
    """Text safe to store and echo back: no NUL characters, no lone surrogates."""
    return str(text).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        if "\x00" in raw:
            raise FieldError(_("含有不可见的控制字符（NUL）"))
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise FieldError(_("含有无效的 Unicode 字符")) from None
        return raw.strip()
    if isinstance(raw, bool):
        raise FieldError(_("应为文本，收到的是布尔值"))
    if isinstance(raw, int | Decimal):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise FieldError(_("应为文本"))
        # Spreadsheets turn 123 into 123.0: give the department back what it typed.
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw.isoformat()
    raise FieldError(_("应为文本，收到的是%(type)s") % {"type": _type_name(raw)})


def parse_date(raw) -> datetime.date | None:
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if not isinstance(raw, str):
        raise FieldError(_("应为日期文本（如 2024-03-15），收到的是%(type)s") % {"type": _type_name(raw)})
    text = raw.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # YYYY-MM-DD, the usual case
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    if ":" in text:
        match = _DATETIME_SUFFIX.match(text)
        if match:
            text = match.group(1)
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            year, month, day = (int(g) for g in found.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise FieldError(_("“%(value)s”不是有效日期") % {"value": raw.strip()[:40]}) from None
    raise FieldError(_("日期格式应为 YYYY-MM-DD（如 2024-03-15），当前为“%(value)s”") % {"value": text[:40]})


def parse_decimal(raw, max_digits: int = 14, decimal_places: int = 6) -> Decimal | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise FieldError(_("应为数字，收到的是布尔值"))
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise FieldError(_("应为有效数字"))
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FieldError(
                _("应为数字（单位：万元），当前为“%(value)s”") % {"value": raw.strip()[:40]}
            ) from None
    else:
        raise FieldError(_("应为数字，收到的是%(type)s") % {"type": _type_name(raw)})
    if not value.is_finite():
        raise FieldError(_("应为有效数字"))
    if value < 0:
        raise FieldError(_("不能为负数"))
    if value >= Decimal(10) ** (max_digits - decimal_places):
        raise FieldError(_("数值过大（单位为万元）"))
    if value != value.quantize(Decimal(1).scaleb(-decimal_places), rounding="ROUND_DOWN"):
        raise FieldError(_("最多保留%(n)d位小数") % {"n": decimal_places})
    return value


def _type_name(raw) -> str:
    if isinstance(raw, dict):
        return _("对象")
    if isinstance(raw, list | tuple):
        return _("数组")
    if isinstance(raw, int | float | Decimal):
        return _("数字")
    return type(raw).__name__
