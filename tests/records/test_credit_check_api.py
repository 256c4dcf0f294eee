"""Credit check by USCC and the changes feed, as a tax bureau's system would call them."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from records.models import Measure, RecordStatus, Subject
from tests import factories as f
from tests.records.exchange_factories import token

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def reader(dept):
    return token(dept, direction="read", name="税收征管系统")[1]


def get(url, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return Client().get(url, params, **headers)


def test_credit_check_answers_in_one_response(dept, reader):
    company = f.subject(name="陕西失信建筑有限公司")
    black = f.list_type()
    measure = Measure.objects.create(
        name="限制参与政府采购",
        polarity="black",
        basis_memorandum="发改财金〔2016〕141号",
        implementing_department="省财政厅",
    )
    measure.list_types.add(black)
    f.list_entry(company, dept, black, document_number="黑〔2026〕1号")
    f.abnormal(company, dept)
    f.penalty(company, dept, document_number="罚〔2026〕1号")
    f.penalty(company, dept, document_number="罚〔2026〕撤", status=RecordStatus.WITHDRAWN)
    f.commitment(company, dept, fulfilment="部分履行", unfulfilled_content="未按期提交材料")
    f.rating(company, dept, grade="B")

    response = get(f"/api/v1/credit-check/ {company.uscc.lower()} /", reader)
    assert response.status_code == 200
    body = response.json()
    assert body["subject"]["name"] == "陕西失信建筑有限公司" and body["subject"]["uscc"] == company.uscc
    assert body["flags"] == {
        "on_black_list": True,
        "on_serious_list": False,
        "on_red_list": False,
        "abnormal": True,
        "has_penalties": True,
        "has_unfulfilled_commitments": True,
    }
    assert body["black_list"][0]["measures"][0]["name"] == "限制参与政府采购"
    assert [p["document_number"] for p in body["penalties"]] == ["罚〔2026〕1号"]  # withdrawn one absent
    assert body["commitments"][0]["fulfilment"] == "部分履行"
    assert body["ratings"][0]["grade"] == "B"


def test_credit_check_bad_input_and_permissions(dept, reader):
    pusher = token(dept)[1]
    bad_check = get("/api/v1/credit-check/91610000MA6TG8XX1A/", reader)
    assert bad_check.status_code == 404 and "校验码" in bad_check.json()["detail"]  # no subject has it
    malformed = get("/api/v1/credit-check/not-a-code/", reader)
    assert malformed.status_code == 400 and "uscc" in malformed.json()["detail"]
    missing = get(f"/api/v1/credit-check/{f.uscc()}/", reader)
    assert missing.status_code == 404 and "未收录" in missing.json()["detail"]
    company = f.subject()
    assert get(f"/api/v1/credit-check/{company.uscc}/").status_code == 401
    assert get(f"/api/v1/credit-check/{company.uscc}/", pusher).status_code == 403


def test_person_id_numbers_never_in_full(dept, reader, settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    person = f.subject(name="赵某", kind=Subject.Kind.PERSON)
    f.list_entry(person, dept, f.list_type("失信被执行人"))
    company = f.subject()
    f.penalty(company, dept, legal_rep_id_type="resident_id", legal_rep_id_number=f.id_number())
    text = get("/api/v1/changes/list-entries/", reader).content.decode()
    text += get(f"/api/v1/credit-check/{company.uscc}/", reader).content.decode()
    text += get("/api/v1/changes/subjects/", reader).content.decode()
    assert person.id_number not in text
    assert person.id_number[:4] + "*" * 10 + person.id_number[-4:] in text
    assert company.penalty_set.get().legal_rep_id_number not in text


def test_changes_feed_pages_with_a_cursor(dept, reader, settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    subjects = [f.subject(name=f"新登记企业{i}") for i in range(5)]
    first = get("/api/v1/changes/subjects/", reader, limit=2).json()
    assert [s["name"] for s in first["results"]] == ["新登记企业0", "新登记企业1"] and first["has_more"]
    second = get("/api/v1/changes/subjects/", reader, limit=2, cursor=first["next_cursor"]).json()
    third = get("/api/v1/changes/subjects/", reader, limit=2, cursor=second["next_cursor"]).json()
    assert [s["name"] for s in second["results"] + third["results"]] == [f"新登记企业{i}" for i in (2, 3, 4)]
    assert third["has_more"] is False
    empty = get("/api/v1/changes/subjects/", reader, cursor=third["next_cursor"]).json()
    assert empty["results"] == [] and empty["next_cursor"] == third["next_cursor"]

    subjects[1].status = Subject.Status.CANCELLED
    subjects[1].save()
    changed = get("/api/v1/changes/subjects/", reader, cursor=third["next_cursor"]).json()
    assert [(s["name"], s["status"]) for s in changed["results"]] == [("新登记企业1", "cancelled")]

    later = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert get("/api/v1/changes/subjects/", reader, since=later).json()["results"] == []


def test_changes_feed_reports_removed_list_entries_as_not_public(dept, reader, settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    entry = f.list_entry(f.subject(), dept)
    first = get("/api/v1/changes/list-entries/", reader, polarity="black").json()
    assert first["results"][0]["public"] is True and first["results"][0]["reason"]
    entry.set_status(RecordStatus.WITHDRAWN, "撤销")
    entry.save()
    after = get("/api/v1/changes/list-entries/", reader, cursor=first["next_cursor"]).json()
    assert after["results"][0]["public"] is False and "reason" not in after["results"][0]


def test_changes_feed_hands_out_no_entry_before_it_is_approved(dept, reader, settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    subject = f.subject()
    listed = f.list_entry(subject, dept, document_number="陕市监黑〔2026〕1号")
    for status in (RecordStatus.SUBMITTED, RecordStatus.DRAFT, RecordStatus.RETURNED):
        f.list_entry(subject, dept, status=status, document_number=f"待审〔2026〕{status}号")
    feed = get("/api/v1/changes/list-entries/", reader).json()
    assert [e["document_number"] for e in feed["results"]] == [listed.document_number]

    pending = listed.__class__.objects.get(status=RecordStatus.SUBMITTED)
    pending.set_status(RecordStatus.PUBLISHED)
    pending.save()  # approved: now it is news
    after = get("/api/v1/changes/list-entries/", reader, cursor=feed["next_cursor"]).json()
    assert [e["document_number"] for e in after["results"]] == [pending.document_number]


@pytest.mark.parametrize(
    "params", [{"cursor": "bm90LWEtY3Vyc29y"}, {"cursor": "%%%"}, {"limit": "0"}, {"since": "昨天"}]
)
def test_changes_feed_bad_parameters(dept, reader, params):
    response = get("/api/v1/changes/subjects/", reader, **params)
    assert response.status_code == 400
    assert json.loads(response.content)["detail"]


def test_changes_feed_page_is_an_index_range_scan_when_every_subject_shares_one_moment(
    dept, reader, settings
):
    """After seeding, a million subjects share one updated_at: the cursor must still be a range
    scan of the (updated_at, id) index, not a scan and sort of the whole table per page."""
    from tests.query_plans import POSTGRES, plan, queries_of

    settings.CHANGES_FEED_LAG_SECONDS = 0
    subjects = [f.subject(name=f"同时登记企业{i}") for i in range(6)]
    moment = timezone.now() - datetime.timedelta(minutes=1)
    Subject.objects.filter(pk__in=[s.pk for s in subjects]).update(updated_at=moment)
    first = get("/api/v1/changes/subjects/", reader, limit=2).json()
    pages = [first]
    sql = []
    while pages[-1]["has_more"]:
        params = {"limit": 2, "cursor": pages[-1]["next_cursor"]}
        sql = queries_of(get, "/api/v1/changes/subjects/", reader, **params)
        pages.append(get("/api/v1/changes/subjects/", reader, **params).json())
    names = [s["name"] for page in pages for s in page["results"]]
    assert names == [f"同时登记企业{i}" for i in range(6)], "no subject skipped or repeated"

    feed_sql = next(q for q in sql if 'FROM "records_subject"' in q and "ORDER BY" in q)
    shown = plan(feed_sql)
    if POSTGRES:
        index_scan = next(line for line in shown.splitlines() if "Index Scan" in line)
        assert "subject_updated_id" in index_scan, shown
        assert "ROW(updated_at, id) > ROW(" in shown.split("Index Cond:", 1)[1].splitlines()[0], shown
        assert "Sort" not in shown, shown
    else:
        assert "USING INDEX subject_updated_id" in shown and "TEMP B-TREE" not in shown, shown
        # SQLite has no row values in Django 5.2: the same condition as an OR.
        assert '"records_subject"."updated_at" = ' in feed_sql and '"records_subject"."id" > ' in feed_sql
