"""Writes for certificates: issue one (record first, then PDF), and check an uploaded file."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publicity.certificates.models import Certificate
from publicity.certificates.numbers import new_number
from publicity.certificates.render import render_pdf
from publicity.certificates.selectors import department_by_name
from publicity.certificates.signing import (
    SignatureCheck,
    check_signature,
    get_signer,
    sign_pdf,
    signer_description,
)
from publicity.certificates.snapshot import build_snapshot, subject_code


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: Certificate
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"信用信息查询结果-{self.certificate.serial}.pdf"


def certificate_issue(
    *,
    subject,
    purpose: str,
    purpose_detail: str = "",
    requester_org: str,
    requester_ip: str | None = None,
    user=None,
) -> IssuedCertificate:
    """Save the certificate with its snapshot, then render, sign and fingerprint the PDF.

    Raises SigningNotConfigured before saving anything when no signing key is set up.
    """
    get_signer()
    now = timezone.now()
    snapshot = build_snapshot(subject, timezone.localdate(now))
    _label, code = subject_code(subject)
    with transaction.atomic():
        certificate = Certificate.objects.create(
            number=new_number(),
            subject=subject,
            subject_name=subject.name,
            subject_code=code,
            purpose=purpose,
            purpose_detail=purpose_detail,
            requester_org=requester_org,
            department=department_by_name(requester_org),
            requested_by=user if user is not None and user.is_authenticated else None,
            requester_ip=requester_ip or None,
            issued_at=now,
            snapshot=snapshot,
        )
        # Sequential and readable; derived from the primary key so concurrent issuers never clash.
        certificate.serial = f"{timezone.localtime(now):%Y%m%d}{certificate.pk:08d}"
        certificate.save(update_fields=["serial"])
    try:
        pdf = sign_pdf(
            render_pdf(certificate),
            reason=_("信用信息查询结果 %(number)s") % {"number": certificate.number},
            location=settings.SITE_NAME,
        )
    except BaseException:
        # A certificate that never became a file must not verify.
        certificate.delete()
        raise
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    certificate.signer = signer_description()[:300]
    certificate.save(update_fields=["pdf_sha256", "pdf_size", "signer"])
    return IssuedCertificate(certificate, pdf)


@dataclass(frozen=True)
class UploadCheck:
    genuine: bool
    message: str
    signature: SignatureCheck
    sha256: str
    certificate: Certificate | None = None


def certificate_check_upload(data: bytes, expected: Certificate | None = None) -> UploadCheck:
    """Is `data` a certificate file exactly as issued (and, if given, the `expected` one)?

    Genuine means: its SHA-256 equals the one recorded at issuance. The signature is checked
    too, so a changed file is told apart from a file this platform never issued.
    """
    digest = hashlib.sha256(data).hexdigest()
    signature = check_signature(data)
    issued = Certificate.objects.filter(pdf_sha256=digest).select_related("subject").first()
    if issued is not None:
        if expected is not None and issued.pk != expected.pk:
            return UploadCheck(
                False,
                _("该文件是本平台签发的另一份查询结果（证书编号 %(number)s），与本编号不符。")
                % {"number": issued.number},
                signature,
                digest,
                issued,
            )
        return UploadCheck(
            True,
            _("该文件是本平台于 %(time)s 签发的查询结果原件（证书编号 %(number)s），未经任何改动。")
            % {"time": f"{timezone.localtime(issued.issued_at):%Y-%m-%d %H:%M:%S}", "number": issued.number},
            signature,
            digest,
            issued,
        )
    if signature.ok:
        message = _("文件带有有效的数字签名，但平台没有与之完全一致的签发记录，请联系平台核实。")
    else:
        message = _("平台没有签发过与该文件完全一致的查询结果。")
    return UploadCheck(False, message, signature, digest, None)
