"""expire_publications on the demo data set (PostgreSQL).

Figure: wall time of `manage.py expire_publications` — the first run (marks every published
record whose window has ended) and a second run (nothing left to change: the idempotent daily
case). Baseline (same run, same database): counting what the public may see of every kind
through publicity.rules, the query the home page runs. BENCH_EXPIRE_SUBJECTS (default 100,000)
sets the size.
"""

import os
import re
import time

from common import fresh_pg, manage, save_section

SUBJECTS = int(os.environ.get("BENCH_EXPIRE_SUBJECTS", "100000"))
COUNT_ALL = (
    "from publicity.rules import publishable; from records.kinds import RECORD_KINDS; "
    "print(sum(publishable(k.model).count() for k in RECORD_KINDS.values()))"
)


def timed_manage(url, *args):
    started = time.perf_counter()
    out = manage(url, *args).stdout
    return time.perf_counter() - started, out


def main():
    url = fresh_pg("expire")
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "seed_demo", "--subjects", str(SUBJECTS), "--quiet")
    manage(url, "shell", "-c", COUNT_ALL)  # warm the cache of the database
    baseline, out = timed_manage(url, "shell", "-c", COUNT_ALL)
    public = int(out.strip().splitlines()[-1])
    first, out_first = timed_manage(url, "expire_publications")
    match = re.search(r"合计已到期 (\d+) 条", out_first)
    expired = int(match.group(1)) if match else 0
    second, out_second = timed_manage(url, "expire_publications")
    assert "没有需要处理的记录" in out_second, out_second
    rows = [
        ("baseline: count public records of every kind", baseline, f"{public:,} public"),
        ("expire_publications, first run", first, f"{expired:,} marked 已到期"),
        ("expire_publications, second run (nothing to do)", second, "0 changed"),
    ]
    table = "\n".join(
        f"| {name} | {secs:.2f} s | {note} | {secs / baseline:.1f}× |" for name, secs, note in rows
    )
    save_section(
        "bench_expire",
        f"""
## Expiry of publications (PostgreSQL, {SUBJECTS:,} demo subjects)

The daily `manage.py expire_publications` beside the home page's count of public records in the
same database (each run includes Python and Django start-up, about the same for all three).

| what | time | rows | vs baseline |
|---|---|---|---|
{table}
""",
        {
            "subjects": SUBJECTS,
            "baseline_s": baseline,
            "first_s": first,
            "second_s": second,
            "expired": expired,
        },
    )
    print(table)


if __name__ == "__main__":
    main()
