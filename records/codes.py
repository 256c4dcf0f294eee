"""Identification codes: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

Each validator normalises its input (surrounding and inner spaces removed, upper case) and
either returns the normalised code or raises ValidationError with a Chinese message that says
exactly what is wrong: the length, an illegal character and its position, or the check
character it should have.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
# Position 1: the registering authority.
USCC_AUTHORITIES = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalize_code(raw: str | None) -> str:
    """Strip all whitespace (including full-width spaces) and upper-case."""
    if raw is None:
        return ""
    return "".join(str(raw).split()).upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(raw: str | None) -> str:
    code = normalize_code(raw)
    if not code:
        raise ValidationError(_("统一社会信用代码不能为空"), code="required")
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)}, code="length")
    for pos, ch in enumerate(code, start=1):
        if ch not in USCC_VALUE:
            raise ValidationError(
                _("统一社会信用代码第%(pos)d位含非法字符“%(ch)s”（不可使用 I、O、S、V、Z 及符号）")
                % {"pos": pos, "ch": ch},
                code="charset",
            )
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第3至8位应为行政区划代码（6位数字）"), code="area")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验码错误：第18位应为 %(x)s，当前为 %(got)s")
            % {"x": expected, "got": code[17]},
            code="checksum",
        )
    return code


def is_valid_uscc(raw: str | None) -> bool:
    try:
        validate_uscc(raw)
    except ValidationError:
        return False
    return True


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(raw: str | None) -> str:
    code = normalize_code(raw)
    if not code:
        raise ValidationError(_("身份证号码不能为空"), code="required")
    if len(code) != 18:
        raise ValidationError(_("身份证号码应为18位，当前为%(n)d位") % {"n": len(code)}, code="length")
    for pos, ch in enumerate(code[:17], start=1):
        if not ch.isdigit() or not ch.isascii():
            raise ValidationError(
                _("身份证号码第%(pos)d位含非法字符“%(ch)s”（前17位应为数字）") % {"pos": pos, "ch": ch},
                code="charset",
            )
    if code[17] not in ID_CHECK:
        raise ValidationError(
            _("身份证号码第18位含非法字符“%(ch)s”（应为数字或 X）") % {"ch": code[17]}, code="charset"
        )
    month, day = int(code[10:12]), int(code[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValidationError(_("身份证号码第7至14位出生日期无效"), code="birthdate")
    expected = id_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("身份证号码校验码错误：第18位应为 %(x)s，当前为 %(got)s") % {"x": expected, "got": code[17]},
            code="checksum",
        )
    return code


def is_valid_id_number(raw: str | None) -> bool:
    try:
        validate_id_number(raw)
    except ValidationError:
        return False
    return True


MASK_CHAR = "*"


def mask_id_number(value: str | None) -> str:
    """An ID number as it may be shown: at most its first 4 and last 4 characters."""
    if not value:
        return ""
    value = "".join(str(value).split())
    if len(value) <= 8:
        # Too short to show 4 + 4 without revealing most of it.
        return MASK_CHAR * len(value)
    return value[:4] + MASK_CHAR * (len(value) - 8) + value[-4:]


def public_address(subject) -> str:
    """A subject's address as it may be shown: never a natural person's home address."""
    return "" if subject.is_person else subject.address


def make_uscc(authority: str, org_type: str, area_code: str, body9: str) -> str:
    """Build a valid USCC from its parts (used by the demo data generator and tests)."""
    first17 = f"{authority}{org_type}{area_code}{body9}"
    return first17 + uscc_check_char(first17)


def make_id_number(area_code: str, birth_yyyymmdd: str, seq3: str) -> str:
    first17 = f"{area_code}{birth_yyyymmdd}{seq3}"
    return first17 + id_check_char(first17)
