"""What a certificate certifies is decided once, by the publication rules, and kept."""

import pytest
from django.utils import timezone

from publicity.certificates.snapshot import build_snapshot, document_numbers
from records import models as m
from records.kinds import RECORD_KINDS
from tests import factories as f
from tests.publicity.certificates.factories import company_with_every_kind, issue

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_one_section_per_kind_with_exactly_the_publishable_records():
    story = company_with_every_kind()
    snapshot = build_snapshot(story.subject)
    assert [s["slug"] for s in snapshot["sections"]] == list(RECORD_KINDS)
    by_kind = {s["slug"]: [r["document_number"] for r in s["records"]] for s in snapshot["sections"]}
    for slug, record in story.public.items():
        assert by_kind[slug] == [record.document_number], slug
    for record in story.hidden:
        assert record.document_number not in document_numbers(snapshot)
    assert snapshot["total"] == len(story.public)
    assert snapshot["subject"]["code"] == story.subject.uscc


def test_records_of_other_subjects_are_not_included():
    story = company_with_every_kind()
    other = f.penalty(f.subject(name="别家公司"), story.department, document_number="别〔2026〕1号")
    assert other.document_number not in document_numbers(build_snapshot(story.subject))


def test_flags_come_from_publishable_list_entries():
    story = company_with_every_kind()
    black = f.list_type("严重违法失信名单", polarity="black")
    removed = f.list_entry(story.subject, story.department, black, removed_on=timezone.localdate())
    flags = build_snapshot(story.subject)["flags"]
    assert flags == {"red": ["A级纳税人"], "black": []}
    removed.removed_on = None
    removed.save()
    assert build_snapshot(story.subject)["flags"]["black"] == ["严重违法失信名单"]


def test_details_carry_labels_and_values():
    story = company_with_every_kind()
    penalty = next(s for s in build_snapshot(story.subject)["sections"] if s["slug"] == "penalty")
    assert penalty["number_label"] == "行政处罚决定书文号"
    details = dict(penalty["records"][0]["details"])
    assert details["处罚类别"] == "罚款" and details["罚款金额"] == "5 万元"
    assert details["公示截止期"]  # the default window when the department gave none


def test_a_person_is_identified_by_a_masked_id_number():
    person = f.subject(name="李四", kind=m.Subject.Kind.PERSON, id_number="61010219900101002X")
    snapshot = build_snapshot(person)
    assert snapshot["subject"]["code_label"] == "身份证号码"
    assert snapshot["subject"]["code"] == "6101**********002X"
    assert "61010219900101002X" not in str(snapshot)


def test_a_certificate_keeps_what_it_certified_after_records_change():
    story = company_with_every_kind()
    certificate = issue(story.subject).certificate
    penalty = story.public["penalty"]
    penalty.set_status(m.RecordStatus.WITHDRAWN, "复议撤销")
    penalty.save()
    story.subject.name = "陕西秦华建设集团有限公司"
    story.subject.save()
    certificate.refresh_from_db()
    assert penalty.document_number in document_numbers(certificate.snapshot)
    assert certificate.snapshot["subject"]["name"] == "陕西秦华建筑工程有限公司"
    # while a new certificate no longer lists the withdrawn penalty
    assert penalty.document_number not in document_numbers(issue(story.subject).certificate.snapshot)
