"""The newest-frame-wins broadcaster: a slow subscriber skips frames, never the end, and never holds up training."""

import asyncio
import json
import threading

import pytest

from server.broadcast import Broadcaster, Event


def frame(step: int) -> Event:
    return Event("frame", json.dumps({"step": step}))


DONE = Event("done", json.dumps({"status": "done"}))


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def receive(loop: asyncio.AbstractEventLoop, subscription, count: int = 1) -> list[Event]:
    """The next `count` events, as the SSE route would read them (with a deadline instead of a hang)."""

    async def take():
        return [await asyncio.wait_for(subscription.next(), 10) for _ in range(count)]

    return loop.run_until_complete(take())


def publish_from_a_training_thread(broadcaster: Broadcaster, *events: Event) -> None:
    thread = threading.Thread(target=lambda: [broadcaster.publish(event) for event in events])
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "publishing waited for a subscriber"


def test_a_slow_subscriber_gets_only_the_newest_frame(loop):
    broadcaster = Broadcaster()
    subscription = broadcaster.subscribe(loop)
    publish_from_a_training_thread(broadcaster, frame(1), frame(2), frame(3))
    assert receive(loop, subscription) == [frame(3)]
    publish_from_a_training_thread(broadcaster, DONE)
    assert receive(loop, subscription) == [DONE], "frames 1 and 2 were replaced, not queued"


def test_the_last_frame_is_delivered_before_the_end_and_the_end_stays(loop):
    broadcaster = Broadcaster()
    subscription = broadcaster.subscribe(loop)
    publish_from_a_training_thread(broadcaster, frame(1), frame(2), DONE)
    assert receive(loop, subscription, 3) == [frame(2), DONE, DONE]


def test_a_late_subscriber_gets_the_latest_frame_then_the_end(loop):
    broadcaster = Broadcaster()
    publish_from_a_training_thread(broadcaster, frame(1), frame(2), DONE)
    assert receive(loop, broadcaster.subscribe(loop), 2) == [frame(2), DONE]


def test_every_subscriber_gets_the_same_serialised_event(loop):
    broadcaster = Broadcaster()
    subscriptions = [broadcaster.subscribe(loop) for _ in range(50)]
    assert broadcaster.count == 50
    event = frame(7)
    publish_from_a_training_thread(broadcaster, event)
    assert all(receive(loop, s)[0] is event for s in subscriptions)


def test_an_unsubscribed_or_closed_subscriber_costs_nothing(loop):
    broadcaster = Broadcaster()
    left = broadcaster.subscribe(loop)
    broadcaster.unsubscribe(left)
    assert broadcaster.count == 0
    closed_loop = asyncio.new_event_loop()
    broadcaster.subscribe(closed_loop)
    closed_loop.close()  # a subscriber whose loop is gone must not break publishing
    publish_from_a_training_thread(broadcaster, frame(1), DONE)
    assert broadcaster.latest == frame(1) and broadcaster.final == DONE
