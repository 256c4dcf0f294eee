"""manage.py monthly_statistics [YYYY-MM]: store a month's statistics (default: last month).

Re-running replaces that month's snapshot; other months are never touched."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from creditstats.figures import parse_month, previous_month
from creditstats.services import snapshot_month


class Command(BaseCommand):
    help = "生成信用信息共享共用重点工作进展情况月度统计（默认上个月），重新运行将替换该月快照"

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="统计月份，如 2026-11；默认上个月")
        parser.add_argument("--user", help="记为生成人的账号")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"]) if options["month"] else previous_month()
        except ValueError as exc:
            raise CommandError(f"月份格式应为 YYYY-MM：{options['month']}") from exc
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"账号不存在：{options['user']}")
        rows = snapshot_month(month, user=user)
        self.stdout.write(f"{month:%Y-%m}: {rows} rows")
