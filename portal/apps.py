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
        connect_page_invalidation()


def create_cache_table(using="default", **kwargs):
    """Every `migrate` (make run, deployments, the test database) creates the database caches'
    tables when CACHES uses them: nothing extra to run."""
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


def public_models() -> list:
    """Models whose rows the cached public pages show (portal.httpcache): saving or deleting one
    through the ORM makes every kept page out of date. Bulk writes (imports, the expiry job,
    statistics, re-applied rules, demo data) call public_pages_changed() or send
    published_records_changed themselves."""
    from creditstats.models import MonthlySnapshot
    from portal.models import Article
    from records import models as m
    from records.kinds import RECORD_KINDS

    # Signals name the class saved: the proxies of AdministrativeAction (Reward, …) and their base.
    records = {
        model for kind in RECORD_KINDS.values() for model in (kind.model, kind.model._meta.concrete_model)
    }
    return [
        *sorted(records, key=lambda model: model._meta.label),
        m.Subject,
        m.Region,
        m.Department,
        m.ListType,
        m.Measure,
        m.MeasureCase,
        m.RatingAgency,
        m.SeverityRule,
        m.PublicationRule,
        m.PublicationPeriod,
        m.Objection,  # the 异议处理中 mark on records
        Article,
        MonthlySnapshot,
    ]


def _row_changed(sender, using=None, **kwargs):
    from portal.httpcache import public_pages_changed

    public_pages_changed(using)


def _links_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _row_changed(sender, using)


def _published_records_changed(sender, **kwargs):
    from portal.httpcache import public_pages_changed

    public_pages_changed()


def connect_page_invalidation():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from records.models import Measure
    from records.signals import published_records_changed

    published_records_changed.connect(_published_records_changed, dispatch_uid="portal.pages")
    # By sender: a receiver for every model would cost every bulk delete its fast path.
    for model in public_models():
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"portal.pages.save.{model._meta.label}")
        post_delete.connect(
            _row_changed, sender=model, dispatch_uid=f"portal.pages.delete.{model._meta.label}"
        )
    m2m_changed.connect(_links_changed, sender=Measure.list_types.through, dispatch_uid="portal.pages.m2m")
