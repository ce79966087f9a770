"""The ONE door to a model.

``get_model(settings)`` returns a ``ChatModel``: the offline composer when no model is configured,
otherwise an OpenAI-compatible endpoint through LangChain's ``ChatOpenAI`` with:

- retries with backoff (tenacity) on 429 (Retry-After honoured), 5xx, timeouts and connection
  errors, and on streams that end without a finish reason (cut: the partial text is dropped);
- an adaptive concurrency limit (``concurrency.AdaptiveLimit``) shared by every thread using the
  same model object: halved on overload (cut stream, 429, timeout, reset), grown back on success;
- a whole-request deadline (``settings.deadline``, ``deadline.py``) besides the read timeout: a
  stream that trickles on, or a server that only sends keep-alives, is cut there and retried
  like a timeout;
- an output limit: ``max_tokens`` is sent on the request, and a stream that runs past
  ``max_chars`` or loops over the same sentences is stopped (``runaway.py``) and returned as a
  defective reply (``finish_reason="runaway"``, ``defect`` says why) — not retried, not cached:
  the caller decides what to ask next;
- an on-disk response cache (``cache.py``) unless ``settings.no_cache``.

The API key only ever lives inside the client object; it is not part of the cache key, the
``Reply``, ``describe()`` or any message.
"""

from __future__ import annotations

import functools
import sys
import time
from dataclasses import asdict
from typing import Any

from ..config import Settings, userinfo_auth
from ..errors import ModelError
from .cache import ResponseCache, cache_key
from .chat import RUNAWAY, ChatModel, Message, OnRetry, OnToken, Reply
from .concurrency import AdaptiveLimit
from .deadline import Deadlines
from .runaway import RunawayGuard
from .task import SectionTask


class StreamCut(Exception):
    """The stream ended without a finish reason: the reply is incomplete and must not be kept."""


class EmptyReply(Exception):
    """The endpoint answered with no text at all."""


class DeadlineExceeded(Exception):
    """The whole request took longer than ``settings.deadline``; the partial text is dropped."""


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to exponential backoff


def is_retryable(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, (StreamCut, EmptyReply, DeadlineExceeded)):
        return True
    if isinstance(exc, (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError)):
        return True  # APITimeoutError is an APIConnectionError
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code >= 500 or exc.status_code in (408, 409, 429)
    return _is_transport_error(exc)


def _is_transport_error(exc: BaseException) -> bool:
    """A transport error raised mid-stream (not wrapped by openai). The openai client uses httpx2;
    legacy httpx counts only when something else loaded it: importing it here, from several
    threads at once, would race with openai's own check for it."""
    for name in ("httpx2", "httpx"):
        error = getattr(sys.modules.get(name), "TransportError", None)
        if isinstance(error, type) and isinstance(exc, error):
            return True
    return False


def overload_reason(exc: BaseException) -> str | None:
    """Why ``exc`` says the endpoint has too much to do (halve the concurrency), or None."""
    import openai

    if isinstance(exc, StreamCut):
        return "输出流被中断"
    if isinstance(exc, DeadlineExceeded):
        return "请求超过总时限"
    if isinstance(exc, openai.APITimeoutError):
        return "请求超时"
    if isinstance(exc, openai.APIConnectionError):
        return "连接被重置"
    if isinstance(exc, openai.APIStatusError) and exc.status_code in (429, 503):
        return "请求过于频繁" if exc.status_code == 429 else "服务繁忙 (HTTP 503)"
    if _is_transport_error(exc):
        return "连接被重置"
    return None


def _describe_error(exc: BaseException) -> str:
    import openai

    if isinstance(exc, StreamCut):
        return "模型输出流中途中断（无 finish_reason）"
    if isinstance(exc, EmptyReply):
        return "模型返回空回复"
    if isinstance(exc, DeadlineExceeded):
        return f"模型请求超过总时限（{exc.args[0]:g} 秒）" if exc.args else "模型请求超过总时限"
    if isinstance(exc, openai.APITimeoutError):
        return "模型请求超时"
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接模型服务"
    if isinstance(exc, openai.APIStatusError):
        kind = {401: "鉴权失败（检查 OPENAI_API_KEY）", 403: "无权访问", 404: "模型或地址不存在", 429: "请求过于频繁"}.get(
            exc.status_code, "模型服务出错"
        )
        return f"{kind} (HTTP {exc.status_code})"
    return f"{type(exc).__name__}"


@functools.cache
def _chat_openai_class():
    """LangChain's ChatOpenAI, reading DeepSeek's cache report too.

    DeepSeek reports prefix-cache hits as ``usage.prompt_cache_hit_tokens`` rather than OpenAI's
    ``prompt_tokens_details.cached_tokens``; the raw chunk is rewritten to the OpenAI shape
    before LangChain reads it, so ``input_token_details.cache_read`` holds either."""
    from langchain_openai import ChatOpenAI

    class _ChatOpenAI(ChatOpenAI):
        def _convert_chunk_to_generation_chunk(self, chunk, default_chunk_class, base_generation_info):
            usage = chunk.get("usage") if isinstance(chunk, dict) else None
            if usage and usage.get("prompt_cache_hit_tokens") is not None and not (
                usage.get("prompt_tokens_details") or {}
            ).get("cached_tokens"):
                details = {**(usage.get("prompt_tokens_details") or {}), "cached_tokens": usage["prompt_cache_hit_tokens"]}
                chunk = {**chunk, "usage": {**usage, "prompt_tokens_details": details}}
            return super()._convert_chunk_to_generation_chunk(chunk, default_chunk_class, base_generation_info)

    return _ChatOpenAI


class OpenAIChatModel:
    """An OpenAI-compatible endpoint via LangChain ``ChatOpenAI``, streaming."""

    offline = False

    def __init__(
        self,
        settings: Settings,
        *,
        cache: ResponseCache | None = None,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
    ) -> None:
        import openai

        if not settings.model:
            raise ModelError("未配置模型 (no model configured)", field="model")
        self.name = settings.model
        self.base_url = settings.shown_base_url  # shown and cache-keyed without credentials
        self.temperature = settings.temperature
        self.max_retries = max(0, settings.max_retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.cache = cache
        self.deadline = settings.deadline
        self.limiter = AdaptiveLimit(settings.concurrency)
        self._deadlines = Deadlines()
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        # No single wait longer than the deadline; past it, the watch cuts the connection.
        timeout = min(settings.timeout, settings.deadline)
        base_url, auth = userinfo_auth(settings.base_url)  # user:password@ sent as a header, never logged
        self._llm = _chat_openai_class()(
            model=settings.model,
            base_url=base_url,
            default_headers=auth or None,
            api_key=key,
            http_client=openai.DefaultHttpxClient(timeout=timeout, event_hooks={"response": [self._deadlines.hook]}),
            timeout=timeout,
            max_retries=0,  # tenacity retries, so a cut stream is retried the same way
            streaming=True,
            stream_usage=True,
            temperature=settings.temperature,
        )

    def params(self, max_tokens: int | None = None, max_chars: int | None = None) -> dict[str, Any]:
        """What shapes a reply besides the messages (part of the cache key; limits only when set,
        so entries written before they existed still match)."""
        limits = {"max_tokens": max_tokens, "max_chars": max_chars}
        return {"temperature": self.temperature, **{k: v for k, v in limits.items() if v}}

    def describe(self) -> dict[str, Any]:
        return {"model": self.name, "base_url": self.base_url, **self.params()}

    def generate(
        self,
        messages: list[Message],
        *,
        on_token: OnToken | None = None,
        task: SectionTask | None = None,
        on_retry: OnRetry | None = None,
        max_tokens: int | None = None,
        max_chars: int | None = None,
    ) -> Reply:
        key = cache_key(self.name, self.base_url, messages, self.params(max_tokens, max_chars))
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                if on_token:
                    on_token(hit["text"])
                return Reply(
                    text=hit["text"],
                    model=hit.get("model", self.name),
                    tokens_in=hit.get("tokens_in", 0),
                    tokens_out=hit.get("tokens_out", 0),
                    finish_reason=hit.get("finish_reason"),
                    seconds=0.0,
                    cached=True,
                    tokens_cached=hit.get("tokens_cached"),
                )
        reply = self._generate_with_retries(messages, on_token, on_retry, max_tokens, max_chars)
        if self.cache is not None and reply.defect is None:  # a runaway reply is never kept
            entry = asdict(reply)
            for transient in ("cached", "attempts", "defect"):
                entry.pop(transient, None)
            self.cache.put(key, entry)
        return reply

    def _wait(self, state) -> float:
        from tenacity import wait_exponential_jitter

        after = _retry_after(state.outcome.exception())
        if after is not None:
            return min(after, self.max_backoff)
        return wait_exponential_jitter(multiplier=self.backoff, max=self.max_backoff, jitter=self.backoff / 2)(state)

    def _generate_with_retries(
        self,
        messages: list[Message],
        on_token: OnToken | None,
        on_retry: OnRetry | None = None,
        max_tokens: int | None = None,
        max_chars: int | None = None,
    ) -> Reply:
        from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt

        attempts = 0
        last_error: BaseException | None = None
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=self._wait,
            stop=stop_after_attempt(self.max_retries + 1),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    attempts += 1
                    if attempts > 1 and on_retry is not None:
                        # Listeners already hold the failed attempt's partial text: tell them to drop it.
                        on_retry(attempts, _describe_error(last_error) if last_error else "重试")
                    self.limiter.acquire()
                    try:
                        reply = self._once(messages, on_token, max_tokens, max_chars)
                    except BaseException as exc:
                        last_error = exc
                        reason = overload_reason(exc)
                        self.limiter.release("overload" if reason else "neutral", reason or "")
                        raise
                    self.limiter.release("success")
                    reply.attempts = attempts
                    return reply
        except RetryError as exc:  # pragma: no cover - reraise=True makes this rare
            raise ModelError(f"模型请求失败：{_describe_error(exc.last_attempt.exception())}") from None
        except Exception as exc:  # noqa: BLE001 - every failure becomes one ModelError line
            if isinstance(exc, ModelError):
                raise
            tries = f"（已尝试 {attempts} 次）" if attempts > 1 else ""
            raise ModelError(f"模型请求失败：{_describe_error(exc)}{tries}", field=self.name) from None
        raise ModelError("模型请求失败")  # pragma: no cover

    def _once(
        self, messages: list[Message], on_token: OnToken | None, max_tokens: int | None = None, max_chars: int | None = None
    ) -> Reply:
        start = time.monotonic()
        guard = RunawayGuard(max_chars)
        finish: str | None = None
        usage: dict[str, Any] = {}
        model_name = self.name
        pieces = 0
        lc_messages = [(m["role"], m["content"]) for m in messages]
        # max_tokens by extra_body: ChatOpenAI would send max_completion_tokens, which local
        # servers (llama-cpp-python, older Ollama) silently ignore.
        extra = {"extra_body": {"max_tokens": int(max_tokens)}} if max_tokens else {}
        with self._deadlines.watch(self.deadline) as watch:
            stream = self._llm.stream(lc_messages, **extra)
            try:
                for chunk in stream:
                    text = chunk.content if isinstance(chunk.content, str) else "".join(
                        p.get("text", "") for p in chunk.content if isinstance(p, dict)
                    )
                    if text:
                        pieces += 1
                        if on_token:
                            on_token(text)
                        if guard.feed(text):
                            finish = RUNAWAY
                            break  # closing the stream below tells the server to stop generating
                    meta = chunk.response_metadata or {}
                    finish = meta.get("finish_reason") or finish
                    model_name = meta.get("model_name") or model_name
                    if chunk.usage_metadata:
                        usage = dict(chunk.usage_metadata)
                    if watch.expired or time.monotonic() - start > self.deadline:
                        raise DeadlineExceeded(self.deadline)
            except Exception:
                if watch.expired:  # the cut connection surfaces as a transport error
                    raise DeadlineExceeded(self.deadline) from None
                raise
            finally:
                stream.close()
        if not finish:
            raise DeadlineExceeded(self.deadline) if watch.expired else StreamCut()
        text = guard.kept if finish == RUNAWAY else guard.text
        if not text.strip() and finish != RUNAWAY:
            raise EmptyReply()
        cache_read = (usage.get("input_token_details") or {}).get("cache_read")
        return Reply(
            text=text,
            model=model_name,
            tokens_in=int(usage.get("input_tokens", 0)),
            # Without a usage report, count streamed pieces: servers stream about one token each.
            tokens_out=int(usage.get("output_tokens", 0)) or pieces,
            finish_reason=finish,
            seconds=time.monotonic() - start,
            tokens_cached=int(cache_read) if cache_read is not None else None,
            defect=guard.defect if finish == RUNAWAY else None,
        )


def get_model(settings: Settings, *, backoff: float = 1.0) -> ChatModel:
    """The offline composer without a model; otherwise the endpoint (cached unless no_cache)."""
    if settings.offline:
        from .offline import OfflineComposer

        return OfflineComposer(settings.prompts)
    if not settings.base_url and not settings.api_key:
        from ..errors import ConfigError

        raise ConfigError(
            "已指定模型但未配置 OPENAI_BASE_URL 或 OPENAI_API_KEY (model set, but no endpoint)", field="base_url"
        )
    cache = None if settings.no_cache else ResponseCache(settings.cache_dir / "replies")
    return OpenAIChatModel(settings, cache=cache, backoff=backoff)
