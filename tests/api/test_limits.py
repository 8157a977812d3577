"""The answer deadline stops the work itself, and a deadline that passes as the work ends never hits later code."""

from __future__ import annotations

import threading
import time

import pytest

from budgetqa.api.limits import AnswerTimeout, cancel_all, in_flight, run_with_deadline


def test_a_busy_answer_is_stopped_in_its_thread():
    ticks = [0]

    def busy():
        while time.monotonic() - start < 10:
            ticks[0] += 1

    start = time.monotonic()
    with pytest.raises(AnswerTimeout, match=r"0\.2 s"):
        run_with_deadline(busy, 0.2)
    assert time.monotonic() - start < 2 and in_flight() == 0
    seen = ticks[0]
    time.sleep(0.05)
    assert ticks[0] == seen


def test_work_inside_the_limit_returns_its_result():
    assert run_with_deadline(lambda: 42, 5) == 42
    assert run_with_deadline(lambda: "no limit", 0) == "no limit"


def test_a_deadline_at_the_moment_work_ends_never_leaks():
    """Hundreds of answers ending right at their deadline: each either returns or raises AnswerTimeout inside
    ``run_with_deadline``; code after it never sees a stray cancellation."""
    outcomes = {"done": 0, "timeout": 0}
    for i in range(300):
        try:
            run_with_deadline(lambda i=i: sum(range(2_000 + i * 10)), 0.0002)
            outcomes["done"] += 1
        except AnswerTimeout:
            outcomes["timeout"] += 1
        total = 0
        for k in range(2_000):  # bytecode after the call: a leaked exception would surface here
            total += k
    assert sum(outcomes.values()) == 300 and in_flight() == 0


def test_cancel_all_stops_every_answer_in_flight():
    errors = []

    def endless():
        try:
            run_with_deadline(lambda: [time.sleep(0.001) for _ in iter(int, 1)], 60)
        except AnswerTimeout as exc:
            errors.append(exc)

    threads = [threading.Thread(target=endless) for _ in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while in_flight() < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cancel_all() == 4
    for t in threads:
        t.join(timeout=5)
    assert len(errors) == 4 and not any(t.is_alive() for t in threads)


def test_an_import_in_progress_is_not_interrupted(tmp_path, monkeypatch):
    """A module importing when the deadline passes is left to finish; the answer is cancelled right after."""
    (tmp_path / "slow_module_for_deadline.py").write_text(
        "import time\nstart = time.monotonic()\nwhile time.monotonic() - start < 0.6:\n    pass\nLOADED = True\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    def answer():
        import slow_module_for_deadline

        assert slow_module_for_deadline.LOADED
        for _ in range(5000):
            time.sleep(0.001)

    with pytest.raises(AnswerTimeout):
        run_with_deadline(answer, 0.1)
    import sys

    assert sys.modules["slow_module_for_deadline"].LOADED


def test_answers_beyond_the_worker_count_wait_their_turn_in_arrival_order():
    """With one worker, three answers asked at once never overlap and finish in the order they arrived."""
    import threading

    running, most, order = [0], [0], []
    lock = threading.Lock()

    def answer(name: str) -> str:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
            order.append(name)
        return name

    threads = []
    for name in "abc":
        threads.append(threading.Thread(target=run_with_deadline, args=(lambda n=name: answer(n), 5, 1)))
        threads[-1].start()
        time.sleep(0.02)
    for t in threads:
        t.join()
    assert most[0] == 1 and order == ["a", "b", "c"]


def test_waiting_for_a_worker_counts_towards_the_deadline():
    """A queued answer whose deadline passes while it waits is refused as a timeout, never run."""
    import threading

    release = threading.Event()
    holder = threading.Thread(target=run_with_deadline, args=(lambda: release.wait(5), 10, 1))
    holder.start()
    time.sleep(0.05)
    ran = []
    start = time.monotonic()
    with pytest.raises(AnswerTimeout, match="busy"):
        run_with_deadline(lambda: ran.append(1), 0.2, 1)
    release.set()
    holder.join()
    assert not ran and time.monotonic() - start < 2
