"""GET /api/v1/credit-check/<uscc>/: a department system checks a subject before a decision
(logged in the query log through records.signals.credit_checked)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import schemas
from records.api.auth import ApiTokenAuthentication, HasReadToken
from records.api.selectors import (
    credit_check,
)
from records.api.views import PURPOSE_DETAIL_MAX, READ_ERRORS, USCC_SHAPE, E, error
from records.audit import client_ip
from records.codes import validate_uscc
from records.ingest.values import printable
from records.models import Subject
from records.signals import API_CHECK_PURPOSES, credit_checked


class CreditCheckView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasReadToken]
    throttle_classes = []

    @extend_schema(
        tags=["信用核查"],
        operation_id="credit_check",
        summary="按统一社会信用代码核查信用状况",
        description=(
            "返回主体基本信息、红黑名单及适用的联合奖惩措施、经营异常状态、公示中的行政处罚、信用承诺及履行情况、"
            "信用评价。每次核查记入信用查询记录（存档备查）：令牌所属部门为申请单位，连同令牌、查询事由和核查结果。"
        ),
        parameters=[
            OpenApiParameter(
                "uscc",
                {"type": "string", "pattern": schemas.USCC_PATTERN},
                OpenApiParameter.PATH,
                description="18位统一社会信用代码（不区分大小写）；校验位不符或平台未收录时返回 404",
            ),
            OpenApiParameter(
                "purpose",
                {"type": "string", "enum": ["", *API_CHECK_PURPOSES]},
                description="查询事由：procurement 政府采购、permit 行政许可、bidding 招标投标、honours 评先评优、"
                "listing 上市融资、other 其他；不填为 other",
            ),
            OpenApiParameter(
                "purpose_detail",
                {"type": "string", "maxLength": PURPOSE_DETAIL_MAX},
                description="事由说明，如项目名称或审批事项（不超过100字），记入信用查询记录",
            ),
        ],
        responses={200: schemas.CreditCheckSerializer, **READ_ERRORS, 404: E},
    )
    def get(self, request, uscc: str):
        if not USCC_SHAPE.fullmatch(uscc):
            return error(
                _("uscc 应为18位统一社会信用代码（数字和大写字母，不含 I、O、S、V、Z）"), field="uscc"
            )
        try:
            code = validate_uscc(uscc)
        except ValidationError as exc:
            # Well-formed but with a wrong check character: no subject can have it.
            return error(
                _("平台未收录该统一社会信用代码：%(reason)s") % {"reason": exc.messages[0]},
                status.HTTP_404_NOT_FOUND,
                field="uscc",
            )
        purpose = request.query_params.get("purpose", "") or "other"
        if purpose not in API_CHECK_PURPOSES:
            return error(
                _("purpose 应为 %(values)s 之一") % {"values": "、".join(API_CHECK_PURPOSES)}, field="purpose"
            )
        detail = request.query_params.get("purpose_detail", "")
        if len(detail) > PURPOSE_DETAIL_MAX:
            return error(_("purpose_detail 不能超过100个字"), field="purpose_detail")
        subject = Subject.objects.select_related("region").filter(uscc=code).first()
        if subject is None:
            return error(
                _("平台未收录统一社会信用代码为 %(code)s 的信用主体") % {"code": code},
                status.HTTP_404_NOT_FOUND,
            )
        result = credit_check(subject)
        # 存档备查: the check is in the query log before the answer leaves (publicity writes it).
        credit_checked.send(
            sender=CreditCheckView,
            subject=subject,
            token=request.auth,
            purpose=purpose,
            purpose_detail=printable(detail),
            result=result,
            ip=client_ip(request),
        )
        return Response(result)
