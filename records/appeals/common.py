"""What credit repair and objections share: tracking numbers, finding the applicant's record,
attachments and the public timeline."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import services as outbox
from portal.files import random_name, sniff_upload
from records.codes import normalize_code, validate_uscc
from records.kinds import RECORD_KINDS
from records.visibility import publishable

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


class AppealError(ValidationError):
    pass


def new_number(model, prefix: str) -> str:
    """A tracking number like XF20261126483920: prefix, date, six random digits."""
    day = timezone.localdate().strftime("%Y%m%d")
    while True:
        number = f"{prefix}{day}{secrets.randbelow(1_000_000):06d}"
        if not model.objects.filter(number=number).exists():
            return number


def find_applicant_record(kind: str, document_number: str, applicant_code: str, kinds=None):
    """The public record `document_number` of `kind` that belongs to the applicant; refuses a
    record of another subject with a message naming the field."""
    kinds = kinds or list(RECORD_KINDS)
    if kind not in kinds:
        raise AppealError({"record_kind": _("请选择信息类别。")})
    try:
        code = validate_uscc(applicant_code)
    except ValidationError as exc:
        raise AppealError({"applicant_code": exc.messages}) from exc
    document_number = " ".join((document_number or "").split())
    if not document_number:
        raise AppealError({"document_number": _("请填写文书号。")})
    label = RECORD_KINDS[kind].label
    candidates = list(
        publishable(RECORD_KINDS[kind].model)
        .filter(document_number=document_number)
        .select_related("subject", "department")[:20]
    )
    if not candidates:
        raise AppealError(
            {
                "document_number": _("未找到文书号为“%(doc)s”的公示中的%(kind)s信息，请核对。")
                % {"doc": document_number, "kind": label}
            }
        )
    mine = [r for r in candidates if code in (normalize_code(r.subject.uscc or ""), r.subject_uscc)]
    if not mine:
        raise AppealError(
            {
                "document_number": _(
                    "文书号为“%(doc)s”的信息不属于统一社会信用代码为 %(code)s 的主体，只能就本主体的信息提出申请。"
                )
                % {"doc": document_number, "code": code}
            }
        )
    return mine[0]


def applicant_fields(record, record_kind, applicant_name, contact_name, contact_phone, contact_email) -> dict:
    """The fields a credit repair application and an objection share: who applies, how to reach
    them, and which record (with its source department) the application is about."""
    return {
        "subject": record.subject,
        "applicant_name": applicant_name.strip(),
        "applicant_code": record.subject.uscc or record.subject_uscc,
        "contact_name": contact_name.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_email": contact_email.strip(),
        "record_kind": record_kind,
        "record_id": record.pk,
        "record_document_number": record.document_number,
        "department": record.department,
    }


def check_attachment(upload) -> None:
    """Accepted evidence (PDF, JPG, PNG), recognised by its first bytes, not by its name."""
    name = upload.name or ""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise AppealError(_("附件“%(name)s”超过5MB。") % {"name": name})
    detected = sniff_upload(upload)
    if detected is None:
        raise AppealError(
            _("附件“%(name)s”的内容不是 PDF、JPG 或 PNG 文件（按文件内容识别，与扩展名无关）。")
            % {"name": name}
        )
    # Stored under a random name with the detected type's extension, never the sent name.
    upload.name = random_name(detected[1])
    upload.display_name = name


def check_attachments(files) -> None:
    if len(files) > MAX_ATTACHMENTS:
        raise AppealError(_("附件最多上传%(n)d个。") % {"n": MAX_ATTACHMENTS})
    for upload in files:
        check_attachment(upload)


def save_attachments(appeal, files, attachment_model, fk: str) -> None:
    for upload in files:
        attachment_model.objects.create(
            **{fk: appeal},
            file=upload,
            name=getattr(upload, "display_name", upload.name)[-200:],
            size=upload.size,
        )


def add_event(appeal, to_status: str, note: str = "", actor=None, from_status: str = ""):
    event = appeal.events.create(from_status=from_status, to_status=to_status, note=note, actor=actor)
    if appeal.contact_email:
        notify_applicant(appeal, event)
    return event


def notify_applicant(appeal, event) -> None:
    """Tell the applicant (when they gave an e-mail address) that their application moved on."""
    subject = _("【%(site)s】您的申请 %(number)s 进度：%(status)s") % {
        "site": settings.SITE_NAME,
        "number": appeal.number,
        "status": event.status_label,
    }
    body = "\n".join(
        [
            _("受理编号：%(number)s") % {"number": appeal.number},
            _("当前状态：%(status)s") % {"status": event.status_label},
            event.note,
            _("凭受理编号和统一社会信用代码可在 %(url)s 查询办理进度。")
            % {
                "url": settings.SITE_URL
                + ("/repair/track/" if appeal.number.startswith("XF") else "/objections/track/")
            },
        ]
    )
    outbox.queue(
        to=appeal.contact_email,
        subject=subject,
        text=body,
        purpose=_("信用修复进度") if appeal.number.startswith("XF") else _("异议申诉进度"),
        reference=appeal.number,
    )
