"""Every year chinesecalendar knows (2004 to the newest schedule it carries), so deadlines are
right from the first migrate. Later years: the admin (节假日安排) or `manage.py load_holidays`."""

from django.db import migrations


def seed(apps, schema_editor):
    from workcalendar import loading

    loading.load(apps.get_model("workcalendar", "HolidayYear"), apps.get_model("workcalendar", "HolidayDay"))


def unseed(apps, schema_editor):
    apps.get_model("workcalendar", "HolidayYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
