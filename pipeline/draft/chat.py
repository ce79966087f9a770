"""What a chat model is to drafting: the ``ChatModel`` protocol, its messages, replies and callbacks.

Both models implement it: the endpoint client (``model.py``, which also picks one: ``get_model``)
and the offline composer (``offline.py``). Kept apart so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .task import SectionTask

RUNAWAY = "runaway"  # Reply.finish_reason of a stream stopped by RunawayGuard

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}
OnToken = Callable[[str], None]
# on_retry(attempt, reason): called before attempt 2, 3, … — the text streamed so far is void.
OnRetry = Callable[[int, str], None]


@dataclass
class Reply:
    text: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    finish_reason: str | None = None
    seconds: float = 0.0
    cached: bool = False
    attempts: int = 1
    tokens_cached: int | None = None  # prompt tokens the server says it took from its prefix cache
    defect: str | None = None  # why a runaway reply was stopped (输出超长 / 反复重复同一段话)


@runtime_checkable
class ChatModel(Protocol):
    name: str
    offline: bool

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
        """Answer ``messages``. ``task`` (a ``SectionTask``) is used only by the offline composer.
        ``on_retry(attempt, reason)`` is called before every attempt after the first: the tokens
        already given to ``on_token`` belong to a reply that was dropped.
        ``max_tokens`` is sent to the endpoint; a reply longer than ``max_chars`` or looping over
        the same sentences comes back with ``finish_reason="runaway"``, ``defect`` set and the text
        before the overrun (listeners have seen more than that)."""
        ...
