"""System checks a deployment relies on."""

from portal import checks


def test_a_per_process_cache_is_warned_about_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in checks.shared_cache_check(None)] == ["portal.W004"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert checks.shared_cache_check(None) == []


def test_the_default_cache_is_shared_by_every_process(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_two_factor_roles_must_exist(settings):
    settings.STAFF_OTP_ROLES = ["信用办审核员", "信用办审核"]
    assert [e.id for e in checks.two_factor_roles_check(None)] == ["portal.E002"]


def test_deploy_check_warns_about_the_self_signed_demo_key(settings, tmp_path):
    from django.core.management import call_command

    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "certificate-signing-key.pem")
    settings.CERTIFICATE_SIGNING_CERT = str(tmp_path / "certificate-signing-cert.pem")
    warnings = checks.demo_signing_key_check(None)
    assert [w.id for w in warnings] == ["portal.W006"] and "演示" in warnings[0].msg
