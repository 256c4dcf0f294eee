"""Records staff entered by hand are never public before a reviewer approves them."""

import pytest

from publicity.rules import is_publishable, publishable
from records import models as m
from records.kinds import RECORD_KINDS
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", m.UNAPPROVED_STATUSES)
def test_unapproved_records_are_never_public(status):
    p = f.penalty(f.subject(), f.department(), status=status)
    assert not is_publishable(p)
    p.status = m.RecordStatus.PUBLISHED
    p.save()
    assert is_publishable(p)


def _build(slug, subj, dept, **kw):
    builders = {
        "permit": f.permit,
        "penalty": f.penalty,
        "inspection": f.inspection,
        "abnormal": f.abnormal,
        "list_entry": f.list_entry,
        "commitment": f.commitment,
        "rating": f.rating,
    }
    if slug in builders:
        return builders[slug](subj, dept, **kw)
    return f.action(RECORD_KINDS[slug].model, subj, dept, **kw)


@pytest.mark.parametrize("slug", list(RECORD_KINDS))
def test_every_kind_hides_a_submitted_record_until_approved(slug):
    record = _build(slug, f.subject(), f.department(), status=m.RecordStatus.SUBMITTED)
    assert not publishable(RECORD_KINDS[slug].model).filter(pk=record.pk).exists()
    record.status = m.RecordStatus.PUBLISHED
    record.save()
    assert publishable(RECORD_KINDS[slug].model).filter(pk=record.pk).exists()


def test_new_rows_default_to_published_for_imports():
    # Department systems and imports publish on arrival; only the admin starts a draft.
    assert f.penalty(f.subject(), f.department()).status == m.RecordStatus.PUBLISHED
