"""Submitting a complaint or report: what a person sees, what is stored, and what is refused."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment, Case, Event
from tests import factories as f
from tests.complaints import factories as cf
from tests.complaints.helpers import URL, fields, form_tokens, post_form

pytestmark = pytest.mark.django_db


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_form_offers_complaint_and_report(client):
    page = client.get(URL + "?kind=report").content.decode()
    assert 'value="report"' in page and "checked" in page.split('value="report"')[1][:40]
    assert "合同违约" in page and "虚假宣传" in page and "拖欠工资" in page
    assert "js/complaints-form.js" in page and "js/sha256.js" in page
    assert "http" not in page.split("<script")[1].split(">")[0]  # self-hosted scripts only


def test_submit_with_evidence_shows_tracking_number_and_query_code(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = post_form(
            client, files=[cf.upload("现场照片.png"), cf.upload("合同.pdf", cf.PDF, "application/pdf")]
        )
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    page = receipt.content.decode()
    case = Case.objects.get()
    assert case.tracking_number in page
    code = page.split('id="query-code">')[1].split("<")[0]
    assert len(code) == 8
    # Only a hash of the query code is kept.
    assert code not in case.query_code_hash and case.query_code_hash.startswith("md5$")
    assert case.state == "submitted" and case.complainant_name == "李娜"
    assert sorted(a.original_name for a in case.attachments.all()) == ["合同.pdf", "现场照片.png"]
    # Stored under MEDIA_ROOT with random names and the detected type's extension.
    stored = _stored_files(settings)
    assert len(stored) == 2 and all("现场" not in p.name and "合同" not in p.name for p in stored)
    assert {p.suffix for p in stored} == {".png", ".pdf"}
    assert Event.objects.get(case=case).to_state == "submitted"
    # The email repeats both, in text and HTML.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lina@example.cn"] and case.tracking_number in message.subject
    assert code in message.body and code in message.alternatives[0][0]


def test_a_refreshed_or_double_submit_creates_one_case(client):
    first, data = post_form(client)
    second = client.post(URL, data)
    assert Case.objects.count() == 1
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert Case.objects.get().tracking_number in page


def test_someone_elses_token_reveals_no_query_code(client):
    first, _ = post_form(client)
    client.cookies.clear()
    page = client.get(first["Location"]).content.decode()
    assert "该表单已提交" in page and Case.objects.get().tracking_number not in page


def test_typed_text_survives_a_validation_error(client):
    response, _ = post_form(client, title="", facts="对方收款后失联，涉及金额三万元整。")
    page = response.content.decode()
    assert response.status_code == 400
    assert "对方收款后失联，涉及金额三万元整。" in page
    assert "西安鼎盛商贸有限公司" in page and "李娜" in page and "13900000001" in page
    assert "请重新选择附件" not in page  # no file had been chosen
    assert Case.objects.count() == 0


def test_oversized_file_is_refused_in_chinese_and_nothing_is_kept(client, settings):
    response, _ = post_form(client, files=[cf.upload("ok.png"), cf.big_upload("扫描件.pdf")])
    page = response.content.decode()
    assert response.status_code == 400
    assert "文件“扫描件.pdf”大小为 11.0 MB，超过 10 MB 的上限" in page
    assert "2026年3月预付货款2万元" in page
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    "name,content",
    [
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a windows program"),
        ("image.jpg", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_disguised_file_is_refused_by_content(client, name, content):
    response, _ = post_form(client, files=[SimpleUploadedFile(name, content, content_type="image/png")])
    page = response.content.decode()
    assert response.status_code == 400
    assert f"文件“{name}”的内容不是 JPEG、PNG 图片或 PDF 文档" in page
    assert Case.objects.count() == 0


def test_at_most_five_files(client):
    response, _ = post_form(client, files=[cf.upload(f"p{i}.png") for i in range(6)])
    assert "最多上传 5 个文件，您选择了 6 个" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_jpeg_named_png_is_accepted_as_jpeg(client):
    post_form(client, files=[cf.upload("scan.png", cf.JPEG)])
    assert Attachment.objects.get().content_type == "image/jpeg"


def test_complaints_need_a_name_reports_may_be_anonymous(client):
    response, _ = post_form(client, anonymous="on", complainant_name="", complainant_phone="")
    assert "投诉须实名，匿名只适用于举报" in response.content.decode()
    assert Case.objects.count() == 0
    response, _ = post_form(
        client,
        kind="report",
        anonymous="on",
        complainant_name="王五",
        complainant_phone="",
        complainant_email="",
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.anonymous and case.complainant_name == "" and case.kind == "report"


def test_bad_uscc_is_explained(client):
    response, _ = post_form(client, subject_uscc="91610100ABCDEFGHIJ")
    assert "统一社会信用代码第" in response.content.decode()


def test_picked_subject_is_linked_and_free_text_is_kept(client, people):
    subject = people.company
    post_form(client, subject_id=str(subject.pk), subject_uscc=subject.uscc)
    post_form(client, subject_name="某不在库中的小作坊", subject_id="")
    linked, free = Case.objects.order_by("pk")
    assert linked.subject == subject and linked.subject_uscc == subject.uscc
    assert free.subject is None and free.subject_name == "某不在库中的小作坊"


def test_a_person_is_never_linked(client, people):
    person = people.citizen
    post_form(client, subject_name=person.name, subject_id=str(person.pk))
    assert Case.objects.get().subject is None


def test_honeypot_filled_creates_nothing(client):
    response, _ = post_form(client, homepage="http://spam.example")
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "预付款后拒不发货" in response.content.decode()


def test_without_the_proof_of_work_nothing_is_created(client):
    data = {**form_tokens(client.get(URL)), **fields()}
    data["pow_nonce"] = ""
    response = client.post(URL, data)
    assert response.status_code == 400 and "安全验证未完成" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_solved_challenge_is_single_use(client):
    tokens = form_tokens(client.get(URL))
    client.post(URL, {**tokens, **fields()})
    fresh = form_tokens(client.get(URL))
    reused = {**tokens, "form_token": fresh["form_token"]}
    response = client.post(URL, {**reused, **fields()})
    assert "安全验证已使用过" in response.content.decode()
    assert Case.objects.count() == 1


def test_submissions_per_ip_are_limited_and_text_is_kept(client, settings):
    settings.COMPLAINT_SUBMIT_LIMIT = (2, 3600)
    for _ in range(2):
        assert post_form(client)[0].status_code == 302
    response, _ = post_form(client, facts="第三次提交的内容应当保留在表单里。")
    page = response.content.decode()
    assert response.status_code == 429 and "提交过于频繁" in page
    assert "第三次提交的内容应当保留在表单里。" in page
    assert Case.objects.count() == 2


def test_html_and_script_are_stored_as_text_and_shown_escaped(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_form(client, title=payload[:90], facts=payload + " 事实。", subject_name=payload)
    case = Case.objects.get()
    assert case.facts.startswith("<script>")
    tracked = client.get(f"/complaints/track/{case.tracking_number}/").content.decode()
    assert "<script>alert" not in tracked and "&lt;script&gt;alert" in tracked
    assert "<img src=x" not in tracked


def test_subject_lookup_returns_non_person_subjects_only(client, people):
    company = people.company
    f.subject(name="鼎盛张三", kind="person")
    by_name = client.get("/complaints/subjects/", {"q": "鼎盛"}).json()["results"]
    assert by_name == [{"id": company.pk, "name": "西安鼎盛商贸有限公司", "uscc": company.uscc}]
    by_code = client.get("/complaints/subjects/", {"q": company.uscc.lower()}).json()["results"]
    assert [r["name"] for r in by_code] == ["西安鼎盛商贸有限公司"]
    assert client.get("/complaints/subjects/", {"q": "鼎"}).json()["results"] == []


def test_subject_lookup_is_rate_limited(client, settings):
    settings.COMPLAINT_LOOKUP_LIMIT = (3, 60)
    codes = [client.get("/complaints/subjects/", {"q": "鼎盛"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_only_a_submit_with_files_asks_to_choose_them_again(client):
    response, _ = post_form(client, title="", facts="")
    html = response.content.decode()
    assert response.status_code == 400 and "请按提示修改标红的项目" in html
    assert "请重新选择附件" not in html
    response, _ = post_form(client, files=[cf.upload("ok.png")], title="")
    assert response.status_code == 400 and "请重新选择附件" in response.content.decode()
