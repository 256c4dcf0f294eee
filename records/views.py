"""Pages for department operators and staff: file upload with progress, templates, error
reports, and the reporting timeliness summary. An upload is staged in the request and ingested by
the task worker (records.tasks); the page reads its progress."""

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from records import selectors
from records.forms import TimelinessFilterForm, UploadForm
from records.ingest.fields import KIND_SPECS
from records.ingest.files import FileProblem, template_workbook
from records.ingest.uploads import error_report, located_errors, max_upload_bytes, upload_stage, upload_step
from records.kinds import RECORD_KINDS
from records.models import IngestBatch
from records.staff import NO_DEPARTMENT_MESSAGE, require_permission
from records.tasks import start_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff(user) -> bool:
    return user.is_active and user.is_staff


staff_required = user_passes_test(_staff)


IMPORT = "records.add_ingestbatch"
READ_BATCHES = "records.view_ingestbatch"
TIMELINESS = "records.view_timeliness"


def _batch_for(user, pk: int) -> IngestBatch:
    batch = get_object_or_404(IngestBatch.objects.select_related("department", "user"), pk=pk)
    if (
        batch.source != IngestBatch.Source.UPLOAD
        or not selectors.reporting_departments(user).filter(pk=batch.department_id).exists()
    ):
        raise Http404
    return batch


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@staff_required
def import_home(request):
    require_permission(request.user, IMPORT, _("文件导入"))
    departments = selectors.reporting_departments(request.user)
    form = UploadForm(departments=departments)
    problem = ""
    if request.method == "POST":
        # Refuse an oversized upload before Django reads the body.
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > max_upload_bytes() + 64 * 1024:
            problem = _("文件过大：最大 %(mb)d MB。请拆分后分别上传。") % {
                "mb": max_upload_bytes() // (1024 * 1024)
            }
            return render(
                request,
                "records/import.html",
                _home_context(request, form, problem, departments),
                status=413,
            )
        form = UploadForm(request.POST, request.FILES, departments=departments)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch, ignored = upload_stage(
                    department=form.cleaned_data["department"],
                    kind=form.cleaned_data["kind"] or None,
                    user=request.user,
                    filename=upload.name,
                    data=upload.read(),
                )
            except FileProblem as exc:
                problem = str(exc)
            else:
                if ignored:
                    request.session[f"import-ignored-{batch.pk}"] = ignored[:30]
                start_import(batch)
                return redirect("records:import-detail", pk=batch.pk)
    return render(request, "records/import.html", _home_context(request, form, problem, departments))


def _home_context(request, form, problem, departments):
    return {
        "form": form,
        "problem": problem,
        "kinds": [(slug, RECORD_KINDS[slug].label) for slug in KIND_SPECS],
        "batches": selectors.recent_batches(departments)[:20],
        "max_mb": max_upload_bytes() // (1024 * 1024),
    }


@login_required
@staff_required
def import_detail(request, pk: int):
    require_permission(request.user, READ_BATCHES, _("查看报送批次"))
    batch = _batch_for(request.user, pk)
    errors = selectors.batch_preview_errors(batch)
    return render(
        request,
        "records/import_detail.html",
        {
            "batch": batch,
            "errors": [{**e, "located": located_errors(batch.columns, e["errors"])} for e in errors],
            "ignored": request.session.get(f"import-ignored-{batch.pk}", []),
            "step_url": reverse("records:import-step", args=[batch.pk]),
            "progress_url": reverse("records:import-progress", args=[batch.pk]),
        },
    )


@login_required
@staff_required
def import_progress(request, pk: int):
    """What the worker has done so far, for the page to show (it no longer drives the import)."""
    return JsonResponse(_progress(_batch_for(request.user, pk)))


@login_required
@staff_required
@require_POST
def import_step(request, pk: int):
    """One step by hand (the page's 继续导入 button), for when no worker is running."""
    require_permission(request.user, IMPORT, _("文件导入"))
    batch = _batch_for(request.user, pk)
    try:
        batch = upload_step(batch.pk)
    except OperationalError:
        # Another writer held the rows (deadlock or lock timeout): the page simply asks again.
        batch.refresh_from_db()
        return JsonResponse({**_progress(batch), "retry": True})
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(_progress(batch))
    return redirect("records:import-detail", pk=batch.pk)


def _progress(batch: IngestBatch) -> dict:
    return {
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "total": batch.total_rows,
        "processed": batch.processed_rows,
        "percent": batch.percent,
        **{k: v for k, v in batch.counts().items() if k != "received"},
    }


@login_required
@staff_required
def import_errors(request, pk: int):
    require_permission(request.user, READ_BATCHES, _("下载错误报告"))
    batch = _batch_for(request.user, pk)
    if not batch.rejected_count:
        raise Http404
    return _xlsx(error_report(batch), f"batch-{batch.pk}-errors.xlsx")


@login_required
@staff_required
def import_template(request, kind: str):
    require_permission(request.user, IMPORT, _("下载导入模板"))
    if kind not in KIND_SPECS:
        raise Http404
    return _xlsx(template_workbook(kind), f"template-{kind}.xlsx")


@login_required
@staff_required
def timeliness(request):
    require_permission(request.user, TIMELINESS, _("查看报送及时性"))
    departments = selectors.timeliness_departments(request.user)
    if departments is None:
        raise PermissionDenied(NO_DEPARTMENT_MESSAGE)
    form = TimelinessFilterForm(request.GET or None, initial=TimelinessFilterForm.defaults())
    params = form.cleaned_data if form.is_valid() else TimelinessFilterForm.defaults()
    rows, total = selectors.timeliness_summary(**params, departments=departments)
    return render(
        request,
        "records/timeliness.html",
        {"form": form, "rows": rows, "total": total, "params": params},
    )
