"""The liveness probe /healthz answers a load balancer's probe by IP over plain HTTP, before the
host check and the HTTPS redirect; /ping is the bare view through the whole middleware stack.

Neither touches the database: these tests have no database access, so any query would fail
them."""

from django.test import override_settings
from django.urls import reverse

PRODUCTION = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["credit.example.gov.cn"]}


@override_settings(**PRODUCTION)
def test_a_probe_by_ip_over_http_gets_ok_not_a_redirect_or_a_bad_host(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    assert client.head("/healthz", HTTP_HOST="10.0.0.7").status_code == 200


@override_settings(**PRODUCTION)
def test_every_other_path_still_gets_the_host_check_and_the_redirect(client):
    assert client.get("/ping", HTTP_HOST="10.0.0.7").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="10.0.0.7").status_code == 400
    redirect = client.get("/ping", HTTP_HOST="credit.example.gov.cn")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://credit.example.gov.cn/ping"
    assert client.post("/healthz", HTTP_HOST="10.0.0.7").status_code == 400


def test_the_bare_view_answers_through_the_whole_stack(client):
    response = client.get(reverse("portal:ping"))
    assert response.status_code == 200
    assert response.content == b"ok"
    # The security middleware ran on it, unlike the probe.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Content-Type-Options" not in client.get("/healthz")
