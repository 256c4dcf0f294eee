"""The serious-dishonesty list procedure (国办发〔2020〕49号).

告知 (notice: reasons, basis, rights, a deadline for 陈述申辩) --> the party states its case
(optional) --> the department answers it --> 列入: the entry is made and goes to the credit
office's four-eyes review like any entry staff enter (records.services.publication), or the
department drops the listing. A listing is refused before the statement deadline has passed,
and while a statement is unanswered. Exit (移出) when the exit conditions are met, on request
or at the end of the period (the expiry command), with its reason. Every step is an event with
its date; nothing is deleted.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from records.audit import acting
from records.deadlines import list_answer_due, list_statement_due
from records.models import AuditEntry, ListEntry, ListNotice, ListType, SubjectCategory
from records.models.propagation import RecordDelta
from records.services.propagation import delta_add
from records.services.publication import record_save_by_hand, record_submit
from records.staff import can_act_for

Status = ListNotice.Status
RIGHTS = (
    "当事人对拟列入名单的事由和依据有异议的，可以在陈述申辩截止日前向认定部门提出陈述、申辩，"
    "并提交相关证据材料；认定部门应当在规定期限内予以核实和答复。当事人逾期未提出的，视为放弃陈述申辩。"
    "列入名单后，符合名单移出条件的，当事人可以申请提前移出；名单期满自动移出。"
)
CATEGORY_OF_KIND = {
    "legal": SubjectCategory.LEGAL_ENTITY,
    "individual": SubjectCategory.INDIVIDUAL_BUSINESS,
    "person": SubjectCategory.PERSON,
}


class ListingError(ValidationError):
    pass


def _today() -> datetime.date:
    return timezone.localdate()


def _event(notice, step: str, note: str, user) -> None:
    notice.events.create(on=_today(), step=step, note=note, actor=user)


def _require_department(notice_or_department, user) -> None:
    department = getattr(notice_or_department, "department", notice_or_department)
    if not can_act_for(user, department):
        raise ListingError(_("只能由认定部门（%(dept)s）办理。") % {"dept": department})


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ListingError(
            {label: _("请填写%(label)s。") % {"label": ListNotice._meta.get_field(label).verbose_name}}
        )
    return value


def _number() -> str:
    day = _today().strftime("%Y%m%d")
    while True:
        number = f"GZ{day}{secrets.randbelow(1_000_000):06d}"
        if not ListNotice.objects.filter(number=number).exists():
            return number


def notice_serve(
    *, list_type, subject, department, reasons: str, basis: str, user, rights: str = ""
) -> ListNotice:
    """Tell the party that it is to be listed: reasons, basis, rights and the statement deadline."""
    if list_type.polarity != ListType.Polarity.BLACK:
        raise ListingError({"list_type": _("告知程序只适用于黑名单（失信主体名单）。")})
    _require_department(department, user)
    reasons = _required(reasons, "reasons")
    basis = _required(basis, "basis")
    served_on = _today()
    with transaction.atomic():
        notice = ListNotice.objects.create(
            number=_number(),
            list_type=list_type,
            subject=subject,
            department=department,
            reasons=reasons,
            basis=basis,
            rights=(rights or "").strip() or RIGHTS,
            served_on=served_on,
            statement_due=list_statement_due(served_on),
            created_by=user,
        )
        _event(
            notice,
            _("告知"),
            _("已告知拟列入%(list)s，陈述申辩截止 %(due)s。")
            % {"list": list_type.name, "due": notice.statement_due.isoformat()},
            user,
        )
    return notice


def notice_statement(notice, user, statement: str) -> None:
    """Record the party's statement (陈述申辩), received by the department by the deadline."""
    _require_department(notice, user)
    if notice.status != Status.NOTIFIED:
        raise ListingError(
            _("告知 %(n)s 当前为“%(s)s”，不能登记陈述申辩。")
            % {"n": notice.number, "s": notice.get_status_display()}
        )
    today = _today()
    if today > notice.statement_due:
        raise ListingError(
            _("陈述申辩期限已于 %(due)s 届满，不能再登记。") % {"due": notice.statement_due.isoformat()}
        )
    notice.statement = _required(statement, "statement")
    notice.stated_on = today
    notice.status = Status.STATED
    with transaction.atomic():
        notice.save()
        _event(
            notice,
            _("陈述申辩"),
            _("当事人提出陈述申辩，应于 %(due)s 前答复。") % {"due": list_answer_due(today).isoformat()},
            user,
        )


def notice_answer(notice, user, answer: str) -> None:
    _require_department(notice, user)
    if notice.status != Status.STATED:
        raise ListingError(_("告知 %(n)s 没有待答复的陈述申辩。") % {"n": notice.number})
    notice.answer = _required(answer, "answer")
    notice.answered_on = _today()
    notice.status = Status.ANSWERED
    with transaction.atomic():
        notice.save()
        _event(notice, _("答复"), notice.answer, user)


def listing_allowed_from(notice) -> datetime.date | None:
    """The first day the entry may be made; None while a statement waits for its answer."""
    if notice.status == Status.ANSWERED:
        return notice.answered_on
    if notice.status == Status.NOTIFIED:
        return notice.statement_due + datetime.timedelta(days=1)
    return None


def notice_list(
    notice, user, *, document_number: str, publish_until: datetime.date | None = None
) -> ListEntry:
    """Make the entry; it then waits for the credit office's review before it is public."""
    _require_department(notice, user)
    if notice.status == Status.STATED:
        raise ListingError(
            _("当事人已于 %(on)s 提出陈述申辩，须先答复，方可列入名单。")
            % {"on": notice.stated_on.isoformat()}
        )
    if notice.status not in (Status.NOTIFIED, Status.ANSWERED):
        raise ListingError(
            _("告知 %(n)s 当前为“%(s)s”，不能列入名单。")
            % {"n": notice.number, "s": notice.get_status_display()}
        )
    allowed = listing_allowed_from(notice)
    today = _today()
    if today < allowed:
        raise ListingError(
            _(
                "陈述申辩期限至 %(due)s，自 %(from)s 起方可列入名单（当事人陈述申辩经答复的，答复后即可列入）。"
            )
            % {"due": notice.statement_due.isoformat(), "from": allowed.isoformat()}
        )
    document_number = " ".join((document_number or "").split())
    if not document_number:
        raise ListingError({"document_number": _("请填写认定文书号。")})
    if ListEntry.objects.filter(department=notice.department, document_number=document_number).exists():
        raise ListingError(
            {"document_number": _("认定文书号“%(doc)s”已被本部门使用。") % {"doc": document_number}}
        )
    subject = notice.subject
    with transaction.atomic():
        entry = ListEntry(
            subject=subject,
            subject_name=subject.name,
            subject_uscc=subject.uscc or "",
            subject_category=CATEGORY_OF_KIND.get(subject.kind, SubjectCategory.LEGAL_ENTITY),
            department=notice.department,
            document_number=document_number,
            decision_date=today,
            publish_until=publish_until,
            list_type=notice.list_type,
            reason=notice.reasons,
            basis_document=notice.basis[:200],
            deciding_authority=notice.department.name,
        )
        # Entered by hand, so it waits for the credit office's review: the publication
        # module's rule (a draft of its author, then submitted).
        with acting(user, action=AuditEntry.Action.CREATE, reason=notice.number):
            record_save_by_hand(entry, user)
        record_submit(entry, user)
        notice.entry = entry
        notice.status = Status.LISTED
        notice.save()
        _event(
            notice,
            _("列入"),
            _("已作出列入决定（%(doc)s），待信用办审核后公示。") % {"doc": document_number},
            user,
        )
    return entry


def notice_drop(notice, user, reason: str) -> None:
    _require_department(notice, user)
    if notice.status in (Status.LISTED, Status.DROPPED):
        raise ListingError(_("告知 %(n)s 已办结。") % {"n": notice.number})
    reason = (reason or "").strip()
    if not reason:
        raise ListingError(_("不予列入须填写原因。"))
    notice.status = Status.DROPPED
    with transaction.atomic():
        notice.save()
        _event(notice, _("不予列入"), reason, user)


def entry_exit(entry, user, reason: str, *, on_request: bool = False) -> None:
    """移出: the exit conditions are met (on the party's request, or found by the department)."""
    _require_department(entry, user)
    if entry.removed_on is not None:
        raise ListingError(_("该名单记录已于 %(on)s 移出。") % {"on": entry.removed_on.isoformat()})
    reason = (reason or "").strip()
    if not reason:
        raise ListingError({"reason": _("移出须填写原因（符合的移出条件）。")})
    text = (_("依申请移出：%(r)s") if on_request else _("移出：%(r)s")) % {"r": reason}
    with transaction.atomic(), acting(user, action=AuditEntry.Action.UPDATE, reason=text):
        entry.removed_on = _today()
        entry.removal_reason = text[:300]
        entry.save()
        delta_add(entry, RecordDelta.Op.DEL, text)
        notice = ListNotice.objects.filter(entry=entry).first()
        if notice is not None:
            _event(notice, _("移出"), text, user)
