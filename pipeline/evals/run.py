"""`bigan eval run`: draft every case of a suite with one prompt set and model, score, write a run folder.

    RUN_DIR/run.json                 meta, summary, and per case: passed, metrics, assertions, findings
    RUN_DIR/cases/<id>.facts.yaml    the fact sheet the case was drafted from
    RUN_DIR/cases/<id>.draft.json    the draft (pipeline.types.Draft)

Drafting goes through ``pipeline.draft.runner.run_draft`` and so through the model door and its
response cache: re-running an unchanged case with an unchanged prompt set costs no model call.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..schema.outline import Outline
from ..draftio import save_draft
from ..atomic import write_atomic, write_json
from ..errors import BiganError, ConfigError, InputError
from ..resources import repo_dir, shipped_prompts
from ..types import Draft
from .scoring import METRICS, CaseScore, score_case
from .suite import Case, Suite

if TYPE_CHECKING:
    from ..draft.chat import ChatModel
    from ..store.protocol import Corpus

RUN_FORMAT = 1


@dataclass
class CaseResult:
    id: str
    description: str
    genre: str
    passed: bool
    metrics: dict[str, float] = field(default_factory=dict)
    assertions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # a case that could not be drafted
    draft: str | None = None  # relative path of the draft.json in the run folder

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "genre": self.genre,
            "passed": self.passed,
            "error": self.error,
            "metrics": self.metrics,
            "tokens": {"in": int(self.metrics.get("tokens_in", 0)), "out": int(self.metrics.get("tokens_out", 0))},
            "latency_s": self.metrics.get("latency_s"),
            "assertions": self.assertions,
            "findings": self.findings,
            "draft": self.draft,
        }


@dataclass
class RunResult:
    meta: dict[str, Any]
    cases: list[CaseResult]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    def summary(self) -> dict[str, Any]:
        n = len(self.cases)
        out: dict[str, Any] = {"cases": n, "passed": sum(c.passed for c in self.cases), "errors": sum(c.error is not None for c in self.cases)}
        out["pass_rate"] = out["passed"] / n if n else 0.0
        scored = [c for c in self.cases if c.metrics]
        means: dict[str, float] = {}
        for m in METRICS:
            vals = [c.metrics[m.key] for c in scored if m.key in c.metrics]
            if vals:
                total = sum(vals)
                means[m.key] = total if m.key.startswith("tokens") else total / len(vals)
        out["metrics"] = means  # means over drafted cases; tokens are totals
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"format": RUN_FORMAT, "meta": self.meta, "summary": self.summary(), "cases": [c.to_dict() for c in self.cases]}


# --------------------------------------------------------------------------- prompts


def export_prompts_rev(rev: str, dest: Path, current: Path | None = None) -> Path:
    """Write prompts/ as it was at git revision ``rev`` into ``dest``; return the prompts folder.

    Data files the revision does not have yet (rule vocabularies added since, such as gates.yaml)
    are taken from ``current`` (the settings' prompts folder; default: the shipped one), so an old
    prompt set runs under today's checker."""
    repo = repo_dir()
    try:
        proc = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", rev, "prompts"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"无法运行 git archive：{exc}") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"无法导出该版本的 prompts/：{msg[-1] if msg else 'git archive 失败'}", field="--prompts-rev", path=rev)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4: refuse links and paths outside dest
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - git archive of our own repository
            tar.extractall(dest)
    folder = dest / "prompts"
    current = current or shipped_prompts()
    for path in current.rglob("*"):
        target = folder / path.relative_to(current)
        if path.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return folder


def git_rev() -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(repo_dir()), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def compute_prompt_version(folder: Path) -> str:
    from ..draft.prompts import prompt_version

    return prompt_version(folder)


# --------------------------------------------------------------------------- one case


def case_outline(case: Case, prompts: Path) -> Outline:
    """The outline the case is drafted and judged against (the case's file, else the genre's)."""
    from ..schema.outline import load_outline

    return load_outline(str(case.outline) if case.outline else case.genre, prompts_dir=prompts)


def _draft_case(case: Case, facts_path: Path, settings: Settings, store: Corpus | None, model: ChatModel | None = None) -> Draft:
    from ..draft.runner import run_draft

    outline = str(case.outline) if case.outline is not None else None
    return run_draft(facts_path, settings, outline=outline, store=store, model=model)


def run_case(case: Case, settings: Settings, out_dir: Path, prompts: Path, store: Corpus | None = None,
             model: ChatModel | None = None) -> CaseResult:
    cases_dir = out_dir / "cases"
    facts_path = cases_dir / f"{case.id}.facts.yaml"
    write_atomic(facts_path, case.facts_yaml())
    base = CaseResult(id=case.id, description=case.description, genre=case.genre, passed=False)
    started = time.perf_counter()
    try:
        draft = _draft_case(case, facts_path, settings, store, model)
        latency = time.perf_counter() - started
        outline = case_outline(case, prompts)
        score: CaseScore = score_case(case, draft, outline=outline, latency_s=latency, corpus=store, prompts=prompts)
    except BiganError as exc:
        base.error = exc.one_line()
        return base
    except Exception as exc:  # noqa: BLE001 - one broken case must not lose the whole run
        base.error = f"内部错误：{type(exc).__name__}: {exc}"
        return base
    draft_rel = f"cases/{case.id}.draft.json"
    save_draft(draft, out_dir / draft_rel)
    base.passed = score.passed
    base.metrics = score.metrics
    base.assertions = [r.to_dict() for r in score.assertions]
    base.findings = [f.to_dict() for f in score.findings]
    base.draft = draft_rel
    return base


# --------------------------------------------------------------------------- the suite


def _open_store(settings: Settings, on_warning: Callable[[str], None] | None) -> Corpus | None:
    """Open the corpus once for every case (None, with one warning, when it is missing or empty)."""
    from ..draft.events import NullEvents
    from ..draft.runner import open_corpus

    class Warnings(NullEvents):
        def warning(self, message: str, section_id: str = "") -> None:
            if on_warning:
                on_warning(message)

    return open_corpus(settings, Warnings())


def default_run_dir(suite: Suite) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("eval") / "runs" / f"{suite.name}-{stamp}"


def run_suite(
    suite: Suite,
    settings: Settings,
    out_dir: str | Path,
    *,
    jobs: int = 4,
    prompts: Path | None = None,
    prompts_label: str | None = None,
    cases_filter: str | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> RunResult:
    """Draft and score every case (``jobs`` at a time); write the run folder; return the result.

    ``prompts`` is the prompt folder to use (None = the settings' own); ``prompts_label`` records
    where it came from (a folder or ``git:REV``). The folder is passed to every stage (drafting
    through the settings, scoring as an argument): two runs with different folders in one process
    do not affect each other.
    """
    out_dir = Path(out_dir)
    if (out_dir / "run.json").exists():
        raise InputError("运行目录已有 run.json，请换一个目录（不覆盖已有结果）", path=out_dir)
    folder = Path(prompts) if prompts is not None else settings.prompts
    if not folder.is_dir():
        raise InputError("提示词目录不存在", path=folder, field="--prompts")
    settings = settings.model_copy(update={"prompts": folder})
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    results: list[CaseResult] = []
    version = compute_prompt_version(folder)
    store = _open_store(settings, on_warning)
    # One model for every case: its concurrency limit then holds across the whole run (a local
    # server that takes one request at a time is not flooded by jobs × sections requests).
    from ..draft.model import get_model

    model = get_model(settings)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_case, case, settings, out_dir, folder, store, model) for case in suite.cases]
        for fut in futures:
            res = fut.result()
            results.append(res)
            if on_case:
                on_case(res)
    meta = {
        "suite": suite.name,
        "description": suite.description,
        "prompt_version": version,
        "prompts": prompts_label or str(folder),
        "model": settings.model or "offline",
        "offline": settings.offline,
        "base_url": settings.shown_base_url,
        "jobs": jobs,
        "exemplars": settings.exemplars,
        "cases_filter": cases_filter,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 3),
        "git_rev": git_rev(),
    }
    run = RunResult(meta=meta, cases=results)
    write_json(out_dir / "run.json", run.to_dict())
    return run


def load_run(run_dir: str | Path) -> dict[str, Any]:
    """Read RUN_DIR/run.json (or a run.json path)."""
    path = Path(run_dir)
    if path.is_dir():
        path = path / "run.json"
    if not path.is_file():
        raise InputError("不是评测运行目录（找不到 run.json）", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"run.json 无法解析：{exc}", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or "meta" not in data:
        raise InputError("run.json 缺少 meta 或 cases", path=path)
    return data


def temp_prompts_from_rev(rev: str, current: Path | None = None) -> tuple[Path, tempfile.TemporaryDirectory]:
    """Export prompts/ at ``rev`` into a temporary folder (kept alive by the returned handle);
    ``current``: where files the revision lacks are taken from (see ``export_prompts_rev``)."""
    tmp = tempfile.TemporaryDirectory(prefix="bigan-prompts-")
    try:
        folder = export_prompts_rev(rev, Path(tmp.name), current)
    except BaseException:
        tmp.cleanup()
        raise
    if not folder.is_dir():
        tmp.cleanup()
        raise InputError("该版本没有 prompts/ 目录", path=rev, field="--prompts-rev")
    return folder, tmp
