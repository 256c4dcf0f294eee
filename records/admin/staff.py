"""Admin for staff accounts: users, roles (groups, their permissions named in Chinese) and
staff profiles (department, two-factor)."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.text import FilterWidgetHelpMixin

User = get_user_model()


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
