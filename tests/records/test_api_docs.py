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
    row = schema["components"]["schemas"]["PenaltyRowRequest"]["properties"]
    assert row["cf_wsh"]["description"].startswith("行政处罚决定书文号")
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
