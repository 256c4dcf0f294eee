"""Daily: remove personal data past its retention period and say what was removed (see README).
Safe to run again: a second run removes nothing more."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from portal.retention import prune_personal_data


class Command(BaseCommand):
    help = "按保存期限清理个人信息（拒收和暂存的导入数据行、已办结案件的证据材料、日志中的IP地址、超期审计记录），并报告各类清理数量。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只报告将清理的数量，不修改")

    def handle(self, *args, dry_run=False, **options):
        try:
            removed = prune_personal_data(dry_run=dry_run)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        verb = "将清理" if dry_run else "已清理"
        for item in removed:
            self.stdout.write(f"{item.label}（保存{item.days}天）：{verb} {item.count}")
        self.stdout.write(self.style.SUCCESS(f"合计{verb} {sum(item.count for item in removed)}"))
