from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BatchcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "batchcheck"
    verbose_name = _("批量信用核查")
