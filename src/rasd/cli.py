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
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click
from tqdm import tqdm

from rasd import export, query
from rasd.api.serve import serve
from rasd.cli_store import open_cli_store, redact
from rasd.errors import RecordError
from rasd.link.commands import incidents
from rasd.model import Document
from rasd.pipeline import Pipeline, RunStats, process
from rasd.query import BBox, ClaimRow, DocumentRow, EventRow, Filters, QueryError, Row
from rasd.spark.commands import bench_command, spark_command
from rasd.store import Store
from rasd.watch.cli import watch

DB_HELP = "Store: a SQLite file path, sqlite:///path, or postgresql://user@host/dbname."
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
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
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
@click.option("--db", default="rasd.db", show_default=True, help=DB_HELP)
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) for records that carry none.")
def ingest(inputs: tuple[str, ...], db: str, date: str | None) -> None:
    """Run the whole pipeline over each INPUT and store the results; print a summary.

    Each article is stored in one transaction with its events and claims, keyed by the hash
    of its clean text: ingesting the same input again adds nothing, and a run that was
    killed can simply be run again.
    """
    stats = RunStats()
    added = 0
    with open_cli_store(db) as store:
        docs = process(
            inputs,
            Pipeline.build(),
            published=_date_option(date),
            stdin=sys.stdin.buffer if "-" in inputs else None,
            on_error=_report_error,
            stats=stats,
        )
        with tqdm(desc="rasd ingest", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
            try:
                for doc in docs:
                    added += store.add(doc)
                    bar.update()
                    bar.set_postfix(new=added, duplicates=stats.duplicates, skipped=sum(stats.skipped.values()))
            except _store_errors() as exc:
                # Each article is its own transaction: what was stored stays, a re-run adds the rest.
                raise click.ClickException(
                    f"store {redact(db)} failed after {added} new articles: {type(exc).__name__}: {exc}".strip()
                ) from exc
        click.echo(_store_summary(store, added, db))
    _finish(stats)


def _store_summary(store: Store, added: int, db: str) -> str:
    """Render what the store now holds as a short, readable report."""
    counts = store.counts()
    lines = [
        f"store {redact(db)}: {counts['documents']} documents ({added} new), {counts['events']} events,"
        f" {counts['claims']} claims",
        "events by type: " + (", ".join(f"{t} {n}" for t, n in store.event_types()) or "none"),
        "",
    ]
    latest = Filters(limit=25, include_negated=True, include_historical=True)
    for row in query.events(store, latest):
        actors = f"{row.source_text or '?'} → {row.target_text or '?'}"
        toll = ", ".join(
            part
            for part in (
                f"{row.fatalities} killed" if row.fatalities is not None else "",
                f"{row.injuries} injured" if row.injuries is not None else "",
            )
            if part
        )
        kind = row.type + (f"/{row.mode}" if row.mode else "") + (" (negated)" if row.negated else "")
        where = row.place_name or row.place_text or "place unknown"
        lines.append(f"  {row.date or 'date unknown'}  {kind:<22} {actors}  @ {where}  {toll}  [{row.doc_id}]")
    return "\n".join(lines)


@main.command(name="eval")
@click.option(
    "--shared",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared"),
    show_default=True,
    help="Folder holding eval/ (dev gold and scorers) and examples/ (the seed article).",
)
@click.option(
    "--task",
    "tasks",
    multiple=True,
    type=click.Choice(["clean", "span", "detection", "articles", "seed"]),
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


# --- Queries and exports over the store --------------------------------------------------------
# Thin commands over rasd.query (selection) and rasd.export (formats); every filter is an
# SQL parameter, never part of the SQL text.

ROW_KINDS: dict[str, type[Row]] = {"events": EventRow, "claims": ClaimRow, "documents": DocumentRow}


def _store_errors() -> tuple[type[Exception], ...]:
    """Return the exception types a lost or failing store raises (psycopg only when installed)."""
    errors: tuple[type[Exception], ...] = (sqlite3.Error, OSError)
    try:
        import psycopg
    except ImportError:
        return errors
    return (*errors, psycopg.Error)


def _filter_options(command: click.decorators.FC) -> click.decorators.FC:
    """Add the options every query command shares."""
    options = [
        click.option("--db", default="rasd.db", show_default=True, help=DB_HELP),
        click.option("--type", "types", multiple=True, help="PLOVER event type, e.g. ASSAULT (repeatable)."),
        click.option("--mode", "modes", multiple=True, help="PLOVER mode, e.g. aerial, demo (repeatable)."),
        click.option("--actor", help="Actor as written or named (any spelling), or a code: SYR, MIL, SYRMIL."),
        click.option("--country", "countries", multiple=True, help="ISO alpha-3 code of the event's place."),
        click.option("--since", help="From this date (YYYY-MM-DD); undated events count at publication."),
        click.option("--until", help="Up to this date (YYYY-MM-DD), inclusive."),
        click.option("--bbox", help="Bounding box WEST,SOUTH,EAST,NORTH in degrees."),
        click.option("-q", "--text", help="Words the article contains (matching view: any hamza/alef spelling)."),
        click.option("--all", "include_all", is_flag=True, help="Include negated and historical events."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many rows."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(options: dict[str, object]) -> Filters:
    """Build the query's Filters from the shared command-line options."""
    bbox = options.get("bbox")
    try:
        box = BBox.parse(str(bbox)) if bbox else None
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="--bbox") from exc
    include_all = bool(options.get("include_all"))
    return Filters(
        types=tuple(options.get("types") or ()),  # type: ignore[arg-type]
        modes=tuple(options.get("modes") or ()),  # type: ignore[arg-type]
        actor=options.get("actor") or None,  # type: ignore[arg-type]
        countries=tuple(options.get("countries") or ()),  # type: ignore[arg-type]
        since=_date_option(options.get("since")),  # type: ignore[arg-type]
        until=_date_option(options.get("until")),  # type: ignore[arg-type]
        bbox=box,
        text=options.get("text") or None,  # type: ignore[arg-type]
        include_negated=include_all,
        include_historical=include_all,
        limit=options.get("limit"),  # type: ignore[arg-type]
    )


def _emit(kind: str, rows_of: object, fmt: str, options: dict[str, object]) -> None:
    """Run the query for `kind` and write its rows in `fmt` to --output or stdout."""
    row_type = ROW_KINDS[kind]
    if fmt in ("geojson", "acled") and row_type is not EventRow:
        raise click.UsageError(f"--format {fmt} applies to events only")
    output = options.get("output")
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes a file: give -o FILE.parquet")
    filters = _filters(options)
    with open_cli_store(str(options["db"])) as store:
        try:
            rows = rows_of(store, filters)  # type: ignore[operator]
            if fmt == "parquet":
                count = export.write_parquet(rows, str(output), row_type)
            else:
                with contextlib.ExitStack() as stack:
                    out = (
                        stack.enter_context(Path(str(output)).open("w", encoding="utf-8", newline=""))
                        if output
                        else sys.stdout
                    )
                    count = _write_text(fmt, rows, out, row_type)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from exc
        except RuntimeError as exc:  # an optional dependency is missing: its install line
            raise click.ClickException(str(exc)) from exc
    click.echo(f"rasd: {count} {kind}", err=True)


def _write_text(fmt: str, rows: Iterator[Row], out: object, row_type: type[Row]) -> int:
    writers = {
        "table": lambda: export.write_table(rows, out, row_type),  # type: ignore[arg-type]
        "csv": lambda: export.write_csv(rows, out, row_type),  # type: ignore[arg-type]
        "jsonl": lambda: export.write_jsonl(rows, out),  # type: ignore[arg-type]
        "geojson": lambda: export.write_geojson(rows, out),  # type: ignore[arg-type]
        "acled": lambda: export.write_acled(rows, out),  # type: ignore[arg-type]
    }
    return writers[fmt]()


LIST_FORMATS = click.Choice(["table", "csv", "jsonl", "geojson"])
FORMAT_HELP = "table for reading; csv, jsonl, or geojson (events with coordinates only)."


@main.command()
@_filter_options
@click.option("--format", "fmt", type=LIST_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
def events(fmt: str, **options: object) -> None:
    """List stored events (current, reported ones unless --all), latest first."""
    _emit("events", query.events, fmt, options)


@main.command()
@_filter_options
@click.option("--format", "fmt", type=LIST_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
def claims(fmt: str, **options: object) -> None:
    """List stored claims (who says what); --actor matches who is quoted, dates the publication."""
    _emit("claims", query.claims, fmt, options)


@main.command()
@_filter_options
@click.option("--format", "fmt", type=LIST_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
def documents(fmt: str, **options: object) -> None:
    """List stored articles; event filters keep articles holding at least one such event."""
    _emit("documents", query.documents, fmt, options)


@main.command()
@click.argument("words", nargs=-1, required=True)
@_filter_options
@click.option("--format", "fmt", type=LIST_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
def search(words: tuple[str, ...], fmt: str, **options: object) -> None:
    """Find the articles containing every one of WORDS, in any common spelling, with a snippet."""
    options["text"] = " ".join(filter(None, [*words, str(options.get("text") or "")]))
    _emit("documents", query.search, fmt, options)


@main.command(name="export")
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "geojson", "acled"]),
    default="jsonl",
    show_default=True,
    help="acled: CSV with ACLED's columns and event types; parquet needs -o.",
)
@click.option("--rows", "kind", type=click.Choice(sorted(ROW_KINDS)), default="events", show_default=True)
def export_rows(fmt: str, kind: str, **options: object) -> None:
    """Export stored events (or claims, documents) for pandas, QGIS, Datasette or ACLED scripts."""
    rows_of = {"events": query.events, "claims": query.claims, "documents": query.documents}[kind]
    _emit(kind, rows_of, fmt, options)


# Commands that live beside the capability they drive.
for command in (incidents, watch, serve, spark_command, bench_command):
    main.add_command(command)

if __name__ == "__main__":
    main()
