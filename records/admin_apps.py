from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class StaffAdminConfig(AdminConfig):
    """The admin with the hardened staff login (records.admin_site.StaffAdminSite)."""

    default_site = "records.admin_site.StaffAdminSite"


# Third-party apps under Chinese names (their own are "Axes", "Otp_Totp", ...). The names of
# their models and fields are translated in locale/zh_Hans/LC_MESSAGES/django.po.
class AxesConfig(AxesAppConfig):
    verbose_name = _("登录锁定")


class OtpConfig(AppConfig):
    name = "django_otp"
    verbose_name = _("两步验证")


class TotpConfig(TotpAppConfig):
    verbose_name = _("两步验证设备")

    def ready(self):
        super().ready()
        _unregister("django_otp.plugins.otp_totp.models", "TOTPDevice")


class TasksDbConfig(TasksAppConfig):
    verbose_name = _("后台任务")

    def ready(self):
        super().ready()
        _unregister("django_tasks_db.models", "DBTaskResult")


def _unregister(module: str, name: str) -> None:
    """Hide a third-party admin that staff have no use for and that cannot be put in Chinese
    (its strings are not marked for translation): task results (the worker's own bookkeeping)
    and authenticators (each user turns two-factor on and off on the 两步验证 page; an account
    admin resets a lost one from the user list). Autodiscovery registers the admins in the
    admin app's ready(), which runs before this app's."""
    from importlib import import_module

    from django.contrib import admin

    model = getattr(import_module(module), name)
    if admin.site.is_registered(model):
        admin.site.unregister(model)
