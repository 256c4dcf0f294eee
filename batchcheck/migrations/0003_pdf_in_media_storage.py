"""The signed PDFs of batch checks move from a database column to the media storage (the file
system, or S3 with MEDIA_STORAGE=s3): a 200-bidder check held about 50 MB in the table."""

import secrets

from django.core.files.base import ContentFile
from django.db import migrations, models


def blobs_to_files(apps, schema_editor):
    Row = apps.get_model("batchcheck", "BatchCheckRow")
    for row in Row.objects.exclude(pdf=None).only("pk", "pdf", "pdf_file").iterator(chunk_size=50):
        row.pdf_file.save(f"{secrets.token_hex(16)}.pdf", ContentFile(bytes(row.pdf)), save=False)
        Row.objects.filter(pk=row.pk).update(pdf_file=row.pdf_file.name)


def files_to_blobs(apps, schema_editor):
    Row = apps.get_model("batchcheck", "BatchCheckRow")
    for row in Row.objects.exclude(pdf_file="").only("pk", "pdf_file").iterator(chunk_size=50):
        with row.pdf_file.open("rb") as stored:
            Row.objects.filter(pk=row.pk).update(pdf=stored.read())


class Migration(migrations.Migration):
    dependencies = [("batchcheck", "0002_roles_batch_check")]

    operations = [
        migrations.AddField(
            model_name="batchcheckrow",
            name="pdf_file",
            field=models.FileField(
                blank=True, max_length=200, upload_to="batchcheck/%Y/%m/", verbose_name="查询结果文件"
            ),
        ),
        migrations.RunPython(blobs_to_files, files_to_blobs),
        migrations.RemoveField(model_name="batchcheckrow", name="pdf"),
        migrations.RenameField(model_name="batchcheckrow", old_name="pdf_file", new_name="pdf"),
    ]
