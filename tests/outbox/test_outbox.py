"""E-mail goes through the outbox: a real SMTP server (aiosmtpd on loopback) that refuses, then
accepts; the mail is retried with backoff, the case is never lost, staff see what failed."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db


class Handler:
    """Refuses every mail with 451 until `accept` is set; keeps what it accepted."""

    def __init__(self):
        self.accept = False
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if not self.accept:
            return "451 4.3.0 Mail server temporarily unavailable"
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def later(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_a_refused_mail_is_retried_with_backoff_and_then_delivered(smtp):
    mail = services.queue(to="a@example.com", subject="测试", text="正文", purpose="测试")
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("retrying", 1)
    assert "451" in mail.last_error
    assert abs((mail.next_attempt_at - later(services.RETRY_DELAYS[0])).total_seconds()) < 30

    assert services.deliver_due() == 0  # not due yet
    assert services.deliver_due(later(61)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("retrying", 2)
    assert mail.next_attempt_at > later(services.RETRY_DELAYS[1] - 30)

    smtp.accept = True
    services.deliver_due(later(400))
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 3)
    assert [e.rcpt_tos for e in smtp.received] == [["a@example.com"]]


def test_after_the_last_retry_the_mail_is_failed_and_staff_see_it(smtp, people):
    mail = services.queue(to="b@example.com", subject="投诉受理通知", text="正文", purpose="投诉举报通知")
    for seconds in (100, 1000, 4000, 20000):
        services.deliver_due(later(seconds))
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", len(services.RETRY_DELAYS) + 1)

    office = Client()
    office.force_login(people.office_admin)
    index = office.get("/admin/").content.decode()
    assert "1 封邮件发送失败" in index
    listing = office.get("/admin/outbox/outgoingmail/?status__exact=failed").content.decode()
    assert "投诉举报通知" in listing and "b***@example.com" in listing
    assert "b@example.com" not in listing  # the address is masked even for staff lists

    smtp.accept = True
    response = office.post(
        "/admin/outbox/outgoingmail/", {"action": "send_again", "_selected_action": [mail.pk]}, follow=True
    )
    assert "已重新发送 1 封邮件" in response.content.decode()
    mail.refresh_from_db()
    assert mail.status == "sent"
    assert "封邮件发送失败" not in office.get("/admin/").content.decode()


def test_roles_without_the_outbox_do_not_see_it(people):
    for user in (people.operator, people.reviewer, people.complaint_handler):
        client = Client()
        client.force_login(user)
        assert client.get("/admin/outbox/outgoingmail/").status_code == 403
    auditor = Client()
    auditor.force_login(people.auditor)
    assert auditor.get("/admin/outbox/outgoingmail/").status_code == 200


def test_a_one_time_code_is_not_kept_once_sent(smtp):
    smtp.accept = True
    mail = services.queue(
        to="c@example.com", subject="验证码", text="验证码为 123456", purpose="验证码", sensitive=True
    )
    mail.refresh_from_db()
    assert mail.status == "sent" and mail.text == ""
    assert b"123456" in smtp.received[0].content


def test_a_complaint_is_saved_while_the_mail_server_is_down(smtp):
    from tests.complaints.factories import submit

    case = submit(complainant_email="citizen@example.com").case
    mail = OutgoingMail.objects.get(reference=case.tracking_number)
    assert mail.status == "retrying" and mail.to == "citizen@example.com"
    smtp.accept = True
    services.deliver_due(later(120))
    mail.refresh_from_db()
    assert mail.status == "sent"
    assert case.tracking_number in smtp.received[0].content.decode("utf-8", "replace")
