"""The lock file pins every dependency pyproject.toml declares, at a version that satisfies it,
so `make run`, `make test` and CI install the same versions on every machine."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line):
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def test_every_declared_dependency_is_pinned_at_a_version_it_allows():
    locked = pins()
    problems = []
    for requirement in declared():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name}: not in requirements.lock (run `make lock`)")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}: locked {version}, pyproject wants {requirement.specifier}")
    assert problems == []


def test_the_lock_names_no_machine_specific_source():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "--find-links" not in text and "file://" not in text and "--index-url" not in text
