"""PAdES signatures on certificates (pyHanko), and the self-signed demo key.

The deployment configures the key and certificate by path (settings.CERTIFICATE_SIGNING_*);
`manage.py make_demo_signing_key` writes a self-signed pair under DATA_DIR for the demo
database. Verification trusts the signing certificate, its chain and any earlier signing
certificates listed in settings.CERTIFICATE_TRUSTED_CERTS (so old certificates keep verifying
after a key rotation).
"""

import binascii
import datetime
import enum
import functools
import hashlib
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FIELD_NAME = "XinyongCertificateSignature"
DEMO_KEY_NAME = "certificate-signing-key.pem"
DEMO_CERT_NAME = "certificate-signing-cert.pem"


class SigningNotConfigured(Exception):
    """The signing key or certificate file is missing or unreadable."""


def demo_key_dir() -> Path:
    return Path(settings.DATA_DIR) / "signing"


def make_demo_key(directory: Path, *, force: bool = False, common_name: str | None = None) -> bool:
    """Write a self-signed RSA key and certificate into `directory`. Returns False if both exist."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key_path, cert_path = directory / DEMO_KEY_NAME, directory / DEMO_CERT_NAME
    if key_path.exists() and cert_path.exists() and not force:
        return False
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "陕西省"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{settings.SITE_NAME}（演示）"),
            x509.NameAttribute(
                NameOID.COMMON_NAME, common_name or f"{settings.SITE_NAME} 信用查询结果签章（演示密钥）"
            ),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # The private key is readable by its owner only.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key_bytes)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


def _paths() -> tuple[Path, Path, tuple[Path, ...]]:
    return (
        Path(settings.CERTIFICATE_SIGNING_KEY),
        Path(settings.CERTIFICATE_SIGNING_CERT),
        tuple(Path(p) for p in settings.CERTIFICATE_SIGNING_CHAIN),
    )


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


@functools.lru_cache(maxsize=4)
def _load_signer(key_path: Path, cert_path: Path, chain: tuple[Path, ...], passphrase, _stamps):
    from pyhanko.sign import signers

    if not key_path.exists() or not cert_path.exists():
        raise SigningNotConfigured(f"signing key or certificate missing: {key_path}, {cert_path}")
    signer = signers.SimpleSigner.load(
        str(key_path),
        str(cert_path),
        ca_chain_files=[str(p) for p in chain] or None,
        key_passphrase=passphrase.encode() if passphrase else None,
    )
    if signer is None:
        raise SigningNotConfigured(f"cannot load signing key {key_path} or certificate {cert_path}")
    return signer


def get_signer():
    key_path, cert_path, chain = _paths()
    stamps = tuple(_stamp(p) for p in (key_path, cert_path, *chain))
    return _load_signer(key_path, cert_path, chain, settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE, stamps)


def signing_configured() -> bool:
    try:
        get_signer()
    except SigningNotConfigured:
        return False
    return True


def describe_cert(cert) -> str:
    """Subject common name and SHA-256 fingerprint of an asn1crypto certificate, for the log."""
    fingerprint = hashlib.sha256(cert.dump()).hexdigest().upper()
    return f"{cert.subject.human_friendly}; SHA-256 {fingerprint}"


def signer_description() -> str:
    return describe_cert(get_signer().signing_cert)


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """A certification signature (no changes allowed afterwards) over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=get_signer())
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _trust_roots(paths: tuple[Path, ...], _stamps):
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for path in paths:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as exc:
            logger.warning("cannot load trusted certificate %s: %s", path, exc)
    return tuple(roots)


def trust_roots():
    _, cert_path, chain = _paths()
    paths = (cert_path, *chain, *(Path(p) for p in settings.CERTIFICATE_TRUSTED_CERTS))
    return _trust_roots(paths, tuple(_stamp(p) for p in paths))


class SignatureState(enum.StrEnum):
    VALID = "valid"
    UNTRUSTED = "untrusted"
    MODIFIED = "modified"
    INVALID = "invalid"
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class SignatureCheck:
    state: SignatureState
    signer: str = ""
    signed_at: datetime.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.state == SignatureState.VALID

    @property
    def message(self) -> str:
        return {
            SignatureState.VALID: _("数字签名有效：文件自签发后未被改动，签章证书可信。"),
            SignatureState.UNTRUSTED: _("数字签名完整，但签章证书不是本平台的证书。"),
            SignatureState.MODIFIED: _("文件在签名后被追加修改，已不是签发时的原件。"),
            SignatureState.INVALID: _("数字签名校验失败：文件内容已被改动。"),
            SignatureState.UNSIGNED: _("文件没有数字签名，不是本平台签发的查询结果。"),
            SignatureState.UNREADABLE: _("文件已损坏或被改动，无法读取其数字签名。"),
        }[self.state]


def _contents_untouched(data: bytes, embedded) -> bool:
    """The byte range excludes the signature's own hex string; check it byte for byte.

    PDF signatures leave the zero padding after the CMS blob (and the case of its hex digits)
    outside the signed bytes; our files have it in one canonical form, so any change there is
    a change to the file too.
    """
    from asn1crypto import cms

    start, gap_start, gap_end, _length = (int(x) for x in embedded.byte_range)
    raw = embedded.pkcs7_content
    der = cms.ContentInfo.load(raw).dump()
    expected = b"<" + binascii.hexlify(der + b"\0" * (len(raw) - len(der))).upper() + b">"
    return start == 0 and data[gap_start:gap_end] == expected


def check_signature(data: bytes) -> SignatureCheck:
    """Whether `data` carries an intact signature over the whole file, by a trusted certificate."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any parse failure of an uploaded file means "unreadable"
        return SignatureCheck(SignatureState.UNREADABLE)
    ours = [s for s in signatures if s.field_name == FIELD_NAME] or signatures
    if not ours:
        return SignatureCheck(SignatureState.UNSIGNED)
    embedded = ours[0]
    try:
        context = ValidationContext(trust_roots=list(trust_roots()), allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
        untouched = _contents_untouched(data, embedded)
    except Exception:  # a damaged signature dictionary or CMS blob
        return SignatureCheck(SignatureState.UNREADABLE)
    signer = describe_cert(status.signing_cert) if status.signing_cert is not None else ""
    signed_at = status.signer_reported_dt
    if not (status.intact and status.valid and untouched):
        return SignatureCheck(SignatureState.INVALID, signer, signed_at)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or len(signatures) > 1:
        return SignatureCheck(SignatureState.MODIFIED, signer, signed_at)
    if not status.trusted:
        return SignatureCheck(SignatureState.UNTRUSTED, signer, signed_at)
    return SignatureCheck(SignatureState.VALID, signer, signed_at)
