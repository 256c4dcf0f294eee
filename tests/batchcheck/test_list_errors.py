"""A list that cannot be checked as it is says which line is wrong, in Chinese, and issues nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from batchcheck.models import BatchCheck
from publicity.certificates.models import Certificate
from tests import factories as f
from tests.batchcheck.factories import PROJECT

pytestmark = pytest.mark.django_db


def post(client, **data):
    return client.post(reverse("batchcheck:home"), {"purpose": "bidding", "project": PROJECT, **data})


def errors(response) -> str:
    assert response.status_code == 400, response.status_code
    assert not BatchCheck.objects.exists() and not Certificate.objects.exists()
    return response.content.decode()


def test_more_than_500_bidders_names_the_line_of_the_501st(people):
    text = "投标人名称\n" + "\n".join(f"陕西第{i}建设有限公司" for i in range(1, 502))
    page = errors(post(people.client(people.operator), bidders=text))
    assert "第502行：名单最多500个主体，本行是第501个。请分批核查。" in page


def test_duplicates_do_not_count_towards_the_limit(people, settings):
    settings.BATCH_CHECK_MAX_ROWS = 3
    text = "\n".join(["甲公司", "乙公司", "甲公司", "丙公司", "乙公司"])
    assert post(people.client(people.operator), bidders=text).status_code == 302
    assert BatchCheck.objects.get().rows.count() == 3


def test_bad_codes_and_formulas_are_named_by_line(people):
    good = f.uscc()
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    text = "\n".join([good, bad_check, "91610100ABC", "陕西" + "很" * 200 + "公司"])
    page = errors(post(people.client(people.operator), bidders=text))
    assert f"第2行：统一社会信用代码“{bad_check}”有误：" in page and "校验" in page
    assert "第3行：“91610100ABC”不是18位统一社会信用代码（当前11位），请核对。" in page
    assert "第4行：名称超过200个字" in page


def test_an_empty_list_and_a_missing_project_are_refused(people):
    client = people.client(people.operator)
    page = errors(client.post(reverse("batchcheck:home"), {"purpose": "bidding", "bidders": "\n\n"}))
    assert "请粘贴投标人名单，或上传名单文件" in page and "请填写项目名称或招标编号" in page


def test_an_xlsx_with_a_header_and_a_formula_cell(people):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "投标人名称", "统一社会信用代码"])
    subject = f.subject(name="陕西表格建设有限公司")
    ws.append([1, subject.name, subject.uscc])
    ws.append([2, "=A1", None])
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("投标人.xlsx", out.getvalue())
    page = errors(post(people.client(people.operator), file=upload))
    assert "第3行：单元格是公式" in page


def test_an_xlsx_list_is_read_by_code_or_name(people):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "投标人名称", "统一社会信用代码"])
    by_code = f.subject(name="陕西表格建设有限公司")
    by_name = f.subject(name="陕西名称建设有限公司")
    ws.append([1, by_code.name, by_code.uscc])
    ws.append([2, by_name.name, None])
    out = io.BytesIO()
    wb.save(out)
    response = post(people.client(people.operator), file=SimpleUploadedFile("投标人.xlsx", out.getvalue()))
    assert response.status_code == 302
    rows = list(BatchCheck.objects.get().rows.order_by("position"))
    assert [(r.query, r.lines, r.subject_id) for r in rows] == [
        (by_code.uscc, [2], by_code.pk),
        (by_name.name, [3], by_name.pk),
    ]
    check = BatchCheck.objects.get()
    assert check.source == "投标人.xlsx" and Certificate.objects.count() == 2


def test_a_gbk_csv_list(people):
    subject = f.subject(name="陕西逗号建设有限公司")
    data = f"投标人名称,统一社会信用代码\n{subject.name},\n".encode("gbk")
    response = post(people.client(people.operator), file=SimpleUploadedFile("名单.csv", data))
    assert response.status_code == 302
    assert BatchCheck.objects.get().rows.get().subject == subject


def test_an_old_xls_file_is_refused_with_what_to_do(people):
    page = errors(
        post(people.client(people.operator), file=SimpleUploadedFile("名单.xls", b"\xd0\xcf\x11\xe0"))
    )
    assert "不支持旧版 .xls 文件" in page
