"""Which reads the replica router sends to the replica, request by request (portal/replica.py).
The same rules against a real streaming standby: tests/portal/test_read_replica.py."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import resolve

from portal.models import Article, RateCounter
from portal.replica import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter, is_public_read, replica_reads
from records.models import AuditEntry, Penalty, Subject

router = ReplicaRouter()


def serve(request, view, user=None):
    """Run `view` behind the middleware as Django's handler does (process_view, then the view);
    returns the response and where the view's reads went."""
    request.user = user or AnonymousUser()
    seen = {}

    def handler(req):
        ReplicaMiddleware.process_view(middleware, req, view, (), {})
        response = view(req)
        seen.update(
            {
                model._meta.label: router.db_for_read(model)
                for model in (Subject, Penalty, Article, RateCounter, AuditEntry, Session)
            }
        )
        return response

    middleware = ReplicaMiddleware(handler)
    return middleware(request), seen


@replica_reads
def public_view(request):
    return HttpResponse("ok")


@replica_reads
def public_view_that_writes(request):
    before = router.db_for_read(Subject)
    assert router.db_for_write(Subject) == "default"
    return HttpResponse(f"{before} then {router.db_for_read(Subject)}")


def private_view(request):
    return HttpResponse("ok")


def test_an_anonymous_public_read_reads_content_from_the_replica_and_visitor_state_from_the_primary():
    response, reads = serve(RequestFactory().get("/subjects/1/"), public_view)
    assert reads == {
        "records.Subject": "replica",
        "records.Penalty": "replica",
        "portal.Article": "replica",
        # What each request counts or changes: where it is written.
        "portal.RateCounter": None,
        "records.AuditEntry": None,
        "sessions.Session": None,
    }
    assert PIN_COOKIE not in response.cookies


def test_a_streamed_export_reads_the_replica_while_it_streams():
    @replica_reads
    def export(request):
        return StreamingHttpResponse(f"{router.db_for_read(Penalty)}\n" for _ in range(2))

    response, _reads = serve(RequestFactory().get("/disclosure/penalty/?format=csv"), export)
    assert b"".join(response.streaming_content) == b"replica\nreplica\n"
    assert router.db_for_read(Penalty) is None  # and only while it streams


@pytest.mark.django_db
def test_staff_never_read_the_replica(people):
    _response, reads = serve(RequestFactory().get("/subjects/1/"), public_view, people.office_admin)
    assert set(reads.values()) == {None}


def test_other_views_and_other_methods_read_the_primary():
    for request, view in (
        (RequestFactory().get("/complaints/staff/"), private_view),
        (RequestFactory().post("/subjects/1/"), public_view),
    ):
        _response, reads = serve(request, view)
        assert set(reads.values()) == {None}, request


def test_a_write_pins_the_rest_of_the_request_and_the_visitor_to_the_primary():
    response, reads = serve(RequestFactory().get("/records/penalty/1/"), public_view_that_writes)
    assert response.content == b"replica then None"
    assert reads["records.Subject"] is None
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == settings.REPLICA_PIN_SECONDS and pin["httponly"] and pin["samesite"] == "Lax"

    # The visitor's next pages read the primary while the cookie lasts.
    pinned = RequestFactory().get("/subjects/1/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    _response, reads = serve(pinned, public_view)
    assert set(reads.values()) == {None}


def test_any_post_pins_even_when_it_wrote_outside_the_orm():
    response, _reads = serve(RequestFactory().post("/api/v1/push/penalty/"), private_view)
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS


def test_counting_a_visitor_or_auditing_pins_nobody():
    @replica_reads
    def counting_view(request):
        router.db_for_write(RateCounter)
        router.db_for_write(AuditEntry)
        return HttpResponse(router.db_for_read(Subject))

    response, _reads = serve(RequestFactory().get("/api/v1/open/penalties/"), counting_view)
    assert response.content == b"replica" and PIN_COOKIE not in response.cookies


def test_outside_a_request_everything_is_on_the_primary():
    # The task worker and management commands.
    assert router.db_for_read(Subject) is None
    assert router.db_for_write(Subject) == "default"
    assert router.allow_migrate("default", "records") is True
    assert router.allow_migrate("replica", "records") is False


def test_the_public_reads_are_the_anonymous_pages_and_the_open_data():
    public = [
        "/",
        "/search/",
        "/subjects/1/",
        "/records/penalty/1/",
        "/disclosure/",
        "/disclosure/penalty/",
        "/lists/",
        "/cases/",
        "/policies/",
        "/statistics/",
        "/api/v1/open/penalties/",
        "/api/v1/open/black-list/",
    ]
    primary = [
        # Staff, forms that write, and what must show a write of a second ago.
        "/admin/",
        "/complaints/new/",
        "/verify/",
        "/api/v1/changes/subjects/",
        "/api/v1/credit-check/91610100900000014Q/",
        "/api/v1/push/penalty/",
        "/subjects/1/certificate/",
    ]
    assert [url for url in public if not is_public_read(resolve(url).func)] == []
    assert [url for url in primary if is_public_read(resolve(url).func)] == []


def test_without_a_replica_nothing_is_routed():
    # The suite runs without DATABASE_REPLICA_URL, like any single-database deployment.
    assert set(settings.DATABASES) == {"default"}
    assert settings.DATABASE_ROUTERS == []
    assert "portal.replica.ReplicaMiddleware" not in settings.MIDDLEWARE
