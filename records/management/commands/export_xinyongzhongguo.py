"""Incremental export to 信用中国, for the worker's clock or cron (the same service as the staff page).

python manage.py export_xinyongzhongguo                      # 行政许可, 行政处罚, 红黑名单
python manage.py export_xinyongzhongguo --kind penalty --format xlsx
python manage.py export_xinyongzhongguo --all                 # every record kind

Each run exports what changed since the last export of each kind (records.services.exchange) and
lists the files in the export log (admin → 信用中国数据导出), where staff download them.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from records.models import AuditEntry, ExchangeExport
from records.services.exchange import EXPORT_KINDS, ExportBusy, export_run

DEFAULT_KINDS = ["permit", "penalty", "list_entry"]


class Command(BaseCommand):
    help = "向信用中国增量导出信用信息（双公示、红黑名单等）：每类导出自上次导出以来的新增、变更和撤销修复。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=EXPORT_KINDS,
            help="信息类别，可重复；默认行政许可、行政处罚、红黑名单",
        )
        parser.add_argument("--all", action="store_true", help="导出全部信息类别")
        parser.add_argument(
            "--format", choices=ExchangeExport.Format.values, default=ExchangeExport.Format.CSV
        )
        parser.add_argument("--user", help="记为导出人的用户名")

    def handle(self, *args, kind, all, format, user, **options):
        kinds = EXPORT_KINDS if all else (kind or DEFAULT_KINDS)
        operator = None
        if user:
            operator = get_user_model().objects.filter(username=user).first()
            if operator is None:
                raise CommandError(f"用户不存在：{user}")
        for slug in kinds:
            try:
                export = export_run(slug, user=operator, fmt=format, channel=AuditEntry.Channel.COMMAND)
            except ExportBusy as exc:
                raise CommandError(str(exc)) from None
            extra = (
                f"，撤销/修复 {export.withdrawal_count:,} 条：{export.withdrawals_file.name}"
                if export.withdrawal_count
                else ""
            )
            self.stdout.write(
                f"{export.kind_label}：公示记录 {export.row_count:,} 条：{export.file.name}{extra}（导出 #{export.pk}）"
            )
