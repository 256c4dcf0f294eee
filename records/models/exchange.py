"""Department data exchange: API tokens, and the log of every ingested batch.

A token belongs to one department and is stored only as its SHA-256: the key itself is shown
once, when the credit office creates it. A push token may write only its own department's
records, and only the kinds it lists; a read token may call the credit-check API and the changes
feed.

Every batch that reaches the store (an API push, an uploaded file, a command-line load) is an
IngestBatch with who, when, the counts, the errors and the duration. An uploaded file is parsed
once into ImportRow staging rows, which the upload page then feeds through the same upsert in
steps (so the page can show progress, and any app server can take the next step).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "xy_"


def hash_token(raw: str) -> str:
    # The key carries 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    class Direction(models.TextChoices):
        PUSH = "push", _("推送（报送信用信息）")
        READ = "read", _("调用（信用核查、变更订阅）")

    name = models.CharField(_("用途说明"), max_length=100, help_text=_("如：执法办案系统、审批系统"))
    department = models.ForeignKey(
        "records.Department", verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    direction = models.CharField(_("方向"), max_length=4, choices=Direction.choices)
    kinds = models.JSONField(
        _("可报送的信息类别"),
        default=list,
        blank=True,
        help_text=_("推送令牌可报送的信息类别；留空表示全部类别"),
    )
    # A registered rating agency's own token: it may push only ratings, in the agency's own name
    # (records.ingest.checks.agency_problems); the department is the supervising credit office.
    rating_agency = models.ForeignKey(
        "records.RatingAgency",
        verbose_name=_("所属评价机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("信用评价机构报送评价结果用的令牌：所属部门选省信用办，只能报送信用评价"),
    )
    key_prefix = models.CharField(_("令牌前缀"), max_length=16, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.department} · {self.name}（{self.key_prefix}…）"

    @classmethod
    def issue(
        cls, *, department, direction, name, kinds=(), created_by=None, expires_at=None, rating_agency=None
    ):
        """Create a token; returns (token, raw key). The raw key is never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            department=department,
            direction=direction,
            name=name,
            kinds=["rating"] if rating_agency is not None else list(kinds),
            rating_agency=rating_agency,
            key_prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_token(raw),
            created_by=created_by,
            expires_at=expires_at,
        )
        return token, raw

    def set_key(self) -> str:
        """Give an unsaved token a fresh key (used by the admin's add form)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.key_prefix = raw[: len(TOKEN_PREFIX) + 6]
        self.key_hash = hash_token(raw)
        return raw

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def allows_kind(self, slug: str) -> bool:
        if self.rating_agency_id is not None:
            return self.direction == self.Direction.PUSH and slug == "rating"
        return self.direction == self.Direction.PUSH and (not self.kinds or slug in self.kinds)

    def revoke(self, user=None, reason: str = "") -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.revoke_reason = reason
            self.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])


class IngestBatch(models.Model):
    class Source(models.TextChoices):
        API = "api", _("接口推送")
        UPLOAD = "upload", _("文件上传")
        COMMAND = "command", _("命令行导入")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    department = models.ForeignKey(
        "records.Department", verbose_name=_("报送部门"), on_delete=models.PROTECT, related_name="batches"
    )
    kind = models.CharField(_("信息类别"), max_length=20)
    source = models.CharField(_("报送方式"), max_length=8, choices=Source.choices)
    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("接口令牌"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    # An uploaded file's columns as [[header as written, field code or null], …], for the error report.
    columns = models.JSONField(_("文件列"), default=list, blank=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=100, blank=True)
    request_hash = models.CharField(_("请求摘要"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒收"), default=0)
    late_count = models.PositiveIntegerField(_("逾期报送"), default=0)
    # The first MAX_STORED_ERRORS row errors: [{"row": n, "field": code, "column": header, "message": ...}].
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    # An API push sent with an Idempotency-Key keeps its reply, so a retry gets the same answer.
    response = models.JSONField(_("响应"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now, db_index=True)
    # Saved with every chunk: a "running" batch whose last save is old was interrupted.
    updated_at = models.DateTimeField(_("最近进展"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("处理耗时（毫秒）"), default=0)

    MAX_STORED_ERRORS = 1000

    class Meta:
        verbose_name = _("报送批次")
        verbose_name_plural = _("报送批次")
        ordering = ["-started_at", "-id"]
        constraints = [
            # A key is scoped to the token (so to its department) and the endpoint (the kind):
            # the same key sent to another push endpoint is another request.
            models.UniqueConstraint(
                fields=["token", "kind", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="ingestbatch_idempotency_key_kind",
            )
        ]
        indexes = [models.Index(fields=["department", "-started_at"], name="ingestbatch_dept_started")]
        permissions = [
            ("import_any_department", _("可为任意部门导入信用信息")),
            ("view_timeliness", _("查看报送及时性")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.department} {self.kind_label} {self.get_source_display()}"

    @property
    def kind_label(self) -> str:
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def accepted_count(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    def counts(self) -> dict:
        return {
            "received": self.processed_rows,
            "created": self.created_count,
            "updated": self.updated_count,
            "unchanged": self.unchanged_count,
            "rejected": self.rejected_count,
            "late": self.late_count,
        }


class ImportRow(models.Model):
    """One data row of an uploaded file, waiting to be ingested (or kept because it was rejected)."""

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="import_rows")
    line = models.PositiveIntegerField(_("行号"))
    values = models.JSONField(_("原始数据"))
    errors = models.JSONField(_("错误"), default=list, blank=True)
    rejected = models.BooleanField(_("拒收"), default=False)

    class Meta:
        verbose_name = _("待导入数据行")
        verbose_name_plural = _("待导入数据行")
        ordering = ["batch", "line"]
        indexes = [models.Index(fields=["batch", "line"], name="importrow_batch_line")]

    def __str__(self):
        return f"#{self.batch_id} 第{self.line}行"


class ExchangeExport(models.Model):
    """One incremental export to 信用中国 (the national platform) of one record kind.

    The exports of a kind form a chain: each starts where the one before ended, at the keyset
    cursor (updated_at, id) of the last record it carried and the last repair delta
    (RecordDelta) it listed, so "everything since the last export" has one meaning whoever runs
    it. The database keeps the chain straight: one export per predecessor, one first export
    per kind (two runs at once: the second is refused and tried again).
    """

    class Format(models.TextChoices):
        CSV = "csv", _("CSV（UTF-8）")
        XLSX = "xlsx", _("Excel（.xlsx）")

    kind = models.CharField(_("信息类别"), max_length=20)
    format = models.CharField(_("文件格式"), max_length=4, choices=Format.choices, default=Format.CSV)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一次导出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_export",
    )
    since = models.DateTimeField(_("起始（不含）"), null=True, blank=True)
    since_id = models.PositiveBigIntegerField(_("起始记录ID"), default=0)
    until = models.DateTimeField(_("截至"), null=True, blank=True)
    until_id = models.PositiveBigIntegerField(_("截至记录ID"), default=0)
    since_delta = models.PositiveBigIntegerField(_("起始修复同步序号"), default=0)
    until_delta = models.PositiveBigIntegerField(_("截至修复同步序号"), default=0)
    row_count = models.PositiveIntegerField(_("公示记录数"), default=0)
    withdrawal_count = models.PositiveIntegerField(_("撤销/修复记录数"), default=0)
    file = models.FileField(_("公示记录文件"), upload_to="exchange/%Y/%m/", max_length=200)
    checksum = models.CharField(_("文件校验值（SHA-256）"), max_length=64)
    withdrawals_file = models.FileField(
        _("撤销/修复文件"), upload_to="exchange/%Y/%m/", max_length=200, blank=True
    )
    withdrawals_checksum = models.CharField(_("撤销/修复文件校验值（SHA-256）"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导出时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("信用中国数据导出")
        verbose_name_plural = _("信用中国数据导出")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(previous__isnull=True), name="exchangeexport_one_first_per_kind"
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.kind_label} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind
