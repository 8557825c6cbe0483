"""The `rasd` command line: thin commands over the pipeline, the store and the evaluators.

Progress bars go to stderr and only when stderr is a terminal; stdout carries data only,
so `rasd extract ... | jq` stays clean. Exit status: 0 when at least one record was
processed (or there was nothing to read), 1 when every input record was skipped, 2 on
usage errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click
from tqdm import tqdm

from rasd.errors import RecordError
from rasd.model import Document
from rasd.pipeline import Pipeline, RunStats, process
from rasd.store.sqlite import SQLiteStore

EXIT_HELP = """
Exit status: 0 when at least one record was processed, 1 when every input record was
skipped (each skipped record gets one line on stderr naming it and the reason, and a
final count of skipped records by reason is printed), 2 on usage errors.
"""


def _report_error(err: RecordError) -> None:
    tqdm.write(err.line(), file=sys.stderr)


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def _documents(
    inputs: Sequence[str], stats: RunStats, *, published: dt.date | None, analyse: bool
) -> Iterator[Document]:
    """Run the pipeline over the inputs with a progress bar on an interactive stderr."""
    pipeline = Pipeline.build()
    stdin = sys.stdin.buffer if "-" in inputs else None
    docs = process(
        inputs, pipeline, published=published, stdin=stdin, on_error=_report_error, stats=stats, analyse=analyse
    )
    bar = tqdm(docs, desc="rasd", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())
    yield from bar


def _finish(stats: RunStats) -> None:
    """Print the run's counts on stderr and exit non-zero only when nothing was processed."""
    click.echo(f"rasd: {stats.summary()}", err=True)
    if stats.processed == 0 and stats.skipped:
        sys.exit(1)


@click.group(epilog=EXIT_HELP)
@click.option("-v", "--verbose", count=True, help="Log more (repeat for debug).")
def main(verbose: int) -> None:
    """rasd: Arabic news articles into structured, sourced political-event data."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--show-removed", is_flag=True, help="Also print what was removed, and why.")
def clean(inputs: tuple[str, ...], show_removed: bool) -> None:
    """Print the clean text of each INPUT (file, directory, JSONL, WARC, or - for stdin)."""
    stats = RunStats()
    for doc in _documents(inputs, stats, published=None, analyse=False):
        click.echo(f"==> {doc.id}" + (f" (copy of {doc.duplicate_of})" if doc.duplicate_of else ""))
        if doc.title:
            click.echo(doc.title)
            click.echo()
        click.echo(doc.text)
        if show_removed:
            click.echo("--- removed:")
            for removal in doc.removed:
                where = f"line {removal.line}: " if removal.line else ""
                click.echo(f"[{removal.reason}] {where}{removal.text}")
        click.echo()
    _finish(stats)


@main.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) for records that carry none.")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
    help="jsonl: one record per line; json: one indented array.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not stdout.")
def extract(inputs: tuple[str, ...], date: str | None, fmt: str, output: str | None) -> None:
    """Extract events and claims from each INPUT and write output-contract records."""
    stats = RunStats()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(Path(output).open("w", encoding="utf-8")) if output else sys.stdout
        records = (doc.to_dict() for doc in _documents(inputs, stats, published=_date_option(date), analyse=True))
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                out.flush()
        else:
            json.dump(list(records), out, ensure_ascii=False, indent=2)
            out.write("\n")
    _finish(stats)


@main.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="rasd.db", show_default=True, help="SQLite file of the embedded store.")
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) for records that carry none.")
def ingest(inputs: tuple[str, ...], db: str, date: str | None) -> None:
    """Run the whole pipeline over each INPUT and store the results; print a summary."""
    stats = RunStats()
    added = 0
    with SQLiteStore(db) as store:
        for doc in _documents(inputs, stats, published=_date_option(date), analyse=True):
            added += store.add(doc)
        click.echo(_store_summary(store, added, db))
    _finish(stats)


def _store_summary(store: SQLiteStore, added: int, db: str) -> str:
    """Render what the store now holds as a short, readable report."""
    counts = store.counts()
    lines = [
        f"store {db}: {counts['documents']} documents ({added} new), {counts['events']} events,"
        f" {counts['claims']} claims",
        "events by type: " + (", ".join(f"{t} {n}" for t, n in store.event_types()) or "none"),
        "",
    ]
    for row in store.events(limit=25):
        actors = f"{row.source or '?'} → {row.target or '?'}"
        toll = ", ".join(
            part for part in (
                f"{row.fatalities} killed" if row.fatalities is not None else "",
                f"{row.injuries} injured" if row.injuries is not None else "",
            ) if part
        )
        kind = row.type + (f"/{row.mode}" if row.mode else "") + (" (negated)" if row.negated else "")
        where = row.place or "place unknown"
        lines.append(f"  {row.date or 'date unknown'}  {kind:<22} {actors}  @ {where}  {toll}  [{row.doc_id}]")
    return "\n".join(lines)


@main.command(name="eval")
@click.option(
    "--shared", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared"), show_default=True,
    help="Folder holding eval/ (dev gold and scorers) and examples/ (the seed article).",
)
@click.option(
    "--task", "tasks", multiple=True, type=click.Choice(["clean", "span", "detection", "articles", "seed"]),
    help="Run only these tasks (repeatable); default: all.",
)
def evaluate(shared: Path, tasks: tuple[str, ...]) -> None:
    """Run rasd on the development data and print each scorer's summary line."""
    from rasd.clean.evaluate import evaluate_corpus
    from rasd.evaluate import run_scorers

    wanted = set(tasks) or {"clean", "span", "detection", "articles", "seed"}
    if "clean" in wanted:
        click.echo(evaluate_corpus().summary())
    scorer_tasks = wanted - {"clean"}
    if not scorer_tasks:
        return
    if not (shared / "eval").is_dir():
        click.echo(f"rasd eval: no evaluation data at {shared}/eval; scorer tasks skipped", err=True)
        return
    for score in run_scorers(shared, Pipeline.build(), scorer_tasks):
        click.echo(score.line)


if __name__ == "__main__":
    main()
