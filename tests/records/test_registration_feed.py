"""The registration feed (/api/v1/changes/subjects/) filtered by region and industry: a county's
approval office pulls only its own new companies, a housing bureau only construction firms."""

import pytest
from django.test import Client

from records import models as m
from tests import factories as f
from tests.records.exchange_factories import token

pytestmark = pytest.mark.django_db
FEED = "/api/v1/changes/subjects/"


@pytest.fixture
def reader(settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    return token(f.department(), direction="read", name="审批系统")[1]


def get(key, **params):
    return Client().get(FEED, params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def registered():
    xian = f.region("610100")
    yanta = m.Region.objects.create(code="610113", name="雁塔区", level=m.Region.Level.COUNTY, parent=xian)
    weiyang = m.Region.objects.create(code="610112", name="未央区", level=m.Region.Level.COUNTY, parent=xian)
    subjects = {
        "雁塔建筑": f.subject("西安雁塔建筑工程有限公司", region=yanta, industry_code="E4710"),
        "雁塔软件": f.subject("西安雁塔软件有限公司", region=yanta, industry_code="I6510"),
        "未央建筑": f.subject("西安未央市政工程有限公司", region=weiyang, industry_code="E48"),
        "西安食品": f.subject("西安秦味食品有限公司", region=xian, industry_code="C1431"),
        "宝鸡建筑": f.subject("宝鸡渭滨建设有限公司", region=f.region("610300"), industry_code="E47"),
        "杨凌农业": f.subject("杨凌农科种业有限公司", region=f.region("610403"), industry_code="A01"),
        "咸阳食品": f.subject("咸阳秦都食品有限公司", region=f.region("610400"), industry_code="C14"),
    }
    f.subject("张某", kind=m.Subject.Kind.PERSON, region=yanta)  # persons are never in the feed
    return subjects


def names(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {s["name"] for s in response.json()["results"]}


def test_a_city_gets_its_counties_and_a_county_only_itself(reader, registered):
    xian = names(get(reader, region="610100"))
    assert xian == {
        "西安雁塔建筑工程有限公司",
        "西安雁塔软件有限公司",
        "西安未央市政工程有限公司",
        "西安秦味食品有限公司",
    }
    assert names(get(reader, region="610113")) == {"西安雁塔建筑工程有限公司", "西安雁塔软件有限公司"}
    assert len(names(get(reader, region="610000"))) == 7
    # 杨凌示范区 reports beside the cities: not part of 咸阳市.
    assert names(get(reader, region="610400")) == {"咸阳秦都食品有限公司"}
    assert names(get(reader, region="610403")) == {"杨凌农科种业有限公司"}
    assert names(get(reader, region="619999")) == set()  # well-formed, unknown: nothing there


def test_industry_filters_by_code_prefix_and_combines_with_region(reader, registered):
    assert names(get(reader, industry="E")) == {
        "西安雁塔建筑工程有限公司",
        "西安未央市政工程有限公司",
        "宝鸡渭滨建设有限公司",
    }
    assert names(get(reader, industry="E47")) == {"西安雁塔建筑工程有限公司", "宝鸡渭滨建设有限公司"}
    assert names(get(reader, industry="C14")) == {"西安秦味食品有限公司", "咸阳秦都食品有限公司"}
    assert names(get(reader, industry="E", region="610100")) == {
        "西安雁塔建筑工程有限公司",
        "西安未央市政工程有限公司",
    }
    item = get(reader, industry="I6510").json()["results"][0]
    assert (item["industry_code"], item["region"]) == ("I6510", "610113")


def test_filtered_pages_follow_the_cursor(reader, registered):
    first = get(reader, region="610100", limit=3).json()
    assert len(first["results"]) == 3 and first["has_more"]
    rest = get(reader, region="610100", limit=3, cursor=first["next_cursor"]).json()
    assert len(rest["results"]) == 1 and not rest["has_more"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"region": "6101"}, "region"),
        ({"region": "北京"}, "region"),
        ({"region": "110000"}, "region"),
        ({"industry": "Z"}, "industry"),
        ({"industry": "e47"}, "industry"),
        ({"industry": "E4"}, "industry"),
        ({"industry": "建筑业"}, "industry"),
    ],
)
def test_a_bad_filter_is_a_chinese_400_naming_the_parameter(reader, params, named):
    response = get(reader, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith(named) and body["field"] == named
    assert "代码" in body["detail"]


def test_the_filters_are_in_the_schema_and_the_chinese_guide():
    schema = Client().get("/api/schema/?format=json").json()
    params = {p["name"]: p for p in schema["paths"][FEED]["get"]["parameters"]}
    assert params["region"]["schema"]["pattern"] and params["industry"]["schema"]["pattern"]
    guide = Client().get("/api/").content.decode()
    assert "国民经济行业分类代码" in guide and "行政区划代码" in guide
