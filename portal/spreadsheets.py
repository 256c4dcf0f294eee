"""Cells a spreadsheet shows and never runs: the one defence against formula injection.

Every CSV and XLSX the portal writes (public column exports, the staff query log, import error
reports) passes each cell through `neutralise`. A text starting with = + - @ (a formula in
Excel, WPS and LibreOffice), or with a tab or carriage return (which some of them strip before
reading the rest as a formula), gets a leading apostrophe: the cell reads as text, showing the
value as typed. Numbers, dates and empty cells pass unchanged, so they stay numbers and dates.

It lives in `portal` so that `records` (import reports) and `publicity` (exports) both use it.
"""

from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell value, made inert when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_row(values: Iterable) -> list:
    return [neutralise(v) for v in values]
