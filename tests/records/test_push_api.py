"""The push API as a department's system uses it: tokens, batches, per-row results, idempotency."""

import json

import pytest
from django.test import Client

from records.models import ApiToken, IngestBatch, Penalty, Permit
from tests import factories as f
from tests.records.exchange_factories import penalty_row, permit_row, token

pytestmark = pytest.mark.django_db

PENALTY_URL = "/api/v1/push/penalty/"


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def push(dept):
    return token(dept)[1]


def post(url, body, key=None, *, raw=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False)
    return Client().post(url, data=data, content_type="application/json", **headers)


def test_a_thousand_penalties_with_bad_rows_get_per_row_results(dept, push):
    rows = [penalty_row(dept) for _ in range(1000)]
    # Rows the schema allows but whose content is wrong: rejected one by one, the rest written.
    rows[10] = {**rows[10], "cf_jdrq": "2099-01-01"}
    rows[500] = {**rows[500], "cf_cflb": "罚金"}
    rows[999] = {**rows[999], "cf_cfjgdm": "91610000MA6TG8XX1A"}
    response = post(PENALTY_URL, {"rows": rows}, push)

    assert response.status_code == 200
    body = response.json()
    assert (body["received"], body["created"], body["rejected"]) == (1000, 997, 3)
    assert Penalty.objects.count() == 997
    rejected = {r["index"]: r for r in body["results"] if r["status"] == "rejected"}
    assert set(rejected) == {10, 500, 999}
    assert rejected[10]["errors"][0]["field"] == "cf_jdrq"
    assert (
        "处罚决定日期" in rejected[10]["errors"][0]["message"]
        and "不能晚于今天" in rejected[10]["errors"][0]["message"]
    )
    assert rejected[500]["errors"][0]["field"] == "cf_cflb"
    assert "罚金" in rejected[500]["errors"][0]["message"]
    assert rejected[999]["errors"][0]["field"] == "cf_cfjgdm"
    assert rejected[999]["errors"][0]["column"] == "处罚机关统一社会信用代码"
    assert "校验码" in rejected[999]["errors"][0]["message"]
    created = body["results"][0]
    assert created["status"] == "created" and created["document_number"] == rows[0]["cf_wsh"]
    assert Penalty.objects.get(pk=created["id"]).department == dept

    again = post(PENALTY_URL, {"rows": rows}, push).json()
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 997, 3)
    assert Penalty.objects.count() == 997

    batch = IngestBatch.objects.get(pk=body["batch"])
    assert batch.token.department == dept and batch.created_count == 997 and batch.rejected_count == 3
    assert batch.status == "done" and batch.finished_at is not None


def test_idempotency_key_replays_the_first_response(dept, push):
    rows = [penalty_row(dept) for _ in range(3)]
    first = post(PENALTY_URL, {"rows": rows}, push, HTTP_IDEMPOTENCY_KEY="req-0001")
    Penalty.objects.filter(document_number=rows[0]["cf_wsh"]).update(content="改过")
    second = post(PENALTY_URL, {"rows": rows}, push, HTTP_IDEMPOTENCY_KEY="req-0001")
    assert second.status_code == 200 and second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert IngestBatch.objects.count() == 1
    assert Penalty.objects.get(document_number=rows[0]["cf_wsh"]).content == "改过"  # not re-applied

    other = post(PENALTY_URL, {"rows": rows[:1]}, push, HTTP_IDEMPOTENCY_KEY="req-0001")
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]


@pytest.mark.parametrize(
    ("body", "raw", "status", "words"),
    [
        (None, "{不是JSON", 400, "不是有效的 JSON"),
        ({"rows": "abc"}, None, 400, "rows"),
        ({"rows": []}, None, 400, "至少1条"),
        ({"items": [1]}, None, 400, "rows"),
        ([{"cf_wsh": "1"}], None, 400, "请求体：应为JSON 对象"),
        ({"rows": [1, "x", None, [], {"cf_wsh": {"a": 1}}]}, None, 400, "rows[0]：应为JSON 对象"),
    ],
)
def test_malformed_requests_get_clear_answers(dept, push, body, raw, status, words):
    response = post(PENALTY_URL, body, push, raw=raw)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert IngestBatch.objects.count() == 0


def test_a_request_the_schema_refuses_is_refused_whole_naming_row_and_field(dept, push):
    rows = [penalty_row(dept) for _ in range(3)]
    rows[1] = {**rows[1], "cf_nr_fk": True, "cf_jdrq": "2026/13/40", "cf_xdr_mc": ["a"]}
    rows[2].pop("cf_cfjgdm")
    response = post(PENALTY_URL, {"rows": rows}, push)
    assert response.status_code == 400
    body = response.json()
    found = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert "数字" in found[(1, "cf_nr_fk")]
    assert "YYYY-MM-DD" in found[(1, "cf_jdrq")] and "2026/13/40" in found[(1, "cf_jdrq")]
    assert "应为文本" in found[(1, "cf_xdr_mc")]
    assert found[(2, "cf_cfjgdm")] == "rows[2] cf_cfjgdm（处罚机关统一社会信用代码）：缺少必填字段"
    assert body["detail"] == body["errors"][0]["message"]
    assert IngestBatch.objects.count() == 0 and Penalty.objects.count() == 0  # nothing written


def test_ten_thousand_and_one_rows_are_refused(dept, push):
    rows = [{"cf_wsh": str(i)} for i in range(10_001)]
    response = post(PENALTY_URL, {"rows": rows}, push)
    assert response.status_code == 413
    assert "最多 1000 条" in response.json()["detail"]
    assert IngestBatch.objects.count() == 0


def test_oversized_body_is_refused_before_parsing(dept, push, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(PENALTY_URL, {"rows": [penalty_row(dept) for _ in range(5)]}, push)
    assert response.status_code == 413 and "请求体过大" in response.json()["detail"]


def test_token_scoping(dept):
    other = f.department(name="宝鸡市市场监督管理局", area="610300")
    _t, permit_only = token(dept, kinds=["permit"])
    _t, reader = token(dept, direction="read")
    _t, revoked_key = token(dept)
    _t.revoke()

    assert post(PENALTY_URL, {"rows": [penalty_row(dept)]}).status_code == 401
    assert post(PENALTY_URL, {"rows": [penalty_row(dept)]}, "xy_forged").json()["detail"] == "接口令牌无效"
    assert "已被撤销" in post(PENALTY_URL, {"rows": [penalty_row(dept)]}, revoked_key).json()["detail"]
    assert post(PENALTY_URL, {"rows": [penalty_row(dept)]}, permit_only).status_code == 403
    assert post(PENALTY_URL, {"rows": [penalty_row(dept)]}, reader).status_code == 403
    ok = post("/api/v1/push/permit/", {"rows": [permit_row(dept)]}, permit_only).json()
    assert ok["created"] == 1

    # Another department's token cannot write this department's records.
    _t, foreign = token(other)
    result = post(PENALTY_URL, {"rows": [penalty_row(dept)]}, foreign).json()["results"][0]
    assert result["status"] == "rejected" and "只能报送本部门" in result["errors"][0]["message"]
    rows = penalty_row(other)
    rows.pop("cf_sjlydm")
    assert post(PENALTY_URL, {"rows": [rows]}, foreign).json()["created"] == 1
    assert Penalty.objects.get().department == other
    assert Permit.objects.get().department == dept


def test_tokens_are_stored_hashed(dept):
    tok, raw = ApiToken.issue(department=dept, direction="push", name="x")
    stored = ApiToken.objects.filter(pk=tok.pk).values()[0]
    assert raw not in json.dumps(stored, default=str, ensure_ascii=False)
    assert tok.key_prefix == raw[: len(tok.key_prefix)] and len(tok.key_prefix) < 12


def test_unknown_fields_are_reported_as_ignored(dept, push):
    body = post(
        PENALTY_URL, {"rows": [{**penalty_row(dept), "sjc": "2026-01-01", "cf_extra": 1}]}, push
    ).json()
    assert body["created"] == 1 and body["ignored_fields"] == ["cf_extra", "sjc"]


def test_every_kind_accepts_a_row(dept, push):
    """Each kind's endpoint stores a minimal valid row (all required fields)."""
    from records.ingest.fields import KIND_SPECS
    from records.kinds import RECORD_KINDS
    from tests.records.exchange_factories import minimal_row

    f.list_type()
    for slug in KIND_SPECS:
        response = post(f"/api/v1/push/{slug}/", {"rows": [minimal_row(slug, dept)]}, push)
        body = response.json()
        assert body["created"] == 1, (slug, body)
        assert RECORD_KINDS[slug].model.objects.filter(pk=body["results"][0]["id"]).exists()
