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

import re
from dataclasses import dataclass

from rasd.arabic.normalise import MatchView
from rasd.knowledge.actors import ActorLexicon
from rasd.model import Actor, Document, Span
from rasd.recognise.actors import place_mentions

# Clause edges in the matching view: a verb of a new clause usually follows one of these.
# Quotes and brackets are not edges: they wrap names («كتائب القسام») and asides («(50 كلم)»).
_CLAUSE_EDGE = re.compile(r"[،,;؛:]|\s(?:فيما|بينما|حيث|لكن|الا ان)\s")
# Sectors of people who demonstrate, and of the authorities they demonstrate against.
PROTESTER_SECTORS = frozenset({"CVL", "EDU", "LAB", "REF", "REL", "OPP", "PTY", "JRN", "HLH", "BUS", "AGR", "MED"})
AUTHORITY_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})
# Sectors of those who carry out violence: a lone one after a verb is its subject.
PERPETRATOR_SECTORS = frozenset({"UAF", "REB", "PRM", "CRM", "MIL", "SPY"})
# Verbal nouns whose genitive is the one acted upon (matching view, without the article).
PATIENT_NOUNS = frozenset(
    {"مقتل", "قتل", "اغتيال", "خطف", "اختطاف", "اصابه", "جرح", "استهداف", "اعتقال", "تعذيب", "مصرع", "تصفيه"}
)
_NOUN_SHAPES = re.compile(r"^(?:ال)?(?:ا..?ت?.ا.|ت..ي.|م.ت.|ا.ت.ا.|است...ا.|ه.و.|ق.ف|غار(?:ه|ات)|ضرب(?:ه|ات))$")
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي"})
_SELF_REPORT = frozenset({"انه", "انها", "انهم", "بانه", "بانها", "بانهم", "وانه", "وانها"})
_PASSIVE_SEQUELS = frozenset({"واصيب", "وجرح", "واصيبت", "واصيبوا", "وجرحوا", "قتلوا", "قتلا", "اصيبوا"})
_COUNT_WORDS = frozenset(
    {"من", "نحو", "حوالي", "زهاء", "اكثر", "قرابه", "بعض", "عدد", "عددا", "بينهم", "منهم", "بينها", "احد", "اخرين"}
)
# Words that make the actor after them the group a vaguer head belongs to («جهات ضمن الأجهزة»).
_PART_LINKS = frozenset({"ضمن", "من", "داخل", "في"})
_PROCLITIC = re.compile(r"^(?:و|ف)?(?:ب|ل|لل|بال|ال)?")
_NUMBER_WORD = re.compile(
    r"^\d+$|^(?:و)?(?:ال)?(?:عشر|مئ|مائ|الف|ال?اف|عشرات|مئات|الاف|احد|اثن|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    actor: Actor
    start: int  # matching-view offsets
    end: int


def assign_roles(
    doc: Document, sentence: Span, trigger: Span, *, event_type: str, passive: bool
) -> tuple[Actor | None, Actor | None]:
    """Return (source, target) for an event whose trigger lies in `sentence`."""
    view = doc.view if doc.view is not None else MatchView.of(doc.text)
    lexicon = ActorLexicon.load()
    reading = _Reading.of(doc, view, lexicon, sentence, trigger)
    if event_type == "PROTEST":
        source, target = reading.protest()
    elif event_type == "ACCUSE" and reading.trigger_is_noun() and (speaker := reading.speaker()) is not None:
        # «قال الوزير إن الهدف استخدمته المليشيات المسؤولة عن الهجمات»: a blame named by a noun
        # or adjective is the speaker's; the actor it describes is the one accused.
        source, target = reading.action(passive=passive)
        source, target = speaker, target or source
    else:
        source, target = reading.action(passive=passive)
        if target is None and event_type == "ASSAULT":
            target = reading.place_as_target()
    if target is not None and target.country is None:
        country = reading.place_country()
        if country:
            target = _with_country(target, country)
    return source, target


def _with_country(actor: Actor, country: str) -> Actor:
    return Actor(actor.text, actor.name, country, actor.sector, actor.span)


@dataclass(slots=True)
class _Reading:
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

    @classmethod
    def of(cls, doc: Document, view: MatchView, lexicon: ActorLexicon, sentence: Span, trigger: Span) -> _Reading:
        s0, s1 = view.to_match(sentence.start), view.to_match(sentence.end)
        t0, t1 = view.to_match(trigger.start), view.to_match(trigger.end)
        text = view.text
        reporting = lexicon.cue("reporting")
        candidates = []
        in_trigger = None
        reporters = []
        for actor in doc.actors:
            if actor.span is None or not sentence.contains(actor.span):
                continue
            a0, a1 = view.to_match(actor.span.start), view.to_match(actor.span.end)
            if t0 < a0 < t1 < a1:
                # A trigger phrase that ends inside a name («أبلغ الجانب» + «الجانب العراقي»):
                # the actor follows the trigger.
                a0 = t1
            elif a0 < t1 and t0 < a1:
                in_trigger = _Candidate(actor, a0, a1)
                continue
            if _stripped(_word_before(text, a0)) in reporting:
                reporters.append(_Candidate(actor, a0, a1))
                continue
            candidates.append(_Candidate(actor, a0, a1))
        places = [
            (m.start, m.end, m.country) for m in place_mentions(view, lexicon) if s0 <= m.start < s1 and m.country
        ]
        places += [
            (view.to_match(p.span.start), view.to_match(p.span.end), p.country)
            for p in doc.places
            if p.span is not None and p.country and sentence.contains(p.span)
        ]
        clause = _clause(text, s0, s1, t0, t1)
        return cls(view, lexicon, text, (s0, s1), clause, (t0, t1), candidates, places, in_trigger, reporters)

    # -- reading helpers ---------------------------------------------------------------

    def _in_clause(self, c: _Candidate) -> bool:
        return self.clause[0] <= c.start and c.end <= self.clause[1]

    def before(self) -> list[_Candidate]:
        """Actors before the trigger in its clause, nearest first, leaving out the objects of an
        earlier verb («فتحت الدبابات النار على السكان ودمرت ...»: the tanks destroyed)."""
        objects = self.lexicon.cue("target_marker") | self.lexicon.cue("victim_marker")
        return sorted(
            (
                c
                for c in self.candidates
                if c.end <= self.trigger[0] and self._in_clause(c) and not _preceded_by(self.text, c.start, objects)
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
        return [c for c in self.candidates if _preceded_by(self.text, c.start, cues)]

    def perpetrator(self) -> _Candidate | None:
        """An actor the text marks as the doer: «من قبل», «على يد», «هجوم شنه ...».

        The marker may govern a vague head that the actor then specifies: «من قبل جهات ضمن
        الأجهزة الأمنية», «على يد عناصر من الميليشيات».
        """
        cues = self.lexicon.cue("agent_marker")
        vague = [c for c in self.candidates if _preceded_through_part(self.text, c.start, cues)]
        marked = self._marked("agent_marker") + self._marked("agent_verb") + vague
        return min(marked, key=lambda c: abs(c.start - self.trigger[0]), default=None)

    def patient(self, exclude: _Candidate | None, kind: str = "target_marker") -> _Candidate | None:
        """An actor after «على», «ضد», «استهدف» (or a casualty word) following the trigger.

        The trigger's own clause is read first, then the rest of the sentence («... مما أدى
        إلى مقتل أربعة من عناصر الشرطة»).
        """
        marked = [c for c in self._marked(kind) if c.start >= self.trigger[1] and c != exclude]
        in_clause = [c for c in marked if self._in_clause(c)]
        return min(in_clause or marked, key=lambda c: c.start, default=None)

    def casualty(self, exclude: _Candidate | None) -> _Candidate | None:
        return self.patient(exclude, "victim_marker")

    def adjacent_after(self) -> _Candidate | None:
        """The actor right after the trigger, past at most a number or two («مقتل سبعة أشخاص»)."""
        for c in self.after():
            words = self.text[self.trigger[1] : c.start].split()
            if len(words) <= 3 and all(_NUMBER_WORD.match(w) or w in _COUNT_WORDS for w in words):
                return c
            return None
        return None

    def trigger_is_noun(self) -> bool:
        word = self.text[self.trigger[0] : self.trigger[1]].split()[0]
        stem = _PROCLITIC.sub("", word, count=1)
        return word.startswith(("ال", "بال", "لل", "وال")) or bool(_NOUN_SHAPES.match(stem))

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

    def action(self, *, passive: bool) -> tuple[Actor | None, Actor | None]:
        """Roles of a one-sided action (ASSAULT, COERCE, ...)."""
        source = self.perpetrator()
        if source is None and self.in_trigger is not None and _perpetrator_like(self.in_trigger):
            source = self.in_trigger
        before = [c for c in self.before() if c != source]
        after = [c for c in self.after() if c != source and self._outside_relative(c, user_of_object=True)]
        if not passive and not before and after and not self.trigger_is_noun():
            passive = self._reads_passive(after[0])
        target: _Candidate | None = None
        if passive:
            subject = after[0] if after else (before[0] if before else None)
            target = self.patient(source) or subject
        elif self.trigger_is_noun():
            adjacent = self.adjacent_after()
            if adjacent is not None and self.trigger_takes_patient():
                # What the attack aimed at («استهدف دورية للجيش») outranks the toll it took.
                target = self.patient(source) or adjacent
            elif adjacent is not None and source is None and adjacent.actor.sector is None:
                source = adjacent  # «الغارة الإسرائيلية»: a nisba after the noun is its doer
            if source is None and before:
                source = before[0]
            target = target or self.patient(source) or self.casualty(source) or _first(after, source)
        else:
            if source is None:
                doers = [c for c in after if self._ahead_of_object(c)]
                source = before[0] if before else (self._reporting_subject() or _first(doers, None))
            target = self.patient(source) or _first(after, source) or self.casualty(source)
        if source is None:
            source = self._reporting_subject() or self._orderer(target) or self._any_perpetrator(target)
        if target is not None and target == source:
            target = None
        return _armed(_actor(source)), _actor(target)

    def _reads_passive(self, first: _Candidate) -> bool:
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
        return not _perpetrator_like(first)

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
        words = list(re.finditer(r"\S+", self.text[self.sentence[0] : self.trigger[0]]))
        bare = [(w, w.group().strip('،,؛:«»"()')) for w in words]
        verb = next((w for w, word in reversed(bare) if _stripped(word) in orders or word in orders), None)
        if verb is None:
            return None
        at = self.sentence[0] + verb.start()
        subjects = [c for c in self.candidates if c != target and c.end <= at]
        objects = [c for c in self.candidates if c != target and at < c.start < self.trigger[0]]
        nearest = max(subjects, key=lambda c: c.start, default=None)
        return nearest or min(objects, key=lambda c: c.start, default=None)

    def speaker(self) -> Actor | None:
        """The actor right after the nearest verb of saying before the trigger, if any."""
        earlier = [c for c in self.reporters if c.end <= self.trigger[0]]
        return _actor(max(earlier, key=lambda c: c.start, default=None))

    def _reporting_subject(self) -> _Candidate | None:
        """A reporter who says it did the act itself: «قال الحلف إنه قتل ...»."""
        words = self.text[max(0, self.trigger[0] - 12) : self.trigger[0]].split()
        if not words or words[-1] not in _SELF_REPORT:
            return None
        earlier = [c for c in self.reporters if c.end <= self.trigger[0]]
        return max(earlier, key=lambda c: c.start, default=None)

    def _any_perpetrator(self, target: _Candidate | None) -> _Candidate | None:
        """A violent actor anywhere in the sentence («... بتفجير انتحاري»), when none is placed."""
        pool = [
            c
            for c in self.candidates
            if c != target and _perpetrator_like(c) and (c.end <= self.trigger[0] or self._outside_relative(c))
        ]
        return min(pool, key=lambda c: abs(c.start - self.trigger[0]), default=None)

    def protest(self) -> tuple[Actor | None, Actor | None]:
        """Protesters as source; what they protest against (or the government) as target."""
        before, after = self.before(), self.after(whole_sentence=True)
        protesters = [c for c in before + after if c.actor.sector in PROTESTER_SECTORS]
        if self.in_trigger is not None and self.in_trigger.actor.sector in PROTESTER_SECTORS:
            protesters.insert(0, self.in_trigger)
        source = protesters[0] if protesters else (before[0] if before else None)
        floor = source.end if source else self.trigger[0]
        opposed = [c for c in self._marked("protest_target") if c != source and c.start >= floor]
        # What they protest against is an authority or a named state, not fellow protesters.
        opposed = [c for c in opposed if c.actor.sector not in PROTESTER_SECTORS]
        opposed.sort(key=lambda c: c.actor.country is None)
        target = opposed[0] if opposed else None
        if target is None:
            authorities = [c for c in after + before if c != source and c.actor.sector in AUTHORITY_SECTORS]
            target = authorities[0] if authorities else None
        source_actor = _actor(source) or Actor(text="", sector="CVL")
        target_actor = _actor(target) or Actor(text="", sector="GOV")
        if target_actor.country is None:
            states = [c for c in after + before if c != source and _names_state(c.actor)]
            if states:
                target_actor = _with_country(target_actor, states[0].actor.country or "")
        if source_actor.country is None and (country := self.place_country()):
            # Protesters are people of the place where they march («في الخرطوم»).
            source_actor = _with_country(source_actor, country)
        return source_actor, target_actor


def _armed(actor: Actor | None) -> Actor | None:
    """Code a doer named only by a nisba («غارة أمريكية», «دبابات روسية») as that state's military."""
    if actor is not None and actor.sector is None and actor.name is None and actor.country is not None:
        return Actor(actor.text, actor.name, actor.country, "MIL", actor.span)
    return actor


def _first(candidates: list[_Candidate], exclude: _Candidate | None) -> _Candidate | None:
    return next((c for c in candidates if c != exclude), None)


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
    for edge in _CLAUSE_EDGE.finditer(text, s0, s1):
        if edge.end() <= t0:
            start = edge.end()
        elif edge.start() >= t1:
            end = edge.start()
            break
    return start, end


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 30) : start].split()
    return words[-1] if words else ""


def _stripped(word: str) -> str:
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word


def _preceded_through_part(text: str, start: int, cues: frozenset[str]) -> bool:
    """Tell whether a cue governs a head noun whose part the actor is («جهات ضمن X»)."""
    words = text[max(0, start - 60) : start].split()
    if len(words) < 3 or words[-1] not in _PART_LINKS:
        return False
    head = text.rfind(words[-2], 0, text.rfind(words[-1], 0, start))
    return head >= 0 and _preceded_by(text, head, cues)


def _preceded_by(text: str, start: int, cues: frozenset[str]) -> bool:
    """Tell whether the one or two words before `start`, past any count, are a cue."""
    words = text[max(0, start - 60) : start].split()
    while words and (_NUMBER_WORD.match(words[-1]) or words[-1] in _COUNT_WORDS):
        words.pop()
    if not words:
        return False
    last = _stripped(words[-1])
    two = " ".join(words[-2:]) if len(words) >= 2 else ""
    return last in cues or words[-1] in cues or two in cues or _stripped(two) in cues
