"""The publication states of a record and every transition between them: the one definition.

草稿 -> 待审核 (the department submits) -> 公示中 (a credit office reviewer approves; never the
author, submitter or last editor: four eyes) or 已退回 (returned with a reason, edited,
submitted again); 公示中 -> 已撤销 (withdrawn with a reason; the record stays for staff and audit).

A credit commitment a market entity makes online (Commitment.made_online, records.services.
commitments) arrives 待审核 with the entity as its author; the accepting department is the
second pair of eyes: it accepts it (-> 公示中, `record_accept`) or returns it with a reason
(-> 已退回, `record_decline`; the entity makes a new commitment, the returned one is never
submitted again). Neither the credit office's review nor resubmission applies to it.

Outcomes of the public procedures end or change a publication here too, never by setting a
status elsewhere: a completed credit repair (公示中 -> 已信用修复, `record_repair`), an objection
found right (the record corrected, or withdrawn as never to have been published,
`record_correct_on_objection`). Each puts a delta into the repair propagation feed
(records.services.propagation: DEL when the record stops being public, MOD when a public record
changes), so department systems and credit agencies that pulled the record follow.

What needs review, whatever the channel (admin, upload, `import_records`, push API):
- anything staff enter by hand in the admin;
- red and black list entries (ListEntry), unless the credit office lets the department publish
  that list type itself (DirectPublishing).
Other records from department systems and files arrive published.

Editing a record that is already published, where review is needed, never changes it in place:
the edit becomes a Revision (待审核) and the published version stays public until a reviewer
approves the revision; a returned revision leaves the published version as it was.

Why one long module: it is the one definition of the publication states (issue 12): every
transition, its permission and its audit entry side by side, so no other module decides them.
"""

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.audit import acting
from records.models import AuditEntry, DirectPublishing, ListEntry, RecordStatus, Revision
from records.models.propagation import RecordDelta
from records.periods import DERIVED_FIELDS
from records.services.propagation import delta_add
from records.signals import announce_published_change

# Who can still edit a record, by its status (department scoping decides whose records).
EDITABLE_STATUSES = (
    RecordStatus.DRAFT,
    RecordStatus.SUBMITTED,
    RecordStatus.RETURNED,
    RecordStatus.PUBLISHED,
)
# Attributes a revision or an edit never carries: identity, workflow and bookkeeping.
NOT_REVISED = {
    "id",
    "department_id",
    "status",
    "status_reason",
    "status_changed_at",
    "entered_by_id",
    "submitted_by_id",
    "last_edited_by_id",
    "reviewed_by_id",
    "reported_at",
    "report_deadline",
    "is_late",
    "created_at",
    "updated_at",
    "action_kind",
    # A penalty's class and periods: derived from the rule tables on every save (records.periods).
    *DERIVED_FIELDS,
}


class WorkflowError(ValidationError):
    pass


# ---------------------------------------------------------------------------------- what needs review


def directly_published_list_types(department) -> set[int]:
    """The list types `department` publishes without review (one query)."""
    return set(DirectPublishing.objects.filter(department=department).values_list("list_type_id", flat=True))


def needs_review(
    kind: str, department, list_type_id=None, *, by_hand: bool, direct: set | None = None
) -> bool:
    """Does a record of `kind` from `department` wait for a reviewer before it is public?"""
    if by_hand:
        return True
    if kind != "list_entry":
        return False
    if direct is None:
        direct = directly_published_list_types(department)
    return list_type_id not in direct


# ---------------------------------------------------------------------------------- transitions


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


def _require_other_person(user, obj, *user_ids) -> None:
    if user.pk in user_ids:
        raise WorkflowError(
            _("“%(record)s”由您录入、提交或修改，须由另一位审核员审核（双人复核）。") % {"record": obj}
        )


def _save(record, user, action, reason: str = "") -> None:
    record.status_changed_at = timezone.now()
    with transaction.atomic(), acting(user, action=action, reason=reason):
        record.save()
    announce_published_change()


def _made_online(record) -> bool:
    return bool(getattr(record, "made_online", False))


def record_submit(record, user) -> None:
    from records.staff import can_act_for

    verb = _("提交审核")
    _require_state(record, SUBMIT_FROM, verb)
    if _made_online(record):
        raise WorkflowError(_("网上作出的信用承诺退回后不能重新提交，请承诺人重新作出承诺。"))
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
    if _made_online(record):
        raise WorkflowError(_("“%(record)s”是网上作出的信用承诺，由承诺受理单位受理。") % {"record": record})
    _require_other_person(
        user, record, record.entered_by_id, record.submitted_by_id, record.last_edited_by_id
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
    if _made_online(record):
        raise WorkflowError(_("“%(record)s”是网上作出的信用承诺，由承诺受理单位受理。") % {"record": record})
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


SUBMIT_FROM = (RecordStatus.DRAFT, RecordStatus.RETURNED)


def _require_accepting_department(record, user, verb: str) -> None:
    from records.staff import can_act_for

    _require_perm(user, f"records.change_{type(record)._meta.model_name}", verb)
    if not _made_online(record):
        raise WorkflowError(
            _("“%(record)s”不是网上作出的信用承诺，不能%(verb)s。") % {"record": record, "verb": verb}
        )
    if not can_act_for(user, record.department):
        raise WorkflowError(
            _("“%(record)s”的承诺受理单位是%(department)s，只有该单位可以%(verb)s。")
            % {"record": record, "department": record.department, "verb": verb}
        )


def record_accept(record, user) -> None:
    """The accepting department accepts a commitment made online: it is public from now on
    (as its 公开类型 allows, publicity.rules)."""
    verb = _("受理")
    _require_state(record, (RecordStatus.SUBMITTED,), verb)
    _require_accepting_department(record, user, verb)
    record.status = RecordStatus.PUBLISHED
    record.status_reason = ""
    record.reviewed_by = user
    _save(record, user, AuditEntry.Action.ACCEPT)


def record_decline(record, user, reason: str) -> None:
    """The accepting department returns a commitment made online, with the reason."""
    verb = _("退回承诺")
    reason = _require_reason(reason, verb)
    _require_state(record, (RecordStatus.SUBMITTED,), verb)
    _require_accepting_department(record, user, verb)
    record.status = RecordStatus.RETURNED
    record.status_reason = reason
    record.reviewed_by = user
    _save(record, user, AuditEntry.Action.RETURN, reason)


# ---------------------------------------------------------------------------------- outcomes of repairs and objections

# A credit repair ends a publication that is running; an objection may concern a record still
# public or one whose window has since ended (已过期), which it can still correct or withdraw.
REPAIR_FROM = (RecordStatus.PUBLISHED,)
OBJECTION_OUTCOME_FROM = (RecordStatus.PUBLISHED, RecordStatus.EXPIRED)


def record_repair(record, user, reason: str, *, repair=None) -> None:
    """信用修复 completed: the record stops being public (已信用修复, kept for staff and audit);
    a list entry also leaves its list that day. A DEL goes into the repair propagation feed.
    The caller checks who may complete the repair and runs this in its transaction."""
    verb = _("信用修复")
    reason = _require_reason(reason, verb)
    _require_state(record, REPAIR_FROM, verb)
    record.status = RecordStatus.REPAIRED
    record.status_reason = reason
    if isinstance(record, ListEntry):
        record.removed_on = timezone.localdate()
        record.removal_reason = reason[:300]
    with transaction.atomic():
        _save(record, user, AuditEntry.Action.REPAIR, reason)
        delta_add(record, RecordDelta.Op.DEL, reason, repair=repair)


def record_correct_on_objection(record, user, reason: str, *, withdraw: bool = False) -> None:
    """An objection found right: save the corrections already set on `record` and, with
    `withdraw`, end its publication (已撤销). The caller checks who decides (the department that
    made the decision) and validates the values. A DEL (withdrawn) or MOD (a public record
    corrected) goes into the repair propagation feed."""
    verb = _("异议处理")
    reason = _require_reason(reason, verb)
    _require_state(record, OBJECTION_OUTCOME_FROM, verb)
    was_public = record.status == RecordStatus.PUBLISHED
    if withdraw:
        record.status = RecordStatus.WITHDRAWN
        record.status_reason = reason
    with transaction.atomic():
        if withdraw:
            _save(record, user, AuditEntry.Action.OBJECTION, reason)
        else:
            with acting(user, action=AuditEntry.Action.OBJECTION, reason=reason):
                record.save()
            announce_published_change()
        if withdraw and was_public:
            delta_add(record, RecordDelta.Op.DEL, reason)
        elif was_public:
            delta_add(record, RecordDelta.Op.MOD, reason)


# ---------------------------------------------------------------------------------- edits and revisions


def _json_value(value):
    if isinstance(value, datetime.date | decimal.Decimal):  # dates and datetimes
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _revisable(model) -> dict:
    return {
        f.attname: f
        for f in model._meta.concrete_fields
        if f.attname not in NOT_REVISED and not f.primary_key
    }


def revision_values(model, published: dict, values: dict) -> tuple[dict, dict]:
    """({attname: JSON value}, {field name: [published, proposed]}) of what `values` change
    in the `published` values ({attname: value})."""
    fields = _revisable(model)
    proposed, changes = {}, {}
    for attname, value in values.items():
        field = fields.get(attname)
        if field is None:
            continue
        old = published.get(attname)
        if old == value or (old in (None, "") and value in (None, "")):
            continue
        proposed[attname] = _json_value(value)
        changes[field.name] = [_json_value(old), _json_value(value)]
    return proposed, changes


def revisions_propose(
    kind: str, department, proposals: list, *, author=None, channel: str, batch=None
) -> list:
    """Keep edits of published records as revisions under review; `proposals` is a list of
    (record id, record text, values, changes). An open revision of the same record is
    superseded. Two queries whatever the number of records."""
    if not proposals:
        return []
    ids = [p[0] for p in proposals]
    Revision.objects.filter(record_kind=kind, record_id__in=ids, status=Revision.Status.SUBMITTED).update(
        status=Revision.Status.SUPERSEDED
    )
    return Revision.objects.bulk_create(
        Revision(
            record_kind=kind,
            record_id=record_id,
            record_repr=str(text)[:300],
            department_id=department.pk,
            values=values,
            changes=changes,
            channel=channel,
            author=author,
            batch=batch,
        )
        for record_id, text, values, changes in proposals
    )


def open_revisions(kind: str, record_ids) -> dict:
    """{record id: proposed values} of the revisions waiting for review (one query)."""
    if not record_ids:
        return {}
    return dict(
        Revision.objects.filter(
            record_kind=kind, record_id__in=list(record_ids), status=Revision.Status.SUBMITTED
        ).values_list("record_id", "values")
    )


def record_save_by_hand(record, user, *, channel: str = "admin") -> Revision | None:
    """Save a record a staff member entered or edited by hand (the admin form).

    New: a draft of its author. Not yet published: saved, with the editor as last editor (who
    may then not approve it). Published: kept as a revision under review, the record unchanged.
    Returns the revision when one was made."""
    from records.kinds import kind_of

    model = type(record)
    if record.pk is None:
        record.status = RecordStatus.DRAFT
        record.entered_by = user
        record.last_edited_by = user
        record.save()
        return None
    current = model._base_manager.get(pk=record.pk)
    if current.status not in EDITABLE_STATUSES:
        raise WorkflowError(
            _("“%(record)s”当前状态为“%(status)s”，不能修改。")
            % {"record": current, "status": current.get_status_display()}
        )
    if current.status != RecordStatus.PUBLISHED:
        for attname in ("status", "status_reason", "entered_by_id", "submitted_by_id", "reviewed_by_id"):
            setattr(record, attname, getattr(current, attname))
        record.last_edited_by = user
        record.save()
        return None
    fields = _revisable(model)
    proposed, changes = revision_values(
        model, {a: getattr(current, a) for a in fields}, {a: getattr(record, a) for a in fields}
    )
    if not proposed:
        return None
    with transaction.atomic():
        (revision,) = revisions_propose(
            kind_of(model).slug,
            current.department,
            [(current.pk, str(current), proposed, changes)],
            author=user,
            channel=channel,
        )
    return revision


def _restore(field, value):
    if value is None:
        return None
    if isinstance(field, models.DecimalField | models.DateField | models.DateTimeField):
        return field.to_python(value)
    return value


def revision_approve(revision, user) -> None:
    verb = _("审核通过")
    _require_perm(user, "records.review_record", verb)
    if revision.status != Revision.Status.SUBMITTED:
        raise WorkflowError(
            _("“%(r)s”当前状态为“%(s)s”，不能%(verb)s。")
            % {"r": revision.record_repr, "s": revision.get_status_display(), "verb": verb}
        )
    record = revision.record
    _require_other_person(user, revision.record_repr, revision.author_id, record.entered_by_id)
    fields = _revisable(type(record))
    for attname, value in revision.values.items():
        if attname in fields:
            setattr(record, attname, _restore(fields[attname], value))
    record.last_edited_by_id = revision.author_id
    record.reviewed_by = user
    revision.status = Revision.Status.APPROVED
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    with transaction.atomic(), acting(user, action=AuditEntry.Action.APPROVE, reason=_("审核通过修改")):
        record.save()
        revision.save()
    announce_published_change()


def revision_return(revision, user, reason: str) -> None:
    verb = _("退回修改")
    _require_perm(user, "records.review_record", verb)
    reason = _require_reason(reason, verb)
    if revision.status != Revision.Status.SUBMITTED:
        raise WorkflowError(
            _("“%(r)s”当前状态为“%(s)s”，不能%(verb)s。")
            % {"r": revision.record_repr, "s": revision.get_status_display(), "verb": verb}
        )
    revision.status = Revision.Status.RETURNED
    revision.status_reason = reason
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    with transaction.atomic(), acting(user, action=AuditEntry.Action.RETURN, reason=reason):
        revision.save()


# ---------------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    needs_reason: bool
    perm: str | None
    from_states: tuple
    service: Callable

    def run(self, obj, user, reason: str = "") -> None:
        if self.needs_reason:
            self.service(obj, user, reason)
        else:
            self.service(obj, user)

    def allowed_for(self, user) -> bool:
        return self.perm is None or user.has_perm(self.perm)


_REVIEW = "records.review_record"
TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", gettext_lazy("提交审核"), False, None, SUBMIT_FROM, record_submit),
        Transition(
            "approve",
            gettext_lazy("审核通过并公示"),
            False,
            _REVIEW,
            (RecordStatus.SUBMITTED,),
            record_approve,
        ),
        Transition(
            "return", gettext_lazy("退回修改"), True, _REVIEW, (RecordStatus.SUBMITTED,), record_return
        ),
        Transition(
            "withdraw",
            gettext_lazy("撤销公示"),
            True,
            "records.withdraw_record",
            (RecordStatus.PUBLISHED,),
            record_withdraw,
        ),
    ]
}
REVISION_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "approve",
            gettext_lazy("审核通过修改"),
            False,
            _REVIEW,
            (Revision.Status.SUBMITTED,),
            revision_approve,
        ),
        Transition(
            "return", gettext_lazy("退回修改"), True, _REVIEW, (Revision.Status.SUBMITTED,), revision_return
        ),
    ]
}


def apply_transition(name: str, objects, user, reason: str = "", registry=None) -> tuple[list, list[str]]:
    """Run one transition on many records (or revisions); each succeeds or fails on its own."""
    transition = (registry or TRANSITIONS)[name]
    done, errors = [], []
    for obj in objects:
        try:
            transition.run(obj, user, reason)
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            done.append(obj)
    return done, errors
