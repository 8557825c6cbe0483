"""Incident linking as distributed steps, with the store's outcome.

The store links incrementally (`rasd.link.incidents.IncidentLinker`): in arrival order, each
event is compared with the reports of the incidents its block proposes, and joins the one it
agrees with best if it agrees with every report already in it; a syndicated copy is filed
under its original's incidents. Here the same decisions are made without bringing events to
the driver:

1. reports: the linkable events (`Store.linkable_events`) of the articles a store would keep
   (the first of each clean text) that are no copies, numbered in arrival order;
2. blocking: reports are grouped by key (type, date bucket, place key): a report is in the
   blocks of its `asked_keys` and of its `found_keys`, and a pair shares at most one block.
   Inside a block, `proposes` picks each report's earlier reports and `compare` judges the
   pairs; a pair that agrees is an edge, and each block sends a spanning forest of its edges
   (id pairs, at most one per report; never the pairs themselves);
3. connected components of the edges (large-star / small-star, Kiveris et al. 2014: a few
   shuffles of id pairs per round, O(log² n) rounds). An event only ever joins an incident
   holding a report it was proposed and agrees with, so an incident lies inside one
   component and no decision depends on another component;
4. each component is replayed on one executor in arrival order with the store's `choose`,
   over the component's incidents its block proposes (an incident of another component holds
   a report the event disagrees with or was never proposed, so `choose` would pass it over);
5. each link's audit record counts, as the store's does, every incident its block proposed,
   in or out of its component: the blocks are grouped once more, each report with its incident;
6. a copy is filed under every incident of its original's events (`IncidentLinker._link_copy`);
7. incidents are summarised with the store's `incident_summary`.

Written tables: `incidents` (the store's incident columns, keyed by `key`, with the member
event ids and articles) and `incident_reports` (one row per report with its audit record).
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from operator import add
from typing import Any

from pyspark import RDD, StorageLevel
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DoubleType, IntegerType, LongType, StringType, StructField, StructType

from rasd.link.incidents import (
    PLACE_COLUMNS,
    LinkRules,
    Report,
    asked_keys,
    block_of,
    choose,
    compare,
    found_keys,
    incident_key,
    incident_summary,
    linkable_condition,
    proposes,
)

S, INT, D, LONG = StringType(), IntegerType(), DoubleType(), LongType()
TASKS_PER_PARTITION = 4

# The store's incidents columns (less its own id and timestamps), then the members.
INCIDENTS_SCHEMA = StructType(
    [
        StructField("key", S, False),
        StructField("type", S),
        StructField("first_date", S),
        StructField("last_date", S),
        StructField("place_text", S),
        StructField("place_name", S),
        StructField("country", S),
        StructField("admin1", S),
        StructField("lat", D),
        StructField("lon", D),
        StructField("place_precision", S),
        StructField("reports", INT),
        StructField("articles", INT),
        StructField("fatalities_min", INT),
        StructField("fatalities_max", INT),
        StructField("injuries_min", INT),
        StructField("injuries_max", INT),
        StructField("event_ids", ArrayType(S)),  # public event ids (`<article hash>-e<seq>`), in the order linked
        StructField("document_ids", ArrayType(LONG)),  # documents.id of every reporting article, copies included
    ]
)
# The store's incident_reports columns, the incident named by its key and the event by its
# public id and position (an event's surrogate id is the store's own).
INCIDENT_REPORTS_SCHEMA = StructType(
    [
        StructField("incident", S, False),
        StructField("document_id", LONG, False),
        StructField("event_id", S),
        StructField("seq", INT),
        StructField("copy_of", LONG),
        StructField("type", S),
        StructField("link_date", S),
        StructField("date_basis", S),
        StructField("cell", S),
        StructField("country", S),
        StructField("link", S),
    ]
)
# Event columns a report needs: to be compared, and for its incident's summary.
EVENT_FIELDS = (
    "document_id", "seq", "type", "mode", "date", "date_precision", "source_country", "source_sector", "target_country",
    "target_sector", "country", "admin1", "lat", "lon", "place_precision", "place_text", "place_name",
    "fatalities", "injuries",
)  # fmt: skip


def write_incidents(
    documents: DataFrame, events: DataFrame, output: str, partitions: int, rules: LinkRules | None = None
) -> int:
    """Link the events of documents and events tables (the store's columns) into incidents; return how many.

    Writes `output/incidents` and `output/incident_reports`, `partitions` files each.
    """
    rules = rules or LinkRules.load()
    session = documents.sparkSession
    stored = documents.join(
        documents.groupBy("content_hash").agg(F.min("id").alias("id")), ["content_hash", "id"], "left_semi"
    ).select("id", "doc_id", "content_hash", "published", "duplicate_of")
    originals = stored.where(F.col("duplicate_of").isNull())
    linkable = events.where(F.expr(linkable_condition()))
    rows = (
        linkable.select(*EVENT_FIELDS)
        .join(
            originals.select(F.col("id").alias("document_id"), "content_hash", "published"),
            "document_id",
        )
        .orderBy("document_id", "seq")
        .withColumn("order", F.monotonically_increasing_id())  # arrival order: ordered across sorted partitions
    )
    reports = rows.rdd.map(lambda row: _report(row.asDict())).persist(StorageLevel.MEMORY_AND_DISK)
    # Blocks and components differ wildly in size (a crowded day and place against a lone
    # report): several tasks per core keep both cores busy while the largest one runs.
    tasks = partitions * TASKS_PER_PARTITION
    blocks = _blocks(reports.map(lambda item: (item[1], None)), rules, tasks)
    root = components(blocks.flatMap(lambda block: _block_forest(block[1], rules)), tasks)
    by_component = (
        reports.map(lambda item: (item[0], item[1]))
        .leftOuterJoin(root)
        .map(lambda item: (item[1][1] if item[1][1] is not None else item[0], item[1][0]))
    )
    linked = (
        by_component.groupByKey(tasks)
        .flatMap(lambda group: replay(group[1], rules))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )  # (order, (incident key, audit record))
    annotated = reports.map(lambda item: (item[0], item[1])).join(linked).map(lambda item: (item[1][0], item[1][1][0]))
    candidates = (
        _blocks(annotated, rules, tasks)
        .flatMap(lambda block: _block_incidents(block[1], rules))
        .distinct()
        .map(lambda item: (item[0], 1))
        .reduceByKey(add)
    )
    event_reports = session.createDataFrame(
        linked.leftOuterJoin(candidates)
        .join(reports.map(lambda item: (item[0], item[2])))
        .map(lambda item: _event_report(item[0], *item[1], rules)),
        EVENT_REPORT_SCHEMA,
    ).persist(StorageLevel.MEMORY_AND_DISK)
    copy_reports = _copy_reports(stored, originals, event_reports)
    incident_reports = event_reports.unionByName(copy_reports)
    incidents = session.createDataFrame(
        incident_reports.rdd.map(lambda row: (row["incident"], row.asDict())).groupByKey().map(_incident),
        INCIDENTS_SCHEMA,
    )
    table = incident_reports.select(*INCIDENT_REPORTS_SCHEMA.names)
    table.repartition(partitions).write.mode("overwrite").parquet(f"{output}/incident_reports")
    incidents.repartition(partitions).write.mode("overwrite").parquet(f"{output}/incidents")
    for cached in (event_reports, linked, root, reports):
        cached.unpersist()
    return session.read.parquet(f"{output}/incidents").count()


def _report(row: dict[str, Any]) -> tuple[int, Report, dict[str, Any]]:
    """Return (arrival order, the report the linker sees, the event's own columns) of one event row."""
    row["id"] = row["order"]
    row["event_key"] = f"{row['content_hash'][:16]}-e{row['seq']}"  # as query.EventRow.event_id
    return row["order"], Report.from_row(row), row


def _blocks(reports: RDD, rules: LinkRules, tasks: int) -> RDD:
    """Group (report, incident) items into blocks: key -> [(asks, report, incident)].

    A report is in the block of each of its `asked_keys` (asking: compared with the block's
    earlier reports) and of each of its `found_keys` (found by the block's later reports).
    """

    def keyed(item: tuple[Report, Any]) -> list[tuple[Any, tuple[bool, Report, Any]]]:
        report, incident = item
        block = block_of(report, rules)
        asking = [] if block is None else [(key, (True, report, incident)) for key in asked_keys(block, rules)]
        return asking + [(key, (False, report, incident)) for key in found_keys(report, rules)]

    return reports.flatMap(keyed).groupByKey(tasks)


def _proposed(members: Iterable[tuple[bool, Report, Any]], rules: LinkRules) -> Iterator[tuple[Report, Report, Any]]:
    """Yield (new, earlier report, its incident) for every pair of one block that blocking proposes."""
    asking, found = [], []
    for asks, report, incident in members:
        (asking if asks else found).append((report, incident))
    found.sort(key=lambda item: item[0].event)
    for new, _ in asking:
        block = block_of(new, rules)
        for old, incident in found:
            if old.event >= new.event:
                break
            if proposes(block, old, rules):  # type: ignore[arg-type]
                yield new, old, incident


def _block_forest(members: Iterable[tuple[bool, Report, Any]], rules: LinkRules) -> list[tuple[int, int]]:
    """Return a spanning forest of the agreeing proposed pairs of one block (its edges, as orders).

    Components need connectivity only, so each block sends at most one edge per report rather
    than every agreeing pair (a crowded block holds quadratically many).
    """
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for new, old, _ in _proposed(members, rules):
        later, earlier = root(new.event), root(old.event)
        if later != earlier and compare(new, old, rules) is not None:  # a pair already connected adds nothing
            parent[later] = earlier
    return [(node, root(node)) for node in list(parent) if root(node) != node]


class _Dates:
    """The dates of a block's reports filed by incident: which incidents hold a report dated in a window.

    Within one block, type and place already match (`found_keys`), so blocking proposes an
    incident exactly when one of its reports there is dated in the window (`proposes`).
    """

    def __init__(self) -> None:
        self.by_incident: dict[Any, list[dt.date]] = {}

    def add(self, incident: Any, day: dt.date) -> None:
        insort(self.by_incident.setdefault(incident, []), day)

    def within(self, since: dt.date, until: dt.date) -> Iterator[Any]:
        for incident, days in self.by_incident.items():
            at = bisect_left(days, since)
            if at < len(days) and days[at] <= until:
                yield incident


def _block_incidents(members: Iterable[tuple[bool, Report, Any]], rules: LinkRules) -> Iterator[tuple[int, str]]:
    """Yield (report, incident) for the incidents blocking proposed to each report of one block."""
    earlier = _Dates()
    # In arrival order; a report asks before it is found, as it is linked before it is filed.
    for asks, report, incident in sorted(members, key=lambda member: (member[1].event, not member[0])):
        if asks:
            block = block_of(report, rules)
            yield from ((report.event, proposed) for proposed in earlier.within(block.since, block.until))  # type: ignore[union-attr]
        else:
            earlier.add(incident, report.date)  # type: ignore[arg-type]


def components(edges: RDD, tasks: int | None = None) -> RDD:
    """Return (node, smallest node of its component) for every node of some edge (large-star / small-star).

    Alternating the two steps turns each component into a star around its smallest node; the
    loop ends when a round changes no edge.
    """
    current = edges.map(lambda edge: (max(edge), min(edge))).distinct(tasks).persist(StorageLevel.MEMORY_AND_DISK)
    while True:
        large = current.flatMap(lambda edge: (edge, (edge[1], edge[0]))).groupByKey(tasks).flatMap(_large_star)
        small = large.groupByKey(tasks).flatMap(_small_star).distinct(tasks).persist(StorageLevel.MEMORY_AND_DISK)
        if small.subtract(current).isEmpty() and current.subtract(small).isEmpty():
            current.unpersist()
            return small
        current.unpersist()
        current = small


def _large_star(item: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
    """Connect every larger neighbour of a node to the smallest node of its neighbourhood."""
    node, neighbours = item[0], set(item[1])
    least = min(min(neighbours), node)
    return [(neighbour, least) for neighbour in neighbours if neighbour > node]


def _small_star(item: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
    """Connect a node and its smaller neighbours to the smallest of them (edges come as (larger, smaller))."""
    node, smaller = item[0], set(item[1])
    least = min(min(smaller), node)
    return [(other, least) for other in smaller | {node} if other != least]


def replay(members: Iterable[Report], rules: LinkRules) -> Iterator[tuple[int, tuple[str, dict[str, Any]]]]:
    """Link one component's reports in arrival order as the store does; yield (order, (incident key, audit)).

    `Report.event` is the arrival order. Each report is offered the component's incidents its
    block proposes (found through the earlier reports' `found_keys` and dates); those of
    other components would refuse it. The audit's `candidates`, which counts those too, is
    filled by `_event_report`.
    """
    found: dict[Any, _Dates] = defaultdict(_Dates)
    reports_of: dict[int, list[Report]] = {}
    for report in sorted(members, key=lambda member: member.event):
        block = block_of(report, rules)
        proposed: set[int] = set()
        if block is not None:
            for key in asked_keys(block, rules):
                if key in found:
                    proposed.update(found[key].within(block.since, block.until))
        decision = choose(report, {incident: reports_of[incident] for incident in sorted(proposed)}, rules)
        incident = report.event if decision.incident is None else decision.incident
        reports_of.setdefault(incident, []).append(report)
        for key in found_keys(report, rules):
            found[key].add(incident, report.date)  # type: ignore[arg-type]
        yield report.event, (incident_key(reports_of[incident][0].event_id), decision.explanation())


# Event columns kept on each report row for its incident's summary (`incident_summary`); the
# report's own `country` column is its event's.
SUMMARY_FIELDS = ("fatalities", "injuries", *(name for name in PLACE_COLUMNS if name != "country"))
EVENT_REPORT_SCHEMA = StructType(
    [
        *INCIDENT_REPORTS_SCHEMA.fields,
        *(
            StructField(name, D if name in ("lat", "lon") else INT if name in ("fatalities", "injuries") else S)
            for name in SUMMARY_FIELDS
        ),
        StructField("order", LONG),
    ]
)


def _event_report(
    order: int, linked: tuple[tuple[str, dict[str, Any]], int | None], event: Mapping[str, Any], rules: LinkRules
) -> tuple[Any, ...]:
    (incident, link), candidates = linked
    report = Report.from_row(event)
    link = {**link, "candidates": candidates or 0}
    values = {
        "incident": incident,
        "document_id": event["document_id"],
        "event_id": report.event_id,
        "seq": event["seq"],
        "copy_of": None,
        "type": report.type,
        "link_date": report.date.isoformat() if report.date else None,
        "date_basis": report.date_basis,
        "cell": report.cell(rules),
        "country": report.country,
        "link": json.dumps(link, ensure_ascii=False),
        **{name: event[name] for name in SUMMARY_FIELDS},
        "order": order,
    }
    return tuple(values[name] for name in EVENT_REPORT_SCHEMA.names)


def _copy_reports(stored: DataFrame, originals: DataFrame, event_reports: DataFrame) -> DataFrame:
    """File each stored copy under every incident of its original's events (the latest earlier original of its id)."""
    copies = stored.where(F.col("duplicate_of").isNotNull()).select(
        F.col("id").alias("document_id"), F.col("duplicate_of").alias("copy_of_id")
    )
    original = (
        copies.join(originals.select(F.col("id").alias("original"), F.col("doc_id").alias("copy_of_id")), "copy_of_id")
        .where(F.col("original") < F.col("document_id"))
        .groupBy("document_id", "copy_of_id")
        .agg(F.max("original").alias("copy_of"))
    )
    incidents = event_reports.select(F.col("document_id").alias("copy_of"), "incident").distinct()
    link = F.to_json(
        F.struct(
            F.lit(False).alias("created"), F.col("copy_of_id").alias("copy_of"), F.array(F.lit("text")).alias("agreed")
        )
    )
    given = {
        "incident": F.col("incident"),
        "document_id": F.col("document_id"),
        "copy_of": F.col("copy_of"),
        "date_basis": F.lit("copy"),
        "link": link,
    }
    return original.join(incidents, "copy_of").select(
        *(
            given.get(name, F.lit(None)).cast(EVENT_REPORT_SCHEMA[name].dataType).alias(name)
            for name in EVENT_REPORT_SCHEMA.names
        )
    )


def _incident(item: tuple[str, Iterable[dict[str, Any]]]) -> tuple[Any, ...]:
    """Summarise one incident's reports as the store does, in the order it filed them."""
    key, rows = item
    reports = sorted(rows, key=lambda row: (row["document_id"], row["seq"] if row["seq"] is not None else -1))
    events = [row for row in reports if row["event_id"] is not None]
    summary = incident_summary(reports)
    values = {
        "key": key,
        "type": events[0]["type"],
        **summary,
        "event_ids": [row["event_id"] for row in events],
        "document_ids": list(dict.fromkeys(row["document_id"] for row in reports)),
    }
    return tuple(values[name] for name in INCIDENTS_SCHEMA.names)
