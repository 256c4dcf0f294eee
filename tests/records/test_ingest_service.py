"""The one upsert path: validation, natural-key upsert, subjects, timeliness, batch log."""

import datetime

import pytest
from django.utils import timezone

from records.ingest.services import ingest
from records.models import IngestBatch, Penalty, Permit, Subject
from records.workdays import add_workdays
from tests import factories as f
from tests.records.exchange_factories import penalty_row, permit_row, person_penalty_row

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def dept():
    return f.department()


def run(dept, kind, rows, **kw):
    batch = IngestBatch(department=dept, kind=kind, source=IngestBatch.Source.API, total_rows=len(rows), **kw)
    results = ingest(batch, list(enumerate(rows)))
    return batch, results


def test_good_and_bad_rows_store_exactly_the_good_ones(dept):
    good = [penalty_row(dept) for _ in range(3)]
    bad_missing = penalty_row(dept, cf_wfxw="")
    bad_code = penalty_row(dept, cf_xdr_shxym="91610000MA6TG8XX1A")
    batch, results = run(dept, "penalty", [good[0], bad_missing, good[1], bad_code, good[2]])

    assert [r.status for r in results] == ["created", "rejected", "created", "rejected", "created"]
    assert Penalty.objects.count() == 3
    assert results[1].errors[0]["field"] == "cf_wfxw"
    assert "违法行为类型" in results[1].errors[0]["message"] and "必填" in results[1].errors[0]["message"]
    assert results[3].errors[0]["field"] == "cf_xdr_shxym"
    assert "统一社会信用代码" in results[3].errors[0]["message"]
    batch.refresh_from_db()
    assert (batch.created_count, batch.rejected_count, batch.status) == (3, 2, "done")
    assert len(batch.errors) == 2 and batch.errors[0]["row"] == 1


def test_resending_changes_nothing_and_a_correction_updates(dept):
    rows = [penalty_row(dept) for _ in range(4)]
    run(dept, "penalty", rows)
    stamp = list(Penalty.objects.order_by("id").values_list("id", "updated_at"))

    _, again = run(dept, "penalty", rows)
    assert {r.status for r in again} == {"unchanged"}
    assert list(Penalty.objects.order_by("id").values_list("id", "updated_at")) == stamp

    rows[2] = {**rows[2], "cf_nr": "罚款人民币3万元", "cf_nr_fk": "3"}
    _, third = run(dept, "penalty", rows)
    assert [r.status for r in third] == ["unchanged", "unchanged", "updated", "unchanged"]
    assert Penalty.objects.count() == 4
    assert Penalty.objects.get(document_number=rows[2]["cf_wsh"]).fine_amount == 3


def test_subject_matched_by_uscc_or_created(dept):
    known = f.subject(name="陕西已登记有限公司")
    _, results = run(
        dept,
        "penalty",
        [penalty_row(dept, cf_xdr_shxym=known.uscc.lower() + " ", cf_xdr_mc=known.name), penalty_row(dept)],
    )
    assert Penalty.objects.get(pk=results[0].record_id).subject == known
    created = Penalty.objects.get(pk=results[1].record_id).subject
    assert created.uscc and created.kind == Subject.Kind.LEGAL_ENTITY and created.region is not None


def test_person_matched_by_id_number(dept):
    row = person_penalty_row(dept)
    _, first = run(dept, "penalty", [row])
    _, second = run(dept, "penalty", [person_penalty_row(dept, cf_xdr_zjhm=row["cf_xdr_zjhm"])])
    subjects = {Penalty.objects.get(pk=r.record_id).subject_id for r in first + second}
    assert len(subjects) == 1
    assert Subject.objects.get(pk=subjects.pop()).kind == Subject.Kind.PERSON


def test_late_records_are_accepted_and_flagged(dept):
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    _, results = run(
        dept, "permit", [permit_row(dept, xk_jdrq=long_ago.isoformat(), xk_yxqz=long_ago.isoformat())]
    )
    permit = Permit.objects.get(pk=results[0].record_id)
    assert results[0].status == "created" and results[0].late is True
    assert permit.is_late and permit.report_deadline == add_workdays(long_ago, 7)


def test_future_dates_and_foreign_department_are_refused(dept):
    other = f.department(name="宝鸡市市场监督管理局", area="610300")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    _, results = run(
        dept, "penalty", [penalty_row(dept, cf_jdrq=tomorrow), penalty_row(dept, cf_sjlydm=other.uscc)]
    )
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert "不能晚于今天" in results[0].errors[0]["message"]
    assert "只能报送本部门" in results[1].errors[0]["message"]
    assert Penalty.objects.count() == 0


def test_duplicate_document_number_in_one_batch(dept):
    row = penalty_row(dept)
    _, results = run(dept, "penalty", [row, {**row, "cf_nr": "另一内容"}])
    assert [r.status for r in results] == ["created", "rejected"]
    assert "重复" in results[1].errors[0]["message"]


def test_a_row_the_database_refuses_is_rejected_alone(dept, monkeypatch):
    """Validation catches what it knows; should the database still refuse a row, only that row
    is rejected and the rest of its chunk is written."""
    from records.ingest import validate

    original = validate.RowValidator.validate

    def sabotaged(self, position, raw):
        row = original(self, position, raw)
        if position == 1:
            row.values["content"] = None  # NOT NULL in the table
        return row

    monkeypatch.setattr(validate.RowValidator, "validate", sabotaged)
    rows = [penalty_row(dept) for _ in range(3)]
    batch, results = run(dept, "penalty", rows)
    assert [r.status for r in results] == ["created", "rejected", "created"]
    assert "写入数据库失败" in results[1].errors[0]["message"]
    assert sorted(Penalty.objects.values_list("document_number", flat=True)) == sorted(
        [rows[0]["cf_wsh"], rows[2]["cf_wsh"]]
    )
    batch.refresh_from_db()
    assert (batch.created_count, batch.rejected_count) == (2, 1)


def test_every_kind_has_national_codes_and_chinese_headers():
    from records.ingest.fields import KIND_SPECS
    from records.kinds import RECORD_KINDS

    assert set(KIND_SPECS) == set(RECORD_KINDS)
    penalty = {f.code: f.header for f in KIND_SPECS["penalty"].fields}
    assert penalty["cf_wsh"] == "行政处罚决定书文号"
    assert penalty["cf_xdr_shxym"] == "行政相对人代码_1（统一社会信用代码）"
    assert {f.code: f.header for f in KIND_SPECS["permit"].fields}["xk_wsh"] == "行政许可决定文书号"
    for spec in KIND_SPECS.values():
        codes = [f.code for f in spec.fields]
        assert len(codes) == len(set(codes)), spec.slug
        assert spec.key_code.startswith(spec.prefix)


def test_person_with_a_passport_number(dept):
    row = person_penalty_row(dept, cf_xdr_zjlx="护照号", cf_xdr_zjhm="E12345678")
    _, first = run(dept, "penalty", [row])
    _, second = run(dept, "penalty", [{**row, "cf_wsh": row["cf_wsh"] + "-2"}])
    assert first[0].status == second[0].status == "created"
    assert Subject.objects.filter(id_number="E12345678").count() == 1
    too_long = person_penalty_row(dept, cf_xdr_zjlx="护照号", cf_xdr_zjhm="X" * 20)
    _, third = run(dept, "penalty", [too_long])
    assert third[0].status == "rejected" and "不能超过18位" in third[0].errors[0]["message"]


def test_resending_an_expired_record_with_a_new_window_publishes_it_again(dept):
    from records.models import RecordStatus

    expired_row, withdrawn_row = penalty_row(dept), penalty_row(dept)
    run(dept, "penalty", [expired_row, withdrawn_row])
    Penalty.objects.filter(document_number=expired_row["cf_wsh"]).update(status=RecordStatus.EXPIRED)
    Penalty.objects.filter(document_number=withdrawn_row["cf_wsh"]).update(status=RecordStatus.WITHDRAWN)
    later = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()

    _, same = run(dept, "penalty", [expired_row])
    assert same[0].status == "unchanged"
    assert Penalty.objects.get(document_number=expired_row["cf_wsh"]).status == RecordStatus.EXPIRED

    _, results = run(
        dept, "penalty", [{**expired_row, "cf_gsjzq": later}, {**withdrawn_row, "cf_gsjzq": later}]
    )
    assert [r.status for r in results] == ["updated", "updated"]
    assert Penalty.objects.get(document_number=expired_row["cf_wsh"]).status == RecordStatus.PUBLISHED
    assert Penalty.objects.get(document_number=withdrawn_row["cf_wsh"]).status == RecordStatus.WITHDRAWN
