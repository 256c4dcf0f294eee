"""Narrowing and ordering a search: region, kind of subject, status, penalties or lists, sort."""

import datetime
import re

import pytest
from django.urls import reverse

from records import models as m
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db
URL = reverse("publicity:search")


def names(client, q="西安", **params) -> list[str]:
    html = client.get(URL, {"q": q, **params}).content.decode()
    return [re.sub(r"<[^>]+>", "", n) for n in re.findall(r'class="result-name">(.*?)</a>', html)]


@pytest.fixture
def xian_companies():
    dept = f.department()
    yanta = m.Region.objects.get(code="610100")
    baoji = m.Region.objects.get(code="610300")
    punished = f.subject(name="西安甲商贸有限公司", region=yanta, established_on=datetime.date(2001, 1, 1))
    f.penalty(punished, dept)
    cancelled = f.subject(
        name="西安乙商贸有限公司", region=yanta, status=m.Subject.Status.CANCELLED, established_on=None
    )
    in_baoji = f.subject(name="西安丙商贸宝鸡分公司", region=baoji, established_on=datetime.date(2020, 5, 1))
    blacklisted = f.subject(
        name="西安丁建筑工程有限公司", region=yanta, established_on=datetime.date(2015, 3, 1)
    )
    f.list_entry(blacklisted, dept)
    shop = f.subject(
        name="西安戊烟酒店", kind=m.Subject.Kind.INDIVIDUAL_BUSINESS, region=yanta, established_on=None
    )
    return {
        "punished": punished,
        "cancelled": cancelled,
        "baoji": in_baoji,
        "black": blacklisted,
        "shop": shop,
    }


def test_region_and_status_narrow_a_common_fragment(client, xian_companies):
    assert len(names(client)) == 5
    assert names(client, region="610300") == ["西安丙商贸宝鸡分公司"]
    assert names(client, status="cancelled") == ["西安乙商贸有限公司"]
    assert set(names(client, region="610100", status="active")) == {
        "西安甲商贸有限公司",
        "西安丁建筑工程有限公司",
        "西安戊烟酒店",
    }


def test_kind_and_record_flags(client, xian_companies):
    assert names(client, kind="individual") == ["西安戊烟酒店"]
    assert names(client, flag="penalty") == ["西安甲商贸有限公司"]
    assert names(client, flag="black") == ["西安丁建筑工程有限公司"]
    assert names(client, flag="red") == []


def test_a_withdrawn_penalty_does_not_count_as_having_penalties(client):
    dept = f.department()
    pf.withdrawn_penalty(f.subject(name="西安撤销处罚有限公司"), dept)
    assert names(client, flag="penalty") == []
    html = client.get(URL, {"q": "西安", "flag": "penalty"}).content.decode()
    assert "没有符合筛选条件的信用主体" in html


def test_sort_by_establishment_and_name(client, xian_companies):
    newest = names(client, sort="-established")
    assert newest[:3] == ["西安丙商贸宝鸡分公司", "西安丁建筑工程有限公司", "西安甲商贸有限公司"]
    assert newest[-1] in {"西安乙商贸有限公司", "西安戊烟酒店"}  # no date: last either way
    assert names(client, sort="established")[0] == "西安甲商贸有限公司"
    assert names(client, sort="name") == sorted(names(client))


def test_filters_survive_paging_and_bad_values_are_ignored(client):
    for i in range(25):
        f.subject(name=f"西安分页测试{i:02d}有限公司")
    html = client.get(URL, {"q": "西安", "status": "active", "sort": "name"}).content.decode()
    assert 'href="?q=%E8%A5%BF%E5%AE%89&amp;status=active&amp;sort=name&amp;page=2"' in html
    assert 'aria-current="page">1</span>' in html
    assert len(names(client, status="nonsense", region="999999")) == 20


def test_persons_are_still_found_only_by_full_name_while_listed(client):
    dept = f.department()
    person = pf.person(name="张三丰")
    f.list_entry(person, dept)
    assert names(client, q="张三丰", kind="person") == ["张三丰"]
    assert names(client, q="张三", kind="person") == []
