"""The map and the timeline, drawn as SVG on the server from the store's aggregates.

The base map is the world outline GeoJSON shipped inside the `countryinfo` package: no
tile server, no third-party JavaScript, nothing fetched at run time. Coordinates are drawn
in an equirectangular projection (x = longitude, y = -latitude) whose x axis is shrunk by
the cosine of the view's middle latitude, so the Levant or the Gulf keep their shape;
zooming is only a choice of SVG viewBox, and the outlines are converted to path data once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd import query
from rasd.query import Filters, PlaceCount, Tally
from rasd.store import Store

# Shown when no selected event has coordinates: the Middle East and North Africa (W,S,E,N).
DEFAULT_VIEW = (-18.0, 10.0, 62.0, 42.0)
MIN_SPAN = 8.0  # degrees: never zoom closer than about one small country
PADDING = 0.15  # share of the points' extent added on each side
ASPECT = 2.0  # width / height of the map panel (see .map in rasd.css)
DAY_BUCKET_MONTHS = 3  # a selection spanning at most this many months is counted by day
TIMELINE_WIDTH, TIMELINE_HEIGHT = 800, 140
GRID_CELLS = 80  # the view's width is cut into this many cells; places in one cell share a circle
PICK_MARGIN = 0.05  # degrees added around a circle's places when it is clicked to filter the table


@dataclass(frozen=True, slots=True)
class Outline:
    """One country's outline as SVG path data in degrees (x = longitude, y = -latitude)."""

    code: str
    name: str
    west: float
    south: float
    east: float
    north: float
    path: str
    geometry: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Basemap:
    """The world's country outlines."""

    outlines: tuple[Outline, ...]

    @classmethod
    @cache
    def load(cls) -> Basemap:
        """Read the outlines shipped with countryinfo (once per process)."""
        from countryinfo import CountryInfo

        outlines = []
        for info in CountryInfo.all().values():
            for feature in (info.get("geoJSON") or {}).get("features", []):
                outlines.append(_outline(feature))
        return cls(tuple(sorted(outlines, key=lambda outline: outline.code)))

    def within(self, west: float, south: float, east: float, north: float) -> list[Outline]:
        """Return the outlines whose bounding box meets the given box."""
        return [
            outline
            for outline in self.outlines
            if outline.west <= east and outline.east >= west and outline.south <= north and outline.north >= south
        ]

    def geojson(self) -> dict[str, Any]:
        features = [
            {"type": "Feature", "id": o.code, "properties": {"name": o.name}, "geometry": o.geometry}
            for o in self.outlines
        ]
        return {"type": "FeatureCollection", "features": features}


def _outline(feature: dict[str, Any]) -> Outline:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [ring for polygon in polygons for ring in polygon]
    points = [point for ring in rings for point in ring]
    path = " ".join("M" + " L".join(f"{lon:.2f} {-lat:.2f}" for lon, lat in ring) + " Z" for ring in rings)
    return Outline(
        code=str(feature.get("id", "")),
        name=str(feature.get("properties", {}).get("name", "")),
        west=min(p[0] for p in points),
        south=min(p[1] for p in points),
        east=max(p[0] for p in points),
        north=max(p[1] for p in points),
        path=path,
        geometry=geometry,
    )


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One circle: the places that fall in one grid cell of the view, merged."""

    x: float
    y: float
    r: float
    place: str
    country: str
    places: int  # distinct coordinates merged into this circle
    count: int
    fatalities: int
    href: str


@dataclass(frozen=True, slots=True)
class EventMap:
    """Everything the map template draws: the viewBox, the x scale, outlines and points."""

    view_box: str
    x_scale: float
    outlines: list[Outline]
    points: list[MapPoint]
    stroke: float


Box = tuple[float, float, float, float]  # west, south, east, north


def event_map(places: Sequence[PlaceCount], href: Callable[[Box], str]) -> EventMap:
    """Frame the located events (or the default region), merge nearby places, size circles by events."""
    west, south, east, north = _frame(places)
    x_scale = math.cos(math.radians((south + north) / 2))
    width = (east - west) * x_scale
    radius = width / 160  # the smallest circle: about 0.6 % of the map's width, the largest four times that
    cells = _cells(places, (east - west) / GRID_CELLS)
    peak = max((sum(p.count for p in members) for members in cells), default=1)
    points = [
        MapPoint(
            x=round(lon * x_scale, 4),
            y=round(-lat, 4),
            r=round(radius * (1 + 3 * math.sqrt(count / peak)), 4),
            place=top.place or "?",
            country=top.country or "?",
            places=len(members),
            count=count,
            fatalities=sum(p.fatalities for p in members),
            href=href(_extent(members)),
        )
        for members in cells
        for top in [max(members, key=lambda p: p.count)]
        for count in [sum(p.count for p in members)]
        for lon, lat in [_centre(members)]
    ]
    points.sort(key=lambda point: -point.count)  # big circles first, small ones drawn on top
    view_box = f"{west * x_scale:.4f} {-north:.4f} {width:.4f} {north - south:.4f}"
    outlines = Basemap.load().within(west - 1, south - 1, east + 1, north + 1)
    return EventMap(view_box, round(x_scale, 6), outlines, points, round(width / 800, 5))


def _cells(places: Sequence[PlaceCount], size: float) -> list[list[PlaceCount]]:
    """Group places by grid cell of `size` degrees, so a large store still draws a few hundred circles."""
    cells: dict[tuple[int, int], list[PlaceCount]] = {}
    for place in places:
        cells.setdefault((math.floor(place.lon / size), math.floor(place.lat / size)), []).append(place)
    return list(cells.values())


def _centre(members: Sequence[PlaceCount]) -> tuple[float, float]:
    total = sum(p.count for p in members)
    return sum(p.lon * p.count for p in members) / total, sum(p.lat * p.count for p in members) / total


def _extent(members: Sequence[PlaceCount]) -> Box:
    """Return the members' bounding box, padded a little so a single place is selectable."""
    return (
        min(p.lon for p in members) - PICK_MARGIN,
        min(p.lat for p in members) - PICK_MARGIN,
        max(p.lon for p in members) + PICK_MARGIN,
        max(p.lat for p in members) + PICK_MARGIN,
    )


def _frame(places: Sequence[PlaceCount]) -> tuple[float, float, float, float]:
    """Return W,S,E,N around the places, padded, at least MIN_SPAN wide, in the panel's aspect."""
    if not places:
        west, south, east, north = DEFAULT_VIEW
    else:
        west, east = min(p.lon for p in places), max(p.lon for p in places)
        south, north = min(p.lat for p in places), max(p.lat for p in places)
        pad_x = max((east - west) * PADDING, (MIN_SPAN - (east - west)) / 2, 0)
        pad_y = max((north - south) * PADDING, (MIN_SPAN / ASPECT - (north - south)) / 2, 0)
        west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    x_scale = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * x_scale, north - south
    if width < height * ASPECT:  # too tall: widen
        extra = (height * ASPECT / x_scale - (east - west)) / 2
        west, east = west - extra, east + extra
    else:  # too wide: heighten
        extra = (width / ASPECT - height) / 2
        south, north = south - extra, north + extra
    return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)


# --- timeline ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class Timeline:
    bucket: str  # day | month
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    peak: int
    width: int = TIMELINE_WIDTH
    height: int = TIMELINE_HEIGHT


def timeline_bucket(filters: Filters, store: Store) -> str:
    """Count by day when the selected events span a few months at most, else by month."""
    months = [item.key for item in query.tally(store, filters, "month") if item.key]
    return "day" if len(months) <= DAY_BUCKET_MONTHS and _months_apart(months) < DAY_BUCKET_MONTHS else "month"


def _months_apart(months: list[str]) -> int:
    if not months:
        return 0
    first, last = _month(months[0]), _month(months[-1])
    return (last.year - first.year) * 12 + last.month - first.month


def _month(key: str) -> dt.date:
    return dt.date(int(key[:4]), int(key[5:7]), 1)


def timeline(tallies: Sequence[Tally], bucket: str, href: Callable[[dt.date, dt.date], str]) -> Timeline:
    """Lay out one bar per day or month from the first to the last dated event, gaps included."""
    counts = {item.key: item.count for item in tallies if item.key}
    if not counts:
        return Timeline(bucket, [], [], 0)
    periods = _periods(min(counts), max(counts), bucket)
    peak = max(counts.values())
    slot = TIMELINE_WIDTH / len(periods)
    plot = TIMELINE_HEIGHT - 20  # leave room for the tick labels
    bars = []
    for index, (key, start, end) in enumerate(periods):
        count = counts.get(key, 0)
        height = plot * count / peak
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.1, 2),
                y=round(plot - height, 2),
                width=round(max(slot * 0.8, 0.5), 2),
                height=round(height, 2),
                label=key,
                count=count,
                href=href(start, end),
            )
        )
    step = max(1, len(periods) // 6)
    ticks = [(round(index * slot + slot / 2, 2), periods[index][0]) for index in range(0, len(periods), step)]
    return Timeline(bucket, bars, ticks, peak)


def _periods(first: str, last: str, bucket: str) -> list[tuple[str, dt.date, dt.date]]:
    """Return (key, first day, last day) for every day or month from `first` to `last`."""
    periods = []
    if bucket == "day":
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            periods.append((day.isoformat(), day, day))
            day += dt.timedelta(days=1)
        return periods
    month, end = _month(first), _month(last)
    while month <= end:
        days = calendar.monthrange(month.year, month.month)[1]
        periods.append((month.isoformat()[:7], month, month.replace(day=days)))
        month = (month + dt.timedelta(days=days)).replace(day=1)
    return periods
