"""File import as a department operator uses it: template, upload page with progress, error
report; and the import_records command. Same upsert as the API."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from records.ingest.fields import KIND_SPECS
from records.ingest.files import template_workbook
from records.models import IngestBatch, Penalty, Permit
from tests.records.exchange_factories import penalty_row, permit_row

pytestmark = pytest.mark.django_db

HEADERS = {f.code: f.header for f in KIND_SPECS["penalty"].fields}


@pytest.fixture
def dept(people):
    return people.market


@pytest.fixture
def operator(people):
    """王市监, 部门填报员 of 西安市市场监督管理局, with the role as shipped."""
    return people.operator


@pytest.fixture
def client(operator):
    c = Client()
    c.force_login(operator)
    return c


def csv_bytes(rows, encoding="gbk", codes=False) -> bytes:
    out = io.StringIO()
    fields = list(rows[0])
    writer = csv.writer(out)
    writer.writerow(fields if codes else [HEADERS[c] for c in fields])
    for row in rows:
        writer.writerow([row.get(c, "") for c in fields])
    return out.getvalue().encode(encoding)


def xlsx_from_template(kind, rows) -> bytes:
    wb = load_workbook(io.BytesIO(template_workbook(kind)))
    ws = wb.worksheets[0]
    codes = [fs.code for fs in KIND_SPECS[kind].fields]
    for r, row in enumerate(rows, start=2):
        for c, code in enumerate(codes, start=1):
            if code in row:
                ws.cell(row=r, column=c, value=row[code])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, dept, name, data, kind=""):
    file = io.BytesIO(data)
    file.name = name
    return client.post("/records/import/", {"department": dept.pk, "kind": kind, "file": file})


def run_to_end(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = response["Location"]
    pk = int(re.search(r"/(\d+)/$", detail).group(1))
    for _ in range(50):
        progress = client.post(f"/records/import/{pk}/step/", HTTP_ACCEPT="application/json").json()
        if progress["status"] == "done":
            break
    return IngestBatch.objects.get(pk=pk), progress, detail


def test_gbk_csv_imports(client, dept):
    rows = [penalty_row(dept) for _ in range(3)]
    batch, progress, _url = run_to_end(client, upload(client, dept, "处罚.csv", csv_bytes(rows, "gbk")))
    assert (batch.kind, batch.created_count, progress["percent"]) == ("penalty", 3, 100)
    assert sorted(Penalty.objects.values_list("subject_name", flat=True)) == sorted(
        r["cf_xdr_mc"] for r in rows
    )


def test_pinyin_code_headers_and_utf8_bom(client, dept):
    rows = [permit_row(dept) for _ in range(2)]
    data = b"\xef\xbb\xbf" + csv_bytes(rows, "utf-8", codes=True)
    batch, _p, _u = run_to_end(client, upload(client, dept, "permits.csv", data))
    assert batch.kind == "permit" and Permit.objects.count() == 2


def test_national_template_xlsx_with_good_and_bad_rows(client, dept):
    rows = [penalty_row(dept) for _ in range(4)]
    rows[1]["cf_xdr_shxym"] = "91610000MA6TG8XX1A"  # wrong check character
    rows[3]["cf_jdrq"] = "2026-02-30"
    data = xlsx_from_template("penalty", rows)
    batch, progress, detail = run_to_end(client, upload(client, dept, "处罚.xlsx", data, kind="penalty"))
    assert (batch.created_count, batch.rejected_count) == (2, 2)
    assert progress["rejected"] == 2

    page = client.get(detail).content.decode()
    assert "下载错误报告" in page and "校验码" in page and "2026-02-30" in page

    report = client.get(f"/records/import/{batch.pk}/errors.xlsx")
    assert report.status_code == 200
    ws = load_workbook(io.BytesIO(report.content)).worksheets[0]
    table = list(ws.iter_rows(values_only=True))
    assert table[0][:2] == ("原文件行号", "错误原因")
    assert [r[0] for r in table[1:]] == [3, 5]  # header is line 1; data starts on line 2
    assert "C列" in table[1][1] and "校验码" in table[1][1]
    assert "处罚决定日期" in table[2][1]
    header = list(table[0])
    assert table[1][header.index("行政处罚决定书文号")] == rows[1]["cf_wsh"]


def test_formula_cell_rejects_its_row_and_title_row_is_skipped(client, dept):
    wb = Workbook()
    ws = wb.active
    codes = list(penalty_row(dept))
    ws.append(["行政处罚信息公示表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(codes))
    ws.append([HEADERS[c] for c in codes])
    good, bad = penalty_row(dept), penalty_row(dept)
    ws.append([good[c] for c in codes])
    ws.append([bad[c] if c != "cf_nr_fk" else "=1+1" for c in codes])
    out = io.BytesIO()
    wb.save(out)
    batch, _p, detail = run_to_end(client, upload(client, dept, "处罚.xlsx", out.getvalue()))
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert "公式" in client.get(detail).content.decode()


def test_merged_header_is_refused_with_a_clear_message(client, dept):
    wb = Workbook()
    ws = wb.active
    ws.append([HEADERS[c] for c in penalty_row(dept)])
    ws.merge_cells("A1:B1")
    out = io.BytesIO()
    wb.save(out)
    page = upload(client, dept, "处罚.xlsx", out.getvalue()).content.decode()
    assert "合并单元格" in page and "A1:B1" in page
    assert IngestBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("处罚.xlsx", b"not a zip at all", "不是有效的 .xlsx"),
        ("处罚.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("处罚.csv", "甲,乙,丙\n1,2,3\n".encode("gbk"), "未找到表头"),
        ("处罚.csv", "行政处罚决定书文号,违法行为类型,违法事实\n1,2,3\n".encode(), "缺少必填列"),
    ],
)
def test_bad_files_get_clear_messages(client, dept, name, data, words):
    response = upload(client, dept, name, data)
    assert response.status_code == 200 and words in response.content.decode()


def test_oversized_upload_is_refused_before_reading(client, dept, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = upload(client, dept, "big.csv", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413 and "文件过大" in response.content.decode()


def test_template_download_has_national_headers(client):
    response = client.get("/records/import/template/penalty.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:3] == ["行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）"]
    assert "行政处罚决定书文号" in headers and "罚款金额（万元）" in headers
    assert wb.sheetnames == ["行政处罚", "填写说明"]
    assert client.get("/records/import/template/nope.xlsx").status_code == 404


def test_pages_need_a_staff_login_with_import_permission(people):
    anonymous = Client()
    assert anonymous.get("/records/import/").status_code == 302
    assert people.client(people.outsider).get("/records/import/").status_code == 403


def test_operator_without_department_sees_no_department(people, dept):
    c = people.client(people.newcomer)
    page = c.get("/records/import/").content.decode()
    assert "尚未关联报送部门" in page
    response = upload(c, dept, "x.csv", csv_bytes([penalty_row(dept)]))
    assert response.status_code == 200 and IngestBatch.objects.count() == 0


def test_import_records_command(dept, tmp_path):
    rows = [penalty_row(dept) for _ in range(5)]
    rows[2]["cf_cflb"] = ""
    path = tmp_path / "处罚.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    out = io.StringIO()
    call_command("import_records", str(path), "--department", dept.uscc, "--chunk", "2", stdout=out)
    text = out.getvalue()
    assert "已处理 2" in text and "新增 4" in text and "拒收 1" in text
    assert Penalty.objects.count() == 4
    report = tmp_path / "处罚-错误报告.xlsx"
    assert report.exists()
    table = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert table[1][0] == 4 and "处罚类别" in table[1][1]
    batch = IngestBatch.objects.get()
    assert (batch.source, batch.status, batch.total_rows) == ("command", "done", 5)

    again = io.StringIO()
    call_command("import_records", str(path), "--department", dept.uscc, "--quiet", stdout=again)
    assert "未变化 4" in again.getvalue() and Penalty.objects.count() == 4


def test_xlsx_that_unpacks_too_large_is_refused(client, dept, monkeypatch):
    from records.ingest import files

    monkeypatch.setattr(files, "MAX_XLSX_UNPACKED", 10_000)
    page = upload(
        client, dept, "处罚.xlsx", xlsx_from_template("penalty", [penalty_row(dept)])
    ).content.decode()
    assert "解压后过大" in page and IngestBatch.objects.count() == 0


def test_a_document_number_repeated_in_a_later_step_is_refused_in_its_column(client, dept, settings):
    settings.IMPORT_STEP_ROWS = 2  # the repeat lands in another step than the first
    rows = [penalty_row(dept) for _ in range(5)]
    rows[4]["cf_wsh"] = rows[0]["cf_wsh"]
    batch, _progress, detail = run_to_end(client, upload(client, dept, "处罚.csv", csv_bytes(rows)))
    assert (batch.created_count, batch.rejected_count) == (4, 1)
    page = client.get(detail).content.decode()
    # Line 6 of the file (line 1 is the header) repeats line 2, and the error names the column.
    assert "第2行" in page and "行政处罚决定书文号" in page
    report = load_workbook(io.BytesIO(client.get(f"/records/import/{batch.pk}/errors.xlsx").content))
    text = " ".join(str(c.value) for row in report.worksheets[0].iter_rows() for c in row if c.value)
    assert re.search(
        r"\[[A-Z]+列 行政处罚决定书文号\] 行政处罚决定书文号：文书号“[^”]+”在本批次中重复出现（首次出现于第2行）",
        text,
    )
