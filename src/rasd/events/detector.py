"""Decide whether a sentence reports a specific ASSAULT or PROTEST, with learned weights.

A sentence that merely holds a conflict word is not an event: background history, generic
statements, statistics, figurative uses and the like outnumber reports of specific
happenings in news text. For the two types with judged data (ASSAULT, PROTEST) a logistic
regression over lexicon features (which trigger, which mode, which non-event cue, where the
cue stands, the trigger's neighbours and position) weighs the evidence. Bags of words were
tried and dropped: they did not raise the cross-validated figures and tie the weights to the
wording of 2006-2008 wire news. Its weights live in
`model/detector.json`, fitted by `tools/fit_detector.py` on the development gold of
`../shared/eval` (openeventdata/arabic_event_gsr and UniversalPetrarch validation sentences,
MIT licence; ANT corpus negatives); the data itself is not shipped.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rasd.events.triggers import Cue, ModeCue, Trigger
from rasd.knowledge.morphology import WordMatch

DETECTED_TYPES = ("ASSAULT", "PROTEST")
# A cue counts as governing a trigger when at most this many words stand between them
# («لم تسفر عن سقوط قتلى»: «لم» governs «قتلى» three words on).
BEFORE_WINDOW = 4
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class SentenceReading:
    """What the lexicon found in one sentence, in matching-view offsets."""

    text: str  # matching view of the whole document
    start: int
    end: int
    triggers: tuple[WordMatch[Trigger], ...]
    modes: tuple[WordMatch[ModeCue], ...]
    cues: tuple[WordMatch[Cue], ...]
    # The governing cues by trigger start: rules and detector features ask for them again.
    _governing: dict[int, list[WordMatch[Cue]]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def sentence(self) -> str:
        return self.text[self.start : self.end]

    def words_between(self, left: int, right: int) -> int:
        """Count the words standing between view offsets `left` and `right`."""
        return len(_WORD.findall(self.text, left, right)) if left < right else 0

    def right_before(self, hit: WordMatch[Trigger]) -> list[WordMatch[Cue]]:
        """Return the cues that end right before `hit`, no word between («ردا على الهجمات»)."""
        return [
            c for c in self.cues if c.word_end <= hit.word_start and self.words_between(c.word_end, hit.word_start) == 0
        ]

    def governing(self, hit: WordMatch[Trigger]) -> list[WordMatch[Cue]]:
        """Return the cues that govern `hit`: sentence-wide ones, and near ones before it."""
        found = self._governing.get(hit.word_start)
        if found is None:
            found = self._governing[hit.word_start] = [
                cue for cue in self.cues if cue.value.scope == "sentence" or self._near_before(cue, hit)
            ]
        return list(found)

    def _near_before(self, cue: WordMatch[Cue], hit: WordMatch[Trigger]) -> bool:
        return cue.word_end <= hit.word_start and self.words_between(cue.word_end, hit.word_start) <= BEFORE_WINDOW


def features(reading: SentenceReading, event_type: str) -> list[str]:
    """Return the detector's features for `event_type` in one sentence."""
    own = [t for t in reading.triggers if t.value.type == event_type and not t.value.anaphor]
    feats = {"bias"}
    for hit in own:
        feats.add("t:" + hit.key)
        if hit.value.pos == "passive":
            feats.add("passive")
        for cue in reading.governing(hit):
            feats.add("cb:" + cue.value.category if cue.value.scope == "before" else "c:" + cue.value.category)
        feats.update(_context(reading, hit))
    feats.update("c:" + cue.value.category for cue in reading.cues)
    feats.update("m:" + m.value.mode for m in reading.modes if m.value.type == event_type)
    feats.update("o:" + t.value.type for t in reading.triggers if t.value.type != event_type)
    feats.add(f"n:{min(len(own), 3)}")
    sentence = reading.sentence
    if _DIGITS.search(sentence):
        feats.add("digits")
    if "؟" in sentence or "?" in sentence:
        feats.add("qmark")
    feats.add(f"len:{min(len(_WORD.findall(sentence)) // 10, 5)}")
    return sorted(feats)


def _context(reading: SentenceReading, hit: WordMatch[Trigger]) -> list[str]:
    """Return features of the trigger's surroundings: its neighbours and its position.

    A reported happening usually stands in a main clause near the start («قتل 20 شخصا»);
    a mention inside a noun phrase («جريمة اغتيال الحريري», «تطورات اغتيال») refers to
    one reported elsewhere.
    """
    before = _WORD.findall(reading.text, reading.start, hit.word_start)
    after = _WORD.search(reading.text, hit.word_end, reading.end)
    prefix = reading.text[hit.word_start : hit.start]
    out = [f"pos:{min(len(before) // 4, 4)}", "prefix:" + prefix]
    if not before and hit.value.pos in {"verb", "passive"} and prefix in {"", "و", "ف"}:
        out.append("opens")  # «اختطف مسلحون ...»: the event verb opens the sentence
    if before:
        out.append("prev:" + _bare(before[-1]))
    if after:
        out.append("next:" + _bare(after.group()))
    for cue in reading.cues:
        if cue.word_end <= hit.word_start and _at_most_one_word(reading.text, cue.word_end, hit.word_start):
            out.append("near:" + cue.value.category)
    return out


def _at_most_one_word(text: str, left: int, right: int) -> bool:
    """Tell whether at most one word stands in text[left:right], reading no further than a second."""
    return next(itertools.islice(_WORD.finditer(text, left, right), 1, None), None) is None


def _bare(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


@dataclass(frozen=True, slots=True)
class TypeModel:
    """Weights and decision threshold for one event type."""

    weights: dict[str, float]
    threshold: float

    def probability(self, feats: Iterable[str]) -> float:
        z = sum(map(self.weights.get, feats, itertools.repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True, slots=True)
class Detector:
    """The learned gate for ASSAULT and PROTEST."""

    models: dict[str, TypeModel]

    @classmethod
    @cache
    def load(cls) -> Detector:
        """Read the fitted weights shipped with the package."""
        path = resources.files("rasd.events").joinpath("model", "detector.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != 1:
            raise ValueError(f"detector.json: unsupported version {data.get('version')!r}")
        models = {
            name: TypeModel(dict(spec["weights"]), float(spec["threshold"])) for name, spec in data["types"].items()
        }
        return cls(models)

    def accepts(self, reading: SentenceReading, event_type: str) -> bool:
        """Tell whether the sentence reports a specific event of `event_type`."""
        model = self.models.get(event_type)
        if model is None:
            return True
        return model.probability(features(reading, event_type)) >= model.threshold
