"""Credit repair and objections (信用修复, 异议申诉) in the admin: the case with its events and
attachments, and the staff decisions, each done by records.appeals.repairs / objections."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.scoping import DepartmentScopedAdmin
from records.appeals import objections as objection_services
from records.appeals import repairs as repair_services
from records.staff import can_act_for, is_credit_office

User = get_user_model()


class EventInline(admin.TabularInline):
    extra = 0
    can_delete = False
    fields = ("at", "from_label", "to_label", "note", "actor")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("原状态"))
    def from_label(self, obj):
        return obj.from_status_label or "—"

    @admin.display(description=gettext_lazy("新状态"))
    def to_label(self, obj):
        return obj.status_label


class AttachmentInline(admin.TabularInline):
    extra = 0
    can_delete = False
    fields = ("download", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("文件"))
    def download(self, obj):
        parent = self.parent_name
        url = reverse(
            f"admin:records_{self.parent_model._meta.model_name}_attachment",
            args=[getattr(obj, f"{parent}_id"), obj.pk],
        )
        return format_html('<a href="{}">{}</a>', url, obj.name)


class RepairEventInline(EventInline):
    model = m.RepairEvent


class RepairAttachmentInline(AttachmentInline):
    model = m.RepairAttachment
    parent_name = "repair"


class ObjectionEventInline(EventInline):
    model = m.ObjectionEvent


class ObjectionAttachmentInline(AttachmentInline):
    model = m.ObjectionAttachment
    parent_name = "objection"


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("办理意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AcceptObjectionForm(NoteForm):
    mark_record = forms.BooleanField(label=gettext_lazy("在公示信息旁标注“异议处理中”"), required=False)


class AppealAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    """Staff handle applications through the action buttons; the application itself, as the
    public submitted it, is read only."""

    change_form_template = "admin/records/appeal_change_form.html"
    list_display = (
        "number",
        "applicant_name",
        "record_kind_label",
        "record_document_number",
        "department",
        "status",
        "due_on",
        "overdue",
        "submitted_at",
    )
    list_filter = ("status", ("submitted_at", admin.DateFieldListFilter), "department")
    search_fields = ("=number", "applicant_name", "=applicant_code", "=record_document_number")
    list_select_related = ("department",)
    show_full_result_count = False
    actions = None
    # name -> (label, needs a note)
    ACTIONS: dict = {}

    @admin.display(description=gettext_lazy("信息类别"))
    def record_kind_label(self, obj):
        return obj.record_kind_label

    @admin.display(description=gettext_lazy("已超期"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=gettext_lazy("相关信息"))
    def record_link(self, obj):
        record = obj.record
        if record is None:
            return "—"
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>（{}）', url, record, record.get_status_display())

    # The kind is shown by its label (record_kind_label), not its code.
    exclude = ("record_kind",)

    def get_readonly_fields(self, request, obj=None):
        return [
            "record_kind_label" if f.name == "record_kind" else f.name
            for f in self.model._meta.concrete_fields
            if f.name != "id"
        ] + ["record_link"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def available_actions(self, request, obj) -> list[str]:
        raise NotImplementedError

    def run_action(self, request, obj, name, form) -> None:
        raise NotImplementedError

    def action_form(self, request, obj, name, data=None):
        return NoteForm(data)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/act/<str:name>/",
                self.admin_site.admin_view(self.action_view),
                name=f"{info}_act",
            ),
            path(
                "<path:object_id>/attachment/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name=f"{info}_attachment",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        if obj is not None:
            info = f"admin:{self.opts.app_label}_{self.opts.model_name}_act"
            extra_context["appeal_actions"] = [
                {"name": n, "label": self.ACTIONS[n][0], "url": reverse(info, args=[obj.pk, n])}
                for n in self.available_actions(request, obj)
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def action_view(self, request, object_id, name):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or name not in self.ACTIONS:
            raise Http404
        if name not in self.available_actions(request, obj):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        form = self.action_form(request, obj, name, request.POST if request.method == "POST" else None)
        error = ""
        if request.method == "POST" and form.is_valid():
            try:
                self.run_action(request, obj, name, form)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("已%(verb)s：%(number)s") % {"verb": self.ACTIONS[name][0], "number": obj.number},
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{self.ACTIONS[name][0]}：{obj.number}",
            "original": obj,
            "form": form,
            "error": error,
            "change_url": change_url,
            "record": obj.record,
            **self.action_context(obj, name),
        }
        return TemplateResponse(request, "admin/records/appeal_action.html", context)

    def action_context(self, obj, name) -> dict:
        return {}

    def attachment_view(self, request, object_id, attachment_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        attachment = obj.attachments.filter(pk=attachment_id).first()
        # A blank file: removed after its retention period (manage.py prune_personal_data).
        if attachment is None or not attachment.file:
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@admin.register(m.CreditRepair)
class CreditRepairAdmin(AppealAdmin):
    inlines = (RepairEventInline, RepairAttachmentInline)
    ACTIONS = {
        "accept": (gettext_lazy("受理并转部门核实"), False),
        "approve": (gettext_lazy("核实通过"), False),
        "reject": (gettext_lazy("不予修复"), True),
        "complete": (gettext_lazy("办结：停止公示"), False),
    }

    def available_actions(self, request, obj):
        user = request.user
        if not super().has_change_permission(request, obj):
            return []
        S = m.CreditRepair.Status
        office, dept = is_credit_office(user), can_act_for(user, obj.department)
        names = []
        if obj.status == S.PENDING_REVIEW and office:
            names += ["accept", "reject"]
        if obj.status == S.PENDING_VERIFY and dept:
            names += ["approve", "reject"]
        if obj.status == S.APPROVED and office:
            names.append("complete")
        return names

    def run_action(self, request, obj, name, form):
        service, _needs_note = repair_services.ACTIONS[name]
        service(obj, request.user, form.cleaned_data.get("note", ""))


class CorrectionForm(NoteForm):
    withdraw = forms.BooleanField(label=gettext_lazy("该信息不应公示：撤销其公示"), required=False)

    def __init__(self, data=None, *, record=None):
        super().__init__(data)
        choices = [("", "---------")] + [
            (f.name, f.verbose_name) for f in objection_services.correctable_fields(type(record))
        ]
        for i in range(1, 4):
            self.fields[f"field_{i}"] = forms.ChoiceField(
                label=_("更正字段%(i)d") % {"i": i}, choices=choices, required=False
            )
            self.fields[f"value_{i}"] = forms.CharField(
                label=_("更正为%(i)d") % {"i": i}, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def corrections(self) -> dict:
        result = {}
        for i in range(1, 4):
            name = self.cleaned_data.get(f"field_{i}")
            if name:
                result[name] = self.cleaned_data.get(f"value_{i}", "")
        return result


@admin.register(m.Objection)
class ObjectionAdmin(AppealAdmin):
    inlines = (ObjectionEventInline, ObjectionAttachmentInline)
    list_display = (*AppealAdmin.list_display, "mark_record")
    ACTIONS = {
        "accept": (gettext_lazy("受理并转部门处理"), False),
        "refuse": (gettext_lazy("不予受理"), True),
        "correct": (gettext_lazy("更正信息"), True),
        "uphold": (gettext_lazy("维持原记录并说明理由"), True),
    }

    def available_actions(self, request, obj):
        user = request.user
        if not super().has_change_permission(request, obj):
            return []
        S = m.Objection.Status
        if obj.status == S.SUBMITTED and is_credit_office(user):
            return ["accept", "refuse"]
        if obj.status == S.HANDLING and can_act_for(user, obj.department):
            return ["correct", "uphold"]
        return []

    def action_form(self, request, obj, name, data=None):
        if name == "accept":
            return AcceptObjectionForm(data)
        if name == "correct":
            return CorrectionForm(data, record=obj.record)
        return NoteForm(data)

    def action_context(self, obj, name):
        if name != "correct" or obj.record is None:
            return {}
        record = obj.record
        return {
            "current_values": [
                (
                    f.verbose_name,
                    getattr(record, f"get_{f.name}_display")() if f.choices else f.value_from_object(record),
                )
                for f in objection_services.correctable_fields(type(record))
            ]
        }

    def run_action(self, request, obj, name, form):
        note = form.cleaned_data.get("note", "")
        if name == "accept":
            objection_services.objection_accept(obj, request.user, note, form.cleaned_data["mark_record"])
        elif name == "refuse":
            objection_services.objection_refuse(obj, request.user, note)
        elif name == "uphold":
            objection_services.objection_uphold(obj, request.user, note)
        else:
            objection_services.objection_correct(
                obj, request.user, note, form.corrections(), withdraw=form.cleaned_data["withdraw"]
            )
