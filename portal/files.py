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


def delete_stored_files(queryset, field: str = "file") -> int:
    """Delete the stored files of `queryset` rows from storage and blank their file field, which
    marks the row as pruned (its name, size and checksum stay). Returns how many were removed.
    Rows already blank are left alone, so running it again removes nothing."""
    rows = list(queryset.exclude(**{field: ""}).values_list("pk", field))
    storage = queryset.model._meta.get_field(field).storage
    for _pk, name in rows:
        # A file already missing from storage is as good as deleted.
        storage.delete(name)
    queryset.model.objects.filter(pk__in=[pk for pk, _name in rows]).update(**{field: ""})
    return len(rows)
