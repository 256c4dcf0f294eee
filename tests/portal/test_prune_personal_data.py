"""manage.py prune_personal_data: personal data past its retention period is removed, by kind,
with a report of what was removed; the audit trail stays at least 180 days; running it again
removes nothing; --dry-run changes nothing."""

import datetime
import io

import pytest
from axes.models import AccessLog
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from complaints.models import Attachment, Case
from publicity.certificates.models import Certificate
from records.appeals.repairs import repair_apply
from records.models import AuditEntry, ImportRow, IngestBatch, RepairAttachment
from tests import factories as f
from tests.complaints import factories as cf
from tests.records.appeal_factories import old_penalty, pdf, repair_data
from tests.test_settings import _manage

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RETENTION_DAYS = {
        "rejected_rows": 90,
        "staged_rows": 7,
        "evidence": 365,
        "ip_addresses": 180,
        "audit": 1095,
    }


def batch(status, started_days_ago, finished_days_ago=None):
    return IngestBatch.objects.create(
        department=f.department(),
        kind="penalty",
        source=IngestBatch.Source.UPLOAD,
        status=status,
        started_at=ago(started_days_ago),
        finished_at=ago(finished_days_ago) if finished_days_ago is not None else None,
    )


def rows(for_batch, n, rejected):
    values = {"cf_xdr_mc": "张三", "cf_xdr_zjhm": f.id_number()}
    ImportRow.objects.bulk_create(
        ImportRow(batch=for_batch, line=i + 2, values=values, rejected=rejected) for i in range(n)
    )


@pytest.fixture
def old_data(client, people):
    """Personal data on both sides of every period."""
    data = {}
    # Import rows: rejected rows of a batch finished 100 days ago (pruned) and 10 days ago (kept);
    # staged rows of an upload abandoned 30 days ago (pruned) and one running now (kept).
    rows(batch(IngestBatch.Status.DONE, 101, 100), 3, rejected=True)
    rows(batch(IngestBatch.Status.DONE, 11, 10), 2, rejected=True)
    data["abandoned"] = batch(IngestBatch.Status.PENDING, 30)
    rows(data["abandoned"], 4, rejected=False)
    data["running"] = batch(IngestBatch.Status.PENDING, 0)
    rows(data["running"], 5, rejected=False)

    # Complaint evidence: a case concluded 400 days ago (pruned), one still open (kept).
    closed = cf.concluded(people, files=[cf.upload()])
    open_case = cf.case(files=[cf.upload("open.png")])
    Case.objects.filter(pk=closed.pk).update(updated_at=ago(400), submitted_at=ago(420))
    data["closed_file"] = closed.attachments.get().file.name
    data["open_file"] = open_case.attachments.get().file.name

    # Credit repair evidence: closed 400 days ago (pruned).
    company = f.subject(name="西安诚信整改商贸有限公司")
    repair = repair_apply(**repair_data(old_penalty(company, f.department())), files=[pdf()])
    repair.closed_at = ago(400)
    repair.save(update_fields=["closed_at"])
    data["repair_file"] = repair.attachments.get().file.name

    # IP addresses: a certificate and a login 200 days ago (cleared), today (kept).
    for days, number in ((200, "A" * 20), (0, "B" * 20)):
        Certificate.objects.create(
            number=number,
            subject=company,
            subject_name=company.name,
            subject_code=company.uscc,
            purpose="bidding",
            requester_org="西安市财政局",
            requester_ip="203.0.113.9",
            issued_at=ago(days),
            snapshot={},
        )
        log = AccessLog.objects.create(ip_address="203.0.113.9", username="wang")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=ago(days))  # auto_now_add

    # Audit: 1,100 days old (pruned) and 200 days old (kept).
    for days in (1100, 200):
        # Written with its date: audit rows cannot be updated afterwards (a trigger on PostgreSQL).
        AuditEntry.objects.create(
            action=AuditEntry.Action.LOGIN, actor_username="wang", ip="10.0.0.1", at=ago(days)
        )
    return data


def run(*args) -> str:
    out = io.StringIO()
    call_command("prune_personal_data", *args, stdout=out)
    return out.getvalue()


EXPECTED = {
    "拒收的导入数据行（保存90天）": 3,
    "未完成上传的暂存数据行（保存7天）": 4,
    "未完成的上传批次（标记为失败）（保存7天）": 1,
    "已办结投诉举报的证据材料（保存365天）": 1,
    "已办结信用修复的证明材料（保存365天）": 1,
    "已办结异议申诉的证明材料（保存365天）": 0,
    "信用查询记录中的申请人IP（保存180天）": 1,
    # The concluded case was submitted 420 days ago; the open one today.
    "投诉举报的提交IP（保存180天）": 1,
    "登录记录中的IP（保存180天）": 1,
    "审计记录（保存1095天）": 1,
}


def report(output: str) -> dict:
    counts = {}
    for line in output.splitlines():
        if "：" in line and not line.startswith("合计"):
            label, count = line.rsplit("：", 1)
            counts[label] = int(count.split()[-1])
    return counts


def test_prunes_each_kind_past_its_period_and_says_how_many(old_data):
    output = run()
    assert report(output) == EXPECTED
    assert f"合计已清理 {sum(EXPECTED.values())}" in output

    assert ImportRow.objects.filter(rejected=True).count() == 2
    assert not ImportRow.objects.filter(batch=old_data["abandoned"]).exists()
    assert ImportRow.objects.filter(batch=old_data["running"]).count() == 5
    old_data["abandoned"].refresh_from_db()
    assert old_data["abandoned"].status == IngestBatch.Status.FAILED

    # Files are gone from storage; their rows stay, marked by a blank file name.
    assert not default_storage.exists(old_data["closed_file"])
    assert not default_storage.exists(old_data["repair_file"])
    assert default_storage.exists(old_data["open_file"])
    assert Attachment.objects.filter(file="").count() == 1 and Attachment.objects.count() == 2
    assert RepairAttachment.objects.get().file.name == ""

    assert list(Certificate.objects.order_by("number").values_list("requester_ip", flat=True)) == [
        None,
        "203.0.113.9",
    ]
    assert sorted(AccessLog.objects.values_list("ip_address", flat=True), key=str) == ["203.0.113.9", None]
    assert AuditEntry.objects.count() == 1


def test_a_second_run_removes_nothing(old_data):
    run()
    output = run()
    assert set(report(output).values()) == {0}
    assert "合计已清理 0" in output


def test_dry_run_reports_and_changes_nothing(old_data):
    output = run("--dry-run")
    assert {label: n for label, n in report(output).items()} == EXPECTED
    assert "合计将清理" in output
    assert ImportRow.objects.count() == 3 + 2 + 4 + 5
    assert default_storage.exists(old_data["closed_file"]) and default_storage.exists(old_data["repair_file"])
    assert Certificate.objects.filter(requester_ip__isnull=True).count() == 0
    assert AuditEntry.objects.count() == 2
    assert report(run()) == EXPECTED


def test_the_audit_trail_is_kept_at_least_180_days(settings, old_data):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 179}
    with pytest.raises(CommandError, match="审计记录保存期限不得少于180天"):
        run()
    assert AuditEntry.objects.count() == 2


def test_an_audit_period_below_180_days_stops_start_up():
    result = _manage("check", env={"DEBUG": "1", "AUDIT_RETENTION_DAYS": "90"})
    assert result.returncode != 0
    assert "AUDIT_RETENTION_DAYS must be at least 180" in result.stderr


def test_pruned_evidence_is_not_served(client, people, old_data):
    run()
    case = Case.objects.get(attachments__file="")
    attachment = case.attachments.get()
    client.force_login(people.complaint_handler)
    assert client.get(f"/complaints/staff/{case.pk}/files/{attachment.pk}/").status_code == 404
    assert "已按保存期限删除" in client.get(f"/complaints/staff/{case.pk}/").content.decode()
