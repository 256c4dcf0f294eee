"""The publication workflow in the admin: bulk actions and per-record buttons that lead to one
confirmation page (with the reason where one is required)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.codes import normalize_code
from records.ingest import checks
from records.kinds import kind_of
from records.models import UNAPPROVED_STATUSES
from records.services.publication import (
    EDITABLE_STATUSES,
    TRANSITIONS,
    WorkflowError,
    apply_transition,
    record_save_by_hand,
)

MAX_IDS = 500


def audit_url_for(obj) -> str:
    ct = ContentType.objects.get_for_model(type(obj), for_concrete_model=True)
    query = urlencode({"content_type__id__exact": ct.pk, "object_id": obj.pk})
    return f"{reverse('admin:records_auditentry_changelist')}?{query}"


class CheckedRecordForm(forms.ModelForm):
    """The admin form of a record runs the checks every channel runs (records.ingest.checks):
    authority, subject name and code, corrections made through objections."""

    request_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subject = self.fields.get("subject")
        if subject is not None:
            subject.required = False
            subject.help_text = _(
                "输入名称或统一社会信用代码搜索；不选时按下方填写的统一社会信用代码自动匹配。"
            )

    def _subject_from_code(self, data):
        """The subject a typed USCC names (legal entities only: a person is picked by name)."""
        from records.models import Subject

        code = normalize_code(data.get("subject_uscc") or "")
        return Subject.objects.filter(uscc=code).first() if code else None

    def clean(self):
        data = super().clean()
        if "subject" in self.fields and not data.get("subject") and "subject" not in self.errors:
            subject = self._subject_from_code(data)
            if subject is None:
                self.add_error(
                    "subject",
                    _("请选择信用主体，或在“统一社会信用代码”中填写已登记主体的代码。"),
                )
            else:
                data["subject"] = subject
        if self.errors:
            return data
        model = self._meta.model
        values = {}
        for name, value in data.items():
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue
            values[field.attname] = value.pk if field.is_relation and value is not None else value
        department = data.get("department") or getattr(self.instance, "department", None)
        subject = data.get("subject") if "subject" in self.fields else None
        problems = checks.form_problems(
            model,
            kind_of(model).slug,
            department,
            subject,
            values,
            self.instance.pk,
            timezone.localdate(),
            user=self.request_user,
        )
        for problem in problems:
            name = problem.attr[:-3] if problem.attr.endswith("_id") else problem.attr
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                label = model._meta.get_field(name).verbose_name
                self.add_error(None, f"{label}：{problem.message}")
        return data


class PublicationWorkflowAdmin:
    change_form_template = "admin/records/record_change_form.html"
    actions = ["action_submit", "action_approve", "action_return", "action_withdraw"]
    form = CheckedRecordForm
    # The transitions this admin offers (records.services.publication).
    transitions = TRANSITIONS

    # -- permissions -------------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        # Withdrawn, expired and repaired records stay as they are; a published one is edited
        # as a revision under review (records.services.publication.record_save_by_hand).
        return obj.status in EDITABLE_STATUSES

    def has_delete_permission(self, request, obj=None):
        # Withdrawing never deletes: records stay for staff and audit.
        return False

    def may_transition(self, request, name: str, obj=None) -> bool:
        transition = self.transitions[name]
        if name == "submit":
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = transition.allowed_for(request.user) and self.has_view_permission(request, obj)
        return allowed and (obj is None or obj.status in transition.from_states)

    # -- saving --------------------------------------------------------------------------
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def save_model(self, request, obj, form, change):
        # Entered by hand: a draft until a reviewer approves it; an edit of a published record
        # is a revision under review (records.services.publication).
        self.check_department(request, obj)
        try:
            revision = record_save_by_hand(obj, request.user)
        except WorkflowError as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        if revision is not None:
            messages.warning(
                request,
                _("修改已作为待审核修改提交：审核通过前，公示的仍是原版本。"),
            )

    WORKFLOW_FIELDS = (
        "status",
        "status_reason",
        "entered_by",
        "submitted_by",
        "last_edited_by",
        "reviewed_by",
    )

    def get_exclude(self, request, obj=None):
        exclude = tuple(super().get_exclude(request, obj) or ())
        return (*exclude, *self.WORKFLOW_FIELDS) if obj is None else exclude or None

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            # A new record is saved as its author's draft (record_save_by_hand), whatever the
            # model's default status (公示中, for what arrives through a trusted channel).
            return (*super().get_readonly_fields(request, obj), "status_when_saved")
        return (*super().get_readonly_fields(request, obj), *self.WORKFLOW_FIELDS)

    @admin.display(description=gettext_lazy("公示状态"))
    def status_when_saved(self, obj=None):
        return _("草稿（保存后提交审核，审核通过才公示）")

    # -- actions ---------------------------------------------------------------------------
    def get_actions(self, request):
        actions = super().get_actions(request)
        for name in self.transitions:
            if f"action_{name}" in actions and not self.may_transition(request, name):
                del actions[f"action_{name}"]
        return actions

    def _to_transition(self, name, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:MAX_IDS])
        return HttpResponseRedirect(f"{self._transition_url(name)}?{urlencode({'ids': ids})}")

    def _transition_url(self, name):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_transition", args=[name]
        )

    @admin.action(description=gettext_lazy("提交审核所选记录"))
    def action_submit(self, request, queryset):
        return self._to_transition("submit", queryset)

    @admin.action(description=gettext_lazy("审核通过并公示所选记录"))
    def action_approve(self, request, queryset):
        return self._to_transition("approve", queryset)

    @admin.action(description=gettext_lazy("退回修改所选记录"))
    def action_return(self, request, queryset):
        return self._to_transition("return", queryset)

    @admin.action(description=gettext_lazy("撤销公示所选记录"))
    def action_withdraw(self, request, queryset):
        return self._to_transition("withdraw", queryset)

    # -- views -----------------------------------------------------------------------------
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        return [
            path("transition/<str:name>/", self.admin_site.admin_view(self.transition_view), name=name),
            *super().get_urls(),
        ]

    def transition_view(self, request, name):
        transition = self.transitions.get(name)
        if transition is None:
            raise Http404
        if not self.may_transition(request, name):
            raise PermissionDenied
        raw_ids = request.POST.get("ids") if request.method == "POST" else request.GET.get("ids", "")
        ids = [int(x) for x in (raw_ids or "").split(",") if x.strip().isdigit()][:MAX_IDS]
        # Scoped: ids of other departments' records are silently not found.
        records = list(self.get_queryset(request).filter(pk__in=ids).select_related("department"))
        changelist = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        if not records:
            messages.warning(request, _("没有找到可以操作的记录。"))
            return HttpResponseRedirect(changelist)
        error = ""
        reason = request.POST.get("reason", "") if request.method == "POST" else ""
        if request.method == "POST":
            if transition.needs_reason and not reason.strip():
                error = _("%(verb)s须填写原因。") % {"verb": transition.label}
            else:
                done, errors = apply_transition(name, records, request.user, reason, self.transitions)
                if done:
                    messages.success(
                        request,
                        _("已%(verb)s %(n)d 条记录。") % {"verb": transition.label, "n": len(done)},
                    )
                for message in dict.fromkeys(errors):
                    messages.error(request, message)
                if len(records) == 1:
                    return HttpResponseRedirect(
                        reverse(
                            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                            args=[records[0].pk],
                        )
                    )
                return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.label,
            "transition": transition,
            "records": records,
            "ids": ",".join(str(r.pk) for r in records),
            "reason": reason,
            "error": error,
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/records/transition.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["transitions"] = [
                {"label": t.label, "url": f"{self._transition_url(t.name)}?ids={obj.pk}", "name": t.name}
                for t in self.transitions.values()
                if self.may_transition(request, t.name, obj)
            ]
            extra_context["unapproved"] = getattr(obj, "status", None) in UNAPPROVED_STATUSES
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # The audit trail (before/after, IP) replaces Django's own history page.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if not request.user.has_perm("records.view_auditentry"):
            raise PermissionDenied
        return HttpResponseRedirect(audit_url_for(obj))
