"""Builders for credit repair and objection tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="缴款凭证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def old_penalty(subject, department, days=200, **kw):
    """An ordinary penalty public long enough to be repaired (3 months minimum)."""
    kw.setdefault("decision_date", timezone.localdate() - datetime.timedelta(days=days))
    kw.setdefault("publish_until", timezone.localdate() + datetime.timedelta(days=300))
    return f.penalty(subject, department, **kw)


def repair_data(record, **kw) -> dict:
    data = {
        "record_kind": record.kind,
        "document_number": record.document_number,
        "applicant_name": record.subject.name,
        "applicant_code": record.subject.uscc,
        "contact_name": "刘经理",
        "contact_phone": "029-88886666",
        "reason": "罚款已于2026年3月足额缴纳，虚假宣传内容已全部下架并整改。",
        "commitment_text": "本公司承诺今后依法诚信经营，如违反承诺自愿接受惩戒。",
    }
    data.update(kw)
    return data


def objection_data(record, **kw) -> dict:
    data = {
        "record_kind": record.kind,
        "document_number": record.document_number,
        "applicant_name": record.subject.name,
        "applicant_code": record.subject.uscc,
        "contact_name": "刘经理",
        "contact_phone": "13800000000",
        "wrong_content": "罚款金额有误",
        "correct_content": "罚款人民币0.5万元",
        "description": "处罚决定书载明罚款5千元，公示为5万元。",
    }
    data.update(kw)
    return data
