"""Find the events an article reports: PLOVER type, mode, actors, evidence, negation.

For each sentence the lexicon (`rasd.events.triggers`) finds trigger words, mode cues and
non-event cues in the matching view. Rules then read each trigger in its context:

- a question, a condition, a plan, a call to stop violence or a commemoration is no event;
- a violent or coercive word governed by a threat is THREATEN («هدد بشن هجمات»), by a demand
  REQUEST («طالب بالإفراج عن المعتقلين»);
- a nearby negation or a denial marks the event negated («نفى الجيش قصف المدينة»);
- a stated background (a past year, «منذ عام», «في الحرب الأهلية») marks it historical;
- violence by protesters named right after the verb («أحرق المتظاهرون») is PROTEST riot;
- a definite noun in a reason or sequence phrase («ردا على الهجمات الأخيرة»), after a
  demonstrative («هذه الضربات») or after «تأتي» refers back to a known happening: it joins
  that event and never starts one;
- the approval of a use of force («الموافقة على هذه الضربات») is no AGREE, a threat noun
  with no content («التهديدات المستمرة») no THREATEN, a mishap («تسرب غاز») no ASSAULT.

For ASSAULT and PROTEST, where news text uses the words far more often than it reports
a specific happening, a learned detector (`rasd.events.detector`) makes the final call,
unless the event verb opens the sentence («اختطف مسلحون ...»).
Triggers of one type in one clause make one event; mentions of one happening across the
article are merged afterwards (`rasd.events.mentions`).
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rasd.arabic.normalise import MatchView
from rasd.events.detector import DETECTED_TYPES, Detector, SentenceReading
from rasd.events.mentions import merge_event_mentions
from rasd.events.triggers import Cue, EventLexicon, ModeCue, Trigger
from rasd.knowledge.morphology import FUTURE, WordMatch
from rasd.model import Actor, Document, Event, Span

log = logging.getLogger(__name__)

RoleAssigner = Callable[..., tuple[Actor | None, Actor | None]]
# Builds the role assigner of one document («rasd.events.roles.DocumentRoles»).
RoleReader = Callable[[Document], RoleAssigner]

# Summoning an envoy to protest: a state's disapproval (PLOVER ACCUSE).
SUMMONS = Trigger("ACCUSE", "disapprove", "verb", anaphor=False)
# What a threat or a demand is about, by the type of the word it governs
# (THREATEN and REQUEST modes in the PLOVER manual).
THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "COERCE": "arrest", "SANCTION": "restrict"}
REQUEST_MODES = {"RETREAT": "yield", "CONSULT": "meet", "AID": "assist", "COOPERATE": "assist"}
# A trigger's own mode ranks like a strong cue; a nearby cue of equal or higher rank wins
# («قصف» is heavy-weapons unless «طائرات» in its clause makes it aerial).
TRIGGER_MODE_PRIORITY = 8
# The mode a type's plain words carry: «المتظاهرون» in «أحرق المتظاهرون الإطارات» names the same
# protest as the riot, so a generic mode joins a specific one, which wins.
GENERIC_MODES = {"PROTEST": "demo"}
# Figurative-context categories that are common causes of real protests.
PROTEST_CAUSES = frozenset({"economy", "culture"})
# How near a market or culture word must stand to make a trigger figurative («ضربة قوية للبورصة»).
FIGURATIVE_REACH = 3
# «وقال الوزير: هل ...»: a question word opens the sentence after a short frame at most.
QUESTION_OPENING = 3
# The material-conflict types an approval or a threat can be about.
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
# «الموافقة على هذه الضربات»: the approved act follows within two words.
APPROVAL_REACH = 2
# «تهديدات إيرانية بشن هجمات»: a threat's content follows within three words.
THREAT_CONTENT_REACH = 3
# «شنت القوات التركية والفصائل الموالية لها هجوما»: a launching verb governs its noun this far.
LAUNCH_REACH = 4
# A time or place phrase that may stand before the verb that opens a report (in words).
OPENING_PHRASE_WORDS = 5
UNMARKED_OPENING_WORDS = 3
_OPENING_PREPOSITIONS = frozenset({"في", "وفي", "خلال", "وخلال", "صباح", "وصباح", "مساء", "ومساء", "فجر", "وفجر"})
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_DAMMA = "\u064f"


@dataclass(frozen=True, slots=True)
class Reading:
    """One trigger read in its context: the event it reports, if any."""

    hit: WordMatch[Trigger]
    type: str
    mode: str | None
    negated: bool
    historical: bool
    clause: tuple[int, int]  # matching-view offsets of the trigger's clause
    # Names a happening already known («ردا على الهجمات الأخيرة», «هذه الضربات»): joins one, starts none.
    reference: bool = False


class EventExtractor:
    """Callable stage: fills `doc.events` from the sentences of a document."""

    def __init__(self, lexicon: EventLexicon, detector: Detector) -> None:
        self.lexicon = lexicon
        self.detector = detector
        self.role_reader = _role_reader()

    @classmethod
    def load(cls) -> EventExtractor:
        """Build the extractor from the shipped lexicon and detector weights."""
        return cls(EventLexicon.load(), Detector.load())

    def __call__(self, doc: Document) -> Document:
        view = doc.view or MatchView.of(doc.text)
        sentences = doc.sentences or (Span(0, len(doc.text)),)
        events: list[Event] = []
        doc = dataclasses.replace(doc, view=view)
        assign_roles = self.role_reader(doc)
        for reading in self.read_sentences(view, sentences):
            events.extend(self._sentence_events(doc, view, reading, assign_roles))
        return merge_event_mentions(dataclasses.replace(doc, view=view, events=tuple(events)))

    def read_sentences(self, view: MatchView, sentences: Iterable[Span]) -> list[SentenceReading]:
        """Match the lexicon once over the document and share the hits out by sentence."""
        bounds = [(view.to_match(s.start), view.to_match(s.end)) for s in sentences]
        starts = [b[0] for b in bounds]
        buckets: list[tuple[list, list, list]] = [([], [], []) for _ in bounds]
        # A name or idiom («حركة طالبان», «مواقع التواصل الاجتماعي») blocks the trigger words and
        # the cue words inside it: «طالبان» is neither a demand nor a demand cue.
        names: list[tuple[int, int]] = []
        for slot, matcher in enumerate((self.lexicon.triggers, self.lexicon.modes, self.lexicon.cues)):
            for hit in _leftmost_longest(matcher.find_all(view.text)):
                if getattr(hit.value, "name", False):
                    names.append((hit.word_start, hit.word_end))
                    continue
                if slot and _inside(names, hit):
                    continue
                i = bisect.bisect_right(starts, hit.word_start) - 1
                if i >= 0 and hit.word_end <= bounds[i][1]:
                    buckets[i][slot].append(hit)
        return [
            SentenceReading(view.text, start, end, tuple(trig), tuple(modes), tuple(cues))
            for (start, end), (trig, modes, cues) in zip(bounds, buckets, strict=True)
        ]

    def _sentence_events(
        self, doc: Document, view: MatchView, sentence: SentenceReading, assign_roles: RoleAssigner
    ) -> list[Event]:
        if not sentence.triggers or _is_question(sentence):
            return []
        readings = [r for hit in sentence.triggers if (r := read_trigger(sentence, hit, doc)) is not None]
        # The detector is asked only about the types some reading needs its verdict on.
        gated = {r.type for r in readings if not r.hit.value.anaphor}
        accepted = {
            t: opens_with_event(sentence, readings, t) or self.detector.accepts(sentence, t)
            for t in DETECTED_TYPES
            if t in gated
        }
        readings = [r for r in readings if r.hit.value.anaphor or accepted.get(r.type, True)]
        return [self._event(doc, view, sentence, group, assign_roles) for group in _group_by_clause(readings)]

    def _event(
        self,
        doc: Document,
        view: MatchView,
        sentence: SentenceReading,
        group: list[Reading],
        assign_roles: RoleAssigner,
    ) -> Event:
        head = group[0]
        hit = head.hit
        trigger = Span(*view.to_display(hit.word_start, hit.word_end))
        sentence_span = Span(*view.to_display(sentence.start, sentence.end))
        evidence = sentence_span
        if head.clause != (sentence.start, sentence.end):
            evidence = Span(*view.to_display(*head.clause))
        generic = GENERIC_MODES.get(head.type)
        fallback = generic if any(r.mode == generic for r in group) else None
        mode = next((r.mode for r in group if r.mode and r.mode != generic), fallback)
        passive = hit.value.pos == "passive" or _DAMMA in doc.text[trigger.start : trigger.start + 3]
        source, target = assign_roles(sentence_span, trigger, event_type=head.type, passive=passive)
        # The words after a referring head describe the same known happening
        # («ردا على الهجمات الصاروخية الأخيرة»): the head decides.
        # A claim of responsibility that gives the toll reports the happening itself, even
        # though it names it as known («تبنت الحركة مسؤوليتها عن الهجوم الذي أودى بحياة سبعة»).
        claimed = _claimed(sentence, hit) and any(cue.value.category == "toll" for cue in sentence.cues)
        referring = (head.reference and not claimed) or all(r.hit.value.anaphor for r in group)
        flags = ("anaphor",) if referring else ()
        return Event(
            type=head.type,
            evidence=evidence,
            mode=mode,
            source=source,
            target=target,
            # The head decides: «أسفر الهجوم عن مقتل جنديين، نفيا لأنباء عن خمسة قتلى» is no denial of the attack.
            negated=head.negated,
            historical=any(r.historical for r in group),
            mentions=(evidence,),
            trigger=trigger,
            flags=flags,
        )


def read_trigger(sentence: SentenceReading, hit: WordMatch[Trigger], doc: Document) -> Reading | None:
    """Read one trigger in its sentence: None when it reports no event."""
    governing = sentence.governing(hit)
    effects = {cue.value.effect for cue in governing}
    event_type = hit.value.type
    if "drop" in effects or _approves_force(sentence, hit) or _threat_without_content(sentence, hit):
        return None
    if _named_by_institution(sentence, hit):
        return None  # «لجنة التعاون العسكري»: part of a name
    clause = _clause(sentence, hit)
    if _deploys_nothing(sentence, hit, clause):
        return None  # «نشرت الصحيفة تقريرا»: published, not deployed
    if "context" in effects and event_type not in DETECTED_TYPES:
        return None
    if "accident" in effects and event_type == "ASSAULT":
        return None  # «وقع انفجار في مخزن للبتروكيماويات»: a mishap has no perpetrator
    if _figurative(sentence, hit, governing) and not any(c.value.category == "toll" for c in sentence.cues):
        return None
    future = _future_verb(sentence, hit)
    if future and event_type not in FORCE_TYPES:
        return None  # «سيزور الوزير بغداد»: a plan, not a happening
    mode = _mode(sentence, hit, clause)
    if event_type not in {"THREATEN", "REQUEST"}:
        if "threaten" in effects or future:
            event_type, mode = "THREATEN", THREAT_MODES.get(event_type)
        elif "request" in effects:
            event_type, mode = "REQUEST", REQUEST_MODES.get(event_type)
    if event_type == "AGREE" and _inside_pact(sentence, hit):
        return None  # «من الاتفاق» names what is left or kept to, not an agreement made
    if event_type == "RETREAT" and mode == "withdraw" and _pact_after(sentence, hit, clause):
        event_type, mode = "REJECT", None  # «انسحبت واشنطن من الاتفاق»
    if event_type == "ASSAULT" and "cyber" in effects and mode is None:
        event_type, mode = "COERCE", "cyber"
    if event_type == "ASSAULT" and _crowd_does(sentence, hit):
        event_type, mode = "PROTEST", "riot"
    elif event_type == "PROTEST" and _crowd_riots(sentence, hit):
        mode = "riot"
    historical = "historical" in effects or _older_year(sentence.text[clause[0] : clause[1]], doc)
    reference = _back_reference(sentence, hit)
    if event_type == "PROTEST" and (summons := _summons(sentence, hit, clause)) is not None:
        # «استدعت الخارجية السفير للاحتجاج على ...»: a state protests by summoning an envoy,
        # which PLOVER codes ACCUSE (disapprove); the summoning verb carries the roles.
        hit = WordMatch(summons.start, summons.end, summons.word_start, summons.word_end, summons.key, SUMMONS)
        event_type, mode = SUMMONS.type, SUMMONS.mode
    return Reading(hit, event_type, mode, _negated(governing, hit), historical, clause, reference)


def _summons(sentence: SentenceReading, hit: WordMatch[Trigger], clause: tuple[int, int]) -> WordMatch[Cue] | None:
    """The verb summoning an envoy before the protest word `hit` in its clause, if any."""
    cues = [c for c in sentence.cues if clause[0] <= c.word_start and c.word_end <= hit.word_start]
    verb = next((c for c in reversed(cues) if c.value.category == "summons"), None)
    envoy = any(c.value.category == "envoy" for c in cues if verb is not None and c.word_start >= verb.word_end)
    return verb if envoy else None


def _named_by_institution(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether a trigger noun directly follows an institution's head noun in a construct
    («للجنة التعاون»); a head with the article is a subject of its own («قدمت المنظمة مساعدات»)."""
    return hit.value.pos != "passive" and any(
        cue.value.effect == "name" and "ال" not in sentence.text[cue.word_start : cue.start]
        for cue in sentence.right_before(hit)
    )


def _deploys_nothing(sentence: SentenceReading, hit: WordMatch[Trigger], clause: tuple[int, int]) -> bool:
    """Tell whether a verb that deploys only with forces as its object has none in its clause."""
    needs = any(c.value.effect == "needs-force" and c.word_start == hit.word_start for c in sentence.cues)
    return needs and not any(
        c.value.category == "force" and hit.word_end <= c.word_start and c.word_end <= clause[1] for c in sentence.cues
    )


def _inside_pact(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether `hit` is the agreement a withdrawal before it leaves («انسحبت من الاتفاق»),
    not one reached («تمكن الطرفان من الاتفاق على هدنة»)."""
    pact = any(
        c.value.category == "pact" and c.word_start <= hit.word_start and hit.word_end <= c.word_end
        for c in sentence.cues
    )
    return pact and any(
        t.value.type == "RETREAT" and t.value.mode == "withdraw" and t.word_end <= hit.word_start
        for t in sentence.triggers
    )


def _pact_after(sentence: SentenceReading, hit: WordMatch[Trigger], clause: tuple[int, int]) -> bool:
    """Tell whether what `hit` withdraws from is an agreement, later in its clause."""
    return any(
        c.value.category == "pact" and hit.word_end <= c.word_start and c.word_end <= clause[1] for c in sentence.cues
    )


def _claimed(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether `hit` follows a claim or charge of responsibility («مسؤوليتها عن الهجوم»)."""
    return any(cue.value.category == "responsibility" for cue in sentence.right_before(hit))


def _future_verb(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether the trigger is a verb in the future («ستستهدف», «سيفرض»): the only
    proclitic holding «س» is the future marker before an imperfect verb."""
    return FUTURE in sentence.text[hit.word_start : hit.start]


def _negated(governing: list[WordMatch[Cue]], hit: WordMatch[Trigger]) -> bool:
    """Tell whether a negation or a denial governs `hit`.

    A denial governs what follows it («نفى الجيش قصف المدينة»); one standing after the event
    denies something else, usually an earlier figure («أسفر الهجوم عن مقتل ثلاثة، وذلك نفيا
    لأنباء سابقة تحدثت عن ستة قتلى»).
    """
    # Denying accusations («نفت الإمارات اتهامات إيرانية») does not undo their being made.
    denial_counts = hit.value.type != "ACCUSE"
    return any(
        cue.value.effect == "negate"
        and cue.word_end <= hit.word_start
        and (denial_counts or cue.value.category != "denial")
        for cue in governing
    )


def _back_reference(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether `hit` names a happening the reader already knows of.

    A definite noun right after «ردا على», «بعد», «في أعقاب» («ردا على الهجمات الصاروخية
    الأخيرة في أربيل»), after a demonstrative («هذه الضربات») or as the subject of «تأتي»
    («وتأتي الضربة بعد ...») refers back: the statement
    gives a reason or a sequence, it does not report a new attack. Such a mention only joins
    an event reported elsewhere in the article. An indefinite noun («بعد تفجير عبوة ناسفة»)
    may be the first report of a happening, so it stays an event.
    """
    if hit.value.pos == "passive" or not _definite(sentence, hit) or _names_crowd(sentence, hit):
        return False
    return any(cue.value.effect in {"reference", "refer"} for cue in sentence.right_before(hit))


def _names_crowd(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether `hit` names the protesters («وجاء المتظاهرون من ألمانيا»), not a happening."""
    return any(cue.value.effect == "crowd" and cue.word_start == hit.word_start for cue in sentence.cues)


def _definite(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    prefix = sentence.text[hit.word_start : hit.start]
    return prefix.endswith(("ال", "لل")) or hit.key.startswith("ال")


def _approves_force(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether an AGREE word is the approval of a use of force: «جاءت الموافقة على هذه الضربات».

    Approving one's own strikes is the decision behind the ASSAULT the article reports,
    not an agreement between two actors (PLOVER AGREE); the strike itself is the event.
    """
    if hit.value.type != "AGREE":
        return False
    return any(
        other.value.type in FORCE_TYPES
        and other.word_start >= hit.word_end
        and sentence.words_between(hit.word_end, other.word_start) <= APPROVAL_REACH
        for other in sentence.triggers
    )


def _threat_without_content(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether a threat noun states no threat: «والتهديدات المستمرة لهؤلاء الأفراد».

    PLOVER THREATEN is a threat with a content (violence, arrest, sanctions). A threat noun
    naming a reason or a climate carries none; one with content says what is threatened
    right after it: «تهديد بشن هجوم», «تهديدات بفرض عقوبات», «تحذيرات من ضربة».
    """
    if hit.value.type != "THREATEN" or hit.value.pos != "noun":
        return False
    after = _WORD.findall(sentence.text[hit.word_end : sentence.end])[:THREAT_CONTENT_REACH]
    if any(word.startswith("ب") or word == "من" for word in after):
        return False
    reach = hit.word_end + sum(len(w) + 1 for w in after) + 1
    return not any(
        m.value.type == "THREATEN" and hit.word_end <= m.word_start < reach for m in sentence.modes
    ) and not any(t.value.type in FORCE_TYPES and hit.word_end <= t.word_start < reach for t in sentence.triggers)


def _figurative(sentence: SentenceReading, hit: WordMatch[Trigger], governing: list[WordMatch[Cue]]) -> bool:
    """Tell whether a figurative context governs the trigger.

    Market words make «ضربة» or «هجوم» figurative, but not a protest: strikes and marches
    against prices and wages are real protests («احتجاجا على ارتفاع الأسعار»), and so are
    crowds against a book, a film or a cartoon («نزل المتظاهرون ... احتجاجا على كتاب»). A
    market or culture word must stand near the trigger («ضربة قوية للبورصة»): a bomb outside a
    company's office is no figure of speech.
    """
    return any(cue.value.effect == "figurative" and not _excused(sentence, hit, cue) for cue in governing)


def _excused(sentence: SentenceReading, hit: WordMatch[Trigger], cue: WordMatch[Cue]) -> bool:
    """A market or culture word is no figure for a protest, nor for a trigger far from it."""
    if cue.value.category not in PROTEST_CAUSES:
        return False
    return hit.value.type == "PROTEST" or _words_apart(sentence, cue, hit) > FIGURATIVE_REACH


def _words_apart(sentence: SentenceReading, first: WordMatch, second: WordMatch) -> int:
    if first.word_end <= second.word_start:
        return sentence.words_between(first.word_end, second.word_start)
    return sentence.words_between(second.word_end, first.word_start)


def _inside(spans: list[tuple[int, int]], hit: WordMatch) -> bool:
    """Tell whether `hit` lies inside one of the sorted, non-overlapping `spans`."""
    i = bisect.bisect_right(spans, (hit.word_start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= hit.word_start and hit.word_end <= spans[i][1]


def _leftmost_longest(hits: Iterable[WordMatch]) -> list[WordMatch]:
    """Keep non-overlapping hits, scanning left to right and preferring the longest.

    «طائرة مسيرة» wins over «مسيرة», «وقف إطلاق النار» over «إطلاق النار». One sort and one
    sweep keep this linear in the number of hits on long articles.
    """
    taken: list[WordMatch] = []
    for hit in sorted(hits, key=lambda h: (h.word_start, h.start - h.end)):
        if not taken or hit.word_start >= taken[-1].word_end:
            taken.append(hit)
    return taken


def opens_with_event(sentence: SentenceReading, readings: list[Reading], event_type: str) -> bool:
    """Tell whether a verb of `event_type` opens the sentence: «اختطف مسلحون مهندسين ...».

    A sentence that starts with the event verb reports the happening itself, whatever the
    detector makes of rarer wordings, unless the verb is negated or dated to a past year
    («وقتل أخوها بالرصاص في 1996»).
    """
    for reading in readings:
        if reading.type != event_type or reading.negated or reading.historical:
            continue
        if reading.hit.value.pos in {"verb", "passive"}:
            opener: WordMatch = reading.hit
        elif (launch := _launched_by(sentence, reading.hit)) is not None:
            opener = launch  # «وشنت تركيا عملية جوية ...»: the launching verb opens it
        else:
            continue
        if sentence.text[opener.word_start : opener.start] not in {"", "و", "ف"}:
            continue
        if sentence.words_between(sentence.start, opener.word_start) == 0 or _after_opening_phrase(sentence, opener):
            return True
    return False


def _launched_by(sentence: SentenceReading, hit: WordMatch[Trigger]) -> WordMatch[Cue] | None:
    """The verb that launches the event noun `hit` a few words on («شنت تركيا عملية جوية»)."""
    return next(
        (
            cue
            for cue in sentence.cues
            if cue.value.category == "launch"
            and cue.word_end <= hit.word_start
            and sentence.words_between(cue.word_end, hit.word_start) <= LAUNCH_REACH
        ),
        None,
    )


def _after_opening_phrase(sentence: SentenceReading, hit: WordMatch) -> bool:
    """Tell whether the verb opens the sentence past a short time or place phrase set off by a
    comma: «وخلال الأسابيع الماضية، استهدفت إسرائيل ...», «وفي بغداد، قتل مسلحون ...»."""
    lead = sentence.text[sentence.start : hit.word_start].rstrip()
    words = _WORD.findall(lead)
    if not words or words[0] not in _OPENING_PREPOSITIONS:
        return False
    # «في مدن كثيرة أحرق المتظاهرون ...»: a short place phrase needs no comma.
    reach = OPENING_PHRASE_WORDS if lead.endswith(("،", ",")) else UNMARKED_OPENING_WORDS
    return len(words) <= reach


def _crowd_does(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether protesters are named as the doer of the violent verb `hit`: «أحرق المتظاهرون».

    PLOVER codes violence by protesters (burning, stoning, clashing) as PROTEST riot, not
    ASSAULT. Only a verb followed at once by the crowd in the nominative counts: «أصابت
    الشرطة متظاهرين» has the police as the doer and the protesters as the target.
    """
    return hit.value.pos == "verb" and any(
        _rioting(sentence, hit, cue) for cue in sentence.cues if cue.value.effect == "crowd"
    )


def _crowd_riots(sentence: SentenceReading, hit: WordMatch[Trigger]) -> bool:
    """Tell whether the protest word `hit` is the crowd doing a violent verb just before it."""
    crowds = [cue for cue in sentence.cues if cue.value.effect == "crowd" and cue.word_start == hit.word_start]
    return bool(crowds) and any(
        verb.value.type == "ASSAULT" and verb.value.pos == "verb" and _rioting(sentence, verb, crowds[0])
        for verb in sentence.triggers
    )


def _rioting(sentence: SentenceReading, verb: WordMatch[Trigger], crowd: WordMatch[Cue]) -> bool:
    return crowd.word_start >= verb.word_end and sentence.words_between(verb.word_end, crowd.word_start) <= 1


def _is_question(sentence: SentenceReading) -> bool:
    """Tell whether the sentence asks rather than reports.

    A question word counts where a question opens («هل قصفت ...», «لماذا لم ...»), not inside a
    quoted slogan later on («وردد المتظاهرون هتافات ... «أين رواتبنا»»).
    """
    text = sentence.sentence.rstrip(" \t\n«»\"'”)")
    return text.endswith(("؟", "?")) or any(
        c.value.category == "question" and sentence.words_between(sentence.start, c.word_start) <= QUESTION_OPENING
        for c in sentence.cues
    )


def _clause(sentence: SentenceReading, hit: WordMatch[Trigger]) -> tuple[int, int]:
    """Return the view range of the clause holding `hit`, cut at boundary cues."""
    start, end = sentence.start, sentence.end
    for cue in sentence.cues:
        if cue.value.effect not in {"boundary", "reference"}:
            continue
        if cue.word_end <= hit.word_start:
            start = max(start, cue.word_start)
        elif cue.word_start >= hit.word_end:
            end = min(end, cue.word_start)
    return start, end


def _mode(sentence: SentenceReading, hit: WordMatch[Trigger], clause: tuple[int, int]) -> str | None:
    """Pick the mode: the trigger's own, unless a cue of equal or higher rank is in its clause."""
    best: tuple[int, str] | None = (TRIGGER_MODE_PRIORITY - 1, hit.value.mode) if hit.value.mode else None
    for cue in sentence.modes:
        value: ModeCue = cue.value
        if value.type != hit.value.type or not (clause[0] <= cue.word_start and cue.word_end <= clause[1]):
            continue
        if best is None or value.priority > best[0]:
            best = (value.priority, value.mode)
    return best[1] if best else None


def _older_year(clause_text: str, doc: Document) -> bool:
    """Tell whether the clause dates itself to a year before the article's."""
    if doc.published is None:
        return False
    return any(int(y) < doc.published.year for y in _YEAR.findall(clause_text))


def _group_by_clause(readings: list[Reading]) -> list[list[Reading]]:
    """Group readings of one type in one clause, unless their modes conflict."""
    groups: list[list[Reading]] = []
    for reading in readings:
        for group in groups:
            head = group[0]
            same_place = head.type == reading.type and head.clause == reading.clause
            modes = {r.mode for r in group if r.mode} - {GENERIC_MODES.get(reading.type)}
            mode = None if reading.mode == GENERIC_MODES.get(reading.type) else reading.mode
            if same_place and (mode is None or not modes or mode in modes):
                group.append(reading)
                break
        else:
            groups.append([reading])
    # A group made of anaphors only is kept: mention merging attaches it or drops it.
    return groups


def _no_roles(sentence: Span, trigger: Span, *, event_type: str, passive: bool) -> tuple[None, None]:
    return None, None


def _role_reader() -> RoleReader:
    """Return the per-document role assigner of `rasd.events.roles`, or one that finds no actors."""
    try:
        from rasd.events.roles import DocumentRoles
    except ImportError:
        log.debug("rasd.events.roles not available; events get no actors")
        return lambda doc: _no_roles
    return DocumentRoles


__all__ = ["Cue", "EventExtractor", "Reading", "opens_with_event", "read_trigger"]
