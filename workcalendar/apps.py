from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("节假日安排")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workcalendar import checks, signals  # noqa: F401
