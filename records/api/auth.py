"""Department API tokens for Django REST framework: authentication and the permissions.

A client sends `Authorization: Bearer <token>`. The token is looked up by its SHA-256 (the key
itself is never stored). A push token may write only its own department's records of the kinds
it lists; a read token may call the credit-check API and the changes feed.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from records import audit
from records.models import ApiToken
from records.models.exchange import hash_token

# Writing last_used_at on every request would add a write to every read; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenClient:
    """The `request.user` of a token request: a department's system, not a person."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token
        self.department = token.department
        self.pk = self.id = f"token:{token.pk}"

    def __str__(self):
        return str(self.token)


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization 请求头格式应为：Bearer <接口令牌>"))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("接口令牌含非法字符")) from None
        token = (
            ApiToken.objects.select_related("department", "rating_agency")
            .filter(key_hash=hash_token(raw))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("接口令牌无效"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("接口令牌已被撤销，请联系省信用办"))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("接口令牌已过期，请联系省信用办"))
        if not token.department.is_active:
            raise exceptions.AuthenticationFailed(_("接口令牌所属部门已停用"))
        agency = token.rating_agency
        if agency is not None and not agency.is_active:
            raise exceptions.AuthenticationFailed(
                _("接口令牌所属评价机构“%(name)s”备案状态为%(status)s，不能报送")
                % {"name": agency.name, "status": agency.get_status_display()}
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit.set_token(token)
        return TokenClient(token), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class HasPushToken(BasePermission):
    """A push token whose kinds include the view's kind."""

    message = _("该接口令牌不能报送此类信息（令牌方向或信息类别不符）")

    def has_permission(self, request, view):
        token = request.auth
        return isinstance(token, ApiToken) and token.allows_kind(view.kind)


class HasReadToken(BasePermission):
    message = _("该接口需要“调用”方向的接口令牌")

    def has_permission(self, request, view):
        token = request.auth
        return isinstance(token, ApiToken) and token.direction == ApiToken.Direction.READ


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "departmentToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "省信用办为部门签发的接口令牌：Authorization: Bearer <令牌>",
        }
