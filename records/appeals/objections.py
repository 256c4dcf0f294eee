"""Objections (异议申诉): lodge, accept or refuse, then correct the record or explain why not.

待受理 --accept (credit office; may mark the record "异议处理中" publicly)--> 处理中
  --correct (source department: fields changed, before/after kept)--> 已更正
  --uphold (source department: explanation)--> 维持原记录
待受理 --refuse (credit office, with reason)--> 不予受理
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from records.appeals.common import (
    AppealError,
    add_event,
    applicant_fields,
    check_attachments,
    find_applicant_record,
    new_number,
    save_attachments,
)
from records.audit import acting, diff, snapshot
from records.deadlines import objection_stage_due
from records.kinds import RECORD_KINDS
from records.models import AuditEntry, Objection, ObjectionAttachment
from records.services.publication import WorkflowError, record_correct_on_objection
from records.signals import announce_published_change
from records.staff import can_act_for, is_credit_office
from records.visibility import today

Status = Objection.Status
NUMBER_PREFIX = "YY"
# Fields an objection never changes: identity, workflow and bookkeeping.
NOT_CORRECTABLE = {
    "subject",
    "department",
    "status",
    "status_reason",
    "status_changed_at",
    "entered_by",
    "submitted_by",
    "reviewed_by",
    "reported_at",
    "report_deadline",
    "is_late",
    "created_at",
    "updated_at",
    "severity",
    "action_kind",
}


def correctable_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_CORRECTABLE and not f.is_relation
    ]


def objection_lodge(
    *,
    record_kind: str,
    document_number: str,
    applicant_name: str,
    applicant_code: str,
    contact_name: str,
    contact_phone: str,
    wrong_content: str,
    description: str,
    correct_content: str = "",
    contact_email: str = "",
    files=(),
) -> Objection:
    record = find_applicant_record(record_kind, document_number, applicant_code)
    open_one = Objection.objects.filter(
        record_kind=record_kind, record_id=record.pk, status__in=Objection.OPEN_STATUSES
    ).first()
    if open_one is not None:
        raise AppealError(
            {
                "document_number": _("该信息已有正在办理的异议申诉（受理编号 %(number)s），请勿重复提交。")
                % {"number": open_one.number}
            }
        )
    files = list(files)
    check_attachments(files)
    with transaction.atomic():
        objection = Objection.objects.create(
            number=new_number(Objection, NUMBER_PREFIX),
            **applicant_fields(
                record, record_kind, applicant_name, contact_name, contact_phone, contact_email
            ),
            wrong_content=wrong_content.strip(),
            correct_content=correct_content.strip(),
            description=description.strip(),
            due_on=objection_stage_due(Status.SUBMITTED, today()),
        )
        save_attachments(objection, files, ObjectionAttachment, "objection")
        add_event(objection, Status.SUBMITTED, _("异议申诉已提交，等待信用办受理。"))
    return objection


def _require(objection, states, verb):
    if objection.status not in states:
        raise AppealError(
            _("异议 %(number)s 当前为“%(status)s”，不能%(verb)s。")
            % {"number": objection.number, "status": objection.get_status_display(), "verb": verb}
        )


def _require_note(note: str, verb: str) -> str:
    note = (note or "").strip()
    if not note:
        raise AppealError(_("%(verb)s须填写说明。") % {"verb": verb})
    return note


def _move(objection, user, to_status, note, *, closes=False):
    from_status = objection.status
    objection.status = to_status
    if not closes:
        objection.due_on = objection_stage_due(to_status, today())
    if closes:
        objection.closed_at = timezone.now()
        objection.due_on = None
        objection.decision_note = note
    with acting(user, action=AuditEntry.Action.OBJECTION, reason=f"{objection.number}：{note}"):
        objection.save()
        add_event(objection, to_status, note, actor=user, from_status=from_status)


def objection_accept(objection, user, note: str = "", mark_record: bool = False) -> None:
    _require(objection, (Status.SUBMITTED,), _("受理"))
    if not is_credit_office(user):
        raise AppealError(_("异议申诉由信用办受理。"))
    objection.mark_record = bool(mark_record)
    note = (note or "").strip() or _("已受理，转数据来源单位（%(dept)s）核查处理。") % {
        "dept": objection.department
    }
    with transaction.atomic():
        _move(objection, user, Status.HANDLING, note)


def objection_refuse(objection, user, note: str) -> None:
    verb = _("不予受理")
    _require(objection, (Status.SUBMITTED,), verb)
    note = _require_note(note, verb)
    if not is_credit_office(user):
        raise AppealError(_("异议申诉由信用办受理。"))
    with transaction.atomic():
        _move(objection, user, Status.REFUSED, note, closes=True)


def _require_department(objection, user):
    if not can_act_for(user, objection.department):
        raise AppealError(_("只能由数据来源单位（%(dept)s）处理。") % {"dept": objection.department})


def objection_uphold(objection, user, note: str) -> None:
    verb = _("维持原记录")
    _require(objection, (Status.HANDLING,), verb)
    note = _require_note(note, verb)
    _require_department(objection, user)
    with transaction.atomic():
        _move(objection, user, Status.UPHELD, note, closes=True)


def objection_correct(objection, user, note: str, corrections: dict, withdraw: bool = False) -> None:
    """Correct fields of the record (values as a form would send them), or withdraw it when
    it should never have been published. Before and after are kept on the objection and in
    the audit trail."""
    verb = _("更正")
    _require(objection, (Status.HANDLING,), verb)
    note = _require_note(note, verb)
    _require_department(objection, user)
    if not corrections and not withdraw:
        raise AppealError(_("请填写要更正的字段和新值，或选择撤销该信息的公示。"))
    record = objection.record
    fields = {f.name: f for f in correctable_fields(type(record))}
    before = snapshot(record)
    errors = []
    for name, raw in corrections.items():
        field = fields.get(name)
        if field is None:
            errors.append(_("字段“%(name)s”不能通过异议更正。") % {"name": name})
            continue
        try:
            setattr(record, field.attname, _clean(field, raw))
        except ValidationError as exc:
            errors.extend(f"{field.verbose_name}：{m}" for m in exc.messages)
    if errors:
        raise AppealError(errors)
    reason = _("异议申诉 %(number)s：%(note)s") % {"number": objection.number, "note": note}
    try:
        record.full_clean(exclude=["subject", "department", "entered_by", "submitted_by", "reviewed_by"])
    except ValidationError as exc:
        raise AppealError(exc.messages) from exc
    with transaction.atomic():
        # The state change (withdrawn) and the propagation delta: the publication module's.
        try:
            record_correct_on_objection(record, user, reason, withdraw=withdraw)
        except WorkflowError as exc:
            raise AppealError(exc.messages) from exc
        objection.correction = diff(before, snapshot(record))
        _move(objection, user, Status.CORRECTED, note, closes=True)
    announce_published_change()


def _clean(field, raw):
    if raw in (None, "") and (field.blank or field.null):
        return None if field.null else ""
    formfield = field.formfield() or forms.CharField()
    if isinstance(field, models.TextField | models.CharField) and field.choices:
        formfield = forms.ChoiceField(choices=field.choices)
    return formfield.clean(raw)


ACTIONS = {
    "accept": objection_accept,
    "refuse": objection_refuse,
    "uphold": objection_uphold,
    "correct": objection_correct,
}


def kind_label(slug: str) -> str:
    return str(RECORD_KINDS[slug].label)
