"""Builders for complaint tests: evidence files and cases in each state. The people who file and
handle them are the shared personas (tests/records/personas.py)."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services, uploads

_n = itertools.count(1)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="evidence.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_upload(name="huge.pdf", megabytes=11):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n" + b"0" * (megabytes * 1024 * 1024), content_type="application/pdf"
    )


def case_data(**kw):
    data = {
        "kind": "complaint",
        "anonymous": False,
        "subject_name": "西安鼎盛商贸有限公司",
        "subject_uscc": "",
        "category": "contract",
        "title": "预付款后拒不发货",
        "facts": "2026年3月预付货款2万元，对方至今未发货。",
        "demand": "退还货款",
        "occurred_on": None,
        "complainant_name": "李娜",
        "complainant_phone": "13900000001",
        "complainant_email": "lina@example.cn",
        "complainant_address": "西安市雁塔区某小区",
    }
    data.update(kw)
    return data


def submit(files=(), subject=None, **kw):
    checked = uploads.check_files(list(files))
    return services.case_submit(
        form_token=f"tok-{next(_n)}", data=case_data(**kw), files=checked, subject=subject, ip="10.0.0.1"
    )


def case(**kw):
    return submit(**kw).case


def accepted(people, **kw):
    """Accepted by the credit office's complaint handler (吴投诉)."""
    return services.case_accept(case(**kw), people.complaint_handler)


def forwarded(people, departments=None, **kw):
    """Accepted and forwarded (to the market regulator unless `departments` says otherwise)."""
    return services.case_forward(
        accepted(people, **kw), people.complaint_handler, departments or [people.market]
    )


def concluded(people, reply="经查属实，已责令退款。", **kw):
    """Forwarded to the market regulator, whose operator (王市监) replied."""
    return services.case_department_action(forwarded(people, **kw), people.operator, "reply", reply)
