"""Evidence files and stored PDFs in the media storage: the file system (MEDIA_ROOT), or an
S3-compatible object store (MEDIA_STORAGE=s3, django-storages). Each test runs on both; the S3
one is moto's server mode, a real HTTP server on a free local port that the storage talks to
with boto3 exactly as it would to MinIO or a cloud's object storage."""

import io
import itertools
import socket
import zipfile
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from batchcheck.models import BatchCheck
from complaints.models import Attachment, Case
from portal.files import delete_stored_files
from publicity.certificates.services import certificate_check_upload
from tests import factories as f
from tests.batchcheck.conftest import signing_dir, signing_key  # noqa: F401
from tests.complaints import factories as cf
from tests.complaints.helpers import post_form

pytestmark = pytest.mark.django_db

KEYS = {"access_key": "media-test-key", "secret_key": "media-test-secret"}
_buckets = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class Media:
    backend: str
    root: Path
    bucket: str = ""
    client: object = None

    def stored(self) -> dict[str, bytes]:
        """Every stored file by name, read straight from where the backend keeps it."""
        if self.backend == "s3":
            listing = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
            return {
                o["Key"]: self.client.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read()
                for o in listing
            }
        files = [p for p in self.root.rglob("*") if p.is_file()] if self.root.exists() else []
        return {str(p.relative_to(self.root)): p.read_bytes() for p in files}

    def on_disk(self) -> list[Path]:
        return [p for p in self.root.rglob("*") if p.is_file()] if self.root.exists() else []


@pytest.fixture(params=["filesystem", "s3"])
def media(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMPLAINT_POW_DIFFICULTY = 6
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if request.param == "filesystem":
        return Media("filesystem", settings.MEDIA_ROOT)
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"credit-media-{next(_buckets)}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=bucket)
    # What config/settings.py builds from MEDIA_STORAGE=s3 and the AWS_* variables.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                **KEYS,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return Media("s3", settings.MEDIA_ROOT, bucket, client)


def test_complaint_evidence_is_stored_read_back_by_staff_and_removed_after_retention(client, media, people):
    response, _ = post_form(client, files=[cf.upload("合同.pdf", cf.PDF, "application/pdf")])
    assert response.status_code == 302
    case = Case.objects.get()
    attachment = case.attachments.get()
    stored = media.stored()
    assert stored == {attachment.file.name: cf.PDF}  # under its random name, nothing else
    assert attachment.file.name.startswith("complaints/") and "合同" not in attachment.file.name
    if media.backend == "s3":
        assert media.on_disk() == []  # no copy on the app server's disk

    # The complaint handler opens the evidence through the workspace.
    handler = people.client(people.complaint_handler)
    url = reverse("complaints:staff_attachment", args=[case.pk, attachment.pk])
    download = handler.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == cf.PDF

    # At the end of its retention period the file leaves the storage; the row stays, blank.
    assert delete_stored_files(Attachment.objects.filter(pk=attachment.pk)) == 1
    assert media.stored() == {}
    assert handler.get(url).status_code == 404


@pytest.mark.usefixtures("signing_key")
def test_batch_check_certificates_are_stored_and_served_as_issued(media, people):
    department = people.market
    bidders = [f.subject(name=f"陕西存储测试{i}建设有限公司") for i in (1, 2)]
    for subject in bidders:
        f.penalty(subject, department)
    operator = people.client(people.operator)
    response = operator.post(
        reverse("batchcheck:home"),
        {"purpose": "bidding", "project": "存储测试项目", "bidders": "\n".join(s.uscc for s in bidders)},
    )
    assert response.status_code == 302
    check = BatchCheck.objects.get()
    assert check.status == "done"
    rows = list(check.rows.filter(certificate__isnull=False).order_by("position"))
    assert len(rows) == 2

    # Each signed PDF is a file in the media storage, byte for byte what was issued.
    stored = media.stored()
    assert set(stored) == {row.pdf.name for row in rows}
    assert all(name.startswith("batchcheck/") and name.endswith(".pdf") for name in stored)
    for row in rows:
        assert certificate_check_upload(stored[row.pdf.name], expected=row.certificate).genuine
    if media.backend == "s3":
        assert media.on_disk() == []

    # The ZIP download serves them from there.
    archive = operator.get(reverse("batchcheck:zip", args=[check.pk]))
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        served = sorted(z.read(name) for name in z.namelist())
    assert served == sorted(stored.values())
