"""Writes for certificates, reports and notices: issue one (record first, then PDF) through one
pipeline, and check an uploaded file."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publicity.certificates.access import ReportRefused, access_code_use, is_department_staff
from publicity.certificates.models import Certificate
from publicity.certificates.notice import build_notice_snapshot
from publicity.certificates.numbers import new_number
from publicity.certificates.render import render_pdf
from publicity.certificates.report import build_report_snapshot, scope_key
from publicity.certificates.selectors import department_by_name
from publicity.certificates.signing import (
    SignatureCheck,
    check_signature,
    get_signer,
    sign_pdf,
    signer_description,
)
from publicity.certificates.snapshot import build_snapshot, subject_code
from publicity.rules import is_public_subject
from records.staff import user_department


class SubjectNotPublic(Exception):
    """The subject has no public face (a natural person on no list): nothing to certify."""


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: Certificate
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.certificate.title}-{self.certificate.serial}.pdf"


def document_issue(certificate: Certificate) -> IssuedCertificate:
    """The one issuing pipeline of every document type: save the unsaved `certificate` (its
    snapshot and log fields filled in by the caller) with a new number and serial, then render,
    sign and fingerprint the PDF.

    Raises SigningNotConfigured before saving anything when no signing key is set up.
    """
    get_signer()
    with transaction.atomic():
        certificate.number = new_number()
        certificate.save()
        # Sequential and readable; derived from the primary key so concurrent issuers never clash.
        certificate.serial = f"{timezone.localtime(certificate.issued_at):%Y%m%d}{certificate.pk:08d}"
        certificate.save(update_fields=["serial"])
    try:
        pdf = sign_pdf(
            render_pdf(certificate),
            reason=f"{certificate.title} {certificate.number}",
            location=settings.SITE_NAME,
        )
    except BaseException:
        # A document that never became a file must not verify.
        certificate.delete()
        raise
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    certificate.signer = signer_description()[:300]
    certificate.save(update_fields=["pdf_sha256", "pdf_size", "signer"])
    return IssuedCertificate(certificate, pdf)


def certificate_issue(
    *,
    subject,
    purpose: str,
    purpose_detail: str = "",
    requester_org: str,
    requester_ip: str | None = None,
    user=None,
) -> IssuedCertificate:
    """A credit query result (信用信息查询结果) of what is public about `subject` now.

    Raises SubjectNotPublic for a subject the public may not look up (a natural person on no
    list, publicity.rules.is_public_subject).
    """
    if not is_public_subject(subject):
        raise SubjectNotPublic(subject.pk)
    get_signer()
    now = timezone.now()
    _label, code = subject_code(subject)
    staff = user is not None and user.is_authenticated
    return document_issue(
        Certificate(
            doc_type=Certificate.DocType.QUERY_RESULT,
            subject=subject,
            subject_name=subject.name,
            subject_code=code,
            purpose=purpose,
            purpose_detail=purpose_detail,
            requester_org=requester_org,
            department=department_by_name(requester_org),
            requested_by=user if staff else None,
            requester_kind=Certificate.RequesterKind.STAFF if staff else Certificate.RequesterKind.PUBLIC,
            requester_ip=requester_ip or None,
            issued_at=now,
            snapshot=build_snapshot(subject, timezone.localdate(now)),
        )
    )


def api_check_log(*, subject, token, purpose: str, purpose_detail: str, result: dict, ip=None, **kwargs):
    """Log a department system's credit check (the API answers it, no document is issued) in the
    query log: the token's department as requester, the token itself, the purpose, the answer."""
    _label, code = subject_code(subject)
    with transaction.atomic():
        certificate = Certificate.objects.create(
            doc_type=Certificate.DocType.API_CHECK,
            number=new_number(),
            subject=subject,
            subject_name=subject.name,
            subject_code=code,
            purpose=purpose,
            purpose_detail=purpose_detail[:100],
            requester_org=token.department.name[:100],
            department=token.department,
            requester_kind=Certificate.RequesterKind.SYSTEM,
            token=token,
            requester_ip=ip or None,
            snapshot=result,
        )
        certificate.serial = f"{timezone.localtime(certificate.issued_at):%Y%m%d}{certificate.pk:08d}"
        certificate.save(update_fields=["serial"])
    return certificate


def report_issue(
    *,
    subject,
    fields,
    start,
    end,
    purpose: str,
    purpose_detail: str,
    requester,
    requester_ip: str | None = None,
) -> IssuedCertificate:
    """A 专项信用报告 of `subject` for the given catalogue fields and period, for a requester
    that `access.report_requester` let through (a subject's one-time code is spent here)."""
    get_signer()
    if requester.access_code is not None and not access_code_use(requester.access_code):
        raise ReportRefused(_("该验证码已使用过，请重新获取验证码。"))
    now = timezone.now()
    fields = list(fields)
    _label, code = subject_code(subject)
    return document_issue(
        Certificate(
            doc_type=Certificate.DocType.REPORT,
            subject=subject,
            subject_name=subject.name,
            subject_code=code,
            purpose=purpose,
            purpose_detail=purpose_detail,
            requester_org=requester.org,
            department=requester.department,
            requested_by=requester.user,
            requester_kind=requester.kind,
            requester_contact=requester.contact,
            requester_ip=requester_ip or None,
            issued_at=now,
            scope=scope_key(fields),
            period_start=start,
            period_end=end,
            snapshot=build_report_snapshot(subject, fields, start, end, timezone.localdate(now)),
        )
    )


def repair_notice_issue(*, record, user=None, requester_ip: str | None = None) -> IssuedCertificate:
    """A 信用修复告知书 for a penalty or black-list decision, printed by staff or the public."""
    get_signer()
    now = timezone.now()
    staff = is_department_staff(user)
    department = user_department(user) if staff else None
    subject = record.subject
    _label, code = subject_code(subject)
    return document_issue(
        Certificate(
            doc_type=Certificate.DocType.REPAIR_NOTICE,
            subject=subject,
            subject_name=subject.name,
            subject_code=code,
            purpose=Certificate.Purpose.OTHER,
            purpose_detail=_("信用修复告知 %(number)s") % {"number": record.document_number[:80]},
            requester_org=(department.name if department else _("信用办")) if staff else _("社会公众"),
            department=department,
            requested_by=user if staff else None,
            requester_kind=Certificate.RequesterKind.STAFF if staff else Certificate.RequesterKind.PUBLIC,
            requester_ip=requester_ip or None,
            issued_at=now,
            scope=f"{record.kind}:{record.pk}",
            snapshot=build_notice_snapshot(record, timezone.localdate(now)),
        )
    )


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
                _("该文件是本平台签发的另一份%(title)s（编号 %(number)s），与本编号不符。")
                % {"title": issued.title, "number": issued.number},
                signature,
                digest,
                issued,
            )
        return UploadCheck(
            True,
            _("该文件是本平台于 %(time)s 签发的%(title)s原件（编号 %(number)s），未经任何改动。")
            % {
                "time": f"{timezone.localtime(issued.issued_at):%Y-%m-%d %H:%M:%S}",
                "title": issued.title,
                "number": issued.number,
            },
            signature,
            digest,
            issued,
        )
    if signature.ok:
        message = _("文件带有有效的数字签名，但平台没有与之完全一致的签发记录，请联系平台核实。")
    else:
        message = _("平台没有签发过与该文件完全一致的查询结果、专项信用报告或信用修复告知书。")
    return UploadCheck(False, message, signature, digest, None)
