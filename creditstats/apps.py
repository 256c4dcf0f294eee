from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditstatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "creditstats"
    verbose_name = _("信用统计")
