"""One staff login with two-factor on every staff page: a persona holding one shipped role and
a confirmed authenticator never gets past the password alone, whichever login page made the
session, and gets in everywhere its role reaches with a valid code."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.records.personas import PASSWORD, authenticator, otp_code

pytestmark = pytest.mark.django_db

# Every staff entry point: the admin (the workbench, the review queue), the complaint workspace,
# the import and timeliness pages.
ENTRY_POINTS = [
    "/admin/",
    "/admin/review/",
    "/admin/records/revision/",
    "/admin/records/penalty/",
    "/admin/records/auditentry/",
    "/complaints/staff/",
    "/records/import/",
    "/records/timeliness/",
]
# What every role reaches once properly signed in (the timeliness summary is for the roles that
# report or supervise reporting, not for complaint handlers: records/migrations/0012_role_permissions).
EVERY_ROLE_REACHES = ["/admin/", "/complaints/staff/"]
ONE_ROLE_EACH = ["reviewer", "office_admin", "operator", "complaint_handler", "auditor"]


def sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ONE_ROLE_EACH)
def test_the_password_alone_never_gets_in(people, persona):
    user = getattr(people, persona)
    authenticator(user)

    # The one login asks for the code.
    client = Client()
    page = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    assert "该账号已开启两步验证，请输入动态验证码" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # The complaint workspace's old login address logs nobody in either.
    client.post("/complaints/staff/login/", {"username": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    for path in ENTRY_POINTS:
        assert sent_to_login(client.get(path)), path

    # A session made with the password only (any other login path) is no login on any page.
    for path in ENTRY_POINTS:
        session = Client()
        session.force_login(user)
        assert sent_to_login(session.get(path)), path
        assert "_auth_user_id" not in session.session


@pytest.mark.parametrize("persona", ONE_ROLE_EACH)
def test_with_a_valid_code_every_entry_point_answers(people, persona):
    user = getattr(people, persona)
    device = authenticator(user)
    for path in ENTRY_POINTS:
        client = Client()
        form = {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": otp_code(device),
            "next": path,
        }
        response = client.post(reverse("admin:login"), form)
        assert response.status_code == 302 and response["Location"] == path
        answer = client.get(path)
        # The page itself answers: 200, or 403 where the role has no business.
        assert answer.status_code in (200, 403), path
        if path in EVERY_ROLE_REACHES:
            assert answer.status_code == 200, path


def test_named_roles_must_set_up_two_factor_on_every_staff_page(people, settings):
    settings.STAFF_OTP_ROLES = ["信用办管理员", "信用办审核员"]
    reviewer = people.client(people.reviewer)
    for path in ENTRY_POINTS:
        response = reviewer.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("admin:two_factor"), path
    assert "须开启两步验证" in reviewer.get(reverse("admin:two_factor")).content.decode()
    # Roles the setting does not name are not affected.
    operator = people.client(people.operator)
    for path in EVERY_ROLE_REACHES:
        assert operator.get(path).status_code == 200, path


def test_production_requires_two_factor_of_the_credit_office_roles_by_default():
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DEBUG", "STAFF_OTP_ROLES"}}
    env.update(DEBUG="0", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="config.settings")
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.STAFF_OTP_ROLES)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout
    assert out.strip() == "['信用办管理员', '信用办审核员']"
