"""Load with hostile requests mixed in: 32 clients on loopback against a real ``budgetqa serve``.

Starts the server on the default index (or --index) in a child process, records each honest question's answer
with one client, then runs CLIENTS threads that each send ROUNDS requests; about 1 % of them are hostile (a
200,000-character question, a 1 MB history entry, a 30 MB body, a lone surrogate, a server path in a gradio event,
an upload without the key). Prints p50/p95/max latency of the honest requests, requests per second, how many honest
answers differed from the recorded ones (wrong answers), and what the hostile ones got. Bounded: CLIENTS × ROUNDS
requests and at most --seconds of wall-clock time.

.venv/bin/python bench/load.py                     # 32 clients × 50 requests
.venv/bin/python bench/load.py --clients 32 --rounds 100 --hostile 0.01
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "seed.jsonl").read_text("utf-8").splitlines()]
KEY = "bench-key-" + os.urandom(6).hex()


def hostile(client: httpx.Client, rng: random.Random) -> tuple[str, int | str]:
    """One hostile request; (what, status or error name)."""
    kind = rng.randrange(6)
    try:
        if kind == 0:
            r = client.post("/api/ask", json={"question": "住房公积金" * 40_000})
        elif kind == 1:
            r = client.post("/api/ask", json={"question": "出差花了多少钱？", "history": ["a" * 1_000_000]})
        elif kind == 2:
            r = client.post("/api/ask", content=b"x" * 30_000_000, headers={"content-type": "application/json"})
        elif kind == 3:
            r = client.post(
                "/api/ask", content=b'{"question": "\\ud800"}', headers={"content-type": "application/json"}
            )
        elif kind == 4:
            file_data = {"path": "/etc/passwd", "orig_name": "x.txt", "meta": {"_type": "gradio.FileData"}}
            r = client.post("/gradio_api/queue/join", json={"data": [file_data, "", ""], "fn_index": 0})
        else:
            r = client.post("/api/documents?name=a.txt", content="2024年单位预算 支出 1.00 万元".encode())
        return ("long question", "1 MB history", "30 MB body", "lone surrogate", "server path", "upload")[kind], (
            r.status_code
        )
    except httpx.HTTPError as exc:  # a 30 MB body may be cut off by the 413 before it is all sent
        return "30 MB body" if kind == 2 else str(kind), type(exc).__name__


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", default=None, help="index directory (default: the default index)")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=50, help="requests per client")
    ap.add_argument("--hostile", type=float, default=0.01, help="share of hostile requests")
    ap.add_argument("--seconds", type=float, default=300, help="stop the load after this long")
    ap.add_argument("--src", default=str(ROOT / "src"), help="serve the budgetqa package found here (to compare)")
    ap.add_argument("--show-wrong", action="store_true", help="print the first wrong answers")
    args = ap.parse_args()

    port = _free_port()
    env = dict(os.environ, BUDGETQA_API_KEY=KEY, PYTHONPATH=args.src)
    cmd = [sys.executable, "-m", "budgetqa.cli", "serve", "--port", str(port)]
    if args.index:
        cmd += ["--index", args.index]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, server)
        with httpx.Client(base_url=base, timeout=60) as one:
            expected = {q: _essence(one.post("/api/ask", json={"question": q}).json()) for q in QUESTIONS}
        print(f"recorded {len(expected)} answers; {args.clients} clients × {args.rounds} requests", flush=True)
        honest: list[float] = []
        wrong: list[str] = []
        bad: list[str] = []
        hostile_seen: dict[str, dict[str, int]] = {}
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60) as c:
                for _ in range(args.rounds):
                    if time.monotonic() > stop_at:
                        return
                    if rng.random() < args.hostile:
                        what, status = hostile(c, rng)
                        with lock:
                            hostile_seen.setdefault(what, {}).setdefault(str(status), 0)
                            hostile_seen[what][str(status)] += 1
                        continue
                    q = rng.choice(QUESTIONS)
                    start = time.perf_counter()
                    r = c.post("/api/ask", json={"question": q})
                    took = time.perf_counter() - start
                    with lock:
                        honest.append(took)
                        if r.status_code != 200:
                            bad.append(f"{r.status_code} {q}")
                        elif _essence(r.json()) != expected[q]:
                            wrong.append(q)
                            if args.show_wrong and len(wrong) <= 3:
                                print("WRONG", q, "\n expected", expected[q][0], "\n got     ", r.json()["answer"])

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    honest.sort()
    p95 = honest[int(0.95 * (len(honest) - 1))]
    total = len(honest) + sum(sum(v.values()) for v in hostile_seen.values())
    print(
        f"honest requests: {len(honest)}  p50 {statistics.median(honest) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  "
        f"max {honest[-1] * 1000:.0f} ms  ({total / wall:.0f} req/s over {wall:.1f} s)"
    )
    print(f"wrong answers: {len(wrong)}  non-200 honest: {len(bad)}  {bad[:3]}")
    print(f"hostile requests: {json.dumps(hostile_seen, ensure_ascii=False, sort_keys=True)}")
    return 0 if not wrong and not bad else 1


def _essence(body: dict) -> object:
    return body.get("answer"), body.get("citations"), body.get("figures")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited while starting")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start within 300 s")


if __name__ == "__main__":
    sys.exit(main())
