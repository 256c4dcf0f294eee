"""Writes for complaint cases. Views, the admin and commands call these; nothing else writes.

Every state change goes through `_record` (an Event: who, when, from, to, note, public) and the
state machine in complaints.states.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines, notifications, states
from complaints.models import Assignment, Attachment, Case, Event, Kind
from complaints.states import AssignmentStatus, InvalidTransition, Role, State
from portal.personal_data import describe as describe_personal_data
from portal.personal_data import find_personal_data

# No 0/O, 1/I/L: people copy these codes by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 8


# 投诉 cases are numbered TS…, 举报 cases JB…, so a number tells the clerk which it is.
TRACKING_PREFIXES = {Kind.COMPLAINT: "TS", Kind.REPORT: "JB"}


def new_tracking_number(now=None, kind=Kind.COMPLAINT) -> str:
    now = timezone.localtime(now or timezone.now())
    return f"{TRACKING_PREFIXES[kind]}{now:%Y%m%d}{''.join(secrets.choice('0123456789') for _ in range(6))}"


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalize_query_code(raw: str) -> str:
    return "".join((raw or "").split()).upper()


@dataclass
class Submission:
    case: Case
    query_code: str | None  # None when the form token had already created the case
    created: bool


def _record(
    case, action, from_state, to_state, *, actor=None, actor_label="", department=None, note="", public=True
):
    return Event.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=actor_label or (department.name if department else _("信用办")),
        department=department,
        note=note,
        public=public,
    )


def case_submit(*, form_token: str, data: dict, files: list, subject=None, ip=None) -> Submission:
    """Create the case and its files together, or nothing.

    `files` are complaints.uploads.CheckedFile. A second submit of the same form token returns
    the case the first one created.
    """
    existing = Case.objects.filter(form_token=form_token).first()
    if existing:
        return Submission(existing, None, False)
    query_code = new_query_code()
    saved_names = []
    try:
        with transaction.atomic():
            now = timezone.now()
            case = Case.objects.create(
                form_token=form_token,
                tracking_number=new_tracking_number(now, data.get("kind", Kind.COMPLAINT)),
                query_code_hash=make_password(query_code),
                subject=subject,
                submitted_at=now,
                accept_due=deadlines.accept_due(now),
                submitted_ip=ip,
                **data,
            )
            for checked in files:
                wanted = f"complaints/{now:%Y/%m}/{checked.random_name()}"
                # Listed before writing: a write that fails half-way leaves a partial file.
                saved_names.append(wanted)
                name = default_storage.save(wanted, checked.upload, max_length=200)
                saved_names.append(name)
                Attachment.objects.create(
                    case=case,
                    file=name,
                    original_name=checked.original_name,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                )
            _record(
                case,
                "submit",
                "",
                State.SUBMITTED,
                actor_label=_("投诉举报人"),
                note=_("已收到您的%(kind)s，共 %(n)d 个附件")
                % {"kind": Kind(case.kind).label, "n": len(files)},
            )
            notifications.notify_submitted(case, query_code)
    except IntegrityError:
        _delete_files(saved_names)
        existing = Case.objects.filter(form_token=form_token).first()
        if existing:  # a concurrent double submit won the race
            return Submission(existing, None, False)
        raise
    except BaseException:
        _delete_files(saved_names)
        raise
    return Submission(case, query_code, True)


def _delete_files(names):
    for name in set(names):
        try:
            default_storage.delete(name)
        except OSError:
            pass


def case_find(tracking_number: str, query_code: str) -> Case | None:
    """The case for a tracking number and its query code, or None (same answer for both misses)."""
    case = Case.objects.filter(tracking_number=(tracking_number or "").strip().upper()).first()
    code = normalize_query_code(query_code)
    if case is None:
        make_password(code)  # spend the same time as a real check
        return None
    return case if check_password(code, case.query_code_hash) else None


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_accept(case, user, note=""):
    return _office_transition(case, user, "accept", note)


def case_refuse(case, user, note):
    return _office_transition(case, user, "refuse", note)


def case_archive(case, user, note=""):
    return _office_transition(case, user, "archive", note)


def case_act(case, user, role, action, note=""):
    """A note-only action of the staff workspace by `role` (states.TRANSITIONS says which role
    may make which action, from which state, and with what note)."""
    if role == Role.CREDIT_OFFICE:
        return _office_transition(case, user, action, note)
    if role == Role.DEPARTMENT:
        return case_department_action(case, user, action, note)
    raise InvalidTransition(_("您无权执行该操作"))


def _office_transition(case, user, action, note):
    with transaction.atomic():
        case = _lock(case)
        transition = states.check(action, case.state, Role.CREDIT_OFFICE, note, note_only=True)
        from_state = case.state
        case.state = transition.target
        if action == "accept":
            case.accepted_at = timezone.now()
        case.save()
        _record(case, action, from_state, case.state, actor=user, note=note.strip(), public=transition.public)
        if action in ("accept", "refuse"):
            notifications.notify_decision(case)
    return case


def case_forward(case, user, departments, note=""):
    """Forward to one or more departments (转办). A department already handling it is skipped."""
    departments = list(departments)
    if not departments:
        raise InvalidTransition(_("请至少选择一个承办部门"))
    with transaction.atomic():
        case = _lock(case)
        transition = states.check("forward", case.state, Role.CREDIT_OFFICE, note)
        now = timezone.now()
        due = deadlines.handle_due(now)
        active = set(
            case.assignments.filter(status__in=states.ACTIVE_ASSIGNMENT).values_list(
                "department_id", flat=True
            )
        )
        new = [d for d in departments if d.pk not in active]
        for department in new:
            # A department that sent the case back and gets it again starts afresh.
            Assignment.objects.update_or_create(
                case=case,
                department=department,
                defaults={
                    "status": AssignmentStatus.PENDING,
                    "forwarded_at": now,
                    "due": due,
                    "return_reason": "",
                },
            )
        from_state = case.state
        case.state = transition.target
        case.forwarded_at = now
        case.handle_due = due
        case.save()
        names = "、".join(d.name for d in new)
        _record(case, "forward", from_state, case.state, actor=user, note=_("转办至：%(d)s") % {"d": names})
        if note.strip():
            _record(case, "forward_note", case.state, case.state, actor=user, note=note.strip(), public=False)
    return case


def _department_assignment(case, user, department):
    from complaints import permissions

    assignments = permissions.handling_assignments(user, case).filter(status__in=states.ACTIVE_ASSIGNMENT)
    if department is not None:
        assignments = assignments.filter(department=department)
    assignment = assignments.select_related("department").first()
    if assignment is None:
        raise InvalidTransition(_("您所在部门没有待办理的该案件"))
    return assignment


def case_department_action(case, user, action, note="", department=None):
    """A department starts, replies to, or sends back its part of a case."""
    with transaction.atomic():
        case = _lock(case)
        transition = states.check(action, case.state, Role.DEPARTMENT, note, note_only=True)
        assignment = _department_assignment(case, user, department)
        now = timezone.now()
        note = note.strip()
        if action == "start":
            if assignment.status != AssignmentStatus.PENDING:
                raise InvalidTransition(_("本部门已在办理该案件"))
            assignment.status = AssignmentStatus.HANDLING
            target = transition.target
        else:
            if action == "reply":
                assignment.status = AssignmentStatus.REPLIED
                assignment.reply = note
                assignment.replied_at = now
            else:
                assignment.status = AssignmentStatus.RETURNED
                assignment.return_reason = note
            assignment.save()
            statuses = list(case.assignments.values_list("status", flat=True))
            target = states.department_outcome(statuses) or case.state
        assignment.save()
        from_state = case.state
        case.state = target
        if target == State.CONCLUDED and from_state != State.CONCLUDED:
            case.concluded_at = now
            case.reply = _combined_reply(case)
        case.save()
        _record(
            case,
            action,
            from_state,
            target,
            actor=user,
            department=assignment.department,
            note=note,
            public=transition.public,
        )
        if target == State.CONCLUDED and from_state != State.CONCLUDED:
            notifications.notify_replied(case)
    return case


def _combined_reply(case) -> str:
    replies = list(
        case.assignments.filter(status=AssignmentStatus.REPLIED)
        .select_related("department")
        .order_by("replied_at")
    )
    if len(replies) == 1:
        return replies[0].reply
    return "\n\n".join(f"【{a.department.name}】\n{a.reply}" for a in replies)


def case_evaluate(case, satisfied: bool, comment=""):
    """The complainant (who proved the query code) says whether they are satisfied."""
    with transaction.atomic():
        case = _lock(case)
        states.check("evaluate", case.state, Role.COMPLAINANT, comment)
        from_state = case.state
        case.state = State.EVALUATED
        case.satisfied = satisfied
        case.evaluation = comment.strip()
        case.evaluated_at = timezone.now()
        case.save()
        verdict = _("满意") if satisfied else _("不满意")
        note = f"{verdict}。{case.evaluation}" if case.evaluation else verdict
        _record(case, "evaluate", from_state, case.state, actor_label=_("投诉举报人"), note=note)
    return case


def case_publish_typical(case, user, *, title: str, summary: str, outcome: str):
    """Publish a concluded case as a 典型案例. Only these staff-written texts become public."""
    title, summary, outcome = title.strip(), summary.strip(), outcome.strip()
    if not (title and summary and outcome):
        raise InvalidTransition(_("请填写案例标题、案情摘要和处理结果"))
    with transaction.atomic():
        case = _lock(case)
        if case.state not in states.CONCLUDED_STATES:
            raise InvalidTransition(_("只有已办结的案件可以发布为典型案例"))
        typical_check_personal_data(case, title=title, summary=summary, outcome=outcome)
        case.is_typical = True
        case.typical_title, case.typical_summary, case.typical_outcome = title, summary, outcome
        case.typical_published_at = timezone.now()
        case.save()
        _record(case, "publish", case.state, case.state, actor=user, note=_("发布为典型案例"), public=False)
    return case


def case_unpublish_typical(case, user):
    with transaction.atomic():
        case = _lock(case)
        case.is_typical = False
        case.save()
        _record(case, "unpublish", case.state, case.state, actor=user, note=_("撤下典型案例"), public=False)
    return case


def typical_check_personal_data(case, **texts):
    """Refuse 典型案例 texts holding an ID number, a phone number or the complainant's name,
    address or e-mail: a ValidationError per field naming in Chinese what was found."""
    labels = {"title": _("案例标题"), "summary": _("案情摘要"), "outcome": _("处理结果")}
    errors = {}
    for field, text in texts.items():
        found = find_personal_data(
            text,
            names=[case.complainant_name],
            addresses=[case.complainant_address],
            emails=[case.complainant_email],
        )
        if found:
            errors[field] = _("%(field)s%(what)s，请删除后再发布") % {
                "field": labels[field],
                "what": describe_personal_data(found),
            }
    if errors:
        raise ValidationError(errors)


def case_typical_draft(case) -> dict:
    """Starting texts for the publish form: a title only. Staff write the summary and outcome
    themselves; the complaint's own facts and the reply to the complainant are never copied."""
    return {
        "title": f"{case.subject_name}{case.get_category_display()}{case.get_kind_display()}案",
        "summary": "",
        "outcome": "",
    }
