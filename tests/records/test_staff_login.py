"""Staff login hardening: lockout, password rules, idle sessions, optional TOTP."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from records import models as m
from tests.records.personas import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_repeated_failures_lock_the_account_out(people, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    login = reverse("admin:login")
    for _ in range(3):
        client.post(login, {"username": "wang", "password": "guess-123"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(login, {"username": "wang", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "登录已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert m.AuditEntry.objects.filter(action="login_failed", actor_username="wang").count() >= 3


@pytest.mark.parametrize(
    "password, ok",
    [
        ("short1A!", False),  # too short
        ("alllowercaseletters", False),  # one class
        ("lowercase-and-digits-9", True),  # three classes
        ("Xinyong-Staff-2026", True),
        ("12345678901234", False),  # numeric
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_character_class_rule_explains_itself_in_chinese():
    with pytest.raises(ValidationError, match="大写字母、小写字母、数字、符号中的3类"):
        validate_password("onlylowercaseletters")


def test_idle_staff_sessions_end(people, settings):
    settings.STAFF_IDLE_MINUTES = 30
    client = people.client(people.operator)
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session["staff_last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("admin:records_penalty_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "长时间未操作" in page


def test_sessions_expire_at_browser_close_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_two_factor_setup_then_login_needs_the_code(people, client):
    reviewer = people.client(people.reviewer)
    setup = reviewer.get(reverse("admin:two_factor")).content.decode()
    assert "<svg" in setup and "密钥" in setup
    device = TOTPDevice.objects.get(user=people.reviewer, confirmed=False)
    page = reviewer.post(reverse("admin:two_factor"), {"token": "000000"}).content.decode()
    assert "动态验证码错误" in page
    device.refresh_from_db()
    device.throttle_reset()  # wrong codes slow further tries down
    reviewer.post(reverse("admin:two_factor"), {"token": token_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert m.AuditEntry.objects.filter(action="two_factor", reason="开启两步验证").exists()

    login = reverse("admin:login")
    page = client.post(login, {"username": "chen", "password": PASSWORD}).content.decode()
    assert "该账号已开启两步验证，请输入动态验证码" in page
    assert "_auth_user_id" not in client.session
    page = client.post(
        login, {"username": "chen", "password": PASSWORD, "otp_token": "123456"}
    ).content.decode()
    assert "动态验证码错误或已过期" in page
    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1
    device.save()
    response = client.post(
        login, {"username": "chen", "password": PASSWORD, "otp_token": token_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_users_without_two_factor_log_in_with_password_only(people, client):
    response = client.post(reverse("admin:login"), {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302


def test_when_required_credit_office_roles_must_set_up_two_factor(people, settings):
    settings.STAFF_OTP_ROLES = ["信用办管理员", "信用办审核员"]
    reviewer = people.client(people.reviewer)
    response = reviewer.get(reverse("admin:records_penalty_changelist"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:two_factor")
    assert "须开启两步验证" in reviewer.get(reverse("admin:two_factor")).content.decode()
    # Department operators are not affected.
    assert people.client(people.operator).get(reverse("admin:records_penalty_changelist")).status_code == 200
