"""The load benchmark's pure helpers (bench/loadgen.py, bench/common.py): percentiles, the
gunicorn access-log reader and the summary of a run. No server, no timing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import loadgen  # noqa: E402
from common import percentile, pg_name  # noqa: E402


def test_percentile_is_the_nearest_rank_and_zero_for_no_values():
    values = list(range(1, 101))  # 1..100, unsorted on purpose below
    values.reverse()
    assert percentile(values, 50) == 51
    assert percentile(values, 95) == 95
    assert percentile(values, 100) == 100
    assert percentile(values, 0) == 1
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 95) == 0.0


def test_access_log_lines_in_the_benchmark_format_are_parsed_and_others_skipped():
    text = "\n".join(
        [
            "GET /healthz 200 1532",
            "POST /subjects/91610100MA6TG1234X/certificate/ 200 812345",
            "[2026-12-02 07:00:00 +0000] [123] [INFO] Booting worker with pid: 124",
            "GET /search/ 2",
            "",
        ]
    )
    assert loadgen.parse_access_log(text) == [
        ("GET", "/healthz", 200, 1.532),
        ("POST", "/subjects/91610100MA6TG1234X/certificate/", 200, 812.345),
    ]


def test_access_log_reader_returns_only_new_whole_lines(tmp_path):
    path = tmp_path / "access.log"
    path.write_text("GET / 200 1000\n")
    log = loadgen.AccessLog(path)
    log.skip()
    with path.open("a") as f:
        f.write("GET /a 200 2000\nGET /b 404 30")  # the last line is still being written
    assert log.new_rows() == [("GET", "/a", 200, 2.0)]
    with path.open("a") as f:
        f.write("00\n")
    assert log.new_rows() == [("GET", "/b", 404, 3.0)]
    assert log.new_rows() == []


def test_summary_counts_errors_and_timeouts_as_requests_but_not_in_latencies():
    result = loadgen.Result(latencies=[0.010, 0.020, 0.030], errors=1, timeouts=1, seconds=2.0)
    result.statuses = {200: 3, 500: 1}
    summary = result.summary()
    assert summary["requests"] == 5
    assert summary["rps"] == 2.5
    assert summary["p50"] == 20.0
    assert summary["errors"] == 1 and summary["timeouts"] == 1
    assert summary["statuses"] == {200: 3, 500: 1}


def test_bench_database_names_carry_the_prefix():
    assert pg_name("portal_load").endswith("portal_load")


def test_verdict_names_the_part_of_the_target_a_row_missed():
    import bench_portal_load as load

    def row(rps, p50=10.0, p95=50.0):
        return {"rps": rps, "p50": p50, "p95": p95, "errors": 0, "timeouts": 0}

    bare = {1: row(300), 8: row(500)}
    assert load.verdict("public", "home", {1: row(40), 8: row(260)}, bare) == "met"
    assert load.verdict("public", "home", {1: row(40, p95=120), 8: row(100)}, bare) == (
        "not met: p95 at c=1 120 ms, c=8 at 20% of bare"
    )
    assert load.verdict("admin", "list", {1: row(5, p95=499)}, bare) == "met"
    # Issuance: 2 workers, 1 s a certificate: c=8 must reach 80% of 2/s.
    cert = {1: row(1, p50=1000), 8: row(1.5)}
    assert load.verdict("certificate", "certificate issuance", cert, bare) == (
        "not met: c=8 1.50/s, target ≥ 1.60/s"
    )
    assert load.verdict("certificate", "专项信用报告", cert, bare) == "—"
