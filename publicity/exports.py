"""CSV export of a 信用公示 column: the filtered rows, streamed, bounded, Excel-friendly.

UTF-8 with a byte-order mark so Excel opens Chinese text correctly; at most
settings.PUBLICITY_CSV_MAX_ROWS rows (newest first, the same order as the page); every value
goes through publicity.fields (masking included) and portal.spreadsheets.neutralise (a value a
spreadsheet would read as a formula gets a leading apostrophe).
"""

import csv
from collections.abc import Iterator

from django.conf import settings

from portal.spreadsheets import neutralise_row
from publicity.columns import DisclosureColumn
from publicity.fields import public_fields, public_value

BOM = "\ufeff"
CHUNK_ROWS = 500


class _Line:
    """A file-like object whose write() returns what was written (csv.writer → generator)."""

    def write(self, value):
        return value


def max_rows() -> int:
    return settings.PUBLICITY_CSV_MAX_ROWS


def csv_rows(column: DisclosureColumn, queryset) -> Iterator[str]:
    """The lines of the CSV file for the (already filtered and ordered) queryset."""
    fields = public_fields(column.kind)
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(neutralise_row(f.label_for(column.model) for f in fields))
    for record in queryset[: max_rows()].iterator(chunk_size=CHUNK_ROWS):
        yield writer.writerow(neutralise_row(public_value(record, f.name) for f in fields))
