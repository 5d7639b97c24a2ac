"""Server-Sent Events over httpx: a line parser, and a reader that reconnects a dropped stream.

Reconnecting is safe here because the lab's stream is "newest wins": a new subscriber first gets the latest frame
(and the end event if the run already ended), so nothing is replayed twice in a way that matters.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpx

from boundary_lab.errors import raise_for_answer


@dataclass(frozen=True)
class ServerEvent:
    name: str
    data: str


def parse_events(lines: Iterable[str]) -> Iterator[ServerEvent]:
    """The SSE text format: `field: value` lines, an empty line ends an event, `:` lines are comments."""
    name, data = "message", []
    for line in lines:
        if not line:
            if data:
                yield ServerEvent(name, "\n".join(data))
            name, data = "message", []
            continue
        if line.startswith(":"):
            continue
        key, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if key == "event":
            name = value
        elif key == "data":
            data.append(value)


def read_stream(
    client: httpx.Client,
    path: str,
    final_events: tuple[str, ...] = ("done", "error"),
    retries: int = 5,
    retry_delay_s: float = 0.5,
) -> Iterator[ServerEvent]:
    """Events from `path` until a final one; a dropped connection is retried `retries` times in a row."""
    failures = 0
    while True:
        try:
            with client.stream(
                "GET", path, headers={"accept": "text/event-stream"}, timeout=_stream_timeout(client)
            ) as r:
                if not r.is_success:
                    r.read()
                    raise_for_answer(r)
                for event in parse_events(r.iter_lines()):
                    failures = 0
                    yield event
                    if event.name in final_events:
                        return
        except httpx.TransportError:  # refused, reset, or cut mid-event
            pass
        failures += 1
        if failures > retries:
            raise ConnectionError(f"the event stream {path} dropped {failures} times in a row")
        time.sleep(retry_delay_s * failures)


def _stream_timeout(client: httpx.Client) -> httpx.Timeout:
    """A stream may be quiet for long (a paused run sends nothing): no read timeout, the others as configured."""
    t = client.timeout
    return httpx.Timeout(connect=t.connect, read=None, write=t.write, pool=t.pool)
