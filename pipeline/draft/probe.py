"""Probe an OpenAI-compatible endpoint the way drafting will use it (``bigan model check``).

``check_endpoint(settings) -> EndpointReport`` finds out, in a few small requests:

- the model id and its context window (``/models`` fields of vLLM, llama.cpp, LM Studio …;
  llama.cpp's ``/props``; Ollama's ``/api/show``; on a local server, the error an oversized
  prompt gets);
- whether a stream ends with a finish reason (bigan treats a stream without one as cut);
- what a second concurrent request does: ``parallel``, ``queued`` or ``interrupting`` (start a
  long reply, start a short one while it streams, see whether they overlap and whether the first
  is cut);
- prompt tokens/s (two prompts of different sizes, one token each) and generation tokens/s (one
  reply of a fixed max_tokens), whether max_tokens is honoured and whether a shared prompt prefix
  is served from a cache;

and recommends ``concurrency``, ``timeout`` and ``deadline``. Every request has a small
max_tokens and the whole check a time budget, so it ends in well under a minute on a slow local
model. It talks to the endpoint with the openai client directly (not the model door), because it
needs what the door hides: timings per piece, cut streams, two requests at once.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..config import Settings, userinfo_auth
from ..errors import ConfigError, ModelError
from .section import PROMPT_BUDGET

if TYPE_CHECKING:
    from openai.types import CompletionUsage

SECTION_OUTPUT_TOKENS = 2000  # a long section's max_tokens (twice its upper length bound)
CONTEXT_KEYS = ("max_model_len", "context_length", "context_window", "max_context_length", "n_ctx", "n_ctx_train")
CONTEXT_ERROR = re.compile(r"(?:maximum context length is|context window of|context length of|n_ctx\W+)\s*(\d{3,7})", re.I)
OVERSIZED_PROMPT_TOKENS = 70_000  # beyond any local server's usual n_ctx; rejected before any work
GENERATION_TOKENS = 64
MODES = {
    "parallel": "同时处理多个请求",
    "queued": "一次处理一个请求，其余排队等待",
    "interrupting": "一次处理一个请求，新请求会中断正在生成的请求（llama-cpp-python 的默认行为）",
    "rejected": "第二个并发请求被拒绝（限流）",
    "unknown": "未能判断",
}


@dataclass
class Probe:
    """One request as the probe saw it."""

    sent: float = 0.0
    first: float | None = None  # first content piece
    end: float = 0.0
    pieces: int = 0
    finish: str | None = None
    text: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None
    error: str | None = None
    status: int | None = None
    body: Any = None  # the error body, for context-window messages

    @property
    def elapsed(self) -> float:
        return self.end - self.sent

    @property
    def ttft(self) -> float | None:
        return self.first - self.sent if self.first is not None else None


@dataclass
class EndpointReport:
    base_url: str
    model: str
    models: list[str] = field(default_factory=list)
    context_window: int | None = None
    context_source: str = ""
    finish_reason: bool | None = None  # streams end with a finish reason
    max_tokens_honoured: bool | None = None
    concurrency_mode: str = "unknown"
    slots: int | None = None
    first_token_s: float | None = None
    prompt_tokens_per_s: float | None = None
    generation_tokens_per_s: float | None = None
    prefix_cache: bool | None = None
    cached_tokens_reported: bool = False
    recommended: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what makes the endpoint unusable as configured
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_local(base_url: str) -> bool:
    host = (urlsplit(base_url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _root(base_url: str) -> str:
    """The server root: llama.cpp's /props and Ollama's /api live beside /v1."""
    return re.sub(r"/v1/?$", "", base_url.rstrip("/"))


class _Prober:
    def __init__(self, settings: Settings, budget: float) -> None:
        import openai

        if not settings.base_url and not settings.api_key:
            raise ConfigError("未配置模型服务地址 (no endpoint: set base_url or OPENAI_BASE_URL)", field="base_url")
        self.settings = settings
        # Shown and reported without user:password@, which goes as a header (never in a logged URL).
        self.base_url, auth = userinfo_auth(settings.base_url or "https://api.openai.com/v1")
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        self.client = openai.OpenAI(base_url=self.base_url, api_key=key, max_retries=0, timeout=30.0,
                                    default_headers=auth or None)
        self.started = time.monotonic()
        self.budget = budget
        self.nonce = secrets.token_hex(4)  # every prompt starts afresh: no prefix cache from earlier runs

    def remaining(self) -> float:
        return self.budget - (time.monotonic() - self.started)

    def timeout(self, cap: float) -> float:
        return max(1.0, min(cap, self.remaining()))

    def get(self, url: str, cap: float = 5.0) -> Any:
        return self.client.get(url, cast_to=object, options={"timeout": self.timeout(cap)})

    def chat(self, model: str, messages: list[dict[str, str]], *, max_tokens: int, stream: bool, cap: float = 30.0,
             on_first=None) -> Probe:
        """One chat request as drafting sends it (streamed with usage, max_tokens in the body)."""
        import openai

        probe = Probe(sent=time.monotonic())
        kwargs: dict[str, Any] = {"model": model, "messages": messages, "temperature": 0, "stream": stream,
                                  "extra_body": {"max_tokens": max_tokens}, "timeout": self.timeout(cap)}
        if stream:
            kwargs["stream_options"] = {"include_usage": True}
        try:
            result = self.client.chat.completions.create(**kwargs)
            if stream:
                for chunk in result:
                    if chunk.choices:
                        choice = chunk.choices[0]
                        if choice.delta and choice.delta.content:
                            if probe.first is None:
                                probe.first = time.monotonic()
                                if on_first:
                                    on_first()
                            probe.pieces += 1
                            probe.text += choice.delta.content
                        probe.finish = choice.finish_reason or probe.finish
                    if chunk.usage:
                        self._usage(probe, chunk.usage)
            else:
                probe.first = time.monotonic()
                choice = result.choices[0]
                probe.text = choice.message.content or ""
                probe.finish = choice.finish_reason
                probe.pieces = 1 if probe.text else 0
                if result.usage:
                    self._usage(probe, result.usage)
        except openai.APIStatusError as exc:
            probe.error, probe.status, probe.body = _error_text(exc), exc.status_code, exc.body
        except openai.APIError as exc:
            probe.error = _error_text(exc)
        probe.end = time.monotonic()
        return probe

    @staticmethod
    def _usage(probe: Probe, usage: CompletionUsage) -> None:
        probe.prompt_tokens = usage.prompt_tokens
        probe.completion_tokens = usage.completion_tokens
        details = getattr(usage, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None) if details is not None else None
        if cached is None:
            cached = (usage.model_extra or {}).get("prompt_cache_hit_tokens")  # DeepSeek's own field
        probe.cached_tokens = int(cached) if cached is not None else None


def _error_text(exc: Exception) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "请求超时"
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    return type(exc).__name__


def _ask(nonce: str, text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": f"[{nonce}] 你是县委办公室的文字工作者，回答简洁。"}, {"role": "user", "content": text}]


def _long_ask(nonce: str, lines: int = 12, last: str = "请只回答“好”。") -> list[dict[str, str]]:
    """A prompt of a few hundred tokens; its nonce-led start differs from every earlier prompt."""
    record = "".join(f"第{i}条：示例单位第{i}项工作记录，完成情况良好，按期推进，资料已归档。\n" for i in range(1, lines + 1))
    return [{"role": "system", "content": f"[{nonce}] 你是县委办公室的文字工作者。以下是工作记录：\n{record}"},
            {"role": "user", "content": last}]


COUNTING = "请从1开始依次写出自然数，用中文逗号分隔，一直写到1000，不要解释。"


def check_endpoint(settings: Settings, *, budget: float = 60.0) -> EndpointReport:
    """Probe the configured endpoint; raises ModelError when it cannot be reached or refuses the key."""
    p = _Prober(settings, budget)
    report = EndpointReport(base_url=p.base_url, model=settings.model or "")
    _models(p, report)
    if not report.model:
        raise ConfigError("未配置模型，服务也没有列出模型 (no model: use --model or BIGAN_MODEL)", field="model")
    solo = _streaming(p, report)
    _prompt_rate(p, report)
    gen = _generation(p, report)
    _concurrency(p, report, solo, gen)
    if report.context_window is None and _is_local(p.base_url) and p.remaining() > 5:
        _context_by_oversized_prompt(p, report)
    if report.context_window is None:
        report.context_source = "unknown"
    elif report.context_window < PROMPT_BUDGET + SECTION_OUTPUT_TOKENS:
        report.notes.append(f"上下文窗口 {report.context_window} tokens 容不下一节的提示词（至多 {PROMPT_BUDGET}）"
                            f"加长章节的输出（约 {SECTION_OUTPUT_TOKENS}）：长章节会被截断，可加大服务的 n_ctx")
    report.recommended = recommend(report, settings, local=_is_local(p.base_url))
    report.seconds = round(time.monotonic() - p.started, 1)
    return report


def _models(p: _Prober, report: EndpointReport) -> None:
    import openai

    try:
        data = p.client.models.list(timeout=p.timeout(10)).data
    except openai.AuthenticationError:
        raise ModelError("鉴权失败（检查 OPENAI_API_KEY） (HTTP 401)", field="api_key") from None
    except openai.APIConnectionError as exc:
        what = "请求超时" if isinstance(exc, openai.APITimeoutError) else "无法连接"
        raise ModelError(f"{what}：{p.base_url} (endpoint unreachable)", field="base_url") from None
    except openai.APIError as exc:
        report.notes.append(f"服务不提供模型列表（{_error_text(exc)}）")
        data = []
    report.models = [m.id for m in data]
    if not report.model and report.models:
        report.model = report.models[0]
        report.notes.append(f"未配置模型，使用服务列出的第一个：{report.model}")
    elif report.models and report.model not in report.models:
        report.notes.append(f"服务列出的模型中没有 {report.model}（有：{'、'.join(report.models[:5])}）")
    entry = next((m for m in data if m.id == report.model), data[0] if len(data) == 1 else None)
    extra = dict(entry.model_extra or {}) if entry is not None else {}
    extra |= extra.get("meta") or {} if isinstance(extra.get("meta"), dict) else {}
    for key in CONTEXT_KEYS:
        if isinstance(extra.get(key), int) and extra[key] > 0:
            report.context_window, report.context_source = extra[key], f"/models {key}"
            break
    root = _root(p.base_url)
    try:
        props = p.get(f"{root}/props")
    except openai.APIError:
        props = None
    if isinstance(props, dict):
        settings = props.get("default_generation_settings") or {}
        n_ctx = props.get("n_ctx") or settings.get("n_ctx")
        if isinstance(n_ctx, int) and n_ctx > 0:
            report.context_window, report.context_source = n_ctx, "/props n_ctx"
        if isinstance(props.get("total_slots"), int):
            report.slots = props["total_slots"]
    if report.context_window is None and _is_local(p.base_url):
        _ollama_context(p, report, root)


def _ollama_context(p: _Prober, report: EndpointReport, root: str) -> None:
    import openai

    try:
        if not isinstance(p.get(f"{root}/api/version", cap=3), dict):
            return
        show = p.client.post(f"{root}/api/show", body={"model": report.model}, cast_to=object,
                             options={"timeout": p.timeout(5)})
    except openai.APIError:
        return
    info = show.get("model_info") or {} if isinstance(show, dict) else {}
    trained = next((v for k, v in info.items() if k.endswith(".context_length") and isinstance(v, int)), None)
    num_ctx = re.search(r"num_ctx\s+(\d+)", str(show.get("parameters") or "")) if isinstance(show, dict) else None
    if num_ctx:
        report.context_window, report.context_source = int(num_ctx.group(1)), "Ollama num_ctx"
    elif trained:
        report.context_window, report.context_source = trained, "Ollama model_info"
        report.notes.append("Ollama 默认只用较短的上下文（num_ctx），请设置 OLLAMA_CONTEXT_LENGTH 或 Modelfile 的 num_ctx")


def _streaming(p: _Prober, report: EndpointReport) -> Probe | None:
    """A short streamed reply: does it end with a finish reason, is max_tokens honoured, latency."""
    probe = p.chat(report.model, _ask(p.nonce, "请用三句话介绍党风廉政建设的意义。"), max_tokens=16, stream=True, cap=30)
    if probe.error:
        raise ModelError(f"模型请求失败：{probe.error}（{report.model} @ {p.base_url}）", field="model")
    report.finish_reason = probe.finish is not None
    report.first_token_s = round(probe.ttft, 2) if probe.ttft is not None else None
    if probe.completion_tokens is not None:
        report.max_tokens_honoured = probe.completion_tokens <= 16
    elif probe.finish is not None:
        report.max_tokens_honoured = probe.pieces <= 16 or None
    if probe.finish == "length":
        report.max_tokens_honoured = True
    if not report.finish_reason:
        report.problems.append("流式输出结束时没有 finish_reason：bigan 会把每个回复当作中断的流而重试，无法使用")
    if report.max_tokens_honoured is False:
        report.problems.append("服务不理会 max_tokens：小模型可能一直写到上下文占满（bigan 仍会在输出超长或重复时停止）")
    return probe


def _prompt_rate(p: _Prober, report: EndpointReport) -> None:
    """Two prompts of different sizes with one output token each; then the long one again with a
    different ending, to see whether its shared prefix is cached."""
    if p.remaining() < 10:
        report.notes.append("时间不够，未测提示词处理速度")
        return
    short = p.chat(report.model, _ask(p.nonce + "s", "请只回答“好”。"), max_tokens=1, stream=False, cap=20)
    long = p.chat(report.model, _long_ask(p.nonce + "l"), max_tokens=1, stream=False, cap=40)
    if short.error or long.error:
        report.notes.append(f"提示词速度未测（{short.error or long.error}）")
        return
    again = p.chat(report.model, _long_ask(p.nonce + "l", last="请只回答“是”。"), max_tokens=1, stream=False, cap=40)
    extra = (long.prompt_tokens or 0) - (short.prompt_tokens or 0)
    if long.prompt_tokens is None or short.prompt_tokens is None:
        from ..store.tokens import count_tokens

        extra = sum(count_tokens(m["content"]) for m in _long_ask(p.nonce)) - sum(
            count_tokens(m["content"]) for m in _ask(p.nonce, "请只回答“好”。"))
        report.notes.append("服务未报告 usage，提示词 token 数为估算")
    gap = long.elapsed - short.elapsed
    if gap > 0.25 and extra > 0:
        report.prompt_tokens_per_s = round(extra / gap, 1)
    else:
        report.notes.append(f"提示词处理太快，测不准（{extra} tokens 相差 {gap:.2f} 秒）")
    if again.error:
        return
    if again.cached_tokens:
        report.prefix_cache, report.cached_tokens_reported = True, True
    elif gap > 0.25:
        report.prefix_cache = (again.elapsed - short.elapsed) < 0.5 * gap


def _generation(p: _Prober, report: EndpointReport) -> Probe | None:
    if p.remaining() < 8:
        report.notes.append("时间不够，未测生成速度")
        return None
    probe = p.chat(report.model, _ask(p.nonce + "g", COUNTING), max_tokens=GENERATION_TOKENS, stream=True, cap=40)
    if probe.error or probe.first is None:
        report.notes.append(f"生成速度未测（{probe.error or '没有输出'}）")
        return None
    tokens = probe.completion_tokens or probe.pieces
    span = probe.end - probe.first
    if tokens > 4 and span > 0:
        report.generation_tokens_per_s = round((tokens - 1) / span, 1)
    return probe


def _concurrency(p: _Prober, report: EndpointReport, solo: Probe | None, gen: Probe | None) -> None:
    """Start a long reply; once it streams, start a short one; watch what happens to both."""
    rate = report.generation_tokens_per_s
    if gen is None or not rate or p.remaining() < 10:
        report.notes.append("未测并发行为（时间不够或生成速度未知）")
        return
    long_tokens = int(min(400, max(GENERATION_TOKENS, rate * 4)))  # about four seconds of output
    streaming = threading.Event()
    results: dict[str, Probe] = {}
    first = threading.Thread(target=lambda: results.__setitem__("a", p.chat(
        report.model, _ask(p.nonce + "g", COUNTING), max_tokens=long_tokens, stream=True, cap=40, on_first=streaming.set)))
    first.start()
    streaming.wait(timeout=p.timeout(30))
    time.sleep(max(0.2, 3 / rate))  # a few tokens into the reply
    sent_b = time.monotonic()
    results["b"] = p.chat(report.model, _ask(p.nonce + "b", "请只回答“好”。"), max_tokens=8, stream=True, cap=40)
    first.join(timeout=p.timeout(60))
    a, b = results.get("a"), results["b"]
    if a is None or a.error or a.first is None:
        report.notes.append(f"并发测试的长回复失败（{a.error if a else '超时'}）")
        return
    if b.status == 429:
        report.concurrency_mode = "rejected"
        return
    if b.error or b.first is None:
        report.notes.append(f"并发测试的第二个请求失败（{b.error or '没有输出'}）")
        return
    # Cut: no finish reason where the server sends one, else far fewer pieces than asked for.
    pieces_per_token = gen.pieces / max(1, gen.completion_tokens or gen.pieces)
    cut_short = a.pieces < 0.8 * long_tokens * pieces_per_token and a.finish != "stop"
    a_cut = a.finish is None if report.finish_reason else cut_short
    if a.end <= sent_b:
        report.notes.append("长回复在第二个请求发出前就结束了，无法判断并发行为")
    elif a_cut:
        report.concurrency_mode = "interrupting"
    elif b.first < a.end - 0.05:
        report.concurrency_mode = "parallel"
    elif solo is not None and solo.ttft is not None and b.first - sent_b > 2 * solo.ttft + 0.3:
        report.concurrency_mode = "queued"  # the second waited for the first to finish
    else:
        report.notes.append("第二个请求紧接着第一个结束才开始输出，但等待时间太短，无法判断是否排队")


def _context_by_oversized_prompt(p: _Prober, report: EndpointReport) -> None:
    """A local server that names its context nowhere names it when a prompt is too long."""
    probe = p.chat(report.model, [{"role": "user", "content": "a " * OVERSIZED_PROMPT_TOKENS}], max_tokens=1,
                   stream=False, cap=10)
    found = CONTEXT_ERROR.search(f"{probe.body!r} {probe.error or ''}")
    if found:
        report.context_window, report.context_source = int(found.group(1)), "超长请求的报错"
    elif probe.error is None:
        report.notes.append(f"上下文窗口不少于 {OVERSIZED_PROMPT_TOKENS} tokens（超长请求被接受）")
    else:
        report.notes.append(f"超长请求没有说明上下文窗口（{probe.error}）")


def _round_up(value: float, step: int) -> int:
    return int(math.ceil(value / step) * step)


def recommend(report: EndpointReport, settings: Settings, *, local: bool) -> dict[str, Any]:
    """Concurrency, timeout and deadline that suit what was measured (the rest stays as it is).

    timeout: twice the wait for the first token of a full section prompt (``PROMPT_BUDGET``);
    deadline: one and a half times that wait plus a long section's output
    (``SECTION_OUTPUT_TOKENS``) at the measured rate — shared by all requests in flight when a
    local server runs them in parallel on the same hardware."""
    mode = report.concurrency_mode
    if mode in ("queued", "interrupting", "rejected"):
        concurrency = 1
    elif mode == "parallel" and report.slots:
        concurrency = max(1, min(report.slots, 64))
    else:
        concurrency = settings.concurrency
    latency = report.first_token_s or 1.0
    first_token = latency + (PROMPT_BUDGET / report.prompt_tokens_per_s if report.prompt_tokens_per_s else 0.0)
    timeout = max(60, _round_up(2 * first_token, 10))
    deadline = settings.deadline
    if report.generation_tokens_per_s:
        share = concurrency if local and mode == "parallel" else 1
        writing = SECTION_OUTPUT_TOKENS * share / report.generation_tokens_per_s
        deadline = max(120, _round_up(1.5 * (first_token + writing), 30))
    return {"concurrency": concurrency, "timeout": timeout, "deadline": deadline}
