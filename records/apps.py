from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("信用信息库")

    def ready(self):
        from records import audit, checks  # noqa: F401  (checks registers the system checks)

        audit.connect()
