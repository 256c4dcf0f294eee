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
