"""The demo data respects who may decide what: courts list 失信被执行人, tax authorities rate and
list taxpayers, customs certifies, each penalty and permit comes from the department of its field,
and provincial bodies carry their real names (…厅, 国家税务总局陕西省税务局)."""

import pytest
from django.core.management import call_command

from records import models as m
from records.demo import names, reference

pytestmark = pytest.mark.django_db

# Facts stated independently of the generator's table.
LIST_DECIDED_BY = {
    "失信被执行人": "人民法院",
    "纳税信用A级纳税人": "税务局",
    "重大税收违法失信主体": "税务局",
    "海关高级认证企业": "海关",
    "严重违法失信名单": "市场监督管理局",
    "拖欠农民工工资失信联合惩戒对象名单": "人力资源和社会保障",
    "安全生产严重失信主体名单": "应急管理",
    "环境违法企业黑名单": "生态环境",
}
PUNISHED_BY = {
    "虚开增值税发票": "税务局",
    "未按规定申报纳税": "税务局",
    "超标排放大气污染物": "生态环境",
    "拖欠劳动者工资": "人力资源和社会保障",
    "无证行医": "卫生健康委员会",
    "道路运输车辆超限运输": "交通运输",
    "销售不符合食品安全标准的食品": "市场监督管理局",
}
GRANTED_BY = {
    "药品经营许可证": "市场监督管理局",
    "排污许可证": "生态环境",
    "建筑工程施工许可证": "住房和城乡建设",
    "医疗机构执业许可证": "卫生健康委员会",
    "道路运输经营许可证": "交通运输",
}
PROVINCIAL_NAMES = {
    "陕西省发展和改革委员会",
    "陕西省市场监督管理局",
    "国家税务总局陕西省税务局",
    "陕西省生态环境厅",
    "陕西省住房和城乡建设厅",
    "陕西省交通运输厅",
    "陕西省人力资源和社会保障厅",
    "陕西省应急管理厅",
    "陕西省卫生健康委员会",
    "陕西省高级人民法院",
    "西安海关",
}


def check_each_list_type_is_decided_by_its_authority():
    seen = set()
    for name, dept, authority in m.ListEntry.objects.values_list(
        "list_type__name", "department__name", "deciding_authority"
    ):
        assert LIST_DECIDED_BY.get(name, "") in dept, (name, dept)
        assert authority == dept
        seen.add(name)
    assert {"失信被执行人", "纳税信用A级纳税人"} <= seen


def check_each_penalty_comes_from_the_department_of_its_field():
    fields = {violation: fld for violation, _basis, _cats, fld in names.VIOLATIONS}
    seen = set()
    for violation, dept, dept_field, authority in m.Penalty.objects.values_list(
        "violation_type", "department__name", "department__field", "authority"
    ):
        assert dept_field == fields[violation], (violation, dept)
        assert PUNISHED_BY.get(violation, "") in dept, (violation, dept)
        assert authority == dept
        seen.add(violation)
    assert "虚开增值税发票" in seen


def check_each_permit_comes_from_its_field_and_fits_the_business():
    fields = {cert: fld for cert, _cat, _content, fld in names.PERMITS}
    for cert, dept, dept_field, kind, subject in m.Permit.objects.values_list(
        "certificate_name", "department__name", "department__field", "subject__kind", "subject__name"
    ):
        assert dept_field == fields[cert], (cert, dept)
        assert GRANTED_BY.get(cert, "") in dept, (cert, dept)
        if kind == m.Subject.Kind.INDIVIDUAL_BUSINESS:
            shop = next(k for k in names.SHOP_PERMITS if subject.endswith(k))
            assert cert in names.SHOP_PERMITS[shop], (subject, cert)
    assert not m.Permit.objects.filter(
        subject__name__endswith="烟酒店", certificate_name="药品经营许可证"
    ).exists()


def check_provincial_bodies_carry_their_real_names():
    provincial = set(
        m.Department.objects.filter(region__code=reference.PROVINCE[0]).values_list("name", flat=True)
    )
    assert provincial == PROVINCIAL_NAMES
    assert not [n for n in provincial if n.startswith("陕西省") and n.endswith("局") and "市场监督" not in n]


def test_the_demo_data_follows_the_authority_table():
    call_command("seed_demo", subjects=1200, seed=2017, quiet=True)
    check_each_list_type_is_decided_by_its_authority()
    check_each_penalty_comes_from_the_department_of_its_field()
    check_each_permit_comes_from_its_field_and_fits_the_business()
    check_provincial_bodies_carry_their_real_names()
