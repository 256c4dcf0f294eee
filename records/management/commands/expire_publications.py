"""Daily: end publications whose window has passed. Safe to run again (cron, see README)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from records.audit import acting
from records.kinds import RECORD_KINDS
from records.models import AuditEntry
from records.services.expiry import expire_publications


class Command(BaseCommand):
    help = "将公示期满的记录和已过移出日期的名单记录标记为“已到期”，并报告改动（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期处理（YYYY-MM-DD），默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只报告，不修改")

    def handle(self, *args, date=None, dry_run=False, **options):
        on = None
        if date:
            try:
                on = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date 须为 YYYY-MM-DD 格式的日期，收到 {date!r}") from exc
        with acting(channel=AuditEntry.Channel.COMMAND):
            counts = expire_publications(on, dry_run=dry_run)
        verb = "将到期" if dry_run else "已到期"
        if not counts:
            self.stdout.write("没有需要处理的记录。")
            return
        for slug, count in counts.items():
            self.stdout.write(f"{RECORD_KINDS[slug].label}：{verb} {count} 条")
        self.stdout.write(self.style.SUCCESS(f"合计{verb} {sum(counts.values())} 条"))
