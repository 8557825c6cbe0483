"""The event lexicon: trigger words, mode cues and non-event cues, matched with clitics.

Three data files under `rasd/knowledge/data/` hold the knowledge:

- `triggers.tsv`: surface forms (verbs in their conjugations, verbal nouns, broken and sound
  plurals, passives, fixed phrases) with a PLOVER type, a default mode, a part of speech and a
  kind (`event` starts an event; `anaphor` — «العملية», «الحادث» — only joins one already
  reported in the article; `name` — «الحشد الشعبي», «بايدن», or an idiom such as «ضرب مثلا»
  or «مسيرة السلام» — holds a trigger word and blocks it);
- `event_modes.tsv`: words near a trigger that make its mode clear («مفخخة» → explosives),
  with a priority when several apply («هجوم انتحاري بسيارة مفخخة» is a suicide attack);
- `event_cues.tsv`: words that tell a trigger is not a specific current happening (negation,
  question, condition, plan, threat, demand, history, figurative use, ...).

Forms are written in the matching view (`rasd.arabic.normalise`) and normalised again on
load, so a file edited with hamza or ta marbuta still matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.arabic.normalise import normalise
from rasd.knowledge.morphology import (
    CONJUNCTIONS,
    FUTURE,
    IMPERFECT_MARKERS,
    NOUN_PREFIXES,
    NOUN_SUFFIXES,
    VERB_PREFIXES,
    VERB_SUFFIXES,
    Pattern,
    WordMatcher,
)

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

# Indefinite accusatives carry a written alif (tanwin fath): «هجوما», «صاروخا», «قتيلا».
_ACCUSATIVE = frozenset({"ا"})
_NOMINAL_TAILS = NOUN_SUFFIXES | _ACCUSATIVE
# A verb row also lists its verbal nouns («اغتال» and «اغتيال»), so it takes both clitic sets.
_AFFIXES = {
    "verb": (VERB_PREFIXES | NOUN_PREFIXES, VERB_SUFFIXES | _NOMINAL_TAILS),
    "passive": (VERB_PREFIXES, VERB_SUFFIXES),
    "noun": (NOUN_PREFIXES, _NOMINAL_TAILS),
    "phrase": (NOUN_PREFIXES | VERB_PREFIXES, _NOMINAL_TAILS),
}
_BARE = (frozenset({"", "و", "ف"}), frozenset({""}))
_PARTICLES = frozenset({"negation", "question", "conditional"})
# Modal words are whole words too: «اي» with a plural tail would match «آيات» (verses).
_BARE_CATEGORIES = _PARTICLES | {"modal", "demonstrative", "sequel"}

EFFECTS = frozenset(
    {
        "negate",
        "drop",
        "threaten",
        "request",
        "cyber",
        "historical",
        "context",
        "figurative",
        "feature",
        "boundary",
        "reference",
        "refer",
        "accident",
        "crowd",
        "name",
        "needs-force",
    }
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon entry that reports an event of `type`."""

    type: str
    mode: str | None
    pos: str  # verb | passive | noun | phrase
    anaphor: bool  # only refers back to an event reported earlier in the article
    # A name or fixed idiom holding a trigger word («الحشد الشعبي», «ضرب مثلا», «مسيرة السلام»):
    # it blocks the shorter trigger inside it.
    name: bool = False


@dataclass(frozen=True, slots=True)
class ModeCue:
    """A word that makes an event's mode clear, with its priority among competing cues."""

    type: str
    mode: str
    priority: int


@dataclass(frozen=True, slots=True)
class Cue:
    """A word that tells a trigger is not a specific, current, reported happening."""

    category: str
    scope: str  # before | sentence
    effect: str


def _rows(name: str) -> Iterator[list[str]]:
    """Yield the data rows of a versioned TSV file (after its `# version` line and header)."""
    text = resources.files("rasd.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not text.startswith("# version:"):
        raise ValueError(f"{name}: first line must be '# version: N'")
    for line in lines[1:]:
        yield line.split("\t")


def _forms(field: str) -> list[str]:
    return sorted({normalise(form.strip()) for form in field.split("|") if form.strip()})


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """The three matchers of the event lexicon, built once."""

    triggers: WordMatcher[Trigger]
    modes: WordMatcher[ModeCue]
    cues: WordMatcher[Cue]

    @classmethod
    @cache
    def load(cls) -> EventLexicon:
        """Read the data files and build the matchers."""
        return cls(_trigger_matcher(), _mode_matcher(), _cue_matcher())


def _trigger_matcher() -> WordMatcher[Trigger]:
    patterns: dict[str, Pattern[Trigger]] = {}
    for forms, type_, mode, pos, kind in _rows("triggers.tsv"):
        if type_ not in PLOVER_TYPES or pos not in _AFFIXES or kind not in {"event", "anaphor", "name"}:
            raise ValueError(f"triggers.tsv: bad row {forms[:30]!r} {type_} {pos} {kind}")
        trigger = Trigger(type_, None if mode == "-" else mode, pos, kind == "anaphor", kind == "name")
        prefixes, suffixes = _AFFIXES[pos]
        for form in _forms(forms):
            # The first row naming a form wins: a form belongs to one type.
            patterns.setdefault(form, Pattern(form, trigger, _with_moods(form, pos, prefixes), suffixes))
    return WordMatcher.build(patterns.values())


def _with_moods(form: str, pos: str, prefixes: frozenset[str]) -> frozenset[str]:
    """Add the future «س» and the «ل» of purpose to an imperfect verb form the lexicon lists
    with its person marker («يستهدف» → «سيستهدف», «وستستهدف», «ليستهدف»)."""
    if pos not in {"verb", "passive"} or " " in form or not form.startswith(IMPERFECT_MARKERS) or len(form) < 4:
        return prefixes
    return prefixes | {conj + mood for conj in ("", *CONJUNCTIONS) for mood in (FUTURE, "ل")}


def _mode_matcher() -> WordMatcher[ModeCue]:
    patterns: list[Pattern[ModeCue]] = []
    for forms, type_, mode, priority in _rows("event_modes.tsv"):
        cue = ModeCue(type_, mode, int(priority))
        patterns.extend(Pattern(form, cue, NOUN_PREFIXES, _NOMINAL_TAILS) for form in _forms(forms))
    return WordMatcher.build(patterns)


def _cue_matcher() -> WordMatcher[Cue]:
    patterns: list[Pattern[Cue]] = []
    for forms, category, scope, effect in _rows("event_cues.tsv"):
        if effect not in EFFECTS or scope not in {"before", "sentence"}:
            raise ValueError(f"event_cues.tsv: bad row {category} {scope} {effect}")
        cue = Cue(category, scope, effect)
        # Particles («لم», «هل», «لو») take no suffixes: «لمن» is not «لم». Nor do the
        # figurative-context nouns: «الدورية» (a patrol) is not «الدوري» (the league).
        if category in _BARE_CATEGORIES:
            prefixes, suffixes = _BARE
        elif effect == "figurative":
            prefixes, suffixes = NOUN_PREFIXES, frozenset({""})
        else:
            prefixes, suffixes = _AFFIXES["phrase"]
        patterns.extend(Pattern(form, cue, prefixes, suffixes) for form in _forms(forms))
    return WordMatcher.build(patterns)
