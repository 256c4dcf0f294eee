"""Personal data past its retention period, removed by kind (manage.py prune_personal_data).

Each app owns the end of its own data (records/retention.py, complaints/retention.py,
publicity/certificates/retention.py); this module applies the periods of
settings.RETENTION_DAYS to all of them, plus the login logs of django-axes, and reports
what it removed per kind. Running it again removes nothing more (idempotent).
"""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import retention as complaint_retention
from publicity.certificates import retention as certificate_retention
from records import retention as record_retention


@dataclass(frozen=True)
class Removed:
    label: str
    count: int
    days: int


def _login_log_ips(before, dry_run) -> int:
    total = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        old = model.objects.filter(attempt_time__lt=before, ip_address__isnull=False)
        total += old.count() if dry_run else old.update(ip_address=None)
    return total


def check_periods(days: dict) -> None:
    """Refuse periods the rules forbid: under 1 day, or the audit trail under 180 days."""
    for kind, value in days.items():
        if value < 1:
            raise ImproperlyConfigured(
                _("保存期限“%(kind)s”至少为1天，当前为%(n)d") % {"kind": kind, "n": value}
            )
    if days["audit"] < settings.AUDIT_MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            _("审计记录保存期限不得少于%(min)d天（等保三级），当前配置为%(n)d天")
            % {"min": settings.AUDIT_MIN_RETENTION_DAYS, "n": days["audit"]}
        )


def prune_personal_data(now=None, dry_run=False) -> list[Removed]:
    days = dict(settings.RETENTION_DAYS)
    check_periods(days)
    now = now or timezone.now()

    def before(kind):
        return now - datetime.timedelta(days=days[kind])

    rows, batches = record_retention.prune_abandoned_uploads(before("staged_rows"), dry_run)
    appeal_files = record_retention.prune_appeal_evidence(before("evidence"), dry_run)
    return [
        Removed(
            _("拒收的导入数据行"),
            record_retention.prune_rejected_rows(before("rejected_rows"), dry_run),
            days["rejected_rows"],
        ),
        Removed(_("未完成上传的暂存数据行"), rows, days["staged_rows"]),
        Removed(_("未完成的上传批次（标记为失败）"), batches, days["staged_rows"]),
        Removed(
            _("已办结投诉举报的证据材料"),
            complaint_retention.prune_evidence(before("evidence"), dry_run),
            days["evidence"],
        ),
        Removed(_("已办结信用修复的证明材料"), appeal_files["repair"], days["evidence"]),
        Removed(_("已办结异议申诉的证明材料"), appeal_files["objection"], days["evidence"]),
        Removed(
            _("信用查询记录中的申请人IP"),
            certificate_retention.prune_requester_ips(before("ip_addresses"), dry_run),
            days["ip_addresses"],
        ),
        Removed(
            _("投诉举报的提交IP"),
            complaint_retention.prune_submitted_ips(before("ip_addresses"), dry_run),
            days["ip_addresses"],
        ),
        Removed(_("登录记录中的IP"), _login_log_ips(before("ip_addresses"), dry_run), days["ip_addresses"]),
        Removed(_("审计记录"), record_retention.prune_audit(before("audit"), dry_run), days["audit"]),
    ]
