"""The prompts folder is passed down, not read from the environment deep inside (issue 12).

``resources.prompts_dir()`` ($BIGAN_PROMPTS, else the shipped folder) is the default of
``Settings.prompts`` and of the command line; every stage below is given the folder. The package's
own source is read (every call counts, lazy imports and aliases too), so a new deep read fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).resolve().parent

# Where the environment may be read: the top.
TOP = ("resources.py", "config.py", "cli/")
# Reads left below the top, each with why; threading them is follow-up work, and a module that
# stops reading must leave this list (test_the_exceptions_are_still_needed).
EXCEPTIONS = {
    # quantity extraction masks terms.yaml's set phrases; extract_numbers has ~30 callers and no
    # prompts parameter yet
    "text/terms.py": "number_terms",
    # revision's operations are not given the settings yet: bridge.prompts_folder() is revision's
    # one read, passed on explicitly to every stage revision calls
    "revise/bridge.py": "prompts_folder",
    # ingest (parse_file, the store's ingest, check_file's parsing) still takes its rules file's folder
    # from the default (PARSER_VERSION is computed at import)
    "ingest/rules.py": "rules_path",
    # the preview's own command line (python -m pipeline.export.preview)
    "export/preview.py": "main",
}


def _env_reads(path: Path) -> list[tuple[str, int]]:
    """(enclosing function, line) of every call of resources.prompts_dir (under any alias) and of
    every "BIGAN_PROMPTS" string used as a key (os.environ / getenv)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {"prompts_dir"} if path.name == "resources.py" else set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("resources"):
            aliases |= {a.asname or a.name for a in node.names if a.name == "prompts_dir"}
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else where
            if isinstance(child, ast.Call):
                f = child.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name in aliases or (isinstance(f, ast.Attribute) and f.attr == "prompts_dir"):
                    found.append((where, child.lineno))
                if any(isinstance(a, ast.Constant) and a.value == "BIGAN_PROMPTS" for a in child.args):
                    found.append((where, child.lineno))
            if isinstance(child, ast.Subscript) and isinstance(child.slice, ast.Constant) and child.slice.value == "BIGAN_PROMPTS":
                found.append((where, child.lineno))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def _all_reads() -> dict[str, list[tuple[str, int]]]:
    reads = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = _env_reads(path)
        if found:
            reads[path.relative_to(PACKAGE).as_posix()] = found
    return reads


def test_nothing_below_the_top_reads_the_prompts_folder_from_the_environment():
    deep = {
        module: found for module, found in _all_reads().items()
        if not module.startswith(TOP) and not all(where == EXCEPTIONS.get(module) for where, _ in found)
    }
    assert deep == {}, "pass the prompts folder down (settings.prompts / a prompts argument) instead"


def test_the_exceptions_are_still_needed():
    reads = _all_reads()
    assert {m: EXCEPTIONS[m] for m in EXCEPTIONS if m in reads} == EXCEPTIONS
    assert "resources.py" in reads and "config.py" in reads  # the default, read at the top


def test_the_scan_sees_aliases_and_lazy_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def a():\n    from ..resources import prompts_dir as where\n    return where() / 'x.yaml'\n"
        "def b():\n    return os.environ['BIGAN_PROMPTS']\n"
        "def c():\n    return os.environ.get('BIGAN_PROMPTS')\n"
        "def d(prompts_dir=None):\n    return prompts_dir\n",
        encoding="utf-8",
    )
    assert [w for w, _ in _env_reads(sample)] == ["a", "b", "c"]
