"""Following a case: tracking number + query code, the public timeline, the reply, evaluation."""

import pytest

from complaints import services
from tests.complaints import factories as cf

pytestmark = pytest.mark.django_db
TRACK = "/complaints/track/"


def _look_up(client, case_number, code):
    return client.post(TRACK, {"tracking_number": case_number, "query_code": code})


def test_the_complainant_sees_public_events_and_the_reply(client, people):
    submission = cf.submit()
    handler = people.complaint_handler
    case = services.case_forward(
        services.case_accept(submission.case, handler), handler, [people.market], "内部：重点督办"
    )
    services.case_department_action(case, people.operator, "reply", "经查属实，已责令退还货款。")
    response = _look_up(client, case.tracking_number, submission.query_code)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已办结" in page and "经查属实，已责令退还货款。" in page
    assert "已转办" in page and "转办至：西安市市场监督管理局" in page
    assert "内部：重点督办" not in page
    assert "您对办理结果是否满意" in page


def test_a_return_reason_stays_internal(client, people):
    submission = cf.submit()
    handler = people.complaint_handler
    case = services.case_forward(services.case_accept(submission.case, handler), handler, [people.market])
    services.case_department_action(case, people.operator, "return", "本部门无管辖权")
    _look_up(client, case.tracking_number, submission.query_code)
    page = client.get(f"{TRACK}{case.tracking_number}/").content.decode()
    assert "本部门无管辖权" not in page


def test_the_complainant_can_say_whether_they_are_satisfied(client, people):
    submission = cf.submit()
    handler = people.complaint_handler
    case = services.case_forward(services.case_accept(submission.case, handler), handler, [people.market])
    services.case_department_action(case, people.operator, "reply", "已处理。")
    _look_up(client, case.tracking_number, submission.query_code)
    response = client.post(
        f"{TRACK}{case.tracking_number}/evaluate/", {"satisfied": "1", "comment": "处理及时"}
    )
    assert response.status_code == 302
    page = client.get(f"{TRACK}{case.tracking_number}/").content.decode()
    assert "已评价" in page and "满意" in page and "处理及时" in page
    assert "提交评价" not in page


def test_without_the_code_the_case_page_is_not_shown(client):
    case = cf.case()
    response = client.get(f"{TRACK}{case.tracking_number}/")
    assert response.status_code == 302 and response["Location"] == TRACK
    assert client.post(f"{TRACK}{case.tracking_number}/evaluate/", {"satisfied": "1"}).status_code == 404


def test_wrong_codes_are_throttled_per_ip(client, settings):
    settings.COMPLAINT_TRACK_FAILURE_LIMIT = (3, 3600)
    submission = cf.submit()
    number = submission.case.tracking_number
    for _ in range(3):
        response = _look_up(client, number, "AAAAAAAA")
        assert response.status_code == 400 and "受理编号或查询码不正确" in response.content.decode()
    # Now even the right code waits: guessing is stopped, not just slowed.
    blocked = _look_up(client, number, submission.query_code)
    assert blocked.status_code == 429 and "错误次数过多" in blocked.content.decode()
    # Another address is not affected.
    other = client.post(
        TRACK, {"tracking_number": number, "query_code": submission.query_code}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_unknown_number_and_wrong_code_get_the_same_answer(client):
    submission = cf.submit()
    wrong_code = _look_up(client, submission.case.tracking_number, "AAAAAAAA").content.decode()
    unknown = _look_up(client, "TS20990101000000", submission.query_code).content.decode()
    assert "受理编号或查询码不正确" in wrong_code and "受理编号或查询码不正确" in unknown


def test_the_tracking_page_keeps_the_deadlines_the_receipt_promised(client, people):
    submission = cf.submit()
    case = submission.case
    _look_up(client, case.tracking_number, submission.query_code)
    page = client.get(f"{TRACK}{case.tracking_number}/").content.decode()
    assert f"信用办将在 {case.accept_due:%Y年%-m月%-d日} 前决定是否受理" in page

    handler = people.complaint_handler
    case = services.case_forward(services.case_accept(case, handler), handler, [people.market])
    page = client.get(f"{TRACK}{case.tracking_number}/").content.decode()
    assert "已于" in page and "受理" in page
    assert f"承办部门应在 {case.handle_due:%Y年%-m月%-d日} 前办结" in page


def test_a_report_is_numbered_jb_and_a_complaint_ts():
    assert cf.case(kind="report").tracking_number.startswith("JB")
    assert cf.case(kind="complaint").tracking_number.startswith("TS")


def test_every_complaint_page_starts_its_breadcrumb_at_the_home_page(client):
    for path in ("/complaints/new/", TRACK, "/complaints/cases/"):
        html = client.get(path).content.decode()
        assert '<nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a>' in html, path
