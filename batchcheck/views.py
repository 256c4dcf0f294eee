"""Pages of the batch credit check: the list form, the progress and results page (which polls
the progress the worker writes, static/js/task-progress.js), and the two downloads.

Who may: any staff role but the complaint handler, with a department (migration 0002); every
page checks its permission, and a check is seen by its department, the credit office and
auditors (selectors.visible_checks)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required, user_passes_test
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from batchcheck import selectors, services
from batchcheck.forms import BatchCheckForm
from batchcheck.models import BatchCheck
from batchcheck.tasks import start_batch_check
from portal.ratelimit import client_ip
from publicity.certificates.numbers import grouped
from records.staff import require_permission, user_department

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

staff_required = user_passes_test(lambda u: u.is_active and u.is_staff)


def _check_for(user, pk: int) -> BatchCheck:
    return get_object_or_404(selectors.visible_checks(user), pk=pk)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def home(request):
    require_permission(request.user, selectors.RUN, _("批量信用核查"))
    form = BatchCheckForm(request.POST or None, request.FILES or None)
    problem = ""
    department = user_department(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.batch_check_create(
                user=request.user,
                bidders=form.bidder_list,
                purpose=form.cleaned_data["purpose"],
                project=form.cleaned_data["project"],
                source=form.source,
                requester_ip=client_ip(request),
            )
        except services.CheckRefused as refused:
            problem = str(refused)
        else:
            start_batch_check(check)
            return redirect("batchcheck:detail", pk=check.pk)
    recent = selectors.visible_checks(request.user)[:20]
    return render(
        request,
        "batchcheck/home.html",
        {"form": form, "problem": problem, "department": department, "recent": recent},
        status=400 if form.is_bound and (form.errors or problem) else 200,
    )


@login_required
@staff_required
def detail(request, pk: int):
    require_permission(request.user, selectors.VIEW, _("查看批量信用核查"))
    check = _check_for(request.user, pk)
    rows = []
    if check.is_finished:
        rows = [
            {
                "row": row,
                "cells": services.result_cells(row),
                "summary": row.summary,
                "number": grouped(row.certificate.number) if row.certificate_id else "",
            }
            for row in check.rows.select_related("certificate").defer("pdf").order_by("position")
        ]
    counts = {
        outcome: check.rows.filter(outcome=outcome).count()
        for outcome, _label in check.rows.model.Outcome.choices
    }
    return render(
        request,
        "batchcheck/detail.html",
        {
            "check": check,
            "rows": rows,
            "counts": counts,
            "issued": check.rows.filter(certificate__isnull=False).count(),
            "progress_url": reverse("batchcheck:progress", args=[check.pk]),
            "step_url": reverse("batchcheck:step", args=[check.pk]),
        },
    )


def _progress(check: BatchCheck) -> dict:
    return {
        "status": check.status,
        "status_label": str(check.get_status_display()),
        "total": check.total_rows,
        "processed": check.processed_rows,
        "percent": check.percent,
    }


@login_required
@staff_required
def progress(request, pk: int):
    require_permission(request.user, selectors.VIEW, _("查看批量信用核查"))
    return JsonResponse(_progress(_check_for(request.user, pk)))


@login_required
@staff_required
@require_POST
def step(request, pk: int):
    """One step by hand (the page's 继续核查 button), for when no worker is running."""
    require_permission(request.user, selectors.RUN, _("批量信用核查"))
    check = _check_for(request.user, pk)
    try:
        check = services.batch_check_step(check.pk)
    except OperationalError:
        check.refresh_from_db()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(_progress(check))
    return redirect("batchcheck:detail", pk=check.pk)


@login_required
@staff_required
def results_xlsx(request, pk: int):
    require_permission(request.user, selectors.VIEW, _("下载批量信用核查结果"))
    check = _check_for(request.user, pk)
    return _attachment(services.results_workbook(check), XLSX, f"批量信用核查-{check.pk}.xlsx")


@login_required
@staff_required
def certificates(request, pk: int):
    require_permission(request.user, selectors.VIEW, _("下载批量信用核查的查询结果"))
    check = _check_for(request.user, pk)
    return _attachment(services.certificates_zip(check), "application/zip", f"信用查询结果-{check.pk}.zip")
