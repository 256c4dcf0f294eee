"""Admin for staff accounts, the audit trail, credit repair, objections and typical cases."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin_scoping import DepartmentScopedAdmin
from records.admin_text import FilterWidgetHelpMixin
from records.services import cases as case_services
from records.services import objections as objection_services
from records.services import repairs as repair_services
from records.staff import can_act_for, is_credit_office

User = get_user_model()


# -- staff accounts ------------------------------------------------------------------------


class StaffProfileInline(admin.StackedInline):
    model = m.StaffProfile
    can_delete = False
    verbose_name_plural = gettext_lazy("所属部门")
    autocomplete_fields = ("department",)


# Django names its own permissions in English ("Can add group", stored as the permission's
# name): staff read them by action and model in Chinese.
PERMISSION_ACTIONS = {
    "add": gettext_lazy("新增"),
    "change": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "view": gettext_lazy("查看"),
}
# The apps whose permissions a role may hold; the rest (login lockout, authenticators, the
# task queue, sessions) are the system's own and are not granted through the admin.
GRANTABLE_APPS = (
    "auth",
    "records",
    "publicity",
    "complaints",
    "creditstats",
    "portal",
    "workcalendar",
    "outbox",
)


def permission_label(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = model._meta.verbose_name if model is not None else content_type.model
    action, _sep, rest = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model is not None and rest == model._meta.model_name:
        name = f"{PERMISSION_ACTIONS[action]}{model_name}"
    else:
        name = permission.name
    app = apps.get_app_config(content_type.app_label).verbose_name if model is not None else ""
    return " | ".join(str(part) for part in (app, model_name, name) if part)


def permission_list(permissions) -> str:
    labels = [permission_label(p) for p in permissions.select_related("content_type")]
    return format_html_join("", "<div>{}</div>", ((label,) for label in labels)) if labels else "—"


class PermissionLabelsMixin(FilterWidgetHelpMixin):
    """Permission pickers and read-only permission lists in Chinese."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            qs = kwargs.get("queryset", db_field.remote_field.model.objects.all())
            kwargs["queryset"] = qs.filter(content_type__app_label__in=GRANTABLE_APPS).select_related(
                "content_type"
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field

    def _permission_field(self):
        return "user_permissions" if self.model is User else "permissions"

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), f"{self._permission_field()}_shown")

    def get_fieldsets(self, request, obj=None):
        """Where the permissions cannot be changed, they are listed by their Chinese labels."""
        name = self._permission_field()
        shown = f"{name}_shown"
        read_only = name in self.get_readonly_fields(request, obj) or (
            obj is not None and not self.has_change_permission(request, obj)
        )
        out = []
        for title, opts in super().get_fieldsets(request, obj):
            fields = []
            for field in opts["fields"]:
                if field == name and read_only:
                    field = shown
                elif field == shown and not read_only:
                    continue
                if field not in fields:
                    fields.append(field)
            out.append((title, {**opts, "fields": tuple(fields)}))
        return out

    @admin.display(description=gettext_lazy("权限"))
    def permissions_shown(self, obj):
        return permission_list(obj.permissions) if obj is not None and obj.pk else "—"

    @admin.display(description=gettext_lazy("用户权限"))
    def user_permissions_shown(self, obj):
        return permission_list(obj.user_permissions) if obj is not None and obj.pk else "—"


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    pass


class StaffUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            # The hash summary (algorithm, salt, hash) is a code, not text to translate.
            password.widget.attrs["translate"] = "no"


@admin.register(User)
class StaffUserAdmin(PermissionLabelsMixin, UserAdmin):
    form = StaffUserChangeForm
    inlines = (StaffProfileInline,)
    list_display = ("username", "first_name", "email", "department", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_active", "groups")
    list_select_related = ("staff_profile__department",)
    actions = ("reset_two_factor",)

    @admin.action(description=gettext_lazy("重置所选账号的两步验证（手机丢失时）"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        """Removes the accounts' authenticators: at the next login they set up a new one."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from records.audit import audit_log

        done = 0
        for user in queryset:
            if user.is_superuser and not request.user.is_superuser:
                continue
            deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
            if deleted:
                audit_log(m.AuditEntry.Action.TWO_FACTOR, user, reason=_("管理员重置两步验证"))
                done += 1
        self.message_user(request, _("已重置 %(n)d 个账号的两步验证。") % {"n": done})

    @admin.display(description=gettext_lazy("所属部门"))
    def department(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.department if profile else ""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            # A credit office admin manages accounts and roles but cannot make superusers.
            readonly = (*readonly, "is_superuser", "user_permissions", "last_login", "date_joined")
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return allowed


@admin.register(m.StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "department", "phone")
    list_filter = ("department__region", "department")
    search_fields = ("user__username", "user__first_name", "department__name")
    autocomplete_fields = ("department",)
    raw_id_fields = ("user",)
    list_select_related = ("user", "department")


# -- audit trail ---------------------------------------------------------------------------


@admin.register(m.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "actor_username",
        "channel",
        "action",
        "content_type",
        "object_repr",
        "batch_number",
        "short_reason",
        "ip",
    )
    list_filter = (
        "channel",
        "action",
        ("at", admin.DateFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("actor_username", "object_repr", "=object_id", "=batch__id", "reason", "=ip", "path")
    date_hierarchy = "at"
    list_select_related = ("content_type",)
    show_full_result_count = False
    list_per_page = 100
    fields = (
        "at",
        "actor_username",
        "token",
        "channel",
        "batch",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes_table",
        "reason",
        "ip",
        "path",
    )
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        return lookup in ("object_id", "content_type__id__exact", "batch") or super().lookup_allowed(
            lookup, value, request
        )

    @admin.display(description=gettext_lazy("报送批次"), ordering="batch_id")
    def batch_number(self, obj):
        return f"#{obj.batch_id}" if obj.batch_id else ""

    @admin.display(description=gettext_lazy("原因/说明"))
    def short_reason(self, obj):
        return obj.reason[:60]

    @admin.display(description=gettext_lazy("变更内容（修改前 → 修改后）"))
    def changes_table(self, obj):
        model = obj.content_type.model_class() if obj.content_type_id else None
        rows = []
        for name, change in sorted(obj.changes.items()):
            label, field = name, None
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = field.verbose_name
                except Exception:  # a field removed since, or a summary key like "count"
                    label = name
            if isinstance(change, list) and len(change) == 2:
                before, after = change
            else:
                before, after = "", change
            rows.append((label, _show(before, field), _show(after, field)))
        if not rows:
            return "—"
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table class="audit-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("字段"),
            _("修改前"),
            _("修改后"),
            body,
        )

    # Immutable from the UI: view and search only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _show(value, field=None):
    """A stored value as the clerk reads it: a choice by its label (公示中, not published), a
    time in Beijing time, a yes/no in Chinese."""
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "Y-m-d H:i:s")
    return str(value)


# -- typical cases of joint measures -----------------------------------------------------


@admin.register(m.MeasureCase)
class MeasureCaseAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    """A department reports its month's cases here (its own department only); the credit office
    publishes the ones it selects (records.services.cases) to the public 联合奖惩典型案例 page."""

    list_display = ("title", "month", "department", "measure", "subject_name", "reported_by", "published")
    list_filter = (
        ("month", admin.DateFieldListFilter),
        ("published_at", admin.EmptyFieldListFilter),
        "department",
        "measure__polarity",
    )
    search_fields = ("title", "subject_name", "=subject_uscc")
    autocomplete_fields = ("measure",)
    readonly_fields = ("reported_by", "created_at", "published_at", "published_by")
    list_select_related = ("department", "measure", "reported_by")
    date_hierarchy = "month"
    actions = ["publish_cases", "unpublish_cases"]

    @admin.display(description=gettext_lazy("已发布"), boolean=True, ordering="published_at")
    def published(self, obj):
        return obj.is_published

    def has_publish_permission(self, request):
        return request.user.has_perm(case_services.PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        # A published case is changed only after it is taken down (the public text is what was checked).
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("发布所选典型案例"), permissions=["publish"])
    def publish_cases(self, request, queryset):
        done = 0
        for case in queryset:
            try:
                case_services.case_publish(case, request.user)
                done += 1
            except ValidationError as exc:
                for messages_ in exc.message_dict.values():
                    for text in messages_:
                        self.message_user(request, f"{case.title}：{text}", messages.ERROR)
        if done:
            self.message_user(request, _("已发布 %(n)d 个典型案例。") % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("撤下所选典型案例"), permissions=["publish"])
    def unpublish_cases(self, request, queryset):
        for case in queryset:
            case_services.case_unpublish(case, request.user)
        self.message_user(request, _("已撤下 %(n)d 个典型案例。") % {"n": len(queryset)}, messages.SUCCESS)


class MeasureCaseNoneForm(forms.ModelForm):
    class Meta:
        model = m.MeasureCaseNone
        fields = ["department", "month"]

    def clean(self):
        data = super().clean()
        department, month = data.get("department"), data.get("month")
        if (
            department
            and month
            and m.MeasureCase.objects.filter(department=department, month=month.replace(day=1)).exists()
        ):
            raise ValidationError(_("本月已报送典型案例，不能再声明“本月无”。"))
        if month:
            data["month"] = month.replace(day=1)
        return data


@admin.register(m.MeasureCaseNone)
class MeasureCaseNoneAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    """ "本月无": a department declares it has no typical case for a month (counts as reported)."""

    form = MeasureCaseNoneForm
    list_display = ("month", "department", "declared_by", "declared_at")
    list_filter = (("month", admin.DateFieldListFilter), "department")
    list_select_related = ("department", "declared_by")
    readonly_fields = ("declared_by", "declared_at")

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        self.check_department(request, obj)
        declared = case_services.case_declare_none(request.user, obj.department, obj.month)
        obj.pk, obj.declared_by, obj.declared_at = declared.pk, declared.declared_by, declared.declared_at


# -- credit repair and objections --------------------------------------------------------


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
