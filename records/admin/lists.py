"""Staff pages of the serious-dishonesty list procedure: serve a notice (告知), record the
party's statement and the answer, list (the entry then goes to review), drop, exit, and print
the notice. Every button calls records.services.listing."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.scoping import DepartmentScopedAdmin
from records.services import listing
from records.staff import can_act_for, user_department


class ListProcedureEventInline(admin.TabularInline):
    model = m.ListProcedureEvent
    fields = ("on", "step", "note", "actor", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class NoticeForm(forms.ModelForm):
    class Meta:
        model = m.ListNotice
        fields = ("list_type", "subject", "department", "reasons", "basis", "rights")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["list_type"].queryset = m.ListType.objects.filter(
            polarity=m.ListType.Polarity.BLACK, is_active=True
        )
        self.fields["rights"].required = False
        self.fields["rights"].initial = listing.RIGHTS
        own = user_department(user)
        if own is not None:
            self.fields["department"].initial = own

    def clean_department(self):
        department = self.cleaned_data["department"]
        if not can_act_for(self.user, department):
            raise ValidationError(_("只能以本部门（认定部门）的名义告知。"))
        return department


class StepForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 4}))


class ListForm(forms.Form):
    document_number = forms.CharField(label=gettext_lazy("认定文书号"), max_length=128)
    publish_until = forms.DateField(
        label=gettext_lazy("公示截止期"), required=False, help_text=gettext_lazy("不填按名单类型的默认年限")
    )


# name -> (button label, form, statuses it applies to)
STEPS = {
    "statement": (gettext_lazy("登记陈述申辩"), StepForm, (m.ListNotice.Status.NOTIFIED,)),
    "answer": (gettext_lazy("答复陈述申辩"), StepForm, (m.ListNotice.Status.STATED,)),
    "list": (
        gettext_lazy("作出列入决定"),
        ListForm,
        (m.ListNotice.Status.NOTIFIED, m.ListNotice.Status.ANSWERED),
    ),
    "drop": (
        gettext_lazy("不予列入"),
        StepForm,
        (m.ListNotice.Status.NOTIFIED, m.ListNotice.Status.STATED, m.ListNotice.Status.ANSWERED),
    ),
    "exit": (gettext_lazy("移出名单"), StepForm, (m.ListNotice.Status.LISTED,)),
}


@admin.register(m.ListNotice)
class ListNoticeAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    list_display = ("number", "subject", "list_type", "department", "served_on", "statement_due", "status")
    list_filter = ("status", "list_type", ("served_on", admin.DateFieldListFilter))
    search_fields = ("=number", "subject__name", "=subject__uscc")
    list_select_related = ("subject", "list_type", "department")
    autocomplete_fields = ("subject",)
    inlines = (ListProcedureEventInline,)
    actions = None
    change_form_template = "admin/records/listnotice_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = NoticeForm

            class BoundNoticeForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, user=request.user, **kw)

            return BoundNoticeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in self.model._meta.concrete_fields if f.name != "id"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = listing.notice_serve(
            list_type=form.cleaned_data["list_type"],
            subject=form.cleaned_data["subject"],
            department=form.cleaned_data["department"],
            reasons=form.cleaned_data["reasons"],
            basis=form.cleaned_data["basis"],
            rights=form.cleaned_data.get("rights", ""),
            user=request.user,
        )
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if not k.startswith("_")})

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/step/<str:name>/",
                self.admin_site.admin_view(self.step_view),
                name=f"{info}_step",
            ),
            path(
                "<path:object_id>/print/", self.admin_site.admin_view(self.print_view), name=f"{info}_print"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False, "show_delete": False}
        if obj is not None:
            info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
            steps = [
                {"label": label, "url": reverse(f"{info}_step", args=[obj.pk, name])}
                for name, (label, _form, statuses) in STEPS.items()
                if obj.status in statuses and self.has_change_permission(request, obj)
            ]
            steps.append({"label": _("打印告知书"), "url": reverse(f"{info}_print", args=[obj.pk])})
            extra_context["appeal_actions"] = steps
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, object_id, name):
        notice = self.get_object(request, unquote(object_id))
        if notice is None or name not in STEPS:
            raise Http404
        if not self.has_change_permission(request, notice):
            raise PermissionDenied
        label, form_class, _statuses = STEPS[name]
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[notice.pk])
        form = form_class(request.POST if request.method == "POST" else None)
        error = ""
        if request.method == "POST" and form.is_valid():
            try:
                self._run(notice, name, request.user, form.cleaned_data)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(
                    request, _("已%(verb)s：%(number)s") % {"verb": label, "number": notice.number}
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{label}：{notice.number}",
            "original": notice,
            "form": form,
            "error": error,
            "change_url": change_url,
            "allowed_from": listing.listing_allowed_from(notice),
        }
        return TemplateResponse(request, "admin/records/listnotice_step.html", context)

    @staticmethod
    def _run(notice, name, user, data):
        if name == "statement":
            listing.notice_statement(notice, user, data["text"])
        elif name == "answer":
            listing.notice_answer(notice, user, data["text"])
        elif name == "list":
            listing.notice_list(
                notice, user, document_number=data["document_number"], publish_until=data.get("publish_until")
            )
        elif name == "drop":
            listing.notice_drop(notice, user, data["text"])
        else:
            listing.entry_exit(notice.entry, user, data["text"], on_request=True)

    def print_view(self, request, object_id):
        notice = self.get_object(request, unquote(object_id))
        if notice is None or not self.has_view_permission(request, notice):
            raise Http404
        return TemplateResponse(request, "records/list_notice_print.html", {"notice": notice})
