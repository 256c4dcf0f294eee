"""The OpenAPI schema and its docs page: served with local assets only, every endpoint's
permissions set explicitly."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def test_docs_page_loads_only_local_assets():
    page = Client().get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in a for a in assets)
    assert all(a.startswith("/") for a in assets), assets
    assert "cdn" not in page and "https://" not in page.replace("https://validator", "")


def test_schema_documents_every_api_with_its_security():
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    paths = schema["paths"]
    assert "/api/v1/push/penalty/" in paths and "/api/v1/credit-check/{uscc}/" in paths
    assert "/api/v1/open/black-list/" in paths and "/api/v1/changes/subjects/" in paths
    assert schema["components"]["securitySchemes"]["departmentToken"]["scheme"] == "bearer"
    batch = schema["components"]["schemas"]["PenaltyBatchRequest"]
    assert batch["required"] == ["rows"] and batch["properties"]["rows"]["minItems"] == 1
    row = batch["properties"]["rows"]["items"]
    assert row["properties"]["cf_wsh"]["description"].startswith("行政处罚决定书文号")
    assert "cf_cfjgdm" in row["required"] and row["properties"]["cf_xdr_mc"]["maxLength"] == 200
    for path, operations in paths.items():
        for op in operations.values():
            secured = {next(iter(s), None) for s in op.get("security", [])}
            if path.startswith("/api/v1/open/"):
                assert "departmentToken" not in secured, path
            else:
                assert secured == {"departmentToken"}, path


def _api_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            if entry.name == "api-guide":
                continue  # 数据接口说明: a portal page about the API, not an endpoint
            yield prefix + str(entry.pattern), entry.callback


def test_every_api_view_sets_its_permissions_and_authentication():
    views = list(_api_views())
    assert len(views) > 20
    for route, callback in views:
        cls = callback.view_class
        initkwargs = getattr(callback, "view_initkwargs", {})
        explicit = {
            name
            for name in ("permission_classes", "authentication_classes")
            if name in initkwargs
            or any(name in vars(k) for k in cls.__mro__ if k.__module__.startswith(("records", "publicity")))
        }
        assert explicit == {"permission_classes", "authentication_classes"}, route


# What each endpoint answers besides 200, by path prefix (records/api/views.py, publicity/api.py).
STATUSES = {
    "/api/v1/push/": {"400", "401", "403", "409", "413", "415", "422", "503"},
    "/api/v1/credit-check/": {"400", "401", "403", "404"},
    "/api/v1/changes/": {"400", "401", "403"},
    "/api/v1/open/": {"400", "404", "429"},
    "/api/v1/token/": {"401", "403"},
}


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_schema_documents_every_status_and_constraint():
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    for path, operations in schema["paths"].items():
        wanted = next(codes for prefix, codes in STATUSES.items() if path.startswith(prefix))
        for op in operations.values():
            assert wanted | {"200"} <= set(op["responses"]), path
            for code in wanted:
                body = op["responses"][code]["content"]["application/json"]["schema"]
                assert "detail" in _resolve(schema, body)["properties"], (path, code)
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/open/penalties/"]["get"]["parameters"]}
    assert params["q"]["maxLength"] == 100 and params["page_size"]["maximum"] == 100
    assert params["department"]["anyOf"][0]["maximum"] == 2**63 - 1
    feed = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/changes/subjects/"]["get"]["parameters"]}
    assert feed["limit"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert "pattern" in feed["cursor"]


def _examples(node, schema_here=None):
    """(example, the schema it illustrates) for every example in the document."""
    if isinstance(node, dict):
        if "example" in node and "type" in node:
            yield node["example"], node
        for key, value in node.items():
            if key == "examples" and isinstance(value, dict) and schema_here is not None:
                for example in value.values():
                    yield example["value"], schema_here
            else:
                yield from _examples(value, node.get("schema", schema_here))
    elif isinstance(node, list):
        for value in node:
            yield from _examples(value, schema_here)


def test_every_example_in_the_schema_validates():
    from jsonschema import Draft4Validator, FormatChecker

    text = Client().get("/api/schema/?format=json").content.decode()
    assert "example.org" not in text
    schema = json.loads(text)
    examples = list(_examples(schema))
    assert len(examples) > 10
    for value, node in examples:
        node = {k: v for k, v in _resolve(schema, node).items() if k not in ("example", "nullable")}
        Draft4Validator(node, format_checker=FormatChecker()).validate(value)
