"""Case services: all-or-nothing submission, multi-department forwarding, returns, events."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services, uploads
from complaints.models import Attachment, Case, Event
from complaints.states import InvalidTransition
from tests.complaints import factories as cf

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


class BrokenUpload(SimpleUploadedFile):
    """A file whose content cannot be read when it is saved (a disk or network fault)."""

    def chunks(self, chunk_size=None):
        if getattr(self, "_checked", False):
            raise OSError("read failed")
        self._checked = True
        return super().chunks(chunk_size)


def test_a_failing_file_leaves_neither_case_nor_files(settings):
    good = uploads.check_file(cf.upload("a.png"))
    broken = uploads.check_file(BrokenUpload("b.png", cf.PNG, "image/png"))
    with pytest.raises(OSError):
        services.case_submit(form_token="t-1", data=cf.case_data(), files=[good, broken])
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0 and Event.objects.count() == 0
    root = settings.MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_same_form_token_returns_the_first_case():
    first = services.case_submit(form_token="same", data=cf.case_data(), files=[])
    again = services.case_submit(form_token="same", data=cf.case_data(title="改过的标题"), files=[])
    assert first.created and not again.created and again.case.pk == first.case.pk
    assert again.query_code is None and Case.objects.count() == 1


def test_query_code_finds_the_case_and_nothing_else():
    submission = cf.submit()
    number = submission.case.tracking_number
    assert services.case_find(number, submission.query_code.lower()).pk == submission.case.pk
    assert services.case_find(number, "WRONGCOD") is None
    assert services.case_find("TS00000000000000", submission.query_code) is None


def test_every_change_is_an_event_with_who_from_to_note(people):
    case = cf.forwarded(people)
    case = services.case_department_action(case, people.operator, "start")
    case = services.case_department_action(case, people.operator, "reply", "已约谈企业并退款。")
    rows = list(case.events.values_list("action", "from_state", "to_state", "actor__username", "public"))
    assert rows == [
        ("submit", "", "submitted", None, True),
        ("accept", "submitted", "accepted", "wu", True),
        ("forward", "accepted", "forwarded", "wu", True),
        ("start", "forwarded", "in_progress", "wang", True),
        ("reply", "in_progress", "concluded", "wang", True),
    ]
    assert case.events.get(action="forward").note == "转办至：西安市市场监督管理局"
    assert case.events.get(action="reply").actor_label == "西安市市场监督管理局"
    assert case.reply == "已约谈企业并退款。" and case.concluded_at


def test_two_departments_conclude_only_when_both_replied(people):
    case = cf.forwarded(people, [people.market, people.ecology])
    assert case.assignments.count() == 2
    case = services.case_department_action(case, people.operator, "reply", "市场监管部门：已立案。")
    assert case.state == "forwarded"
    case = services.case_department_action(case, people.other_operator, "reply", "环保部门：已责令整改。")
    assert case.state == "concluded"
    assert "【西安市市场监督管理局】" in case.reply and "【西安市生态环境局】" in case.reply
    assert "环保部门：已责令整改。" in case.reply


def test_return_goes_back_to_the_credit_office_which_forwards_again(people):
    case = cf.forwarded(people)
    case = services.case_department_action(
        case, people.operator, "return", "不属于本部门职责，建议转环保部门。"
    )
    assert case.state == "returned"
    event = case.events.get(action="return")
    assert event.public is False and event.from_state == "forwarded"
    with pytest.raises(InvalidTransition):
        services.case_department_action(case, people.operator, "reply", "再答复")
    case = services.case_forward(case, people.complaint_handler, [people.ecology])
    case = services.case_department_action(case, people.other_operator, "reply", "已处理。")
    assert case.state == "concluded"


def test_refusal_needs_a_reason(people):
    with pytest.raises(InvalidTransition) as exc:
        services.case_refuse(cf.case(), people.complaint_handler, "")
    assert exc.value.message == "请填写不予受理理由"


def test_department_cannot_accept_and_outsider_department_cannot_reply(people):
    case = cf.forwarded(people)
    with pytest.raises(InvalidTransition):
        services.case_department_action(case, people.other_operator, "reply", "越权答复")
    assert Case.objects.get().state == "forwarded"


def test_evaluation_only_after_conclusion(people):
    case = cf.case()
    with pytest.raises(InvalidTransition):
        services.case_evaluate(case, True)
    case = cf.concluded(people)
    case = services.case_evaluate(case, False, "退款尚未到账")
    assert case.state == "evaluated" and case.satisfied is False
    assert case.events.last().note == "不满意。退款尚未到账"
