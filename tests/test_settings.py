"""Settings come from the environment; production refuses to start without a secret."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import SynchronousOnlyOperation
from django.utils.asyncio import async_unsafe

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests only; a deployment never has it.
    unset = ("SECRET_KEY", "DEBUG", "TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_refuses_without_secret_key_when_debug_off():
    result = _manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _ca_signed_key(directory):
    """A signing key certified by a (test) CA, as a deployment has: key, certificate, CA chain."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    def name(cn):
        return x509.Name(
            [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        )

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))

    def certificate(subject, public_key, ca):
        return (
            x509.CertificateBuilder()
            .subject_name(name(subject))
            .issuer_name(name("测试根证书"))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256())
        )

    pem = serialization.Encoding.PEM
    paths = {n: directory / f"{n}.pem" for n in ("key", "cert", "ca")}
    paths["key"].write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    paths["cert"].write_bytes(certificate("信用陕西 签章", key.public_key(), False).public_bytes(pem))
    paths["ca"].write_bytes(certificate("测试根证书", ca_key.public_key(), True).public_bytes(pem))
    return paths


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-value-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "credit.example.gov.cn",
}


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    paths = _ca_signed_key(tmp_path)  # a deployment configures a key its CA certified
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            **PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "CERTIFICATE_SIGNING_KEY": str(paths["key"]),
            "CERTIFICATE_SIGNING_CERT": str(paths["cert"]),
            "CERTIFICATE_SIGNING_CHAIN": str(paths["ca"]),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_about_the_self_signed_demo_key(tmp_path):
    from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME, make_demo_key

    make_demo_key(tmp_path)
    result = _manage(
        "check",
        "--deploy",
        env={
            **PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "CERTIFICATE_SIGNING_KEY": str(tmp_path / DEMO_KEY_NAME),
            "CERTIFICATE_SIGNING_CERT": str(tmp_path / DEMO_CERT_NAME),
        },
    )
    assert "portal.W006" in result.stdout + result.stderr


def test_bad_boolean_is_refused_naming_the_variable():
    result = _manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_a_test_without_the_browser_runs_with_djangos_async_guard():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set only while a browser test module has Chromium open
    # (tests/browser.py): anywhere else, the ORM called from inside an event loop is refused.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ

    @async_unsafe
    def query():
        return "ran"

    async def in_a_loop():
        return query()

    assert query() == "ran"
    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(in_a_loop())


_SHOW_DATABASES_AND_MEDIA = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS, "
    "'middleware': s.MIDDLEWARE, 'media': s.STORAGES['default']}, default=str))"
)


def test_replica_pool_and_object_storage_come_from_the_environment():
    import json

    result = _manage(
        "shell",
        "-c",
        _SHOW_DATABASES_AND_MEDIA,
        env={
            "DEBUG": "1",
            "DATABASE_URL": "postgres://credit@db-primary:5432/credit",
            "DATABASE_REPLICA_URL": "postgres://credit@db-replica:5432/credit",
            "DATABASE_POOL_MAX_SIZE": "8",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "credit-media",
            "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
            "AWS_S3_ADDRESSING_STYLE": "path",
        },
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    primary, replica = shown["databases"]["default"], shown["databases"]["replica"]
    assert (primary["HOST"], replica["HOST"]) == ("db-primary", "db-replica")
    for database in (primary, replica):
        # Pooled connections are never kept past their request (Django refuses CONN_MAX_AGE).
        assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}
        assert database["CONN_MAX_AGE"] == 0
    assert replica["TEST"]["MIRROR"] == "default"
    assert shown["routers"] == ["portal.replica.ReplicaRouter"]
    middleware = shown["middleware"]
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "portal.replica.ReplicaMiddleware"
    media = shown["media"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "credit-media"
    assert media["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert media["OPTIONS"]["addressing_style"] == "path"
    assert media["OPTIONS"]["default_acl"] is None and media["OPTIONS"]["file_overwrite"] is False


def test_a_pool_without_postgresql_and_s3_without_a_bucket_are_refused():
    pool = _manage("check", env={"DEBUG": "1", "DATABASE_POOL_MAX_SIZE": "4"})
    assert pool.returncode != 0 and "DATABASE_POOL_MAX_SIZE needs PostgreSQL" in pool.stderr
    s3 = _manage("check", env={"DEBUG": "1", "MEDIA_STORAGE": "s3"})
    assert s3.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in s3.stderr
