"""Reads for certificates: a subject's key, and a certificate by its number. The subject a URL
names is publicity.selectors.subject_by_key, the same rule as the profile."""

from publicity.certificates.models import Certificate
from publicity.certificates.numbers import is_well_formed, normalize_number
from records.models import Department, Subject


def subject_key(subject: Subject) -> str:
    return subject.uscc or str(subject.pk)


def certificate_by_number(raw: str) -> Certificate | None:
    """An issued certificate by its number; None for a malformed, unknown or unfinished one."""
    number = normalize_number(raw)
    if not is_well_formed(number):
        return None
    return Certificate.objects.filter(number=number).exclude(pdf_sha256="").first()


def department_by_name(name: str) -> Department | None:
    return Department.objects.filter(name=name.strip(), is_active=True).order_by("id").first()


def department_names(limit: int = 500) -> list[str]:
    """Registered department names, offered as suggestions for 申请单位."""
    return list(
        Department.objects.filter(is_active=True)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:limit]
    )


def notice_record(kind: str, pk: int, user):
    """A penalty or list entry for a 信用修复告知书: public now, or in the staff user's scope
    (any status but withdrawn)."""
    from publicity.certificates.access import is_department_staff
    from publicity.rules import publishable
    from records.kinds import RECORD_KINDS
    from records.models import RecordStatus
    from records.staff import scope_to_department

    model = RECORD_KINDS[kind].model
    qs = model.objects.select_related("subject", "department").filter(pk=pk)
    if kind == "list_entry":
        qs = qs.select_related("list_type")
    if is_department_staff(user):
        staff_qs = scope_to_department(qs, user).exclude(status=RecordStatus.WITHDRAWN)
        found = staff_qs.first()
        if found is not None:
            return found
    return publishable(qs).first()
