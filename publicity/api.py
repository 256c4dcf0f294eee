"""Open data: the disclosure columns as a public, read-only, throttled JSON API.

Every endpoint selects through publicity.rules.publishable and masks personal data through
publicity.masking, exactly like the pages: what the API shows is what the site shows.

This module: pagination (capped counts, the keyset cursor) and the views; the filters and the
serializers are publicity.api_filters and publicity.api_serializers.
"""

import datetime

from django.conf import settings
from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from portal import httpcache
from portal.paginator import DEFAULT_CAP, CappedPaginator
from portal.throttling import ClientRateThrottle
from publicity.api_filters import (
    AbnormalFilter,
    CommitmentFilter,
    InspectionFilter,
    ListEntryFilter,
    PenaltyFilter,
    PermitFilter,
)
from publicity.api_serializers import (
    AbnormalSerializer,
    CommitmentSerializer,
    InspectionSerializer,
    ListEntrySerializer,
    PenaltySerializer,
    PermitSerializer,
)
from publicity.rules import publishable
from records import models as m
from records.api.schemas import ErrorSerializer
from records.api.selectors import CURSOR_PATTERN, MAX_ID, after_row

# A cursor is "<days since 1970>_<id>" of the last row sent (decision date, newest first): every
# string of the changes feeds' cursor shape is valid here too; past the end it has no rows.
_EPOCH_DAY = datetime.date(1970, 1, 1)


def encode_cursor(record) -> str:
    return f"{max(0, (record.decision_date - _EPOCH_DAY).days)}_{record.pk}"


def decode_cursor(raw: str) -> tuple[datetime.date, int]:
    days, _sep, pk = raw.partition("_")
    if not (days.isascii() and days.isdigit() and pk.isascii() and pk.isdigit()):
        raise ValidationError({"cursor": [_("cursor 无效：请使用上次响应中的 next_cursor 原样传回")]})
    try:
        day = _EPOCH_DAY + datetime.timedelta(days=int(days))
    except OverflowError:
        day = datetime.date.max
    return day, min(int(pk), MAX_ID)


class OpenDataPagination(PageNumberPagination):
    """page from 1 (past the last page: 404), page_size from 1 to 100; anything else is a 400
    rather than silently the default.

    The count stops at the disclosure pages' cap (portal.paginator, DEFAULT_CAP): counting
    every public row of a table on every page was most of each response's time. Page numbers
    reach that far; past it, and for any deep read, `cursor` (the last response's next_cursor)
    continues newest first from the last row sent, a range scan of the (status, decision date,
    id) index whatever the depth. With a cursor, `page` is ignored."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    invalid_page_message = _("page 超出范围：没有第 {page_number} 页")

    def _integer(self, request, name: str, low: int, high: int | None):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        value = int(raw) if raw.isascii() and raw.isdigit() else 0
        if value < low or (high is not None and value > high):
            limit = _("%(low)d 至 %(high)d 之间的整数") % {"low": low, "high": high} if high else _("正整数")
            raise ValidationError(
                {name: [_("应为%(limit)s，当前为“%(raw)s”") % {"limit": limit, "raw": raw[:50]}]}
            )
        return value

    def get_page_size(self, request):
        size = self._integer(request, self.page_size_query_param, 1, self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator):
        return self._integer(request, self.page_query_param, 1, None) or 1

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        number = self.get_page_number(request, None)  # checked even when a cursor makes it moot
        self.counter = CappedPaginator(queryset, size, cap=DEFAULT_CAP)
        raw = request.query_params.get(self.cursor_query_param, "").strip()
        self.page = None
        if raw:
            day, pk = decode_cursor(raw)
            rows = list(queryset.filter(after_row("decision_date", day, pk, descending=True))[: size + 1])
            self.has_more = len(rows) > size
            rows = rows[:size]
        else:
            try:
                self.page = self.counter.page(number)
            except InvalidPage:  # past the last page
                raise NotFound(self.invalid_page_message.format(page_number=number)) from None
            rows = list(self.page)
            # At the cap the last numbered page is not the last row: the cursor goes on.
            self.has_more = self.page.has_next() or self.counter.is_capped
        self.next_cursor = encode_cursor(rows[-1]) if rows and self.has_more else ""
        return rows

    def get_next_link(self):
        if self.page is not None and self.page.has_next():
            url = self.request.build_absolute_uri()
            return replace_query_param(url, self.page_query_param, self.page.next_page_number())
        if not self.next_cursor:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_previous_link(self):
        return None if self.page is None else super().get_previous_link()

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.counter.count,
                "count_capped": self.counter.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "next_cursor": self.next_cursor,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        base = f"{settings.SITE_URL.rstrip('/')}/api/v1/open/penalties/"
        out["properties"]["count"]["description"] = (
            f"符合条件的记录数，最多数到 {DEFAULT_CAP}（见 count_capped）"
        )
        out["properties"]["next"]["example"] = f"{base}?page=3"
        out["properties"]["previous"]["example"] = f"{base}?page=1"
        properties = list(out["properties"].items())
        properties[1:1] = [
            (
                "count_capped",
                {
                    "type": "boolean",
                    "description": f"为 true 时记录多于 {DEFAULT_CAP} 条，count 只计到 {DEFAULT_CAP}；"
                    "更深的记录用 next_cursor 继续读取",
                    "example": False,
                },
            )
        ]
        properties.insert(
            4,
            (
                "next_cursor",
                {
                    "type": "string",
                    "pattern": CURSOR_PATTERN,
                    "description": "下一页的 cursor（原样传回）；为空时已到最后",
                    "example": "20454_123456",
                },
            ),
        )
        out["properties"] = dict(properties)
        out["required"] = sorted({*out.get("required", []), "count_capped", "next_cursor"})
        return out

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"页码，从 1 开始，最多翻到第 {DEFAULT_CAP} 条；超过最后一页时返回 404；有 cursor 时忽略"
                )
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = f"每页条数，1 至 {self.max_page_size}，默认 {self.page_size}"
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "上次响应的 next_cursor，原样传回：从上次最后一条之后继续（按决定日期从新到旧）",
                "schema": {"type": "string", "pattern": CURSOR_PATTERN},
            }
        )
        return parameters


# ---------------------------------------------------------------------------------------- views


class OpenDataView(ListAPIView):
    model = None
    polarity = ""
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "open_data"
    pagination_class = OpenDataPagination
    # Anonymous and read-only: served by the replica when one is configured (portal.replica).
    replica_reads = True

    def get(self, request, *args, **kwargs):
        """The same JSON for every caller (no token, no session), so it is served from the
        server-side page cache (portal.httpcache) once made. Only after the throttle, which
        counts cached answers too: the published limit per client stays what it says. The
        browsable HTML variant is never kept (it carries a CSRF token)."""
        if request.accepted_renderer.format != "json":
            return super().get(request, *args, **kwargs)
        lookup = httpcache.fetch(request._request, variant=request.accepted_media_type)
        if lookup.response is not None:
            return lookup.response
        response = super().get(request, *args, **kwargs)
        response.add_post_render_callback(lambda rendered: httpcache.keep(lookup, request._request, rendered))
        return response

    def get_queryset(self):
        qs = publishable(self.model).select_related("department")
        if self.model is m.ListEntry:
            qs = qs.select_related("list_type").filter(list_type__polarity=self.polarity)
        return qs.order_by("-decision_date", "-id")


def _open_view(name, model, serializer, filterset, label, polarity=""):
    view = type(
        name,
        (OpenDataView,),
        {
            "model": model,
            "polarity": polarity,
            "serializer_class": serializer,
            "filterset_class": filterset,
            "__doc__": f"{label}（公开数据，仅含公示期内信息，个人证件号码已脱敏）",
        },
    )
    return extend_schema_view(
        get=extend_schema(
            tags=["公开数据"],
            summary=f"{label}公示信息",
            operation_id=f"open_{name.lower()}",
            responses={
                200: serializer(many=True),
                400: ErrorSerializer,
                404: ErrorSerializer,
                429: ErrorSerializer,
            },
        )
    )(view)


OPEN_DATA_VIEWS = {
    "permits": _open_view("Permits", m.Permit, PermitSerializer, PermitFilter, "行政许可"),
    "penalties": _open_view("Penalties", m.Penalty, PenaltySerializer, PenaltyFilter, "行政处罚"),
    "inspections": _open_view(
        "Inspections", m.Inspection, InspectionSerializer, InspectionFilter, "双随机抽查结果"
    ),
    "red-list": _open_view("RedList", m.ListEntry, ListEntrySerializer, ListEntryFilter, "守信红名单", "red"),
    "black-list": _open_view(
        "BlackList", m.ListEntry, ListEntrySerializer, ListEntryFilter, "失信黑名单", "black"
    ),
    "commitments": _open_view(
        "Commitments", m.Commitment, CommitmentSerializer, CommitmentFilter, "信用承诺"
    ),
    "abnormal": _open_view(
        "Abnormal", m.AbnormalOperation, AbnormalSerializer, AbnormalFilter, "经营异常名录"
    ),
}
