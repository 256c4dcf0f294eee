"""The set-up: a demo signing key from the command and demo_setup; system checks that warn."""

import stat

import pytest
from django.core.management import call_command

from portal.checks import certificate_rate_check, certificate_signing_check, harfbuzz_subset_check
from publicity.certificates.models import Certificate
from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME, make_demo_key


def test_make_demo_signing_key_writes_a_private_key_once(tmp_path, capsys):
    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    key = tmp_path / DEMO_KEY_NAME
    first = key.read_bytes()
    assert b"PRIVATE KEY" in first and b"CERTIFICATE" in (tmp_path / DEMO_CERT_NAME).read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    assert key.read_bytes() == first  # kept: certificates signed with it keep verifying
    assert "already exists" in capsys.readouterr().out
    call_command("make_demo_signing_key", "--dir", str(tmp_path), "--force")
    assert key.read_bytes() != first


@pytest.mark.django_db
def test_demo_setup_creates_the_signing_key(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "signing" / DEMO_KEY_NAME)
    settings.CERTIFICATE_SIGNING_CERT = str(tmp_path / "signing" / DEMO_CERT_NAME)
    call_command("demo_setup", subjects=30, verbosity=0)
    assert (tmp_path / "signing" / DEMO_KEY_NAME).exists()
    assert certificate_signing_check(None) == []
    # a few certificates for the query log, issued once
    issued = list(Certificate.objects.values_list("number", flat=True))
    assert len(issued) == 3
    assert not Certificate.objects.filter(pdf_sha256="").exists()
    call_command("demo_setup", subjects=30, verbosity=0)
    assert list(Certificate.objects.values_list("number", flat=True)) == issued


def test_missing_signing_key_is_a_warning(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "nope.pem")
    [warning] = certificate_signing_check(None)
    assert warning.id == "portal.W003" and "make_demo_signing_key" in warning.hint


def test_signing_key_present_passes(settings, tmp_path):
    make_demo_key(tmp_path)
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / DEMO_KEY_NAME)
    settings.CERTIFICATE_SIGNING_CERT = str(tmp_path / DEMO_CERT_NAME)
    assert certificate_signing_check(None) == []


def test_bad_rate_setting_is_an_error(settings):
    settings.CERTIFICATE_ISSUE_RATE = "lots"
    [error] = certificate_rate_check(None)
    assert error.id == "portal.E001" and "CERTIFICATE_ISSUE_RATE" in error.msg


def test_missing_harfbuzz_subsetter_is_a_warning(monkeypatch):
    # make setup installs libharfbuzz-subset0; without it certificates take seconds each.
    assert harfbuzz_subset_check(None) == []
    monkeypatch.setattr("ctypes.util.find_library", lambda name: None)
    [warning] = harfbuzz_subset_check(None)
    assert warning.id == "portal.W001" and "libharfbuzz-subset0" in warning.hint
