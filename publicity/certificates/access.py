"""Who may request a subject's 专项信用报告: the one check, `report_requester`; and the one-time
codes that prove a subject is itself asking (for a report, or to make a credit commitment online,
publicity.views_commitments): `access_code_send` / `access_code_check` / `access_code_use`, each
code good only for the purpose it was sent for.

- the subject itself, proved by a one-time code sent to the contact e-mail on record
  (`Subject.contact_email`); only a keyed hash of the code is stored, it expires after
  REPORT_CODE_MINUTES, allows REPORT_CODE_ATTEMPTS wrong tries, and sending and checking are
  limited per subject and per address (portal.ratelimit);
- a department's staff: logged in and holding any staff role (records.staff.ROLES).

An external national identity login can be added here later as a third kind of requester.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from outbox import services as outbox
from portal import ratelimit
from portal.personal_data import mask_email
from publicity.certificates.models import Certificate, ReportAccessCode
from records import staff

CODE_DIGITS = 6


class ReportRefused(Exception):
    """A request the requester may not make; the message says what is allowed."""

    def __init__(self, message: str, field: str = "code", status: int = 403):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


@dataclass(frozen=True)
class Requester:
    kind: str
    org: str
    user: object = None
    department: object = None
    contact: str = ""
    access_code: ReportAccessCode | None = None


def who_may_request() -> str:
    return _(
        "只有该主体本人或部门工作人员可以申请其专项信用报告：主体本人请获取并填写发送至其登记联系邮箱的验证码；"
        "部门工作人员请先登录。"
    )


def is_department_staff(user) -> bool:
    """Logged in with any staff role (credit office, department operator, complaint handler, auditor)."""
    return any(staff.has_role(user, role) for role in staff.ROLES)


def check_subject(subject) -> None:
    if subject.is_person:
        raise ReportRefused(_("专项信用报告仅向企业等经营主体出具；自然人不能申请。"), field="__all__")


def _digest(subject, code: str) -> str:
    return salted_hmac("publicity.report-access-code", f"{subject.pk}:{code}").hexdigest()


Purpose = ReportAccessCode.Purpose


def _mail_texts(purpose: str) -> tuple[str, str, str]:
    """(mail subject, text, outbox purpose) of a code sent for `purpose`."""
    if purpose == Purpose.COMMITMENT:
        return (
            _("%(site)s 信用承诺验证码"),
            _(
                "%(name)s：\n\n您正在以本单位名义在线作出信用承诺，验证码为 %(code)s，%(minutes)d 分钟内有效。\n"
                "如非本单位操作，请忽略本邮件。\n\n%(site)s %(url)s"
            ),
            _("信用承诺验证码"),
        )
    return (
        _("%(site)s 专项信用报告验证码"),
        _(
            "%(name)s：\n\n您正在申请本单位的专项信用报告，验证码为 %(code)s，%(minutes)d 分钟内有效。\n"
            "如非本单位申请，请忽略本邮件。\n\n%(site)s %(url)s"
        ),
        _("专项信用报告验证码"),
    )


def access_code_send(subject, ip: str, purpose: str = Purpose.REPORT) -> ReportAccessCode:
    """Send a new one-time code for `purpose` to the subject's contact e-mail on record."""
    if purpose == Purpose.REPORT:
        check_subject(subject)
    email = (subject.contact_email or "").strip()
    if not email and purpose == Purpose.COMMITMENT:
        raise ReportRefused(
            _(
                "该主体在平台没有登记联系邮箱，无法发送验证码。请向登记机关更新联系邮箱后再在线承诺，"
                "或到承诺受理单位现场办理。"
            ),
            status=400,
        )
    if not email:
        raise ReportRefused(
            _(
                "该主体在平台没有登记联系邮箱，无法发送验证码。请向登记机关更新联系邮箱后再申请，"
                "或请部门工作人员登录后代为申请。"
            ),
            status=400,
        )
    limit = settings.REPORT_CODE_SEND_LIMIT
    if not (
        ratelimit.reserve("report-code-send", f"subject:{subject.pk}", limit)
        and ratelimit.reserve("report-code-send", f"ip:{ip}", limit)
    ):
        raise ReportRefused(
            _("验证码发送过于频繁：每小时最多发送 %(n)d 次，请稍后再试。") % {"n": limit[0]}, status=429
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    minutes = settings.REPORT_CODE_MINUTES
    # A new code replaces every earlier one sent for the same purpose.
    ReportAccessCode.objects.filter(subject=subject, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    access = ReportAccessCode.objects.create(
        subject=subject,
        purpose=purpose,
        code_hash=_digest(subject, code),
        sent_to=mask_email(email),
        requester_ip=ip or None,
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=minutes),
    )
    mail_subject, text, mail_purpose = _mail_texts(purpose)
    outbox.queue(
        to=email,
        subject=mail_subject % {"site": settings.SITE_NAME},
        text=text
        % {
            "name": subject.name,
            "code": code,
            "minutes": minutes,
            "site": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
        purpose=mail_purpose,
        reference=subject.uscc or subject.name,
        sensitive=True,
    )
    return access


def access_code_check(subject, code: str, ip: str, purpose: str = Purpose.REPORT) -> ReportAccessCode:
    """The subject's current code for `purpose` when `code` matches it; ReportRefused otherwise."""
    code = "".join((code or "").split())
    if not code:
        if purpose == Purpose.REPORT:
            raise ReportRefused(who_may_request())
        raise ReportRefused(_("请填写发送至该主体登记联系邮箱的验证码。"))
    if not ratelimit.reserve("report-code-check", f"ip:{ip}", settings.REPORT_CODE_CHECK_LIMIT):
        raise ReportRefused(_("验证码错误次数过多，请一小时后再试。"), status=429)
    now = timezone.now()
    access = (
        ReportAccessCode.objects.filter(
            subject=subject, purpose=purpose, used_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )
    if access is None:
        raise ReportRefused(
            _("验证码不正确或已失效。验证码只对申请它的主体有效，%(minutes)d 分钟内使用一次；请重新获取。")
            % {"minutes": settings.REPORT_CODE_MINUTES}
        )
    if access.attempts >= settings.REPORT_CODE_ATTEMPTS:
        raise ReportRefused(_("该验证码错误次数过多，已失效，请重新获取验证码。"))
    if not constant_time_compare(access.code_hash, _digest(subject, code)):
        ReportAccessCode.objects.filter(pk=access.pk).update(attempts=F("attempts") + 1)
        left = settings.REPORT_CODE_ATTEMPTS - access.attempts - 1
        raise ReportRefused(
            _("验证码不正确，还可尝试 %(n)d 次。验证码已发送至该主体登记的联系邮箱 %(to)s。")
            % {"n": max(left, 0), "to": access.sent_to}
        )
    return access


def access_code_use(access: ReportAccessCode) -> bool:
    """Spend the code once; False when another request spent it first."""
    return bool(
        ReportAccessCode.objects.filter(pk=access.pk, used_at__isnull=True).update(used_at=timezone.now())
    )


def report_requester(*, user, subject, code: str = "", ip: str = "") -> Requester:
    """Who is asking for `subject`'s report, or ReportRefused saying who may."""
    check_subject(subject)
    if is_department_staff(user):
        department = staff.user_department(user)
        org = department.name if department else _("信用办")
        return Requester(Certificate.RequesterKind.STAFF, org, user=user, department=department)
    access = access_code_check(subject, code, ip)
    return Requester(
        Certificate.RequesterKind.SUBJECT, subject.name, contact=access.sent_to, access_code=access
    )
