"""Every role boundary of the staff admin, told with the personas in tests/records/personas.py.

The last section holds the suite's only superusers, on purpose: a deployment may still create
one (`createsuperuser`), and those tests pin what not even a superuser may do (delete records,
edit the audit trail), what only a superuser sees (the login lockout's pages, in Chinese) and
that the credit office admin cannot touch one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from publicity.rules import is_publishable
from records import models as m
from records import staff
from tests import factories as f

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:records_{model._meta.model_name}_changelist")


def change(record):
    return reverse(f"admin:records_{record._meta.model_name}_change", args=[record.pk])


@pytest.fixture
def penalties(people):
    subj = f.subject(name="西安恒通商贸有限公司")
    return {
        "market": f.penalty(subj, people.market, document_number="西市监罚〔2026〕1号"),
        "ecology": f.penalty(subj, people.ecology, document_number="西环罚〔2026〕7号"),
    }


def penalty_form(department, subject, **extra):
    data = {
        "subject": subject.pk,
        "subject_name": subject.name,
        "subject_category": "legal",
        "subject_uscc": subject.uscc,
        "department": department.pk,
        "document_number": "西市监罚〔2026〕88号",
        "decision_date": "2026-03-02",
        "violation_type": "虚假宣传",
        "violation_facts": "经查，当事人在网店作虚假宣传。",
        "legal_basis": "《中华人民共和国反不正当竞争法》第二十条",
        "categories": "罚款",
        "content": "罚款人民币3万元",
        "fine_amount": "3",
        "authority": department.name,
        "authority_uscc": department.uscc,
    }
    data.update(extra)
    return data


def test_the_five_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(staff.ROLES)


def test_operators_see_only_their_own_departments_records(people, penalties):
    for persona, visible, hidden in [
        (people.operator, "西市监罚〔2026〕1号", "西环罚〔2026〕7号"),
        (people.colleague, "西市监罚〔2026〕1号", "西环罚〔2026〕7号"),
        (people.other_operator, "西环罚〔2026〕7号", "西市监罚〔2026〕1号"),
    ]:
        page = people.client(persona).get(changelist(m.Penalty)).content.decode()
        assert visible in page and hidden not in page, persona.username


@pytest.mark.parametrize("who", ["reviewer", "office_admin", "auditor"])
def test_credit_office_and_auditors_see_every_department(people, penalties, who):
    page = people.client(getattr(people, who)).get(changelist(m.Penalty)).content.decode()
    assert "西市监罚〔2026〕1号" in page and "西环罚〔2026〕7号" in page


@pytest.mark.parametrize("who", ["complaint_handler", "outsider"])
def test_roles_without_record_rights_are_refused(people, penalties, who):
    assert people.client(getattr(people, who)).get(changelist(m.Penalty)).status_code == 403


def test_operator_cannot_open_another_departments_record(people, penalties):
    response = people.client(people.operator).get(change(penalties["ecology"]))
    # The admin answers as if the record did not exist.
    assert response.status_code == 302
    assert people.client(people.operator).get(change(penalties["market"])).status_code == 200


def test_operator_enters_a_draft_for_their_own_department(people):
    subj = f.subject()
    client = people.client(people.operator)
    form = client.get(reverse("admin:records_penalty_add")).content.decode()
    assert "西安市生态环境局" not in form
    response = client.post(reverse("admin:records_penalty_add"), penalty_form(people.market, subj))
    assert response.status_code == 302, response.content.decode()[:2000]
    record = m.Penalty.objects.get(document_number="西市监罚〔2026〕88号")
    assert record.status == m.RecordStatus.DRAFT and record.entered_by == people.operator
    assert record.department == people.market
    assert not is_publishable(record)


def test_a_forged_department_in_the_post_is_refused_with_a_message(people):
    subj = f.subject()
    response = people.client(people.operator).post(
        reverse("admin:records_penalty_add"), penalty_form(people.ecology, subj)
    )
    assert response.status_code == 200
    assert "只能填报本部门（西安市市场监督管理局）的数据" in response.content.decode()
    assert not m.Penalty.objects.filter(document_number="西市监罚〔2026〕88号").exists()


def test_operator_edits_drafts_and_published_records_only_under_review(people):
    subj = f.subject()
    draft = f.penalty(subj, people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    submitted = f.penalty(subj, people.market, status=m.RecordStatus.SUBMITTED)
    published = f.penalty(subj, people.market)
    withdrawn = f.penalty(subj, people.market, status=m.RecordStatus.WITHDRAWN)
    client = people.client(people.operator)
    data = penalty_form(people.market, subj, document_number=draft.document_number, content="罚款人民币4万元")
    assert client.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.content == "罚款人民币4万元"
    # Still under review, now with the operator as last editor (who may not approve it).
    data = penalty_form(people.market, subj, document_number=submitted.document_number, content="改")
    assert client.post(change(submitted), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == m.RecordStatus.SUBMITTED and submitted.last_edited_by == people.operator
    # Published: the edit is a revision under review; the public version is untouched.
    data = penalty_form(people.market, subj, document_number=published.document_number, content="改")
    assert client.post(change(published), data).status_code == 302
    published.refresh_from_db()
    assert published.content != "改" and is_publishable(published)
    revision = m.Revision.objects.get(record_kind="penalty", record_id=published.pk)
    assert revision.status == m.Revision.Status.SUBMITTED and revision.changes["content"][1] == "改"
    data = penalty_form(people.market, subj, document_number=withdrawn.document_number, content="改")
    assert client.post(change(withdrawn), data).status_code == 403
    withdrawn.refresh_from_db()
    assert withdrawn.content != "改"


def test_colleague_in_the_same_department_may_edit_the_draft(people):
    draft = f.penalty(f.subject(), people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    assert people.client(people.colleague).get(change(draft)).status_code == 200
    other = people.client(people.other_operator).get(change(draft))
    assert other.status_code == 302


def test_auditor_views_but_cannot_change_or_add(people, penalties):
    client = people.client(people.auditor)
    assert client.get(change(penalties["market"])).status_code == 200
    data = penalty_form(people.market, penalties["market"].subject, content="改")
    assert client.post(change(penalties["market"]), data).status_code == 403
    assert client.get(reverse("admin:records_penalty_add")).status_code == 403


def test_reviewer_cannot_edit_record_content(people, penalties):
    data = penalty_form(people.market, penalties["market"].subject, content="改")
    assert people.client(people.reviewer).post(change(penalties["market"]), data).status_code == 403


def test_operator_without_a_department_sees_nothing(people, penalties):
    response = people.client(people.newcomer).get(changelist(m.Penalty), follow=True)
    page = response.content.decode()
    assert "西市监罚〔2026〕1号" not in page and "尚未关联部门" in page


def test_every_record_kind_is_scoped(people):
    from records.kinds import RECORD_KINDS

    subj = f.subject()
    f.inspection(subj, people.ecology, document_number="西环检〔2026〕3号")
    for kind in RECORD_KINDS.values():
        response = people.client(people.operator).get(changelist(kind.model))
        assert response.status_code == 200, kind.slug
        assert "西环检〔2026〕3号" not in response.content.decode()


def test_operator_reports_typical_cases_only_for_their_department(people):
    measure = m.Measure.objects.create(
        name="限制参与政府采购",
        polarity="black",
        basis_memorandum="发改财金〔2016〕141号",
        implementing_department="财政厅",
    )
    client = people.client(people.operator)
    data = {
        "department": people.ecology.pk,
        "month": "2026-10-15",
        "measure": measure.pk,
        "subject_name": "某公司",
        "title": "限制失信企业参与政府采购",
        "summary": "依据联合惩戒备忘录，取消其投标资格。",
    }
    response = client.post(reverse("admin:records_measurecase_add"), data)
    assert "只能填报本部门" in response.content.decode()
    data["department"] = people.market.pk
    assert client.post(reverse("admin:records_measurecase_add"), data).status_code == 302
    case = m.MeasureCase.objects.get()
    assert case.month.day == 1 and case.reported_by == people.operator
    assert (
        people.client(people.other_operator)
        .get(reverse("admin:records_measurecase_changelist"))
        .content.decode()
        .count("限制失信企业参与政府采购")
        == 0
    )


def test_scoped_lists_do_not_grow_queries_with_rows(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from records.audit import audit_log

    subj = f.subject()
    f.penalty(subj, people.market)
    audit_log(m.AuditEntry.Action.UPDATE, people.market, actor=people.operator)
    pages = [
        (people.operator, changelist(m.Penalty)),
        (people.auditor, reverse("admin:records_auditentry_changelist")),
    ]
    few = {}
    for user, url in pages:
        client = people.client(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few[url] = len(queries)
    for _ in range(20):
        f.penalty(subj, people.market)
        audit_log(m.AuditEntry.Action.UPDATE, people.market, actor=people.operator)
    for user, url in pages:
        client = people.client(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= few[url], url


# --- superusers: what not even they may do ---------------------------------------------------


def test_nobody_deletes_records_not_even_a_superuser(people, penalties, admin_client):
    url = reverse("admin:records_penalty_delete", args=[penalties["market"].pk])
    for client in (people.client(people.office_admin), people.client(people.operator), admin_client):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert m.Penalty.objects.filter(pk=penalties["market"].pk).exists()


def test_not_even_a_superuser_edits_or_deletes_the_audit_trail(people, admin_client):
    from records.audit import audit_log

    entry = audit_log(m.AuditEntry.Action.UPDATE, people.market, changes={"name": ["a", "b"]})
    assert admin_client.post(change(entry), {"reason": "改掉"}).status_code == 403
    delete = reverse("admin:records_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:records_auditentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""


def test_credit_office_admin_manages_accounts_but_cannot_make_superusers(people):
    client = people.client(people.office_admin)
    url = reverse("admin:auth_user_change", args=[people.operator.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    superuser = type(people.operator).objects.create_superuser("root", "r@example.cn", "Root-Pass-2026x")
    response = client.post(reverse("admin:auth_user_change", args=[superuser.pk]), {"username": "root2"})
    assert response.status_code == 403


def test_a_superuser_reads_the_login_lockout_in_chinese(admin_client):
    # No role is granted the login-lockout app (axes): only a superuser sees its pages.
    from tests.portal.test_staff_chinese import english_words, visible_text

    index = visible_text(admin_client.get(reverse("admin:index")).content.decode())
    assert "登录锁定" in index and not {"Axes", "AXES", "Access", "TOTP", "Task"} & english_words(index)
    page = visible_text(admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode())
    assert not english_words(page), english_words(page)
