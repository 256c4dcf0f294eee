"""Run every benchmark scenario (bench/bench_*.py) and write docs/benchmarks.md.

    python bench/run.py                 # all scenarios
    python bench/run.py seed_demo       # only scenarios whose name contains "seed_demo"
    python bench/run.py --collect       # only rebuild docs/benchmarks.md from bench/out/

A scenario that fails keeps its previous section (marked stale) so one broken scenario never
erases the others' figures.
"""

import datetime
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, ROOT, machine  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"


def main(filters: list[str]) -> int:
    scenarios = sorted((ROOT / "bench").glob("bench_*.py"))
    if filters == ["--collect"]:
        scenarios = []
    elif filters:
        scenarios = [s for s in scenarios if any(f in s.stem for f in filters)]
    failed = []
    for script in scenarios:
        print(f">> {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT)
        if result.returncode != 0:
            failed.append(script.stem)
    sections = []
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        md = OUT / f"{script.stem}.md"
        if md.exists():
            text = md.read_text(encoding="utf-8")
            if script.stem in failed:
                text = (
                    "> **Stale:** this scenario failed in the latest run; figures are from an earlier run.\n\n"
                    + text
                )
            sections.append(text)
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` (bench/run.py) on {now}.\n\n"
        f"Machine: {machine()}.\n\n"
        "Each figure stands beside a baseline measured in the same run; the ratio is what to compare "
        "across machines. Re-run a single scenario with `python bench/run.py NAME`.\n"
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(header + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
