"""rasd on Apache Spark: read → decode → clean → duplicates → extract → resolve → incidents, to Parquet.

Usable three ways, all with the same options:

    rasd spark INPUT... --output DIR [--master URL] [--partitions N]
    python -m rasd.spark INPUT... --output DIR
    spark-submit src/rasd/spark/job.py INPUT... --output DIR

The driver lists the input files (never their contents) and groups them into shards. The
shards are processed in waves; each wave is one Spark job whose executors read their files,
prepare every record (decode, clean, normalise, segment, sign) and return work rows, which
Spark writes as Parquet under
`DIR/_rasd/waves/`. When a wave is written, each of its shards gets a completion marker
(`DIR/_rasd/markers/`); a re-run over the same inputs skips marked shards. Assembly then
marks duplicates across all shards (`rasd.spark.duplicates`), analyses the originals only
(recognise, extract, resolve; in waves of shards with markers under `DIR/_rasd/analysis/`,
as copies are never analysed in one process either), and writes the tables
`DIR/documents`, `DIR/events`, `DIR/claims` (the store's columns). Last, the events are
linked into incidents across all articles (`rasd.spark.incidents`): `DIR/incidents` and
`DIR/incident_reports`, then `DIR/stats.json`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import RecordError
from rasd.spark.inputs import (
    FILES_PER_SHARD,
    HADOOP,
    HTTP,
    HTTP_SCHEMES,
    InputFile,
    Shard,
    has_scheme,
    list_local,
    make_shards,
)

log = logging.getLogger(__name__)

WORK = "_rasd"
TABLES = ("documents", "events", "claims", "incidents", "incident_reports")
# Shards per Spark job, per unit of parallelism: enough tasks to keep every core busy while
# the slowest shard finishes, few enough that a failure loses little finished work.
SHARDS_PER_SLOT = 4
# The JVM heap of the driver and of each executor unless told otherwise (`--memory`, `--conf`,
# spark-submit): rasd's own work runs in the Python workers, outside it, so a small heap keeps
# a worker's whole footprint near 1 GB.
DEFAULT_MEMORY = "1g"
MEMORY_SETTINGS = ("spark.driver.memory", "spark.executor.memory")


class SparkUnavailable(RuntimeError):
    """Spark cannot run here: no Java, or pyspark is not installed."""


@dataclass(frozen=True)
class Options:
    """What to read, where to write, and how to split the work."""

    inputs: tuple[str, ...]
    output: str
    published: dt.date | None = None
    partitions: int | None = None
    files_per_shard: int = FILES_PER_SHARD


@dataclass
class Report:
    """What a run did: shards done now and earlier, and the output's counts."""

    shards: int = 0
    shards_done_before: int = 0
    records: int = 0
    processed: int = 0
    duplicates: int = 0
    documents: int = 0
    events: int = 0
    claims: int = 0
    incidents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards": self.shards,
            "shards_done_before": self.shards_done_before,
            "records": self.records,
            "processed": self.processed,
            "duplicates": self.duplicates,
            "documents": self.documents,
            "events": self.events,
            "claims": self.claims,
            "incidents": self.incidents,
            "skipped": dict(sorted(self.skipped.items())),
            "seconds": {name: round(value, 3) for name, value in self.seconds.items()},
        }

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{reason}={n}" for reason, n in sorted(self.skipped.items()))
        return (
            f"processed={self.processed} duplicates={self.duplicates} skipped={skipped}"
            + (f" ({reasons})" if reasons else "")
            + f"; {self.events} events, {self.claims} claims, {self.incidents} incidents; shards {self.shards}"
            f" ({self.shards_done_before} done before)"
        )


def java_available() -> str | None:
    """Return the java executable Spark would use, or None.

    Spark's launcher runs `$JAVA_HOME/bin/java` whenever JAVA_HOME is set (a java on PATH does
    not help then), else the java on PATH.
    """
    home = os.environ.get("JAVA_HOME")
    if home:
        java = os.path.join(home, "bin", "java")
        return java if os.access(java, os.X_OK) else None
    return shutil.which("java")


def no_java_message() -> str:
    """Say why Spark cannot start a JVM here and what to do about it."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return (
            f"Spark needs Java 17 or later, and JAVA_HOME={home} has no bin/java: point JAVA_HOME at a JDK or unset it"
        )
    return "Spark needs Java 17 or later: install a JDK (e.g. apt-get install default-jre-headless), or set JAVA_HOME"


def settings(
    config: Mapping[str, str] | None = None, memory: str | None = None, *, submitted: bool = False
) -> dict[str, str]:
    """Return the Spark settings a session starts with: `config`, plus a capped JVM heap.

    The driver's and each executor's heap is `memory`, else DEFAULT_MEMORY; a setting in
    `config` (`--conf spark.driver.memory=4g`) wins. Under spark-submit the JVM is already
    running with spark-submit's settings (`--driver-memory`, `--executor-memory`, its
    defaults file), which are kept unless `memory` is given.
    """
    chosen = dict(config or {})
    if memory is None and submitted:
        return chosen
    for key in MEMORY_SETTINGS:
        chosen.setdefault(key, memory or DEFAULT_MEMORY)
    return chosen


def session(master: str | None = None, config: Mapping[str, str] | None = None, memory: str | None = None) -> Any:
    """Start (or join) a Spark session; local[*] unless a master is given or spark-submit set one.

    The JVM heap is capped (see `settings`). Local workers run this interpreter, so they see
    the same installed rasd.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("pyspark is not installed: pip install 'rasd[spark]'") from exc
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if not submitted and java_available() is None:
        raise SparkUnavailable(no_java_message())
    if master is None and not submitted:
        master = "local[*]"
    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("rasd").config("spark.ui.showConsoleProgress", "false")
    for key, value in settings(config, memory, submitted=submitted).items():
        builder = builder.config(key, value)
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def run(spark: Any, options: Options) -> Report:
    """Run rasd over the inputs on a Spark session and write the tables; return the report."""
    from rasd.spark.hadoop import HadoopFiles

    files = HadoopFiles(spark)
    report = Report()
    parallelism = options.partitions or spark.sparkContext.defaultParallelism
    spark.conf.set("spark.sql.shuffle.partitions", str(parallelism))
    started = time.perf_counter()
    shards = make_shards(
        _list_inputs(files, options.inputs, report),
        files_per_shard=options.files_per_shard,
        published=options.published,
    )
    report.shards = len(shards)
    root = f"{options.output}/{WORK}"
    markers = _markers(files, root)
    pending = [shard for shard in shards if shard.key not in markers]
    report.shards_done_before = report.shards - len(pending)
    _remove_unmarked_waves(files, root, set(markers.values()))
    for wave in _waves(pending, parallelism):
        markers.update(_process_wave(spark, files, options, wave))
    report.seconds["shards"] = time.perf_counter() - started
    started = time.perf_counter()
    _assemble(spark, options, shards, markers, parallelism, report)
    report.seconds["assemble"] = time.perf_counter() - started
    started = time.perf_counter()
    report.incidents = _link(spark, options.output, parallelism)
    report.seconds["incidents"] = time.perf_counter() - started
    files.write_text(f"{options.output}/stats.json", json.dumps(report.to_dict(), indent=2) + "\n")
    return report


def _list_inputs(files: Any, inputs: Sequence[str], report: Report) -> list[InputFile]:
    """Expand the inputs into files, counting those that cannot be listed as skipped records."""
    found: list[InputFile] = []
    for given in inputs:
        if given.startswith(HTTP_SCHEMES):
            found.append(InputFile(given, given.rstrip("/").rsplit("/", 1)[-1], 0, HTTP))
        elif has_scheme(given):
            listed = files.list_files(given)
            if not listed:
                _skip(report, RecordError(given, "not-found", "no such file or directory"))
            found += [InputFile(item.uri, item.relative, item.size, HADOOP) for item in listed]
        else:
            for item in list_local(given):
                if isinstance(item, RecordError):
                    _skip(report, item)
                else:
                    found.append(item)
    return found


def _skip(report: Report, err: RecordError) -> None:
    log.warning("%s", err.line())
    report.skipped[err.reason] += 1


def _waves(pending: Sequence[Any], parallelism: int) -> list[Sequence[Any]]:
    """Split pending units of work (shards) into waves, one Spark job each."""
    size = max(1, SHARDS_PER_SLOT * parallelism)
    return [pending[start : start + size] for start in range(0, len(pending), size)]


def _markers(files: Any, root: str) -> dict[str, str]:
    """Return {key: wave id} for every completed unit of a stage (marker file `root/markers/<key>.<wave>.json`)."""
    found: dict[str, str] = {}
    for name in files.names(f"{root}/markers"):
        if name.endswith(".json"):
            key, wave = name[: -len(".json")].split(".", 1)
            found.setdefault(key, wave)
    return found


def _remove_unmarked_waves(files: Any, root: str, kept: set[str]) -> None:
    """Delete the output of a stage's waves that failed before marking their units (it is redone)."""
    for wave in files.names(f"{root}/waves"):
        if wave not in kept:
            log.info("removing the output of unfinished wave %s", wave)
            files.delete(f"{root}/waves/{wave}")


def _process_wave(spark: Any, files: Any, options: Options, wave: Sequence[Shard]) -> dict[str, str]:
    """Run one Spark job over a wave of shards, write its rows, and mark each shard complete."""
    from pyspark.sql import functions as F

    from rasd.spark.rows import WORK_SCHEMA

    wave_id = uuid.uuid4().hex[:12]
    started = time.perf_counter()
    rows = _wave_rows(spark, options, wave)
    target = f"{options.output}/{WORK}/waves/{wave_id}"
    work = spark.createDataFrame(rows, WORK_SCHEMA).withColumn("wave", F.lit(wave_id))
    work.write.mode("overwrite").parquet(target)
    counts = spark.read.parquet(target).groupBy("shard", "error_reason").agg(F.count("*").alias("n")).collect()
    seconds = time.perf_counter() - started
    for shard in wave:
        mine = {row["error_reason"] or "prepared": row["n"] for row in counts if row["shard"] == shard.key}
        marker = {
            "shard": shard.key,
            "rank": shard.rank,
            "wave": wave_id,
            "files": [file.uri for file in shard.files],
            "records": sum(mine.values()),
            "outcomes": mine,
            "wave_seconds": round(seconds, 3),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        files.write_text(f"{options.output}/{WORK}/markers/{shard.key}.{wave_id}.json", json.dumps(marker) + "\n")
    log.info("wave %s: %d shards in %.1f s", wave_id, len(wave), seconds)
    return {shard.key: wave_id for shard in wave}


def _wave_rows(spark: Any, options: Options, wave: Sequence[Shard]) -> Any:
    """Return the RDD of work rows of a wave: local and HTTP shards, and Hadoop-read files."""
    from rasd.spark.worker import hadoop_file_rows, local_shard_rows

    context = spark.sparkContext
    published = options.published
    own = [shard for shard in wave if shard.access != HADOOP]
    through_hadoop = [shard for shard in wave if shard.access == HADOOP]
    parts = []
    if own:
        parts.append(
            context.parallelize(own, len(own)).mapPartitions(lambda shards: local_shard_rows(shards, published))
        )
    if through_hadoop:
        shard_of = {shard.files[0].uri: (shard.key, shard.files[0].record_id) for shard in through_hadoop}
        data = context.binaryFiles(",".join(shard_of), minPartitions=len(shard_of))
        parts.append(data.flatMap(lambda item: hadoop_file_rows(item[0], item[1], shard_of, published)))
    return parts[0] if len(parts) == 1 else context.union(parts)


def _assemble(
    spark: Any, options: Options, shards: Sequence[Shard], markers: dict[str, str], parallelism: int, report: Report
) -> None:
    """Mark duplicates across every shard, analyse the originals, and write the documents, events and claims tables."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from rasd.spark.duplicates import mark_copies
    from rasd.spark.rows import INDEX_BITS, WORK_SCHEMA, as_duplicate

    waves = sorted({markers[shard.key] for shard in shards})
    ranks = spark.createDataFrame(
        [(shard.key, markers[shard.key], shard.rank) for shard in shards], "shard string, wave string, rank long"
    )
    written = (
        spark.read.parquet(*(f"{options.output}/{WORK}/waves/{wave}" for wave in waves))
        if waves
        else spark.createDataFrame([], WORK_SCHEMA).withColumn("wave", F.lit(""))
    )
    work = written.join(F.broadcast(ranks), ["shard", "wave"]).withColumn(
        "id", F.shiftleft("rank", INDEX_BITS).bitwiseOR(F.col("record_index"))
    )
    outcomes = work.groupBy("error_reason").count().collect()
    report.records = sum(row["count"] for row in outcomes)
    for row in outcomes:
        if row["error_reason"] is not None:
            report.skipped[row["error_reason"]] += row["count"]
    prepared = work.where(F.col("error_reason").isNull()).drop("error_reason", "error_record", "error_message")
    prepared = prepared.drop("prepared").persist(StorageLevel.MEMORY_AND_DISK)  # the pickles are read when analysed
    copies = mark_copies(spark, prepared.select("id", "doc_id", "content_hash", "hashvalues"))
    marked = prepared.join(copies, "id", "left").persist(StorageLevel.MEMORY_AND_DISK)
    originals = marked.where(F.col("duplicate_of").isNull()).select("shard", "record_index")
    analyses = _analyse(spark, options, originals, work.select("shard", "record_index", "prepared"), parallelism)
    analysed = marked.join(analyses, ["shard", "record_index"], "left").persist(StorageLevel.MEMORY_AND_DISK)
    kept = analysed.where(F.col("duplicate_of").isNotNull() | F.col("analysis_error_reason").isNull())
    _write_tables(spark, kept, options.output, parallelism, as_duplicate)
    _count_output(analysed, report)
    for cached in (analysed, marked, prepared):
        cached.unpersist()


def _analyse(spark: Any, options: Options, originals: Any, pickles: Any, parallelism: int) -> Any:
    """Run the analysis stages on the originals, in waves of shards; return every original's analysis row.

    Which records of a shard are originals depends on every other shard, so a shard's analysis
    is marked complete under its key and a digest of its originals: a re-run reuses it as long
    as the duplicate marking left that shard's originals as they were.
    """
    from pyspark.sql import functions as F

    from rasd.spark.hadoop import HadoopFiles
    from rasd.spark.rows import ANALYSIS_SCHEMA

    files = HadoopFiles(spark)
    root = f"{options.output}/{WORK}/analysis"
    digests = originals.groupBy("shard").agg(
        F.sha2(F.concat_ws(",", F.array_sort(F.collect_list("record_index")).cast("array<string>")), 256).alias("d")
    )
    keys = {row["shard"]: f"{row['shard']}-{row['d'][:16]}" for row in digests.collect()}
    markers = _markers(files, root)
    pending = sorted(shard for shard, key in keys.items() if key not in markers)
    _remove_unmarked_waves(files, root, set(markers.values()))
    for wave in _waves(pending, parallelism):
        markers.update(_analyse_wave(spark, files, root, originals, pickles, wave, keys, parallelism))
    current = sorted((shard, markers[key]) for shard, key in keys.items())
    if not current:
        return spark.createDataFrame([], ANALYSIS_SCHEMA)
    written = spark.read.parquet(*(f"{root}/waves/{wave}" for wave in sorted({wave for _, wave in current})))
    chosen = spark.createDataFrame(current, "shard string, wave string")
    return written.join(F.broadcast(chosen), ["shard", "wave"]).drop("wave")


def _analyse_wave(
    spark: Any,
    files: Any,
    root: str,
    originals: Any,
    pickles: Any,
    wave: Sequence[str],
    keys: dict[str, str],
    parallelism: int,
) -> dict[str, str]:
    """Analyse one wave of shards' originals, spread evenly over the cores; mark each shard's analysis complete."""
    from pyspark.sql import functions as F

    from rasd.spark.rows import ANALYSIS_SCHEMA
    from rasd.spark.worker import analysed_rows

    wave_id = uuid.uuid4().hex[:12]
    started = time.perf_counter()
    mine = originals.where(F.col("shard").isin(list(wave))).join(pickles, ["shard", "record_index"])
    # Round-robin over several tasks per core: an article's analysis costs more than its
    # reading, and shards differ in size, so a task per shard would leave cores idle.
    rows = mine.repartition(max(1, SHARDS_PER_SLOT * parallelism)).rdd.mapPartitions(analysed_rows)
    target = f"{root}/waves/{wave_id}"
    spark.createDataFrame(rows, ANALYSIS_SCHEMA).withColumn("wave", F.lit(wave_id)).write.mode("overwrite").parquet(
        target
    )
    counts = spark.read.parquet(target).groupBy("shard", "analysis_error_reason").agg(F.count("*").alias("n")).collect()
    seconds = time.perf_counter() - started
    for shard in wave:
        outcomes = {row["analysis_error_reason"] or "analysed": row["n"] for row in counts if row["shard"] == shard}
        marker = {
            "shard": shard,
            "key": keys[shard],
            "wave": wave_id,
            "originals": sum(outcomes.values()),
            "outcomes": outcomes,
            "wave_seconds": round(seconds, 3),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        files.write_text(f"{root}/markers/{keys[shard]}.{wave_id}.json", json.dumps(marker) + "\n")
    log.info("analysis wave %s: %d shards in %.1f s", wave_id, len(wave), seconds)
    return {keys[shard]: wave_id for shard in wave}


def _link(spark: Any, output: str, parallelism: int) -> int:
    """Link the written events into incidents (`rasd.spark.incidents`); return how many incidents."""
    from rasd.spark.incidents import write_incidents

    documents, events = (spark.read.parquet(f"{output}/{name}") for name in ("documents", "events"))
    return write_incidents(documents, events, output, parallelism)


def _count_output(analysed: Any, report: Report) -> None:
    """Count the written rows, and the originals whose analysis failed (skipped, as in one process)."""
    from pyspark.sql import functions as F

    copy = F.col("duplicate_of").isNotNull()
    original = F.col("duplicate_of").isNull() & F.col("analysis_error_reason").isNull()
    for row in (
        analysed.groupBy(F.when(copy, None).otherwise(F.col("analysis_error_reason")).alias("failure"))
        .agg(
            F.count("*").alias("documents"),
            F.sum(copy.cast("int")).alias("duplicates"),
            F.sum(F.when(original, F.size("events")).otherwise(0)).alias("events"),
            F.sum(F.when(original, F.size("claims")).otherwise(0)).alias("claims"),
        )
        .collect()
    ):
        if row["failure"] is not None:
            report.skipped[row["failure"]] += row["documents"]
            continue
        report.documents = report.processed = row["documents"]
        report.duplicates, report.events, report.claims = row["duplicates"], row["events"], row["claims"]


def _write_tables(spark: Any, kept: Any, output: str, parallelism: int, as_duplicate: Any) -> None:
    from pyspark.sql import functions as F

    from rasd.spark.rows import CLAIMS_SCHEMA, DOCUMENTS_SCHEMA, EVENTS_SCHEMA

    duplicate_record = F.udf(as_duplicate, "string", useArrow=False)
    ingested_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    documents = (
        kept.withColumn(
            "record",
            F.when(F.col("duplicate_of").isNull(), F.col("analysed_record")).otherwise(
                duplicate_record("record", "duplicate_of")
            ),
        )
        .withColumn("ingested_at", F.lit(ingested_at))
        .withColumn("linked_at", F.lit(ingested_at))
    )
    originals = kept.where(F.col("duplicate_of").isNull()).withColumnRenamed("id", "document_id")
    tables = {
        "documents": documents.select(*DOCUMENTS_SCHEMA.names),
        "events": originals.select("document_id", F.explode("events").alias("row")).select("document_id", "row.*"),
        "claims": originals.select("document_id", F.explode("claims").alias("row")).select("document_id", "row.*"),
    }
    schemas = {"documents": DOCUMENTS_SCHEMA, "events": EVENTS_SCHEMA, "claims": CLAIMS_SCHEMA}
    for name, table in tables.items():
        ordered = table.select(*schemas[name].names)
        ordered.repartition(parallelism).write.mode("overwrite").parquet(f"{output}/{name}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for `spark-submit job.py` and `python -m rasd.spark`."""
    from rasd.spark.commands import spark_command

    spark_command.main(args=list(argv) if argv is not None else None, prog_name="rasd spark")


if __name__ == "__main__":
    main()
