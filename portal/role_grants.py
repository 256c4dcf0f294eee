"""Granting permissions to staff roles (auth Groups) from data migrations.

The roles are named in records.staff; this helper sits below every app so that the migrations of
the apps under records (outbox, workcalendar) may use it too.
"""


def grant_role_permissions(apps, grants: dict[str, list[tuple[str, str]]], *, revoke: bool = False) -> None:
    """For data migrations: add (or with `revoke`, remove) `(app_label, codename)` permissions to
    the named roles. Permissions are normally created after all migrations, so create them first."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in grants.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = []
        for app_label, codename in wanted:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                raise RuntimeError(f"permission {app_label}.{codename} does not exist")
            found.append(perm)
        if revoke:
            group.permissions.remove(*found)
        else:
            group.permissions.add(*found)
