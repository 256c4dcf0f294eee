"""Imports between the apps run one way only: down the layers below, never back up, never in a circle.

Every .py file of every app (migrations included; tests/ are exempt) is parsed with `ast`, and
each import — at module level or inside a function, `import x`, `from x import y`, and
`import_module("x")` with a literal name — is checked against LAYERS. docs/architecture.md
explains the layers; change both together.
"""

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower layers first. A module may import its own layer and the layers below it, never a higher
# one. A component is an app, or a module path inside an app where that app's files belong to two
# layers (portal's toolkit modules under everything, the rest of portal the site shell on top);
# a module belongs to the component with the longest matching prefix.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "toolkit",
        {
            "portal.files",
            "portal.httpcache",
            "portal.replica",
            "portal.migrations",
            "portal.models",
            "portal.paginator",
            "portal.personal_data",
            "portal.ratelimit",
            "portal.role_grants",
            "portal.spreadsheets",
            "portal.throttling",
            "records.codes",
        },
    ),
    ("services", {"outbox", "workcalendar"}),
    ("records", {"records"}),
    ("publication and complaints", {"publicity", "complaints"}),
    ("built on publication", {"creditstats", "batchcheck"}),
    ("site shell", {"portal", "config"}),
]


def _layer_index(layers) -> dict[str, int]:
    return {component: i for i, (_name, components) in enumerate(layers) for component in components}


def component_of(module: str, layers=LAYERS) -> str | None:
    """The component `module` belongs to (longest prefix), or None for a module outside the project."""
    index = _layer_index(layers)
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in index:
            return candidate
    return None


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, wherever it stands. `from a import b` yields
    `a.b` too, since b may be a module of its own (`from portal import ratelimit`)."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*"]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def check(files: dict[str, str], layers=LAYERS) -> tuple[list[str], dict[tuple[str, str], str]]:
    """Check `files` ({path relative to the root: source}). Returns the offences, one
    "path:line ..." each, and the component edges found ({(from, to): first path:line})."""
    index = _layer_index(layers)
    offences, edges = [], {}
    for path, source in sorted(files.items()):
        module = module_name(ROOT / path)
        own = component_of(module, layers)
        if own is None:
            continue
        seen = set()
        found = imported_modules(source, module, path.endswith("__init__.py"))
        for line, target in found:
            other = component_of(target, layers)
            if other is None or other == own or (line, other) in seen:
                continue
            # `from portal import ratelimit` names both portal and portal.ratelimit: judge the
            # most specific one only.
            if any(
                ln == line and t.startswith(target + ".") and component_of(t, layers) not in (None, other)
                for ln, t in found
            ):
                continue
            seen.add((line, other))
            edges.setdefault((own, other), f"{path}:{line}")
            if index[other] > index[own]:
                offences.append(
                    f"{path}:{line} {own} ({layers[index[own]][0]}) imports {target} "
                    f"({other}, layer {layers[index[other]][0]}, higher)"
                )
    return offences, edges


def _reach(graph: dict[str, set[str]], source: str, reverse: bool = False) -> set[str]:
    seen, stack = {source}, [source]
    while stack:
        node = stack.pop()
        nexts = [a for a, bs in graph.items() if node in bs] if reverse else graph[node]
        for nxt in nexts:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def cycles(edges) -> list[list[str]]:
    """Circles in the component graph (one per strongly connected group of two or more), each
    as the components in order with the first repeated at the end."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    found, done = [], set()
    for start in sorted(graph):
        if start in done:
            continue

        # Components reachable from start and back: its strongly connected group.
        group = _reach(graph, start) & _reach(graph, start, reverse=True)
        done |= group
        if len(group) > 1:
            # One concrete circle through start, by a path search inside the group.
            path, stack = None, [(start, [start])]
            while stack and path is None:
                node, trail = stack.pop()
                for nxt in sorted(graph[node] & group):
                    if nxt == start:
                        path = [*trail, start]
                        break
                    if nxt not in trail:
                        stack.append((nxt, [*trail, nxt]))
            found.append(path)
    return found


def project_files() -> dict[str, str]:
    apps = {component.split(".")[0] for _name, components in LAYERS for component in components}
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for app in sorted(apps)
        for path in sorted((ROOT / app).rglob("*.py"))
    }


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"config"}
    placed = {component.split(".")[0] for _name, components in LAYERS for component in components}
    assert apps <= placed, f"apps without a layer in LAYERS: {sorted(apps - placed)}"
    for _name, components in LAYERS:
        for component in components:
            path = ROOT / component.replace(".", "/")
            assert path.is_dir() or path.with_suffix(".py").exists(), f"{component} names no module"


def test_imports_run_only_down_the_layers():
    offences, _edges = check(project_files())
    assert not offences, "imports from a higher layer:\n" + "\n".join(offences)


def test_no_import_cycle_between_components():
    _offences, edges = check(project_files())
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(
        " -> ".join(circle) + "  (" + ", ".join(edges[a, b] for a, b in itertools.pairwise(circle)) + ")"
        for circle in found
    )


def test_the_checker_reports_a_back_import_with_its_file_and_line():
    files = {
        "records/services/example.py": (
            "from records.models import Penalty\n"
            "\n"
            "def count():\n"
            "    from publicity.rules import publishable\n"
            "    return publishable(Penalty).count()\n"
        ),
        "outbox/example.py": "import records.models\nfrom portal import ratelimit, views\n",
        "workcalendar/migrations/0099_example.py": "from records.staff import ROLES\n",
        "complaints/example.py": "from . import models\nfrom ..publicity import rules\n",
        "records/example.py": "from importlib import import_module\nimport_module('complaints.models')\n",
        "publicity/example.py": "from records import kinds\nfrom portal import files\n",
    }
    offences, _edges = check(files)
    assert (
        "records/services/example.py:4 records (records) imports publicity.rules"
        " (publicity, layer publication and complaints, higher)"
    ) in offences
    located = sorted(o.split(" ", 1)[0] + " " + o.split(" imports ")[1].split(" ")[0] for o in offences)
    assert located == [
        "outbox/example.py:1 records.models",
        "outbox/example.py:2 portal.views",
        "records/example.py:2 complaints.models",
        "records/services/example.py:4 publicity.rules",
        "workcalendar/migrations/0099_example.py:1 records.staff",
    ]


def test_the_checker_reports_a_circle():
    files = {
        "publicity/example.py": "from complaints.models import Complaint\n",
        "complaints/example.py": "def f():\n    import publicity.rules\n",
        "creditstats/example.py": "from batchcheck import models\n",
    }
    offences, edges = check(files)
    assert offences == []
    assert cycles(edges) == [["complaints", "publicity", "complaints"]]
    assert edges["complaints", "publicity"] == "complaints/example.py:2"


# Issue 12: no module over ~400 lines without the reason stated at its top. Migrations are
# generated; the benchmark scripts are checked too.
LONG_MODULE_LINES = 420
REASON = "Why one"


def long_modules_without_reason(files: dict[str, str]) -> list[str]:
    found = []
    for path, source in files.items():
        if "/migrations/" in path or source.count("\n") <= LONG_MODULE_LINES:
            continue
        doc = ast.get_docstring(ast.parse(source)) or ""
        if REASON not in doc:
            found.append(f"{path}: {source.count(chr(10))} lines")
    return found


def test_no_long_module_without_its_reason():
    files = project_files()
    files |= {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench").glob("*.py"))
    }
    found = long_modules_without_reason(files)
    assert not found, (
        f"modules over {LONG_MODULE_LINES} lines without a '{REASON} …' paragraph in their docstring:\n"
        + "\n".join(found)
    )


def test_the_length_check_reports_a_long_module_and_accepts_its_reason():
    body = "x = 1\n" * (LONG_MODULE_LINES + 1)
    files = {
        "records/long.py": '"""A module."""\n' + body,
        "records/explained.py": '"""A module.\n\nWhy one long module: it is a table.\n"""\n' + body,
        "records/migrations/0001_initial.py": body,
        "records/short.py": '"""Short."""\nx = 1\n',
    }
    assert long_modules_without_reason(files) == [f"records/long.py: {LONG_MODULE_LINES + 2} lines"]
