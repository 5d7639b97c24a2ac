"""The event stream drops: the page says it is reconnecting; a server that comes back without the run (a restart)
ends it readably, and Reset trains again on the new server."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from playwright.sync_api import expect

from tests.live_server import free_port, live_server_process
from tests.web.chromium import VIEWPORT

pytestmark = pytest.mark.browser

TRAINING = "() => window.__lab && window.__lab.gridFrames >= 3 && window.__lab.lossPoints >= 2"


def test_a_dropped_stream_says_so_and_a_restarted_server_is_recovered_with_reset(browser):
    port = free_port()
    page = browser.new_page(viewport=VIEWPORT)
    try:
        with live_server_process(port=port) as (base_url, process):
            page.goto(f"{base_url}/#data=xor&model=mlp&hidden=4&steps=10000000")
            page.wait_for_function(TRAINING)
            run_id = page.evaluate("window.__lab.runId")
            process.kill()  # gone without a goodbye: no `done` event, the connection just drops
            process.wait(10)
            expect(page.locator(".status-message")).to_contain_text("reconnecting")
            expect(page.locator("#status .badge")).to_have_text("running")  # nothing is known to have ended yet

        with live_server_process(port=port):  # back on the same address, without the old run
            expect(page.locator(".status-message")).to_contain_text("no longer has this run", timeout=20_000)
            expect(page.locator("#status .badge")).to_have_text("failed")
            page.locator("#reset").click()
            page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=run_id)
            page.wait_for_function(TRAINING)
            expect(page.locator(".status-message")).to_have_text("")
            expect(page.locator("#status .badge")).to_have_text("running")
    finally:
        page.close()


class CuttableLink:
    """A TCP relay between the browser and the live server whose connections the test can cut (a Wi-Fi drop) while
    the server keeps running; while cut it refuses new connections too, then lets them through again."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open_sockets: set[socket.socket] = set()
        self.cut = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if self.cut:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.open_sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        self.cut = True
        for end in list(self.open_sockets):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.open_sockets.clear()

    def restore(self) -> None:
        self.cut = False


def test_a_stream_dropped_while_the_server_lives_comes_back_to_the_same_run(base_url, browser):
    """The network goes away and returns (a laptop's Wi-Fi): the page says it is reconnecting, then the same run's
    frames arrive again and the message clears; the run, paused while nobody watched, trains on."""
    link = CuttableLink(int(base_url.rsplit(":", 1)[1]))
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"http://127.0.0.1:{link.port}/#data=xor&model=mlp&hidden=4&steps=10000000")
        page.wait_for_function(TRAINING)
        run_id = page.evaluate("window.__lab.runId")
        link.drop()
        expect(page.locator(".status-message")).to_contain_text("reconnecting")
        link.restore()
        seen = page.evaluate("window.__lab.gridFrames")
        page.wait_for_function("n => window.__lab.gridFrames >= n + 3", arg=seen, timeout=30_000)
        expect(page.locator(".status-message")).to_have_text("")
        expect(page.locator("#status .badge")).to_have_text("running")
        assert page.evaluate("window.__lab.runId") == run_id
        step = page.evaluate("window.__lab.step")
        page.wait_for_function("s => window.__lab.step > s", arg=step)
    finally:
        page.close()
