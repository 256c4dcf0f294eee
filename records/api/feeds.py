"""The changes feeds under /api/v1/changes/: subjects, list entries and credit repairs, read by
cursor (published, approved rows only)."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import schemas
from records.api.auth import ApiTokenAuthentication, HasReadToken
from records.api.selectors import (
    CURSOR_PATTERN,
    INDUSTRY_PATTERN,
    REGION_PATTERN,
    BadCursor,
    list_entry_changes,
    subject_changes,
)
from records.api.views import (
    READ_ERRORS,
    error,
)
from records.services.propagation import FEED_CURSOR_PATTERN, BadFeedCursor, repair_feed

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
