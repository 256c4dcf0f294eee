"""Evidence files: what is accepted, checked by content (magic bytes), never by name.

JPEG, PNG and PDF only; at most COMPLAINT_MAX_FILES files of COMPLAINT_MAX_FILE_MB each.
A file is stored under a random name with the extension of its detected type, so a name like
`photo.jpg.html` can never be served as HTML.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.files import random_name, sniff_upload


@dataclass
class CheckedFile:
    upload: object
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str

    def random_name(self) -> str:
        return random_name(self.extension)


def _display_name(name: str) -> str:
    # Keep the name only for staff to read; strip any path and control characters.
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or _("未命名文件")


def check_file(upload) -> CheckedFile:
    name = _display_name(upload.name)
    limit_mb = settings.COMPLAINT_MAX_FILE_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size).1f MB，超过 %(limit)d MB 的上限")
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": limit_mb}
        )
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件") % {"name": name})
    detected = sniff_upload(upload)
    if detected is None:
        raise ValidationError(
            _("文件“%(name)s”的内容不是 JPEG、PNG 图片或 PDF 文档（按文件内容识别，与扩展名无关）")
            % {"name": name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload, name, detected[0], detected[1], upload.size, digest.hexdigest())


def check_files(uploads: list) -> list[CheckedFile]:
    """All files checked, or ValidationError listing every refused file."""
    limit = settings.COMPLAINT_MAX_FILES
    if len(uploads) > limit:
        raise ValidationError(
            _("最多上传 %(limit)d 个文件，您选择了 %(n)d 个") % {"limit": limit, "n": len(uploads)}
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_file(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked
