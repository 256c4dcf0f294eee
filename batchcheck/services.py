"""Writes of the batch check: start one from a parsed list, certify its subjects a step at a
time (the task worker runs the steps, batchcheck.tasks), and write the results as XLSX and the
certificates as one ZIP.

Every certificate goes through publicity.certificates.services.certificate_issue, the same
pipeline as a single one: it is logged in the query log (信用查询记录) with the purpose, the
project as 事由说明, the official's department and account.
"""

import io
import re
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from batchcheck import selectors
from batchcheck.bidders import BidderList
from batchcheck.models import BatchCheck, BatchCheckRow
from portal.files import random_name
from portal.spreadsheets import neutralise, neutralise_row
from publicity.certificates.services import SubjectNotPublic, certificate_issue
from publicity.certificates.signing import SigningNotConfigured
from publicity.certificates.snapshot import subject_code
from records.staff import NO_DEPARTMENT_MESSAGE, user_department


class CheckRefused(Exception):
    pass


def batch_check_create(
    *,
    user,
    bidders: BidderList,
    purpose: str,
    project: str,
    source: str = "",
    requester_ip: str | None = None,
) -> BatchCheck:
    """Match every bidder of the list and save the check with one row per bidder (a subject
    named twice, by code and by name, is one row). Certificates are issued by the steps."""
    department = user_department(user)
    if department is None:
        raise CheckRefused(str(NO_DEPARTMENT_MESSAGE))
    found = selectors.match_bidders(bidders.bidders)
    rows: list[BatchCheckRow] = []
    by_subject: dict[int, BatchCheckRow] = {}
    for bidder in bidders.bidders:
        subjects = found.get(bidder.key, [])
        if len(subjects) == 1:
            subject = subjects[0]
            known = by_subject.get(subject.pk)
            if known is not None:
                known.lines = sorted(known.lines + bidder.lines)
                known.note = _("名单中多次出现，已合并")
                continue
            _label, code = subject_code(subject)
            row = BatchCheckRow(
                outcome=BatchCheckRow.Outcome.FOUND,
                subject=subject,
                subject_name=subject.name,
                subject_code=code,
            )
            by_subject[subject.pk] = row
        elif subjects:
            row = BatchCheckRow(
                outcome=BatchCheckRow.Outcome.AMBIGUOUS,
                candidates=selectors.candidate_codes(subjects),
                done=True,
                note=_("有%(n)d个主体登记名称相同，请改用统一社会信用代码核查") % {"n": len(subjects)},
            )
        else:
            row = BatchCheckRow(outcome=BatchCheckRow.Outcome.NOT_FOUND, done=True)
        row.lines = list(bidder.lines)
        row.query = bidder.query[:200]
        if len(bidder.lines) > 1 and not row.note:
            row.note = _("名单中重复出现，只核查一次")
        rows.append(row)
    with transaction.atomic():
        check = BatchCheck.objects.create(
            user=user,
            department=department,
            purpose=purpose,
            project=project,
            source=source[:200],
            requester_ip=requester_ip or None,
            total_rows=len(by_subject),
        )
        for position, row in enumerate(rows, start=1):
            row.check_run = check
            row.position = position
        BatchCheckRow.objects.bulk_create(rows)
    return check


def _finish(check: BatchCheck, status: str, message: str = "") -> None:
    now = timezone.now()
    BatchCheck.objects.filter(pk=check.pk).update(
        status=status, message=message[:300], finished_at=now, updated_at=now
    )


def batch_check_step(check_id: int, limit: int | None = None) -> BatchCheck:
    """Certify up to `limit` more subjects of the check; mark it done when none is left.

    Each subject is its own unit of work: its certificate is issued (and logged), then its row
    is saved with the file and the summary, and the progress moves on. A worker that dies in
    between leaves that one row to the next step (which issues it again).
    """
    limit = limit or settings.BATCH_CHECK_STEP_ROWS
    check = BatchCheck.objects.select_related("user", "department").get(pk=check_id)
    if check.is_finished:
        return check
    if check.status == BatchCheck.Status.PENDING:
        BatchCheck.objects.filter(pk=check.pk).update(
            status=BatchCheck.Status.RUNNING, updated_at=timezone.now()
        )
    rows = list(
        check.rows.filter(done=False)
        .select_related("subject", "subject__region")
        .order_by("position")[:limit]
    )
    for row in rows:
        try:
            issued = certificate_issue(
                subject=row.subject,
                purpose=check.purpose,
                purpose_detail=check.project,
                requester_org=check.department.name,
                requester_ip=check.requester_ip,
                user=check.user,
            )
        except SubjectNotPublic:
            # Taken off every public list since the check was started: no public face now.
            row.outcome = BatchCheckRow.Outcome.NOT_FOUND
            row.subject_name = row.subject_code = ""
            row.subject = None
            row.note = _("该主体目前没有可公开的信用信息")
        except SigningNotConfigured:
            _finish(
                check,
                BatchCheck.Status.FAILED,
                _("平台签章密钥尚未配置，暂时无法出具查询结果，请联系平台管理员。"),
            )
            check.refresh_from_db()
            return check
        else:
            row.certificate = issued.certificate
            row.pdf.save(random_name("pdf"), ContentFile(issued.pdf), save=False)
            row.summary = selectors.credit_summary(
                row.subject, timezone.localdate(issued.certificate.issued_at)
            )
        row.done = True
        row.save()
        BatchCheck.objects.filter(pk=check.pk).update(
            processed_rows=F("processed_rows") + 1, updated_at=timezone.now()
        )
    if not check.rows.filter(done=False).exists():
        _finish(check, BatchCheck.Status.DONE)
    check.refresh_from_db()
    return check


def batch_check_run(check_id: int) -> str:
    while True:
        check = batch_check_step(check_id)
        if check.is_finished:
            return check.status


# ---------------------------------------------------------------------------------- downloads


def outcome_text(row: BatchCheckRow) -> str:
    if row.outcome == BatchCheckRow.Outcome.AMBIGUOUS:
        codes = "、".join(f"{c['name']} {c['code']}" for c in row.candidates)
        return _("同名主体多个：%(codes)s") % {"codes": codes}
    return str(row.get_outcome_display())


HEADERS = [
    _lazy("序号"),
    _lazy("名单行号"),
    _lazy("填报内容"),
    _lazy("核查结果"),
    _lazy("主体名称"),
    _lazy("主体代码"),
    _lazy("红黑名单"),
    _lazy("适用的联合奖惩措施"),
    _lazy("经营异常"),
    _lazy("行政处罚（公示中）"),
    _lazy("信用承诺"),
    _lazy("信用评价"),
    _lazy("查询结果编号"),
    _lazy("说明"),
]


def result_cells(row: BatchCheckRow) -> list:
    found = row.outcome == BatchCheckRow.Outcome.FOUND and row.certificate_id
    s = row.summary
    return [
        row.position,
        row.lines_text,
        row.query,
        outcome_text(row),
        row.subject_name,
        row.subject_code,
        selectors.list_text(s) if found else "",
        selectors.measures_text(s) if found else "",
        selectors.abnormal_text(s) if found else "",
        s.get("penalties", 0) if found else "",
        selectors.commitments_text(s) if found else "",
        selectors.ratings_text(s) if found else "",
        row.certificate.number if found else "",
        row.note,
    ]


def results_workbook(check: BatchCheck) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("核查结果")
    ws.append([neutralise(_("批量信用核查结果"))])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(neutralise_row([_("查询事由"), check.purpose_label, _("项目名称或招标编号"), check.project]))
    ws.append(
        neutralise_row(
            [
                _("申请单位"),
                check.department.name,
                _("核查时间"),
                f"{timezone.localtime(check.created_at):%Y-%m-%d %H:%M}",
            ]
        )
    )
    ws.append([])
    ws.append([str(h) for h in HEADERS])
    for cell in ws[5]:
        cell.font = Font(bold=True)
    for row in check.rows.select_related("certificate").order_by("position"):
        ws.append(neutralise_row(result_cells(row)))
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (6, 10, 30, 16, 30, 22, 30, 40, 24, 10, 30, 24, 26, 24), strict=True
    ):
        ws.column_dimensions[letter].width = width
    for cells in ws.iter_rows(min_row=6):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._")[:80] or "subject"


def certificates_zip(check: BatchCheck) -> bytes:
    """Every signed query result of the check, exactly as issued, one PDF per subject."""
    out = io.BytesIO()
    rows = check.rows.filter(certificate__isnull=False).select_related("certificate").order_by("position")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            name = f"{row.position:03d}-{_safe(row.subject_name)}-{row.certificate.number}.pdf"
            with row.pdf.open("rb") as stored:
                archive.writestr(name, stored.read())
    return out.getvalue()
