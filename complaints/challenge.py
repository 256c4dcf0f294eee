"""Proof-of-work challenge for the submission form, with no third-party server.

The server issues a signed challenge (random id, difficulty). The browser
(static/js/complaints-pow.js) finds a nonce such that SHA-256("<challenge>:<nonce>") starts
with `difficulty` zero bits and submits both. The server checks the signature and age, the
hash, and that the challenge was not used before: the "used" mark lives in the shared cache,
so a challenge is single-use across every app server.
"""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

SALT = "complaints.pow"


class ChallengeError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def issue(difficulty: int | None = None) -> str:
    difficulty = settings.COMPLAINT_POW_DIFFICULTY if difficulty is None else difficulty
    return signing.TimestampSigner(salt=SALT).sign(f"{secrets.token_hex(12)}.{difficulty}")


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(challenge: str) -> str:
    """What the browser does (used by tests and the benchmark)."""
    difficulty = int(challenge.split(":", 1)[0].rsplit(".", 1)[1])
    nonce = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < difficulty:
        nonce += 1
    return str(nonce)


def verify(challenge: str, nonce: str, *, consume: bool = True) -> None:
    """Raise ChallengeError (Chinese message) unless the solved challenge is valid and unused."""
    if not challenge or not nonce:
        raise ChallengeError(_("安全验证未完成，请确认浏览器已启用脚本，稍候再提交"))
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(challenge, max_age=settings.COMPLAINT_POW_MAX_AGE)
    except signing.SignatureExpired:
        raise ChallengeError(_("安全验证已过期，已为您重新生成，请再次提交")) from None
    except signing.BadSignature:
        raise ChallengeError(_("安全验证无效，请刷新页面后重新提交")) from None
    challenge_id, difficulty = value.rsplit(".", 1)
    if len(nonce) > 20 or not nonce.isdigit():
        raise ChallengeError(_("安全验证无效，请刷新页面后重新提交"))
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    if leading_zero_bits(digest) < int(difficulty) or int(difficulty) < settings.COMPLAINT_POW_DIFFICULTY:
        raise ChallengeError(_("安全验证未通过，请稍候再提交"))
    if consume and not cache.add(f"complaints:pow:{challenge_id}", 1, settings.COMPLAINT_POW_MAX_AGE + 60):
        raise ChallengeError(_("安全验证已使用过，已为您重新生成，请再次提交"))
