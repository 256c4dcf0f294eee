"""Masking of personal data, in one place.

An ID number shows at most its first 4 and last 4 characters; natural persons' phone numbers
and home addresses are never shown.
"""

MASK_CHAR = "*"


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    value = "".join(str(value).split())
    if len(value) <= 8:
        # Too short to show 4 + 4 without revealing most of it.
        return MASK_CHAR * len(value)
    return value[:4] + MASK_CHAR * (len(value) - 8) + value[-4:]


def mask_name(value: str | None) -> str:
    """A complainant's or person's name for a public text: 张三 -> 张*."""
    if not value:
        return ""
    return value[0] + MASK_CHAR * (len(value) - 1)


def public_address(subject) -> str:
    return "" if subject.is_person else subject.address


def public_phone(subject) -> str:
    return "" if subject.is_person else subject.phone
