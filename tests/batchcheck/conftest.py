"""Batch checks issue real signed certificates: sign with the demo key of the certificate tests."""

from tests.publicity.certificates.conftest import signing_dir, signing_key  # noqa: F401
