"""The publication workflow of records staff enter by hand.

草稿 -> 待审核 (the department submits) -> 公示中 (a credit office reviewer approves; never the
author or submitter: four eyes) or 已退回 (returned with a reason, edited, submitted again);
公示中 -> 已撤销 (withdrawn with a reason; the record stays for staff and audit).

Records from department systems and imports arrive published and skip the first steps.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publicity.selectors import forget_published_counts
from records.audit import acting
from records.models import AuditEntry, RecordStatus
from records.staff import can_act_for


class WorkflowError(ValidationError):
    pass


def _require_state(record, allowed, verb: str) -> None:
    if record.status not in allowed:
        raise WorkflowError(
            _("“%(record)s”当前状态为“%(status)s”，不能%(verb)s。")
            % {"record": record, "status": record.get_status_display(), "verb": verb}
        )


def _require_perm(user, perm: str, verb: str) -> None:
    if not user.has_perm(perm):
        raise WorkflowError(_("您没有%(verb)s的权限。") % {"verb": verb})


def _require_reason(reason: str, verb: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("%(verb)s须填写原因。") % {"verb": verb})
    return reason


def _save(record, user, action, reason: str = "") -> None:
    record.status_changed_at = timezone.now()
    with transaction.atomic(), acting(user, action=action, reason=reason):
        record.save()
    forget_published_counts()


def record_submit(record, user) -> None:
    verb = _("提交审核")
    _require_state(record, (RecordStatus.DRAFT, RecordStatus.RETURNED), verb)
    if not can_act_for(user, record.department):
        raise WorkflowError(_("只能提交本部门的记录。"))
    record.status = RecordStatus.SUBMITTED
    record.status_reason = ""
    record.submitted_by = user
    _save(record, user, AuditEntry.Action.SUBMIT)


def record_approve(record, user) -> None:
    verb = _("审核通过")
    _require_perm(user, "records.review_record", verb)
    _require_state(record, (RecordStatus.SUBMITTED,), verb)
    if user.pk in (record.entered_by_id, record.submitted_by_id):
        raise WorkflowError(
            _("“%(record)s”由您录入或提交，须由另一位审核员审核（双人复核）。") % {"record": record}
        )
    record.status = RecordStatus.PUBLISHED
    record.status_reason = ""
    record.reviewed_by = user
    _save(record, user, AuditEntry.Action.APPROVE)


def record_return(record, user, reason: str) -> None:
    verb = _("退回修改")
    _require_perm(user, "records.review_record", verb)
    reason = _require_reason(reason, verb)
    _require_state(record, (RecordStatus.SUBMITTED,), verb)
    record.status = RecordStatus.RETURNED
    record.status_reason = reason
    record.reviewed_by = user
    _save(record, user, AuditEntry.Action.RETURN, reason)


def record_withdraw(record, user, reason: str) -> None:
    verb = _("撤销公示")
    _require_perm(user, "records.withdraw_record", verb)
    reason = _require_reason(reason, verb)
    _require_state(record, (RecordStatus.PUBLISHED,), verb)
    record.status = RecordStatus.WITHDRAWN
    record.status_reason = reason
    _save(record, user, AuditEntry.Action.WITHDRAW, reason)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    needs_reason: bool
    perm: str | None

    def run(self, record, user, reason: str = "") -> None:
        if self.needs_reason:
            SERVICES[self.name](record, user, reason)
        else:
            SERVICES[self.name](record, user)

    def allowed_for(self, user) -> bool:
        return self.perm is None or user.has_perm(self.perm)


SERVICES = {
    "submit": record_submit,
    "approve": record_approve,
    "return": record_return,
    "withdraw": record_withdraw,
}
TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", gettext_lazy("提交审核"), False, None),
        Transition("approve", gettext_lazy("审核通过并公示"), False, "records.review_record"),
        Transition("return", gettext_lazy("退回修改"), True, "records.review_record"),
        Transition("withdraw", gettext_lazy("撤销公示"), True, "records.withdraw_record"),
    ]
}


def apply_transition(name: str, records, user, reason: str = "") -> tuple[list, list[str]]:
    """Run one transition on many records; each succeeds or fails on its own."""
    transition = TRANSITIONS[name]
    done, errors = [], []
    for record in records:
        try:
            transition.run(record, user, reason)
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            done.append(record)
    return done, errors
