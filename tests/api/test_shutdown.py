"""SIGTERM stops ``budgetqa serve`` within 5 s even while an answer is running: the answer is cancelled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from ..conftest import ROOT
from ..ui.conftest import free_port

SERVER = """
import sys, time
from tests.ui.fake import FakeAssistant
from budgetqa.ui.server import serve

class Endless(FakeAssistant):
    def ask(self, *args, **kwargs):
        while True:
            time.sleep(0.001)

serve(Endless(), "127.0.0.1", int(sys.argv[1]))
"""


@pytest.mark.slow  # starts a real server process (~30 s on a busy machine)
def test_sigterm_stops_the_server_within_5_seconds_with_an_answer_in_flight():
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]), BUDGETQA_ANSWER_SECONDS="120")
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        outcome = []

        def ask():
            try:
                outcome.append(httpx.post(url + "/api/ask", json={"question": "出差"}, timeout=30).status_code)
            except httpx.HTTPError as exc:
                outcome.append(type(exc).__name__)

        asker = threading.Thread(target=ask, daemon=True)
        asker.start()
        time.sleep(1.0)
        assert not outcome, "the endless answer returned"
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert time.monotonic() - start <= 5.0
        asker.join(timeout=5)
        assert outcome  # the client got an answer or a closed connection, not a hang
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
