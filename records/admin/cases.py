"""Typical cases of joint reward and punishment (典型案例) in the admin: each department reports
its cases, or declares 本月无, per month (records.services.cases publishes)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.scoping import DepartmentScopedAdmin
from records.services import cases as case_services

User = get_user_model()


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
