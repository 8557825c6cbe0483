"""Dead and injured counts read from sentences and tied to the right event."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rasd.arabic.normalise import MatchView
from rasd.model import Document, Event, Provenance, Span
from rasd.resolve.casualties import find_casualties, resolve_casualties


def _toll(text: str) -> dict[str, tuple[int | None, tuple[str, ...]]]:
    """Return {role: (value, flags)} for the first toll of each role in a sentence."""
    out: dict[str, tuple[int | None, tuple[str, ...]]] = {}
    for casualty in find_casualties(text):
        out.setdefault(casualty.role, (casualty.value, casualty.flags))
    return out


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("وأدى الهجوم إلى مقتل 25 شخصا بينهم 12 جنديا وطفل واحد، وإصابة 25 على الأقل.", (25, ()), (25, ("at_least",))),
        ("قال المتحدث إن مسلحين قتلوا الجمعة خمسة أشخاص وأصابوا نحو 50 آخرين", (5, ()), (50, ("approximate",))),
        ("أعلنت الشرطة مقتل ما لا يقل عن ٢٨ شخصا وإصابة العشرات", (28, ("at_least",)), (None, ("dozens",))),
        ("لقي ٥ أشخاص مصرعهم وأصيب ١٢ آخرون بجروح متفاوتة", (5, ()), (12, ())),
        ("أسفر القصف عن مقتل جنديين وإصابة ثلاثة مدنيين", (2, ()), (3, ())),
        ("قتل جندي وأصيب اثنان آخران في الانفجار", (1, ()), (2, ())),
        ("ارتفعت حصيلة القتلى إلى 40 قتيلا و120 جريحا", (40, ()), (120, ())),
        ("سقوط قتيل وثلاثة جرحى في اشتباكات بين عشيرتين", (1, ()), (3, ())),
        ("ما تسبب بمقتل أكثر من 350 ألف شخص", (350000, ("at_least",)), None),
        ("وقتل مسلحون يشتبه بأنهم متطرفون 18 شخصا على الأقل في هجوم على مطعم", (18, ("at_least",)), None),
        ("من جهته قال وزير الدفاع إن ثلاثة من المهاجمين قتلوا بمقر الجيش", (3, ()), None),
        ("وأضاف أن اثنين من أفراد شرطة الدرك قُتلا أيضا", (2, ()), None),
        ("لقي جندي مصرعه وجرح آخر", (1, ()), (1, ())),
        ("مقتل القيادي في الحزب عام 2008", (1, ()), None),
        ("سقط قتلى وجرحى في صفوف المسلحين", (None, ("unspecified",)), (None, ("unspecified",))),
        # a person noun before a passive verb counts itself
        ("وأكد الجيش أن قائد التنظيم في المنطقة قُتل في غارة قبل أيام", (1, ()), None),
        ("وقالت الشرطة إن المسلحين قتلوا جميعا في الاشتباك", (2, ("at_least",)), None),
        ("أسفر الهجوم عن مقتل وإصابة 10 أشخاص", (None, ("combined",)), (None, ("combined",))),
        ("ولم يسفر الانفجار عن وقوع إصابات", None, (0, ("none_reported",))),
        ("انفجرت عبوة ناسفة دون وقوع إصابات", None, (0, ("none_reported",))),
        (
            "وقالت الحكومة إن الهجوم أسفر عن مقتل ثلاثة أشخاص هم جنديان وواحد من المهاجمين، نفيا لأنباء عن ستة قتلى",
            (3, ()),
            None,
        ),
    ],
)
def test_reads_tolls_from_news_sentences(
    text: str,
    killed: tuple[int | None, tuple[str, ...]] | None,
    injured: tuple[int | None, tuple[str, ...]] | None,
) -> None:
    toll = _toll(text)
    assert toll.get("killed") == killed
    assert toll.get("injured") == injured


def test_coordinated_list_adds_up_with_a_lower_bound() -> None:
    # «مقاولين» is two (dual) or three and more (plural); with «أحد» the text guarantees three.
    toll = _toll("وأسفر الهجوم الذي شنه مسلحون عن مقتل مقاول مدني وإصابة مقاولين أمريكيين وأحد أفراد الجيش الأمريكي.")
    assert toll == {"killed": (1, ()), "injured": (3, ("at_least",))}


@pytest.mark.parametrize("text", ["كتائب سيد الشهداء", "ودعا إلى احترام أرواح الضحايا", "أطلق 14 صاروخا على المطار"])
def test_names_and_generic_mentions_give_no_toll(text: str) -> None:
    assert all(c.value is not None or c.flags == ("unspecified",) for c in find_casualties(text))
    assert not [c for c in find_casualties(text) if c.value]


# -- the stage ---------------------------------------------------------------------------


def _doc(text: str, triggers: list[tuple[str, str]], mentions: dict[int, list[str]] | None = None) -> Document:
    """Build a segmented document with events on the given (type, trigger word) pairs."""
    sentences, start = [], 0
    for part in text.split(". "):
        end = min(start + len(part) + 1, len(text))
        sentences.append(Span(start, end))
        start = end + 1
    events = []
    for n, (kind, word) in enumerate(triggers):
        at = text.index(word)
        sentence = next(s for s in sentences if s.start <= at < s.end)
        extra = tuple(Span(text.index(m), text.index(m) + len(m)) for m in (mentions or {}).get(n, []))
        events.append(Event(type=kind, evidence=sentence, trigger=Span(at, at + len(word)), mentions=extra))
    return Document(
        id="t",
        provenance=Provenance("t", "text"),
        raw_text=text,
        text=text,
        published=dt.date(2021, 2, 26),
        view=MatchView.of(text),
        sentences=tuple(sentences),
        events=tuple(events),
    )


def test_two_events_in_one_sentence_each_get_their_own_toll() -> None:
    text = "قتل ثلاثة مدنيين في غارة جوية على بلدة سراقب، فيما أصيب خمسة جنود في قصف مدفعي على أريحا"
    doc = resolve_casualties(_doc(text, [("ASSAULT", "غارة"), ("ASSAULT", "قصف")]))
    assert [(e.fatalities, e.injuries) for e in doc.events] == [(3, None), (None, 5)]


def test_the_toll_after_asfara_goes_to_the_attack_it_names() -> None:
    text = "وأعلن الجيش اعتقال مشتبه به بعد أن أسفر التفجير عن مقتل سبعة أشخاص وإصابة 20 آخرين"
    doc = resolve_casualties(_doc(text, [("COERCE", "اعتقال"), ("ASSAULT", "التفجير")]))
    assert (doc.events[0].fatalities, doc.events[0].injuries) == (None, None)
    assert (doc.events[1].fatalities, doc.events[1].injuries) == (7, 20)


def test_a_continuation_sentence_gives_its_toll_to_the_attack_before_it() -> None:
    text = "استهدف هجوم صاروخي مطار المدينة مساء الاثنين. وأسفر الهجوم عن مقتل مقاول مدني وجرح أربعة"
    doc = resolve_casualties(_doc(text, [("ASSAULT", "هجوم صاروخي")]))
    event = doc.events[0]
    assert (event.fatalities, event.injuries) == (1, 4)


def test_flags_name_the_role() -> None:
    text = "أسفرت الاشتباكات عن مقتل نحو 30 مسلحا وإصابة العشرات"
    doc = resolve_casualties(_doc(text, [("ASSAULT", "الاشتباكات")]))
    event = doc.events[0]
    assert (event.fatalities, event.injuries) == (30, None)
    assert set(event.flags) == {"fatalities:approximate", "injuries:dozens"}


def test_non_assault_events_carry_no_toll() -> None:
    text = "اتهم الوزير المسلحين بقتل خمسة أشخاص"
    doc = resolve_casualties(_doc(text, [("ACCUSE", "اتهم")]))
    assert doc.events[0].fatalities is None


def test_seed_article_erbil_attack_toll(seed_path: Path) -> None:
    from rasd.pipeline import extract

    expected = json.loads(seed_path.with_name("seed-article.expected.json").read_text(encoding="utf-8"))
    doc = extract(seed_path.read_text(encoding="utf-8"), published=expected["published"])
    erbil = [e for e in doc.events if e.type == "ASSAULT" and e.fatalities is not None]
    assert erbil, "no ASSAULT event carries the Erbil toll"
    # One civilian contractor killed; «مقاولين أمريكيين وأحد أفراد الجيش» is at least three injured.
    assert (erbil[0].fatalities, erbil[0].injuries) == (1, 3)
    assert "injuries:at_least" in erbil[0].flags
    published = dt.date.fromisoformat(expected["published"])
    assert all(e.date is None or e.date <= published for e in doc.events)
