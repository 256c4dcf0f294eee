"""典型案例: staff publish a concluded case with the complainant removed; the public list shows it."""

import pytest

from complaints import services
from tests.complaints import factories as cf

pytestmark = pytest.mark.django_db


def test_publishing_a_concluded_case_shows_it_publicly_without_the_complainant(
    client, office, market, market_user
):
    case = cf.concluded(office, market, market_user, reply="经查，企业已退还全部预付款。")
    client.force_login(office)
    form = client.get(f"/complaints/staff/{case.pk}/").content.decode()
    assert "发布为典型案例" in form
    client.post(
        f"/complaints/staff/{case.pk}/publish/",
        {
            "title": "预付款纠纷典型案例",
            "summary": "消费者预付货款后商家未发货。",
            "outcome": "企业已退还全部预付款。",
        },
    )
    client.logout()
    listing = client.get("/complaints/cases/").content.decode()
    assert "预付款纠纷典型案例" in listing and "消费者预付货款后商家未发货。" in listing
    detail = client.get(f"/complaints/cases/{case.pk}/").content.decode()
    assert "企业已退还全部预付款。" in detail
    for private in ("李娜", "13900000001", "lina@example.cn", case.tracking_number):
        assert private not in listing and private not in detail
    assert "预付款纠纷典型案例" in client.get("/complaints/").content.decode()


def test_the_draft_leaves_the_complainant_out(office, market, market_user):
    case = cf.concluded(office, market, market_user)
    draft = services.case_typical_draft(case)
    assert "李娜" not in " ".join(draft.values())


def test_only_concluded_cases_can_be_published(office):
    case = cf.case()
    with pytest.raises(services.InvalidTransition) as exc:
        services.case_publish_typical(case, office, title="t", summary="s", outcome="o")
    assert "只有已办结的案件" in exc.value.message


def test_unpublished_and_ordinary_cases_stay_private(client, office, market, market_user):
    case = cf.concluded(office, market, market_user)
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
    case = services.case_publish_typical(case, office, title="案例", summary="摘要", outcome="结果")
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 200
    services.case_unpublish_typical(case, office)
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
    assert "暂无典型案例" in client.get("/complaints/cases/").content.decode()


def test_a_department_cannot_publish(client, office, market, market_user):
    case = cf.concluded(office, market, market_user)
    client.force_login(market_user)
    response = client.post(
        f"/complaints/staff/{case.pk}/publish/", {"title": "a", "summary": "b", "outcome": "c"}
    )
    assert response.status_code == 404
    assert not type(case).objects.get(pk=case.pk).is_typical
