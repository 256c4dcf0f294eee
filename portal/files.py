"""Uploaded evidence: what kind of file it really is, from its first bytes (never its name),
and the random name it is stored under.

Used by the complaint window and by credit repair / objection applications.
"""

import secrets

# (content type, stored extension, leading bytes)
EVIDENCE_SIGNATURES = (
    ("image/jpeg", "jpg", b"\xff\xd8\xff"),
    ("image/png", "png", b"\x89PNG\r\n\x1a\n"),
    ("application/pdf", "pdf", b"%PDF-"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an accepted evidence file, or None."""
    for content_type, extension, magic in EVIDENCE_SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def sniff_upload(upload) -> tuple[str, str] | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return sniff(head)


def random_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"
