"""Finding personal data in a text staff are about to make public (典型案例 and the like).

One function, `find_personal_data`, says what a text holds: ID numbers (18 digits with a valid
or an invalid check character, or the old 15 digits), mobile and landline phone numbers, and
the names and addresses of the people the text must not identify. Callers refuse the text and
show `describe(...)`, which names in Chinese what was found (never the value itself).

Full-width digits and spaces or hyphens inside a number do not hide it: the text is NFKC-
normalised first, and the patterns allow one separator between digits.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from records.codes import is_valid_uscc

# No digit or Latin letter right before or after: a number inside a longer code is not a match.
_START = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
_SEP = r"[ \-]?"

ID_18 = re.compile(_START + r"\d(?:" + _SEP + r"\d){16}" + _SEP + r"[\dXx]" + _END)
ID_15 = re.compile(_START + r"\d(?:" + _SEP + r"\d){14}" + _END)
MOBILE = re.compile(_START + r"(?:(?:\+|00)?86" + _SEP + r")?1[3-9]\d(?:" + _SEP + r"\d){8}" + _END)
# Area code 0xx / 0xxx (optionally in brackets) and a 7- or 8-digit number not starting with 0/1.
LANDLINE = re.compile(
    _START
    + r"(?:\(0\d{2,3}\)|0\d{2,3}"
    + _SEP
    + r")"
    + r"[2-9]\d{2,3}"
    + _SEP
    + r"\d{4}"
    + r"(?:-\d{1,5})?"
    + _END
)
# A local number without its area code, told by the word in front of it.
LOCAL_PHONE = re.compile(
    r"(?:电话|座机|固话|联系方式|手机|热线)[^0-9]{0,6}?" + r"[2-9]\d{2,3}" + _SEP + r"\d{4}" + _END
)

# Administrative divisions at the head of an address; what follows (road, number, flat) is the
# part that identifies a home.
_ADDRESS_HEAD = re.compile(
    r"^(?:.{1,10}?(?:省|自治区))?(?:.{1,10}?(?:市|州|盟|地区))?(?:.{1,10}?(?:区|县|旗|市))?"
)
_MIN_ADDRESS_TAIL = 4


@dataclass(frozen=True)
class Finding:
    kind: str  # id_number, mobile, landline, name, address, email
    label: str  # Chinese, for the message


def _labels():
    return {
        "id_number": _("身份证号码"),
        "mobile": _("手机号码"),
        "landline": _("固定电话号码"),
        "name": _("投诉举报人姓名"),
        "address": _("投诉举报人地址"),
        "email": _("投诉举报人电子邮箱"),
    }


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _compact(text: str) -> str:
    return "".join(_normalise(text).split())


def _digits(match: str) -> str:
    return re.sub(r"[ \-()]", "", match)


def _has_birth_date(code: str) -> bool:
    """Positions 7-14 of an 18-digit ID are the birth date YYYYMMDD."""
    year, month, day = int(code[6:10]), int(code[10:12]), int(code[12:14])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _is_company_code(code: str) -> bool:
    """An all-digit 统一社会信用代码 of a company, which is public: a valid USCC whose digits do not
    also read as a person's birth date. Anything else of 18 digits is taken for an ID number."""
    return len(code) == 18 and is_valid_uscc(code) and not _has_birth_date(code)


def _address_parts(address: str) -> list[str]:
    address = _compact(address)
    if not address:
        return []
    parts = [address]
    tail = address[_ADDRESS_HEAD.match(address).end() :]
    if len(tail) >= _MIN_ADDRESS_TAIL and tail != address:
        parts.append(tail)
    return parts


def find_personal_data(text: str, *, names=(), addresses=(), emails=()) -> list[Finding]:
    """What personal data `text` holds, one Finding per kind, in a fixed order.

    `names`, `addresses` and `emails` are the values of the people the text must not name
    (e.g. the complainant); blank values are ignored. Matching ignores spaces and width.
    """
    normal = _normalise(text)
    compact = _compact(text)
    found = set()
    id_spans = []
    for pattern in (ID_18, ID_15):
        for m in pattern.finditer(normal):
            if _is_company_code(_digits(m.group()).upper()):
                continue
            id_spans.append(m.span())
            found.add("id_number")

    def outside_ids(m):
        return not any(a <= m.start() and m.end() <= b for a, b in id_spans)

    if any(outside_ids(m) for m in MOBILE.finditer(normal)):
        found.add("mobile")
    if any(outside_ids(m) for m in LANDLINE.finditer(normal)) or LOCAL_PHONE.search(normal):
        found.add("landline")
    if any(len(_compact(name)) >= 2 and _compact(name) in compact for name in names):
        found.add("name")
    if any(part in compact for address in addresses for part in _address_parts(address)):
        found.add("address")
    if any(email and _compact(email).lower() in compact.lower() for email in emails):
        found.add("email")
    labels = _labels()
    return [Finding(kind, labels[kind]) for kind in labels if kind in found]


def describe(findings: list[Finding]) -> str:
    """ "含有身份证号码、手机号码" - the message part naming what was found."""
    return _("含有%(what)s") % {"what": "、".join(f.label for f in findings)}


def mask_email(email: str) -> str:
    """z***@example.com: enough for the owner to recognise, nothing for anyone else."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
