import time

from django.core.management.base import BaseCommand, CommandError

from records.demo.generator import Generator
from records.models import Region
from records.signals import announce_published_change


class Command(BaseCommand):
    help = "生成确定性的演示/基准数据集（同一 seed 重复运行不会新增数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--subjects", type=int, default=1000, help="信用主体数量（默认 1000）")
        parser.add_argument("--seed", type=int, default=2017, help="随机种子（默认 2017）")
        parser.add_argument("--quiet", action="store_true", help="不输出进度")

    def handle(self, *args, subjects, seed, quiet, **options):
        if subjects < 1:
            raise CommandError("--subjects 必须为正整数")
        if not Region.objects.exists():
            raise CommandError("行政区划数据缺失：请先运行 manage.py migrate")
        progress = None if quiet else (lambda msg: self.stdout.write(msg))
        started = time.monotonic()
        stats = Generator(seed=seed, subjects=subjects, progress=progress).run()
        elapsed = time.monotonic() - started
        # Written with COPY, past the model signals: the counts and the cached pages are out of date.
        announce_published_change()
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：新增 {stats.subjects:,} 个信用主体、{stats.records:,} 条信用记录，"
                f"跳过已存在的批次 {stats.skipped_chunks} 个，用时 {elapsed:.1f} 秒"
            )
        )
        for name, count in sorted(stats.per_kind.items()):
            self.stdout.write(f"  {name}: {count:,}")
