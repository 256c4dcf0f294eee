"""The compiled schema check (fastjsonschema, the fast path of every push) and jsonschema (which
words the errors) must agree on every request: a request the fast path lets through is one
jsonschema finds nothing wrong with, and the other way round."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator, FormatChecker

from records.api import schemas
from records.ingest.fields import KIND_SPECS
from records.models import Department
from tests import factories as f
from tests.records.exchange_factories import minimal_row, penalty_row

# Values that probe each kind of constraint: types, empty and blank text, lengths, dates that do
# not exist, amounts at and past the bounds, codes of the wrong length, the enum's neighbours.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "2026-02-30",
            "2026-13-01",
            "2024-02-29",
            "20240101",
            "2024-1-1",
            "99999999.999999",
            "100000000",
            "0.0000001",
            "-1",
            "91610100MA6TGABCDE",
            "91610100ma6tgxxxx",
            "法人及非法人组织",
            "自然人",
            "个体工商户",
            "罚款",
            "x" * 201,
            "文" * 4001,
        ]
    ),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _verdicts(slug: str, payload) -> tuple[bool, bool]:
    slow = Draft4Validator(
        schemas._json_schema(copy.deepcopy(schemas.push_request_schema(slug))), format_checker=FormatChecker()
    )
    try:
        schemas._fast_check(slug)(payload)
        fast_ok = True
    except schemas.fastjsonschema.JsonSchemaException:
        fast_ok = False
    return fast_ok, slow.is_valid(payload)


@pytest.fixture
def rows(db):
    dept = Department(name="西安市市场监督管理局", uscc=f.uscc())  # rows need its name and code only
    return {
        "penalty": penalty_row(dept),
        **{slug: minimal_row(slug, dept) for slug in ("permit", "list_entry")},
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fast_and_detailed_schema_checks_agree(rows, data):
    slug = data.draw(st.sampled_from(sorted(rows)))
    row = dict(rows[slug])
    codes = [field.code for field in KIND_SPECS[slug].fields]
    for code in data.draw(st.lists(st.sampled_from(codes), max_size=3, unique=True)):
        if data.draw(st.booleans()):
            row[code] = data.draw(ODD_VALUES)
        else:
            row.pop(code, None)
    payload = data.draw(
        st.sampled_from(
            [
                {"rows": [row]},
                {"rows": [rows[slug], row]},
                {"rows": []},
                {"rows": row},
                {"items": [row]},
                [row],
            ]
        )
    )
    fast_ok, slow_ok = _verdicts(slug, payload)
    assert fast_ok == slow_ok, (payload, fast_ok, slow_ok)
    errors = schemas.push_request_errors(slug, payload)
    assert (errors == []) == slow_ok


def test_a_valid_request_passes_the_fast_check_without_messages(rows):
    for slug, row in rows.items():
        assert _verdicts(slug, {"rows": [row] * 3}) == (True, True)
        assert schemas.push_request_errors(slug, {"rows": [row] * 3}) == []


@pytest.mark.parametrize("amount", [0, 0.0001, 1, 2, 10000, 99999999.999999])
def test_a_fine_sent_as_a_number_passes_the_fast_check(rows, amount):
    # 万元: 0.0001 is one yuan, 1 is ten thousand. Compiled as draft 7, `exclusiveMaximum: true`
    # read as "below 1": every fine from 1 万元 up failed the fast check (and took the slow one).
    payload = {"rows": [{**rows["penalty"], "cf_nr_fk": amount}]}
    assert _verdicts("penalty", payload) == (True, True)


@pytest.mark.parametrize("amount", [-1, -0.0001, 10**8, 10**8 + 0.5, True])
def test_a_fine_out_of_bounds_fails_both_checks(rows, amount):
    payload = {"rows": [{**rows["penalty"], "cf_nr_fk": amount}]}
    assert _verdicts("penalty", payload) == (False, False)
    assert [e["field"] for e in schemas.push_request_errors("penalty", payload)] == ["cf_nr_fk"]
