"""Formula injection through uploaded files and into public exports: the import error report
(XLSX) and the 信用公示 column CSV never hold a live formula, whatever the file contained."""

import csv
import io

import pytest
from openpyxl import Workbook

from records.ingest.fields import KIND_SPECS
from records.ingest.uploads import error_report, upload_stage, upload_step
from records.models import IngestBatch, Penalty
from tests import factories as f
from tests.records.exchange_factories import penalty_row
from tests.spreadsheet_checks import FORMULAS, csv_cells, live_in_csv, live_in_xlsx

pytestmark = pytest.mark.django_db

HEADERS = {fs.code: fs.header for fs in KIND_SPECS["penalty"].fields}
TEXT_FIELDS = ["cf_xdr_mc", "cf_wfxw", "cf_sy", "cf_nr", "cf_bz"]


def rows_with_formulas(dept):
    """One rejected row per formula (a wrong USCC) with the formula in every text column, and
    one accepted row holding the formulas too."""
    rows = []
    for formula in FORMULAS:
        row = penalty_row(dept, cf_xdr_shxym="91610000MA6TG8XX1A")
        row.update({code: formula for code in TEXT_FIELDS if code in HEADERS})
        rows.append(row)
    accepted = penalty_row(dept, cf_xdr_mc=FORMULAS[0], cf_sy=FORMULAS[1], cf_nr=FORMULAS[3])
    return [*rows, accepted]


def as_xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    codes = list(rows[0])
    sheet.append([HEADERS[c] for c in codes] + ['=HYPERLINK("http://evil.example")'])
    for row in rows:
        sheet.append([row.get(c, "") for c in codes])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(rows) -> bytes:
    out = io.StringIO()
    codes = list(rows[0])
    writer = csv.writer(out)
    writer.writerow([HEADERS[c] for c in codes] + ['=HYPERLINK("http://evil.example")'])
    for row in rows:
        writer.writerow([row.get(c, "") for c in codes])
    return out.getvalue().encode("utf-8")


def import_file(dept, filename, data) -> IngestBatch:
    batch, _ignored = upload_stage(department=dept, kind="penalty", user=None, filename=filename, data=data)
    while batch.status != IngestBatch.Status.DONE:
        batch = upload_step(batch.pk)
    return batch


@pytest.mark.parametrize("filename, build", [("处罚.xlsx", as_xlsx), ("处罚.csv", as_csv)])
def test_the_import_error_report_has_no_live_formula(filename, build):
    dept = f.department()
    batch = import_file(dept, filename, build(rows_with_formulas(dept)))
    # A formula cell of an .xlsx rejects its row too (the file's values are not trusted).
    assert batch.rejected_count >= len(FORMULAS)
    assert live_in_xlsx(error_report(batch)) == []


def test_the_column_csv_has_no_live_formula(client):
    dept = f.department()
    batch = import_file(dept, "处罚.csv", as_csv(rows_with_formulas(dept)))
    assert batch.created_count == 1 and Penalty.objects.filter(subject_name=FORMULAS[0]).exists()
    text = b"".join(client.get("/disclosure/penalty/export.csv").streaming_content).decode("utf-8-sig")
    assert "'" + FORMULAS[0] in csv_cells(text)
    assert live_in_csv(text) == []
