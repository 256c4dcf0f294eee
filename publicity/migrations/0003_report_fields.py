"""The 专项信用报告 field catalogue the credit office starts from (发改财金〔2025〕565号 lists
these fields); staff change it in the admin (信用公示 › 专项信用报告领域). The credit office
roles keep the catalogue; they and the auditors read the query log (信用查询记录)."""

from django.db import migrations

# code, name, department 行业领域 values that belong to it
FIELDS = [
    ("market", "市场监管", "市场监管"),
    ("tax", "税务", "税务"),
    ("hrss", "人力资源社会保障", "人力资源社会保障"),
    ("ecology", "生态环境", "生态环境"),
    ("housing", "住房城乡建设", "住房城乡建设"),
    ("transport", "交通运输", "交通运输"),
    ("emergency", "应急管理", "应急管理、安全生产"),
    ("fire", "消防", "消防、消防救援"),
    ("health", "卫生健康", "卫生健康"),
]
KINDS = ["penalty", "enforcement", "list_entry"]


def load(apps, schema_editor):
    ReportField = apps.get_model("publicity", "ReportField")
    for order, (code, name, domains) in enumerate(FIELDS, start=1):
        ReportField.objects.get_or_create(
            code=code,
            defaults={"name": name, "department_fields": domains, "record_kinds": KINDS, "sort_order": order * 10},
        )


ROLE_PERMISSIONS = {
    "信用办管理员": ["view_certificate", "view_reportfield", "add_reportfield", "change_reportfield"],
    "信用办审核员": ["view_certificate", "view_reportfield"],
    "审计员": ["view_certificate", "view_reportfield"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("publicity")
    original = getattr(config, "models_module", None)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="publicity", codename__in=codenames)
            )


def load_all(apps, schema_editor):
    load(apps, schema_editor)
    grant(apps, schema_editor)


def unload(apps, schema_editor):
    apps.get_model("publicity", "ReportField").objects.filter(code__in=[f[0] for f in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0002_credit_reports"), ("records", "0004_staff_roles")]

    operations = [migrations.RunPython(load_all, unload)]
