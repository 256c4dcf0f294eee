"""The demo's articles read like a credit office's own: the seed policy without another site's
page furniture, and news items with real content about services the portal offers."""

import re

import pytest

from portal.management.commands.demo_setup import Command
from portal.models import Article

pytestmark = pytest.mark.django_db

FURNITURE = ("微信公众号", "扫描二维码", "关注我们", "本文链接", "本文关键词", "浏览量", "http", "www.")
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]")


@pytest.fixture
def articles():
    Command()._articles()
    return Article.objects.all()


def test_policy_is_the_seed_text_with_its_metadata_and_nothing_copied(articles):
    policy = articles.get(kind=Article.Kind.POLICY)
    assert policy.title == "陕西省发展和改革委员会关于印发《加强信用信息互联互通共享共用行动计划》的通知"
    assert policy.document_number == "陕发改财金〔2017〕550号"
    assert policy.source == "陕西省发展和改革委员会"
    assert policy.paragraphs[0].startswith("各设区市人民政府")
    assert policy.paragraphs[-1] == "附件：信用信息共享共用重点工作进展情况统计表"
    assert "（八）建立完善失信投诉举报制度。" in policy.body
    for word in FURNITURE:
        assert word not in policy.body
    assert HALF_WIDTH_IN_CHINESE.findall(policy.body) == []


def test_news_items_have_content_and_announce_only_what_exists(articles, client):
    news = articles.filter(kind=Article.Kind.NEWS)
    assert news.count() == 5
    for item in news:
        assert len(item.paragraphs) >= 1 and len(item.body) > 60, item.title
        assert "详细内容请见" not in item.body
        assert HALF_WIDTH_IN_CHINESE.findall(item.title + item.body) == []
    assert not news.filter(title__contains="信用报告下载").exists()
    page = client.get(news.first().get_absolute_url()).content.decode()
    assert news.first().paragraphs[0] in page


def test_loading_twice_adds_nothing(articles):
    count = articles.count()
    Command()._articles()
    assert Article.objects.count() == count
