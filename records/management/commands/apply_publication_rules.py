"""Recompute the class and publication periods of stored penalties from the rule tables."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from records.services.rules import penalties_apply_rules


class Command(BaseCommand):
    help = "按失信程度认定规则和公示期限规则版本重新计算行政处罚的失信程度、可申请修复日期和公示截止日。"

    def add_arguments(self, parser):
        parser.add_argument("--decided-from", help="只处理该日期（YYYY-MM-DD）及以后作出的决定")

    def handle(self, *args, decided_from=None, **options):
        on = None
        if decided_from:
            try:
                on = datetime.date.fromisoformat(decided_from)
            except ValueError as exc:
                raise CommandError(
                    f"--decided-from 须为 YYYY-MM-DD 格式的日期，收到 {decided_from!r}"
                ) from exc
        count = penalties_apply_rules(on)
        self.stdout.write(self.style.SUCCESS(f"已重新计算 {count} 条行政处罚。"))
