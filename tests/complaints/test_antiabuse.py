"""The proof-of-work challenge, the content checks on files and the shared rate limits."""

import pytest
from django.core import signing
from django.test import RequestFactory

from complaints import challenge, uploads
from portal import ratelimit
from portal.files import sniff
from tests.complaints import factories as cf


@pytest.mark.django_db
def test_a_solved_challenge_verifies_once():
    issued = challenge.issue()
    nonce = challenge.solve(issued)
    challenge.verify(issued, nonce)
    with pytest.raises(challenge.ChallengeError):
        challenge.verify(issued, nonce)


def test_a_wrong_nonce_or_a_forged_challenge_fails(settings):
    settings.COMPLAINT_POW_DIFFICULTY = 12
    issued = challenge.issue()
    nonce = int(challenge.solve(issued))
    with pytest.raises(challenge.ChallengeError):
        challenge.verify(issued, str(nonce + 1) if nonce else "1", consume=False)
    # An attacker cannot lower the difficulty: the challenge is signed.
    value, stamp, sig = issued.split(":")
    easy = f"{value.rsplit('.', 1)[0]}.0:{stamp}:{sig}"
    with pytest.raises(challenge.ChallengeError):
        challenge.verify(easy, "0", consume=False)


def test_an_old_challenge_expires(settings):
    settings.COMPLAINT_POW_MAX_AGE = -1
    issued = challenge.issue()
    with pytest.raises(challenge.ChallengeError) as exc:
        challenge.verify(issued, challenge.solve(issued), consume=False)
    assert "过期" in exc.value.message


def test_challenge_is_signed_with_the_secret_key():
    issued = challenge.issue()
    assert signing.TimestampSigner(salt=challenge.SALT).unsign(issued)


@pytest.mark.parametrize(
    "content,expected",
    [(cf.PNG, "image/png"), (cf.JPEG, "image/jpeg"), (cf.PDF, "application/pdf"), (b"<svg/>", None)],
)
def test_content_sniffing(content, expected):
    detected = sniff(content[:16])
    assert (detected[0] if detected else None) == expected


def test_file_names_are_kept_only_as_text():
    checked = uploads.check_file(cf.upload("../../etc/passwd\x00.png"))
    assert checked.original_name == "passwd.png" and checked.random_name().endswith(".png")


@pytest.mark.django_db
def test_rate_limit_counts_per_ip_in_the_shared_store():
    limit = (2, 60)
    assert ratelimit.reserve("t", "1.1.1.1", limit) and ratelimit.reserve("t", "1.1.1.1", limit)
    assert not ratelimit.reserve("t", "1.1.1.1", limit)
    assert ratelimit.reserve("t", "2.2.2.2", limit)
    # A refund gives one reservation back, never more than were taken.
    ratelimit.refund("t", "2.2.2.2", limit)
    ratelimit.refund("t", "2.2.2.2", limit)
    assert ratelimit.reserve("t", "2.2.2.2", limit) and ratelimit.reserve("t", "2.2.2.2", limit)
    assert not ratelimit.reserve("t", "2.2.2.2", limit)


def test_forwarded_for_is_trusted_only_behind_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert ratelimit.client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "203.0.113.9"
