from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    """A news item or a policy document shown in 信用动态 / 政策法规."""

    class Kind(models.TextChoices):
        NEWS = "news", _("信用动态")
        POLICY = "policy", _("政策法规")

    kind = models.CharField(_("栏目"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    body = models.TextField(_("正文"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    is_published = models.BooleanField(_("已发布"), default=True)

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:article", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.splitlines() if p.strip()]


class RateCounter(models.Model):
    """One rate-limit counter (portal/ratelimit.py) when no Redis is configured: a row per scope
    and client, counted with single UPDATE statements so parallel requests and every app server
    share one exact count."""

    bucket = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    # Unix time (seconds) at which the window ends and the count starts again.
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("访问频率计数")
        verbose_name_plural = _("访问频率计数")

    def __str__(self):
        return f"{self.bucket}: {self.count}"
