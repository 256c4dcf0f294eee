"""Rating agencies (信用服务机构) registered with the credit office push 企业综合信用等级 with their
own tokens; suspending one in the admin takes its ratings off every public path."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from publicity.certificates.services import certificate_issue
from records.models import ApiToken, AuditEntry, Objection, Rating, RatingAgency
from records.selectors import rating_agencies_with_counts
from tests import factories as f
from tests.publicity.certificates.conftest import signing_dir, signing_key  # noqa: F401
from tests.publicity.certificates.pdftools import pdf_text

pytestmark = pytest.mark.django_db

URL = "/api/v1/push/rating/"
SCALES = "AAA/AA/A/BBB/BB/B/CCC/CC/C\nA/B/C/D"


def agency(name="陕西诚信评估有限公司", **kw) -> RatingAgency:
    kw.setdefault("uscc", f.uscc())
    kw.setdefault("filed_on", datetime.date(2025, 3, 1))
    kw.setdefault("scales", SCALES)
    return RatingAgency.objects.create(name=name, **kw)


def agency_token(people, who: RatingAgency) -> str:
    return ApiToken.issue(
        department=people.office, direction=ApiToken.Direction.PUSH, name="评价系统", rating_agency=who
    )[1]


def rating_row(who: RatingAgency, company, number="评〔2026〕001号", **over) -> dict:
    today = timezone.localdate()
    row = {
        "pj_xdr_mc": company.name,
        "pj_xdr_lb": "法人及非法人组织",
        "pj_xdr_shxym": company.uscc,
        "pj_wsh": number,
        "pj_lx": "企业综合信用等级",
        "pj_dj": "AA",
        "pj_tx": "AAA/AA/A/BBB/BB/B/CCC/CC/C",
        "pj_jg": who.name,
        "pj_jgdm": who.uscc,
        "pj_rq": (today - datetime.timedelta(days=30)).isoformat(),
        "pj_yxq": (today + datetime.timedelta(days=335)).isoformat(),
    }
    row.update(over)
    return row


def push(key, *rows):
    return Client().post(
        URL,
        data=json.dumps({"rows": list(rows)}, ensure_ascii=False),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


@pytest.fixture
def company():
    return f.subject(name="西安鼎盛商贸有限公司")


def test_an_agency_pushes_ratings_in_its_own_name(people, company):
    chengxin = agency()
    key = agency_token(people, chengxin)
    body = push(
        key,
        rating_row(chengxin, company),
        rating_row(chengxin, company, "评〔2026〕002号", pj_jgdm=""),
    )
    assert body.status_code == 200, body.content
    assert body.json()["created"] == 2
    for rating in Rating.objects.all():
        assert rating.rating_agency == chengxin and rating.department == people.office
        assert (rating.agency, rating.agency_uscc) == (
            chengxin.name,
            chengxin.uscc,
        )  # the code filled in when left empty

    info = Client().get("/api/v1/token/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert info["kinds"] == ["rating"] and info["rating_agency"] == {
        "name": chengxin.name,
        "uscc": chengxin.uscc,
    }

    # The token pushes ratings only.
    penalty = Client().post(
        "/api/v1/push/penalty/",
        data={"rows": []},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert penalty.status_code == 403


def test_another_name_or_an_unregistered_grade_is_refused_naming_the_field(people, company):
    chengxin = agency()
    key = agency_token(people, chengxin)
    body = push(
        key,
        rating_row(chengxin, company, "评-1", pj_jg="陕西其他评估有限公司"),
        rating_row(chengxin, company, "评-2", pj_jgdm=f.uscc()),
        rating_row(chengxin, company, "评-3", pj_dj="AAAA"),
        rating_row(chengxin, company, "评-4", pj_tx="A/B/M/C/D", pj_dj="M"),
        rating_row(chengxin, company, "评-5", pj_tx="a / b / c / d", pj_dj="b"),
    ).json()
    assert (body["created"], body["rejected"]) == (1, 4)
    errors = {r["document_number"]: r.get("errors", []) for r in body["results"]}
    assert errors["评-1"][0]["field"] == "pj_jg" and "只能以本机构名义报送" in errors["评-1"][0]["message"]
    assert (
        errors["评-2"][0]["field"] == "pj_jgdm" and "不是本令牌所属评价机构" in errors["评-2"][0]["message"]
    )
    assert errors["评-3"][0]["field"] == "pj_dj" and "“AAAA”不在等级体系" in errors["评-3"][0]["message"]
    assert (
        errors["评-4"][0]["field"] == "pj_tx"
        and "不是评价机构“陕西诚信评估有限公司”备案的等级体系" in errors["评-4"][0]["message"]
    )
    assert errors["评-4"][0]["column"] == "等级体系"
    assert Rating.objects.get().scale == "A/B/C/D" and Rating.objects.get().grade == "B"


def test_another_agencys_token_cannot_push_for_it_or_rewrite_its_ratings(people, company):
    chengxin, other = agency(), agency("陕西正信评估有限公司")
    push(agency_token(people, chengxin), rating_row(chengxin, company))
    other_key = agency_token(people, other)

    in_its_name = push(other_key, rating_row(chengxin, company, "评-9")).json()
    assert in_its_name["rejected"] == 1 and in_its_name["results"][0]["errors"][0]["field"] == "pj_jg"

    same_number = push(other_key, rating_row(other, company)).json()
    assert same_number["rejected"] == 1
    assert "已由其他单位报送" in same_number["results"][0]["errors"][0]["message"]
    assert Rating.objects.get().rating_agency == chengxin

    # A department's own token cannot rewrite it either.
    dept_key = ApiToken.issue(
        department=people.office, direction=ApiToken.Direction.PUSH, name="税务", kinds=["rating"]
    )[1]
    by_dept = push(dept_key, rating_row(chengxin, company, pj_jg="陕西省发展和改革委员会", pj_jgdm="")).json()
    assert by_dept["rejected"] == 1 and "由备案评价机构报送" in by_dept["results"][0]["errors"][0]["message"]


def test_a_suspended_agency_cannot_push(people, company):
    chengxin = agency(status=RatingAgency.Status.SUSPENDED, status_reason="违规出具报告")
    response = push(agency_token(people, chengxin), rating_row(chengxin, company))
    assert response.status_code == 401 and "备案状态为暂停" in response.json()["detail"]


def test_suspended_in_the_admin_its_ratings_vanish_everywhere_public(people, company):
    chengxin = agency()
    push(agency_token(people, chengxin), rating_row(chengxin, company, "评〔2026〕088号"))
    f.rating(company, people.market, document_number="税评-1", grade="B")  # a department's rating
    reader = ApiToken.issue(department=people.market, direction=ApiToken.Direction.READ, name="审批系统")[1]

    def public_views():
        profile = Client().get(f"/subjects/{company.uscc}/").content.decode()
        column = Client().get("/disclosure/rating/").content.decode()
        api = (
            Client()
            .get(f"/api/v1/credit-check/{company.uscc}/", HTTP_AUTHORIZATION=f"Bearer {reader}")
            .json()
        )
        issued = certificate_issue(
            subject=company, purpose="procurement", requester_org="西安市财政局", requester_ip="10.0.0.8"
        )
        return profile, column, api, pdf_text(issued.pdf)

    profile, column, api, pdf = public_views()
    assert "陕西诚信评估有限公司" in profile and "陕西诚信评估有限公司" in column
    assert {r["agency"] for r in api["ratings"]} == {"陕西诚信评估有限公司", people.market.name}
    rating = next(r for r in api["ratings"] if r["agency"] == "陕西诚信评估有限公司")
    assert (rating["grade"], rating["scale"]) == ("AA", "AAA/AA/A/BBB/BB/B/CCC/CC/C")
    assert rating["issued_on"] and rating["valid_until"]
    assert "陕西诚信评估有限公司" in pdf and "AAA/AA/A/BBB/BB/B/CCC/CC/C" in pdf and "评〔2026〕088号" in pdf

    admin = people.client(people.office_admin)
    page = admin.get(f"/admin/records/ratingagency/{chengxin.pk}/change/")
    assert page.status_code == 200 and "备案状态" in page.content.decode()
    form = {
        "name": chengxin.name,
        "uscc": chengxin.uscc,
        "filed_on": "2025-03-01",
        "scales": SCALES,
        "status": "suspended",
        "status_reason": "",
        "contact_phone": "",
        "remarks": "",
    }
    refused = admin.post(f"/admin/records/ratingagency/{chengxin.pk}/change/", form)
    assert refused.status_code == 200 and "暂停或注销备案时须填写原因" in refused.content.decode()
    saved = admin.post(
        f"/admin/records/ratingagency/{chengxin.pk}/change/",
        {**form, "status_reason": "违规出具评价报告，责令整改"},
    )
    assert saved.status_code == 302
    chengxin.refresh_from_db()
    assert chengxin.status == "suspended" and chengxin.status_changed_on == timezone.localdate()

    profile, column, api, pdf = public_views()
    assert "陕西诚信评估有限公司" not in profile and "纳税信用等级" in profile
    assert "陕西诚信评估有限公司" not in column
    assert {r["agency"] for r in api["ratings"]} == {people.market.name}
    assert "陕西诚信评估有限公司" not in pdf and "评〔2026〕088号" not in pdf
    # Kept in the store for staff, and the change is in the audit trail.
    assert Rating.objects.filter(rating_agency=chengxin).count() == 1
    entry = AuditEntry.objects.filter(content_type__model="ratingagency", object_id=str(chengxin.pk)).get()
    assert entry.actor == people.office_admin and "suspended" in str(entry.changes)


def test_the_office_sees_valid_expired_and_disputed_ratings_per_agency(people, company):
    chengxin, other = agency(), agency("陕西正信评估有限公司")
    today = timezone.localdate()
    key = agency_token(people, chengxin)
    push(
        key,
        rating_row(chengxin, company, "评-1"),
        rating_row(chengxin, f.subject(name="西安长安物流有限公司"), "评-2"),
        rating_row(
            chengxin,
            company,
            "评-3",
            pj_rq=(today - datetime.timedelta(days=400)).isoformat(),
            pj_yxq=(today - datetime.timedelta(days=35)).isoformat(),
        ),
    )
    push(agency_token(people, other), rating_row(other, company, "正-1"))
    disputed = Rating.objects.get(document_number="评-2")
    Objection.objects.create(
        number="YY20260001",
        subject=disputed.subject,
        applicant_name=disputed.subject.name,
        applicant_code=disputed.subject.uscc,
        contact_name="刘经理",
        contact_phone="13800000000",
        record_kind="rating",
        record_id=disputed.pk,
        record_document_number="评-2",
        department=people.office,
        wrong_content="等级有误",
        description="评价所用财务数据有误",
        status=Objection.Status.HANDLING,
    )

    page = people.client(people.office_admin).get("/admin/records/ratingagency/").content.decode()
    assert "有效评价" in page and "已过期评价" in page and "异议处理中" in page
    counts = {
        a.name: (a.valid_count, a.expired_count, a.disputed_count)
        for a in rating_agencies_with_counts(RatingAgency.objects.all())
    }
    assert counts == {"陕西诚信评估有限公司": (2, 1, 1), "陕西正信评估有限公司": (1, 0, 0)}


def test_only_the_office_admin_keeps_the_register(people):
    chengxin = agency()
    for user in (people.reviewer, people.auditor):
        client = people.client(user)
        assert client.get("/admin/records/ratingagency/").status_code == 200
        assert client.get("/admin/records/ratingagency/add/").status_code == 403
    assert people.client(people.operator).get("/admin/records/ratingagency/").status_code == 403
    added = people.client(people.office_admin).post(
        "/admin/records/ratingagency/add/",
        {
            "name": "陕西信德评估有限公司",
            "uscc": f.uscc().lower(),
            "filed_on": "2026-01-05",
            "scales": "aaa／aa／a",
            "status": "active",
        },
    )
    assert added.status_code == 302
    assert RatingAgency.objects.get(name="陕西信德评估有限公司").scale_list() == ["AAA/AA/A"]
    assert chengxin.scale_list() == ["AAA/AA/A/BBB/BB/B/CCC/CC/C", "A/B/C/D"]


def test_nobody_else_reports_in_a_registered_agencys_name(people, company):
    chengxin = agency()
    dept_key = ApiToken.issue(
        department=people.market, direction=ApiToken.Direction.PUSH, name="审批系统", kinds=["rating"]
    )[1]
    body = push(dept_key, rating_row(chengxin, company, "市评-1")).json()
    assert body["rejected"] == 1
    error = body["results"][0]["errors"][0]
    assert error["field"] == "pj_jgdm" and "只能由该机构以本机构的接口令牌报送" in error["message"]


def test_a_hand_edit_keeps_an_agency_rating_on_its_scales(people, company):
    from records.ingest.checks import form_problems

    chengxin = agency()
    push(agency_token(people, chengxin), rating_row(chengxin, company))
    rating = Rating.objects.get()
    values = {"agency": rating.agency, "agency_uscc": rating.agency_uscc, "scale": rating.scale, "grade": "M"}
    problems = form_problems(Rating, "rating", people.office, None, values, rating.pk, timezone.localdate())
    assert [(p.attr, "不在等级体系" in p.message) for p in problems] == [("grade", True)]
    values["grade"] = "A"
    assert form_problems(Rating, "rating", people.office, None, values, rating.pk, timezone.localdate()) == []


def test_the_office_issues_an_agency_token_that_pushes_ratings_only(people, company):
    chengxin = agency()
    admin = people.client(people.office_admin)
    response = admin.post(
        "/admin/records/apitoken/add/",
        {
            "name": "评价结果报送",
            "department": people.office.pk,
            "rating_agency": chengxin.pk,
            "direction": "push",
            "kinds": ["penalty"],
        },
    )
    assert response.status_code == 200 and "只显示这一次" in response.content.decode()
    token = ApiToken.objects.get()
    assert token.rating_agency == chengxin and token.kinds == ["rating"]
    raw = re.search(r'value="(xy_[^"]+)"', response.content.decode()).group(1)
    assert push(raw, rating_row(chengxin, company)).json()["created"] == 1

    refused = admin.post(
        "/admin/records/apitoken/add/",
        {
            "name": "评价查询",
            "department": people.office.pk,
            "rating_agency": chengxin.pk,
            "direction": "read",
        },
    )
    assert "评价机构令牌只能是推送令牌" in refused.content.decode()
