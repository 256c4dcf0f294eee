"""The staff admin's change list of every record kind reads the newest rows through an index on
(decision_date DESC, id DESC) instead of sorting the table: 行政处罚 had one (penalty_date_id,
migration 0018), the others now get theirs from CreditRecord.Meta (<kind>_date_id). On the
partitioned tables (records.partitions) CREATE INDEX on the parent builds it on every partition."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0027_partition_record_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='abnormaloperation',
            index=models.Index(fields=['-decision_date', '-id'], name='abnormaloperation_date_id'),
        ),
        migrations.AddIndex(
            model_name='administrativeaction',
            index=models.Index(fields=['-decision_date', '-id'], name='administrativeaction_date_id'),
        ),
        migrations.AddIndex(
            model_name='commitment',
            index=models.Index(fields=['-decision_date', '-id'], name='commitment_date_id'),
        ),
        migrations.AddIndex(
            model_name='inspection',
            index=models.Index(fields=['-decision_date', '-id'], name='inspection_date_id'),
        ),
        migrations.AddIndex(
            model_name='listentry',
            index=models.Index(fields=['-decision_date', '-id'], name='listentry_date_id'),
        ),
        migrations.AddIndex(
            model_name='permit',
            index=models.Index(fields=['-decision_date', '-id'], name='permit_date_id'),
        ),
        migrations.AddIndex(
            model_name='rating',
            index=models.Index(fields=['-decision_date', '-id'], name='rating_date_id'),
        ),
    ]
