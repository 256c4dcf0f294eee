"""The staff admin reads as Chinese: each persona (one role, never superuser) walks the pages
its role sees (the workbench, every list linked from it, one change form and one add form per
model it may use) and no English word appears in the visible text, apart from codes and
abbreviations on an explicit allow-list."""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from complaints import services
from outbox.models import OutgoingMail
from records import models as m
from records.appeals.objections import objection_lodge
from records.appeals.repairs import repair_apply
from records.services import listing
from records.services.publication import record_approve, record_save_by_hand, record_submit, record_withdraw
from tests import factories as f
from tests.complaints import factories as cf
from tests.records.appeal_factories import objection_data, old_penalty, pdf, repair_data
from tests.records.exchange_factories import token

pytestmark = pytest.mark.django_db

ROLES = [
    "operator",
    "reviewer",
    "office_admin",
    "auditor",
    "complaint_handler",
    "outsider",
]

# Codes and abbreviations a Chinese clerk reads as they are.
ALLOWED = {
    "USCC",
    "PDF",
    "CSV",
    "XLSX",
    "XLS",
    "Excel",
    "API",
    "ID",
    "URL",
    "TOTP",
    "IP",
    "JSON",
    "SHA",
    "HTTP",
    "HTTPS",
    "HTML",
    "YYYY",
    "MM",
    "DD",
    "HH",
    "SS",
    "CA",
    "QR",
    "SM",
    "UTF",
    "GBK",
    "MB",
    "KB",
    "LDAP",
    # Credit grades, as rating agencies write them (AAA/AA/A/BBB/BB/B/CCC/CC/C).
    "AAA",
    "AA",
    "BBB",
    "BB",
    "CCC",
    "CC",
}
# The portal's field codes (cf_wsh, xk_xdr_shxym, ...): prefix_suffix in lower case.
FIELD_CODE = re.compile(r"^[a-z]{1,6}(_[a-z0-9]+)+$")
# Test data: the personas' usernames (and the superuser's of tests/records/test_admin_scoping.py)
# and their e-mail addresses.
USERNAMES = {"wang", "li", "zhao", "chen", "zhou", "sun", "qian", "wu", "zheng", "ma", "admin"}
EMAIL = re.compile(r"[\w.+*-]+@[\w-]+(\.[\w-]+)+")  # also masked: a***@example.org
# An API token's public prefix (records.ApiToken), shown so staff can tell tokens apart.
TOKEN_PREFIX = re.compile(r"\bxy_[A-Za-z0-9_-]+")
LINK = re.compile(r"https?://\S+")
# A token of letters, digits and underscores, hyphenated parts kept together; one with a digit is
# a code (XF2026..., T02, md5, a tender number XAZB-2026-0158).
TOKEN = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")
# Names of the authenticator apps the two-factor page recommends.
PRODUCT_NAMES = ("Google Authenticator", "Microsoft Authenticator", "FreeOTP")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Hidden: scripts, styles, and what the page marks as a code not to translate (a
        # TOTP secret, a token prefix, a password hash).
        if tag in ("script", "style", "template") or attrs.get("translate") == "no":
            self.stack.append(tag)
            return
        if self.stack:
            if tag not in VOID:
                self.stack.append(tag)
            return
        for name in VISIBLE_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.stack and tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(text: str) -> set[str]:
    text = TOKEN_PREFIX.sub(" ", LINK.sub(" ", EMAIL.sub(" ", text)))
    for name in PRODUCT_NAMES:
        text = text.replace(name, " ")
    words = set()
    for word in TOKEN.findall(text):
        if any(c.isdigit() for c in word) or not any(c.isalpha() for c in word):
            continue
        if word in ALLOWED or word.upper() in ALLOWED or word in USERNAMES or FIELD_CODE.match(word):
            continue
        if len(word) == 1 and word.isupper():  # grades and scales: A级, A/B/M/C/D
            continue
        words.add(word)
    return words


def build_data(people):
    """Something in every list a role may open, so rows (and their labels) are on the page."""
    company, person = people.company, people.citizen
    f.penalty(company, people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    submitted = f.penalty(company, people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    record_submit(submitted, people.operator)
    published = f.penalty(company, people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    record_submit(published, people.operator)
    record_approve(published, people.reviewer)
    record_withdraw(published, people.office_admin, "重复录入")
    f.penalty(person, people.market)
    old_penalty(company, people.market, document_number="西市监罚〔2026〕30号")
    f.permit(company, people.market)
    f.list_entry(company, people.market)
    f.commitment(company, people.market)
    f.inspection(company, people.market)
    f.abnormal(company, people.market)
    f.rating(company, people.market)
    for model in (m.Enforcement, m.Confirmation, m.Reward, m.Payment, m.Filing, m.Qualification):
        f.action(model, company, people.market)
    repairable = m.Penalty.objects.get(document_number="西市监罚〔2026〕30号")
    repair_apply(**repair_data(repairable), files=[pdf()])
    objection_lodge(**objection_data(f.penalty(company, people.market)))
    token(people.market)
    m.IngestBatch.objects.create(
        department=people.market, kind="penalty", source="upload", user=people.operator, filename="处罚.xlsx"
    )
    OutgoingMail.objects.create(purpose="测试", to="a@example.org", subject="测试", text="测试")
    listing.notice_serve(
        list_type=f.list_type(),
        subject=company,
        department=people.market,
        reasons="拒不履行生效法律文书",
        basis="《市场监督管理严重违法失信名单管理办法》第十条",
        user=people.operator,
    )
    approved = f.penalty(company, people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    record_submit(approved, people.operator)
    record_approve(approved, people.reviewer)
    approved.content = "罚款人民币6万元"
    record_save_by_hand(approved, people.operator)  # a revision under review
    m.DirectPublishing.objects.create(
        department=people.market, list_type=f.list_type(), granted_by=people.office_admin
    )
    m.Delegation.objects.create(
        reporting_department=people.market,
        on_behalf_of=people.ecology,
        valid_from=timezone.localdate(),
        created_by=people.office_admin,
    )
    m.RecordDelta.objects.create(
        op=m.RecordDelta.Op.choices[0][0],
        record_kind="penalty",
        record_id=repairable.pk,
        document_number=repairable.document_number,
        subject_name=company.name,
        department=people.market,
        reason="信用修复",
    )
    case = cf.submit().case
    services.case_forward(
        services.case_accept(case, people.complaint_handler), people.complaint_handler, [people.market]
    )
    return case


def page_urls(user) -> list[str]:
    """The workbench, the lists it links to, one change and one add form per model."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        perms = model_admin.get_model_perms(_request(user))
        if not any(perms.values()):
            continue
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if perms.get("add"):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if perms.get("change") or perms.get("view"):
            qs = model_admin.get_queryset(_request(user))
            first = qs.order_by("pk").first()
            if first is not None:
                try:
                    urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
                except NoReverseMatch:
                    pass
    return urls


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def workbench_urls(client) -> list[str]:
    html = client.get(reverse("admin:index")).content.decode()
    out = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = href.replace("&amp;", "&")
        path = urlsplit(href).path
        if href.startswith("/") and not path.startswith(("/static/", "/api/", "/admin/logout")):
            out.append(href)
    return out


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_a_role_sees_have_no_english_words(people, role):
    case = build_data(people)
    user = getattr(people, role)
    client = people.client(user)
    seen, offending = set(), {}
    for url in [*page_urls(user), *workbench_urls(client), f"/complaints/staff/{case.pk}/"]:
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = visible_text(response.content.decode())
        words = english_words(page)
        if words:
            offending[url] = [_in_context(word, page) for word in sorted(words)]
    assert not offending, "\n".join(f"{url}: {' | '.join(words)}" for url, words in offending.items())


def _in_context(word: str, page: str) -> str:
    """The word with a little of the text around it, to find it on the page."""
    match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", page)
    if match is None:
        return word
    return f"{word} «{page[max(0, match.start() - 15) : match.end() + 15]}»"


def test_the_scan_finds_english_and_allows_codes():
    html = (
        '<p title="Save">统一社会信用代码（USCC）cf_wsh wang@example.gov.cn 2026-01-01</p>'
        "<script>var x = 'hidden';</script><a href='/english/'>审核</a> penalty"
    )
    assert english_words(visible_text(html)) == {"Save", "penalty"}


def test_the_compiled_catalogue_is_current():
    """locale/zh_Hans: the committed .mo holds every translation of the .po (`make messages`)."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', (folder / "django.po").read_text(), re.M)
    with (folder / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert pairs and all(catalogue.gettext(msgid) == msgstr for msgid, msgstr in pairs)


def test_third_party_apps_are_named_in_chinese_and_internals_hidden():
    # Their admin pages (登录失败记录) are for superusers only: tests/records/test_admin_scoping.py.
    from axes.models import AccessAttempt
    from django.apps import apps
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    assert str(apps.get_app_config("axes").verbose_name) == "登录锁定"
    assert str(AccessAttempt._meta.verbose_name_plural) == "登录失败记录"
    assert not admin.site.is_registered(DBTaskResult) and not admin.site.is_registered(TOTPDevice)


def test_an_account_admin_resets_a_lost_authenticator(people):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=people.operator, name="手机", confirmed=True)
    response = people.client(people.office_admin).post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [people.operator.pk]},
    )
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=people.operator).exists()
    assert m.AuditEntry.objects.filter(action="two_factor", object_id=str(people.operator.pk)).exists()


def test_the_add_form_says_a_new_record_is_saved_as_a_draft(people):
    page = people.client(people.operator).get(reverse("admin:records_penalty_add")).content.decode()
    text = visible_text(page)
    assert "草稿（保存后提交审核" in text and "公示中" not in text
    assert 'name="status"' not in page


def test_the_subject_is_searched_by_code_or_found_from_the_typed_code(people):
    company = f.subject(name="西安诚信商贸有限公司")
    client = people.client(people.operator)
    add = reverse("admin:records_penalty_add")
    assert "admin-autocomplete" in client.get(add).content.decode()  # no id popup
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": company.uscc, "app_label": "records", "model_name": "penalty", "field_name": "subject"},
    ).json()
    assert [r["text"] for r in found["results"]] == [str(company)]
    data = {
        "subject_name": company.name,
        "subject_category": "legal",
        "subject_uscc": company.uscc.lower(),
        "department": people.market.pk,
        "document_number": "西市监罚〔2026〕77号",
        "decision_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "reported_at_0": timezone.localdate().isoformat(),
        "reported_at_1": "09:00:00",
        "violation_type": "发布虚假广告",
        "violation_facts": "经查，当事人发布虚假广告。",
        "legal_basis": "《中华人民共和国广告法》第五十五条",
        "categories": "罚款",
        "content": "罚款人民币5万元",
        "fine_amount": "5",
        "authority": people.market.name,
        "authority_uscc": people.market.uscc,
    }
    response = client.post(add, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    record = m.Penalty.objects.get(document_number="西市监罚〔2026〕77号")
    assert record.subject == company and record.status == m.RecordStatus.DRAFT
    data.update(document_number="西市监罚〔2026〕78号", subject_uscc=f.uscc())
    refused = visible_text(client.post(add, data).content.decode())
    assert "请选择信用主体" in refused


def test_an_audit_diff_shows_labels_and_beijing_time(people):
    from records.audit import audit_log

    entry = audit_log(
        m.AuditEntry.Action.UPDATE,
        f.penalty(f.subject(), people.market),
        changes={
            "status": ["published", "withdrawn"],
            "status_changed_at": [None, "2026-03-01T16:30:00+00:00"],
            "is_late": [False, True],
        },
    )
    page = people.client(people.auditor).get(reverse("admin:records_auditentry_change", args=[entry.pk]))
    text = visible_text(page.content.decode())
    assert "公示中 已撤销" in text and "2026-03-02 00:30:00" in text and "published" not in text
    assert str(entry).startswith(f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}")
