from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import services
from outbox.models import OutgoingMail
from portal.personal_data import mask_email


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "purpose",
        "reference",
        "masked_to",
        "status",
        "attempts",
        "next_attempt_at",
    )
    list_filter = ("status", "purpose", ("created_at", admin.DateFieldListFilter))
    search_fields = ("=reference",)
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = (
        "purpose",
        "reference",
        "masked_to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields

    @admin.display(description=_("收件人"))
    def masked_to(self, obj):
        return mask_email(obj.to)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新发送选中的失败邮件"), permissions=["change"])
    def send_again(self, request, queryset):
        failed = list(queryset.filter(status=OutgoingMail.Status.FAILED))
        resendable = [mail for mail in failed if not mail.sensitive]
        for mail in resendable:
            services.send_again(mail)
        self.message_user(
            request,
            ngettext("已重新发送 %(n)d 封邮件。", "已重新发送 %(n)d 封邮件。", len(resendable))
            % {"n": len(resendable)},
            messages.SUCCESS,
        )
        if len(resendable) < len(failed):
            self.message_user(
                request,
                _("验证码邮件不重新发送（验证码已失效），请申请人重新获取验证码。"),
                messages.WARNING,
            )
