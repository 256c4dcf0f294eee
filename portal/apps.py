"""The portal's app, the admin with the staff login, and third-party apps under Chinese names."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class PortalConfig(AppConfig):
    # This module holds several AppConfigs (below); this one is the portal's.
    default = True
    name = "portal"
    verbose_name = _("门户")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import checks  # noqa: F401  (registers system checks)

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="portal_cache_table")


def create_cache_table(using="default", **kwargs):
    """Every `migrate` (make run, deployments, the test database) creates the database cache's
    table when CACHES uses one: nothing extra to run."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class StaffAdminConfig(admin_apps.AdminConfig):
    """The admin with the hardened staff login (portal.staff_site.StaffAdminSite)."""

    default = False  # named in INSTALLED_APPS; PortalConfig is this module's default

    default_site = "portal.staff_site.StaffAdminSite"


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
