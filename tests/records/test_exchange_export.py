"""The incremental export to 信用中国 (records.services.exchange): a month of records goes out in
the national layout and comes back through the portal's own import unchanged; the next export
carries only what changed since, withdrawals and repairs in their own file; the log lists every
run; 信用办管理员 runs it, 审计员 reads it, a department operator cannot."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from records import models as m
from records.ingest.fields import KIND_SPECS
from records.ingest.uploads import upload_stage, upload_step
from records.services import exchange
from records.services.exchange import ExportBusy, export_run, record_row
from records.services.propagation import delta_add
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _exchange(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CHANGES_FEED_LAG_SECONDS = 0


def read_rows(export, which="file") -> list[dict]:
    stored = getattr(export, which)
    data = stored.open("rb").read()
    if stored.name.endswith(".xlsx"):
        values = [list(r) for r in load_workbook(io.BytesIO(data), read_only=True).worksheets[0].values]
    else:
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
        values = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    headers, *rows = values
    return [dict(zip(headers, row, strict=True)) for row in rows]


def a_month(dept) -> dict:
    """Thirty days of 行政许可 and 行政处罚 and a few list entries, from companies, an individual
    business and a natural person."""
    today = timezone.localdate()
    company = f.subject("陕西秦川建设工程有限公司")
    shop = f.subject("未央区老孙家凉皮店", kind=m.Subject.Kind.INDIVIDUAL_BUSINESS)
    person = f.subject("张建国", kind=m.Subject.Kind.PERSON)
    made = {"permit": [], "penalty": [], "list_entry": []}
    for day in range(30):
        on = today - datetime.timedelta(days=day + 1)
        who = (company, shop, person)[day % 3]
        made["permit"].append(f.permit(who, dept, decision_date=on, certificate_name="食品经营许可证"))
        made["penalty"].append(
            f.penalty(
                who,
                dept,
                decision_date=on,
                categories="警告;罚款",
                fine_amount=Decimal("1.5"),
                remarks="=备注",
            )
        )
    for day in range(0, 30, 10):
        made["list_entry"].append(
            f.list_entry(company, dept, decision_date=today - datetime.timedelta(days=day + 1))
        )
    return made


def import_back(dept, export) -> m.IngestBatch:
    """The file through the upload service, as a department would hand it in."""
    data = export.file.open("rb").read()
    batch, ignored = upload_stage(
        department=dept, kind=None, user=None, filename=export.file.name.rsplit("/", 1)[-1], data=data
    )
    assert ignored == []
    while batch.status != m.IngestBatch.Status.DONE:
        batch = upload_step(batch.pk)
    return batch


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_month_round_trips_through_the_portal_import(people, fmt):
    made = a_month(people.market)
    exports = {kind: export_run(kind, user=people.office_admin, fmt=fmt) for kind in made}
    before = {
        kind: sorted(tuple(record_row(KIND_SPECS[kind], r)) for r in RECORD_MODEL[kind].objects.all())
        for kind in made
    }
    for kind, export in exports.items():
        assert export.row_count == len(made[kind])
        headers = list(read_rows(export)[0])
        assert headers == [fld.code for fld in KIND_SPECS[kind].fields]  # the national column codes
    penalty_file = read_rows(exports["penalty"])
    person_row = next(r for r in penalty_file if r["cf_xdr_lb"] == "自然人")
    assert (
        person_row["cf_xdr_zjhm"] == m.Subject.objects.get(kind="person").id_number
    )  # in full, for 信用中国
    assert person_row["cf_xdr_zjlx"] == "身份证"
    assert {r["bz"] for r in penalty_file} == {"'=备注"}  # formula-neutralised

    # A fresh store: the department's records and subjects are gone, then its file comes back.
    for kind in made:
        RECORD_MODEL[kind].objects.all().delete()
    m.Subject.objects.all().delete()
    for kind in ("permit", "list_entry", "penalty"):
        batch = import_back(people.market, exports[kind])
        assert (batch.created_count, batch.rejected_count) == (len(made[kind]), 0), batch.errors

    for kind in made:
        after = sorted(tuple(record_row(KIND_SPECS[kind], r)) for r in RECORD_MODEL[kind].objects.all())
        # The neutralised remark comes back with its apostrophe: the one visible difference.
        if kind == "penalty":
            after = [tuple("=备注" if v == "'=备注" else v for v in row) for row in after]
        assert after == before[kind]
    assert m.Subject.objects.filter(kind="person").count() == 1


RECORD_MODEL = {"permit": m.Permit, "penalty": m.Penalty, "list_entry": m.ListEntry}


def test_the_second_export_holds_only_what_changed_and_the_log_lists_both(people):
    made = a_month(people.market)
    first = export_run("penalty", user=people.office_admin)
    assert (first.row_count, first.withdrawal_count, first.previous) == (30, 0, None)

    corrected, withdrawn, repaired = made["penalty"][:3]
    corrected.content = "罚款人民币1.5万元（更正）"
    corrected.save()
    withdrawn.set_status(m.RecordStatus.WITHDRAWN, "决定被撤销")
    withdrawn.save()
    repaired.set_status(m.RecordStatus.REPAIRED, "信用修复")
    repaired.save()
    delta_add(repaired, m.RecordDelta.Op.DEL, "已信用修复，停止公示")
    new = f.penalty(f.subject("西安新开张商贸有限公司"), people.market)
    f.penalty(f.subject("西安草稿商贸有限公司"), people.market, status=m.RecordStatus.DRAFT)  # never approved

    second = export_run("penalty", user=people.office_admin)
    assert second.previous == first and second.since == first.until
    rows = read_rows(second)
    assert sorted(r["cf_wsh"] for r in rows) == sorted([corrected.document_number, new.document_number])
    assert (
        next(r for r in rows if r["cf_wsh"] == corrected.document_number)["cf_nr"]
        == "罚款人民币1.5万元（更正）"
    )
    gone = {r["文书号"]: r for r in read_rows(second, "withdrawals_file")}
    assert set(gone) == {withdrawn.document_number, repaired.document_number}
    assert gone[repaired.document_number]["原因"] == "已信用修复，停止公示"  # from the repair feed
    assert gone[withdrawn.document_number]["原因"] == "已撤销：决定被撤销"
    assert {r["操作"] for r in gone.values()} == {"DEL"}

    third = export_run("penalty")
    assert (third.row_count, third.withdrawal_count) == (0, 0)
    assert list(m.ExchangeExport.objects.filter(kind="penalty").order_by("id")) == [first, second, third]
    entries = m.AuditEntry.objects.filter(
        action=m.AuditEntry.Action.EXPORT, content_type__model="exchangeexport"
    )
    assert entries.count() == 3
    assert "公示记录 30 条" in entries.get(object_id=str(first.pk)).reason


def test_the_command_exports_the_two_lists_and_the_lists_by_default(people):
    a_month(people.market)
    out = io.StringIO()
    call_command("export_xinyongzhongguo", "--format", "xlsx", stdout=out)
    assert sorted(m.ExchangeExport.objects.values_list("kind", flat=True)) == [
        "list_entry",
        "penalty",
        "permit",
    ]
    assert "行政处罚：公示记录 30 条" in out.getvalue()
    entry = m.AuditEntry.objects.filter(action=m.AuditEntry.Action.EXPORT).first()
    assert entry.channel == m.AuditEntry.Channel.COMMAND


def test_the_office_admin_exports_and_downloads_the_auditor_reads_an_operator_cannot(people):
    a_month(people.market)
    office = people.client(people.office_admin)
    page = office.get(reverse("admin:records_exchangeexport_run"))
    assert page.status_code == 200 and "向信用中国导出" in page.content.decode()
    response = office.post(reverse("admin:records_exchangeexport_run"), {"kind": "penalty", "format": "csv"})
    assert response.status_code == 302
    export = m.ExchangeExport.objects.get()
    assert (export.kind, export.row_count, export.created_by) == ("penalty", 30, people.office_admin)
    listing = office.get(reverse("admin:records_exchangeexport_changelist")).content.decode()
    assert "行政处罚" in listing
    download = reverse("admin:records_exchangeexport_download", args=[export.pk, "records"])

    auditor = people.client(people.auditor)
    assert auditor.get(reverse("admin:records_exchangeexport_changelist")).status_code == 200
    got = auditor.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"\xef\xbb\xbf")
    assert auditor.get(reverse("admin:records_exchangeexport_run")).status_code == 403
    assert (
        auditor.post(
            reverse("admin:records_exchangeexport_run"), {"kind": "permit", "format": "csv"}
        ).status_code
        == 403
    )
    assert m.AuditEntry.objects.filter(actor=people.auditor, action=m.AuditEntry.Action.EXPORT).count() == 1

    operator = people.client(people.operator)
    for url in (reverse("admin:records_exchangeexport_run"), download):
        assert operator.get(url).status_code == 403
    assert (
        operator.post(
            reverse("admin:records_exchangeexport_run"), {"kind": "permit", "format": "csv"}
        ).status_code
        == 403
    )
    assert operator.get(reverse("admin:records_exchangeexport_changelist")).status_code == 403
    assert m.ExchangeExport.objects.count() == 1


def test_two_runs_from_the_same_point_keep_one_chain(people, monkeypatch, settings):
    a_month(people.market)
    first = export_run("penalty", user=people.office_admin)
    # A second run that read the log before the first one saved starts from the same point.
    monkeypatch.setattr(exchange, "last_export", lambda kind: None)
    with pytest.raises(ExportBusy):
        export_run("penalty", user=people.office_admin)
    assert list(m.ExchangeExport.objects.all()) == [first]
    stored = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.csv"))
    assert stored == [first.file.name.rsplit("/", 1)[-1]]  # the loser's file is gone
