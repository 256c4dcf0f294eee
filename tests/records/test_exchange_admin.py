"""Credit office staff: tokens in the admin (key shown once), the batch log, timeliness."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from records.demo.exchange import DEMO_ROWS, load_demo_exchange
from records.models import ApiToken, IngestBatch
from records.models.exchange import hash_token
from tests import factories as f
from tests.records.exchange_factories import penalty_row

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_credit_office_creates_a_token_shown_once_then_revokes_it(people):
    office = people.client(people.office_admin)  # 孙管理, 信用办管理员
    dept = f.department()
    response = office.post(
        "/admin/records/apitoken/add/",
        {"name": "执法办案系统", "department": dept.pk, "direction": "push", "kinds": ["penalty", "permit"]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    raw = re.search(r'value="(xy_[^"]+)"', page).group(1)
    assert "只显示这一次" in page and "推送（报送信用信息）" in page
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and token.kinds == ["penalty", "permit"]
    assert raw not in office.get(f"/admin/records/apitoken/{token.pk}/change/").content.decode()

    pushed = Client().post(
        "/api/v1/push/penalty/",
        {"rows": [penalty_row(dept)]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert pushed.json()["created"] == 1

    office.post(
        "/admin/records/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = Client().post(
        "/api/v1/push/penalty/",
        {"rows": [penalty_row(dept)]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert refused.status_code == 401
    assert office.post(f"/admin/records/apitoken/{token.pk}/delete/").status_code == 403


def test_batch_log_is_visible_and_read_only(people):
    office = people.client(people.office_admin)  # 孙管理, 信用办管理员
    f.department()
    batch = load_demo_exchange()
    assert (batch.created_count, batch.rejected_count) == (DEMO_ROWS - 1, 1)
    assert load_demo_exchange() is None  # loaded once
    listing = office.get("/admin/records/ingestbatch/").content.decode()
    assert "演示数据-行政处罚.csv" in listing
    detail = office.get(f"/admin/records/ingestbatch/{batch.pk}/change/").content.decode()
    assert "校验码" in detail
    assert office.get("/admin/records/ingestbatch/add/").status_code == 403


def test_timeliness_summary_per_department(people):
    office = people.client(people.office_admin)  # 孙管理, 信用办管理员
    on_time_dept = f.department(name="西安市税务局")
    late_dept = f.department(name="宝鸡市市场监督管理局", area="610300")
    subject = f.subject()
    today = timezone.localdate()
    day = today - datetime.timedelta(days=40)
    f.penalty(subject, on_time_dept, decision_date=day, report_deadline=day + datetime.timedelta(days=9))
    f.permit(subject, late_dept, decision_date=day, report_deadline=day + datetime.timedelta(days=9))
    f.penalty(
        subject,
        late_dept,
        decision_date=day,
        report_deadline=today - datetime.timedelta(days=10),
        is_late=True,
    )
    page = office.get("/records/timeliness/").content.decode()
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>(.*?)</tr>", page, re.S)
    cells = {name: re.findall(r'class="num">([^<]+)<', rest) for name, rest in rows}
    assert cells["宝鸡市市场监督管理局"] == ["2", "1", "1", "50%", "10.0"]
    assert cells["西安市税务局"] == ["1", "1", "0", "0%", "—"]
    only_permits = office.get("/records/timeliness/", {"kind": "permit"}).content.decode()
    assert "西安市税务局" not in only_permits
    assert Client().get("/records/timeliness/").status_code == 302
    bad = office.get("/records/timeliness/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and "开始日期不能晚于结束日期" in bad.content.decode()


def test_batches_survive_for_audit():
    dept = f.department()
    token, _raw = ApiToken.issue(department=dept, direction="push", name="x")
    IngestBatch.objects.create(department=dept, kind="penalty", source="api", token=token)
    token.revoke()
    assert IngestBatch.objects.get().token == token
