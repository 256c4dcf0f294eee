"""The complaint case state machine, in one place.

已提交 → 已受理 or 不予受理 (reason) → 已转办 (one or more departments) → 办理中 → 已办结 (reply)
→ 已评价 / 已归档; a department may send its part back to the credit office (退回, reason),
which then forwards it again or refuses it.

Each transition names the role allowed to make it, whether it needs a note (and what the note
is called on the form), whether the complainant sees the event on the public timeline, and
whether it is made with a note alone (the staff workspace's buttons) or with a form of its own
(转办 picks departments, 评价 is the complainant's).
Services (`complaints.services.case_transition`) enforce this table; nothing else changes a
case's state.

A case forwarded to several departments concludes when every department still handling it
has replied (`department_outcome`).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    REFUSED = "refused", _("不予受理")
    FORWARDED = "forwarded", _("已转办")
    IN_PROGRESS = "in_progress", _("办理中")
    RETURNED = "returned", _("退回")
    CONCLUDED = "concluded", _("已办结")
    EVALUATED = "evaluated", _("已评价")
    ARCHIVED = "archived", _("已归档")


class Role(models.TextChoices):
    CREDIT_OFFICE = "credit_office", _("信用办")
    DEPARTMENT = "department", _("承办部门")
    COMPLAINANT = "complainant", _("投诉举报人")


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: State
    role: Role
    note_required: bool
    note_label: str
    public: bool
    note_only: bool = True


def _t(action, label, sources, target, role, note_required, note_label, public, note_only=True):
    return Transition(
        action, label, frozenset(sources), target, role, note_required, note_label, public, note_only
    )


S = State
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("accept", _("受理"), {S.SUBMITTED}, S.ACCEPTED, Role.CREDIT_OFFICE, False, _("受理意见"), True),
        _t(
            "refuse",
            _("不予受理"),
            {S.SUBMITTED, S.RETURNED},
            S.REFUSED,
            Role.CREDIT_OFFICE,
            True,
            _("不予受理理由"),
            True,
        ),
        _t(
            "forward",
            _("转办"),
            {S.ACCEPTED, S.RETURNED},
            S.FORWARDED,
            Role.CREDIT_OFFICE,
            False,
            _("转办意见（仅工作人员可见）"),
            True,
            note_only=False,
        ),
        _t(
            "start",
            _("开始办理"),
            {S.FORWARDED, S.IN_PROGRESS},
            S.IN_PROGRESS,
            Role.DEPARTMENT,
            False,
            _("办理说明"),
            True,
        ),
        _t(
            "reply",
            _("办结答复"),
            {S.FORWARDED, S.IN_PROGRESS},
            S.CONCLUDED,
            Role.DEPARTMENT,
            True,
            _("答复内容（投诉举报人可见）"),
            True,
        ),
        _t(
            "return",
            _("退回信用办"),
            {S.FORWARDED, S.IN_PROGRESS},
            S.RETURNED,
            Role.DEPARTMENT,
            True,
            _("退回理由"),
            False,
        ),
        _t(
            "evaluate",
            _("评价"),
            {S.CONCLUDED},
            S.EVALUATED,
            Role.COMPLAINANT,
            False,
            _("评价意见"),
            True,
            note_only=False,
        ),
        _t(
            "archive",
            _("归档"),
            {S.CONCLUDED, S.EVALUATED, S.REFUSED},
            S.ARCHIVED,
            Role.CREDIT_OFFICE,
            False,
            _("归档说明"),
            False,
        ),
    )
}

# States in which the case waits for the credit office to accept it, and in which a
# department is handling it: the two deadlines.
AWAITING_ACCEPTANCE = frozenset({S.SUBMITTED})
BEING_HANDLED = frozenset({S.FORWARDED, S.IN_PROGRESS})
# States in which the case is done with; only these may be published as 典型案例.
CONCLUDED_STATES = frozenset({S.CONCLUDED, S.EVALUATED, S.ARCHIVED})


class InvalidTransition(Exception):
    """The action is not allowed now, for this role, or misses its note. `message` is Chinese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check(action: str, state: str, role: str, note: str, *, note_only: bool = False) -> Transition:
    """The transition for `action` from `state` by `role`, or InvalidTransition saying why not.
    `note_only`: the caller has a note and nothing else (the workspace's action buttons)."""
    transition = TRANSITIONS.get(action)
    if transition is None or (note_only and not transition.note_only):
        raise InvalidTransition(_("未知的操作"))
    if role != transition.role:
        raise InvalidTransition(_("您无权执行“%(a)s”操作") % {"a": transition.label})
    if state not in transition.sources:
        raise InvalidTransition(
            _("案件当前状态为“%(s)s”，不能执行“%(a)s”操作") % {"s": State(state).label, "a": transition.label}
        )
    if transition.note_required and not (note or "").strip():
        raise InvalidTransition(_("请填写%(n)s") % {"n": transition.note_label})
    return transition


def available(state: str, role: str, *, note_only: bool = False) -> list[Transition]:
    """Transitions `role` may make from `state` (for the buttons a staff page shows)."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.role == role and state in t.sources and (t.note_only or not note_only)
    ]


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("待办理")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    RETURNED = "returned", _("已退回")


ACTIVE_ASSIGNMENT = frozenset({AssignmentStatus.PENDING, AssignmentStatus.HANDLING})


def department_outcome(statuses: list[str]) -> State | None:
    """The case state after a department replied or sent the case back, given the statuses of
    all its assignments; None when other departments are still handling it."""
    if any(s in ACTIVE_ASSIGNMENT for s in statuses):
        return None
    if any(s == AssignmentStatus.REPLIED for s in statuses):
        return S.CONCLUDED
    return S.RETURNED
