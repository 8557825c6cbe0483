"""Date expressions in Arabic news, resolved against the publication date.

Arabic reports date events relative to the day they are published: «اليوم الجمعة», «أمس»,
«الأحد الماضي», «قبل يومين», «27 ديسمبر الماضي». rasd resolves each expression against
`Document.published` and never invents: with no publication date a relative expression stays
unresolved, and an event is never given a date after publication (a reported event is past).

A `DateMention` is a period: `date` is its first day and `precision` its length (day, week,
month, year; span for a vague stretch such as «في السنوات الأخيرة», with no date). A day dates
an event; a month or year in the event's own clause dates it to that month or year (the
event's `date_precision`); every mention tells whether the event is background history (ended
more than `HISTORICAL_DAYS` before publication).

Conventions (chosen, documented here, tested):
- a bare weekday («الجمعة», «يوم الجمعة», «مساء الجمعة») is the latest such day on or before
  publication; with «الماضي» it is strictly before; «اليوم الجمعة» is the latest Friday on or
  before publication (the publication day itself when it is a Friday).
- «الليلة الماضية» / «ليلة أمس» is the day before publication.
- «الأسبوع الماضي» is the week ending the day before publication (precision week).
- a day and month without a year take the latest year that does not put them after
  publication, unless «المقبل» says otherwise.
- «منتصف يوليو» has month precision; a numeric date «26/2/2021» is day/month/year, and
  «2021/2/26» is year/month/day.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

import ahocorasick
from hijridate import Hijri

from rasd.arabic.normalise import MatchView, normalise
from rasd.arabic.numbers import NumberLexicon, read_table, tokens
from rasd.model import Document, Event, Span

log = logging.getLogger(__name__)

DAY, WEEK, MONTH, YEAR, SPAN = "day", "week", "month", "year", "span"
# The scorer and the ontology call an event background history when it is over ~30 days old.
HISTORICAL_DAYS = 30
# Clitics that may stand before a date word: «والجمعة», «وفي», «بالأمس».
CLITIC = r"(?:[وف]?(?:ب|ل(?!ل))?)"
CLITIC_LETTERS = frozenset("وفبل")
MAX_CLITIC = 2
# Markers that a sentence tells an earlier or another happening, so it must not take the
# lead's date: «وكان … قد», «في وقت سابق», «سابقا», «سبق أن», «هجمات مشابهة/مماثلة».
EARLIER = re.compile(
    r"(?<!\w)(?:وكان|وكانت|كان|كانت)(?!\w)[^.،؛]*?(?<!\w)قد(?!\w)|في وقت سابق|سابقا|سبق ان|(?<!\w)(?:مشابه|مماثل)"
)
_DIGIT = re.compile(r"\d")


# What ends a clause inside a sentence: a date is read with the verb of its own clause
# («هجوما … في 20 يناير، وسيطرت على المدينة في 18 مارس»).
CLAUSE_BREAK = re.compile(r"[،,؛;:.!?()\"«»]|(?<!\w)(?:فيما|بينما|في حين|كما|حيث)(?!\w)")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its display span and text, and the period it names.

    `date` is the first day of the period (None when it cannot be resolved, e.g. a relative
    expression without a publication date); `precision` is day, week, month or year; `kind`
    is how it was written: date, numeric, weekday, relative, ago, month, year, hijri.
    """

    span: Span
    text: str
    kind: str
    precision: str
    date: dt.date | None

    @property
    def last_day(self) -> dt.date | None:
        """Return the last day of the period."""
        if self.date is None:
            return None
        if self.precision == WEEK:
            return self.date + dt.timedelta(days=6)
        if self.precision == MONTH:
            following = dt.date(self.date.year + self.date.month // 12, self.date.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if self.precision == YEAR:
            return dt.date(self.date.year, 12, 31)
        return self.date


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # matching-view offsets
    end: int
    kind: str
    precision: str
    date: dt.date | None


Resolver = Callable[[re.Match[str], dt.date | None], "_Candidate | None"]


@dataclass(frozen=True, slots=True)
class DateGrammar:
    """The compiled date patterns and the words behind them, built once by `load()`."""

    months: dict[str, tuple[int, str, bool]]  # name → (month, system, ambiguous)
    weekdays: dict[str, int]
    offsets: dict[str, int]
    periods: dict[str, tuple[str, str]]
    directions: dict[str, str]
    units: dict[str, int]
    ordinals: dict[str, int]  # «العاشر» → 10, «الحادي والعشرين» → 21
    patterns: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, resolver name)
    # The words one of which every match of a pattern holds (a month name, a weekday …), by
    # resolver name: most sentences name no date, and one scan for these words spares them
    # the eight patterns.
    anchors: ahocorasick.Automaton

    @classmethod
    @cache
    def load(cls) -> DateGrammar:
        """Load months.tsv and date_terms.tsv and compile the patterns."""
        months = {normalise(n): (int(m), system, flag == "1") for n, m, system, flag in read_table("months.tsv")}
        kinds: dict[str, dict[str, tuple[str, str]]] = {}
        for term, kind, value, direction in read_table("date_terms.tsv"):
            kinds.setdefault(kind, {})[normalise(term)] = (value, direction)
        weekdays = {t: int(v) for t, (v, _) in kinds["weekday"].items()}
        offsets = {t: int(v) for t, (v, _) in kinds["offset"].items()}
        periods = {t: (v, d) for t, (v, d) in kinds["period"].items()}
        directions = {t: d for t, (_, d) in kinds["direction"].items()}
        units = {t: int(v) for t, (v, _) in kinds["unit"].items()}
        dayparts = list(kinds["daypart"])
        ordinals = {t: int(v) for t, (v, _) in kinds["ordinal"].items()}
        patterns = _compile(months, weekdays, offsets, periods, directions, units, dayparts, ordinals)
        anchors = _anchors({"_month": months, "_weekday": weekdays, "_offset": offsets, "_period": periods})
        return cls(months, weekdays, offsets, periods, directions, units, ordinals, patterns, anchors)

    def _present(self, text: str, start: int, stop: int) -> set[str]:
        """Name the patterns that can match in a range: those whose anchor words occur in it.

        Every pattern has its anchor word whole, after at most a clitic («والجمعة», «بالأمس»):
        a hit inside a longer word («اب» of «آب» in «الانتخابات») anchors nothing.
        """
        names: set[str] = set()
        for last, (size, found) in self.anchors.iter(text, start, stop):
            first = last - size + 1
            if last + 1 < len(text) and text[last + 1].isalpha():
                continue
            lead = first
            while lead > first - MAX_CLITIC and lead > 0 and text[lead - 1] in CLITIC_LETTERS:
                lead -= 1
            if lead > 0 and text[lead - 1].isalpha():
                continue
            names.update(found)
        if "_month" in names:
            names.update(("_day_month", "_ordinal_day"))
        if _DIGIT.search(text, start, stop):
            names.update(("_numeric", "_year"))
        return names

    def find(self, text: str, published: dt.date | None, start: int = 0, end: int | None = None) -> list[_Candidate]:
        """Return non-overlapping date candidates in a matching-view range, longest first."""
        stop = len(text) if end is None else end
        found: list[_Candidate] = []
        present = self._present(text, start, stop)
        if not present:
            return found
        for pattern, name in self.patterns:
            if name not in present:
                continue
            resolver: Resolver = getattr(self, name)
            for m in pattern.finditer(text, start, stop):
                candidate = resolver(m, published)
                if candidate is not None:
                    found.append(candidate)
        found.sort(key=lambda c: (c.start - c.end, c.start))
        taken: list[_Candidate] = []
        for c in found:
            if all(c.end <= t.start or t.end <= c.start for t in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        return taken

    # -- resolvers (one per pattern) -------------------------------------------------------

    def _day_month(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«26 شباط/فبراير 2021», «27 ديسمبر الماضي», «15 رمضان 1442 هـ»."""
        return self._on_day(m, int(m["day"]), published)

    def _ordinal_day(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«العاشر من مايو», «الحادي والعشرين من آذار», «ليلة التاسع والعاشر من أيار/مايو» (the later day)."""
        return self._on_day(m, self.ordinals[_key(m["o2"] or m["o1"])], published)

    def _on_day(self, m: re.Match[str], day: int, published: dt.date | None) -> _Candidate | None:
        month, system, _ = self.months[_key(m["m1"])]
        partner = self.months.get(_key(m["m2"])) if m["m2"] else None
        if partner is not None and partner[0] != month and system != "hijri":
            return None  # «مارس/أبريل» is a span of months, not one date
        year = int(m["year"]) if m["year"] else None
        if system == "hijri":
            return self._hijri(m, day, month, year)
        direction = self.directions.get(m["dir"] or "", "")
        when = _day_in_year(year, month, day, published, direction)
        if year is None and published is None:
            return _Candidate(m.start(), m.end(), "date", DAY, None)
        return None if when is None else _Candidate(m.start(), m.end(), "date", DAY, when)

    def _hijri(self, m: re.Match[str], day: int, month: int, year: int | None) -> _Candidate | None:
        if year is None or not 1300 <= year <= 1500:
            return None
        try:
            when = Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return _Candidate(m.start(), m.end(), "hijri", DAY, dt.date(when.year, when.month, when.day))

    def _numeric(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«26/2/2021» (day first) or «2021/2/26» (year first)."""
        a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
        if len(m["a"]) == 4:
            year, month, day = a, b, c
        elif len(m["c"]) == 4:
            day, month, year = a, b, c
        else:
            return None
        try:
            return _Candidate(m.start(), m.end(), "numeric", DAY, dt.date(year, month, day))
        except ValueError:
            return None

    def _month(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«منتصف يوليو (تموز)», «أغسطس الماضي», «شهر مارس 2018», «في تموز»."""
        month, system, ambiguous = self.months[_key(m["m1"])]
        partner = self.months.get(_key(m["m2"])) if m["m2"] else None
        if system == "hijri" or (partner is not None and partner[0] != month):
            return None
        direction = self.directions.get(m["dir"] or "", "")
        if ambiguous and not (m["year"] or direction or m["shahr"] or partner):
            return None
        if not (m["year"] or direction or m["part"] or m["shahr"] or partner):
            return None  # a bare month name is too weak to mark a date
        year = int(m["year"]) if m["year"] else None
        if year is None:
            if published is None:
                return _Candidate(m.start(), m.end(), "month", MONTH, None)
            year = published.year
            if month > published.month or (direction == "past" and month == published.month):
                year -= 1
            if direction == "future" and month <= published.month:
                year += 1
        return _Candidate(m.start(), m.end(), "month", MONTH, dt.date(year, month, 1))

    def _year(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«عام 2003», «في 2016»."""
        return _Candidate(m.start(), m.end(), "year", YEAR, dt.date(int(m["year"]), 1, 1))

    def _weekday(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«اليوم الجمعة», «الأحد الماضي», «مساء الخميس», «يوم الاثنين المقبل»."""
        weekday = self.weekdays[m["wd"]]
        direction = self.directions.get(m["dir"] or "", "")
        if published is None:
            return _Candidate(m.start(), m.end(), "weekday", DAY, None)
        back = (published.weekday() - weekday) % 7
        if direction == "past" and back == 0:
            back = 7
        if direction == "future":
            back = -((weekday - published.weekday()) % 7 or 7)
        return _Candidate(m.start(), m.end(), "weekday", DAY, published - dt.timedelta(days=back))

    def _offset(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«أمس», «فجر اليوم», «أمس الأول», «الليلة الماضية»."""
        when = published - dt.timedelta(days=self.offsets[_key(m["off"])]) if published else None
        return _Candidate(m.start(), m.end(), "relative", DAY, when)

    def _period(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«الأسبوع الماضي», «الشهر الماضي», «العام الجاري»."""
        unit, direction = self.periods[_key(m["period"])]
        if unit == SPAN:  # «في السنوات الأخيرة»: several weeks, months or years, not one period
            return _Candidate(m.start(), m.end(), "relative", SPAN, None)
        when = _period_start(unit, direction, published) if published else None
        return _Candidate(m.start(), m.end(), "relative", unit, when)

    def _ago(self, m: re.Match[str], published: dt.date | None) -> _Candidate | None:
        """«قبل يومين», «قبل ثلاثة أيام», «منذ أسبوع»; «قبل أيام» stays unresolved."""
        if m["from"]:  # «قبل خمسة أيام على لقاء»: days before another happening
            return _Candidate(m.start(), m.start("from"), "ago", DAY, None)
        length = self.units[m["unit"]]
        count = 1
        if m["count"]:
            toks = tokens(m.string, m.start("count"), m.end("count"))
            hit = NumberLexicon.load().read(m.string, toks, 0) if toks else None
            if hit is None:
                return None
            if hit[0].value is None:  # «قبل عدة أيام»: a vague count, not datable to the day
                return _Candidate(m.start(), m.end(), "ago", DAY, None)
            count = hit[0].value
        elif length == 1 and m["unit"] in ("ايام", "اسابيع"):
            # «قبل أيام»: some days ago, no number: the event is not datable to the day.
            return _Candidate(m.start(), m.end(), "ago", DAY, None)
        days = count * length
        precision = WEEK if length >= 7 else DAY
        when = published - dt.timedelta(days=days) if published else None
        return _Candidate(m.start(), m.end(), "ago", precision, when)


def _key(written: str) -> str:
    """The lexicon key of a matched date word: patterns let any spaces or line break stand between words."""
    return " ".join(written.split())


def _anchors(words_by_resolver: Mapping[str, Iterable[str]]) -> ahocorasick.Automaton:
    """Index the first word of every date word under the resolvers whose patterns need one.

    «قبل»/«منذ» anchor the «ago» pattern; the digit patterns are told by a digit search.
    """
    table: dict[str, set[str]] = {"قبل": {"_ago"}, "منذ": {"_ago"}}
    for name, words in words_by_resolver.items():
        for word in words:
            table.setdefault(word.split()[0], set()).add(name)
    automaton = ahocorasick.Automaton()
    for word, names in table.items():
        automaton.add_word(word, (len(word), frozenset(names)))
    automaton.make_automaton()
    return automaton


def _alternation(words: object) -> str:
    """Build a regex alternation of matching-view words, longest first, spaces flexible."""
    keys = sorted(words, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


def _compile(
    months: dict[str, tuple[int, str, bool]],
    weekdays: dict[str, int],
    offsets: dict[str, int],
    periods: dict[str, tuple[str, str]],
    directions: dict[str, str],
    units: dict[str, int],
    dayparts: list[str],
    ordinals: dict[str, int],
) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compile the date patterns over the matching view (ASCII digits, folded letters)."""
    month = _alternation(months)
    # A second month name for the same month: «شباط/فبراير», «يوليو (تموز)», «أغسطس،آب».
    monthx = rf"(?P<m1>{month})(?:\s*[/\\(،,\-–]\s*(?P<m2>{month})\s*\)?)?"
    year = r"(?P<year>(?:1[3-9]|20)\d\d)(?!\d)"
    year_tail = rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{year}(?:\s*(?:م|ه|هجري|هجريه|للهجره|ميلادي)(?!\w))?)"
    direction = rf"(?:\s+(?P<dir>{_alternation(directions)}))"
    daypart = rf"(?:(?:{_alternation(dayparts)})\s+)"
    edge = r"(?<![\w/.\-])"
    end = r"(?!\w)"
    day_month = rf"{edge}{CLITIC}(?P<day>[0-3]?\d){end}\s*(?:من\s+)?(?:شهر\s+)?{monthx}{year_tail}?{direction}?{end}"
    ordinal = _alternation(ordinals)
    # «في العاشر من مايو»; «ليلة التاسع والعاشر من أيار» names a night, dated by its later day.
    ordinal_day = (
        rf"{edge}{CLITIC}{daypart}?(?P<o1>{ordinal})(?:\s+و(?P<o2>{ordinal}))?{end}\s+من\s+(?:شهر\s+)?"
        rf"{monthx}{year_tail}?{direction}?{end}"
    )
    numeric = r"(?<![\w/.\-])(?P<a>\d{1,4})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{1,4})(?![\w/.\-])"
    part = r"(?P<part>منتصف|مطلع|اوائل|اواخر|اواسط|نهايه|بدايه|مستهل|غضون|خلال|في)"
    month_only = rf"{edge}{CLITIC}(?:{part}\s+)?(?P<shahr>شهر\s+)?{monthx}(?:{year_tail}|{direction})?{end}"
    year_only = rf"{edge}{CLITIC}(?:عام|العام|سنه|السنه|في)\s+{year}{end}"
    weekday = (
        rf"{edge}{CLITIC}{daypart}?(?:اليوم\s+)?{daypart}?(?:يوم\s+)?(?P<wd>{_alternation(weekdays)}){direction}?{end}"
    )
    # «اليوم» followed by a definite word is another day («اليوم التالي», «اليوم الوطني»).
    offset = rf"{edge}{CLITIC}{daypart}?(?P<off>{_alternation(offsets)}){end}(?!\s+(?:ال\w+|نفسه|ذاته))"
    period = rf"{edge}{CLITIC}(?:خلال\s+|في\s+)?(?P<period>{_alternation(periods)}){end}"
    count = r"(?P<count>\d+|[^\W\d_]+(?:\s+و[^\W\d_]+)?)"
    # «قبل ثلاثة أيام من لقاء …» counts back from another happening, not from publication.
    counted_from = r"(?P<from>\s+(?:من|علي)(?!\w))?"
    ago = rf"{edge}{CLITIC}(?:قبل|منذ)\s+(?:{count}\s+)?(?P<unit>{_alternation(units)}){end}{counted_from}"
    return tuple(
        (re.compile(source), name)
        for source, name in (
            (day_month, "_day_month"),
            (ordinal_day, "_ordinal_day"),
            (numeric, "_numeric"),
            (month_only, "_month"),
            (year_only, "_year"),
            (weekday, "_weekday"),
            (offset, "_offset"),
            (period, "_period"),
            (ago, "_ago"),
        )
    )


def _day_in_year(year: int | None, month: int, day: int, published: dt.date | None, direction: str) -> dt.date | None:
    """Return the date; without a year take the latest one not after publication."""
    if year is not None:
        return _date_or_none(year, month, day)
    if published is None:
        return None
    when = _date_or_none(published.year, month, day)
    if direction == "future" and when is not None and when <= published:
        return _date_or_none(published.year + 1, month, day)
    if direction != "future" and (when is None or when > published):
        # Also 29 February in a non-leap publication year: the latest one is a year back.
        return _date_or_none(published.year - 1, month, day)
    return when


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _period_start(unit: str, direction: str, published: dt.date) -> dt.date:
    """Return the first day of last/this week, month or year."""
    if unit == WEEK:
        return published - dt.timedelta(days=7)
    if unit == MONTH:
        if direction == "past":
            last = published.replace(day=1) - dt.timedelta(days=1)
            return last.replace(day=1)
        return published.replace(day=1)
    return dt.date(published.year - 1 if direction == "past" else published.year, 1, 1)


# -- public API ----------------------------------------------------------------------------


def find_dates(
    view: MatchView, published: dt.date | None, start: int = 0, end: int | None = None
) -> tuple[DateMention, ...]:
    """Return the date expressions in a matching-view range, with display spans."""
    grammar = DateGrammar.load()
    mentions = []
    for c in grammar.find(view.text, published, start, end):
        s, e = view.to_display(c.start, c.end)
        mentions.append(DateMention(Span(s, e), view.display[s:e], c.kind, c.precision, c.date))
    return tuple(mentions)


def resolve_date_expression(text: str, published: dt.date | None) -> DateMention | None:
    """Resolve the first date expression in a short text («الأحد الماضي», «27 ديسمبر الماضي»)."""
    found = find_dates(MatchView.of(text), published)
    return found[0] if found else None


def is_historical(mention: DateMention, published: dt.date | None) -> bool:
    """Tell whether the period ended more than HISTORICAL_DAYS before publication."""
    last = mention.last_day
    if published is None or last is None:
        return False
    return (published - last).days > HISTORICAL_DAYS


@dataclass(frozen=True, slots=True)
class _EventTime:
    date: dt.date | None
    historical: bool
    own: bool  # the date came from the event's own sentence (or one of its mentions)
    precision: str | None = None  # day, month or year when `date` is set


def resolve_dates(doc: Document) -> Document:
    """Give each event the date its clause names, with its precision.

    - The expression nearest the trigger, in its clause first, dates the event: a day, or a
      month or year («الشهر الماضي», «في مارس», «العام الماضي») named in the event's own clause,
      as its first day with `date_precision` month or year. A week or a vague span («خلال
      الأسابيع الماضية») leaves the date null.
    - An event merged from several mentions whose own sentence names no date takes the first
      day one of its other mentions names («قتلوا الجمعة خمسة أشخاص» dates «الهجوم» of the lead).
    - A statement (a verbal PLOVER type: ACCUSE, REQUEST, THREATEN …) whose sentence names no
      date takes the date of its speaker's dated statement: «صرح الرئيس السوري بشار الأسد في
      حوار بثته قناة … الخميس أنه …» dates «كما دعا الأسد الأمريكيين لمغادرة البلاد». The
      date must stand in the reporting part (before «أن/إن» or a colon), outside a relative
      clause («الهجوم الذي وقع الجمعة» dates the attack, not the speaker).
    - Else an event takes the date of the article's lead happening when it continues the lead's
      story (same event type, no «وكان … قد»/«في وقت سابق» marker), or of another event of its
      sentence. The lead is the first happening the article dates: an event with a day of its
      own, or a dated mention of an event's trigger word that no event was read from («عن
      الهجوم، الذي وقع السبت» dates «وأدى الهجوم إلى مقتل 25 شخصا»). Otherwise the date stays
      null: a date after publication is never given.
    """
    if not doc.events or doc.view is None:
        return doc
    dating = _Dating(doc)
    times = [dating.own_time(event) for event in doc.events]
    lead = dating.lead(times) if any(not t.own for t in times) else None
    resolved: list[tuple[dt.date | None, str | None]] = []
    for event, time in zip(doc.events, times, strict=True):
        when: tuple[dt.date | None, str | None] = (time.date, time.precision if time.date else None)
        if not time.own and not event.historical:
            spoken = dating.speaker_date(event) if event.type in VERBAL_TYPES and not event.negated else None
            if spoken is not None:
                when = (spoken, DAY)
            elif lead is not None and _continues(dating, event, lead[0]):
                when = (lead[1], DAY)
        resolved.append(when)
    resolved = _shared_in_sentence(dating, times, resolved)
    events = []
    for event, time, (when, precision) in zip(doc.events, times, resolved, strict=True):
        historical = event.historical or time.historical
        if (event.date, event.date_precision, event.historical) != (when, precision, historical):
            event = replace(event, date=when, date_precision=precision, historical=historical)
        events.append(event)
    return replace(doc, events=tuple(events))


# PLOVER's verbal quad classes (spec/ontology.md): the event is a statement, made when its
# speaker spoke.
VERBAL_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"}
)
# Where a reporting part ends and the reported content begins: «أن/إن» (any pronoun ending,
# «بأن») or a colon (matching view: «ان»).
CONTENT_OPENS = re.compile(r"(?<!\w)[وف]?ب?ان(?:ه|ها|هم|هما|نا|ني)?(?!\w)|:")
# A relative clause: a date after one of these in its clause dates the relative clause's verb.
RELATIVE = re.compile(r"(?<!\w)(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي|اللاتي)(?!\w)")
_WORD = re.compile(r"[^\W\d_]+")
# Words that open a sentence before its verb: «كما دعا الأسد», «بدوره، أكد …».
_OPENERS = frozenset(normalise(w) for w in ("كما", "بدوره", "بدورها", "من", "جهته", "جهتها", "وقد", "فقد", "ثم"))
# How many words after the verb name the speaker («وأشاد رئيس أركان الجيش المصري»).
SUBJECT_WORDS = 4


_UNKNOWN = object()  # a reporting part's day, not looked for yet


@dataclass(slots=True)
class _SpokenHead:
    """The reporting part of a statement sentence: where it lies, its name words, its day."""

    sentence: Span
    match_start: int
    match_end: int
    head_end: int = 0  # where the reporting part ends, with `words`
    words: frozenset[str] | None = None  # its name words, once looked for
    day: object = _UNKNOWN  # dt.date | None once looked for

    @property
    def start(self) -> int:
        return self.sentence.start


class _Dating:
    """One document's sentences, their date expressions and dated reporting parts, found once."""

    def __init__(self, doc: Document) -> None:
        assert doc.view is not None
        self.doc = doc
        self.view = doc.view
        self._mentions: dict[Span, tuple[DateMention, ...]] = {}
        self._bounds: dict[Span, tuple[int, int]] = {}
        self._word_heads: dict[str, list[int]] = {}
        self._subjects: dict[Span, frozenset[str]] = {}
        self._head_starts: list[int] | None = None
        self._heads: list[_SpokenHead] | None = None
        self._places: frozenset[str] | None = None
        sentences = doc.sentences
        ordered = all(a.end <= b.start for a, b in pairwise(sentences))
        self._sentence_starts = [s.start for s in sentences] if ordered else None

    def bounds(self, sentence: Span) -> tuple[int, int]:
        """A sentence's matching-view range (found once)."""
        found = self._bounds.get(sentence)
        if found is None:
            found = self._bounds[sentence] = (self.view.to_match(sentence.start), self.view.to_match(sentence.end))
        return found

    def mentions(self, sentence: Span) -> tuple[DateMention, ...]:
        """The date expressions of a sentence, found once."""
        found = self._mentions.get(sentence)
        if found is None:
            found = self._mentions[sentence] = find_dates(self.view, self.doc.published, *self.bounds(sentence))
        return found

    def sentence_of(self, event: Event) -> Span:
        """The sentence holding the event's trigger (its evidence when unsegmented)."""
        return self.sentence_at(event.trigger or event.evidence, event.evidence)

    def sentence_at(self, span: Span, default: Span | None = None) -> Span:
        """The sentence holding a span's start (`default`, else the span, when none does)."""
        if self._sentence_starts is None:
            return _sentence_at(self.doc, span, default)
        k = bisect_right(self._sentence_starts, span.start) - 1
        if k >= 0 and span.start < self.doc.sentences[k].end:
            return self.doc.sentences[k]
        return default if default is not None else span

    def own_time(self, event: Event) -> _EventTime:
        """The event's time from its own sentence, else from the first dated one of its other mentions."""
        sentence = self.sentence_of(event)
        anchor = event.trigger or event.evidence
        verbal = event.type in VERBAL_TYPES
        time = _own_time(self.doc.text, sentence, anchor, self.mentions(sentence), self.doc.published, verbal)
        if time.own:
            return time
        for mention in event.mentions:
            other = self.sentence_at(mention)
            if other == sentence:
                continue
            found = _own_time(self.doc.text, other, mention, self.mentions(other), self.doc.published, verbal)
            if found.date is not None and found.precision == DAY and not found.historical:
                return found
        return time

    def lead(self, times: list[_EventTime]) -> tuple[str, dt.date] | None:
        """The type and day of the first happening the article dates (an event, or a trigger word)."""
        found: list[tuple[int, str, dt.date]] = [
            (self.sentence_of(event).start, event.type, time.date)
            for event, time in zip(self.doc.events, times, strict=True)
            if time.own and time.date is not None and time.precision == DAY and not time.historical
        ]
        first_own = min(found, default=None)
        found.extend(self._dated_trigger_words(first_own[0] if first_own else None))
        if not found:
            return None
        _, kind, day = min(found)
        return kind, day

    def _dated_trigger_words(self, before: int | None) -> list[tuple[int, str, dt.date]]:
        """Days standing just after a word that names an event elsewhere: «الهجوم، الذي وقع السبت»."""
        words: dict[str, str] = {}
        for event in self.doc.events:
            if event.trigger is not None:
                word = normalise(event.trigger.of(self.doc.text))
                if word.startswith("ال") and " " not in word:  # a definite noun names the happening again
                    words.setdefault(word, event.type)
        if not words:
            return []
        view, published = self.view, self.doc.published
        text = view.text
        found = []
        for sentence in self.doc.sentences:
            if before is not None and sentence.start >= before:
                break
            start, end = self.bounds(sentence)
            segment = text[start:end]
            if not any(word[2:] in segment for word in words):  # «للهجوم» drops the article's «ا»
                continue
            days = [
                m
                for m in self.mentions(sentence)
                if m.precision == DAY
                and m.date is not None
                and (published is None or m.date <= published)
                and not is_historical(m, published)
            ]
            if not days or EARLIER.search(text, start, end):
                continue
            for mention in days:
                at = view.to_match(mention.span.start)
                near = list(_WORD.finditer(text, max(start, at - ATTACHED_REACH), at))[-ATTACHED_WORDS - 1 :]
                kind = next(
                    (
                        words[w]
                        for hit in reversed(near)
                        for w in (hit[0], hit[0][1:])
                        if w in words and _attached(text[hit.end() : at])
                    ),
                    None,
                )
                if kind is not None:
                    found.append((sentence.start, kind, mention.date))
                    break
        return found

    def speaker_date(self, event: Event) -> dt.date | None:
        """The day the speaker of an undated statement spoke, from a dated reporting part naming them."""
        sentence = self.sentence_of(event)
        words = self._subject_words(sentence)
        if not words:
            return None
        heads = self._spoken_heads()
        before = after = None
        # the statement sentences holding a word of the speaker, then its reporting part, then a day
        for k in sorted({k for word in words for k in self._heads_with(word)}):
            head = heads[k]
            if head.start == sentence.start or not (self._head_words(head) & words) or self._head_day(head) is None:
                continue
            if head.start < sentence.start:
                before = head
            else:
                after = head
                break
        chosen = before or after
        return self._head_day(chosen) if chosen is not None else None

    def _heads_with(self, word: str) -> list[int]:
        """The statement sentences whose text holds `word` (found once per word)."""
        found = self._word_heads.get(word)
        if found is None:
            heads, text = self._spoken_heads(), self.view.text
            if self._head_starts is None:
                self._head_starts = [head.match_start for head in heads]
            hits = set()
            at = text.find(word)
            while at >= 0:
                k = bisect_right(self._head_starts, at) - 1
                if k >= 0 and at < heads[k].match_end:
                    hits.add(k)
                at = text.find(word, at + 1)
            found = self._word_heads[word] = sorted(hits)
        return found

    def _head_end(self, start: int, end: int) -> int:
        """Where the reporting part of a matching-view sentence range ends."""
        found = CONTENT_OPENS.search(self.view.text, start, end)
        return found.start() if found else end

    def _subject_words(self, sentence: Span) -> frozenset[str]:
        """The name words just after a sentence's verb (before «أن»/«إن» or a colon): who speaks or acts."""
        found = self._subjects.get(sentence)
        if found is None:
            start, end = self.bounds(sentence)
            text = self.view.text
            words: list[tuple[str, int]] = []
            wanted = 1 + SUBJECT_WORDS  # the verb and the words after it, once the openers are passed
            for hit in _WORD.finditer(text, start, end):
                if not (words or hit[0] not in _OPENERS):
                    continue  # an opener before the verb: «كما دعا …», «بدوره، أكد …»
                words.append((hit[0], hit.end()))
                if len(words) == wanted:
                    break
            if words:
                opens = CONTENT_OPENS.search(text, start, words[-1][1])
                head_end = opens.start() if opens else end
                words = [(w, at) for w, at in words if at <= head_end]
            found = self._subjects[sentence] = self._name_words([w for w, _ in words[1:]])
        return found

    def _name_words(self, words: list[str]) -> frozenset[str]:
        """The words that may name a speaker: not a role, title, function word or place."""
        if self._places is None:
            view = self.view
            self._places = frozenset(
                w
                for p in self.doc.places
                if p.span is not None
                for w in view.text[view.to_match(p.span.start) : view.to_match(p.span.end)].split()
            )
        found = set()
        for word in words:
            name = _name_word(word)
            if name is not None and name not in self._places and word not in self._places:
                found.add(name)
        return frozenset(found)

    def _spoken_heads(self) -> list[_SpokenHead]:
        """The statement sentences (a reporting clause or a verbal event), in order."""
        if self._heads is None:
            spoken = {self.sentence_at(claim.evidence) for claim in self.doc.claims}
            spoken.update(self.sentence_of(e) for e in self.doc.events if e.type in VERBAL_TYPES)
            self._heads = [_SpokenHead(s, *self.bounds(s)) for s in sorted(spoken, key=lambda s: s.start)]
        return self._heads

    def _head_words(self, head: _SpokenHead) -> frozenset[str]:
        """The name words of a sentence's reporting part (found once)."""
        if head.words is None:
            head.head_end = self._head_end(head.match_start, head.match_end)
            head.words = self._name_words(_WORD.findall(self.view.text, head.match_start, head.head_end))
        return head.words

    def _head_day(self, head: _SpokenHead) -> dt.date | None:
        """The day a reporting part names outside a relative clause, if any (looked for once)."""
        if head.day is not _UNKNOWN:
            return head.day  # type: ignore[return-value]
        view, published = self.view, self.doc.published
        head.day = None
        if not EARLIER.search(view.text, head.match_start, head.match_end):
            for m in self.mentions(head.sentence):
                if (
                    m.precision == DAY
                    and m.date is not None
                    and (published is None or m.date <= published)
                    and not is_historical(m, published)
                    and view.to_match(m.span.end) <= head.head_end
                    and not self.in_relative_clause(head.match_start, view.to_match(m.span.start))
                ):
                    head.day = m.date
                    break
        return head.day  # type: ignore[return-value]

    def in_relative_clause(self, sentence_start: int, at: int) -> bool:
        text = self.view.text
        clause_start = sentence_start
        for found in CLAUSE_BREAK.finditer(text, sentence_start, at):
            clause_start = found.end()
        return RELATIVE.search(text, clause_start, at) is not None


@cache
def _generic_words() -> frozenset[str]:
    """Words that name no one in particular: roles, titles, institutions, function words."""
    words = {
        normalise(form)
        for form, cue, *_ in read_table("reporting_sources.tsv")
        if cue in ("role", "honorific", "modifier", "nisba", "anonymous", "institution", "media", "document")
    }
    words.update(normalise(w) for w in _FUNCTION_WORDS.split())
    return frozenset(words | {w[2:] for w in words if w.startswith("ال")} | {"ال" + w for w in words})


_FUNCTION_WORDS = (
    "في على من إلى عن مع بعد قبل خلال حول لدى عند منذ ضد بين أمام حتى عبر دون نحو إثر عقب "
    "أن إن أنه إنه التي الذي الذين هذا هذه ذلك تلك هو هي هم كما قد لم لن لا ما كل بعض أيضا "
    "ثم أو أي بل حيث إذا لو غير عدد عدة وقت يوم اليوم الجيش القوات قوات الحكومة حكومة الدولة "
    "البلاد البلدين الجانبين الجانب مصدر مصادر وزارة الخارجية الدفاع الداخلية بيان دولي وطني شعبي "
    "إسلامي عام عامة"
)


@lru_cache(maxsize=1 << 16)
def _name_word(word: str) -> str | None:
    """A word that may name a speaker («الأسد», «روحاني», «غريفيث», «أركان»), else None."""
    if word[:1] in ("و", "ف") and len(word) > 4:
        word = word[1:]
    generic = _generic_words()
    if len(word) < 3 or word in generic:
        return None
    stem = word[2:] if word.startswith("ال") else word
    for ending in ("يين", "يون", "يه"):
        if stem.endswith(ending):
            stem = stem[: -len(ending)] + "ي"
            break
    if stem in generic:
        return None  # a role or nisba in another form: «الإيرانية», «الأمريكيين»
    if word in DateGrammar.load().weekdays or word in DateGrammar.load().offsets:
        return None
    return word


def _shared_in_sentence(
    dating: _Dating, times: list[_EventTime], resolved: list[tuple[dt.date | None, str | None]]
) -> list[tuple[dt.date | None, str | None]]:
    """Date an undated event by another event of its sentence: «وقتلت القوات ثلاثة من
    المهاجمين، وتمكنت من اعتقال الرابع» tells one moment (a sentence naming no date of its own)."""
    doc = dating.doc
    sentences = [dating.sentence_of(event) for event in doc.events]
    known: dict[Span, dt.date] = {}
    for sentence, time, (when, precision) in zip(sentences, times, resolved, strict=True):
        if when is not None and precision == DAY and not time.own:
            known.setdefault(sentence, when)
    out = []
    for sentence, time, when, event in zip(sentences, times, resolved, doc.events, strict=True):
        if when[0] is None and not time.own and not event.historical and sentence in known:
            when = (known[sentence], DAY)
        out.append(when)
    return out


def _sentence_at(doc: Document, span: Span, default: Span | None = None) -> Span:
    """Return the sentence holding a span's start (`default`, else the span, when none does)."""
    for sentence in doc.sentences:
        if sentence.start <= span.start < sentence.end:
            return sentence
    return default if default is not None else span


def _own_time(
    text: str,
    sentence: Span,
    anchor: Span,
    mentions: tuple[DateMention, ...],
    published: dt.date | None,
    verbal: bool = False,
) -> _EventTime:
    """Pick the mention nearest the anchor, in its clause first.

    A day dates the event anywhere in the sentence; a month or year only in the anchor's own
    clause; a week or vague span never. A date after publication is dropped. A statement is
    not dated by a relative clause after it about something else («أكد الوزير أن أحدا لم يتبن
    الهجوم الذي وقع الجمعة»: Friday is the attack's day).
    """
    if verbal:
        mentions = tuple(m for m in mentions if not _in_relative_clause_after(text, anchor, m.span))
    if not mentions:
        return _EventTime(None, False, False)
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    clause = _clause(breaks, anchor.start)
    nearest = min(mentions, key=lambda m: (_clause(breaks, m.span.start) != clause, _distance(m.span, anchor)))
    when = nearest.date
    if nearest.precision in (MONTH, YEAR):
        if _clause(breaks, nearest.span.start) != clause:
            when = None
    elif nearest.precision != DAY:
        when = None
    if when is not None and published is not None and when > published:
        log.debug("dropped %s: after publication %s", when, published)
        when = None
    return _EventTime(when, is_historical(nearest, published), True, nearest.precision if when else None)


# Relative pronouns as displayed (final «ي» or «ى»).
_RELATIVE_DISPLAY = re.compile(r"(?<!\w)ال(?:ذ[يى]|ت[يى]|ذين|لذين|لتين|لذان|لتان|لواتي|لاتي)(?!\w)")
# A relative pronoun this many words after the trigger may still describe the trigger itself
# («الهجوم الانتحاري، الذي أعلن تنظيم مسؤوليته عنه الجمعة»).
ANTECEDENT_WORDS = 3


def _in_relative_clause_after(text: str, anchor: Span, span: Span) -> bool:
    """Tell whether a date after the anchor stands in a relative clause on another noun."""
    if span.start < anchor.end:
        return False
    clause_start = anchor.end  # the date's clause: a relative clause ends at a clause break
    for found in CLAUSE_BREAK.finditer(text, anchor.end, span.start):
        clause_start = found.end()
    for found in _RELATIVE_DISPLAY.finditer(text, clause_start, span.start):
        if len(text[anchor.end : found.start()].split()) > ANTECEDENT_WORDS:
            return True
    return False


def _clause(breaks: list[int], at: int) -> int:
    return sum(1 for b in breaks if b <= at)


def _distance(a: Span, b: Span) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


# How many words (and characters) may stand between a happening's noun and the day that dates
# it («الهجوم الانتحاري، الذي وقع الجمعة»).
ATTACHED_WORDS = 5
ATTACHED_REACH = 80


def _attached(between: str) -> bool:
    """Tell whether a day after a noun dates it: near, in its clause or a relative clause on it."""
    if len(between.split()) > ATTACHED_WORDS:
        return False
    breaks = list(CLAUSE_BREAK.finditer(between))
    return not breaks or (len(breaks) == 1 and RELATIVE.match(between[breaks[0].end() :].lstrip()) is not None)


def _continues(dating: _Dating, event: Event, lead_type: str) -> bool:
    """Tell whether an undated event carries on the lead happening's story."""
    if event.historical or event.type != lead_type:
        return False
    return EARLIER.search(dating.view.text, *dating.bounds(dating.sentence_of(event))) is None
