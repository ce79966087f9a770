"""Adaptive concurrency (AIMD) for one model endpoint, shared by every thread using it.

Endpoints differ in how many requests they take at once: a hosted API runs many in parallel, a
local llama.cpp server runs one, and llama-cpp-python's server by default *interrupts* the
request in flight when another arrives (its stream just stops). A fixed limit is either too slow
for the first or wastes every request on the second, so the limit adapts:

- it starts at ``settings.concurrency`` and never grows above it;
- every sign of overload — a cut stream, a 429, a timeout, a reset connection — halves it (min 1);
- a run of ``grow_after`` successes grows it back by one;
- a growth refuted by the next failure doubles the run needed before the next try, so a
  one-at-a-time server costs a handful of wasted requests per report, not one per growth.

The runner's thread pool stays as wide as the configured concurrency; ``acquire`` decides how many
of its threads have a request in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

# listener(limit, reason): the limit changed; ``reason`` says why in a few Chinese words.
OnLimit = Callable[[int, str], None]


class AdaptiveLimit:
    def __init__(self, limit: int, *, grow_after: int = 8, max_grow_after: int = 256) -> None:
        self.ceiling = max(1, int(limit))
        self._limit = self.ceiling
        self._in_flight = 0
        self._run = 0  # successes since the limit last changed
        self._grow_after = max(1, grow_after)
        self._max_grow_after = max(self._grow_after, max_grow_after)
        self._just_grew = False  # grown, and no whole run of successes since
        self._cond = threading.Condition()
        self._listeners: list[OnLimit] = []
        self.lowest = self._limit  # the lowest limit reached: what the endpoint really took
        self.decreases = 0

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def grow_after(self) -> int:
        return self._grow_after

    def subscribe(self, listener: OnLimit) -> Callable[[], None]:
        """Call ``listener(limit, reason)`` on every change; returns the function that unsubscribes."""
        with self._cond:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._cond:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def acquire(self) -> None:
        """Wait until fewer requests than the current limit are in flight, then take a slot."""
        with self._cond:
            while self._in_flight >= self._limit:
                self._cond.wait()
            self._in_flight += 1

    def release(self, outcome: str = "neutral", reason: str = "") -> None:
        """Give the slot back. ``outcome``: "success", "overload" (halve) or "neutral" (an error
        that says nothing about load: 4xx, an empty reply …)."""
        changed: tuple[int, str] | None = None
        with self._cond:
            self._in_flight = max(0, self._in_flight - 1)
            if outcome == "overload":
                changed = self._decrease(reason)
            elif outcome == "success":
                changed = self._succeed()
            self._cond.notify_all()
            listeners = list(self._listeners) if changed else []
        for listener in listeners:
            listener(*changed)  # outside the lock: a listener may print or save

    def _decrease(self, reason: str) -> tuple[int, str] | None:
        self._run = 0
        if self._just_grew:  # the last growth was too much: wait longer before the next
            self._grow_after = min(self._grow_after * 2, self._max_grow_after)
            self._just_grew = False
        if self._limit == 1:
            return None
        self._limit = max(1, self._limit // 2)
        self.lowest = min(self.lowest, self._limit)
        self.decreases += 1
        return self._limit, reason or "模型服务过载"

    def _succeed(self) -> tuple[int, str] | None:
        self._run += 1
        if self._run < self._grow_after:
            return None
        self._run = 0
        self._just_grew = False  # the last growth held for a whole run
        if self._limit >= self.ceiling:
            return None
        self._limit += 1
        self._just_grew = True
        return self._limit, "连续成功，并发回升"
