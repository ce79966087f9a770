"""The package's own import graph: stages import only downward, and no two modules import each other.

Every import counts, including the ones inside functions (a lazy import is still a dependency; it
only hides a cycle). The layers are docs/ARCHITECTURE.md's, from the bottom:
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Bottom first. A module may import its own layer's modules only within its own area (its package,
# or itself for a root module); anything lower freely; nothing higher.
LAYERS: list[tuple[str, ...]] = [
    ("__init__", "errors"),  # the package root holds only its version
    ("types", "resources"),
    ("text", "atomic", "filelocks", "outputs"),  # the shared vocabulary of report text; files
    ("config", "draftmerge"),
    ("ingest",),
    ("schema",),  # what writers and tools write: fact sheets, outlines, draft.json
    ("draftio",),
    ("store",),
    ("checks",),
    ("draft",),
    ("export", "extract", "evals"),
    ("revise",),
    ("cli", "testing"),
    ("__main__",),
]
LAYER = {area: n for n, areas in enumerate(LAYERS) for area in areas}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the package's modules it imports (``from pkg import submodule`` names the submodule)."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("pipeline"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                if not module.startswith("pipeline"):
                    continue
                for alias in node.names:
                    sub = f"{module}.{alias.name}"
                    targets.add(sub if sub in paths else module)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_area_has_a_layer():
    areas = {area(m) for m in import_graph()}
    assert areas - set(LAYER) == set(), "add the new area to LAYERS (and docs/ARCHITECTURE.md)"


def test_imports_point_down():
    upward = []
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            mine, theirs = area(module), area(target)
            if LAYER[theirs] > LAYER[mine] or (LAYER[theirs] == LAYER[mine] and theirs != mine):
                upward.append(f"{module} -> {target}")
    assert upward == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


STAGES = {"ingest", "store", "checks", "draft", "export", "extract", "evals"}


def stage_imports_outside_bridge(graph: dict[str, set[str]]) -> list[str]:
    """Revise modules other than revise.bridge that import a stage (bridge is revision's one door)."""
    return [
        f"{module} -> {target}"
        for module, targets in sorted(graph.items())
        if area(module) == "revise" and module != "pipeline.revise.bridge"
        for target in sorted(targets)
        if area(target) in STAGES
    ]


def test_revision_reaches_other_stages_only_through_bridge():
    assert stage_imports_outside_bridge(import_graph()) == []


def test_bridge_rule_catches_a_stage_import():
    graph = {
        "pipeline.revise.bridge": {"pipeline.draft.runner", "pipeline.checks"},
        "pipeline.revise.prompt": {"pipeline.draft.prompts", "pipeline.schema.outline", "pipeline.revise.bridge"},
        "pipeline.revise.web.app": {"pipeline.export.docx"},
    }
    assert stage_imports_outside_bridge(graph) == [
        "pipeline.revise.prompt -> pipeline.draft.prompts",
        "pipeline.revise.web.app -> pipeline.export.docx",
    ]


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder(graph, expected):
    assert cycles(graph) == expected


def test_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    # pipeline/cli imports every stage, some of them inside commands: the graph must see them.
    cli = set().union(*(targets for module, targets in graph.items() if area(module) == "cli"))
    assert {"ingest", "store", "checks", "draft", "export", "revise", "evals"} <= {area(t) for t in cli}


def test_cleaning_does_not_reach_into_later_ingest_steps():
    """ingest runs read ▶ clean (its passes, run-in cuts) ▶ split ▶ parse ▶ classify: cleaning needs
    nothing of the steps after it (what both need — title and addressee shapes — is in text/markers)."""
    later = {"pipeline.ingest.split", "pipeline.ingest.parse", "pipeline.ingest.classify"}
    cleaning = [m for m in import_graph() if m in {"pipeline.ingest.clean", "pipeline.ingest.runin"}
                or m.startswith("pipeline.ingest.passes")]
    assert len(cleaning) > 3
    graph = import_graph()
    assert {m: sorted(graph[m] & later) for m in cleaning if graph[m] & later} == {}
