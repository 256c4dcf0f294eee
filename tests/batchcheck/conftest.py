"""Batch checks issue real signed certificates: sign with the demo key of the certificate tests;
their PDFs go to a throw-away media directory."""

import pytest

from tests.publicity.certificates.conftest import signing_dir, signing_key  # noqa: F401


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
