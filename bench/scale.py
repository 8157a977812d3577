"""A library of N documents made by perturbing the real ones, with the embedding stubbed out: build time, add-one
time, peak and serving memory, start time, and question latency (scoped to a document / unscoped / unscoped naming a body).

    .venv/bin/python bench/scale.py 100
    .venv/bin/python bench/scale.py 1000 --keep /tmp/lib1000     # keep the built library for another run
    .venv/bin/python bench/scale.py 1000 --reuse /tmp/lib1000    # skip the build, measure add-one and serving

The real documents (corpus/*.txt and corpus/samples/*.pdf) are parsed once and cached as JSON. Copy i of a document
gets another unit name, its figures scaled by a factor of 0.80–1.20 and its year moved back 0–4 years, so texts,
facts and node ids differ between copies. Embeddings are deterministic unit vectors seeded by a hash of the text
(the model's own cost is measured by bench/embed.py; a real query adds ~12–25 ms of query embedding). Each phase
runs in its own process, so peak memory (ru_maxrss) is that phase's alone. Times are wall-clock and, beside them,
the process's CPU time (``*_cpu_*``), which a machine shared with other work inflates far less.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MODEL = "bench-hash"
DIM = 384
PLACES = "东南西北中新安和平丰华兴永长宁海滨江山川河湖明德仁信"


def _stub_embedding():
    """get_embedder → a hash embedder, for builds and queries alike; returned, to count what it embedded."""
    from budgetqa.retrieval import embedding

    stub = embedding.HashEmbedder(MODEL, DIM)
    embedding._load = lambda model, cache_dir: stub
    return stub


def _settings(index_dir: Path):
    from budgetqa.config import Settings

    return Settings(index_dir=index_dir, model=MODEL, cache_dir=index_dir.parent / "cache")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- documents -----------------------------------------------------------------------------------------------------


def base_docs(cache: Path):
    """The real documents, parsed once (cached by content hash)."""
    from budgetqa.ingest.loader import load
    from budgetqa.models import Disclosure
    from budgetqa.parse.document import parse

    cache.mkdir(parents=True, exist_ok=True)
    paths = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "corpus" / "samples").glob("*.pdf"))
    docs = []
    for path in paths:
        key = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}.json"
        if key.is_file():
            docs.append(Disclosure.model_validate_json(key.read_text("utf-8")))
            continue
        try:
            doc = parse(load(path))
        except Exception as exc:
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        key.write_text(doc.model_dump_json(), "utf-8")
        docs.append(doc)
    return docs


def perturbed(base, i: int):
    """Copy ``i`` of ``base``: another unit name, figures × 0.80–1.20, year 0–4 back, fresh id and hash."""
    factor = 0.8 + (i * 37 % 41) / 100
    name = f"{PLACES[i % len(PLACES)]}{PLACES[i * 7 % len(PLACES)]}区{base.unit_name}{i}"

    def cell(c):
        if c.value is None or c.unit == "%":
            return c
        v = round(c.value * factor, 2)
        return c.model_copy(update={"value": v, "text": f"{v:,.2f}"})

    tables = tuple(
        t.model_copy(update={"rows": tuple(r.model_copy(update={"cells": tuple(map(cell, r.cells))}) for r in t.rows)})
        for t in base.tables
    )
    paragraphs = tuple(p.model_copy(update={"text": p.text.replace(base.unit_name, name)}) for p in base.paragraphs)
    digest = hashlib.sha256(f"{base.sha256}:{i}".encode()).hexdigest()
    return base.model_copy(
        update={
            "id": digest[:12],
            "sha256": digest,
            "unit_name": name,
            "title": base.title.replace(base.unit_name, name),
            "year": base.year - i % 5 if base.year else None,
            "source": f"synthetic-{i}-{base.source}",
            "tables": tables,
            "paragraphs": paragraphs,
        }
    )


def library_docs(n: int, cache: Path):
    bases = base_docs(cache)
    return tuple(perturbed(bases[i % len(bases)], i) for i in range(n))


# -- phases (each in its own process) ------------------------------------------------------------------------------


def phase_build(args) -> dict:
    from budgetqa.store.library import Library

    stub = _stub_embedding()
    docs = library_docs(args.n, args.cache)
    before = _rss_mb()
    lib = Library(_settings(args.index), None, ())
    started, cpu = time.perf_counter(), time.process_time()
    lib.add_documents(docs)
    return {
        "build_s": time.perf_counter() - started,
        "build_cpu_s": time.process_time() - cpu,
        "build_peak_mb": _peak_mb(),
        "docs_in_memory_mb": before,
        "nodes": sum(json.loads((u / "retrieval" / "meta.json").read_text())["nodes"] for u in lib.units.values()),
        "embedded": stub.embedded,
    }


def phase_add(args) -> dict:
    from budgetqa.store.library import Library

    stub = _stub_embedding()
    bases = base_docs(args.cache)
    started = time.perf_counter()
    import bm25s  # noqa: F401 - what a server that is already answering has loaded

    from budgetqa.retrieval import persist, vector_store  # noqa: F401
    from budgetqa.retrieval.tokenize import ChineseTokenizer

    ChineseTokenizer().tokens("预算")  # jieba's dictionary
    imports_s = time.perf_counter() - started
    started = time.perf_counter()
    lib = Library.open(_settings(args.index))
    new = perturbed(bases[args.n % len(bases)], args.n + 100_000)
    open_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    lib.add_documents([new])
    out = {
        "add_imports_s": imports_s,
        "open_s": open_s,
        "add_one_s": time.perf_counter() - started,
        "add_one_cpu_s": time.process_time() - cpu,
        "add_embedded": stub.embedded,
    }
    started, cpu = time.perf_counter(), time.process_time()
    lib.remove(new.id)  # the library as it was, for --reuse
    out |= {"remove_one_s": time.perf_counter() - started, "remove_one_cpu_s": time.process_time() - cpu}
    return out | {"add_remove_peak_mb": _peak_mb()}


def phase_serve(args) -> dict:
    started = time.perf_counter()
    from budgetqa.assistant import Assistant

    _stub_embedding()
    assistant = Assistant.load(settings=_settings(args.index))
    retriever = assistant.library.retriever  # what the server loads before its first answer
    start_s, start_cpu_s = time.perf_counter() - started, time.process_time()
    sys.path.insert(0, str(BENCH))
    from latency import QUESTIONS

    docs = assistant.documents
    questions = QUESTIONS[: args.questions]
    rng = np.random.default_rng(0)
    scoped_doc = [docs[int(rng.integers(len(docs)))].id for _ in questions]
    body = {d.id: d.unit_name or "" for d in docs}
    calls = {
        "retrieve_scoped": lambda q, d: retriever.retrieve(q, top_k=8, doc_ids=frozenset({d})),
        "retrieve_all": lambda q, d: retriever.retrieve(q, top_k=8),
        "ask_scoped": lambda q, d: assistant.ask(q, doc=d),
        "ask_unscoped": lambda q, d: assistant.ask(q),  # names no body: over many bodies, asked back which
        "ask_named_body": lambda q, d: assistant.ask(f"{body[d]}{q}"),  # unscoped, naming the body: routed to it
    }
    wall: dict[str, list[float]] = {k: [] for k in calls}
    cpu: dict[str, list[float]] = {k: [] for k in calls}
    out = {"start_s": start_s, "start_cpu_s": start_cpu_s, "start_rss_mb": _rss_mb()}
    t = time.perf_counter()
    assistant.ask(questions[0], doc=scoped_doc[0])  # the first question reads its document's unit
    out["first_scoped_ask_s"] = time.perf_counter() - t
    t = time.perf_counter()
    retriever.retrieve(questions[0], top_k=8)  # the first unscoped one reads every unit
    out["first_unscoped_retrieve_s"] = time.perf_counter() - t
    for _ in range(args.rounds):
        for q, d in zip(questions, scoped_doc):
            for k, call in calls.items():
                t, c = time.perf_counter(), time.process_time()
                call(q, d)
                wall[k].append(time.perf_counter() - t)
                cpu[k].append(time.process_time() - c)
    loaded = sum(getattr(d, "loaded", True) for d in docs)
    out |= {"serving_rss_mb": _rss_mb(), "serving_peak_mb": _peak_mb(), "records_read": f"{loaded}/{len(docs)}"}
    for k in calls:
        out[f"{k}_p50_ms"], out[f"{k}_p95_ms"] = _percentiles(wall[k])
        out[f"{k}_cpu_p50_ms"], out[f"{k}_cpu_p95_ms"] = _percentiles(cpu[k])
    return out


def _percentiles(values: list[float]) -> tuple[float, float]:
    v = sorted(values)
    return 1000 * statistics.median(v), 1000 * v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]


PHASES = {"build": phase_build, "add": phase_add, "serve": phase_serve}


def _run_phase(name: str, args, workdir: Path) -> dict:
    cmd = [
        sys.executable,
        __file__,
        str(args.n),
        "--phase",
        name,
        "--workdir",
        str(workdir),
        "--cache",
        str(args.cache),
    ]
    cmd += ["--rounds", str(args.rounds), "--questions", str(args.questions)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="documents in the library")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "budgetqa-bench-docs")
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    parser.add_argument("--reuse", type=Path, help="a library kept by --keep: skip the build")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the question list")
    parser.add_argument("--questions", type=int, default=18, help="questions of bench/latency.py used")
    args = parser.parse_args()
    if args.phase:
        args.index = args.workdir / "index"
        print(json.dumps(PHASES[args.phase](args)))
        return

    workdir = args.reuse or args.keep or Path(tempfile.mkdtemp(prefix="budgetqa-scale-"))
    results: dict = {"n": args.n}
    try:
        if not args.reuse:
            if (workdir / "index").exists():
                shutil.rmtree(workdir / "index")
            results |= _run_phase("build", args, workdir)
        else:
            results |= {"build": "reused"}
        results |= _run_phase("serve", args, workdir)
        results |= _run_phase("add", args, workdir)
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(workdir, ignore_errors=True)
    for k, v in results.items():
        print(f"{k:24s} {v:.2f}" if isinstance(v, float) else f"{k:24s} {v}")


if __name__ == "__main__":
    main()
