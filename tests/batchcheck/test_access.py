"""Who may run batch checks: department operators, the credit office and auditors; never the
complaint handler or a staff account with no role. A check is seen by its own department, the
credit office and auditors."""

import pytest
from django.urls import reverse

from batchcheck.models import BatchCheck
from portal.workbench import links
from records.staff import user_department
from tests import factories as f
from tests.batchcheck.factories import PROJECT

pytestmark = pytest.mark.django_db


def start(client, text):
    return client.post(
        reverse("batchcheck:home"), {"purpose": "bidding", "project": PROJECT, "bidders": text}
    )


@pytest.mark.parametrize("who", ["operator", "reviewer", "office_admin", "auditor"])
def test_roles_that_use_credit_checks_may_run_one(people, who):
    user = getattr(people, who)
    client = people.client(user)
    assert client.get(reverse("batchcheck:home")).status_code == 200
    assert "批量信用核查" in [str(link.label) for link in links(user)]
    subject = f.subject(name="陕西核查建设有限公司")
    assert start(client, subject.uscc).status_code == 302
    check = BatchCheck.objects.get()
    assert check.department == user_department(user) and check.rows.get().certificate is not None


@pytest.mark.parametrize("who", ["complaint_handler", "outsider"])
def test_complaint_handler_and_no_role_staff_are_refused(people, who):
    user = getattr(people, who)
    client = people.client(user)
    for response in (client.get(reverse("batchcheck:home")), start(client, f.uscc())):
        assert response.status_code == 403
        assert "批量信用核查" in response.content.decode()
    assert "批量信用核查" not in [str(link.label) for link in links(user)]
    assert not BatchCheck.objects.exists()


def test_the_public_is_sent_to_the_staff_login(client):
    response = client.get(reverse("batchcheck:home"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_department_does_not_see_a_check_but_the_office_does(people):
    subject = f.subject(name="陕西核查建设有限公司")
    assert start(people.client(people.operator), subject.uscc).status_code == 302
    check = BatchCheck.objects.get()
    urls = [
        reverse(name, args=[check.pk])
        for name in ("batchcheck:detail", "batchcheck:progress", "batchcheck:xlsx", "batchcheck:zip")
    ]
    for url in urls:
        assert people.client(people.colleague).get(url).status_code == 200
        assert people.client(people.other_operator).get(url).status_code == 404
        assert people.client(people.auditor).get(url).status_code == 200
        assert people.client(people.complaint_handler).get(url).status_code == 403
