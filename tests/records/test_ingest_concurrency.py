"""Concurrent pushes of overlapping batches never duplicate a record or a subject.

Each thread has its own database connection (Django opens one per thread), so on PostgreSQL the
batches really run in parallel transactions. SQLite has a single writer and its in-memory test
database reports a lock conflict instead of waiting, so there the threads take turns; the
assertions are the same.
"""

import contextlib
import json
import random
import threading

import pytest
from django.db import connection
from django.test import Client

from records.models import Penalty, Subject
from tests import factories as f
from tests.records.exchange_factories import penalty_row, person_penalty_row, token


@pytest.mark.django_db(transaction=True)
def test_overlapping_batches_pushed_at_once_never_duplicate():
    dept = f.department()
    _t, key = token(dept)
    rows = [penalty_row(dept) for _ in range(400)] + [person_penalty_row(dept) for _ in range(50)]
    # Persons reported twice under different documents: one subject each all the same.
    rows += [{**rows[400 + i], "cf_wsh": rows[400 + i]["cf_wsh"] + "-2"} for i in range(50)]
    batches = [rows[0:300], rows[150:500], rows[:], list(reversed(rows[100:400]))]
    for batch in batches[2:]:
        random.Random(7).shuffle(batch)
    barrier = threading.Barrier(len(batches))
    responses, failures = [None] * len(batches), []
    turn = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def push(i):
        try:
            barrier.wait(timeout=30)
            with turn:
                response = Client().post(
                    "/api/v1/push/penalty/",
                    data=json.dumps({"rows": batches[i]}, ensure_ascii=False),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
            responses[i] = (response.status_code, response.json())
        except Exception as exc:  # reported below with the thread's number
            failures.append((i, repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(batches))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not failures
    assert all(code == 200 for code, _body in responses), responses
    statuses = [r["status"] for _c, body in responses for r in body["results"]]
    assert "rejected" not in statuses
    # Every document was created by exactly one of the batches; the others saw it as existing.
    assert statuses.count("created") == len(rows)
    assert Penalty.objects.count() == len(rows)
    assert Penalty.objects.values("document_number").distinct().count() == len(rows)
    assert Subject.objects.filter(kind=Subject.Kind.PERSON).count() == 50
    assert Subject.objects.exclude(kind=Subject.Kind.PERSON).count() == 400
