"""Public URLs of subjects and records (the contract other features link to)."""

from django.urls import reverse


def subject_key(subject) -> str:
    """The key of a subject's profile URL: its USCC when it has one, else its id."""
    return subject.uscc or str(subject.pk)


def subject_url(subject) -> str:
    return reverse("publicity:subject", args=[subject_key(subject)])


def record_url(record) -> str:
    return reverse("publicity:record", args=[record.kind, record.pk])
