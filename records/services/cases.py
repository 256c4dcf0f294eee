"""Typical cases of joint reward and punishment: a department declares a month without cases,
the credit office publishes the cases it selects (and takes them down again).

Only the texts a department wrote for publication become public (title, 案例情况, 实施效果); at
publication they are refused when they hold an ID number, a phone number or the name of the
natural person a case is about (portal.personal_data, as the complaint window's 典型案例).
Every change is a model save inside the caller's audit context (records.audit).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.personal_data import describe as describe_personal_data
from portal.personal_data import find_personal_data
from records.models import MeasureCase, MeasureCaseNone
from records.staff import can_act_for, require_permission

PUBLISH_PERMISSION = "records.publish_measurecase"


def case_declare_none(user, department, month) -> MeasureCaseNone:
    """ "本月无": `department` has no typical case for `month`."""
    if not can_act_for(user, department):
        raise PermissionDenied(_("只能为本部门报送典型案例。"))
    month = month.replace(day=1)
    if MeasureCase.objects.filter(department=department, month=month).exists():
        raise ValidationError(_("本月已报送典型案例，不能再声明“本月无”。"))
    declaration, _created = MeasureCaseNone.objects.get_or_create(
        department=department, month=month, defaults={"declared_by": user}
    )
    return declaration


def case_check_personal_data(case: MeasureCase) -> None:
    """A ValidationError per field holding personal data, naming in Chinese what was found."""
    labels = {"title": _("案例标题"), "summary": _("案例情况"), "outcome": _("实施效果")}
    person = "".join(case.subject_name.split()) if case.about_person else ""
    errors = {}
    for field, label in labels.items():
        text = getattr(case, field) or ""
        found = [describe_personal_data(f)] if (f := find_personal_data(text)) else []
        if person and person in "".join(text.split()):
            found.append(_("含有自然人姓名"))
        if found:
            errors[field] = _("%(field)s%(what)s，请删除后再发布") % {
                "field": label,
                "what": "；".join(found),
            }
    if errors:
        raise ValidationError(errors)


def case_publish(case: MeasureCase, user) -> MeasureCase:
    require_permission(user, PUBLISH_PERMISSION, _("发布联合奖惩典型案例"))
    with transaction.atomic():
        case = MeasureCase.objects.select_for_update().get(pk=case.pk)
        case_check_personal_data(case)
        if case.published_at is None:
            case.published_at = timezone.now()
            case.published_by = user
            case.save()
    return case


def case_unpublish(case: MeasureCase, user) -> MeasureCase:
    require_permission(user, PUBLISH_PERMISSION, _("撤下联合奖惩典型案例"))
    with transaction.atomic():
        case = MeasureCase.objects.select_for_update().get(pk=case.pk)
        if case.published_at is not None:
            case.published_at = None
            case.published_by = None
            case.save()
    return case
