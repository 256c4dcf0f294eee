"""Certificate tests sign with a demo key generated once per session, as the set-up does."""

import pytest
from django.core.management import call_command

from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signing")
    call_command("make_demo_signing_key", "--dir", str(directory), verbosity=0)
    return directory


@pytest.fixture(autouse=True)
def signing_key(settings, signing_dir):
    settings.CERTIFICATE_SIGNING_KEY = str(signing_dir / DEMO_KEY_NAME)
    settings.CERTIFICATE_SIGNING_CERT = str(signing_dir / DEMO_CERT_NAME)
    settings.SITE_URL = "https://credit.example.gov.cn"
    return signing_dir
