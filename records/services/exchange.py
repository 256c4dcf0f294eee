"""Incremental exports to 信用中国 (the national credit platform), per record kind.

`export_run(kind)` writes everything of that kind changed since the last export of it:

* the records public now (公示中, inside their publication window) in the national 双公示 /
  list layout: exactly the columns of records.ingest.fields.KIND_SPECS, so the file goes back
  through the portal's own import (the upload page, `import_records`) unchanged;
* a second file, 撤销/修复, of what must be taken down or replaced: the repair propagation
  feed's deltas (RecordDelta: 信用修复, objections) of that kind since the last export, and the
  changed records that are no longer public (withdrawn, expired, removed from a list).

A changed record that is not public (withdrawn, expired, repaired, removed from its list, or
never public such as a 轻微 penalty) is a DEL in the 撤销/修复 file: a DEL of a record the
national platform never had costs nothing, a missing one would keep a record public there.
One gap the cursor cannot see: a record whose publication starts (publish_from) after its last
change goes out with its next change, not on that day.

"Since" is the keyset cursor (updated_at, id) of the changes feed (records.api.selectors) and the
delta sequence number of the repair feed, carried from one ExchangeExport to the next. Rows
changed in the last CHANGES_FEED_LAG_SECONDS wait for the next export, as in both feeds: a
transaction still committing could otherwise slip in behind the cursor.

Personal data: the exchange with 信用中国 is a government-to-government channel, and the
national 双公示 standard makes 证件号码 required for a 自然人 (the national platform matches
persons by it). So these files, and only these, carry ID numbers in full. They are stored
outside the served media, downloaded only by staff holding records.view_exchangeexport
(信用办管理员, 审计员), and every run and download is in the audit trail. Phones and home
addresses are not 双公示 columns and are never exported. Every cell passes through
portal.spreadsheets.neutralise (a text starting with = + - @ gets a leading apostrophe).
"""

import csv
import datetime
import hashlib
import io
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.spreadsheets import neutralise_row
from records.api.selectors import after_row
from records.audit import acting
from records.ingest.fields import CHOICE, DATE, DECIMAL, KIND_SPECS, USCC, KindSpec
from records.kinds import RECORD_KINDS
from records.models import AuditEntry, ExchangeExport, RecordDelta
from records.models.base import UNAPPROVED_STATUSES
from records.visibility import visible_q

# Every record kind can be exported; the 双公示 pair and the lists are the ones 信用中国 asks for.
EXPORT_KINDS = list(KIND_SPECS)

WITHDRAWAL_HEADERS = [
    "操作",
    "操作说明",
    "信息类别",
    "文书号",
    "行政相对人名称",
    "统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "原因",
    "时间",
]


class ExportBusy(Exception):
    """Another export of the same kind started from the same point and won."""


def export_run(kind: str, *, user=None, fmt: str = ExchangeExport.Format.CSV, channel=None) -> ExchangeExport:
    """Export `kind` since its last export; returns the new ExchangeExport (also when empty:
    the log then says nothing changed). Raises ExportBusy when another run got there first."""
    if kind not in KIND_SPECS:
        raise ValueError(kind)
    spec = KIND_SPECS[kind]
    model = RECORD_KINDS[kind].model
    previous = last_export(kind)
    since, since_id = (previous.until, previous.until_id) if previous else (None, 0)
    since_delta = previous.until_delta if previous else 0
    horizon = timezone.now() - datetime.timedelta(seconds=settings.CHANGES_FEED_LAG_SECONDS)

    changed = (
        model.objects.exclude(status__in=UNAPPROVED_STATUSES)
        .filter(updated_at__lte=horizon)
        .select_related("department", *(["list_type"] if kind == "list_entry" else []))
        .annotate(
            public=Case(
                When(visible_q(model), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("updated_at", "id")
    )
    if since is not None:
        changed = changed.filter(after_row("updated_at", since, since_id))
    deltas = list(
        RecordDelta.objects.filter(record_kind=kind, pk__gt=since_delta, created_at__lte=horizon)
        .select_related("department")
        .order_by("pk")
    )

    label = str(RECORD_KINDS[kind].label)
    records_sheet = _Sheet(fmt, label, [f.code for f in spec.fields])
    withdrawals_sheet = _Sheet(fmt, _("撤销及修复"), WITHDRAWAL_HEADERS)
    for d in deltas:
        withdrawals_sheet.write(_withdrawal_of_delta(kind, d))
    until, until_id = since, since_id
    delta_records = {d.record_id for d in deltas}
    for record in changed.iterator(chunk_size=2000):
        until, until_id = record.updated_at, record.pk
        if record.public:
            records_sheet.write(record_row(spec, record))
        elif record.pk not in delta_records:
            withdrawals_sheet.write(_withdrawal_of_record(kind, record))

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    export = ExchangeExport(
        kind=kind,
        format=fmt,
        previous=previous,
        since=since,
        since_id=since_id,
        until=until,
        until_id=until_id,
        since_delta=since_delta,
        until_delta=deltas[-1].pk if deltas else since_delta,
        row_count=records_sheet.count,
        withdrawal_count=withdrawals_sheet.count,
        created_by=user,
    )
    content, export.checksum = records_sheet.finish()
    export.file.save(f"信用中国-{label}-{stamp}.{fmt}", content, save=False)
    if withdrawals_sheet.count:
        content, export.withdrawals_checksum = withdrawals_sheet.finish()
        export.withdrawals_file.save(f"信用中国-{label}-撤销修复-{stamp}.{fmt}", content, save=False)
    records_sheet.close()
    withdrawals_sheet.close()
    reason = _("导出%(kind)s：公示记录 %(rows)d 条，撤销/修复 %(w)d 条") % {
        "kind": label,
        "rows": export.row_count,
        "w": export.withdrawal_count,
    }
    try:
        with (
            transaction.atomic(),
            acting(user, action=AuditEntry.Action.EXPORT, reason=reason, channel=channel),
        ):
            export.save()
    except IntegrityError:
        export.file.delete(save=False)
        if export.withdrawals_file:
            export.withdrawals_file.delete(save=False)
        raise ExportBusy(_("同一类别的另一次导出刚刚完成，请刷新后重试")) from None
    return export


def last_export(kind: str) -> ExchangeExport | None:
    return ExchangeExport.objects.filter(kind=kind).order_by("-id").first()


def record_row(spec: KindSpec, record) -> list:
    """One record as a row of the national layout: the value of every column of `spec`, as the
    import reads it back (choices by their Chinese label, dates as YYYY-MM-DD)."""
    department = record.department
    out = []
    for f in spec.fields:
        if f.attr is None:
            # 数据来源单位 and its code: the reporting department.
            value = department.uscc if f.type == USCC else department.name
        elif f.attr == "list_type":
            value = record.list_type.name
        else:
            value = getattr(record, f.attr)
            if f.type == CHOICE and value:
                value = _choice_label(record, f, value)
            elif f.type == DATE and value:
                value = value.isoformat()
            elif f.type == DECIMAL and value is not None:
                value = format(value.normalize(), "f")
        out.append("" if value is None else value)
    return out


def _choice_label(record, f, value):
    """The Chinese label of a stored choice, when the import maps it back to the same value."""
    try:
        label = str(getattr(record, f"get_{f.attr}_display")())
    except AttributeError:
        return value
    return label if f.choices.get(label) == value else value


def _withdrawal_of_delta(kind: str, d: RecordDelta) -> list:
    return [
        d.op,
        str(d.get_op_display()),
        str(RECORD_KINDS[kind].label),
        d.document_number,
        d.subject_name,
        d.subject_uscc,
        d.department.name,
        d.department.uscc,
        d.reason,
        timezone.localtime(d.created_at).strftime("%Y-%m-%d %H:%M:%S"),
    ]


def _withdrawal_of_record(kind: str, record) -> list:
    reason = str(record.get_status_display())
    if record.status_reason:
        reason = f"{reason}：{record.status_reason}"
    return [
        RecordDelta.Op.DEL,
        str(RecordDelta.Op.DEL.label),
        str(RECORD_KINDS[kind].label),
        record.document_number,
        record.subject_name,
        record.subject_uscc,
        record.department.name,
        record.department.uscc,
        reason[:300],
        timezone.localtime(record.status_changed_at or record.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
    ]


class _Sheet:
    """Rows written as they come to a temporary file, CSV or XLSX, so that a first export of
    millions of records never sits in memory (openpyxl's write-only mode streams as well)."""

    def __init__(self, fmt: str, title: str, headers: list):
        self.count = 0
        self.file = tempfile.TemporaryFile()
        self.xlsx = fmt == ExchangeExport.Format.XLSX
        if self.xlsx:
            self.workbook = Workbook(write_only=True)
            self.sheet = self.workbook.create_sheet(title[:31])
            self.sheet.append(neutralise_row(headers))
        else:
            # UTF-8 with BOM: Excel and WPS open it as UTF-8 (without the BOM they guess GBK).
            self.text = io.TextIOWrapper(self.file, encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.text)
            self.writer.writerow(neutralise_row(headers))

    def write(self, row: list) -> None:
        self.count += 1
        if self.xlsx:
            self.sheet.append(neutralise_row(row))
        else:
            self.writer.writerow(neutralise_row(row))

    def finish(self) -> tuple[File, str]:
        """The file, rewound, and its SHA-256."""
        if self.xlsx:
            self.workbook.save(self.file)
            self.workbook = None
        else:
            self.text.flush()
            self.text.detach()
            self.text = None
        self.file.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: self.file.read(1 << 20), b""):
            digest.update(chunk)
        self.file.seek(0)
        return File(self.file), digest.hexdigest()

    def close(self) -> None:
        if self.xlsx and self.workbook is not None:
            self.workbook.save(self.file)  # an unused sheet: its row writer must still be closed
        if not self.xlsx and self.text is not None:
            self.text.close()  # and the file under it
        else:
            self.file.close()
