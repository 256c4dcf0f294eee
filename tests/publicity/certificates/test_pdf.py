"""The issued PDF, as a reader and a validator see it: text, fonts, pages, archival form, signature."""

import hashlib
import io
import json
import re

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from publicity.certificates.signing import DEMO_CERT_NAME, check_signature
from records import models as m
from tests import factories as f
from tests.publicity.certificates.factories import company_with_every_kind, issue
from tests.publicity.certificates.pdftools import pdf_attachment, pdf_fonts, pdf_info, pdf_lines, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return company_with_every_kind()


def test_pdf_text_shows_subject_flags_and_every_publishable_record(story):
    issued = issue(story.subject, purpose="other", purpose_detail="2026年度评优项目")
    text = pdf_text(issued.pdf)
    assert "信用信息查询结果" in text
    assert story.subject.name in text and story.subject.uscc in text
    assert issued.certificate.number in text and issued.certificate.serial in text
    assert "其他（2026年度评优项目）" in text and "西安市财政局" in text
    for number in story.public_numbers():
        assert number in text, number
    assert "守信激励对象是（A级纳税人）" in text
    assert "失信惩戒对象否" in text
    for record in story.hidden:
        assert record.document_number not in text


def test_kinds_without_records_say_so(story):
    bare = f.subject(name="西安无记录科技有限公司")
    text = pdf_text(issue(bare).pdf)
    assert text.count("查询期内无相关信息") == 13
    assert "共0条" in text
    assert "守信激励对象否" in text and "失信惩戒对象否" in text


def test_black_list_entry_flags_the_subject(story):
    f.list_entry(story.subject, story.department, f.list_type("严重违法失信名单", polarity="black"))
    text = pdf_text(issue(story.subject).pdf)
    assert "失信惩戒对象是（严重违法失信名单）" in text


def test_pages_are_numbered_a4_with_qr_footer_url(story):
    for _ in range(40):
        f.penalty(story.subject, story.department)
    issued = issue(story.subject)
    info = pdf_info(issued.pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    assert "595.276 x 841.89 pts (A4)" in info
    text = pdf_text(issued.pdf)
    for page in range(1, pages + 1):
        assert f"第{page}页共{pages}页" in text
    url = f"https://credit.example.gov.cn/verify/{issued.certificate.number}"
    assert pdf_lines(issued.pdf).count(url) == pages  # the footer, with its QR code, is on every page


def test_fonts_are_embedded_cjk_subsets(story):
    fonts = pdf_fonts(issue(story.subject).pdf)
    cjk = [font for font in fonts if "CJK" in font["name"]]
    assert cjk, fonts
    assert all(font["emb"] == "yes" and font["sub"] == "yes" and font["uni"] == "yes" for font in fonts)
    assert all(re.match(r"^[A-Z]{6}\+", font["name"]) for font in cjk)


def test_archival_pdf_a3b_with_snapshot_attached(story):
    issued = issue(story.subject)
    info = pdf_info(issued.pdf)
    assert re.search(r'pdfaid:part(="|>)3', info) and re.search(r'pdfaid:conformance(="|>)B', info)
    producers = re.findall(r'(?:pdf:Producer="|Producer:\s+)([^"\n]+)', info)
    assert len(producers) == 2 and producers[0] == producers[1]  # XMP and info dictionary agree
    attached = json.loads(pdf_attachment(issued.pdf, "snapshot.json"))
    assert attached["number"] == issued.certificate.number
    assert attached["snapshot"] == issued.certificate.snapshot


def test_person_id_number_never_in_full():
    person = f.subject(name="张三", kind=m.Subject.Kind.PERSON, id_number="610102198503120019")
    dept = f.department()
    f.list_entry(person, dept, f.list_type("失信被执行人名单", polarity="black"))
    issued = issue(person)
    text = pdf_text(issued.pdf)
    assert "张三" in text and "6101**********0019" in text
    assert "610102198503120019" not in text
    assert b"610102198503120019" not in issued.pdf
    assert "610102198503120019" not in str(issued.certificate.snapshot)
    assert issued.certificate.subject_code == "6101**********0019"


def _validate(data: bytes, signing_dir):
    reader = PdfFileReader(io.BytesIO(data))
    root = load_cert_from_pemder(str(signing_dir / DEMO_CERT_NAME))
    return validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=[root]))


def test_signature_validates_with_pyhanko(story, signing_key):
    issued = issue(story.subject)
    status = _validate(issued.pdf, signing_key)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert issued.certificate.pdf_sha256 == hashlib.sha256(issued.pdf).hexdigest()
    assert check_signature(issued.pdf).ok


def test_one_changed_byte_anywhere_breaks_the_signature(story, signing_key):
    pdf = issue(story.subject).pdf
    contents = re.search(rb"/Contents <([0-9A-F]+)>", pdf)
    der_end = contents.start(1) + len(contents.group(1).rstrip(b"0")) + 8
    positions = {
        "header": 2,
        "page content": len(pdf) // 3,
        "font data": len(pdf) // 2,
        "signature value": contents.start(1) + 40,
        "signature padding": der_end,
        "trailer": len(pdf) - 10,
    }
    for where, pos in positions.items():
        altered = bytearray(pdf)
        altered[pos] = altered[pos] ^ 0x01 if altered[pos] != ord("0") else ord("1")
        assert not check_signature(bytes(altered)).ok, where
    # pyHanko's own verdict on a change inside the signed bytes.
    altered = bytearray(pdf)
    altered[len(pdf) // 3] ^= 0x01
    assert not _validate(bytes(altered), signing_key).intact


def test_the_pdf_lists_the_measures_the_profile_shows_and_reads_like_chinese(client):
    department = f.department()
    shop = f.subject("雁塔区老王副食店", kind=m.Subject.Kind.INDIVIDUAL_BUSINESS, uscc=f.uscc(org_type="2"))
    black = f.list_type("严重违法失信名单", polarity="black")
    measure = m.Measure.objects.create(
        name="限制参与政府采购活动",
        content="依法限制其参与政府采购活动。",
        polarity="black",
        basis_memorandum="发改财金〔2016〕141号",
        implementing_department="财政部门",
    )
    measure.list_types.add(black)
    f.list_entry(shop, department, black)
    f.penalty(shop, department, violation_facts="经查，当事人销售过期食品。")

    profile = client.get(f"/subjects/{shop.uscc}/").content.decode()
    assert "限制参与政府采购活动" in profile and "经营者" in profile
    text = pdf_text(issue(shop).pdf)
    assert "适用的联合奖惩措施" in text and "限制参与政府采购活动（失信惩戒）" in text
    assert "发改财金〔2016〕141号" in text and "财政部门" in text
    assert "经营者王伟" in text and "法定代表人" not in text  # a 个体工商户 has a 经营者
    assert "。；" not in text
