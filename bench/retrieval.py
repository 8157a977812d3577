"""Query latency of each retriever over an index, median of several rounds: `python bench/retrieval.py [--index DIR]`."""

from __future__ import annotations

import argparse
import statistics
import time

QUERIES = (
    "差旅费预算是多少",
    "三公经费",
    "机关运行经费为什么减少",
    "单位有几辆车",
    "住房公积金",
    "什么是项目支出",
    "行政运行比上年减少多少",
    "政府采购预算总额",
)


def main() -> None:
    from budgetqa import Assistant

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default=None)
    parser.add_argument("-n", type=int, default=5, help="rounds over the query list")
    args = parser.parse_args()
    started = time.perf_counter()
    retriever = Assistant.load(args.index).library.retriever
    print(f"index loaded in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    retriever.retrieve("预热")
    print(f"first query (loads the model) {time.perf_counter() - started:.2f} s")
    for name, r in [("fused", retriever), *retriever.components.items()]:
        times = []
        for _ in range(args.n):
            for q in QUERIES:
                t = time.perf_counter()
                r.retrieve(q, top_k=10)
                times.append((time.perf_counter() - t) * 1000)
        print(f"{name:>6}: median {statistics.median(times):6.1f} ms over {len(times)} queries")


if __name__ == "__main__":
    main()
