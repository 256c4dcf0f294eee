"""The liveness probe (also the load benchmark's bare view) answers without the database: the
test has no database access, so any query would fail it."""

from django.urls import reverse


def test_healthz_answers_ok_without_touching_the_database(client):
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
