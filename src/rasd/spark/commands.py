"""The `rasd spark` and `rasd bench` commands (pyspark is imported only when a command runs)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click

from rasd.spark.inputs import FILES_PER_SHARD, read_list
from rasd.spark.job import DEFAULT_MEMORY

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks" / "run_all.py"


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


@click.command(name="spark")
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", required=True, help="Output directory or URI (file://, hdfs://, s3a://).")
@click.option("--master", help="Spark master URL, e.g. spark://host:7077 (default: local[*], or spark-submit's).")
@click.option("--partitions", type=click.IntRange(min=1), help="Parallel tasks and output files per table.")
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) for records that carry none.")
@click.option(
    "--input-list",
    "input_lists",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="File of input paths or URIs, one a line (.gz allowed), e.g. Common Crawl's warc.paths.gz (repeatable).",
)
@click.option("--prefix", default="", help="Put before every --input-list line, e.g. https://data.commoncrawl.org/.")
@click.option(
    "--files-per-shard",
    type=click.IntRange(min=1),
    default=FILES_PER_SHARD,
    show_default=True,
    help="About this many small files per shard (the unit of work and of resumption).",
)
@click.option(
    "--memory",
    metavar="SIZE",
    help=f"JVM heap of the driver and of each executor, e.g. 2g (default {DEFAULT_MEMORY};"
    " under spark-submit, its --driver-memory and --executor-memory).",
)
@click.option("--conf", "confs", multiple=True, help="Extra Spark setting KEY=VALUE (repeatable; wins over --memory).")
def spark_command(
    inputs: tuple[str, ...],
    output: str,
    master: str | None,
    partitions: int | None,
    date: str | None,
    input_lists: tuple[str, ...],
    prefix: str,
    files_per_shard: int,
    memory: str | None,
    confs: tuple[str, ...],
) -> None:
    """Run rasd on Apache Spark over each INPUT and write Parquet tables to --output.

    INPUT: a local file or directory (text, HTML, JSONL, WARC), or a Hadoop URI (file://,
    hdfs://, s3a://, a glob) or an http(s):// URI. Writes OUTPUT/documents, OUTPUT/events,
    OUTPUT/claims, OUTPUT/incidents, OUTPUT/incident_reports (the store's columns) and
    OUTPUT/stats.json; running again over the same inputs skips the shards already done.
    """
    from rasd.spark.job import Options, SparkUnavailable, run, session

    everything = [*inputs, *(uri for listing in input_lists for uri in read_list(listing, prefix))]
    if not everything:
        raise click.UsageError("give at least one INPUT or --input-list")
    if "-" in everything:
        raise click.UsageError("standard input cannot be spread over a cluster: give files or URIs")
    config = dict(_setting(item) for item in confs)
    try:
        spark = session(master, config, memory)
    except SparkUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    options = Options(tuple(everything), output.rstrip("/"), _date(date), partitions, files_per_shard)
    report = run(spark, options)
    click.echo(f"rasd spark: {report.summary()}", err=True)
    if report.processed == 0 and report.skipped:
        sys.exit(1)


def _setting(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
    return key.strip(), value.strip()


@click.command(name="bench", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench_command(args: tuple[str, ...]) -> None:
    """Run the benchmarks of a source checkout (benchmarks/run_all.py); ARGS go to it (--help)."""
    if not BENCHMARKS.is_file():
        raise click.ClickException("the benchmarks live in the source repository; run rasd bench from a checkout")
    sys.exit(subprocess.run([sys.executable, str(BENCHMARKS), *args], check=False).returncode)
