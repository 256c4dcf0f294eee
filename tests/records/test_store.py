"""The record store: natural keys, severity, deadlines and kinds."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from records import models as m
from records.deadlines import is_late, reporting_deadline
from records.kinds import RECORD_KINDS
from records.workdays import add_workdays
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_regions_cover_shaanxi_cities_yangling_and_hancheng():
    names = set(m.Region.objects.values_list("name", flat=True))
    assert {
        "陕西省",
        "西安市",
        "铜川市",
        "宝鸡市",
        "咸阳市",
        "渭南市",
        "延安市",
        "汉中市",
        "榆林市",
        "安康市",
        "商洛市",
        "杨凌示范区",
        "韩城市",
    } <= names
    assert m.Region.objects.get(code="610581").name == "韩城市"


def test_same_department_and_document_number_cannot_be_stored_twice():
    dept, subj = f.department(), f.subject()
    f.penalty(subj, dept, document_number="西市监罚〔2026〕1号")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.penalty(subj, dept, document_number="西市监罚〔2026〕1号")
    other = f.department(name="西安市税务局", short_name="西税")
    f.penalty(subj, other, document_number="西市监罚〔2026〕1号")  # another department may reuse it
    assert m.Penalty.objects.count() == 2


def test_action_kinds_share_a_table_but_keys_include_the_kind():
    dept, subj = f.department(), f.subject()
    f.action(m.Reward, subj, dept, document_number="X-1")
    f.action(m.Filing, subj, dept, document_number="X-1")
    assert m.Reward.objects.count() == 1 and m.Filing.objects.count() == 1
    assert m.Reward.objects.get().action_kind == "reward"
    with pytest.raises(IntegrityError), transaction.atomic():
        f.action(m.Reward, subj, dept, document_number="X-1")


@pytest.mark.parametrize(
    "categories, fine, severity",
    [
        ("警告", None, "minor"),
        ("通报批评", None, "minor"),
        ("罚款", Decimal("0.5"), "minor"),
        ("罚款", Decimal("5"), "ordinary"),
        ("罚款;没收违法所得", Decimal("0.5"), "ordinary"),
        ("罚款", Decimal("150"), "serious"),
        ("吊销许可证件", None, "serious"),
    ],
)
def test_penalty_severity(categories, fine, severity):
    p = f.penalty(f.subject(), f.department(), categories=categories, fine_amount=fine)
    assert p.severity == severity


def test_reporting_deadline_counts_chinese_working_days_across_national_day():
    # 2025-09-30 decision; 10-01..10-08 holiday, 09-28 and 10-11 are makeup working days.
    assert add_workdays(datetime.date(2025, 9, 30), 1) == datetime.date(2025, 10, 9)
    # 10-09, 10-10, 10-11 (makeup Saturday), 10-13, 10-14, 10-15, 10-16.
    assert reporting_deadline("penalty", datetime.date(2025, 9, 30)) == datetime.date(2025, 10, 16)
    assert not is_late("penalty", datetime.date(2025, 9, 30), datetime.date(2025, 10, 16))
    assert is_late("penalty", datetime.date(2025, 9, 30), datetime.date(2025, 10, 17))


def test_other_kinds_are_due_by_end_of_next_month():
    assert reporting_deadline("inspection", datetime.date(2026, 1, 15)) == datetime.date(2026, 2, 28)
    assert reporting_deadline("inspection", datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 31)


def test_every_policy_record_kind_is_registered():
    labels = {str(k.label) for k in RECORD_KINDS.values()}
    assert labels == {
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政确认",
        "行政奖励",
        "行政给付",
        "登记备案",
        "资质资格",
        "检查抽查",
        "经营异常名录",
        "红黑名单",
        "信用承诺",
        "信用评价",
    }
