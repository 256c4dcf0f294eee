"""The state machine: each transition's role, required note, and who sees the event."""

import pytest

from complaints import states
from complaints.states import AssignmentStatus as A
from complaints.states import InvalidTransition, Role, State


def test_full_path_is_allowed_for_the_right_roles():
    path = [
        ("accept", State.SUBMITTED, Role.CREDIT_OFFICE, ""),
        ("forward", State.ACCEPTED, Role.CREDIT_OFFICE, ""),
        ("start", State.FORWARDED, Role.DEPARTMENT, ""),
        ("reply", State.IN_PROGRESS, Role.DEPARTMENT, "已处理"),
        ("evaluate", State.CONCLUDED, Role.COMPLAINANT, ""),
        ("archive", State.EVALUATED, Role.CREDIT_OFFICE, ""),
    ]
    for action, state, role, note in path:
        assert states.check(action, state, role, note).action == action


@pytest.mark.parametrize(
    "action,state,role",
    [
        ("accept", State.SUBMITTED, Role.DEPARTMENT),
        ("forward", State.ACCEPTED, Role.DEPARTMENT),
        ("reply", State.IN_PROGRESS, Role.CREDIT_OFFICE),
        ("evaluate", State.CONCLUDED, Role.CREDIT_OFFICE),
        ("return", State.FORWARDED, Role.COMPLAINANT),
    ],
)
def test_wrong_role_is_refused_with_a_chinese_message(action, state, role):
    with pytest.raises(InvalidTransition) as exc:
        states.check(action, state, role, "说明")
    assert "无权" in exc.value.message


def test_wrong_state_names_the_current_state():
    with pytest.raises(InvalidTransition) as exc:
        states.check("forward", State.SUBMITTED, Role.CREDIT_OFFICE, "")
    assert "已提交" in exc.value.message and "转办" in exc.value.message


@pytest.mark.parametrize(
    "action,state,role",
    [
        ("refuse", State.SUBMITTED, Role.CREDIT_OFFICE),
        ("reply", State.IN_PROGRESS, Role.DEPARTMENT),
        ("return", State.FORWARDED, Role.DEPARTMENT),
    ],
)
def test_refusal_reply_and_return_need_a_note(action, state, role):
    with pytest.raises(InvalidTransition) as exc:
        states.check(action, state, role, "   ")
    assert exc.value.message.startswith("请填写")


def test_a_return_is_hidden_from_the_complainant_and_a_reply_is_shown():
    assert states.TRANSITIONS["return"].public is False
    assert states.TRANSITIONS["reply"].public is True
    assert states.TRANSITIONS["refuse"].public is True


def test_returned_case_can_be_forwarded_again_or_refused():
    assert {t.action for t in states.available(State.RETURNED, Role.CREDIT_OFFICE)} == {"forward", "refuse"}


def test_department_outcome_waits_for_every_department():
    assert states.department_outcome([A.REPLIED, A.HANDLING]) is None
    assert states.department_outcome([A.REPLIED, A.RETURNED]) == State.CONCLUDED
    assert states.department_outcome([A.RETURNED, A.RETURNED]) == State.RETURNED
    assert states.department_outcome([A.REPLIED]) == State.CONCLUDED
