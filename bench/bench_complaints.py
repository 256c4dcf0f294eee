"""Complaint window anti-abuse costs: what the proof-of-work asks of a browser, what the server
pays to check it, and what a tracking look-up costs.

Figures (same run, baselines beside them):
- proof-of-work at COMPLAINT_POW_DIFFICULTY (default 18 bits): the time Chromium takes to solve a
  challenge with the portal's own static/js/sha256.js (what a citizen waits, once per form),
  against the server's verification of the answer (one SHA-256 and a signature check);
- a query-code check with Django's default password hasher (PBKDF2), against fetching the case
  row alone; and how long guessing a code would take at the per-IP failure limit.

BENCH_POW_RUNS (default 12) sets the number of challenges solved.
"""

import os
import statistics
import sys
import time

from common import ROOT, percentile, save_section

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import check_password, make_password  # noqa: E402

from complaints import challenge  # noqa: E402
from complaints.services import CODE_ALPHABET, QUERY_CODE_LENGTH, new_query_code  # noqa: E402

RUNS = int(os.environ.get("BENCH_POW_RUNS", "12"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

SOLVE_JS = """
([challenge, difficulty]) => {
  const started = performance.now();
  let nonce = -1, start = 0;
  while (nonce < 0) { nonce = powSearch(challenge, difficulty, start, 20000); start += 20000; }
  return [performance.now() - started, nonce];
}
"""


def browser_solves(challenges, difficulty):
    from playwright.sync_api import sync_playwright

    js = (ROOT / "static" / "js" / "sha256.js").read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=js)
        results = [page.evaluate(SOLVE_JS, [c, difficulty]) for c in challenges]
        browser.close()
    return [(ms / 1000, int(nonce)) for ms, nonce in results]


def main():
    difficulty = settings.COMPLAINT_POW_DIFFICULTY
    challenges = [challenge.issue(difficulty) for _ in range(RUNS)]
    browser = browser_solves(challenges, difficulty)
    solve_s = [s for s, _ in browser]
    attempts = [n + 1 for _, n in browser]

    verify_s = []
    for c, (_, nonce) in zip(challenges, browser, strict=True):
        started = time.perf_counter()
        challenge.verify(c, str(nonce), consume=False)
        verify_s.append(time.perf_counter() - started)

    code = new_query_code()
    encoded = make_password(code)
    check_s = []
    for _ in range(5):
        started = time.perf_counter()
        check_password(code, encoded)
        check_s.append(time.perf_counter() - started)
    rows = {f"TS2026{i:010d}": encoded for i in range(10_000)}
    started = time.perf_counter()
    for _ in range(10_000):
        rows.get("TS20260000005000")
    lookup_s = (time.perf_counter() - started) / 10_000

    per_hour = settings.COMPLAINT_TRACK_FAILURE_LIMIT[0]
    space = len(CODE_ALPHABET) ** QUERY_CODE_LENGTH
    years_to_guess = space / 2 / per_hour / 24 / 365

    med_solve, med_verify = statistics.median(solve_s), statistics.median(verify_s)
    md = f"""## Complaint window: proof-of-work and tracking look-ups

`bench/bench_complaints.py`. Proof-of-work difficulty {difficulty} bits (expected 2^{difficulty} =
{2**difficulty:,} hashes), {RUNS} challenges solved in Chromium by the portal's own
`static/js/sha256.js` (no `crypto.subtle`: it is missing on plain-HTTP intranet pages).

| figure | value |
|---|---|
| browser solve, median / p95 / max | {med_solve:.2f} s / {percentile(solve_s, 95):.2f} s / {max(solve_s):.2f} s |
| hashes tried, median | {int(statistics.median(attempts)):,} |
| browser hash rate | {sum(attempts) / sum(solve_s) / 1e6:.2f} M hashes/s |
| server verification, median (baseline) | {med_verify * 1e6:.0f} µs |
| work asked of the client per unit of server work | {med_solve / med_verify:,.0f}× |
| query-code check, PBKDF2 (Django default), median | {statistics.median(check_s) * 1000:.0f} ms |
| case lookup by number alone (baseline, in memory) | {lookup_s * 1e6:.2f} µs |
| query codes possible | {space:,} ({len(CODE_ALPHABET)}^{QUERY_CODE_LENGTH}) |
| time to guess one code at {per_hour} failures/hour/IP | {years_to_guess:,.0f} years per IP address |

The solve runs while the person types (it starts when the form opens), so at these figures it is
done long before the form is. Each extra bit of difficulty doubles the browser's time and leaves
the server's unchanged (`COMPLAINT_POW_DIFFICULTY`).
"""
    save_section(
        "bench_complaints",
        md,
        {
            "difficulty": difficulty,
            "browser_solve_s": solve_s,
            "server_verify_s": verify_s,
            "query_code_check_s": check_s,
        },
    )
    print(md)


if __name__ == "__main__":
    main()
