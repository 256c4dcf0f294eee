from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.appeals import Appeal, AppealAttachment, AppealEvent


class Objection(Appeal):
    """异议申诉: a subject says a record about it is wrong.

    待受理 (the credit office accepts or refuses) -> 处理中 (routed to the source department)
    -> 已更正 (the record was corrected, before/after kept) / 维持原记录 (explained)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        HANDLING = "handling", _("处理中")
        CORRECTED = "corrected", _("已更正")
        UPHELD = "upheld", _("维持原记录")
        REFUSED = "refused", _("不予受理")

    OPEN_STATUSES = (Status.SUBMITTED, Status.HANDLING)

    status = models.CharField(
        _("办理状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    wrong_content = models.TextField(_("有误的信息"), help_text=_("哪一项信息有误"))
    correct_content = models.TextField(_("应更正为"), blank=True)
    description = models.TextField(_("异议理由"))
    mark_record = models.BooleanField(
        _("公示时标注“异议处理中”"),
        default=False,
        help_text=_("由信用办受理时决定；办结后标注自动消失"),
    )
    # {field: [before, after]} of the correction made when the objection was upheld.
    correction = models.JSONField(_("更正内容"), default=dict, blank=True)

    class Meta(Appeal.Meta):
        verbose_name = _("异议申诉")
        verbose_name_plural = _("异议申诉")
        indexes = [models.Index(fields=["record_kind", "record_id"], name="objection_record")]


class ObjectionEvent(AppealEvent):
    STATUS = Objection.Status
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="events")

    class Meta(AppealEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


class ObjectionAttachment(AppealAttachment):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AppealAttachment.Meta):
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
