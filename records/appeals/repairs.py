"""Credit repair (信用修复): apply, review, verify, decide, complete.

待审核 --accept (credit office)--> 待核实 --approve (source department)--> 已通过
  --complete (credit office)--> 已完成: the penalty's publication ends early (status 已信用修复)
  or the list entry is removed, and a 信用修复型 commitment is recorded.
待审核 / 待核实 --reject--> 未通过 (with the reason the applicant reads).
"""

import datetime

from django.db import transaction
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
from records.audit import acting
from records.deadlines import repair_stage_due
from records.kinds import RECORD_KINDS
from records.models import (
    AuditEntry,
    Commitment,
    CreditRepair,
    ListEntry,
    ListType,
    Penalty,
    RepairAttachment,
)
from records.services.publication import WorkflowError, record_repair
from records.signals import announce_published_change
from records.staff import is_credit_office, user_department
from records.visibility import today

REPAIRABLE_KINDS = ["penalty", "list_entry"]
Status = CreditRepair.Status
NUMBER_PREFIX = "XF"
REPAIR_LIABILITY = "如违反承诺，自愿接受相关部门依法依规实施的失信惩戒，并承担相应法律责任。"


def earliest_repair_date(record) -> datetime.date | None:
    """可申请修复日期: a penalty stays public for the minimum period of the rules in force on
    its decision date (records.periods) before its subject may apply."""
    if not isinstance(record, Penalty):
        return None
    return record.repair_from


def repair_apply(
    *,
    record_kind: str,
    document_number: str,
    applicant_name: str,
    applicant_code: str,
    contact_name: str,
    contact_phone: str,
    reason: str,
    commitment_text: str,
    contact_email: str = "",
    files=(),
    entered_by=None,
) -> CreditRepair:
    """An application, made online by the subject or entered by staff at the offline window
    (`entered_by`); both are checked alike."""
    if entered_by is not None and not (is_credit_office(entered_by) or user_department(entered_by)):
        raise AppealError(_("只有信用办或部门工作人员可以录入线下窗口受理的信用修复申请。"))
    record = find_applicant_record(record_kind, document_number, applicant_code, REPAIRABLE_KINDS)
    if isinstance(record, ListEntry) and record.list_type.polarity != ListType.Polarity.BLACK:
        raise AppealError({"document_number": _("红名单信息无需信用修复。")})
    earliest = earliest_repair_date(record)
    if earliest is not None and today() < earliest:
        raise AppealError(
            {
                "document_number": _(
                    "该行政处罚（%(severity)s失信行为）的最短公示期未满，自 %(date)s 起方可申请信用修复。"
                )
                % {"severity": record.get_severity_display(), "date": earliest.isoformat()}
            }
        )
    open_one = CreditRepair.objects.filter(
        record_kind=record_kind, record_id=record.pk, closed_at__isnull=True
    ).first()
    if open_one is not None:
        raise AppealError(
            {
                "document_number": _(
                    "该信息已有正在办理的信用修复申请（受理编号 %(number)s），请勿重复提交。"
                )
                % {"number": open_one.number}
            }
        )
    files = list(files)
    check_attachments(files)
    with transaction.atomic():
        repair = CreditRepair.objects.create(
            number=new_number(CreditRepair, NUMBER_PREFIX),
            **applicant_fields(
                record, record_kind, applicant_name, contact_name, contact_phone, contact_email
            ),
            reason=reason.strip(),
            commitment_text=commitment_text.strip(),
            due_on=repair_stage_due(Status.PENDING_REVIEW, today()),
            channel=CreditRepair.Channel.OFFLINE if entered_by else CreditRepair.Channel.ONLINE,
            entered_by=entered_by,
        )
        save_attachments(repair, files, RepairAttachment, "repair")
        note = _("申请已提交，等待信用办审核。")
        if entered_by is not None:
            note = _("线下窗口受理，已录入系统，等待信用办审核。")
        add_event(repair, Status.PENDING_REVIEW, note, actor=entered_by)
    return repair


def _move(repair, user, to_status, note: str, *, closes=False):
    from_status = repair.status
    repair.status = to_status
    if not closes:
        repair.due_on = repair_stage_due(to_status, today())
    if closes:
        repair.closed_at = timezone.now()
        repair.due_on = None
        repair.decision_note = note
    with acting(user, action=AuditEntry.Action.REPAIR, reason=f"{repair.number}：{note}"):
        repair.save()
        add_event(repair, to_status, note, actor=user, from_status=from_status)


def _require(repair, states, verb):
    if repair.status not in states:
        raise AppealError(
            _("申请 %(number)s 当前为“%(status)s”，不能%(verb)s。")
            % {"number": repair.number, "status": repair.get_status_display(), "verb": verb}
        )


def _require_note(note: str, verb: str) -> str:
    note = (note or "").strip()
    if not note:
        raise AppealError(_("%(verb)s须填写意见。") % {"verb": verb})
    return note


def _require_deciding_department(repair, user) -> None:
    """谁认定、谁修复: only the department that made the decision decides on its repair."""
    own = user_department(user)
    if own is None or own.pk != repair.department_id:
        raise AppealError(
            _("只能由数据来源单位（%(dept)s）核实：谁认定、谁修复。") % {"dept": repair.department}
        )


def repair_accept(repair, user, note: str = "") -> None:
    _require(repair, (Status.PENDING_REVIEW,), _("受理"))
    if not is_credit_office(user):
        raise AppealError(_("信用修复申请由信用办审核受理。"))
    note = (note or "").strip() or _("材料齐全，已转数据来源单位核实。")
    with transaction.atomic():
        _move(repair, user, Status.PENDING_VERIFY, note)


def repair_approve(repair, user, note: str = "") -> None:
    _require(repair, (Status.PENDING_VERIFY,), _("核实通过"))
    _require_deciding_department(repair, user)
    note = (note or "").strip() or _("经核实，失信行为已纠正，同意信用修复。")
    with transaction.atomic():
        _move(repair, user, Status.APPROVED, note)


def repair_reject(repair, user, note: str) -> None:
    verb = _("不予修复")
    _require(repair, (Status.PENDING_REVIEW, Status.PENDING_VERIFY), verb)
    note = _require_note(note, verb)
    if repair.status == Status.PENDING_REVIEW and not is_credit_office(user):
        raise AppealError(_("信用修复申请由信用办审核受理。"))
    if repair.status == Status.PENDING_VERIFY:
        _require_deciding_department(repair, user)
    with transaction.atomic():
        _move(repair, user, Status.REJECTED, note, closes=True)


def repair_complete(repair, user, note: str = "") -> None:
    """End the publication early and record the 信用修复型 commitment."""
    _require(repair, (Status.APPROVED,), _("办结"))
    if not is_credit_office(user):
        raise AppealError(_("信用修复由信用办办结。"))
    record = repair.record
    label = RECORD_KINDS[repair.record_kind].label
    on = today()
    reason = _("信用修复（受理编号 %(number)s）") % {"number": repair.number}
    with transaction.atomic():
        # 已信用修复, and a DEL in the repair propagation feed: the publication module's.
        try:
            record_repair(record, user, reason, repair=repair)
        except WorkflowError as exc:
            raise AppealError(exc.messages) from exc
        with acting(user, action=AuditEntry.Action.REPAIR, reason=reason):
            repair.commitment = _record_commitment(repair, record, label, user, on)
        note = (note or "").strip() or _("已完成信用修复，相关信息已停止公示。")
        _move(repair, user, Status.COMPLETED, note, closes=True)
    announce_published_change()


def _record_commitment(repair, record, label, user, on) -> Commitment:
    department = record.department
    area = department.region.code
    serial = 900_000 + repair.pk % 100_000
    while True:
        code = f"{area}{on:%Y%m%d}{serial % 1_000_000:06d}"
        if not Commitment.objects.filter(department=department, document_number=code).exists():
            break
        serial += 1
    subject = record.subject
    return Commitment.objects.create(
        subject=subject,
        subject_name=subject.name,
        subject_uscc=subject.uscc or "",
        subject_category=record.subject_category,
        department=department,
        document_number=code,
        decision_date=on,
        commitment_type=Commitment.CommitmentType.CREDIT_REPAIR,
        # Not the record's document number: a repaired record is no longer found publicly.
        matter=_("申请%(kind)s信用修复（受理编号 %(number)s）") % {"kind": label, "number": repair.number},
        content=repair.commitment_text,
        liability=REPAIR_LIABILITY,
        accepting_unit=department.name,
        accepting_unit_uscc=department.uscc,
        disclosure=Commitment.Disclosure.PUBLIC,
        entered_by=user,
        remarks=_("信用修复受理编号 %(number)s") % {"number": repair.number},
    )


ACTIONS = {
    "accept": (repair_accept, False),
    "approve": (repair_approve, False),
    "reject": (repair_reject, True),
    "complete": (repair_complete, False),
}
