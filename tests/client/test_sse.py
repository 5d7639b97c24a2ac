"""SSE parsing and reconnecting, against a fake transport that drops the first connection mid-stream."""

import httpx
import pytest

from boundary_lab.errors import NotFoundError
from boundary_lab.sse import parse_events, read_stream


def test_parse_events_joins_data_lines_and_skips_comments():
    lines = [": ping", "event: frame", 'data: {"a":', "data: 1}", "", "data: plain", "", "event: done", "data: {}", ""]
    events = list(parse_events(lines))
    assert [(e.name, e.data) for e in events] == [("frame", '{"a":\n1}'), ("message", "plain"), ("done", "{}")]


def _dropping_transport(calls: list):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:

            def cut():
                yield b'event: frame\ndata: {"step": 1}\n\n'
                raise httpx.ReadError("connection reset")

            return httpx.Response(200, content=cut())
        return httpx.Response(200, content=b'event: frame\ndata: {"step": 2}\n\nevent: done\ndata: {}\n\n')

    return httpx.MockTransport(handler)


def test_a_dropped_stream_is_reconnected_and_read_to_its_end():
    calls = []
    client = httpx.Client(base_url="http://lab", transport=_dropping_transport(calls), headers={"x-t": "1"})
    events = list(read_stream(client, "/api/runs/r/events", retry_delay_s=0.01))
    assert [e.name for e in events] == ["frame", "frame", "done"]
    assert len(calls) == 2 and all(call.headers["x-t"] == "1" for call in calls)


def test_a_stream_that_keeps_dropping_gives_up_with_a_clear_error():
    client = httpx.Client(
        base_url="http://lab", transport=httpx.MockTransport(lambda r: (_ for _ in ()).throw(httpx.ConnectError("no")))
    )
    with pytest.raises(ConnectionError, match="dropped 3 times"):
        list(read_stream(client, "/x", retries=2, retry_delay_s=0.01))


def test_a_missing_run_is_not_retried():
    client = httpx.Client(
        base_url="http://lab", transport=httpx.MockTransport(lambda r: httpx.Response(404, json={"detail": "no run"}))
    )
    with pytest.raises(NotFoundError, match="no run"):
        list(read_stream(client, "/x", retry_delay_s=0.01))
