"""Commitments in the staff admin: the accepting department accepts or returns a commitment made
online, and records its fulfilment (records.services.commitments does each)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.models import UNAPPROVED_STATUSES, Commitment, RecordStatus
from records.services.commitments import (
    COMMITMENT_TRANSITIONS,
    FULFILMENT_FROM,
    commitment_fulfilment,
)
from records.staff import can_act_for

# The credit office's review does not apply to a commitment made online, the department's
# acceptance applies to nothing else (records.services.publication).
ONLINE_ONLY = {"accept", "decline"}
NOT_ONLINE = {"submit", "approve", "return"}


class FulfilmentForm(forms.Form):
    fulfilment = forms.ChoiceField(
        label=gettext_lazy("承诺履行状态"),
        choices=Commitment.Fulfilment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("承诺履行状态：请选择。")},
    )
    unfulfilled_content = forms.CharField(
        label=gettext_lazy("未履行的承诺内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("履行状态不是全部履行时必填"),
    )
    liability_pursued = forms.CharField(
        label=gettext_lazy("违诺责任追究内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("履行状态不是全部履行时必填"),
    )
    determined_on = forms.DateField(
        label=gettext_lazy("履行状态认定日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("履行状态认定日期：必填。"),
            "invalid": gettext_lazy("履行状态认定日期：请按 YYYY-MM-DD 填写。"),
        },
    )


class CommitmentWorkflowAdmin:
    transitions = COMMITMENT_TRANSITIONS
    actions = [
        "action_accept",
        "action_decline",
        "action_submit",
        "action_approve",
        "action_return",
        "action_withdraw",
    ]

    @admin.action(description=gettext_lazy("受理所选网上承诺"))
    def action_accept(self, request, queryset):
        return self._to_transition("accept", queryset)

    @admin.action(description=gettext_lazy("退回所选网上承诺"))
    def action_decline(self, request, queryset):
        return self._to_transition("decline", queryset)

    def may_transition(self, request, name: str, obj=None) -> bool:
        if obj is not None:
            if name in ONLINE_ONLY and not obj.made_online:
                return False
            if name in NOT_ONLINE and obj.made_online:
                return False
            if name in ONLINE_ONLY and not can_act_for(request.user, obj.department):
                return False
        return super().may_transition(request, name, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.made_online and obj.status in UNAPPROVED_STATUSES:
            # The company's own words: the department accepts or returns them, never edits them
            # (it would then accept what it wrote itself).
            return (*readonly, *(f.name for f in self.model._meta.fields if f.name not in readonly))
        return readonly

    def may_record_fulfilment(self, request, obj) -> bool:
        return (
            obj.status in FULFILMENT_FROM
            and request.user.has_perm("records.change_commitment")
            and can_act_for(request.user, obj.department)
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_fulfilment"
        return [
            path("<int:pk>/fulfilment/", self.admin_site.admin_view(self.fulfilment_view), name=name),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.may_record_fulfilment(request, obj):
            extra_context["extra_tools"] = [
                {
                    "label": _("认定履行状态"),
                    "url": reverse("admin:records_commitment_fulfilment", args=[obj.pk]),
                    "name": "fulfilment",
                }
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def fulfilment_view(self, request, pk):
        # Scoped: another department's commitment is not found.
        obj = self.get_queryset(request).filter(pk=pk).select_related("department").first()
        if obj is None:
            raise Http404
        if not self.may_record_fulfilment(request, obj):
            raise PermissionDenied(_("只有承诺受理单位可以认定已受理承诺的履行状态。"))
        change_url = reverse("admin:records_commitment_change", args=[obj.pk])
        if request.method == "POST":
            form = FulfilmentForm(request.POST)
            if form.is_valid():
                try:
                    revision = commitment_fulfilment(obj, request.user, **form.cleaned_data)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    if revision is not None:
                        messages.success(
                            request,
                            _("履行状态已作为待审核修改提交：信用办审核通过后公示，此前公示的仍是原版本。"),
                        )
                    else:
                        messages.success(request, _("履行状态已保存。"))
                    return HttpResponseRedirect(change_url)
        else:
            form = FulfilmentForm(
                initial={
                    "fulfilment": obj.fulfilment or None,
                    "unfulfilled_content": obj.unfulfilled_content,
                    "liability_pursued": obj.liability_pursued,
                    "determined_on": obj.determined_on or timezone.localdate(),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("认定履行状态"),
            "original": obj,
            "form": form,
            "change_url": change_url,
            "changelist_url": reverse("admin:records_commitment_changelist"),
            "published": obj.status == RecordStatus.PUBLISHED,
        }
        return TemplateResponse(request, "admin/records/commitment_fulfilment.html", context)
