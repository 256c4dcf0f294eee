"""Reference data that comes from data migrations (regions, staff roles, report fields, the
publication rule tables, the holiday schedule).

A transactional (browser) test ends with a flush that empties every table, these included, and
serialized_rollback cannot restore them once Playwright's event loop runs. This loads them again
the way the migrations do.
"""

import importlib

# Data migrations that grant the roles their permissions, in migration order.
ROLE_GRANTS = [
    "publicity.migrations.0003_report_fields",
    "records.migrations.0009_review_revisions_delegations",
    "records.migrations.0012_role_permissions",
    "records.migrations.0013_account_applications",
    "records.migrations.0015_seed_publication_rules",
    "records.migrations.0016_repair_propagation",
    "records.migrations.0017_list_procedure",
    "creditstats.migrations.0002_roles_view_statistics",
    "workcalendar.migrations.0003_role_permissions",
    "outbox.migrations.0002_role_permissions",
    "batchcheck.migrations.0002_roles_batch_check",
]


def ensure_reference_data() -> None:
    from django.apps import apps
    from django.contrib.auth.models import Group

    from records import staff
    from records.models import PublicationRule, Region

    if not Region.objects.exists():
        importlib.import_module("records.migrations.0002_regions").load(apps, None)
    if not PublicationRule.objects.exists():
        importlib.import_module("records.migrations.0015_seed_publication_rules").seed(apps, None)
    if Group.objects.filter(name__in=staff.ROLES).count() < len(staff.ROLES):
        importlib.import_module("records.migrations.0004_staff_roles").create_roles(apps, None)
        for module in ROLE_GRANTS:
            importlib.import_module(module).grant(apps, None)
    from publicity.models import ReportField

    if not ReportField.objects.exists():
        importlib.import_module("publicity.migrations.0003_report_fields").load(apps, None)
    from workcalendar.models import HolidayYear

    if not HolidayYear.objects.exists():
        importlib.import_module("workcalendar.migrations.0002_seed_from_chinesecalendar").seed(apps, None)
