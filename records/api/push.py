"""POST /api/v1/push/<kind>/: a department system reports a batch of records of one kind
(records.ingest.services does the upsert)."""

from django.conf import settings
from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import schemas
from records.api.auth import ApiTokenAuthentication, HasPushToken
from records.api.errors import JSONBodyParser
from records.api.views import IDEMPOTENCY_KEY_MAX, PUSH_ERRORS, error
from records.ingest.fields import KIND_SPECS
from records.ingest.services import MAX_BATCH_ROWS, batch_response, ingest, request_fingerprint
from records.ingest.values import printable
from records.kinds import RECORD_KINDS
from records.models import IngestBatch


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
