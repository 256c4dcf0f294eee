"""System checks for what PDF rendering needs from the operating system."""

import ctypes.util

from django.core.checks import Tags, Warning, register


@register()
def harfbuzz_subset_check(app_configs, **kwargs):
    if ctypes.util.find_library("harfbuzz-subset"):
        return []
    return [
        Warning(
            "libharfbuzz-subset is missing: PDF certificates will subset CJK fonts with fontTools "
            "and take seconds each.",
            hint="apt-get install libharfbuzz-subset0",
            id="portal.W001",
        )
    ]


@register()
def cjk_font_check(app_configs, **kwargs):
    import subprocess

    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    if "Noto" in out or "CJK" in out:
        return []
    return [
        Warning(
            "No CJK font found (fc-list :lang=zh): Chinese text in PDFs will not render.",
            hint="apt-get install fonts-noto-cjk",
            id="portal.W002",
        )
    ]


@register()
def certificate_signing_check(app_configs, **kwargs):
    from pathlib import Path

    from django.conf import settings

    missing = [
        name
        for name in ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT")
        if not Path(getattr(settings, name)).is_file()
    ]
    if not missing:
        return []
    return [
        Warning(
            f"{' and '.join(missing)} not found: credit query certificates cannot be issued.",
            hint="Configure the signing key and certificate paths, or run `manage.py make_demo_signing_key` "
            "for a self-signed demo key.",
            id="portal.W003",
        )
    ]


@register()
def certificate_rate_check(app_configs, **kwargs):
    from django.conf import settings
    from django.core.checks import Error

    from portal.ratelimit import parse_rate

    errors = []
    for name in ("CERTIFICATE_ISSUE_RATE", "CERTIFICATE_VERIFY_RATE"):
        try:
            parse_rate(getattr(settings, name))
        except ValueError as exc:
            errors.append(Error(f"{name}: {exc}", id="portal.E001"))
    return errors


@register()
def two_factor_roles_check(app_configs, **kwargs):
    from django.conf import settings
    from django.core.checks import Error

    from records.staff import ROLES

    unknown = [role for role in settings.STAFF_OTP_ROLES if role not in ROLES]
    if not unknown:
        return []
    return [
        Error(
            f"STAFF_OTP_ROLES names roles that do not exist: {', '.join(unknown)}",
            hint=f"Use the role names of records/staff.py: {', '.join(ROLES)}",
            id="portal.E002",
        )
    ]


@register(Tags.caches)
def shared_cache_check(app_configs, **kwargs):
    from django.conf import settings

    if settings.DEBUG:
        return []
    warnings = []
    for alias, config in settings.CACHES.items():
        backend = config["BACKEND"]
        if not backend.endswith(("LocMemCache", "DummyCache")):
            continue
        warnings.append(
            Warning(
                f"The {alias} cache ({backend.rsplit('.', 1)[-1]}) lives in each worker process: under "
                "several workers (gunicorn -w 4) each keeps its own used proof-of-work challenges, "
                "cached home counts, any per-process limit and public pages that a change made in "
                "another process does not make out of date.",
                hint="Leave CACHES to the settings' default (the database cache) or set REDIS_URL.",
                id="portal.W004",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def demo_signing_key_check(app_configs, **kwargs):
    """`check --deploy`: certificates signed with a self-signed key (the demo pair written by
    `make_demo_signing_key`) cannot be trusted by anyone who verifies them."""
    from pathlib import Path

    from cryptography import x509
    from django.conf import settings

    path = Path(settings.CERTIFICATE_SIGNING_CERT)
    if not path.is_file():
        return []  # portal.W003 says so
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError:
        return [Warning(f"CERTIFICATE_SIGNING_CERT ({path}) is not a PEM certificate.", id="portal.W005")]
    if cert.issuer != cert.subject:
        return []
    return [
        Warning(
            f"The certificate signing key is self-signed ({cert.subject.rfc4514_string()}): credit query "
            "certificates signed with it prove nothing to a verifier (the demo key of make_demo_signing_key).",
            hint="Set CERTIFICATE_SIGNING_KEY / CERTIFICATE_SIGNING_CERT to a key certified by your CA.",
            id="portal.W006",
        )
    ]
