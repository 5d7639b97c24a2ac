"""Fan-out of frames from a training thread to many SSE subscribers, newest frame wins.

Each subscriber owns a one-item slot on its own event loop. The training thread never waits for anybody: it drops
the newest event into every slot (replacing an unread one) and moves on, so a slow client skips frames instead of
growing a backlog, and fifty subscribers cost fifty pointer swaps per frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str  # "frame", "done" or "error"
    data: str  # JSON text, serialised once for every subscriber

    @property
    def is_last(self) -> bool:
        return self.name != "frame"


class Subscription:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._ready = asyncio.Event()
        self._pending: Event | None = None
        self._final: Event | None = None

    def _offer(self, event: Event) -> None:
        if event.is_last:
            self._final = event
        else:
            self._pending = event
        self._ready.set()

    def offer(self, event: Event) -> None:
        """Thread-safe: called from the training thread."""
        with contextlib.suppress(RuntimeError):  # the subscriber's loop is gone: nothing to deliver to
            self._loop.call_soon_threadsafe(self._offer, event)

    async def next(self) -> Event:
        """The newest unread frame, or the final event once every frame before it was delivered."""
        while True:
            if self._pending is not None:
                event, self._pending = self._pending, None
                return event
            if self._final is not None:
                return self._final
            self._ready.clear()
            await self._ready.wait()


class Broadcaster:
    """Remembers the latest frame (for late joiners) and the final event, and fans both out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: set[Subscription] = set()
        self.latest: Event | None = None
        self.final: Event | None = None

    def publish(self, event: Event) -> None:
        with self._lock:
            if event.is_last:
                self.final = event
            else:
                self.latest = event
            subs = list(self._subs)
        for sub in subs:
            sub.offer(event)

    def subscribe(self, loop: asyncio.AbstractEventLoop) -> Subscription:
        sub = Subscription(loop)
        with self._lock:
            self._subs.add(sub)
            if self.latest is not None:
                sub._offer(self.latest)
            if self.final is not None:
                sub._offer(self.final)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._subs)
