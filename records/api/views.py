"""The department APIs under /api/v1/: what every endpoint shares (error replies, the token
check, the statuses each answers) and the token endpoint. The endpoints: records.api.push (push
per record kind), records.api.check (credit check), records.api.feeds (changes feeds).

Views only check the request, call records.ingest / the selectors and shape the reply. Every
view names its authentication, permissions and throttles explicitly.
"""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import schemas
from records.api.auth import ApiTokenAuthentication
from records.kinds import RECORD_KINDS
from records.models import ApiToken

IDEMPOTENCY_KEY_MAX = 100
PURPOSE_DETAIL_MAX = 100
USCC_SHAPE = re.compile(schemas.USCC_PATTERN)
E = schemas.ErrorSerializer
# Every status each endpoint can answer, with the error body it carries.
TOKEN_ERRORS = {401: E, 403: E}
READ_ERRORS = {400: E, 401: E, 403: E}
PUSH_ERRORS = {400: E, 401: E, 403: E, 409: E, 413: E, 415: E, 422: E, 503: E}


def error(message: str, code: int = status.HTTP_400_BAD_REQUEST, **extra) -> Response:
    return Response({"detail": message, **extra}, status=code)


class HasAnyToken(BasePermission):
    message = _("需要接口令牌")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)


class TokenView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasAnyToken]
    throttle_classes = []

    @extend_schema(
        tags=["令牌"],
        operation_id="token_info",
        summary="查看当前接口令牌",
        responses={200: OpenApiTypes.OBJECT, **TOKEN_ERRORS},
    )
    def get(self, request):
        token = request.auth
        return Response(
            {
                "department": token.department.name,
                "department_uscc": token.department.uscc,
                "direction": token.direction,
                "kinds": token.kinds or list(RECORD_KINDS),
                # A registered rating agency's own token: ratings only, in the agency's name.
                "rating_agency": (
                    {"name": token.rating_agency.name, "uscc": token.rating_agency.uscc}
                    if token.rating_agency_id
                    else None
                ),
                "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            }
        )
