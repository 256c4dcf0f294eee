"""Bulk load of reported files through the same upsert as the API and the upload page.

python manage.py import_records 处罚.xlsx --department 11610000MB2960xxxx
python manage.py import_records permits.csv --department … --kind permit --errors errors.xlsx

Each chunk (subjects, records and the batch's counts) is one transaction. An interrupted run
(Ctrl-C, SIGTERM, a lost database connection) marks its batch failed; a run that was killed
outright (SIGKILL, power loss) is found by the next run, which marks it failed too. Re-running
the same file is safe: what the interrupted run committed comes back as unchanged.
"""

import datetime
import signal
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from records.codes import normalize_code
from records.ingest.fields import KIND_SPECS
from records.ingest.files import FileProblem, error_report_workbook, read_table
from records.ingest.services import MAX_BATCH_ROWS, REJECTED, ingest
from records.ingest.uploads import located_errors, located_message
from records.kinds import RECORD_KINDS
from records.models import Department, IngestBatch

# A running command saves its batch after every chunk (a second or so); a batch with no progress
# for this long belongs to a run that was killed without a chance to say so.
STALE_AFTER = datetime.timedelta(minutes=15)


class Interrupted(Exception):
    """Raised in the main thread by SIGTERM / SIGHUP, so the batch is marked failed on the way out."""


def _interrupt(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def fail_stale_batches(now=None) -> int:
    """Mark failed the command batches still "running" whose last progress is older than STALE_AFTER."""
    now = now or timezone.now()
    return IngestBatch.objects.filter(
        source=IngestBatch.Source.COMMAND,
        status__in=[IngestBatch.Status.RUNNING, IngestBatch.Status.PENDING],
        updated_at__lt=now - STALE_AFTER,
    ).update(status=IngestBatch.Status.FAILED, finished_at=now)


def _mark_failed(batch: IngestBatch) -> None:
    # The chunk's transaction is rolled back already; a connection that died with it is replaced.
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    IngestBatch.objects.filter(pk=batch.pk).update(
        status=IngestBatch.Status.FAILED, finished_at=timezone.now()
    )


class Command(BaseCommand):
    help = "从国家标准模板的 XLSX/CSV 文件批量导入信用信息（与接口、上传页面同一入库逻辑）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 或 .csv（UTF-8 或 GBK）文件")
        parser.add_argument("--department", required=True, help="报送部门的统一社会信用代码")
        parser.add_argument("--kind", choices=sorted(KIND_SPECS), help="信息类别（默认按表头识别）")
        parser.add_argument("--errors", help="错误报告（.xlsx）的保存路径；默认与数据文件同目录")
        parser.add_argument(
            "--chunk", type=int, default=MAX_BATCH_ROWS, help="每个事务处理的行数（默认 1000）"
        )
        parser.add_argument("--user", help="记为操作人的用户名")
        parser.add_argument("--quiet", action="store_true", help="不输出进度")

    def handle(self, *args, file, department, kind, errors, chunk, user, quiet, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        dept = Department.objects.filter(uscc=normalize_code(department)).first()
        if dept is None:
            raise CommandError(f"未找到统一社会信用代码为 {department} 的部门")
        operator = None
        if user:
            operator = get_user_model().objects.filter(username=user).first()
            if operator is None:
                raise CommandError(f"用户不存在：{user}")
        chunk = max(1, min(chunk, MAX_BATCH_ROWS))
        try:
            table = read_table(path.read_bytes(), path.name, kind)
        except FileProblem as exc:
            raise CommandError(str(exc)) from None
        if table.ignored and not quiet:
            self.stdout.write(f"已忽略不属于该类信息的列：{'、'.join(table.ignored)}")
        stale = fail_stale_batches()
        if stale:
            self.stdout.write(
                self.style.WARNING(f"{stale} 个此前中断的命令行导入批次（超过 15 分钟无进展）已标记为失败")
            )

        batch = IngestBatch.objects.create(
            department=dept,
            kind=table.kind,
            source=IngestBatch.Source.COMMAND,
            user=operator,
            filename=path.name[:255],
            columns=[[c.header, c.code] for c in table.columns],
        )
        columns = batch.columns
        started = time.monotonic()
        rejected_rows = []
        pending = []
        estimate = f" / 约 {table.total:,}" if table.total else ""

        def flush():
            results = ingest(batch, pending, duplicate_label=lambda line: f"第{line}行")
            for (line, row), result in zip(pending, results, strict=True):
                if result.status == REJECTED:
                    rejected_rows.append((line, dict(row), located_errors(columns, result.errors)))
            pending.clear()
            if not quiet:
                rate = batch.processed_rows / max(time.monotonic() - started, 1e-6)
                self.stdout.write(
                    f"已处理 {batch.processed_rows:,}{estimate} 行：新增 {batch.created_count:,}，"
                    f"更新 {batch.updated_count:,}，未变化 {batch.unchanged_count:,}，"
                    f"拒收 {batch.rejected_count:,}（{rate:,.0f} 行/秒）"
                )

        handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
        try:
            for line, row in table.rows:
                pending.append((line, row))
                if len(pending) >= chunk:
                    flush()
            if pending:
                flush()
        except FileProblem as exc:
            _mark_failed(batch)
            raise CommandError(f"{exc}（已导入 {batch.processed_rows:,} 行）") from None
        except BaseException as exc:  # Ctrl-C, SIGTERM, a lost connection, any error
            _mark_failed(batch)
            reason = "已中断" if isinstance(exc, KeyboardInterrupt | Interrupted) else f"出错：{exc}"
            raise CommandError(
                f"导入{reason}（批次 #{batch.pk} 已标记为失败；已提交 {batch.processed_rows:,} 行，"
                "未提交的分块不留任何数据）。重新运行同一命令即可继续：已入库的记录计为未变化。"
            ) from exc
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        batch.total_rows = batch.processed_rows
        batch.status = IngestBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["total_rows", "status", "finished_at", "updated_at"])

        kind_label = RECORD_KINDS[table.kind].label
        self.stdout.write(
            self.style.SUCCESS(
                f"完成（批次 #{batch.pk}，{kind_label}）：共 {batch.processed_rows:,} 行，新增 {batch.created_count:,}，"
                f"更新 {batch.updated_count:,}，未变化 {batch.unchanged_count:,}，拒收 {batch.rejected_count:,}，"
                f"逾期报送 {batch.late_count:,}，用时 {time.monotonic() - started:.1f} 秒"
            )
        )
        if rejected_rows:
            report = Path(errors) if errors else path.with_name(f"{path.stem}-错误报告.xlsx")
            rows = (
                (line, values, [{**e, "message": located_message(e)} for e in errs])
                for line, values, errs in rejected_rows
            )
            report.write_bytes(error_report_workbook([tuple(c) for c in columns], rows))
            self.stdout.write(self.style.WARNING(f"{len(rejected_rows):,} 行被拒收，错误报告：{report}"))
            for line, _values, errs in rejected_rows[:10]:
                for e in errs:
                    self.stdout.write(f"  第{line}行 {e.get('cell') or ''}列 {e['message']}")
