"""`bigan eval compare RUN_A RUN_B`: per case and per metric side by side; regressions = worse in B.

A change inside a metric's tolerance (latency, tokens are noisy) is not a regression. Only cases
present in both runs are compared; the others are listed. A case drafted in A that failed to
draft in B is a regression (its ``passed`` drops).
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

from ..atomic import write_atomic, write_json
from ..errors import InputError
from .run import load_run
from .scoring import METRIC_BY_KEY, METRICS, Metric, draft_text


def judge(metric: Metric, a: float | None, b: float | None) -> str:
    """"worse" | "better" | "same" | "n/a" for a change from a to b."""
    if a is None or b is None:
        return "n/a"
    delta = b - a
    allowed = max(metric.tolerance, abs(a) * metric.rel_tolerance)
    if math.isinf(allowed) or abs(delta) <= allowed:
        return "same"
    good = delta > 0 if metric.better == "higher" else delta < 0
    return "better" if good else "worse"


def _cell(metric: Metric, a: float | None, b: float | None) -> dict[str, Any]:
    return {
        "a": a,
        "b": b,
        "delta": None if a is None or b is None else round(b - a, 6),
        "status": judge(metric, a, b),
    }


def _metrics_of(case: dict[str, Any]) -> dict[str, float]:
    m = dict(case.get("metrics") or {})
    m["passed"] = float(bool(case.get("passed")))
    return m


def _mean(cases: list[dict[str, Any]], key: str) -> float | None:
    vals = [_metrics_of(c)[key] for c in cases if key in _metrics_of(c)]
    if not vals:
        return None
    return sum(vals) if key.startswith("tokens") else sum(vals) / len(vals)


def _draft_texts(run_dir: Path | None, case: dict[str, Any]) -> str | None:
    """The case's draft as plain text, read from the run folder (None if not there)."""
    if run_dir is None or not case.get("draft"):
        return None
    path = run_dir / case["draft"]
    if not path.is_file():
        return None
    from ..draftio import load_draft

    try:
        return draft_text(load_draft(path))
    except InputError:
        return None


def line_diff(a: str | None, b: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each side's lines, marked ``changed`` when the other side lacks them (for the page)."""
    la, lb = (a or "").splitlines(), (b or "").splitlines()
    changed_a, changed_b = set(range(len(la))), set(range(len(lb)))
    for block in difflib.SequenceMatcher(a=la, b=lb, autojunk=False).get_matching_blocks():
        changed_a -= set(range(block.a, block.a + block.size))
        changed_b -= set(range(block.b, block.b + block.size))
    return (
        [{"text": t, "changed": i in changed_a} for i, t in enumerate(la)],
        [{"text": t, "changed": i in changed_b} for i, t in enumerate(lb)],
    )


def compare_runs(a: dict[str, Any], b: dict[str, Any], *, dir_a: Path | None = None, dir_b: Path | None = None) -> dict[str, Any]:
    cases_a = {c["id"]: c for c in a["cases"]}
    cases_b = {c["id"]: c for c in b["cases"]}
    common = [cid for cid in cases_a if cid in cases_b]
    if not common:
        raise InputError("两次运行没有共同的用例，无法对比", path=str(dir_b) if dir_b else None)
    rows = []
    for cid in common:
        ca, cb = cases_a[cid], cases_b[cid]
        ma, mb = _metrics_of(ca), _metrics_of(cb)
        cells = {m.key: _cell(m, ma.get(m.key), mb.get(m.key)) for m in METRICS}
        # An errored case has no quality metrics; its `passed` carries the regression.
        regressions = [k for k, c in cells.items() if c["status"] == "worse"]
        rows.append(
            {
                "id": cid,
                "description": cb.get("description") or ca.get("description", ""),
                "genre": cb.get("genre") or ca.get("genre", ""),
                "passed_a": bool(ca.get("passed")),
                "passed_b": bool(cb.get("passed")),
                "error_a": ca.get("error"),
                "error_b": cb.get("error"),
                "metrics": cells,
                "regressions": regressions,
                "improvements": [k for k, c in cells.items() if c["status"] == "better"],
                "failed_assertions_a": [x for x in ca.get("assertions", []) if not x.get("passed")],
                "failed_assertions_b": [x for x in cb.get("assertions", []) if not x.get("passed")],
                "finding_codes_a": sorted({f["code"] for f in ca.get("findings", [])}),
                "finding_codes_b": sorted({f["code"] for f in cb.get("findings", [])}),
                "text_a": _draft_texts(dir_a, ca),
                "text_b": _draft_texts(dir_b, cb),
            }
        )
    both_a = [cases_a[c] for c in common]
    both_b = [cases_b[c] for c in common]
    summary = {m.key: _cell(m, _mean(both_a, m.key), _mean(both_b, m.key)) for m in METRICS}
    regressed = [r["id"] for r in rows if r["regressions"]]
    return {
        "a": {"dir": str(dir_a) if dir_a else None, "meta": a.get("meta", {}), "summary": a.get("summary", {})},
        "b": {"dir": str(dir_b) if dir_b else None, "meta": b.get("meta", {}), "summary": b.get("summary", {})},
        "metrics": [{"key": m.key, "label": m.label, "better": m.better} for m in METRICS],
        "summary": summary,
        "cases": rows,
        "only_in_a": [cid for cid in cases_a if cid not in cases_b],
        "only_in_b": [cid for cid in cases_b if cid not in cases_a],
        "regressions": sum(len(r["regressions"]) for r in rows),
        "regressed_cases": regressed,
        "improved_cases": [r["id"] for r in rows if r["improvements"] and not r["regressions"]],
    }


RATES = ("passed", "structure_pass")  # 0/1 per case; their mean over cases is a rate


def fmt_value(key: str, value: float | None, *, mean: bool = False) -> str:
    """A metric for the page; ``mean`` = an average over cases (counts get decimals, 0/1 become rates)."""
    if value is None:
        return "—"
    metric = METRIC_BY_KEY.get(key)
    if metric is None:
        return f"{value:g}"
    if key.startswith("tokens") or key == "chars":
        return f"{value:,.0f}"
    if mean and key in RATES:
        return f"{value:.1%}"
    if mean and metric.fmt == "{:.0f}":
        return f"{round(value, 2):g}"
    return metric.fmt.format(value)


def render_html(result: dict[str, Any]) -> str:
    """One static page: inline CSS, no script, no external resource."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["metric"] = lambda value, key: fmt_value(key, value)
    env.globals["line_diff"] = line_diff
    env.filters["metric_mean"] = lambda value, key: fmt_value(key, value, mean=True)
    return env.get_template("report.html.j2").render(r=result, metrics=METRICS)


def write_compare(result: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("输出位置应为目录", path=out, field="-o")
    html = render_html(result)  # render first: never leave a JSON without its page
    json_path, html_path = out / "compare.json", out / "compare.html"
    write_json(json_path, result)
    write_atomic(html_path, html)
    return json_path, html_path


def compare_dirs(run_a: str | Path, run_b: str | Path) -> dict[str, Any]:
    da, db = Path(run_a), Path(run_b)
    return compare_runs(load_run(da), load_run(db), dir_a=da if da.is_dir() else da.parent, dir_b=db if db.is_dir() else db.parent)
