"""Parse time per document (load + parse), median of several runs: `python bench/parse.py FILE… [-n 5]`."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    from budgetqa.ingest.loader import load
    from budgetqa.parse.document import parse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-n", type=int, default=5, help="runs per file")
    args = parser.parse_args()
    for path in args.files:
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            doc = parse(load(path))
            times.append(time.perf_counter() - started)
        print(
            f"{path.name}: {doc.page_count} pages, {len(doc.tables)} tables — median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, n={args.n})"
        )


if __name__ == "__main__":
    main()
