"""Incidents: events from different articles that report one real-world happening.

Two reports belong to one incident when their PLOVER types are the same (or listed as
compatible); their dates lie within `date_window_days` (one more day when a side has no date
of its own and is dated by its article's publication; such a link is flagged); their places
lie within `max_distance_km` (`broad_distance_km` when either is a province or region, the
same country when either is only a country); and their actor codes agree where both articles
name them (unknowns are compatible; sectors agree within a listed group such as GOV/MIL;
roles may be read swapped). Sources from different countries rule a link out; any other
conflicting code counts against the fields that agree, and at least `min_evidence` must
remain: a place or an actor code, not unknowns only.

Linking is incremental and blocked: each new event is compared only with the reports the
store returns for its type, its date window and its coarse place cell (a `cell_degrees` grid
square and its eight neighbours, or its country for a country-level place), never with every
stored event. An event joins the candidate incident it agrees with best, and only when it
agrees with every report already in it (complete link, so a chain of near matches cannot
drift from Aleppo to Idlib); otherwise it starts an incident of its own. Every link keeps
its explanation (`Match.to_dict`): what agreed, the distance in km, the date gap in days.

The rules (thresholds, compatible types and sectors) are data: `incident_rules.json`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations
from os import PathLike
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasd.store.base import Store

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
SIDES = ("source", "target")
CODES = ("country", "sector")


@dataclass(frozen=True, slots=True)
class LinkRules:
    """The thresholds and compatibilities incident linking applies (incident_rules.json)."""

    version: int
    max_distance_km: float
    broad_distance_km: float
    date_window_days: int
    publication_window_days: int
    cell_degrees: float
    fine_precisions: frozenset[str]
    broad_precisions: frozenset[str]
    min_evidence: int
    type_groups: Mapping[str, frozenset[str]]
    sector_groups: Mapping[str, frozenset[str]]

    @classmethod
    @cache
    def load(cls) -> LinkRules:
        """Read the shipped rules."""
        data = json.loads(resources.files("rasd.link").joinpath("incident_rules.json").read_text(encoding="utf-8"))
        return cls(
            version=data["version"],
            max_distance_km=float(data["max_distance_km"]),
            broad_distance_km=float(data["broad_distance_km"]),
            date_window_days=int(data["date_window_days"]),
            publication_window_days=int(data["publication_window_days"]),
            cell_degrees=float(data["cell_degrees"]),
            fine_precisions=frozenset(data["fine_precisions"]),
            broad_precisions=frozenset(data["broad_precisions"]),
            min_evidence=int(data["min_evidence"]),
            type_groups=_groups(data["compatible_types"]),
            sector_groups=_groups(data["compatible_sectors"]),
        )

    def types_like(self, event_type: str) -> frozenset[str]:
        """Return the types a report of `event_type` may be linked with (itself included)."""
        return self.type_groups.get(event_type, frozenset({event_type}))

    def sectors_agree(self, a: str, b: str) -> bool:
        return a == b or b in self.sector_groups.get(a, frozenset())

    def cell(self, lat: float, lon: float) -> str:
        """Name the coarse grid square a point lies in (the blocking key of a fine place)."""
        return f"{math.floor(lat / self.cell_degrees)}:{math.floor(lon / self.cell_degrees)}"

    def cells_around(self, lat: float, lon: float) -> list[str]:
        """Return the point's square and its eight neighbours: every place within one square's width."""
        row, col = math.floor(lat / self.cell_degrees), math.floor(lon / self.cell_degrees)
        return [f"{row + dr}:{col + dc}" for dr in (-1, 0, 1) for dc in (-1, 0, 1)]

    @property
    def widest_window(self) -> int:
        return max(self.date_window_days, self.publication_window_days)


def _groups(groups: Iterable[Sequence[str]]) -> dict[str, frozenset[str]]:
    by_member: dict[str, frozenset[str]] = {}
    for group in groups:
        members = frozenset(group)
        for member in members:
            by_member[member] = members
    return by_member


@dataclass(frozen=True, slots=True)
class Report:
    """One stored event as the linker sees it: type, codes, place and the date it is linked by."""

    event: int  # store key of the event
    event_id: str  # public event id (query.EventRow.event_id)
    document: int  # store key of its article
    type: str
    mode: str | None
    date: dt.date | None  # the event's own date, else its article's publication date
    date_basis: str  # event | publication
    source_country: str | None
    source_sector: str | None
    target_country: str | None
    target_sector: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Report:
        """Build from a store row: events columns plus `event_key` and the article's `published`.

        Only a day links by the event's own date; a month or year («الشهر الماضي») is too coarse,
        so such an event links by its article's publication date like an undated one.
        """
        own = row["date"] if row.get("date_precision") in (None, "day") else None
        when = own or row["published"]
        return cls(
            event=row["id"],
            event_id=row["event_key"],
            document=row["document_id"],
            type=row["type"],
            mode=row["mode"],
            date=dt.date.fromisoformat(when[:10]) if when else None,
            date_basis="event" if own else "publication",
            source_country=row["source_country"],
            source_sector=row["source_sector"],
            target_country=row["target_country"],
            target_sector=row["target_sector"],
            country=row["country"],
            admin1=row["admin1"],
            lat=row["lat"],
            lon=row["lon"],
            precision=row["place_precision"],
        )

    def code(self, side: str, code: str) -> str | None:
        value: str | None = getattr(self, f"{side}_{code}")
        return value

    def is_fine(self, rules: LinkRules) -> bool:
        """Tell whether the place is a point worth measuring distances from (a site or city)."""
        return self.located and self.precision in rules.fine_precisions

    def is_broad(self, rules: LinkRules) -> bool:
        """Tell whether the place is an area with a centroid (a province or a region)."""
        return self.located and self.precision in rules.broad_precisions

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def cell(self, rules: LinkRules) -> str | None:
        """Return the blocking cell of a fine place; None for broader or unknown places."""
        if not self.is_fine(rules):
            return None
        return rules.cell(self.lat, self.lon)  # type: ignore[arg-type]


def linkable_condition(alias: str = "") -> str:
    """Return the SQL condition on an events row that makes the event a report to link.

    Negated events did not happen; historical ones count only with a day of their own, because
    their article's publication date says nothing about when they happened. The condition
    reads the same in SQLite, PostgreSQL and Spark SQL (`alias` names the events table).
    """
    e = f"{alias}." if alias else ""
    return f"{e}negated = 0 AND ({e}historical = 0 OR ({e}date IS NOT NULL AND {e}date_precision = 'day'))"


# --- blocking: which stored reports a new report is compared with ------------------------------

# How blocking finds a stored report by its place: ("cell", grid square) for a fine place,
# ("bare", country or None) for one without a cell, ("country", country or None) whatever its
# cell, ("any", None) for every report.
PlaceKey = tuple[str, str | None]
# A stored report is proposed for a new one when they share a key: (type, date bucket, place key).
BlockingKey = tuple[str, int, PlaceKey]


@dataclass(frozen=True, slots=True)
class Block:
    """What blocking proposes for a new report: stored reports of these types, dated in the window, at these places.

    A fine place (a site or city) asks for the reports in its grid cell and the eight around it,
    and for the reports without a cell in its country or without a country; a broad place for
    every report in its country or without one; a place without a country for every report.
    The store runs it as one indexed query (`Store.candidate_reports`); the Spark job joins
    `asked_keys` with `found_keys` and keeps the pairs `proposes` keeps.
    """

    types: tuple[str, ...]
    since: dt.date
    until: dt.date
    places: tuple[PlaceKey, ...]


def block_of(report: Report, rules: LinkRules) -> Block | None:
    """Return the block of a new report, or None when it has no date (it is then compared with nothing)."""
    if report.date is None:
        return None
    window = dt.timedelta(days=rules.widest_window)
    places: tuple[PlaceKey, ...]
    if not report.country:
        places = (("any", None),)
    elif report.is_fine(rules):
        cells = rules.cells_around(report.lat, report.lon)  # type: ignore[arg-type]
        places = (*(("cell", cell) for cell in cells), ("bare", report.country), ("bare", None))
    else:
        places = (("country", report.country), ("country", None))
    return Block(tuple(sorted(rules.types_like(report.type))), report.date - window, report.date + window, places)


def place_keys(cell: str | None, country: str | None) -> tuple[PlaceKey, ...]:
    """Return the place keys a stored report with this blocking cell and country is found under."""
    return (("cell", cell) if cell else ("bare", country), ("country", country), ("any", None))


def proposes(block: Block, stored: Report, rules: LinkRules) -> bool:
    """Tell whether blocking proposes a stored report for the new report the block belongs to."""
    return (
        stored.type in block.types
        and stored.date is not None
        and block.since <= stored.date <= block.until
        and not set(block.places).isdisjoint(place_keys(stored.cell(rules), stored.country))
    )


def date_bucket(day: dt.date, rules: LinkRules) -> int:
    """Return the bucket of days a date falls in: a block's window spans at most two buckets."""
    return day.toordinal() // (2 * rules.widest_window + 1)


def asked_keys(block: Block, rules: LinkRules) -> list[BlockingKey]:
    """Return the keys a new report looks for: each of its types, date buckets and place keys."""
    buckets = range(date_bucket(block.since, rules), date_bucket(block.until, rules) + 1)
    return [(kind, bucket, place) for kind in block.types for bucket in buckets for place in block.places]


def found_keys(stored: Report, rules: LinkRules) -> list[BlockingKey]:
    """Return the keys a stored report is found under (none without a date).

    A stored report and a new one share at most one key, and they share one whenever
    `proposes` holds; `proposes` then also checks the exact date window.
    """
    if stored.date is None:
        return []
    bucket = date_bucket(stored.date, rules)
    return [(stored.type, bucket, place) for place in place_keys(stored.cell(rules), stored.country)]


@dataclass(frozen=True, slots=True)
class Match:
    """Why two reports may be one happening: what agreed, how far apart, how many days apart."""

    agreed: tuple[str, ...]  # "type", "mode", "source.country", "target.sector", "place"
    place: str  # distance | area | country | unknown: how the places were judged
    distance_km: float | None
    date_gap_days: int
    date_basis: str  # event (both dated) | publication (a side dated by its article)
    flags: tuple[str, ...] = ()  # e.g. "date:publication", "place:unknown", "source.sector:GOV~MIL"
    conflicts: int = 0  # actor codes both name differently (beyond the source's country)

    @property
    def evidence(self) -> int:
        """Count the fields that positively agree beyond the type, less the conflicting codes."""
        return len([field for field in self.agreed if field != "type"]) - self.conflicts

    def rank(self) -> tuple[float, ...]:
        """Order matches best first: more agreement, fewer days, fewer kilometres."""
        distance = self.distance_km if self.distance_km is not None else math.inf
        return (-self.evidence, self.date_gap_days, distance)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agreed": list(self.agreed),
            "place": self.place,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "date_gap_days": self.date_gap_days,
            "date_basis": self.date_basis,
            "conflicts": self.conflicts,
            "evidence": self.evidence,
            "flags": list(self.flags),
        }


def compare(new: Report, old: Report, rules: LinkRules) -> Match | None:
    """Return why two reports may be one happening, or None when any field rules it out."""
    if old.type not in rules.types_like(new.type) or new.date is None or old.date is None:
        return None
    gap = abs((new.date - old.date).days)
    basis = "event" if new.date_basis == old.date_basis == "event" else "publication"
    if gap > (rules.date_window_days if basis == "event" else rules.publication_window_days):
        return None
    place = _compare_places(new, old, rules)
    actors = _compare_actors(new, old, rules)
    if place is None or actors is None:
        return None
    how, distance = place
    agreed, conflicts, flags = ["type"], actors[1], list(actors[2])
    if new.type != old.type:
        flags.append(f"type:{new.type}~{old.type}")
    if new.mode and new.mode == old.mode:
        agreed.append("mode")
    agreed += actors[0]
    if how == "unknown":
        flags.append("place:unknown")
    else:
        agreed.append("place")
    if basis == "publication":
        flags.append("date:publication")
    return Match(tuple(agreed), how, distance, gap, basis, tuple(flags), conflicts)


def _compare_actors(new: Report, old: Report, rules: LinkRules) -> tuple[list[str], int, list[str]] | None:
    """Compare actor codes in the reported roles and swapped; return the better reading.

    A reading is (agreeing fields, conflicting codes, flags); None when both readings have
    sources from different countries.
    """
    readings = []
    for swapped in (False, True):
        reading = _read_actors(new, old, rules, swapped)
        if reading is not None:
            readings.append(reading)
    if not readings:
        return None
    return max(readings, key=lambda reading: len(reading[0]) - reading[1])


def _read_actors(new: Report, old: Report, rules: LinkRules, swapped: bool) -> tuple[list[str], int, list[str]] | None:
    agreed: list[str] = []
    flags = ["roles:swapped"] if swapped else []
    conflicts = 0
    for side, other_side in zip(SIDES, SIDES[::-1] if swapped else SIDES, strict=True):
        for code in CODES:
            mine, theirs = new.code(side, code), old.code(other_side, code)
            if not mine or not theirs:
                continue
            agree = mine == theirs if code == "country" else rules.sectors_agree(mine, theirs)
            if not agree and side == "source" and code == "country":
                return None
            if agree:
                agreed.append(f"{side}.{code}")
            else:
                conflicts += 1
            if mine != theirs:
                flags.append(f"{side}.{code}:{mine}{'~' if agree else '≠'}{theirs}")
    if swapped and (conflicts or not agreed):
        return None  # the roles read swapped only when that makes codes agree and none conflict
    return agreed, conflicts, flags


def _compare_places(a: Report, b: Report, rules: LinkRules) -> tuple[str, float | None] | None:
    """Judge two places: (how they agree, distance km), or None when they are apart."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.is_fine(rules) and b.is_fine(rules):
        distance = kilometres(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        return ("distance", distance) if distance <= rules.max_distance_km else None
    if (a.is_fine(rules) or a.is_broad(rules)) and (b.is_fine(rules) or b.is_broad(rules)):
        distance = kilometres(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        return ("area", distance) if distance <= rules.broad_distance_km else None
    return ("country", None) if a.country and b.country else ("unknown", None)


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a new report goes: an existing incident (with the match that justifies it) or a new one."""

    incident: int | None  # store key of the incident joined; None starts a new incident
    match: Match | None = None
    compared_with: str | None = None  # event id of the closest report already in the incident
    members: int = 0  # how many reports the new one was checked against
    candidates: int = 0  # how many incidents the blocking proposed

    def explanation(self) -> dict[str, Any]:
        """Return the audit record stored with the link."""
        if self.incident is None or self.match is None:
            return {"created": True, "candidates": self.candidates}
        return {
            "created": False,
            "candidates": self.candidates,
            "compared_with": self.compared_with,
            "members_checked": self.members,
            **self.match.to_dict(),
        }


def choose(new: Report, candidates: Mapping[int, Sequence[Report]], rules: LinkRules) -> Decision:
    """Pick the incident `new` agrees with best, among those it agrees with in every report."""
    best: Decision | None = None
    for incident, members in candidates.items():
        if any(member.document == new.document for member in members):
            continue  # one article's events were already merged by the extract stage
        matches = [(match, member) for member in members if (match := compare(new, member, rules))]
        if len(matches) < len(members) or not matches:
            continue
        match, member = min(matches, key=lambda pair: pair[0].rank())
        if match.evidence < rules.min_evidence:
            continue
        if best is None or match.rank() < best.match.rank():  # type: ignore[union-attr]
            best = Decision(incident, match, member.event_id, len(members), len(candidates))
    return best or Decision(None, candidates=len(candidates))


# Finest first: an incident shows the most precise place any of its reports gives.
PLACE_PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
UNKNOWN_PRECISION = len(PLACE_PRECISION_RANK)
PLACE_COLUMNS = ("place_text", "place_name", "country", "admin1", "lat", "lon", "place_precision")


def incident_summary(reports: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Summarise an incident's reports, given in the order they were filed: dates, counts, toll ranges, best place.

    Each report maps `event_id` (None for a syndicated copy), `link_date`, `document_id`,
    `fatalities`, `injuries` and the place columns (PLACE_COLUMNS) of its event. The place is
    the finest any event gives, the first filed among equals.
    """
    dates = [row["link_date"] for row in reports if row["link_date"]]
    fatalities = [row["fatalities"] for row in reports if row["fatalities"] is not None]
    injuries = [row["injuries"] for row in reports if row["injuries"] is not None]
    events = [row for row in reports if row["event_id"] is not None]  # a copy has no place of its own
    place = min(events, key=lambda row: PLACE_PRECISION_RANK.get(row["place_precision"], UNKNOWN_PRECISION))
    return {
        "first_date": min(dates, default=None),
        "last_date": max(dates, default=None),
        "reports": len(reports),
        "articles": len({row["document_id"] for row in reports}),
        "fatalities_min": min(fatalities, default=None),
        "fatalities_max": max(fatalities, default=None),
        "injuries_min": min(injuries, default=None),
        "injuries_max": max(injuries, default=None),
        **{column: place[column] for column in PLACE_COLUMNS},
    }


def incident_key(event_id: str) -> str:
    """Name an incident after the event that started it: «<article hash>-e3» gives «<article hash>-i3»."""
    article, _, seq = event_id.rpartition("-e")
    return f"{article}-i{seq}"


class IncidentLinker:
    """Link a stored document's events into incidents, inside the document's own transaction."""

    def __init__(self, store: Store, rules: LinkRules | None = None) -> None:
        self.store = store
        self.rules = rules or LinkRules.load()

    def link_document(self, document_id: int, duplicate_of: str | None = None) -> list[int]:
        """Link one stored document (its events, or as a copy of `duplicate_of`); return the incidents touched."""
        if duplicate_of:
            touched = self._link_copy(document_id, duplicate_of)
        else:
            touched = [self._link_report(Report.from_row(row)) for row in self.store.linkable_events(document_id)]
        self.store.mark_linked(document_id)
        return touched

    def _link_report(self, report: Report) -> int:
        decision = choose(report, self._candidates(report), self.rules)
        link_date = report.date.isoformat() if report.date else None
        incident = decision.incident
        if incident is None:
            incident = self.store.create_incident(incident_key(report.event_id), report.event, link_date)
        self.store.add_incident_report(
            incident,
            report.document,
            event=report.event,
            type=report.type,
            link_date=link_date,
            date_basis=report.date_basis,
            cell=report.cell(self.rules),
            country=report.country,
            link=decision.explanation(),
        )
        if decision.incident is not None:
            self.store.refresh_incident(incident)
        return incident

    def _candidates(self, report: Report) -> dict[int, list[Report]]:
        """Return the reports of the incidents the blocking proposes, grouped by incident in creation order."""
        block = block_of(report, self.rules)
        if block is None:
            return {}
        grouped: dict[int, list[Report]] = {}
        for row in self.store.candidate_reports(block):
            grouped.setdefault(row["incident_id"], []).append(Report.from_row(row))
        return grouped

    def _link_copy(self, document_id: int, original_doc_id: str) -> list[int]:
        """File a syndicated copy as one more report of every incident its original reports."""
        original = self.store.original_document(original_doc_id, document_id)
        if original is None:
            log.info("document %s: copy of %s, which is not stored; not linked", document_id, original_doc_id)
            return []
        touched = self.store.incidents_of_document(original)
        for incident in touched:
            self.store.add_incident_report(
                incident,
                document_id,
                event=None,
                type=None,
                link_date=None,
                date_basis="copy",
                cell=None,
                country=None,
                link={"created": False, "copy_of": original_doc_id, "agreed": ["text"]},
                copy_of=original,
            )
            self.store.refresh_incident(incident)
        return touched


# --- evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairScore:
    """Pairwise linking quality over articles: do two articles report a common incident?"""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> str:
        return (
            f"incident linking: pairwise precision {self.precision:.3f} recall {self.recall:.3f} f1 {self.f1:.3f}"
            f" (tp {self.true_positives}, fp {self.false_positives}, fn {self.false_negatives})"
        )


def pairwise_scores(predicted: Mapping[str, set[str]], gold: Mapping[str, set[str]]) -> PairScore:
    """Score predicted incident memberships of articles against gold groups, over gold articles' pairs.

    Two articles are a positive pair when they share a group; articles absent from `predicted`
    share nothing.
    """
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        linked = bool(predicted.get(a, set()) & predicted.get(b, set()))
        same = bool(gold[a] & gold[b])
        tp += linked and same
        fp += linked and not same
        fn += same and not linked
    return PairScore(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class LinkingGold:
    """Gold incident groups over articles, with the inputs to ingest (in order) to score against them."""

    inputs: tuple[tuple[str, dt.date | None], ...]  # (path relative to the corpus's root, publication date)
    groups: Mapping[str, set[str]]  # article id -> gold incident labels
    types: frozenset[str]  # the PLOVER types the gold incidents have

    @classmethod
    def load(cls, path: str | PathLike[str]) -> LinkingGold:
        """Read a gold file: {"version", "inputs": [{"path", "published"?}], "incidents": {label: {type, articles}}}."""
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        groups: dict[str, set[str]] = {}
        for label, incident in data["incidents"].items():
            for article in incident["articles"]:
                groups.setdefault(article, set()).add(label)
        inputs = tuple(
            (item["path"], dt.date.fromisoformat(item["published"]) if item.get("published") else None)
            for item in data["inputs"]
        )
        types = frozenset(incident["type"] for incident in data["incidents"].values())
        return cls(inputs, groups, types)

    def with_distractors(self, article_ids: Iterable[str]) -> dict[str, set[str]]:
        """Return the gold groups plus each distractor article in a group of its own."""
        groups = {article: set(labels) for article, labels in self.groups.items()}
        for article in article_ids:
            groups.setdefault(article, {f"distractor:{article}"})
        return groups


def article_incidents(store: Store, types: Iterable[str]) -> dict[str, set[str]]:
    """Return, per stored article id, the incidents of these types it reports (events or copies)."""
    wanted = sorted(types)
    sql = (
        "SELECT d.doc_id, i.key FROM incident_reports r JOIN documents d ON d.id = r.document_id"
        f" JOIN incidents i ON i.id = r.incident_id WHERE i.type IN ({', '.join('?' * len(wanted))})"
    )
    found: dict[str, set[str]] = {}
    for row in store.rows(sql, wanted):
        found.setdefault(row["doc_id"], set()).add(row["key"])
    return found
