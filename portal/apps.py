from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
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
