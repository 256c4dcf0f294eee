"""Masking of personal data, in one place.

An ID number shows at most its first 4 and last 4 characters; natural persons' phone numbers
and home addresses are never shown.
"""

# The ID number and address rules are defined beside the ID number itself (records.codes), so
# staff pages and the government APIs in records mask with the very same rules; publicity
# re-exports them for every public output.
from records.codes import MASK_CHAR, mask_id_number, public_address

__all__ = ["MASK_CHAR", "mask_id_number", "mask_name", "public_address"]


def mask_name(value: str | None) -> str:
    """A complainant's or person's name for a public text: 张三 -> 张*."""
    if not value:
        return ""
    return value[0] + MASK_CHAR * (len(value) - 1)
