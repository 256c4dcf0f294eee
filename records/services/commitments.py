"""信用承诺 made online: the one write path of the public form, the staff admin and any command.

1. A market entity makes a commitment (`commitment_make`) once it has proved who it is with the
   one-time code sent to its contact e-mail on record (the public view checks the code:
   publicity.certificates.access). It gets its 承诺编码 and waits, 待审核, for the accepting
   department.
2. That department accepts it (`commitment_accept`: 公示中 as its 公开类型 allows) or returns it
   with a reason (`commitment_return`); the entity is told by e-mail either way. The states are
   records.services.publication's (`record_accept`, `record_decline`).
3. Later the department records the fulfilment (`commitment_fulfilment`): 全部履行 / 部分履行 /
   全部未履行, with what was not fulfilled and the liability pursued unless 全部履行. Typed by
   hand by one official, it is public only after a credit office reviewer approves it: on a
   published commitment it becomes a revision under review (record_save_by_hand).

Every step is saved inside `records.audit.acting`, so the trail names who did it.

The 承诺编码 (national commitment standard, 20 characters) is laid out as
    AAAAAA YYYYMMDD NNNNNN
    6-digit area code of the accepting department's region (GB/T 2260),
    8-digit date the commitment was made (Beijing time),
    6-digit serial within that area and day.
Serials come from CommitmentSerial (one row per area and day, locked while a number is given
out), skipping any number a department already reported for the same area and day.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox import services as outbox
from records.audit import acting
from records.models import AuditEntry, Commitment, CommitmentSerial, RecordStatus, SubjectCategory
from records.models import Subject as SubjectModel
from records.services.publication import (
    TRANSITIONS,
    Transition,
    WorkflowError,
    record_accept,
    record_decline,
    record_save_by_hand,
)

SERIAL_DIGITS = 6
MAX_SERIAL = 10**SERIAL_DIGITS - 1
NUMBER_LENGTH = 20

_CATEGORY = {
    SubjectModel.Kind.LEGAL_ENTITY: SubjectCategory.LEGAL_ENTITY,
    SubjectModel.Kind.INDIVIDUAL_BUSINESS: SubjectCategory.INDIVIDUAL_BUSINESS,
}


# ---------------------------------------------------------------------------------- the number


def commitment_number_next(area_code: str, day: datetime.date) -> str:
    """The next free 承诺编码 of `area_code` on `day` (see the module docstring for the layout)."""
    prefix = f"{area_code}{day:%Y%m%d}"
    if len(prefix) != NUMBER_LENGTH - SERIAL_DIGITS or not prefix.isdigit():
        raise ValueError(f"bad commitment number prefix {prefix!r}")
    with transaction.atomic():
        CommitmentSerial.objects.get_or_create(prefix=prefix)
        serial = CommitmentSerial.objects.select_for_update().get(prefix=prefix)
        taken = set(
            Commitment.objects.filter(document_number__startswith=prefix).values_list(
                "document_number", flat=True
            )
        )
        n = serial.last
        while True:
            n += 1
            if n > MAX_SERIAL:
                raise WorkflowError(_("当日承诺编码已用完，请明日再试。"))
            number = f"{prefix}{n:0{SERIAL_DIGITS}d}"
            if number not in taken:
                break
        serial.last = n
        serial.save(update_fields=["last"])
    return number


# ---------------------------------------------------------------------------------- making one


def check_committer(subject) -> None:
    """Only a registered organisation or individual business with a USCC commits online."""
    if subject is None or subject.is_person or not subject.uscc:
        raise ValidationError(
            {
                "uscc": _(
                    "统一社会信用代码：只有已在平台登记、具有统一社会信用代码的企业等经营主体可以在线承诺。"
                )
            }
        )
    if subject.status != SubjectModel.Status.ACTIVE:
        raise ValidationError(
            {
                "uscc": _("统一社会信用代码：该主体登记状态为“%(s)s”，不能作出信用承诺。")
                % {"s": subject.get_status_display()}
            }
        )


def _notify(record, subject_line: str, lines: list[str], purpose) -> None:
    email = (record.subject.contact_email or "").strip()
    if not email:
        return
    outbox.queue(
        to=email,
        subject=subject_line,
        text="\n".join(
            [f"{record.subject_name}：", "", *lines, "", f"{settings.SITE_NAME} {settings.SITE_URL}"]
        ),
        purpose=purpose,
        reference=record.document_number,
    )


def commitment_make(
    *,
    subject,
    department,
    commitment_type: str,
    matter: str,
    content: str,
    liability: str,
    valid_until: datetime.date | None,
    disclosure: str = Commitment.Disclosure.PUBLIC,
    remarks: str = "",
) -> Commitment:
    """The entity's commitment to `department`, 待审核 until the department accepts it."""
    check_committer(subject)
    today = timezone.localdate()
    errors = {}
    if department is None or not department.is_active:
        errors["department"] = _("承诺受理单位：请选择平台上的承诺受理单位。")
    for field, value in (("matter", matter), ("content", content), ("liability", liability)):
        if not (value or "").strip():
            label = Commitment._meta.get_field(field).verbose_name
            errors[field] = _("%(field)s：必填。") % {"field": label}
    if valid_until is not None and valid_until < today:
        errors["valid_until"] = _("承诺有效期：不能早于今天（%(d)s）。") % {"d": today.isoformat()}
    if commitment_type not in Commitment.CommitmentType.values:
        errors["commitment_type"] = _("承诺类型：请从列表中选择。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting(None, action=AuditEntry.Action.CREATE, reason=_("在线作出信用承诺")):
        record = Commitment(
            subject=subject,
            subject_name=subject.name,
            subject_category=_CATEGORY[subject.kind],
            subject_uscc=subject.uscc,
            legal_rep=subject.legal_rep,
            department=department,
            document_number=commitment_number_next(department.region.code, today),
            decision_date=today,
            commitment_type=commitment_type,
            matter=matter.strip(),
            content=content.strip(),
            liability=liability.strip(),
            valid_until=valid_until,
            accepting_unit=department.name,
            accepting_unit_uscc=department.uscc,
            disclosure=disclosure,
            remarks=remarks.strip(),
            made_online=True,
            status=RecordStatus.SUBMITTED,
            status_changed_at=timezone.now(),
        )
        record.save()
        _notify(
            record,
            _("【%(site)s】信用承诺已提交，承诺编码 %(n)s")
            % {"site": settings.SITE_NAME, "n": record.document_number},
            [
                _("您于 %(d)s 向%(dept)s作出的信用承诺（%(type)s：%(matter)s）已提交。")
                % {
                    "d": today.isoformat(),
                    "dept": department.name,
                    "type": record.commitment_type,
                    "matter": record.matter,
                },
                _("承诺编码：%(n)s") % {"n": record.document_number},
                _("承诺受理单位受理后，承诺按其公开类型在本平台公示；退回的，将邮件告知原因。"),
            ],
            _("信用承诺"),
        )
    return record


# ---------------------------------------------------------------------------------- the department


def commitment_accept(record, user) -> None:
    with transaction.atomic():
        record_accept(record, user)
        _notify(
            record,
            _("【%(site)s】信用承诺 %(n)s 已受理")
            % {"site": settings.SITE_NAME, "n": record.document_number},
            [
                _("您作出的信用承诺（承诺编码 %(n)s）已由%(dept)s受理。")
                % {"n": record.document_number, "dept": record.accepting_unit},
                _("请按承诺履行；承诺受理单位将认定履行情况并记入信用记录。"),
            ],
            _("信用承诺"),
        )


def commitment_return(record, user, reason: str) -> None:
    with transaction.atomic():
        record_decline(record, user, reason)
        _notify(
            record,
            _("【%(site)s】信用承诺 %(n)s 已退回")
            % {"site": settings.SITE_NAME, "n": record.document_number},
            [
                _("您作出的信用承诺（承诺编码 %(n)s）已被%(dept)s退回。")
                % {"n": record.document_number, "dept": record.accepting_unit},
                _("退回原因：%(reason)s") % {"reason": record.status_reason},
                _("如需继续办理，请按退回原因修改后重新在线作出承诺。"),
            ],
            _("信用承诺"),
        )


FULFILMENT_FROM = (RecordStatus.PUBLISHED,)


def commitment_fulfilment(
    record,
    user,
    *,
    fulfilment: str,
    unfulfilled_content: str = "",
    liability_pursued: str = "",
    determined_on: datetime.date | None = None,
):
    """Record how `record` was fulfilled, determined by its accepting department. Returns the
    revision under review (a published commitment stays public as it was until approved)."""
    from records.staff import can_act_for

    if record.status not in FULFILMENT_FROM:
        raise WorkflowError(
            _("“%(record)s”当前状态为“%(status)s”，受理后才能认定履行状态。")
            % {"record": record, "status": record.get_status_display()}
        )
    if not user.has_perm("records.change_commitment") or not can_act_for(user, record.department):
        raise WorkflowError(
            _("只有承诺受理单位（%(department)s）可以认定“%(record)s”的履行状态。")
            % {"department": record.department, "record": record}
        )
    today = timezone.localdate()
    unfulfilled_content = (unfulfilled_content or "").strip()
    liability_pursued = (liability_pursued or "").strip()
    errors = {}
    if fulfilment not in Commitment.Fulfilment.values:
        errors["fulfilment"] = _("承诺履行状态：请选择全部履行、部分履行或全部未履行。")
    elif fulfilment != Commitment.Fulfilment.FULFILLED:
        for field, value in (
            ("unfulfilled_content", unfulfilled_content),
            ("liability_pursued", liability_pursued),
        ):
            if not value:
                label = Commitment._meta.get_field(field).verbose_name
                errors[field] = _("%(field)s：承诺履行状态为%(s)s时必填。") % {
                    "field": label,
                    "s": fulfilment,
                }
    if determined_on is None:
        errors["determined_on"] = _("履行状态认定日期：必填。")
    elif determined_on > today:
        errors["determined_on"] = _("履行状态认定日期：不能晚于今天（%(d)s）。") % {"d": today.isoformat()}
    elif determined_on < record.decision_date:
        errors["determined_on"] = _("履行状态认定日期：不能早于承诺作出日期（%(d)s）。") % {
            "d": record.decision_date.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    record.fulfilment = fulfilment
    record.unfulfilled_content = "" if fulfilment == Commitment.Fulfilment.FULFILLED else unfulfilled_content
    record.liability_pursued = "" if fulfilment == Commitment.Fulfilment.FULFILLED else liability_pursued
    record.determined_on = determined_on
    record.determining_unit = record.department.name
    record.determining_unit_uscc = record.department.uscc
    with transaction.atomic(), acting(user, action=AuditEntry.Action.UPDATE, reason=_("认定承诺履行状态")):
        return record_save_by_hand(record, user)


# ---------------------------------------------------------------------------------- the admin's buttons

_CHANGE = "records.change_commitment"
# The publication workflow of commitments: the shared transitions and the accepting
# department's two (records.admin.workflow offers them as buttons and bulk actions).
COMMITMENT_TRANSITIONS = {
    **TRANSITIONS,
    "accept": Transition(
        "accept", gettext_lazy("受理承诺"), False, _CHANGE, (RecordStatus.SUBMITTED,), commitment_accept
    ),
    "decline": Transition(
        "decline", gettext_lazy("退回承诺"), True, _CHANGE, (RecordStatus.SUBMITTED,), commitment_return
    ),
}
