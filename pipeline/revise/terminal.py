"""`bigan revise draft.json`: an interactive, scriptable revision session in the terminal.

Commands are read line by line (from the keyboard, or from stdin in scripts); every change is
saved at once, atomically. Type `help` for the list.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..text.placeholders import CANONICAL_RE
from ..config import require_model
from ..errors import BiganError, ConflictError, InputError
from ..types import PLACEHOLDER_OPEN, Draft, Finding, SectionDraft
from . import history, operations as ops
from .diff import char_diff, diff_plain, diff_rich, diff_stats

HELP = """命令（ID 为章节 id，省略时用上次操作的章节）：
  list                      列出各节及其检查结果
  show [ID]                 查看一节（占位符高亮）
  revise [ID] 指令…          按指令修改（需模型；流式输出），随后 accept 或 reject
  accept [ID] / reject [ID] 采纳或放弃待确认的修改
  diff [ID] [A B]           逐字比较两个版本（默认：当前版与待确认版，或上一版与当前版）
  history [ID]              版本历史
  undo [ID] / redo [ID]     撤销 / 重做
  regen [ID]                换范文重写（离线可用）
  edit [ID]                 用 $EDITOR 手工编辑
  facts                     用 $EDITOR 修改事实清单，并重写用到改动事实的章节
  export FILE.docx          导出 Word 文档
  help / quit"""

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def highlight_placeholders(text: str) -> Text:
    out = Text(text)
    out.highlight_regex(CANONICAL_RE, "bold black on yellow")
    return out


def _finding_counts(findings: list[Finding]) -> str:
    e = sum(f.severity == "error" for f in findings)
    w = sum(f.severity == "warning" for f in findings)
    return f"{e} 错 {w} 警" if (e or w) else "—"


class RevisionSession:
    def __init__(
        self,
        path: str | Path,
        settings,
        *,
        console: Console | None = None,
        read_line: Callable[[str], str] | None = None,
        edit: Callable[[str, str], str | None] | None = None,
        store=None,
    ) -> None:
        self.path = Path(path)
        self.settings = settings
        self.console = console or Console()
        self.read_line = read_line or self._read_stdin
        self.edit = edit or _click_edit
        self.store = store
        self.draft: Draft = ops.load(self.path)
        self._base = self.draft.to_dict()  # as loaded: what others save meanwhile is merged onto it
        self._mtime = self.path.stat().st_mtime_ns
        self._unsaved: dict[str, str] = {}  # a hand edit refused by a conflict, offered again by `edit`
        self.focus: str | None = self.draft.sections[0].id if self.draft.sections else None
        self._model = None

    # ------------------------------------------------------------------ plumbing
    def _read_stdin(self, prompt: str) -> str:
        import sys

        if sys.stdin.isatty():
            return self.console.input(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        self.console.print(prompt + line.rstrip("\n"), highlight=False)
        return line

    def model(self):
        if self._model is None:
            from . import bridge

            self._model = bridge.get_model(self.settings)
        return self._model

    def _refresh(self) -> None:
        """Another process (the web page) may have saved the draft: start from the file on disk."""
        mtime = self.path.stat().st_mtime_ns
        if mtime != self._mtime:
            self._reload()
            self.console.print("[dim]草稿已在别处修改，已重新载入。[/dim]")

    def _reload(self) -> None:
        self.draft = ops.load(self.path)
        self._base = self.draft.to_dict()
        self._mtime = self.path.stat().st_mtime_ns

    def _save(self) -> None:
        """Save, merged with what the page or another process saved while this command ran; a
        change to a section they changed too is refused (ConflictError) and the file reloaded."""
        before = self.draft.meta.revision
        try:
            rev = ops.save(self.draft, self.path, self._base)
        except ConflictError:
            self._reload()
            raise
        self._base = self.draft.to_dict()
        self._mtime = self.path.stat().st_mtime_ns
        merged = "，已合并别处保存的修改" if rev > before + 1 else ""
        self.console.print(f"[dim]已保存（第 {rev} 次修订{merged}）[/dim]")

    def _section(self, args: list[str]) -> SectionDraft:
        sid = args[0] if args else self.focus
        if not sid:
            raise InputError("请指定章节 id", field="section")
        sec = ops.section(self.draft, sid)
        self.focus = sec.id
        return sec

    def _pick(self, args: list[str]) -> tuple[SectionDraft, list[str]]:
        """The section named by the first word if it is an id, else the focused one."""
        ids = {s.id for s in self.draft.sections}
        if args and args[0] in ids:
            return self._section(args[:1]), args[1:]
        return self._section([]), args

    # ------------------------------------------------------------------ loop
    def run(self) -> None:
        self.console.print(f"[bold]bigan 修改稿件[/bold] {self.path.name} · {self.draft.meta.title}")
        self.console.print("输入 help 查看命令。")
        while True:
            try:
                line = self.read_line(f"[{self.focus or '-'}]> ")
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                break
            if not self.execute(line):
                break

    def execute(self, line: str) -> bool:
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        cmd, args = words[0].lower(), words[1:]
        if cmd in ("quit", "exit", "q"):
            return False
        handler = getattr(self, f"cmd_{ALIASES.get(cmd, cmd)}", None)
        if handler is None:
            self.console.print(f"[red]未知命令 {cmd!r}[/red]，输入 help 查看命令。")
            return True
        try:
            self._refresh()
            handler(args)
        except BiganError as exc:
            self.console.print(f"[red]错误：{exc.one_line()}[/red]", highlight=False)
        except Exception as exc:  # noqa: BLE001 - one failed command must not end the writer's session
            if os.environ.get("BIGAN_DEBUG"):
                raise
            self.console.print(f"[red]内部错误：{type(exc).__name__}: {exc}[/red]", highlight=False, markup=False)
        return True

    # ------------------------------------------------------------------ commands
    def cmd_help(self, args: list[str]) -> None:
        self.console.print(HELP, highlight=False, markup=False)

    def cmd_list(self, args: list[str]) -> None:
        table = Table(title=self.draft.meta.title, show_lines=False)
        for col in ("id", "标题", "版本", "待确认", "占位", "检查"):
            table.add_column(col)
        for s in self.draft.sections:
            history.ensure_history(s)
            title = ("  " if s.parent else "") + (s.marker + s.heading if s.heading else "（无标题）")
            table.add_row(
                s.id,
                title,
                f"{s.current + 1}/{len(s.history)}",
                "是" if history.candidate(s) else "",
                str(s.text.count(PLACEHOLDER_OPEN)) if PLACEHOLDER_OPEN in s.text else "",
                _finding_counts(s.findings),
            )
        self.console.print(table)
        if self.draft.findings:
            self.console.print(f"[bold]全文检查：{len(self.draft.findings)} 条[/bold]")
            self._print_findings(self.draft.findings[:10])
        if self.draft.unused_facts:
            self.console.print(f"[yellow]未用到的事实 {len(self.draft.unused_facts)} 条：[/yellow]"
                               + "；".join(x[:30] for x in self.draft.unused_facts[:5]))

    def _print_findings(self, findings: list[Finding]) -> None:
        for f in findings:
            style = SEVERITY_STYLE.get(f.severity, "")
            self.console.print(Text(f"  [{f.severity}] {f.code} {f.location}：{f.message}", style=style))

    def cmd_show(self, args: list[str]) -> None:
        sec = self._section(args)
        head = (sec.marker + sec.heading) if sec.heading else "（无标题段落）"
        self.console.rule(f"{sec.id} · {head} · 第 {sec.current + 1}/{len(sec.history)} 版")
        self.console.print(highlight_placeholders(sec.text))
        if sec.findings:
            self.console.print("[bold]检查结果：[/bold]")
            self._print_findings(sec.findings)
        if sec.sources:
            names = "；".join(f"{s.title or Path(s.source).name or s.id}（{s.score:.2f}）" for s in sec.sources)
            self.console.print(Text("参考范文：" + names, style="dim"))
        if history.candidate(sec):
            self.console.print("[magenta]有待确认的修改：diff 查看，accept 采纳，reject 放弃。[/magenta]")

    def _print_diff(self, old: str, new: str) -> None:
        d = char_diff(old, new)
        if self.console.is_terminal:
            self.console.print(diff_rich(d))
        else:
            self.console.print(diff_plain(d), highlight=False, markup=False)
        self.console.print(f"[dim]{diff_stats(d).summary()}[/dim]")

    def _show_candidate(self, sec: SectionDraft) -> None:
        cand = history.candidate(sec)
        self.console.rule("修改对比（红删绿增；纯文本中 [-删-]{+增+}）")
        self._print_diff(sec.text, cand.text)
        if cand.findings:
            self.console.print("[bold]修改稿检查结果：[/bold]")
            self._print_findings(cand.findings)
        self.console.print("[magenta]accept 采纳 / reject 放弃[/magenta]")

    def cmd_revise(self, args: list[str]) -> None:
        sec, rest = self._pick(args)
        instruction = " ".join(rest).strip()
        if not instruction:
            raise InputError("请在 revise 后写修改要求，如：revise work 再精炼一些", field="instruction")
        model = self.model()
        require_model(model, ops.OFFLINE_MESSAGE)
        self.console.rule(f"按“{instruction}”修改 {sec.id}")
        ops.propose_revision(self.draft, sec.id, instruction, model, on_token=self._stream, on_retry=self._retry)
        self.console.print()
        self._save()
        self._show_candidate(sec)

    def _stream(self, token: str) -> None:
        self.console.print(token, end="", highlight=False, markup=False, soft_wrap=True)

    def _retry(self, attempt: int, reason: str) -> None:
        """The text printed so far was dropped (a cut stream): say so and start a fresh line."""
        self.console.print()
        self.console.print(f"[yellow]（{reason}，以上作废，第 {attempt} 次尝试）[/yellow]")

    def cmd_regen(self, args: list[str]) -> None:
        sec = self._section(args)
        self.console.rule(f"换范文重写 {sec.id}")
        model = self.model()
        stream = None if getattr(model, "offline", False) else self._stream
        ops.propose_regenerate(self.draft, sec.id, self.settings, model=model, store=self.store, on_token=stream,
                               on_retry=self._retry if stream else None)
        if stream:
            self.console.print()
        self._save()
        self._show_candidate(sec)

    def cmd_accept(self, args: list[str]) -> None:
        sec = self._section(args)
        i = ops.accept(self.draft, sec.id)
        self._save()
        self.console.print(f"[green]已采纳：{sec.id} 现为第 {i + 1} 版。[/green]")

    def cmd_reject(self, args: list[str]) -> None:
        sec = self._section(args)
        ops.reject(self.draft, sec.id)
        self._save()
        self.console.print(f"已放弃修改，{sec.id} 仍为第 {sec.current + 1} 版。")

    def cmd_undo(self, args: list[str]) -> None:
        sec = self._section(args)
        i = ops.undo(self.draft, sec.id)
        self._save()
        self.console.print(f"已撤销：{sec.id} 回到第 {i + 1} 版（共 {len(sec.history)} 版，redo 可恢复）。")

    def cmd_redo(self, args: list[str]) -> None:
        sec = self._section(args)
        i = ops.redo(self.draft, sec.id)
        self._save()
        self.console.print(f"已重做：{sec.id} 现为第 {i + 1} 版。")

    def cmd_diff(self, args: list[str]) -> None:
        sec, rest = self._pick(args)
        if len(rest) >= 2:
            a, b = (_version_ref(x) for x in rest[:2])
        elif history.candidate(sec):
            a, b = "current", "candidate"
        else:
            a, b = max(sec.current - 1, 0), sec.current
        va, vb = history.version_at(sec, a), history.version_at(sec, b)
        self.console.rule(f"{sec.id}：{_label(a)} → {_label(b)}")
        self._print_diff(va.text, vb.text)

    def cmd_history(self, args: list[str]) -> None:
        sec = self._section(args)
        table = Table(title=f"{sec.id} 版本历史")
        for col in ("版", "类型", "指令", "模型", "时间", "检查", ""):
            table.add_column(col)
        for i, v in enumerate(sec.history):
            table.add_row(
                str(i + 1),
                history.KIND_NAMES.get(v.kind, v.kind),
                v.instruction or "",
                v.model or "",
                v.at.replace("T", " ")[:19],
                _finding_counts(v.findings),
                "◀ 当前" if i == sec.current else "",
            )
        self.console.print(table)
        if history.candidate(sec):
            self.console.print("[magenta]另有一个待确认的修改。[/magenta]")

    def cmd_edit(self, args: list[str]) -> None:
        sec = self._section(args)
        new = self.edit(self._unsaved.pop(sec.id, sec.text), ".txt")
        if new is None:
            self.console.print("未修改。")
            return
        v = ops.edit_text(self.draft, sec.id, new)
        try:
            self._save()
        except ConflictError as exc:
            self._unsaved[sec.id] = new
            self.console.print(f"[red]错误：{exc.one_line()}[/red]", highlight=False)
            self.console.print(f"[yellow]你的文本已保留：再次 edit {sec.id} 时以它为底稿。[/yellow]")
            return
        self.console.print(f"[green]已保存手工编辑：{sec.id} 现为第 {sec.current + 1} 版。[/green]")
        self._print_findings(v.findings)

    def cmd_facts(self, args: list[str]) -> None:
        new = self.edit(ops.facts_yaml(self.draft), ".yaml")
        if new is None:
            self.console.print("事实清单未修改。")
            return
        facts = ops.parse_facts_yaml(new)
        result = ops.update_facts(self.draft, facts, self.settings, model=self.model(), store=self.store)
        self._save()
        if result.changed:
            self.console.print(f"[green]事实已更新，已重写：{'、'.join(result.changed)}[/green]")
        else:
            self.console.print("事实已更新，没有章节需要重写。")
        if result.unmatched:
            self.console.print(f"[yellow]新增的小节 {'、'.join(result.unmatched)} 不在草稿中，请重新运行 bigan draft。[/yellow]")

    def cmd_export(self, args: list[str]) -> None:
        from . import bridge

        if not args:
            raise InputError("请给出导出文件名，如：export 报告.docx", field="export")
        out = Path(args[0])
        from ..outputs import Output, check_outputs

        check_outputs(Output("export", out, ".docx"), inputs={" draft.json ": self.path})
        bridge.export_docx(self.draft, out)
        self.console.print(f"[green]已导出 {out}[/green]")


ALIASES = {
    "ls": "list",
    "regenerate": "regen",
    "h": "history",
    "?": "help",
    "列表": "list",
    "查看": "show",
    "修改": "revise",
    "采纳": "accept",
    "放弃": "reject",
    "撤销": "undo",
    "重做": "redo",
    "对比": "diff",
    "历史": "history",
    "重写": "regen",
    "编辑": "edit",
    "事实": "facts",
    "导出": "export",
}


def _version_ref(word: str) -> int | str:
    """Versions are numbered from 1 for people; 'c'/'candidate' names the pending proposal."""
    if word.lower() in ("c", "candidate", "待确认"):
        return "candidate"
    if word.lower() in ("current", "当前"):
        return "current"
    try:
        n = int(word)
    except ValueError:
        raise InputError(f"版本应为数字或 candidate：{word!r}", field="diff") from None
    return n - 1 if n > 0 else n


def _label(ref: int | str) -> str:
    if isinstance(ref, str):
        return {"candidate": "待确认版", "current": "当前版"}.get(ref, ref)
    return f"第 {ref + 1} 版"


def _click_edit(text: str, suffix: str) -> str | None:
    """Open $VISUAL/$EDITOR on the text; None when the writer left it unchanged."""
    import click

    new = click.edit(text, extension=suffix, require_save=True)
    if new is None or new.strip() == text.strip():
        return None
    return new
