"""Home page: the search box, the 信用公示 columns with their latest entries, the counts."""

import pytest
from django.urls import reverse

from records import models as m
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db


def test_each_column_shows_its_latest_publishable_entries(client):
    dept, company = f.department(), f.subject(name="西安鼎盛商贸有限公司")
    penalty = f.penalty(company, dept)
    red = f.list_entry(f.subject(name="陕西守信示范有限公司"), dept, lt=pf.red_list_type())
    f.penalty(f.subject(name="西安撤销测试有限公司"), dept, status=m.RecordStatus.WITHDRAWN)
    html = client.get(reverse("portal:home")).content.decode()
    for label in ("行政许可", "行政处罚", "双随机抽查结果", "红名单", "黑名单", "信用承诺", "经营异常名录"):
        assert label in html
    assert reverse("publicity:record", args=["penalty", penalty.pk]) in html
    assert reverse("publicity:record", args=["list_entry", red.pk]) in html
    assert "西安撤销测试有限公司" not in html
    assert 'href="/disclosure/penalty/"' in html


def test_home_page_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    dept = f.department()
    for n in range(10):
        s = f.subject(name=f"西安测试{n}有限公司")
        f.penalty(s, dept)
        f.permit(s, dept)
    from publicity.selectors import recount_published

    recount_published()  # the worker keeps the counts (portal.schedule); no request counts
    with django_assert_max_num_queries(30):
        assert client.get(reverse("portal:home")).status_code == 200
