"""The data interface guide (数据接口说明): the OpenAPI schema drf-spectacular generates, laid out
as a Chinese page in the portal's own frame. The schema stays the one definition; Swagger UI
(/api/docs/) remains for trying requests out."""

from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}
STATUS_TEXT = {
    "200": "成功",
    "201": "已创建",
    "400": "请求有误：字段级原因见 errors",
    "401": "未提供令牌或令牌无效",
    "403": "令牌无权调用该接口",
    "404": "未找到",
    "409": "同一 Idempotency-Key 的请求仍在处理或内容不同",
    "413": "请求过大",
    "415": "请求体不是 JSON",
    "422": "内容不符合要求",
    "429": "请求过于频繁，请按 Retry-After 稍后再试",
    "503": "服务暂时不可用，请稍后重试",
}


@lru_cache(maxsize=1)
def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node or {}


def _type(node: dict) -> str:
    if "enum" in node:
        values = [v for v in node["enum"] if v not in ("", None)]
        return _("取值：") + "、".join(map(str, values[:12])) + ("……" if len(values) > 12 else "")
    kind = {
        "string": _("字符串"),
        "integer": _("整数"),
        "number": _("数字"),
        "boolean": _("布尔值"),
        "array": _("数组"),
        "object": _("对象"),
    }.get(node.get("type", ""), node.get("type", "") or "—")
    extra = []
    if node.get("format") in ("date", "date-time"):
        extra.append("YYYY-MM-DD" if node["format"] == "date" else _("日期时间（ISO 8601）"))
    if node.get("maxLength"):
        extra.append(_("最长%(n)d字") % {"n": node["maxLength"]})
    return kind + (f"（{'，'.join(extra)}）" if extra else "")


def _fields(schema: dict, body: dict) -> list[dict]:
    """The fields of one pushed row (or of the body itself)."""
    node = _resolve(schema, body)
    rows = node.get("properties", {}).get("rows")
    if rows:
        node = _resolve(schema, rows.get("items", {}))
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "required": name in required,
            "type": _type(_resolve(schema, prop)),
            "description": prop.get("description", ""),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def guide() -> list[dict]:
    schema = _schema()
    tag_text = {tag["name"]: tag.get("description", "") for tag in settings.SPECTACULAR_SETTINGS["TAGS"]}
    groups: dict[str, list] = {name: [] for name in tag_text}
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in METHOD_ORDER:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            operation = {
                "id": op.get("operationId", ""),
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "token": any(requirement for requirement in op.get("security", [])),
                "parameters": [
                    {
                        "name": p["name"],
                        "where": {"query": _("查询参数"), "path": _("路径参数"), "header": _("请求头")}.get(
                            p["in"], p["in"]
                        ),
                        "required": p.get("required", False),
                        "type": _type(p.get("schema", {})),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                "fields": _fields(schema, body) if body else [],
                "responses": [(code, STATUS_TEXT.get(code, "")) for code in op.get("responses", {})],
                "example": f"curl {'-X POST ' if method == 'post' else ''}"
                + (
                    '-H "Authorization: Bearer <令牌>" '
                    if any(requirement for requirement in op.get("security", []))
                    else ""
                )
                + ('-H "Content-Type: application/json" -d @rows.json ' if body else "")
                + f"{settings.SITE_URL}{path}",
            }
            groups.setdefault(op.get("tags", [""])[0], []).append(operation)
    return [
        {
            "name": name,
            "description": tag_text.get(name, ""),
            "operations": sorted(ops, key=lambda o: o["path"]),
        }
        for name, ops in groups.items()
        if ops
    ]
