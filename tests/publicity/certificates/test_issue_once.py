"""A double click issues one certificate, and the page then shows its number and verify link."""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from publicity.certificates.models import Certificate
from tests.browser import assert_no_axe_violations
from tests.publicity.certificates.factories import company_with_every_kind
from tests.publicity.certificates.test_issue_view import VALID


def token_of(page: str) -> str:
    return re.search(r'name="issue_token" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_the_same_form_sent_twice_gives_the_same_certificate(client):
    story = company_with_every_kind()
    url = reverse("certificates:new", args=[story.subject.uscc])
    token = token_of(client.get(url).content.decode())
    first = client.post(url, {**VALID, "issue_token": token})
    again = client.post(url, {**VALID, "issue_token": token})
    assert first["X-Certificate-Number"] == again["X-Certificate-Number"]
    assert first.content == again.content
    assert Certificate.objects.count() == 1
    # Other answers are another request, even with the old token; no token always issues.
    other = client.post(url, {**VALID, "requester_org": "西安市财政局", "issue_token": token})
    assert other["X-Certificate-Number"] != first["X-Certificate-Number"]
    client.post(url, VALID)
    client.post(url, VALID)
    assert Certificate.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_with_one_token_issue_once(live_server):
    story = company_with_every_kind()
    url = live_server.url + reverse("certificates:new", args=[story.subject.uscc])
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(url, timeout=60).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {**VALID, "issue_token": token_of(page), "csrfmiddlewaretoken": csrf}
    ).encode()
    numbers, barrier = [], threading.Barrier(2)

    def post():
        barrier.wait()
        with opener.open(urllib.request.Request(url, data=body), timeout=120) as response:
            numbers.append(response.headers["X-Certificate-Number"])

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(numbers) == 2 and numbers[0] == numbers[1]
    assert Certificate.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_double_click_issues_one_and_the_page_shows_number_and_verify_link(live_server, page, tmp_path):
    story = company_with_every_kind()
    page.goto(f"{live_server.url}/subjects/{story.subject.uscc}/certificate/")
    page.get_by_label("招标投标").check()
    page.get_by_label("申请单位").fill("西安市公共资源交易中心")
    button = page.get_by_role("button", name="生成并下载 PDF")
    with page.expect_download() as info:
        button.dblclick()
        page.locator("#certificate-issued").wait_for(state="visible", timeout=60_000)
    assert info.value.suggested_filename.endswith(".pdf")
    certificate = Certificate.objects.get()
    assert page.locator("#certificate-number").inner_text() == certificate.number
    verify = page.locator("#certificate-verify")
    assert verify.inner_text().endswith(f"/verify/{certificate.number}/")
    assert_no_axe_violations(page)
    page.screenshot(path=tmp_path / "certificate-issued-1366.png", full_page=True)
    verify.click()
    page.wait_for_load_state()
    assert certificate.number in page.content() and "西安市公共资源交易中心" in page.content()
    assert Certificate.objects.count() == 1
