"""Embedding throughput of the ingest path against the model's own best on the same texts.

    .venv/bin/python bench/embed.py                          # the nodes of corpus/*.txt, 3 rounds
    .venv/bin/python bench/embed.py --docs corpus/samples/*.pdf --rounds 5

Two timings per round, interleaved so that a busy machine slows them alike:
  ingest  — ``Embedder.embed_passages`` on the node texts a build embeds (batched by length, every core)
  encode  — a tight ``model.encode`` loop on the same texts (passage prompt, batch 32, normalised): the model's best
Prints medians in passages/s and the ratio ingest / encode (target ≥ 0.8).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def _nodes(paths: list[Path]):
    from budgetqa.ingest.loader import load
    from budgetqa.parse.document import parse
    from budgetqa.retrieval.nodes import nodes_of

    return [n for p in paths for n in nodes_of(parse(load(p)))]


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", type=Path, help="documents to take nodes from (default: corpus/*.txt)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import torch

    from budgetqa.config import Settings
    from budgetqa.retrieval.embedding import get_embedder, ingest_threads

    settings = Settings.from_env()
    paths = args.docs or sorted(settings.corpus_dir.glob("*.txt"))
    nodes = _nodes(paths)
    texts = [n.text for n in nodes]
    embedder = get_embedder(settings)
    model = embedder.model
    prompt = "passage" if (getattr(model, "prompts", None) or {}).get("passage") else None
    print(
        f"{len(texts)} passages from {len(paths)} document(s); mean {statistics.mean(map(len, texts)):.0f} chars; "
        f"device {model.device}; "
        f"ingest threads {ingest_threads()}, torch default {torch.get_num_threads()}"
    )

    def encode() -> None:
        model.encode(
            texts,
            prompt_name=prompt,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    embedder.embed_passages(texts[:64])  # warm-up: first batches allocate
    runs: dict[str, list[float]] = {"ingest": [], "encode": []}
    for _ in range(args.rounds):
        runs["ingest"].append(_timed(lambda: embedder.embed_passages(texts)))
        runs["encode"].append(_timed(encode))
    rate = {k: len(texts) / statistics.median(v) for k, v in runs.items()}
    for k, v in runs.items():
        print(
            f"{k:7s} median {statistics.median(v):6.2f} s  {rate[k]:6.1f} passages/s  (runs {', '.join(f'{x:.2f}' for x in v)})"
        )
    print(f"ratio ingest / encode: {rate['ingest'] / rate['encode']:.2f}")


if __name__ == "__main__":
    main()
