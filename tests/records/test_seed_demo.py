import pytest
from django.core.management import call_command

from records import models as m
from records.codes import is_valid_id_number, is_valid_uscc
from records.kinds import RECORD_KINDS

pytestmark = pytest.mark.django_db


def _counts():
    return {slug: kind.model.objects.count() for slug, kind in RECORD_KINDS.items()} | {
        "subjects": m.Subject.objects.count()
    }


def test_seed_demo_builds_every_kind_with_valid_codes_and_a_second_run_adds_nothing():
    call_command("seed_demo", subjects=400, seed=7, quiet=True)
    first = _counts()
    assert first["subjects"] == 400
    for slug, count in first.items():
        assert count > 0, slug
    assert all(is_valid_uscc(c) for c in m.Subject.objects.exclude(uscc=None).values_list("uscc", flat=True))
    persons = m.Subject.objects.filter(kind=m.Subject.Kind.PERSON)
    assert all(is_valid_id_number(p.id_number) for p in persons)
    assert m.Subject.objects.filter(kind=m.Subject.Kind.INDIVIDUAL_BUSINESS).exists()
    # Realistic mix: some reported late, some withdrawn, some expired.
    assert m.Penalty.objects.filter(is_late=True).exists()
    assert (
        m.Permit.objects.filter(status=m.RecordStatus.WITHDRAWN).exists()
        or m.Penalty.objects.filter(status=m.RecordStatus.WITHDRAWN).exists()
    )
    assert m.Penalty.objects.filter(status=m.RecordStatus.EXPIRED).exists()
    assert m.Department.objects.filter(region__code="610581").exists()  # 韩城市 reports separately

    call_command("seed_demo", subjects=400, seed=7, quiet=True)
    assert _counts() == first


def test_seed_is_deterministic():
    call_command("seed_demo", subjects=50, seed=11, quiet=True)
    names = list(m.Subject.objects.order_by("uscc", "id_number").values_list("name", "uscc"))
    m.ListEntry.objects.all().delete()
    for kind in RECORD_KINDS.values():
        kind.model.objects.all().delete()
    m.Subject.objects.all().delete()
    call_command("seed_demo", subjects=50, seed=11, quiet=True)
    assert list(m.Subject.objects.order_by("uscc", "id_number").values_list("name", "uscc")) == names
