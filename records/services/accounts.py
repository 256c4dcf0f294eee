"""Platform accounts for departments without a system of their own (seed (二)): a department's
staff member applies with the department's authorising letter; the credit office admin approves
(the account is created with the one role and the department, and the applicant gets a link to
set the password) or refuses with a reason. The public form and the admin both call these.

Audited: the public form runs account_apply inside records.audit.acting; staff decisions run
inside the staff request's audit context and label it (approve / refuse with the reason)."""

import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from outbox import services as outbox
from portal.files import random_name, sniff_upload
from records.audit import acting
from records.models import AccountApplication, AuditEntry, StaffProfile
from records.staff import require_permission

MAX_LETTER_BYTES = 10 * 1024 * 1024
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{3,29}$")
DECIDE = "records.change_accountapplication"


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def username_problem(username: str, application=None) -> str:
    """Why `username` cannot be given (to `application`, or to a new one), or "" when it can."""
    if not USERNAME.match(username):
        return _("登录账号须为4至30位英文字母、数字或 _ . -，以字母开头。")
    if get_user_model().objects.filter(username__iexact=username).exists():
        return _("登录账号“%(name)s”已被使用，请换一个。") % {"name": username}
    pending = AccountApplication.objects.filter(
        username__iexact=username, status=AccountApplication.Status.PENDING
    )
    if application is not None:
        pending = pending.exclude(pk=application.pk)
    if pending.exists():
        return _("登录账号“%(name)s”已有待审批的申请，请换一个。") % {"name": username}
    return ""


def check_letter(upload) -> None:
    """The authorising letter: a PDF, JPG or PNG (recognised by content) of at most 10 MB,
    stored under a random name."""
    if upload is None:
        raise _field_error("letter", _("请上传部门授权函（加盖公章的PDF或图片）。"))
    name = upload.name or ""
    if upload.size > MAX_LETTER_BYTES:
        raise _field_error("letter", _("部门授权函“%(name)s”超过10MB。") % {"name": name})
    detected = sniff_upload(upload)
    if detected is None:
        raise _field_error(
            "letter",
            _("部门授权函“%(name)s”的内容不是 PDF、JPG 或 PNG 文件（按文件内容识别，与扩展名无关）。")
            % {"name": name},
        )
    upload.display_name = name
    upload.name = random_name(detected[1])


def _new_number() -> str:
    return f"ZH{timezone.localdate():%Y%m%d}{secrets.randbelow(10**6):06d}"


def account_apply(
    *, name, department, role, username, phone, email, letter, position=""
) -> AccountApplication:
    if not department.is_active:
        raise _field_error("department", _("所选部门已停用，请选择您所在的部门。"))
    if role not in dict(AccountApplication.ROLE_CHOICES):
        raise _field_error("role", _("只能申请“部门填报员”角色。"))
    problem = username_problem(username)
    if problem:
        raise _field_error("username", problem)
    check_letter(letter)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return AccountApplication.objects.create(
                    number=_new_number(),
                    name=name,
                    department=department,
                    position=position,
                    role=role,
                    username=username,
                    phone=phone,
                    email=email,
                    letter=letter,
                    letter_name=letter.display_name[-200:],
                )
        except IntegrityError:  # the random number was taken: draw again
            continue
    raise RuntimeError("could not allocate an application number")


def _require_pending(application) -> None:
    if application.status != AccountApplication.Status.PENDING:
        raise ValidationError(
            _("申请 %(number)s 已处理（%(status)s），不能再次审批。")
            % {"number": application.number, "status": application.get_status_display()}
        )


def password_set_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", args=[uid, token])


def account_approve(application, actor):
    """Create the account with the one role and the department; e-mail the password-set link."""
    require_permission(actor, DECIDE, _("审批平台账号申请"))
    _require_pending(application)
    problem = username_problem(application.username, application)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic(), acting(actor, action=AuditEntry.Action.APPROVE, reason=_("开通平台账号")):
        user = get_user_model()(
            username=application.username,
            email=application.email,
            first_name=application.name,
            is_staff=True,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=application.role))
        StaffProfile.objects.create(user=user, department=application.department, phone=application.phone)
        application.status = AccountApplication.Status.APPROVED
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.user = user
        application.save()
        link = password_set_url(user)
        _tell_approved(application, link)
    return user


def account_refuse(application, actor, reason: str) -> None:
    require_permission(actor, DECIDE, _("审批平台账号申请"))
    _require_pending(application)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("不予开通须填写理由，理由将通过电子邮件告知申请人。"))
    with transaction.atomic(), acting(actor, reason=_("不予开通平台账号：%(reason)s") % {"reason": reason}):
        application.status = AccountApplication.Status.REFUSED
        application.decision_reason = reason
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.save()
        _tell_refused(application)


def _tell_approved(application, link: str) -> None:
    subject = _("【%(site)s】平台账号已开通：%(username)s") % {
        "site": settings.SITE_NAME,
        "username": application.username,
    }
    body = "\n".join(
        [
            _("%(name)s：您好！") % {"name": application.name},
            _("您的平台账号申请（编号 %(number)s）已通过，账号已开通。") % {"number": application.number},
            _("登录账号：%(username)s") % {"username": application.username},
            _("角色：%(role)s；所属部门：%(department)s")
            % {"role": application.role, "department": application.department},
            _("请在 %(days)d 天内打开以下链接设置登录密码（链接只能使用一次）：")
            % {"days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)},
            link,
            _("设置密码后请在 %(url)s 登录。") % {"url": settings.SITE_URL + reverse("admin:login")},
        ]
    )
    # The password link is a credential: not kept once sent.
    outbox.queue(
        to=application.email,
        subject=subject,
        text=body,
        purpose=_("平台账号开通"),
        reference=application.number,
        sensitive=True,
    )


def _tell_refused(application) -> None:
    subject = _("【%(site)s】平台账号申请未通过：%(number)s") % {
        "site": settings.SITE_NAME,
        "number": application.number,
    }
    body = "\n".join(
        [
            _("%(name)s：您好！") % {"name": application.name},
            _("您的平台账号申请（编号 %(number)s）未通过。") % {"number": application.number},
            _("理由：%(reason)s") % {"reason": application.decision_reason},
            _("如有疑问，请联系省信用办。"),
        ]
    )
    outbox.queue(
        to=application.email,
        subject=subject,
        text=body,
        purpose=_("平台账号申请"),
        reference=application.number,
    )
