"""How every API under /api/ answers a problem: JSON `{"detail": <Chinese message>}`, never HTML.

- `api_exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]) gives DRF's errors one shape:
  a parameter's validation errors become one message naming the parameter, with the details in
  `errors`; a database that went away mid-request is a 503 saying nothing was written (each
  request's writes are one transaction).
- `JSONBodyParser` refuses bodies nested deeper than any request of the API needs (a deep
  nesting otherwise ends in Python's RecursionError, a 500).
- `json_not_found` / `json_server_error` are the 404 / 500 answers under /api/ (portal.views).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

MAX_JSON_DEPTH = 32


def _label(view, name: str) -> str:
    filterset = getattr(view, "filterset_class", None)
    flt = filterset.base_filters.get(name) if filterset is not None else None
    label = getattr(flt, "label", None)
    return f"{name}（{label}）" if label else name


def _first_message(value) -> str:
    while isinstance(value, (list, dict)) and value:
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return str(value)


def api_exception_handler(exc, context):
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("API request ended by a database error: %s", exc)
        return Response(
            {"detail": _("数据库暂时不可用或连接中断：本次请求未写入任何数据，请稍后重试")},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "30"},
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        if "detail" not in response.data:
            errors = response.data
            name = next(iter(errors))
            field = name if name != "non_field_errors" else ""
            message = _first_message(errors[name])
            detail = f"{_label(context.get('view'), field)}：{message}" if field else message
            response.data = {"detail": detail, "field": field, "errors": errors}
    elif isinstance(exc, exceptions.ValidationError) and isinstance(response.data, list):
        response.data = {"detail": _first_message(response.data)}
    return response


class JSONBodyParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_too_deep()) from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(_too_deep())
        return data


def _too_deep() -> str:
    return _("请求体 JSON 嵌套过深（最多 %(n)d 层）") % {"n": MAX_JSON_DEPTH}


def _depth(data) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    if not isinstance(data, dict | list):
        return 0
    # Only containers go on the stack: a push of 1,000 rows has 16,000 scalars and 1,001 containers.
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            return depth
        children = value.values() if isinstance(value, dict) else value
        stack.extend((v, depth + 1) for v in children if isinstance(v, dict | list))
    return deepest


def json_not_found(request) -> JsonResponse:
    return JsonResponse(
        {"detail": _("接口不存在：%(path)s（接口说明见 /api/docs/）") % {"path": request.path}},
        status=status.HTTP_404_NOT_FOUND,
        json_dumps_params={"ensure_ascii": False},
    )


def json_server_error(request) -> JsonResponse:
    return JsonResponse(
        {"detail": _("服务器内部错误，请稍后重试；问题持续时请联系省信用办")},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        json_dumps_params={"ensure_ascii": False},
    )
