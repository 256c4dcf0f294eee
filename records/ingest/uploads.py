"""Uploaded files: parsed once into staging rows, then fed through the upsert a step at a time.

The task worker takes the steps (records.tasks.run_import) and the upload page reads the
progress; any worker can take the next step because the state lives in the database. Rejected rows stay
staged with their errors for the error report; accepted ones are dropped when the batch ends.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from records.ingest.fields import KIND_SPECS
from records.ingest.files import FileProblem, SheetRow, error_report_workbook, json_safe, read_table
from records.ingest.services import REJECTED, duplicate_error, ingest
from records.models import ImportRow, IngestBatch

MAX_UPLOAD_ROWS = 100_000
STAGE_CHUNK = 2000


def upload_stage(
    *, department, kind: str | None, user, filename: str, data: bytes
) -> tuple[IngestBatch, list]:
    """Parse an uploaded file and stage its rows. Raises FileProblem when it cannot be imported.
    Returns the pending batch and the headers of columns that were ignored."""
    table = read_table(data, filename, kind)
    with transaction.atomic():
        batch = IngestBatch.objects.create(
            department=department,
            kind=table.kind,
            source=IngestBatch.Source.UPLOAD,
            user=user,
            filename=filename[:255],
            status=IngestBatch.Status.PENDING,
            columns=[[c.header, c.code] for c in table.columns],
        )
        # A document number repeated anywhere in the file is refused in its later rows here, once
        # for the whole file: the worker ingests it a step at a time and would otherwise take the
        # repeat in a later step as an update of the earlier row.
        number_code = next(f.code for f in KIND_SPECS[table.kind].fields if f.attr == "document_number")
        first_line: dict[str, int] = {}
        buffer, count = [], 0
        for line, row in table.rows:
            number = str(row.get(number_code) or "").strip()
            if number:
                if number in first_line:
                    row.cell_errors.append(
                        duplicate_error(
                            KIND_SPECS[table.kind], number, _("第%(n)d行") % {"n": first_line[number]}
                        )
                    )
                else:
                    first_line[number] = line
            count += 1
            if count > MAX_UPLOAD_ROWS:
                raise FileProblem(
                    _("文件超过 %(n)s 行：请拆分后分别上传，或由省信用办使用命令行批量导入")
                    % {"n": f"{MAX_UPLOAD_ROWS:,}"}
                )
            values = {k: json_safe(v) for k, v in row.items()}
            buffer.append(ImportRow(batch=batch, line=line, values=values, errors=row.cell_errors))
            if len(buffer) >= STAGE_CHUNK:
                ImportRow.objects.bulk_create(buffer)
                buffer = []
        ImportRow.objects.bulk_create(buffer)
        if count == 0:
            raise FileProblem(_("文件中没有数据行（表头在第%(n)d行）") % {"n": table.header_line})
        batch.total_rows = count
        batch.save(update_fields=["total_rows"])
    return batch, table.ignored


def upload_step(batch_id: int) -> IngestBatch:
    """Ingest the next IMPORT_STEP_ROWS staged rows of a batch; returns the batch with its new counts."""
    step_rows = settings.IMPORT_STEP_ROWS
    with transaction.atomic():
        batch = IngestBatch.objects.select_for_update().select_related("department").get(pk=batch_id)
        if batch.status in (IngestBatch.Status.DONE, IngestBatch.Status.FAILED):
            return batch
        staged = list(
            ImportRow.objects.filter(batch=batch).order_by("line")[
                batch.processed_rows : batch.processed_rows + step_rows
            ]
        )
        if not staged:
            _finish(batch)
            return batch
        results = ingest(
            batch,
            [(r.line, SheetRow(r.values, r.errors)) for r in staged],
            duplicate_label=lambda line: _("第%(n)d行") % {"n": line},
        )
        rejected = []
        for row, result in zip(staged, results, strict=True):
            if result.status == REJECTED:
                row.errors, row.rejected = result.errors, True
                rejected.append(row)
        ImportRow.objects.bulk_update(rejected, ["errors", "rejected"], batch_size=500)
        if batch.status == IngestBatch.Status.DONE:
            _finish(batch)
    return batch


def _finish(batch: IngestBatch) -> None:
    ImportRow.objects.filter(batch=batch, rejected=False).delete()
    if batch.status != IngestBatch.Status.DONE:
        batch.status = IngestBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])


def located_errors(columns: list, errors: list) -> list[dict]:
    """Errors with the file's own column header and letter, e.g. "C列（统一社会信用代码）"."""
    from openpyxl.utils import get_column_letter

    where = {code: (get_column_letter(i + 1), header) for i, (header, code) in enumerate(columns) if code}
    out = []
    for e in errors:
        letter, header = where.get(e.get("field"), ("", e.get("column", "")))
        out.append({**e, "cell": letter, "column": header})
    return out


def error_report(batch: IngestBatch) -> bytes:
    columns = [tuple(c) for c in batch.columns]
    rows = (
        (
            r.line,
            r.values,
            [{**e, "message": located_message(e)} for e in located_errors(batch.columns, r.errors)],
        )
        for r in ImportRow.objects.filter(batch=batch, rejected=True)
        .order_by("line")
        .iterator(chunk_size=1000)
    )
    return error_report_workbook(columns, rows)


def located_message(error: dict) -> str:
    if error.get("cell"):
        return _("[%(cell)s列 %(col)s] %(msg)s") % {
            "cell": error["cell"],
            "col": error["column"],
            "msg": error["message"],
        }
    return error["message"]


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
