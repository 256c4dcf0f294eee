"""A withdrawn, expired or repaired record appears on no public page, CSV, count or badge,
and a full ID number appears nowhere public."""

import pytest
from django.urls import reverse

from records import models as m
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db

HIDDEN = {
    "withdrawn": lambda s, d, **kw: f.penalty(s, d, status=m.RecordStatus.WITHDRAWN, **kw),
    "expired by date": lambda s, d, **kw: pf.expired_penalty(s, d, **kw),
    "expired by status": lambda s, d, **kw: f.penalty(s, d, status=m.RecordStatus.EXPIRED, **kw),
    "repaired": lambda s, d, **kw: f.penalty(s, d, status=m.RecordStatus.REPAIRED, **kw),
}
HIDDEN_LISTINGS = {
    "withdrawn": lambda s, d, lt: f.list_entry(s, d, lt=lt, status=m.RecordStatus.WITHDRAWN),
    "removed": lambda s, d, lt: f.list_entry(s, d, lt=lt, removed_on=pf.days_ago(1)),
    "past its deadline": lambda s, d, lt: f.list_entry(
        s, d, lt=lt, decision_date=pf.days_ago(900), publish_until=pf.days_ago(1)
    ),
}


def public_pages(client, subject, record, column):
    """Every public surface a record could show on, as text."""
    yield "home", client.get(reverse("portal:home")).content.decode()
    yield "search", client.get(reverse("publicity:search"), {"q": subject.name[2:4]}).content.decode()
    yield "profile", client.get(reverse("publicity:subject", args=[subject.uscc])).content.decode()
    yield "column", client.get(reverse("publicity:column", args=[column])).content.decode()
    response = client.get(reverse("publicity:column_export", args=[column]))
    yield "csv", b"".join(response.streaming_content).decode("utf-8-sig")
    response = client.get(reverse("publicity:record", args=[record.kind, record.pk]))
    assert response.status_code == 404
    yield "record page", response.content.decode()


@pytest.mark.parametrize("how", list(HIDDEN))
def test_hidden_penalty_is_absent_from_every_public_page(client, how):
    dept, company = f.department(), f.subject(name="西安鼎盛商贸有限公司")
    record = HIDDEN[how](
        company, dept, document_number="西市监罚〔2026〕404号", violation_type="隐藏的违法行为"
    )
    for where, text in public_pages(client, company, record, "penalty"):
        assert "〔2026〕404号" not in text, where
        assert "隐藏的违法行为" not in text, where
        assert "有行政处罚" not in text, where
    home = client.get(reverse("portal:home")).content.decode()
    assert 'data-kind="penalty">0<' in home
    profile = client.get(reverse("publicity:subject", args=[company.uscc])).content.decode()
    assert 'data-kind="penalty">0<' in profile


@pytest.mark.parametrize("how", list(HIDDEN_LISTINGS))
def test_ended_listing_is_absent_from_every_public_page(client, how):
    dept, company = f.department(), f.subject(name="西安鼎盛商贸有限公司")
    lt = f.list_type(name="严重违法失信名单", is_serious=True)
    pf.measure(lt, "限制参与政府采购活动")
    record = HIDDEN_LISTINGS[how](company, dept, lt)
    for where, text in public_pages(client, company, record, "black"):
        assert 'class="badge badge-black"' not in text, where
        assert "限制参与政府采购活动" not in text, where
        if where in ("home", "column", "csv", "record page"):
            assert "西安鼎盛商贸有限公司" not in text, where
    assert 'data-kind="list_entry">0<' in client.get(reverse("portal:home")).content.decode()


def test_no_full_id_number_on_any_public_page(client):
    dept = f.department()
    person = pf.person(name="张建国")
    entry = f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"))
    company = f.subject(name="西安鼎盛商贸有限公司")
    penalty = f.penalty(
        company, dept, legal_rep_id_type="resident_id", legal_rep_id_number="11010519491231002X"
    )
    pages = [
        client.get(reverse("portal:home")),
        client.get(reverse("publicity:search"), {"q": "张建国"}),
        client.get(reverse("publicity:subject", args=[str(person.pk)])),
        client.get(reverse("publicity:subject", args=[company.uscc])),
        client.get(reverse("publicity:record", args=["list_entry", entry.pk])),
        client.get(reverse("publicity:record", args=["penalty", penalty.pk])),
        client.get(reverse("publicity:column", args=["black"])),
        client.get(reverse("publicity:column", args=["penalty"])),
    ]
    texts = [p.content.decode() for p in pages]
    for slug in ("black", "penalty"):
        response = client.get(reverse("publicity:column_export", args=[slug]))
        texts.append(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert "张建国" in texts[1]
    for text in texts:
        assert person.id_number not in text
        assert "11010519491231002X" not in text
        assert "13800000000" not in text and "某小区" not in text
