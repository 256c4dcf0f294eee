"""The review queue (审核队列) in the admin: every kind's 待审核 records in one place, oldest
first, with counts; each links to the record (approve / return buttons) and to its kind's list
(bulk actions). Shown to holders of records.review_record."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from records.kinds import RECORD_KINDS
from records.models import RecordStatus
from records.staff import require_permission, scope_to_department

QUEUE_ROWS = 100


def _person(user) -> str:
    if user is None:
        return "—"
    return user.first_name or user.get_username()


def review_queue(request):
    user = request.user
    require_permission(user, "records.review_record", _("审核队列"))
    kinds, rows = [], []
    for kind in RECORD_KINDS.values():
        opts = kind.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        queue = scope_to_department(kind.model.objects.filter(status=RecordStatus.SUBMITTED), user)
        count = queue.count()
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        kinds.append(
            {"kind": kind, "count": count, "url": f"{changelist}?status__exact={RecordStatus.SUBMITTED}"}
        )
        if not count:
            continue
        oldest = queue.select_related("department", "submitted_by").order_by("status_changed_at", "pk")
        for record in oldest[:QUEUE_ROWS]:
            rows.append(
                {
                    "kind": kind,
                    "record": record,
                    "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
                    "submitter": _person(record.submitted_by),
                    "waiting_since": record.status_changed_at or record.updated_at,
                }
            )
    rows.sort(key=lambda r: r["waiting_since"])
    context = {
        **admin.site.each_context(request),
        "title": _("审核队列"),
        "kinds": kinds,
        "total": sum(k["count"] for k in kinds),
        "rows": rows[:QUEUE_ROWS],
        "shown": QUEUE_ROWS,
    }
    return TemplateResponse(request, "admin/records/review_queue.html", context)
