"""OCR speed and accuracy on scans made from real disclosures.

Speed: read a 20-page scan N times; prints median wall and CPU seconds.
Accuracy: scan whole PDFs (optionally with noise and skew), parse scan and original, compare their table cells.

.venv/bin/python bench/ocr.py                     # 20 pages of corpus/samples/上海市财政局_2025_单位预算.pdf, 3 runs
.venv/bin/python bench/ocr.py --pdf FILE --pages 20 -n 5 --dpi 150
.venv/bin/python bench/ocr.py --accuracy corpus/samples/*.pdf --noise 8 --skew 0.5
.venv/bin/python bench/ocr.py --eval corpus/samples/A.pdf corpus/samples/B.pdf   # gold questions: scan vs original

OCR results of accuracy and eval runs are cached in ~/.cache/budgetqa/ocr-bench (BUDGETQA_OCR_CACHE), keyed by the
scan and the source of ingest/ocr.py: a change to parsing reruns in seconds, a change to OCR reads again.

The load average is printed with the figures: on a shared machine the wall time says as much about the neighbours
as about OCR, the CPU time (user + system of this process) much less so.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.ingest.scans import compare, make_scan  # noqa: E402 - after the path set-up above

from budgetqa.ingest import ocr  # noqa: E402
from budgetqa.ingest.pdf import read_pdf  # noqa: E402

DEFAULT_PDF = ROOT / "corpus" / "samples" / "上海市财政局_2025_单位预算.pdf"
CACHE = Path(os.environ.get("BUDGETQA_OCR_CACHE", Path.home() / ".cache" / "budgetqa" / "ocr-bench"))


def cache_ocr() -> None:
    """Keep each scan's OCR words on disk, keyed by the scan's bytes, the pages and the OCR module's source, so that
    accuracy and eval runs after a change to parsing do not pay ~1 min CPU per scan again."""
    read = ocr.read_scanned
    code = hashlib.sha256(Path(ocr.__file__).read_bytes()).hexdigest()[:16]

    def cached(data, pages, source, progress=None):
        key = hashlib.sha256(data + repr(list(pages)).encode() + code.encode()).hexdigest()[:24]
        path = CACHE / f"{key}.pkl"
        if path.exists():
            return pickle.loads(path.read_bytes())
        out = read(data, pages, source, progress)
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(out))
        return out

    ocr.read_scanned = cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scan made from the PDF")
    parser.add_argument("-n", type=int, default=3, help="runs (the first also loads the models)")
    parser.add_argument("--accuracy", type=Path, nargs="+", help="compare scans of these PDFs with the originals")
    parser.add_argument("--eval", type=Path, nargs="+", help="ask these PDFs' gold questions of scan and original")
    parser.add_argument("--noise", type=float, default=0.0, help="Gaussian noise of the scan (grey levels)")
    parser.add_argument("--skew", type=float, default=0.0, help="skew of the scan (degrees)")
    args = parser.parse_args()
    if not ocr.available():
        sys.exit(f"the OCR extra is not installed: {ocr.INSTALL_HINT}")
    if args.eval:
        cache_ocr()
        evaluate(args.eval, args.dpi, args.noise, args.skew)
        return
    if args.accuracy:
        cache_ocr()
        accuracy(args.accuracy, args.dpi, args.noise, args.skew)
        return
    scan = make_scan(args.pdf.read_bytes(), pages=range(1, args.pages + 1), dpi=args.dpi)
    t0 = time.perf_counter()
    ocr._engine()
    print(f"models loaded in {time.perf_counter() - t0:.1f} s")
    walls, cpus = [], []
    for run in range(args.n):
        load = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        raw = read_pdf(scan, "scan.pdf")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"run {run + 1}: {len(raw.ocr_pages)} pages OCR'd, {len(raw.lines)} lines, wall {wall:.1f} s, "
            f"cpu {cpu:.1f} s, load average before {load:.1f}, after {os.getloadavg()[0]:.1f}"
        )
    pages = len(raw.ocr_pages)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(
        f"{args.pdf.name}, {pages} pages at {args.dpi} dpi, {os.cpu_count()} cores: median wall {wall:.1f} s "
        f"({wall / pages:.2f} s/page), median cpu {cpu:.1f} s ({cpu / pages:.2f} s/page)"
    )


def accuracy(paths: list[Path], dpi: int, noise: float, skew: float) -> None:
    from budgetqa.parse.document import parse

    total = same = 0
    for path in paths:
        data = path.read_bytes()
        original = parse(read_pdf(data, path.name))
        t0 = time.perf_counter()
        scan = parse(read_pdf(make_scan(data, dpi=dpi, noise=noise, skew=skew), path.name))
        wall = time.perf_counter() - t0
        result = compare(original, scan)
        total, same = total + result.cells, same + result.identical
        print(
            f"{path.name}: {result.identical}/{result.cells} cells identical ({100 * result.share:.2f} %), "
            f"{len(result.differences)} differences, {len(result.unflagged)} not flagged by check, "
            f"record {'same' if not result.record else result.record}, {scan.page_count} pages in {wall:.0f} s"
        )
        for key, was, now in result.differences:
            flag = " " if (key, was, now) in result.unflagged else "!"
            print(f"  {flag} {key}: {was} → {now}")
    print(
        f"all: {same}/{total} cells identical ({100 * same / max(total, 1):.2f} %), dpi {dpi}, noise {noise}, skew {skew}"
    )


def evaluate(paths: list[Path], dpi: int, noise: float, skew: float) -> None:
    """The gold questions (eval/*.jsonl) asked of one document each, for these PDFs, scored on an index of the
    originals and on one of their scans (same file names, so the gold sets find them)."""
    import json
    import tempfile

    from budgetqa.eval.runner import EVAL_DIR, run_eval
    from budgetqa.eval.score import gold_docs

    names = {p.name for p in paths}
    with tempfile.TemporaryDirectory(prefix="budgetqa-ocr-eval-") as tmp:
        work = Path(tmp)
        records = []
        for gold_set in sorted(EVAL_DIR.glob("*.jsonl")):
            for line in gold_set.read_text("utf-8").splitlines():
                if line.strip() and set(gold_docs(record := json.loads(line))) <= names:
                    records.append(record)
        questions = work / "questions.jsonl"
        questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
        scans = work / "scans"
        scans.mkdir()
        for path in paths:
            (scans / path.name).write_bytes(make_scan(path.read_bytes(), dpi=dpi, noise=noise, skew=skew))
        rows = {}
        for label, folder in (("original", paths[0].parent), ("scan", scans)):
            report = run_eval([questions], work / f"index-{label}", thresholds={}, doc_dirs=(folder,))
            rows[label] = report.systems[0]
        print(f"{len(records)} questions of {', '.join(sorted(names))} (scan at {dpi} dpi, noise {noise}, skew {skew})")
        for label, system in rows.items():
            m = system.summary.overall
            print(
                f"{label:8}: accuracy {_pct(m.accuracy)}, numeric {_pct(m.numeric_accuracy)} of {m.numeric_n}, "
                f"citations {_pct(m.citation_accuracy)}, not_found recall {_pct(m.not_found_recall)}, "
                f"unsupported {m.unsupported}, hit@5 {_pct(m.hit_at_5)}"
            )
        for name in sorted(names):
            a = _by_doc(rows["original"], name)
            b = _by_doc(rows["scan"], name)
            print(f"  {name}: original {_pct(a)}, scan {_pct(b)}")
        scan_results = {r.score.id: r for r in rows["scan"].results}
        for r in rows["original"].results:
            other = scan_results.get(r.score.id)
            if other is not None and r.score.correct != other.score.correct:
                print(
                    f"  {r.score.id}: original {'right' if r.score.correct else 'wrong'}, scan {'right' if other.score.correct else 'wrong'}"
                )


def _by_doc(system, name: str) -> float | None:
    results = [r for r in system.results if r.gold.get("doc") == name]
    return sum(r.score.correct for r in results) / len(results) if results else None


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


if __name__ == "__main__":
    main()
