"""The department APIs under /api/v1/: push per record kind, credit check, changes feed.

Views only check the request, call records.ingest / the selectors and shape the reply. Every
view names its authentication, permissions and throttles explicitly.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import schemas
from records.api.auth import ApiTokenAuthentication, HasPushToken, HasReadToken
from records.api.errors import JSONBodyParser
from records.api.selectors import (
    CURSOR_PATTERN,
    INDUSTRY_PATTERN,
    REGION_PATTERN,
    BadCursor,
    credit_check,
    list_entry_changes,
    subject_changes,
)
from records.audit import client_ip
from records.codes import validate_uscc
from records.ingest.fields import KIND_SPECS
from records.ingest.services import MAX_BATCH_ROWS, batch_response, ingest, request_fingerprint
from records.ingest.values import printable
from records.kinds import RECORD_KINDS
from records.models import ApiToken, IngestBatch, Subject
from records.services.propagation import FEED_CURSOR_PATTERN, BadFeedCursor, repair_feed
from records.signals import API_CHECK_PURPOSES, credit_checked

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


class PushView(APIView):
    """Base of the per-kind push endpoints (the subclasses set `kind`)."""

    kind = ""
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasPushToken]
    throttle_classes = []
    parser_classes = [JSONBodyParser]

    def post(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if not length.isdigit() or int(length) > limit:
            return error(
                _("请求体过大：每次最多 %(mb)d MB、%(rows)d 条记录，请分批报送")
                % {"mb": limit // (1024 * 1024), "rows": MAX_BATCH_ROWS},
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
            return error(_("Idempotency-Key 应为不超过100个字符的可见ASCII字符串"))
        try:
            payload = request.data
        except ParseError as exc:
            return error(_("请求体不是有效的 JSON：%(e)s") % {"e": str(exc.detail)[:200]})
        rows = payload.get("rows") if isinstance(payload, dict) else None
        if isinstance(rows, list) and len(rows) > MAX_BATCH_ROWS:
            return error(
                _("每批最多 %(max)d 条记录，本次 %(n)d 条，请分批报送")
                % {"max": MAX_BATCH_ROWS, "n": len(rows)},
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        # The request as the schema describes it, or a 400 for the whole request (nothing written).
        problems = schemas.push_request_errors(self.kind, payload)
        if problems:
            return error(problems[0]["message"], errors=problems)

        token = request.auth
        fingerprint = request_fingerprint(rows) if key else ""
        if key:
            prior = IngestBatch.objects.filter(token=token, kind=self.kind, idempotency_key=key).first()
            if prior is not None:
                return self._replay(prior, fingerprint)
        batch = IngestBatch(
            department=token.department,
            kind=self.kind,
            source=IngestBatch.Source.API,
            token=token,
            idempotency_key=key,
            request_hash=fingerprint,
            total_rows=len(rows),
        )
        try:
            results = ingest(batch, list(enumerate(rows)), duplicate_label=lambda i: f" index {i} ")
        except IntegrityError:
            # The same Idempotency-Key arrived twice at once; the other request won.
            prior = (
                IngestBatch.objects.filter(token=token, kind=self.kind, idempotency_key=key).first()
                if key
                else None
            )
            if prior is None:
                raise
            return self._replay(prior, fingerprint)
        body = batch_response(batch, results)
        known = KIND_SPECS[self.kind].by_code
        ignored = sorted({k for r in rows if isinstance(r, dict) for k in r if k not in known})
        if ignored:
            body["ignored_fields"] = [printable(k)[:50] for k in ignored[:50]]
        return Response(body)

    def _replay(self, prior: IngestBatch, fingerprint: str) -> Response:
        if prior.request_hash != fingerprint:
            return error(
                _("该 Idempotency-Key 已用于另一个内容不同的请求（批次 %(id)d）") % {"id": prior.pk},
                status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if prior.response is None:
            return error(_("该请求仍在处理中，请稍后重试"), status.HTTP_409_CONFLICT)
        return Response(prior.response, headers={"Idempotent-Replayed": "true"})


def _push_view(slug: str):
    label = str(RECORD_KINDS[slug].label)
    key = KIND_SPECS[slug].key_code
    doc = extend_schema(
        tags=["报送接口"],
        operation_id=f"push_{slug}",
        summary=f"报送{label}",
        description=(
            f"按国家双公示字段代码报送{label}，每批 1 至 {MAX_BATCH_ROWS} 条。以 数据来源单位 + 信息类别 + "
            f"文书号（{key}）为唯一标识：新记录新增，已有记录更新，内容相同不作改动。每条记录单独校验，"
            "合格的记录入库，不合格的记录逐条返回字段级错误原因。可在请求头中加 Idempotency-Key，"
            "重试同一请求时返回第一次的响应。"
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX, "pattern": "^[ -~]*$"},
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    "幂等键（不超过100个可见ASCII字符），按令牌和接口分别计：同一键重发同一请求返回第一次的响应"
                    "（响应头 Idempotent-Replayed: true）；同一键用于内容不同的请求返回 422；第一次仍在处理时返回 409"
                ),
            )
        ],
        request=schemas.push_request_serializer(slug),
        responses={200: schemas.BatchResultSerializer, **PUSH_ERRORS},
    )
    name = "".join(part.title() for part in slug.split("_")) + "PushView"

    def post(self, request):
        return PushView.post(self, request)

    return type(name, (PushView,), {"kind": slug, "__doc__": f"报送{label}", "post": doc(post)})


PUSH_VIEWS = {slug: _push_view(slug) for slug in KIND_SPECS}


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


FEED_PARAMETERS = [
    OpenApiParameter(
        "cursor",
        {"type": "string", "pattern": CURSOR_PATTERN},
        description="上次响应的 next_cursor，原样传回；首次请求不填",
    ),
    OpenApiParameter(
        "since",
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
                {"type": "string", "maxLength": 0},
            ]
        },
        description="首次请求时的起点：日期（北京时间当日零时起）或带时区的时间，如 2026-01-01、"
        "2026-01-01T08:00:00+08:00；为空则从头开始；有 cursor 时忽略",
        examples=[OpenApiExample("日期", value="2026-01-01")],
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": 1000},
        description="每页条数，1 至 1000，默认 100",
    ),
]


class ChangesView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasReadToken]
    throttle_classes = []

    def params(self, request):
        raw = request.query_params.get("limit", "100")
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 1000:
            raise BadCursor(_("limit 应为 1 至 1000 之间的整数"))
        return {
            "cursor": request.query_params.get("cursor", "").strip(),
            "since": request.query_params.get("since", "").strip(),
            "limit": int(raw),
        }


REGION_SHAPE = re.compile(REGION_PATTERN)
INDUSTRY_SHAPE = re.compile(INDUSTRY_PATTERN)


class SubjectChangesView(ChangesView):
    @extend_schema(
        tags=["变更订阅"],
        operation_id="changes_subjects",
        summary="新登记和变更的市场主体",
        description=(
            "按更新时间顺序返回新登记或信息变更的法人、非法人组织和个体工商户；用 next_cursor 翻页，"
            "has_more 为 false 时已取完。可按行政区划（region）和国民经济行业分类（industry）筛选，"
            "翻页时每次带上相同的筛选参数。"
        ),
        parameters=[
            *FEED_PARAMETERS,
            OpenApiParameter(
                "region",
                {"type": "string", "pattern": REGION_PATTERN},
                description="行政区划代码（GB/T 2260，6位）：610000 为全省，市级代码（如 610100 西安市）含其所辖区县，"
                "区县代码（如 610113 雁塔区）只含该区县；杨凌示范区（610403）、韩城市（610581）单列，不含在咸阳市、渭南市中；"
                "平台未登记的代码返回空结果；不填为全部",
                examples=[OpenApiExample("西安市", value="610100")],
            ),
            OpenApiParameter(
                "industry",
                {"type": "string", "pattern": INDUSTRY_PATTERN},
                description="国民经济行业分类代码（GB/T 4754-2017）前缀：门类字母，或门类字母加大类、中类、小类代码，"
                "如 E（建筑业）、C13、C1310；返回行业代码以此开头的主体；不填为全部",
                examples=[OpenApiExample("建筑业", value="E")],
            ),
        ],
        responses={200: schemas.ChangesSerializer, **READ_ERRORS},
    )
    def get(self, request):
        region = request.query_params.get("region", "").strip()
        if region and not REGION_SHAPE.fullmatch(region):
            return error(
                _("region 应为陕西的6位行政区划代码，如 610000（全省）、610100（西安市）、610113（雁塔区）"),
                field="region",
            )
        industry = request.query_params.get("industry", "").strip()
        if industry and not INDUSTRY_SHAPE.fullmatch(industry):
            return error(
                _(
                    "industry 应为国民经济行业分类代码：门类字母（A 至 T）或门类字母加2至4位数字，如 E、C13、C1310"
                ),
                field="industry",
            )
        try:
            return Response(subject_changes(**self.params(request), region=region, industry=industry))
        except BadCursor as exc:
            return error(str(exc))


class ListEntryChangesView(ChangesView):
    @extend_schema(
        tags=["变更订阅"],
        operation_id="changes_list_entries",
        summary="红黑名单的新增和变更",
        description="按更新时间顺序返回新列入、变更、移出或撤销的红黑名单记录；public 为 false 的记录已不再公示，应从本地名单中移除。",
        parameters=[
            *FEED_PARAMETERS,
            OpenApiParameter(
                "polarity",
                {"type": "string", "enum": ["", "red", "black"]},
                description="red 只看红名单，black 只看黑名单；为空时两者都返回",
            ),
        ],
        responses={200: schemas.ChangesSerializer, **READ_ERRORS},
    )
    def get(self, request):
        try:
            params = self.params(request)
        except BadCursor as exc:
            return error(str(exc))
        polarity = request.query_params.get("polarity", "")
        if polarity not in ("", "red", "black"):
            return error(_("polarity 应为 red 或 black"))
        try:
            return Response(list_entry_changes(**params, polarity=polarity))
        except BadCursor as exc:
            return error(str(exc))


class RepairFeedView(ChangesView):
    @extend_schema(
        tags=["变更订阅"],
        operation_id="changes_repairs",
        summary="信用修复同步（ADD / MOD / DEL）",
        description=(
            "按顺序返回信用修复等引起的变更：op 为 DEL 的记录已信用修复或停止公示，"
            "已获取该记录的部门系统和信用服务机构应停止使用并删除本地副本；MOD 按新内容使用；"
            "ADD 为可以使用的新记录。首次请求不带 cursor，之后用 next_cursor 翻页，"
            "has_more 为 false 时已取完。每个令牌的获取进度单独记录，信用办可查看哪些系统尚未获取。"
        ),
        parameters=[
            OpenApiParameter(
                "cursor",
                {"type": "string", "pattern": FEED_CURSOR_PATTERN},
                description="上次响应的 next_cursor，原样传回；首次请求不填",
            ),
            *(p for p in FEED_PARAMETERS if p.name not in ("cursor", "since")),
        ],
        responses={200: schemas.ChangesSerializer, **READ_ERRORS},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"cursor", "limit"})
        if unknown:
            return error(
                _("不支持的参数：%(names)s（只接受 cursor 和 limit）") % {"names": "、".join(unknown)},
                field=unknown[0],
            )
        try:
            params = self.params(request)
            return Response(repair_feed(request.auth, params["cursor"], params["limit"]))
        except (BadCursor, BadFeedCursor) as exc:
            return error(str(exc))
