"""Source and target of an event from Arabic clause structure.

Given the sentence and the trigger of an event, the actors recognised in the sentence
(`doc.actors`) are read against the trigger:

- a perpetrator is named after «من قبل», «على يد», «برصاص» or a relative verb after a verbal
  noun («هجوم شنه مسلحون»); an actor after «على», «ضد», «استهدف» is acted upon;
- an active verb takes its subject before it (subject-initial clause) or right after it
  (verb-initial V S O), and its object after the subject;
- a passive verb («قُتل», «اغتيل») has no source unless one is marked; its subject, after or
  before it, is the target;
- a verbal noun takes its patient as genitive («اغتيال عماد مغنية», «مقتل سبعة أشخاص»); the
  actor before it in the clause («نجح الجيش في قتل ...») is the source;
- a protest has its participants as source and what they protest against («احتجاجا على»,
  «ضد», «أمام السفارة») as target; with none named, the government of the country where it
  happens, as the ontology page and the gold data code it;
- an actor right after a verb of saying («قالت الشرطة») reports the event and takes no role.

An actor with no country of its own takes the country of a place in the sentence only when it
is the one acted upon (victims where they were struck, the government where people protest)
or when protesters march there; an attack that names no one struck targets the state of the
place it hit («ضربة جوية في سورية» → SYR), as the gold data codes it. Nothing else is guessed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Generic, TypeVar

import ahocorasick

from rasd.arabic.normalise import MatchView
from rasd.knowledge.actors import ActorLexicon
from rasd.model import Actor, Document, Place, Span
from rasd.recognise.actors import place_mentions, same_actor

# Clause edges in the matching view: a verb of a new clause usually follows one of these.
# Quotes and brackets are not edges: they wrap names («كتائب القسام») and asides («(50 كلم)»).
_CLAUSE_EDGE = re.compile(r"[،,;؛:]|\s(?:فيما|بينما|حيث|لكن|الا ان)\s")
_COMMAS = frozenset({"،", ","})
_APPOSITION_GAP = 3
# A time word or a name set off by two commas is an aside, not a clause of its own.
_ASIDE_WORDS = 3
# Sectors of people who demonstrate, and of the authorities they demonstrate against.
PROTESTER_SECTORS = frozenset({"CVL", "EDU", "LAB", "REF", "REL", "OPP", "PTY", "JRN", "HLH", "BUS", "AGR", "MED"})
AUTHORITY_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})
LOCAL_SECTORS = frozenset({"GOV", "LEG", "JUD", "COP"})
# Types whose undiacritised verbs news prose often writes in the passive («قتل 18 شخصا»,
# «اعتقل خمسة»); the others («اتهم», «التقى», «توعد») read active after the verb.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types whose doer named only by a nisba is that state's military («غارة أمريكية», «تعزيزات تركية»);
# «اتهامات إيرانية» are Iran's, with no sector.
ARMED_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
# Sectors of those who carry out violence: a lone one after a verb is its subject.
PERPETRATOR_SECTORS = frozenset({"UAF", "REB", "PRM", "CRM", "MIL", "SPY"})
# Verbal nouns whose genitive is the one acted upon (matching view, without the article).
PATIENT_NOUNS = frozenset(
    {"مقتل", "قتل", "اغتيال", "خطف", "اختطاف", "اصابه", "جرح", "استهداف", "اعتقال", "تعذيب", "مصرع", "تصفيه"}
)
_NOUN_SHAPES = re.compile(r"^(?:ال)?(?:ا..?ت?.ا.|ت..ي.|م.ت.|ا.ت.ا.|است...ا.|ه.و.|ق.ف|غار(?:ه|ات)|ضرب(?:ه|ات))$")
# Weapons named as the trigger («سيارة مفخخة فجرت حافلة»): nouns, never a verb with a subject.
_INSTRUMENTS = frozenset(
    {
        "سياره",
        "سيارتين",
        "سيارات",
        "عبوه",
        "عبوات",
        "قنبله",
        "قنابل",
        "حزام",
        "صاروخ",
        "صواريخ",
        "قذيفه",
        "قذاءف",
        "لغم",
        "الغام",
        "شاحنه",
    }
)
# Form VIII verbs of roots beginning with «ل»: they open with «ال» like a definite noun.
_LAM_VERBS = frozenset({"التقي", "التقت", "التقوا", "التقيا", "التقتا", "التمس", "التمست", "التزم", "التزمت", "التحق"})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي"})
# Words that open what a speaker says («قال الوزير إن ...»): an apposition stops there.
_SAYS_THAT = frozenset({"ان", "انه", "انها", "انهم", "بان", "بانه", "وان", "الي", "عن", "في"})
# A speaker's name or rank between two appositive actors is at most this many words.
_APPOSITION_WORDS = 4
# Words that may stand between a subject and its verb («جنديان قد قتلا», «أشخاص على الأقل قتلوا»).
_SUBJECT_GAP = frozenset({"قد", "علي", "الاقل", "اقل", "تقريبا", "امس", "اليوم", "فقط", "جميعا"})
# Object pronouns on a verb or verbal noun as displayed («خطفهم», «اغتياله», «استهدافها»).
_OBJECT_PRONOUNS = ("هم", "هما", "ها", "ه")
# Direction words between «من» and the place an attack was launched from («من جنوب لبنان»).
_DIRECTIONS = frozenset({"جنوب", "شمال", "شرق", "غرب", "داخل", "جنوبي", "شمالي", "شرقي", "غربي"})
# Pronoun-bearing «من» after a count: the count is part of a group named before.
_PARTITIVES = frozenset({"منهم", "منها", "منهن"})
# What links a result to the act that caused it (matching view).
_RESULTS = ("ادي الي", "اسفر عن", "ادي ذلك الي", "اسفرت عن", "ادت الي")
_SELF_REPORT = frozenset({"انه", "انها", "انهم", "بانه", "بانها", "بانهم", "وانه", "وانها"})
_PASSIVE_SEQUELS = frozenset({"واصيب", "وجرح", "واصيبت", "واصيبوا", "وجرحوا", "قتلوا", "قتلا", "اصيبوا"})
_COUNT_WORDS = frozenset(
    {"من", "نحو", "حوالي", "زهاء", "اكثر", "قرابه", "بعض", "عدد", "عددا", "بينهم", "منهم", "بينها", "احد", "اخرين"}
)
# A verbal noun with a possessive pronoun («زيارته», «لقائه»): the open ta marbuta or the hamza
# before the pronoun shows a noun, not a verb with its object («زاره», «التقاه»).
_POSSESSED_NOUN_ENDINGS = ("ته", "تها", "تهم", "تهما", "ائه", "ائها", "ائهم", "ائهما")
# Verbal nouns that name what befell the victims: who announces them did not do it.
_CASUALTY_NOUNS = frozenset({"مقتل", "مصرع", "اصابه", "جرح", "وفاه", "استشهاد"})
# «أعلن الجيش، صباح الإثنين، اعتقال ...»: the announced act may follow its announcer this far.
_ANNOUNCED_GAP = 3
# Words that introduce the members of a toll («بينهم 12 جنديا»).
_TOLL_LINKS = _PARTITIVES | {"بينهم", "بينها", "بينهما"}
# Words that make the actor after them the group a vaguer head belongs to («جهات ضمن الأجهزة»).
_PART_LINKS = frozenset({"ضمن", "من", "داخل", "في"})
_PROCLITIC = re.compile(r"^(?:و|ف)?(?:ب|ل|لل|بال|ال)?")
_NUMBER_WORD = re.compile(
    r"^\d+$|^(?:و)?(?:ال)?(?:عشر|مء|مئ|ماء|مائ|الف|ال?اف|عشرات|مئات|الاف|احد|اثن|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)"
)


S = TypeVar("S")
# A sentence's actors (with matching-view start and end) and its places (start, end, country).
_SentenceParts = tuple[list[tuple[Actor, int, int]], tuple[tuple[int, int, str], ...]]


@dataclass(frozen=True, slots=True, eq=False)
class _Candidate:
    """An actor of the sentence as a role candidate. Compared by identity: a reading makes one
    per actor mention, and the rules compare candidates dozens of times per event."""

    actor: Actor
    start: int  # matching-view offsets
    end: int


def assign_roles(
    doc: Document, sentence: Span, trigger: Span, *, event_type: str, passive: bool
) -> tuple[Actor | None, Actor | None]:
    """Return (source, target) for an event whose trigger lies in `sentence`."""
    return DocumentRoles(doc)(sentence, trigger, event_type=event_type, passive=passive)


class DocumentRoles:
    """Role assignment for the events of one document.

    What every event of the document reads alike (the actors and places of a sentence, the
    words before an offset) is worked out once here, not once per trigger.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.view = doc.view if doc.view is not None else MatchView.of(doc.text)
        self.lexicon = ActorLexicon.load()
        self.context = _Context(doc, self.view, self.lexicon)

    def __call__(
        self, sentence: Span, trigger: Span, *, event_type: str, passive: bool
    ) -> tuple[Actor | None, Actor | None]:
        """Return (source, target) for an event whose trigger lies in `sentence`."""
        reading = _Reading.of(self.context, sentence, trigger)
        if event_type == "PROTEST":
            source, target = reading.protest()
        elif event_type == "ACCUSE" and reading.trigger_is_noun() and (speaker := reading.speaker()) is not None:
            # «قال الوزير إن الهدف استخدمته المليشيات المسؤولة عن الهجمات»: a blame named by a noun
            # or adjective is the speaker's; the actor it describes is the one accused.
            source, target = reading.action(passive=passive, violent=False, armed=False)
            source, target = speaker, target or source
        else:
            source, target = reading.action(
                passive=passive, violent=event_type in VIOLENT_TYPES, armed=event_type in ARMED_TYPES
            )
            if target is None and event_type == "ASSAULT":
                target = reading.place_as_target()
        if target is not None and target.country is None:
            country = reading.place_country() or self.context.article_country
            if country:
                target = _with_country(target, country)
        if source is not None and source.country is None and source.sector in LOCAL_SECTORS:
            # Police and civil authorities with no nationality of their own are the state's where
            # the event happens («أطلقت قوات مكافحة الشغب الغاز» in an article from Basra → Iraqi
            # police); armies and aircraft are often foreign there, so they are not guessed.
            country = reading.place_country() or self.context.article_country
            if country:
                source = _with_country(source, country)
        return source, target


def _article_country(doc: Document) -> str | None:
    """The country most of the article's places lie in, if one does."""
    counts = Counter(p.country for p in doc.places if p.country)
    if not counts:
        return None
    (country, top), *rest = counts.most_common(2)
    return country if not rest or top > rest[0][1] else None


def _with_country(actor: Actor, country: str) -> Actor:
    return Actor(actor.text, actor.name, country, actor.sector, actor.span)


class _Context:
    """What every trigger of one document reads alike, worked out once per document."""

    def __init__(self, doc: Document, view: MatchView, lexicon: ActorLexicon) -> None:
        self.doc = doc
        self.view = view
        self.lexicon = lexicon
        self.reporting = lexicon.cue("reporting")
        self.objects = lexicon.cue("target_marker") | lexicon.cue("victim_marker") | lexicon.cue("undergo_verb")
        self._actors = _SpanIndex([(a.span, a) for a in doc.actors if a.span is not None])
        self._places = _SpanIndex([(p.span, p) for p in doc.places if p.span is not None and p.country])
        self._located = [(m.start, m.end, m.country) for m in place_mentions(view, lexicon) if m.country]
        self._sentences: dict[Span, _SentenceParts] = {}
        self._preceding: dict[int, tuple[str, str, str, str] | None] = {}
        self._after_saying: dict[int, bool] = {}
        self._sayings: dict[tuple[int, int], list[tuple[int, int, bool]]] = {}

    @cached_property
    def article_country(self) -> str | None:
        return _article_country(self.doc)

    def sentence(self, sentence: Span) -> _SentenceParts:
        """The actors of a sentence (document order, matching-view offsets) and its places."""
        found = self._sentences.get(sentence)
        if found is None:
            found = self._sentences[sentence] = self._read_sentence(sentence)
        return found

    def _read_sentence(self, sentence: Span) -> _SentenceParts:
        view = self.view
        s0, s1 = view.to_match(sentence.start), view.to_match(sentence.end)
        named = self._actors.within(sentence)
        actors = [(a, view.to_match(a.span.start), view.to_match(a.span.end)) for a in named if a.span is not None]
        places = [m for m in self._located if s0 <= m[0] < s1]
        # A country inside an actor's name («سفارة إستونيا») is that actor's country, not where
        # the event happened; a city there («شرطة البصرة») still places the clause unless the
        # actor's own nationality says otherwise («الجنوب العراقي» is not Lebanon's south).
        places += [
            (view.to_match(p.span.start), view.to_match(p.span.end), p.country)
            for p in self._places.within(sentence)
            if p.span is not None
            and p.country
            and not any(_contradicts(p, a) for a in named)
            and not _overlaps(view.to_match(p.span.start), view.to_match(p.span.end), places)
        ]
        return actors, tuple(places)

    def reporting_cue_ends(self, s0: int, s1: int, t0: int) -> list[int]:
        """End offsets of the verbs of saying between the sentence start `s0` and `t0`.

        The words of a sentence are read once; a word that `t0` cuts is read as cut.
        """
        words = self._sayings.get((s0, s1))
        if words is None:
            words = self._sayings[(s0, s1)] = self._saying_words(s0, s1)
        ends = [end for _start, end in words if end <= t0]
        cut = _token_cut(self.view.text, s0, s1, t0)
        if cut is not None and self._says(self.view.text[cut:t0]):
            ends.append(t0)
        return ends

    def _saying_words(self, s0: int, s1: int) -> list[tuple[int, int]]:
        """The words (runs of non-space characters of the sentence) that are verbs of saying.

        A verb of saying holds a reporting cue, so only the words around the cues the
        automaton finds are read, not every word of the sentence.
        """
        text, automaton = self.view.text, _reporting_automaton(self.reporting)
        if automaton is None:
            return []
        found: dict[int, int] = {}
        for last, cue in automaton.iter(text, s0, s1):
            start, end = last + 1 - len(cue), last + 1
            while start > s0 and not text[start - 1].isspace():
                start -= 1
            while end < s1 and not text[end].isspace():
                end += 1
            found[start] = end
        return [(start, end) for start, end in sorted(found.items()) if self._says(text[start:end])]

    def after_saying(self, start: int) -> bool:
        """Tell whether a verb of saying stands right before `start` («قالت الشرطة»)."""
        said = self._after_saying.get(start)
        if said is None:
            said = self._after_saying[start] = _stripped(_word_before(self.view.text, start)) in self.reporting
        return said

    def _says(self, word: str) -> bool:
        return _stripped(word.strip("،,:")) in self.reporting

    def preceded_by(self, start: int, cues: frozenset[str]) -> bool:
        """Tell whether the one or two words before `start`, past any count, are a cue."""
        if start in self._preceding:
            keys = self._preceding[start]
        else:
            keys = self._preceding[start] = _preceding_keys(self.view.text, start)
        return keys is not None and not cues.isdisjoint(keys)


class _SpanIndex(Generic[S]):
    """Records with spans, found by the sentence that contains them, in their original order."""

    def __init__(self, records: list[tuple[Span, S]]) -> None:
        self.records = records
        self.order = sorted(range(len(records)), key=lambda i: records[i][0].start)
        self.starts = [records[i][0].start for i in self.order]

    def within(self, outer: Span) -> list[S]:
        lo = bisect.bisect_left(self.starts, outer.start)
        hi = bisect.bisect_right(self.starts, outer.end)
        inside = sorted(i for i in self.order[lo:hi] if self.records[i][0].end <= outer.end)
        return [self.records[i][1] for i in inside]


@dataclass(slots=True)
class _Reading:
    context: _Context
    view: MatchView
    lexicon: ActorLexicon
    text: str  # the matching view
    sentence: tuple[int, int]
    clause: tuple[int, int]
    trigger: tuple[int, int]
    candidates: list[_Candidate]
    places: list[tuple[int, int, str]]  # matching-view start, end, country
    in_trigger: _Candidate | None  # an actor named by the trigger word itself («الانتحاريين»)
    reporters: list[_Candidate]  # actors right after a verb of saying
    trigger_word: str  # the trigger's last word as displayed (with its ة and ه apart)

    @classmethod
    def of(cls, context: _Context, sentence: Span, trigger: Span) -> _Reading:
        view, lexicon = context.view, context.lexicon
        s0, s1 = view.to_match(sentence.start), view.to_match(sentence.end)
        t0, t1 = view.to_match(trigger.start), view.to_match(trigger.end)
        text = view.text
        candidates = []
        in_trigger = None
        reporters = []
        named, places = context.sentence(sentence)
        for actor, a0, a1 in named:
            if t0 < a0 < t1 < a1:
                # A trigger phrase that ends inside a name («أبلغ الجانب» + «الجانب العراقي»):
                # the actor follows the trigger.
                a0 = t1
            elif a0 < t1 and t0 < a1:
                in_trigger = _Candidate(actor, a0, a1)
                continue
            if context.after_saying(a0):
                reporters.append(_Candidate(actor, a0, a1))
                continue
            candidates.append(_Candidate(actor, a0, a1))
        clause = _clause(text, s0, s1, t0, t1)
        reporters += _appositions(text, context.reporting_cue_ends(s0, s1, t0), reporters, candidates, t0)
        candidates = [c for c in candidates if c not in reporters]
        words = context.doc.text[trigger.start : trigger.end].split()
        return cls(
            context,
            view,
            lexicon,
            text,
            (s0, s1),
            clause,
            (t0, t1),
            candidates,
            list(places),
            in_trigger,
            reporters,
            words[-1].strip("،,.«»()") if words else "",
        )

    # -- reading helpers ---------------------------------------------------------------

    def _in_clause(self, c: _Candidate) -> bool:
        return self.clause[0] <= c.start and c.end <= self.clause[1]

    def before(self) -> list[_Candidate]:
        """Actors before the trigger in its clause, nearest first, leaving out the objects of an
        earlier verb («فتحت الدبابات النار على السكان ودمرت ...»: the tanks destroyed)."""
        objects = self.context.objects
        return sorted(
            (
                c
                for c in self.candidates
                if c.end <= self.trigger[0] and self._in_clause(c) and not self.context.preceded_by(c.start, objects)
            ),
            key=lambda c: -c.start,
        )

    def after(self, *, whole_sentence: bool = False) -> list[_Candidate]:
        """Actors after the trigger (in its clause unless asked), nearest first."""
        return sorted(
            (c for c in self.candidates if c.start >= self.trigger[1] and (whole_sentence or self._in_clause(c))),
            key=lambda c: c.start,
        )

    def _marked(self, kind: str) -> list[_Candidate]:
        cues = self.lexicon.cue(kind)
        return [c for c in self.candidates if self.context.preceded_by(c.start, cues)]

    def perpetrator(self) -> _Candidate | None:
        """An actor the text marks as the doer: «من قبل», «على يد», «هجوم شنه ...».

        The marker may govern a vague head that the actor then specifies: «من قبل جهات ضمن
        الأجهزة الأمنية», «على يد عناصر من الميليشيات».
        """
        cues = self.lexicon.cue("agent_marker")
        vague = [c for c in self.candidates if _preceded_through_part(self.context, c.start, cues)]
        marked = self._marked("agent_marker") + self._marked("agent_verb") + vague
        in_clause = [c for c in marked if self._in_clause(c)]
        if not in_clause and any(c.actor.sector in PERPETRATOR_SECTORS for c in self.before()[:1]):
            # A doer marked in another clause belongs to another act when this clause names an
            # armed subject of its own («سلاح الجو يشن غارة ...، رداً على هجوم شنته حركة الجهاد»).
            return None
        return min(in_clause or marked, key=lambda c: abs(c.start - self.trigger[0]), default=None)

    def patient(self, exclude: _Candidate | None, kind: str = "target_marker") -> _Candidate | None:
        """An actor after «على», «ضد», «استهدف» (or a casualty word) following the trigger.

        The trigger's own clause is read first, then the rest of the sentence («... مما أدى
        إلى مقتل أربعة من عناصر الشرطة»).
        """
        marked = [
            c
            for c in self._marked(kind) + self._users(kind)
            if c.start >= self.trigger[1] and not _same_candidate(c, exclude)
        ]
        in_clause = [c for c in marked if self._in_clause(c)]
        return min(in_clause or marked, key=lambda c: c.start, default=None)

    def _users(self, kind: str) -> list[_Candidate]:
        """Who uses what an attack aimed at: «ضربة جوية على مجمعات يستخدمها متشددون»."""
        if kind != "target_marker":
            return []
        cues = self.lexicon.cue(kind)
        found = []
        for c in self.candidates:
            words = self.text[max(self.sentence[0], c.start - 50) : c.start].split()
            verb_with_object = len(words) >= 3 and words[-1].endswith(("ها", "هم")) and len(words[-1]) >= 5
            if verb_with_object and (_stripped(words[-3]) in cues or words[-3] in cues):
                found.append(c)
        return found

    def casualty(self, exclude: _Candidate | None) -> _Candidate | None:
        """A casualty after the trigger, else one named before it («لقي سبعة أشخاص مصرعهم
        وأصيب ستة آخرون في هجوم»)."""
        after = self.patient(exclude, "victim_marker")
        if after is not None:
            return after
        earlier = [c for c in self._marked("victim_marker") if c != exclude and c.end <= self.trigger[0]]
        return max(earlier, key=lambda c: c.start, default=None)

    def adjacent_after(self) -> _Candidate | None:
        """The actor right after the trigger, past at most a number or two («مقتل سبعة أشخاص»)."""
        for c in self.after():
            words = self.text[self.trigger[1] : c.start].split()
            if len(words) <= 3 and all(_NUMBER_WORD.match(w) or w in _COUNT_WORDS for w in words):
                return c
            return None
        return None

    def trigger_is_noun(self) -> bool:
        return _is_noun(self.text[self.trigger[0] : self.trigger[1]].split()[0])

    def trigger_takes_patient(self) -> bool:
        stem = _PROCLITIC.sub("", self.text[self.trigger[0] : self.trigger[1]].split()[0], count=1)
        return stem in PATIENT_NOUNS

    def nearest_place(self) -> tuple[int, int, str] | None:
        """The place nearest the trigger in the sentence, if any."""
        return min(self.places, key=lambda p: abs(p[0] - self.trigger[0]), default=None)

    def place_country(self) -> str | None:
        place = self.nearest_place()
        return place[2] if place else None

    def place_as_target(self) -> Actor | None:
        """The state of the place struck, when no one struck is named («ضربة جوية في سورية»)."""
        place = self.nearest_place()
        if place is None:
            return None
        start, end = self.view.to_display(place[0], place[1])
        return Actor(text=self.view.display[start:end], country=place[2], span=Span(start, end))

    # -- event kinds -------------------------------------------------------------------

    def action(self, *, passive: bool, violent: bool, armed: bool) -> tuple[Actor | None, Actor | None]:
        """Roles of a one-sided action (ASSAULT, COERCE, ...); `violent` for the types whose
        undiacritised verbs news prose often uses in the passive («قتل 18 شخصا»), `armed` for
        those whose doer named by a nisba is that state's military («غارة أمريكية»)."""
        source = self.perpetrator()
        if source is None and self.in_trigger is not None and _perpetrator_like(self.in_trigger):
            source = self.in_trigger
        before = [c for c in self.before() if c != source]
        after = [c for c in self.after() if c != source and self._outside_relative(c, user_of_object=True)]
        noun = self.trigger_is_noun()
        antecedent = self._object_antecedent(source)
        if antecedent is not None and not violent and self.trigger_word.endswith(_POSSESSED_NOUN_ENDINGS):
            # «ورافق العاهل الأردني خلال زيارته»: on a visit, a meeting or a call the pronoun
            # is the one who acts.
            source, antecedent = antecedent, None
        if antecedent is not None:
            # «خطفهم مقاتلو الطوارق», «لدى خطفهم»: the pronoun on the trigger is the one acted
            # upon and refers back to the actor before it.
            if source is None and not noun:
                source = _first([c for c in after if self._ahead_of_object(c)], antecedent)
            return (_armed(_actor(source)) if armed else _actor(source)), _actor(antecedent)
        target: _Candidate | None = self.undergoer(source) or self._partitive(source)
        if not passive and not noun:
            passive = self._reads_passive_verb(before, after, source, violent=violent)
        if target is not None:
            pass
        elif passive:
            subject = self._passive_subject(before, after)
            if subject is not None and subject in before:
                target = subject  # «جنديان قتلا في هجوم استهدف دوريتهما»: the soldiers, not the patrol
            else:
                target = self.patient(source) or subject or self.casualty(source) or self._victim_further(after)
        elif noun:
            adjacent = self.adjacent_after()
            if adjacent is not None and self.trigger_takes_patient():
                # What the attack aimed at («استهدف دورية للجيش») outranks the toll it took.
                target = self.patient(source) or adjacent
            elif adjacent is not None and source is None and adjacent.actor.sector is None:
                source = adjacent  # «الغارة الإسرائيلية»: a nisba after the noun is its doer
            if source is None and before:
                source = before[0]
            target = target or self.patient(source) or self.casualty(source) or _first(after, source, self.text)
        else:
            if source is None:
                doers = [c for c in after if self._ahead_of_object(c)]
                source = before[0] if before else (self._reporting_subject() or _first(doers, None))
            target = self.patient(source) or _first(after, source, self.text) or self.casualty(source)
        if source is None:
            source = (
                self._reporting_subject()
                or self._orderer(target)
                or self._causer(target)
                or self._any_perpetrator(target)
            )
        if target is not None and source is not None and same_actor(target.actor, source.actor):
            target = None
        doer = self._apposed(source)  # «استقبل الفريق محمد فريد، رئيس أركان الجيش المصري، ...»
        source_actor = (_armed(doer) if armed else doer) or self._launch_site()
        return source_actor, self._apposed(target) or self._unnamed_victim()

    def _apposed(self, target: _Candidate | None) -> Actor | None:
        """A target refined by the office set after its name: «اغتالوا العميد جبار مساعد، مدير
        استخبارات الشرطة في البصرة» — a police brigadier, not an army one."""
        if target is None:
            return None
        following = min((c for c in self.candidates if c.start > target.end), key=lambda c: c.start, default=None)
        if following is None or following.actor.sector is None:
            return target.actor
        gap = self.text[target.end : following.start]
        name, comma, rest = gap.partition("،")
        if not comma or rest.strip() or not 1 <= len(name.split()) <= 3:
            return target.actor
        actor = target.actor
        return Actor(
            actor.text, actor.name, actor.country or following.actor.country, following.actor.sector, actor.span
        )

    def _partitive(self, exclude: _Candidate | None) -> _Candidate | None:
        """The group a count «منهم» refers back to: «لتفريق المتظاهرين، ما أدى إلى إصابة سبعة
        منهم» → the protesters."""
        words = self.text[self.trigger[1] : self.trigger[1] + 30].split()[:3]
        while words and (_NUMBER_WORD.match(words[0]) or words[0] in _COUNT_WORDS - {"منهم", "منها"}):
            words.pop(0)
        if not words or words[0] not in _PARTITIVES:
            return None
        earlier = [c for c in self.candidates if c != exclude and c.end <= self.trigger[0]]
        return max(earlier, key=lambda c: c.start, default=None)

    def _causer(self, target: _Candidate | None) -> _Candidate | None:
        """Who caused a result named after «ما أدى إلى» / «مما أسفر عن»: the subject of the
        clause before («أطلقت قوات مكافحة الشغب الغاز ...، ما أدى إلى إصابة ...»)."""
        lead = " ".join(self.text[self.clause[0] : self.trigger[0]].split()[-3:])
        if not any(lead.endswith(result) for result in _RESULTS):
            return None
        earlier = [c for c in self.candidates if c != target and c.end <= self.clause[0]]
        return min(earlier, key=lambda c: c.start, default=None)

    @staticmethod
    def _victim_further(after: list[_Candidate]) -> _Candidate | None:
        """A group named further on («أدى إلى قتل 4 أشخاص»), never a state named by its capital
        («على الطريق بين الرياض والحويجة») nor a weapon or vehicle («زرعت في طائرة»)."""
        return next((c for c in after if not _names_state(c.actor) and not _perpetrator_like(c)), None)

    def _launch_site(self) -> Actor | None:
        """Where an attack was launched from, when no one is named as its doer: «إطلاق صواريخ
        من جنوب لبنان على مستوطنة» → Lebanon."""
        for start, end, country in self.places:
            if start < self.trigger[1] or not self._in_clause(_Candidate(Actor(""), start, end)):
                continue
            words = self.text[max(self.sentence[0], start - 20) : start].split()
            if words[-1:] == ["من"] or (len(words) >= 2 and words[-2] == "من" and words[-1] in _DIRECTIONS):
                d0, d1 = self.view.to_display(start, end)
                return Actor(text=self.view.display[d0:d1], country=country, span=Span(d0, d1))
        return None

    def _unnamed_victim(self) -> Actor | None:
        """An assassination always strikes a person; one the lexicon does not know («اغتالوا
        مسلم يعقوب البطاط») is coded a civilian."""
        stem = _PROCLITIC.sub("", self.text[self.trigger[0] : self.trigger[1]].split()[0], count=1)
        return Actor(text="", sector="CVL") if stem.startswith(("اغتال", "اغتيل", "اغتيال")) else None

    def _reads_passive_verb(
        self, before: list[_Candidate], after: list[_Candidate], source: _Candidate | None, *, violent: bool
    ) -> bool:
        """Tell whether an undiacritised verb trigger reads passive from the clause around it."""
        if source is not None and source is not self.in_trigger and self._marked_doer(source):
            return True  # «اختطف ضابط على يد مسلحين»: a marked doer makes the verb passive
        if not violent:
            return False  # «اتهم الوزير ...», «التقى الرئيس ...», «توعد الرئيس ...» are active
        if before and self._subject_initial(before[0]):
            return self._reads_passive_subject_first(before[0])
        if not before and after:
            return self._reads_passive(after[0], after[1:])
        return False

    def _marked_doer(self, c: _Candidate) -> bool:
        return self.context.preceded_by(c.start, self.lexicon.cue("agent_marker"))

    def _subject_initial(self, c: _Candidate) -> bool:
        """Tell whether an actor before the trigger is its subject: right before it, past at
        most «قد» or «على الأقل», or before a relative pronoun that introduces it."""
        words = [w for w in self.text[c.end : self.trigger[0]].split() if w.strip("،,")]
        return len(words) <= 3 and all(w in _SUBJECT_GAP or _stripped(w) in _RELATIVES for w in words)

    def _reads_passive_subject_first(self, subject: _Candidate) -> bool:
        """«جنديان إسبانيان قتلا وأصيب ثالث», «سبعة أشخاص قتلوا»: a counted subject with no
        object after the verb, or a verb followed by another passive, reads passive; so does a
        victim introduced by a relative pronoun («النائب الذي قتل مع ...»)."""
        follow = self.text[self.trigger[1] : self.trigger[1] + 30].split()[:3]
        if any(w in _PASSIVE_SEQUELS for w in follow):
            return True
        if self.adjacent_after() is not None:
            return False
        words_before = self.text[max(self.sentence[0], subject.start - 25) : subject.start].split()
        counted = bool(words_before) and (
            bool(_NUMBER_WORD.match(words_before[-1])) or words_before[-1] in _COUNT_WORDS
        )
        relative = any(_stripped(w) in _RELATIVES for w in self.text[subject.end : self.trigger[0]].split())
        return counted or (relative and not _perpetrator_like(subject))

    def _passive_subject(self, before: list[_Candidate], after: list[_Candidate]) -> _Candidate | None:
        """The subject of a passive verb: right before it, or right after it past a count.

        An actor further on, past a preposition («انفجرت عبوة في قرية ...»), is not its subject.
        """
        if before and self._subject_initial(before[0]):
            return self._first_conjunct(before)
        if after and self._near_after(after[0]):
            return after[0]
        return before[0] if before else None

    def _near_after(self, c: _Candidate) -> bool:
        """Tell whether only a count or a time word stands between the trigger and an actor
        («قتل أمس سبعة من عناصر الشرطة»)."""
        words = self.text[self.trigger[1] : c.start].split()
        return len(words) <= 4 and all(_NUMBER_WORD.match(w) or w in _COUNT_WORDS or w in _SUBJECT_GAP for w in words)

    def _first_conjunct(self, before: list[_Candidate]) -> _Candidate:
        """The first of subjects joined by «و» («ضابط شرطة وجنديا من الجيش اختطفا»)."""
        subject = before[0]
        for earlier in before[1:]:
            if self.text[earlier.end : subject.start].strip() != "و":
                break
            subject = earlier
        return subject

    def undergoer(self, exclude: _Candidate | None) -> _Candidate | None:
        """Who survives or suffers the event, named before it: «نجا الوزير من انفجار»,
        «تعرضت وزيرة الدولة لمحاولة اغتيال»."""
        cues = self.lexicon.cue("undergo_verb")
        marked = [
            c
            for c in self.candidates
            if c != exclude and c.end <= self.trigger[0] and self.context.preceded_by(c.start, cues)
        ]
        return max(marked, key=lambda c: c.start, default=None)

    def _object_antecedent(self, source: _Candidate | None) -> _Candidate | None:
        """The actor an object pronoun on the trigger refers back to («خطفهم», «اغتياله»)."""
        word = self.trigger_word
        if not (word.endswith(_OBJECT_PRONOUNS) and len(word) >= 5) or word.endswith("ة"):
            return None
        earlier = [c for c in self.candidates if c != source and c.end <= self.trigger[0] and c.start >= self.clause[0]]
        return max(earlier, key=lambda c: c.start, default=None)

    def _reads_passive(self, first: _Candidate, rest: list[_Candidate]) -> bool:
        """Tell whether an undiacritised verb-initial clause is passive («قتل 18 شخصا»).

        Without vowels «قتل» is both «قَتَل» and «قُتِل». News prose puts a count right after a
        passive verb, coordinates it with another passive («قتل جنديان وأصيب آخرون»), and does
        not make victims (civilians) the subject of a killing.
        """
        words = self.text[self.trigger[1] : self.trigger[1] + 40].split()
        if words and _NUMBER_WORD.match(words[0]):
            return True
        follow = self.text[first.end : first.end + 25].split()[:3]
        if any(w in _PASSIVE_SEQUELS for w in follow):
            return True
        if rest and self._object_after_subject(first, rest[0]):
            return False  # «قتلت القوات الأمنية ثلاثة من المهاجمين»: verb, subject, object
        return not _perpetrator_like(first)

    def _object_after_subject(self, subject: _Candidate, following: _Candidate) -> bool:
        """Tell whether `following` is the object of a verb-initial clause whose subject is
        `subject`: next to it, past a count at most, and not joined to it by «و»."""
        if not self._in_clause(following) or self.text[following.start : following.start + 1] == "و":
            return False
        words = self.text[subject.end : following.start].split()
        return len(words) <= 3 and all(_NUMBER_WORD.match(w) or w in _COUNT_WORDS for w in words)

    def _ahead_of_object(self, c: _Candidate) -> bool:
        """Tell whether an actor after the trigger comes before its object and any relative
        clause: «إطلاق صواريخ على مطار أربيل الذي يضم قوات أمريكية» names no launcher."""
        words = self.text[self.trigger[1] : c.start].split()
        objects = self.lexicon.cue("target_marker")
        return not any(w in _RELATIVES or _stripped(w) in objects or w in objects for w in words)

    def _outside_relative(self, c: _Candidate, *, user_of_object: bool = False) -> bool:
        """Tell whether no relative clause on the trigger's object opens before an actor after
        it: the forces in «... على مطار أربيل الذي تقع قربه قاعدة تضم قوات أمريكية» describe
        the target's surroundings; they are neither its source nor its target.

        With `user_of_object`, the subject right after the relative verb is allowed: the group
        in «ضربات على مواقع تستخدمها جماعة مسلحة» is what the strike aims at.
        """
        objects = self.lexicon.cue("target_marker")
        words = self.text[self.trigger[1] : c.start].split()
        aimed = False
        for i, word in enumerate(words):
            if aimed and _stripped(word) in _RELATIVES:
                return user_of_object and len(words) - i <= 2
            aimed = aimed or word in objects or _stripped(word) in objects
        return True

    def _orderer(self, target: _Candidate | None) -> _Candidate | None:
        """Who ordered the act: «وكان الرئيس الأمريكي قد أمر، في وقت سابق، بتنفيذ ضربات»."""
        orders = self.lexicon.cue("order_verb")
        before = self.text[self.sentence[0] : self.trigger[0]]
        if not any(order in before for order in orders):
            return None  # an order verb holds its cue: most sentences have none
        cursor = len(before)
        for word in reversed(before.split()):
            cursor = before.rfind(word, 0, cursor)  # the word's own place: words hold no space
            bare = word.strip('،,؛:«»"()')
            if _stripped(bare) in orders or bare in orders:
                break
        else:
            return None
        at = self.sentence[0] + cursor
        subjects = [c for c in self.candidates if c != target and c.end <= at]
        objects = [c for c in self.candidates if c != target and at < c.start < self.trigger[0]]
        nearest = max(subjects, key=lambda c: c.start, default=None)
        return nearest or min(objects, key=lambda c: c.start, default=None)

    def speaker(self) -> Actor | None:
        """The actor right after the nearest verb of saying before the trigger, if any."""
        earlier = [c for c in self.reporters if c.end <= self.trigger[0]]
        return _actor(max(earlier, key=lambda c: c.start, default=None))

    def _reporting_subject(self) -> _Candidate | None:
        """A reporter who says it did the act itself: «قال الحلف إنه قتل ...», «أعلن الجيش
        الإسرائيلي، صباح الإثنين، اعتقال 11 مطلوبا» (but «أعلنت الشرطة مقتل خمسة» names victims)."""
        earlier = [c for c in self.reporters if c.end <= self.trigger[0]]
        reporter = max(earlier, key=lambda c: c.start, default=None)
        words = self.text[max(0, self.trigger[0] - 12) : self.trigger[0]].split()
        if words and words[-1] in _SELF_REPORT:
            return reporter
        if reporter is None or not self.trigger_is_noun() or self._trigger_stem() in _CASUALTY_NOUNS:
            return None
        gap = self.text[reporter.end : self.trigger[0]].split()
        return reporter if len(gap) <= _ANNOUNCED_GAP else None

    def _trigger_stem(self) -> str:
        return _PROCLITIC.sub("", self.text[self.trigger[0] : self.trigger[1]].split()[0], count=1)

    def _any_perpetrator(self, target: _Candidate | None) -> _Candidate | None:
        """A violent actor anywhere in the sentence («... بتفجير انتحاري»), when none is placed."""
        pool = [
            c
            for c in self.candidates
            if c != target
            and _perpetrator_like(c)
            and not self._counted(c)
            and (c.end <= self.trigger[0] or self._outside_relative(c))
        ]
        return min(pool, key=lambda c: abs(c.start - self.trigger[0]), default=None)

    def _counted(self, c: _Candidate) -> bool:
        """Tell whether an actor is counted among casualties («مقتل 25 شخصا بينهم 12 جنديا»):
        a toll counts its victims, never its perpetrators."""
        words = self.text[max(self.sentence[0], c.start - 25) : c.start].split()
        return bool(words) and (bool(_NUMBER_WORD.match(words[-1])) or words[-1] in _TOLL_LINKS)

    def protest(self) -> tuple[Actor | None, Actor | None]:
        """Protesters as source; what they protest against (or the government) as target."""
        before, after = self.before(), self.after(whole_sentence=True)
        protesters = [c for c in before + after if c.actor.sector in PROTESTER_SECTORS]
        if self.in_trigger is not None and self.in_trigger.actor.sector in PROTESTER_SECTORS:
            protesters.insert(0, self.in_trigger)
        nationals = self._nationals()
        if nationals is not None:
            protesters.insert(0, nationals)
        source = protesters[0] if protesters else (before[0] if before else None)
        floor = source.end if source else self.trigger[0]
        supported = self._marked_through_act("protest_support")
        opposed = [
            c
            for c in self._marked_through_act("protest_target")
            if c != source and c.start >= floor and c not in supported
        ]
        # What they protest against is an authority or a named state, not fellow protesters.
        opposed = [c for c in opposed if c.actor.sector not in PROTESTER_SECTORS]
        opposed.sort(key=lambda c: c.actor.country is None)
        target = opposed[0] if opposed else None
        if target is None:
            target = self._authority(source, supported)
        source_actor = _actor(source) or Actor(text="", sector="CVL")
        if source is nationals and source is not None:
            source_actor = Actor(source.actor.text, None, source.actor.country, "CVL", source.actor.span)
        target_actor = _actor(target) or Actor(text="", sector="GOV")
        if target_actor.country is None:
            states = [c for c in after + before if c != source and c not in supported and _names_state(c.actor)]
            if states:
                target_actor = _with_country(target_actor, states[0].actor.country or "")
        if source_actor.country is None and (country := self.place_country()):
            # Protesters are people of the place where they march («في الخرطوم»).
            source_actor = _with_country(source_actor, country)
        return source_actor, target_actor

    def _marked_through_act(self, kind: str) -> list[_Candidate]:
        """Actors right after a protest cue («ضد الحكومة»), or after a cue and the act the
        protest is about («ضد زيارة بوش», «للتنديد بإعدام الرئيس», «تأييدا لقرار مجلس الأمن»)."""
        cues = self.lexicon.cue(kind)
        acts = self.lexicon.cue("protest_object")
        found = []
        for c in self.candidates:
            words = self.text[max(self.sentence[0], c.start - 60) : c.start].split()
            if self.context.preceded_by(c.start, cues):
                found.append(c)
            elif len(words) >= 2 and _bare(words[-1]) in acts:
                head = self.text.rfind(words[-1], 0, c.start)
                # «للتنديد بإعدام»: the cue's preposition is written on the act.
                joined = f"{words[-2]} {words[-1][0]}"
                if self.context.preceded_by(head, cues) or joined in cues or _stripped(joined) in cues:
                    found.append(c)
        return found

    def _authority(self, source: _Candidate | None, supported: list[_Candidate]) -> _Candidate | None:
        """The authority nearest the trigger, in its clause first, then after it, then before it
        (those who disperse the protest: «استخدم الجيش الإسرائيلي قنابل الغاز لتفريق ألف متظاهر»)."""
        found = [
            c for c in self.candidates if c != source and c not in supported and c.actor.sector in AUTHORITY_SECTORS
        ]
        return min(
            found,
            key=lambda c: (not self._in_clause(c), c.start < self.trigger[0], abs(c.start - self.trigger[0])),
            default=None,
        )

    def _nationals(self) -> _Candidate | None:
        """People named by nationality right after the protest verb: «تظاهر مئات الصرب»."""
        adjacent = self.adjacent_after()
        if adjacent is None or adjacent.actor.sector is not None or adjacent.actor.name is not None:
            return None
        return adjacent if adjacent.actor.country is not None else None


@lru_cache(maxsize=8192)
def _is_noun(word: str) -> bool:
    """Tell whether a trigger word (matching view, with its clitics) reads as a noun.

    A pure function of the word, remembered: an article asks it for every event.
    """
    stem = _PROCLITIC.sub("", word, count=1)
    if len(stem) == 5 and stem[0] == "ا" and stem[2:4] == "تا":
        return False  # a form VIII verb («اغتال», «اجتاح»), not a verbal noun («اغتيال»)
    if _stripped(word) in _LAM_VERBS:
        return False  # «التقى» opens with «ال» but is a verb
    # The accusative alef of tanwin marks a noun too («إن هجوما أدى إلى ...»).
    bare = stem[:-1] if stem.endswith("ا") and len(stem) > 4 else stem
    return (
        word.startswith(("ال", "بال", "لل", "وال"))
        or stem in _INSTRUMENTS
        or bool(_NOUN_SHAPES.match(stem) or _NOUN_SHAPES.match(bare))
    )


@lru_cache(maxsize=4)
def _reporting_automaton(reporting: frozenset[str]) -> ahocorasick.Automaton | None:
    """One automaton over the one-word reporting cues (a word holding none is no verb of saying)."""
    words = [cue for cue in reporting if cue and not any(ch.isspace() for ch in cue)]
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for cue in words:
        automaton.add_word(cue, cue)
    automaton.make_automaton()
    return automaton


def _token_cut(text: str, s0: int, s1: int, at: int) -> int | None:
    """Where the word of text[s0:s1] that offset `at` cuts starts, if `at` falls inside a word."""
    if not (s0 < at < s1) or text[at - 1].isspace() or text[at].isspace():
        return None
    start = at - 1
    while start > s0 and not text[start - 1].isspace():
        start -= 1
    return start


def _overlaps(start: int, end: int, places: list[tuple[int, int, str]]) -> bool:
    """Tell whether a gazetteer place overlaps a place the actor lexicon already read there
    («مدينة غوري»: the lexicon's Gori is Georgian)."""
    return any(m0 < end and start < m1 for m0, m1, _ in places)


def _contradicts(place: Place, actor: Actor) -> bool:
    """Tell whether a gazetteer place inside an actor's name should not place the clause."""
    if place.span is None or actor.span is None:
        return False
    if not (actor.span.start < place.span.end and place.span.start < actor.span.end):
        return False
    return place.precision == "country" or (actor.country is not None and actor.country != place.country)


def _appositions(
    text: str, cue_ends: list[int], reporters: list[_Candidate], candidates: list[_Candidate], trigger_start: int
) -> list[_Candidate]:
    """Actors between a verb of saying and what is said: the speaker's appositions and whom
    they told («قال العميد نجم عبد الله قائمقام تلعفر إن ...», «قال مصدر أمني لوكالة الأنباء
    العراقية إن ...») are neither source nor target."""
    found: list[_Candidate] = []
    starts = [r.end for r in reporters] + cue_ends
    for last_end in starts:
        for c in sorted(candidates, key=lambda c: c.start):
            if c.start < last_end or c in found or c in reporters:
                continue
            if c.end > trigger_start:
                break
            gap = text[last_end : c.start]
            words = gap.split()
            if len(words) > _APPOSITION_WORDS or any(ch in gap for ch in '«":') or _SAYS_THAT & set(words):
                break
            found.append(c)
            last_end = c.end
    return found


def _armed(actor: Actor | None) -> Actor | None:
    """Code a doer named only by a nisba («غارة أمريكية», «دبابات روسية») as that state's military."""
    if actor is not None and actor.sector is None and actor.name is None and actor.country is not None:
        return Actor(actor.text, actor.name, actor.country, "MIL", actor.span)
    return actor


def _first(candidates: list[_Candidate], exclude: _Candidate | None, text: str = "") -> _Candidate | None:
    return next((c for c in candidates if not _same_candidate(c, exclude, text)), None)


def _same_candidate(c: _Candidate, other: _Candidate | None, text: str = "") -> bool:
    """Tell whether `c` names the actor `other` again, or stands in apposition to it
    («وزير الخارجية الإيراني، محمد جواد ظريف،»)."""
    if other is None:
        return False
    apposed = (
        bool(text) and 0 <= c.start - other.end <= _APPOSITION_GAP and text[other.end : c.start].strip() in _COMMAS
    )
    return c == other or apposed or same_actor(c.actor, other.actor)


def _names_state(actor: Actor) -> bool:
    """Tell whether an actor is a state named by country, capital or nisba alone."""
    return actor.country is not None and actor.sector in (None, "GOV")


def _perpetrator_like(candidate: _Candidate) -> bool:
    """Tell whether an actor reads as a doer of violence (or a state named only by country)."""
    actor = candidate.actor
    return actor.sector in PERPETRATOR_SECTORS or (actor.sector is None and actor.country is not None)


def _actor(candidate: _Candidate | None) -> Actor | None:
    return candidate.actor if candidate is not None else None


def _clause(text: str, s0: int, s1: int, t0: int, t1: int) -> tuple[int, int]:
    """Return the clause around the trigger: between the nearest clause edges."""
    start, end = s0, s1
    for edge in _edges(text, s0, s1):
        if edge.end() <= t0:
            start = edge.end()
        elif edge.start() >= t1:
            end = edge.start()
            break
    return start, end


def _edges(text: str, s0: int, s1: int) -> list[re.Match[str]]:
    """The clause edges of a sentence, less the commas around a short aside: «استدعت الخارجية
    الإيرانية، الأحد، المبعوث الإماراتي» and «اتهم الوزير، محمد جواد ظريف، إرهابيين» are one
    clause each."""
    edges = list(_CLAUSE_EDGE.finditer(text, s0, s1))
    aside: set[int] = set()
    for left, right in itertools.pairwise(edges):
        commas = left.group().strip() in _COMMAS and right.group().strip() in _COMMAS
        if commas and 0 < len(text[left.end() : right.start()].split()) <= _ASIDE_WORDS:
            aside.update((left.start(), right.start()))
    return [edge for edge in edges if edge.start() not in aside]


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 30) : start].split()
    return words[-1] if words else ""


def _bare(word: str) -> str:
    """A word without its conjunction and preposition («بإعدام» → «اعدام»)."""
    return _PROCLITIC.sub("", word, count=1) if len(word) > 4 else word


def _stripped(word: str) -> str:
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word


def _preceded_through_part(context: _Context, start: int, cues: frozenset[str]) -> bool:
    """Tell whether a cue governs a head noun whose part the actor is («جهات ضمن X»)."""
    text = context.view.text
    words = text[max(0, start - 60) : start].split()
    if len(words) < 3 or words[-1] not in _PART_LINKS:
        return False
    head = text.rfind(words[-2], 0, text.rfind(words[-1], 0, start))
    return head >= 0 and context.preceded_by(head, cues)


def _preceding_keys(text: str, start: int) -> tuple[str, str, str, str] | None:
    """The forms a cue before `start` is looked up by: the last word (bare and as written) and
    the last two words (bare and as written), past any count; None when no word is there."""
    # Read back from `start`: quote and bracket tokens are no words, counts are passed over,
    # and only the last two words past them are needed.
    words: list[str] = []
    for word in reversed(text[max(0, start - 60) : start].split()):
        if not word.strip('«»"()'):
            continue
        if not words and (_NUMBER_WORD.match(word) or word in _COUNT_WORDS):
            continue
        words.append(word)
        if len(words) == 2:
            break
    if not words:
        return None
    two = f"{words[1]} {words[0]}" if len(words) == 2 else ""
    return _stripped(words[0]), words[0], two, _stripped(two)
