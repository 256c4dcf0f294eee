from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class Inspection(CreditRecord):
    """检查抽查: results of 双随机、一公开 spot checks and other inspections."""

    KIND = "inspection"

    class InspectionType(models.TextChoices):
        RANDOM = "双随机抽查", _("双随机抽查")
        TARGETED = "定向抽查", _("定向抽查")
        SPECIAL = "专项检查", _("专项检查")
        ROUTINE = "日常检查", _("日常检查")

    class Result(models.TextChoices):
        NO_PROBLEM = "未发现问题", _("未发现问题")
        CORRECTED = "发现问题已责令改正", _("发现问题已责令改正")
        NOT_PUBLISHED = "未按规定公示应当公示的信息", _("未按规定公示应当公示的信息")
        UNREACHABLE = "通过登记的住所（经营场所）无法联系", _("通过登记的住所（经营场所）无法联系")
        NOT_FOUND = "未发现开展本次抽查涉及的经营活动", _("未发现开展本次抽查涉及的经营活动")
        TRANSFERRED = "发现问题待后续处理", _("发现问题待后续处理")
        UNQUALIFIED = "不合格", _("不合格")

    task_name = models.CharField(_("抽查任务名称"), max_length=200)
    task_number = models.CharField(_("抽查任务编号"), max_length=100, blank=True)
    inspection_type = models.CharField(_("检查类型"), max_length=10, choices=InspectionType.choices)
    items = models.TextField(_("检查事项"))
    result = models.CharField(_("检查结果"), max_length=30, choices=Result.choices)
    result_detail = models.TextField(_("检查结果说明"), blank=True)
    authority = models.CharField(_("检查实施机关"), max_length=200)
    authority_uscc = models.CharField(_("检查实施机关统一社会信用代码"), max_length=18)

    class Meta(CreditRecord.Meta):
        verbose_name = _("检查抽查")
        verbose_name_plural = _("检查抽查")


class AbnormalOperation(CreditRecord):
    """经营异常名录: listing (decision_date is 列入日期) and, later, removal."""

    KIND = "abnormal"

    reason = models.CharField(_("列入经营异常名录原因"), max_length=300)
    authority = models.CharField(_("列入决定机关"), max_length=200)
    authority_uscc = models.CharField(_("列入决定机关统一社会信用代码"), max_length=18)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出原因"), max_length=300, blank=True)
    removal_authority = models.CharField(_("移出决定机关"), max_length=200, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("经营异常名录")
        verbose_name_plural = _("经营异常名录")
