from django.db import migrations

PROVINCE = ("610000", "陕西省")
# GB/T 2260. 杨凌示范区 (杨陵区) and 韩城市 report separately beside the ten cities.
CITIES = [
    ("610100", "西安市"), ("610200", "铜川市"), ("610300", "宝鸡市"), ("610400", "咸阳市"),
    ("610500", "渭南市"), ("610600", "延安市"), ("610700", "汉中市"), ("610800", "榆林市"),
    ("610900", "安康市"), ("611000", "商洛市"), ("610403", "杨凌示范区"), ("610581", "韩城市"),
]


def load(apps, schema_editor):
    Region = apps.get_model("records", "Region")
    province, _ = Region.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": "province", "sort_order": 0}
    )
    for n, (code, name) in enumerate(CITIES, start=1):
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": "city", "parent": province, "sort_order": n}
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
