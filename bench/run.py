"""Run every benchmark scenario (bench/bench_*.py) and write docs/benchmarks.md.

    python bench/run.py                 # all scenarios
    python bench/run.py seed_demo       # only scenarios whose name contains "seed_demo"
    python bench/run.py --collect       # only rebuild docs/benchmarks.md from bench/out/

A scenario that fails keeps its previous section (marked stale) so one broken scenario never
erases the others' figures. A scenario not run this time (a filtered run, or a fresh checkout
whose bench/out/ is empty) keeps its section from the current docs/benchmarks.md, under a line
saying when it was measured; `python bench/run.py` with no filter measures them all afresh.
"""

import datetime
import re
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
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    commit = _commit()
    ran = {script.stem for script in scenarios}
    fresh = {}
    for script in scenarios:
        md = OUT / f"{script.stem}.md"
        if script.stem not in failed and md.exists():
            fresh[script.stem] = _stamped(
                md.read_text(encoding="utf-8"),
                f"Measured {now} on commit {commit}; {machine()}.",
                script.stem,
            )
    # The current document's sections in order, each replaced by this run's figures if it ran.
    sections, placed = [], set()
    for heading, text in _previous_sections().items():
        stem = _owner(text) or next((k for k, v in fresh.items() if _heading(v) == heading), None)
        if stem in fresh:
            sections.append(fresh[stem])
            placed.add(stem)
        elif stem in failed:
            sections.append(
                "> **Stale:** this scenario failed in the latest run; figures are from an earlier run.\n\n"
                + text
            )
        else:
            sections.append(text)
    sections.extend(text for stem, text in fresh.items() if stem not in placed)
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` (bench/run.py) on {now}"
        + (
            ""
            if ran >= _all_scenarios()
            else " (this run re-measured: " + (", ".join(sorted(ran)) or "nothing") + ")"
        )
        + ".\n\n"
        f"Machine: {machine()}.\n\n"
        "Each figure stands beside a baseline measured in the same run; the ratio is what to compare "
        "across machines. Each section says when and on which commit it was measured. Re-run a "
        "single scenario with `python bench/run.py NAME`.\n"
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(header + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


MEASURED = re.compile(r"^_(Measured .*?)_$", re.M)
OWNER = re.compile(r"<!-- scenario: (bench_\w+) -->")


def _all_scenarios() -> set:
    return {script.stem for script in (ROOT / "bench").glob("bench_*.py")}


def _heading(text: str) -> str | None:
    return next((line for line in text.splitlines() if line.startswith("## ")), None)


def _owner(text: str) -> str | None:
    found = OWNER.search(text)
    return found.group(1) if found else None


def _stamped(text: str, line: str, stem: str | None = None) -> str:
    """The section with one line under its heading saying when it was measured (and a comment
    naming the scenario that writes it)."""
    text = OWNER.sub("", MEASURED.sub("", text)).replace("\n\n\n", "\n\n")
    head, _, rest = text.partition("\n")
    mark = f"<!-- scenario: {stem} -->\n" if stem else ""
    if not head.startswith("## "):
        return f"{mark}_{line}_\n\n{text}"
    return f"{head}\n{mark}\n_{line}_\n{rest}"


def _previous_sections() -> dict:
    """{heading: section} of the current docs/benchmarks.md; a section without a measured line
    gets the date the file was written."""
    if not DOC.exists():
        return {}
    text = DOC.read_text(encoding="utf-8")
    written = re.search(r"Written by `make bench` \(bench/run.py\) on ([^.(]+)", text)
    on = re.search(r"^Machine: (.+?)\.?$", text, re.M)
    parts = re.split(r"(?m)^(?=## )", text)[1:]
    out = {}
    for part in parts:
        part = part.rstrip() + "\n"
        if not MEASURED.search(part):
            when = written.group(1).strip() if written else "in an earlier run"
            where = f"; {on.group(1)}" if on else ""
            part = _stamped(part, f"Measured {when} (an earlier run){where}.", _owner(part))
        out[_heading(part)] = part
    return out


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
