"""Complaint and report cases, their forwarding to departments, events and evidence.

A case references a subject in `records` (or names one the store does not know) but never
changes it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.states import AssignmentStatus, State


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Category(models.TextChoices):
    CONTRACT = "contract", _("合同违约")
    ADVERTISING = "advertising", _("虚假宣传")
    WAGES = "wages", _("拖欠工资")
    QUALITY = "quality", _("产品质量")
    PRICING = "pricing", _("价格欺诈")
    FOOD_SAFETY = "food_safety", _("食品安全")
    FINANCE = "finance", _("非法集资、金融诈骗")
    OTHER = "other", _("其他")


class Case(models.Model):
    tracking_number = models.CharField(_("受理编号"), max_length=20, unique=True)
    # Only a hash of the query code is kept (django.contrib.auth.hashers).
    query_code_hash = models.CharField(_("查询码（散列）"), max_length=200)
    # The token of the form that created the case: a double submit finds this case.
    form_token = models.CharField(_("表单令牌"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.SUBMITTED)

    subject = models.ForeignKey(
        "records.Subject",
        verbose_name=_("被投诉举报主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_cases",
    )
    subject_name = models.CharField(_("被投诉举报主体名称"), max_length=200)
    subject_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=100)
    facts = models.TextField(_("事实描述"))
    demand = models.TextField(_("诉求"), blank=True)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)

    # The complainant: visible only to staff handling the case (complaints.permissions).
    anonymous = models.BooleanField(_("匿名"), default=False)
    complainant_name = models.CharField(_("姓名或单位名称"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    complainant_email = models.EmailField(_("电子邮箱"), blank=True)
    complainant_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    submitted_ip = models.GenericIPAddressField(_("提交IP"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    accept_due = models.DateField(_("受理期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    handle_due = models.DateField(_("办结期限"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    reply = models.TextField(_("答复"), blank=True)
    satisfied = models.BooleanField(_("是否满意"), null=True, blank=True)
    evaluation = models.TextField(_("评价意见"), blank=True)
    evaluated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # 典型案例: published by staff with the complainant removed; only these texts are public.
    is_typical = models.BooleanField(_("典型案例"), default=False)
    typical_title = models.CharField(_("案例标题"), max_length=100, blank=True)
    typical_summary = models.TextField(_("案情摘要"), blank=True)
    typical_outcome = models.TextField(_("处理结果"), blank=True)
    typical_published_at = models.DateTimeField(_("案例发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报案件")
        verbose_name_plural = _("投诉举报案件")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "accept_due"], name="case_state_accept_due"),
            models.Index(fields=["state", "handle_due"], name="case_state_handle_due"),
            models.Index(fields=["is_typical", "-typical_published_at"], name="case_typical"),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    @property
    def current_due(self):
        """The deadline running now: acceptance, or the department's conclusion."""
        from complaints.states import AWAITING_ACCEPTANCE, BEING_HANDLED

        if self.state in AWAITING_ACCEPTANCE:
            return self.accept_due
        if self.state in BEING_HANDLED:
            return self.handle_due
        return None

    @property
    def is_overdue(self) -> bool:
        from complaints.deadlines import case_is_overdue

        return case_is_overdue(self)


class Assignment(models.Model):
    """The case forwarded to one department (转办)."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "records.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("办理状态"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    forwarded_at = models.DateTimeField(_("转办时间"), default=timezone.now)
    due = models.DateField(_("办结期限"))
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["forwarded_at", "pk"]
        indexes = [models.Index(fields=["department", "status"], name="assignment_dept_status")]

    def __str__(self):
        return f"{self.case.tracking_number} → {self.department}"


class Event(models.Model):
    """One change of a case: who, when, from, to, the note, and whether the complainant sees it."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the public timeline shows as "who": 投诉举报人, 信用办, or the department's name.
    actor_label = models.CharField(_("操作方"), max_length=100)
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("投诉举报人可见"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case.tracking_number} {self.action}"


class Attachment(models.Model):
    """Evidence. Stored under MEDIA_ROOT with a random name; served to staff only."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="complaints/%Y/%m/", max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
