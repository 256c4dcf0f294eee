"""A procurement official checks the 30 bidders of a tender at once: one table, 28 signed
certificates that verify, 28 query-log rows, the results as XLSX and the PDFs as one ZIP."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from batchcheck.models import BatchCheck, BatchCheckRow
from publicity.certificates.models import Certificate
from publicity.certificates.services import certificate_check_upload
from tests.batchcheck.factories import PROJECT, SHARED, UNKNOWN, tender
from tests.publicity.certificates.pdftools import pdf_text

pytestmark = pytest.mark.django_db


def submit(client, text, **extra):
    data = {"purpose": "bidding", "project": PROJECT, "bidders": text, **extra}
    return client.post(reverse("batchcheck:home"), data)


def test_thirty_bidders_give_one_table_and_28_certificates_that_verify(people):
    story = tender(people.market)
    client = people.client(people.operator)

    response = submit(client, "序号\t投标人\n" + story.text())
    assert response.status_code == 302, response.content.decode()[:3000]
    check = BatchCheck.objects.get()
    assert response["Location"] == reverse("batchcheck:detail", args=[check.pk])
    # The tests' task backend runs the work at once; in production the worker does.
    assert (check.status, check.total_rows, check.processed_rows) == ("done", 28, 28)

    rows = list(check.rows.order_by("position"))
    assert len(rows) == 30
    assert [r.query for r in rows] == [
        line.upper() if len(line) == 18 and line.isascii() else line for line in story.lines
    ]
    by_query = {r.query: r for r in rows}
    assert by_query[UNKNOWN].outcome == BatchCheckRow.Outcome.NOT_FOUND
    ambiguous = by_query[SHARED]
    assert ambiguous.outcome == BatchCheckRow.Outcome.AMBIGUOUS and ambiguous.certificate is None
    assert sorted(c["code"] for c in ambiguous.candidates) == sorted(s.uscc for s in story.shared)
    found = [r for r in rows if r.outcome == BatchCheckRow.Outcome.FOUND]
    assert [r.subject_id for r in found] == [s.pk for s in story.found]
    # Line numbers are the pasted lines (the header is line 1).
    assert by_query[UNKNOWN].lines == [12]

    black = by_query[story.black.uscc].summary
    assert (
        black["black"] == ["严重违法失信名单"] and black["measures"][0]["name"] == "依法限制参与政府采购活动"
    )
    busy = by_query[story.busy.uscc].summary
    assert busy["penalties"] == 2 and len(busy["abnormal"]) == 1 and busy["red"] == ["A级纳税人"]
    assert busy["commitments"][0]["type"] == "审批替代型" and busy["ratings"][0]["grade"] == "A"
    clean = found[5].summary
    assert (clean["black"], clean["red"], clean["penalties"], clean["abnormal"]) == ([], [], 0, [])

    # Every certificate is logged exactly like a single one, with purpose and department.
    log = Certificate.objects.filter(
        purpose="bidding",
        purpose_detail=PROJECT,
        department=people.market,
        requester_org=people.market.name,
        requested_by=people.operator,
        requester_kind="staff",
    )
    assert log.count() == 28 == Certificate.objects.count()
    assert sorted(log.values_list("subject_id", flat=True)) == sorted(s.pk for s in story.found)
    for row in found:
        with row.pdf.open("rb") as stored:  # the media storage (MEDIA_ROOT here)
            check_result = certificate_check_upload(stored.read(), expected=row.certificate)
        assert check_result.genuine, (row.query, check_result.message)
    verify = client.get(reverse("certificates:detail", args=[found[0].certificate.number]))
    assert verify.status_code == 200 and "招标投标" in verify.content.decode()

    page = client.get(reverse("batchcheck:detail", args=[check.pk])).content.decode()
    assert UNKNOWN in page and "未找到" in page and "同名主体多个" in page
    for s in story.shared:
        assert s.uscc in page
    assert "依法限制参与政府采购活动" in page and "列入经营异常名录（1条）" in page
    assert story.person.id_number not in page and story.person.id_number[-4:] in page

    # The results as XLSX: the title rows, a header, then one row per bidder.
    xlsx = client.get(reverse("batchcheck:xlsx", args=[check.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][3] == PROJECT and values[2][1] == people.market.name
    header, table = values[4], values[5:]
    assert header[:4] == ("序号", "名单行号", "填报内容", "核查结果") and len(table) == 30
    assert [r[2] for r in table] == [r.query for r in rows]
    assert table[by_query[UNKNOWN].position - 1][3] == "未找到"
    assert all(s.uscc in table[ambiguous.position - 1][3] for s in story.shared)
    busy_row = table[by_query[story.busy.uscc].position - 1]
    assert busy_row[9] == 2 and busy_row[12] == by_query[story.busy.uscc].certificate.number
    flat = "".join(str(v) for r in values for v in r if v is not None)
    assert story.person.id_number not in flat

    # One ZIP of the 28 PDFs, each the signed original naming its subject.
    archive = client.get(reverse("batchcheck:zip", args=[check.pk]))
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        names = z.namelist()
        assert len(names) == 28 and all(n.endswith(".pdf") for n in names)
        for name, row in zip(sorted(names), found, strict=True):
            data = z.read(name)
            assert row.certificate.number in name
            assert certificate_check_upload(data).genuine
            text = pdf_text(data)
            assert row.subject_name in text
            assert story.person.id_number not in text


def test_a_bidder_listed_twice_is_checked_once(people):
    story = tender(people.market)
    first, second = story.found[0], story.found[25]
    text = "\n".join([first.uscc, second.name, first.uscc.lower(), second.uscc, UNKNOWN, UNKNOWN])
    assert submit(people.client(people.operator), text).status_code == 302
    check = BatchCheck.objects.get()
    rows = list(check.rows.order_by("position"))
    assert [(r.query, r.lines) for r in rows] == [
        (first.uscc, [1, 3]),
        (second.name, [2, 4]),
        (UNKNOWN, [5, 6]),
    ]
    assert all(r.note for r in rows)
    assert Certificate.objects.count() == 2 == check.total_rows
