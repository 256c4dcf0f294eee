"""The data interface guide: every endpoint of the schema, in Chinese, in the portal's frame."""

import re

import pytest
from django.test import Client

from portal.api_guide import _schema

pytestmark = pytest.mark.django_db


def test_every_endpoint_is_described_in_chinese_with_its_fields(settings):
    settings.SITE_URL = "https://credit.example.gov.cn"
    page = Client().get("/api/").content.decode()
    for path in _schema()["paths"]:
        assert f"<code>{path}</code>" in page, path
    for heading in ["报送接口", "信用核查", "变更订阅", "公开数据"]:
        assert f">{heading}</h2>" in page
    # The push endpoints list the national field codes with their Chinese names.
    assert "<code>cf_wsh</code>" in page and "行政处罚决定书文号" in page
    assert "curl -X POST -H &quot;Authorization: Bearer &lt;令牌&gt;&quot;" in page
    assert "https://credit.example.gov.cn/api/v1/push/penalty/" in page
    assert "example.org" not in page
    # The frame is the portal's: header, breadcrumb, footer link back here.
    assert 'href="/api/"' in page and "首页</a> › 数据接口说明" in page
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", page, flags=re.S))
    for english in ["Authorize", "Try it out", "Schemas", "Responses", "Parameters"]:
        assert english not in text
