from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.codes import validate_uscc

# GB/T 4754-2017 国民经济行业分类: the section letter (门类 A–T), then the division (大类, 2
# digits), group (中类, 3) or class (小类, 4), e.g. C, C13, C131, C1310. A prefix is a coarser
# class, which is how the registration feed filters by industry.
INDUSTRY_CODE_PATTERN = r"^[A-T](\d{2}|\d{3}|\d{4})?$"
validate_industry_code = RegexValidator(
    INDUSTRY_CODE_PATTERN, _("国民经济行业分类代码应为门类字母加2至4位数字，如 C、C13、C1310")
)


class Subject(models.Model):
    """A credit subject (信用主体): an organisation, an individual business or a person."""

    class Kind(models.TextChoices):
        LEGAL_ENTITY = "legal", _("法人及非法人组织")
        INDIVIDUAL_BUSINESS = "individual", _("个体工商户")
        PERSON = "person", _("自然人")

    class Status(models.TextChoices):
        ACTIVE = "active", _("存续")
        CANCELLED = "cancelled", _("注销")
        REVOKED = "revoked", _("吊销")

    kind = models.CharField(_("主体类别"), max_length=12, choices=Kind.choices, default=Kind.LEGAL_ENTITY)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_uscc]
    )
    reg_no = models.CharField(_("工商注册号"), max_length=30, blank=True, db_index=True)
    # A person's full ID number is kept for matching only; public output goes through
    # publicity.masking and never shows it in full.
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True, db_index=True)
    legal_rep = models.CharField(_("法定代表人"), max_length=100, blank=True)
    reg_authority = models.CharField(_("登记机关"), max_length=100, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(_("登记状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    region = models.ForeignKey(
        "records.Region",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subjects",
    )
    address = models.CharField(_("住所"), max_length=255, blank=True)
    industry = models.CharField(_("行业"), max_length=100, blank=True)
    industry_code = models.CharField(
        _("国民经济行业分类代码"),
        max_length=5,
        blank=True,
        validators=[validate_industry_code],
        help_text=_("按《国民经济行业分类》填写门类字母加大类、中类或小类代码，如 E47、C1310"),
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Where one-time codes go when the subject itself asks for its 专项信用报告; never shown in full.
    contact_email = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("主体申请专项信用报告时，验证码发送至此邮箱")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("信用主体")
        verbose_name_plural = _("信用主体")
        indexes = [
            models.Index(fields=["kind", "region"], name="subject_kind_region"),
            # The changes feed: (updated_at, id) > (…) is one index range scan even when a
            # million subjects share one updated_at (as after seeding).
            models.Index(fields=["updated_at", "id"], name="subject_updated_id"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    @property
    def representative_label(self) -> str:
        """What the person named in legal_rep is called: a 个体工商户 has a 经营者, not a 法定代表人."""
        return str(_("经营者") if self.kind == self.Kind.INDIVIDUAL_BUSINESS else _("法定代表人"))

    @property
    def public_code(self) -> str:
        return self.uscc or self.reg_no
