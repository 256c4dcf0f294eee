"""The XLSX laid out as the seed's table: one row per unit, a 合计 row with the right totals."""

from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from creditstats.figures import COLUMNS
from tests.creditstats.demo import EXPECTED

pytestmark = pytest.mark.django_db
URL = "/admin/creditstats/monthlysnapshot/export/?month=2026-10"


def sheet_rows(ws):
    header = [c.value for c in ws[3]]
    return header, [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def test_one_row_per_unit_and_the_total(month_data, people):
    call_command("monthly_statistics", "2026-10")
    response = people.client(people.office_admin).get(URL)
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["各地区", "各部门"]
    ws = wb["各地区"]
    assert "信用信息共享共用重点工作进展情况统计表" in ws["A1"].value
    header, rows = sheet_rows(ws)
    assert header[1:] == [str(c.label) for c in COLUMNS]
    assert len(rows) == 14 and rows[-1][0] == "合计"
    names = [r[0] for r in rows[:-1]]
    assert names[0] == "陕西省" and "杨凌示范区" in names and "韩城市" in names
    column = {key.key: n + 1 for n, key in enumerate(COLUMNS)}
    by_name = {r[0]: r for r in rows}
    assert by_name["西安市"][column["reported_permit"]] == EXPECTED["610100"]["reported_permit"]
    assert by_name["宝鸡市"][column["list_removed"]] == 1
    assert by_name["陕西省"][column["complaints_received"]] == 2
    for key, n in column.items():
        if key != "on_time_rate":
            assert rows[-1][n] == sum(r[n] for r in rows[:-1]), key
    assert rows[-1][column["reported_total"]] == 10
    assert rows[-1][column["on_time_rate"]] == 0.625


def test_the_department_sheet_sums_to_the_same_total(month_data, people):
    response = people.client(people.auditor).get(URL)
    wb = load_workbook(BytesIO(response.content))
    _header, units = sheet_rows(wb["各地区"])
    _header, departments = sheet_rows(wb["各部门"])
    assert departments[-1][0] == "合计"
    assert departments[-1][1:] == units[-1][1:]
    assert people.ecology.name in [r[0] for r in departments]


def test_cell_text_is_never_a_formula(month_data, people):
    people.market.name = '=HYPERLINK("http://x")'
    people.market.save()
    response = people.client(people.office_admin).get(URL)
    wb = load_workbook(BytesIO(response.content))
    names = [r[0] for r in sheet_rows(wb["各部门"])[1]]
    assert '\'=HYPERLINK("http://x")' in names
