"""Warm latency of Assistant.ask: every question N times with everything loaded once; prints median and p95.

.venv/bin/python bench/latency.py                 # the default index (built from corpus/ on first use)
.venv/bin/python bench/latency.py --index DIR -n 20
.venv/bin/python bench/latency.py --parse corpus/*.txt   # parse files in memory, no retrieval index
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUESTIONS = (
    "一般公共预算里差旅费多少",
    "住房公积金预算是多少",
    "行政运行比上年增减多少",
    "行政单位离退休为什么增长",
    "上年结转占比多少",
    "人员经费里哪项最多",
    "行政运行比社会保险业务管理事务多多少",
    "住房保障支出包括哪些",
    "什么是三公经费",
    "内设几个处室",
    "培训多少人",
    "有没有政府性基金预算",
    "政府采购情况",
    "出差花了多少钱",
    "2019年差旅费",
    "今天天气怎么样",
    "How much are the travel expenses?",
    "三公经费比上年减少多少",
)


def _assistant(args):
    from budgetqa.assistant import Assistant

    if not args.parse:
        return Assistant.load(args.index)
    from budgetqa.config import Settings
    from budgetqa.ingest.loader import load
    from budgetqa.parse.document import parse
    from budgetqa.store.library import Library

    settings = Settings.from_env()
    docs = tuple(parse(load(Path(p))) for p in args.parse)
    return Assistant(settings, Library(settings, None, docs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="index directory (default: settings)")
    parser.add_argument("--parse", nargs="*", help="parse these files in memory instead of opening an index")
    parser.add_argument("-n", type=int, default=10, help="timed rounds over the question list")
    args = parser.parse_args()
    started = time.perf_counter()
    assistant = _assistant(args)
    print(f"loaded in {time.perf_counter() - started:.2f} s; {len(assistant.documents)} document(s)")
    started = time.perf_counter()
    for q in QUESTIONS:  # warm-up: builds name indexes, loads the retriever if any question needs it
        assistant.ask(q)
    print(f"warm-up round {time.perf_counter() - started:.2f} s")
    times = []
    for _ in range(args.n):
        for q in QUESTIONS:
            t = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"{len(times)} asks: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
