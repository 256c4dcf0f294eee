"""Builders and personas for complaint tests: files, cases in each state, staff users."""

import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import permissions, services, uploads
from records.models import StaffProfile
from tests import factories as f

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


def user(username=None, **kw):
    return get_user_model().objects.create_user(
        username or f"user{next(_n)}", password="pw-Long-enough-1", **{"is_staff": True, **kw}
    )


def credit_officer(username=None, group=permissions.COMPLAINT_HANDLER):
    u = user(username)
    u.groups.add(Group.objects.get_or_create(name=group)[0])
    return u


def department_user(department, username=None):
    u = user(username)
    StaffProfile.objects.create(user=u, department=department)
    return u


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


def accepted(office, **kw):
    return services.case_accept(case(**kw), office)


def forwarded(office, departments, **kw):
    return services.case_forward(accepted(office, **kw), office, departments)


def concluded(office, department, dept_user, reply="经查属实，已责令退款。", **kw):
    c = forwarded(office, [department], **kw)
    return services.case_department_action(c, dept_user, "reply", reply)


def department(name="西安市市场监督管理局", area="610100"):
    return f.department(name=name, area=area)


def bytes_io(content):
    return io.BytesIO(content)
