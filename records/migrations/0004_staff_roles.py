"""The five staff roles as auth Groups with their permissions.

Department scoping is not a permission: the admin limits everyone except the credit office
roles and auditors to their own department (records.staff). Nobody but a superuser may delete
records: withdrawing a publication keeps the record.
"""

from django.db import migrations

RECORD_MODELS = [
    "permit",
    "penalty",
    "administrativeaction",
    "enforcement",
    "confirmation",
    "reward",
    "payment",
    "filing",
    "qualification",
    "inspection",
    "abnormaloperation",
    "listentry",
    "commitment",
    "rating",
]
ALL_RECORDS_APP_MODELS = [
    *RECORD_MODELS,
    "region",
    "department",
    "subject",
    "listtype",
    "measure",
    "measurecase",
    "staffprofile",
    "auditentry",
    "creditrepair",
    "repairevent",
    "repairattachment",
    "objection",
    "objectionevent",
    "objectionattachment",
]


def perms(actions, models, app="records"):
    return [(app, f"{action}_{model}") for model in models for action in actions]


ROLES = {
    "信用办管理员": [
        *perms(["view", "add", "change"], RECORD_MODELS),
        *perms(["view", "add", "change"], ["subject", "department", "listtype", "measure", "staffprofile"]),
        *perms(["view"], ["region", "auditentry", "repairevent", "repairattachment"]),
        *perms(["view"], ["objectionevent", "objectionattachment"]),
        *perms(["view", "change"], ["creditrepair", "objection", "measurecase"]),
        ("records", "view_all_departments"),
        ("records", "review_record"),
        ("records", "withdraw_record"),
        *perms(["view", "add", "change"], ["user"], app="auth"),
        *perms(["view"], ["group"], app="auth"),
        *perms(["view", "add", "change"], ["article"], app="portal"),
    ],
    "信用办审核员": [
        *perms(["view"], RECORD_MODELS),
        *perms(["view"], ["subject", "department", "region", "listtype", "measure", "measurecase"]),
        *perms(["view"], ["repairevent", "repairattachment", "objectionevent", "objectionattachment"]),
        *perms(["view", "change"], ["creditrepair", "objection"]),
        ("records", "view_all_departments"),
        ("records", "review_record"),
        ("records", "withdraw_record"),
    ],
    "部门填报员": [
        *perms(["view", "add", "change"], RECORD_MODELS),
        *perms(["view", "add"], ["subject"]),
        *perms(["view"], ["region", "listtype", "measure"]),
        *perms(["view", "add", "change"], ["measurecase"]),
        *perms(["view"], ["repairevent", "repairattachment", "objectionevent", "objectionattachment"]),
        *perms(["view", "change"], ["creditrepair", "objection"]),
    ],
    # The complaints app (complaints/) adds its own permissions to this group.
    "投诉处理员": [
        *perms(["view"], ["subject"]),
    ],
    "审计员": [
        *perms(["view"], ALL_RECORDS_APP_MODELS),
        ("records", "view_all_departments"),
        *perms(["view"], ["user", "group"], app="auth"),
        *perms(["view"], ["article"], app="portal"),
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now to assign them.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = []
        for app_label, codename in wanted:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                raise RuntimeError(f"permission {app_label}.{codename} does not exist")
            found.append(perm)
        group.permissions.add(*found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0003_staff_workflow_audit_appeals"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
