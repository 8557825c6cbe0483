"""Analysed documents built by hand, so store tests do not depend on extraction quality."""

from __future__ import annotations

import datetime as dt
import hashlib

from rasd.arabic.normalise import MatchView
from rasd.model import Actor, Attribution, Claim, Document, Event, Place, Provenance, Span

STRIKE = "قصفت طائرات أميركية مواقع لجماعة مسلحة شرقي سوريا. وقال البنتاغون إن الضربات دمرت عدة منشآت."
PROTEST = "تظاهر مئات الشبان في البصرة احتجاجاً على انقطاع الكهرباء، وطالبوا الحكومة بمحاسبة المسؤولين عن تردي الخدمات."
RIOT = "أحرق محتجون إطارات وأغلقوا الطرق في حي التضامن بتونس العاصمة، ورشقوا قوات الأمن بالحجارة ليلة الأحد."
DENIAL = "نفى الجيش اللبناني أن تكون وحداته قد أطلقت النار على المتظاهرين في طرابلس، وأكد أن التحقيق جار."
CLASH = "اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في الخرطوم بحري، وسقط ٣ قتلى وفق مصادر طبية."
VISIT = "وصل وزير الخارجية الأمريكي إلى أنقرة في زيارة يبحث خلالها مع نظيره التركي ملفات المنطقة والعلاقات الثنائية."
HISTORY = "يذكر أن المدينة شهدت عام ٢٠١٤ معارك دامية بين الجيش العراقي ومسلحي التنظيم استمرت أشهراً."


def document(
    doc_id: str,
    text: str,
    events: tuple[Event, ...] = (),
    claims: tuple[Claim, ...] = (),
    *,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Return a stored-ready document: clean text, content hash, matching view."""
    return Document(
        id=doc_id,
        provenance=Provenance(source=f"corpus/{doc_id}", format="text"),
        raw_text=text,
        title=title,
        published=published,
        url=url,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        view=MatchView.of(text),
        language="ar",
        events=events,
        claims=claims,
    )


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def corpus() -> list[Document]:
    """Return seven articles covering types, modes, sides, places, dates, negation, history."""
    pentagon = Attribution(text="البنتاغون", kind="institution", name="Pentagon", country="USA")
    medics = Attribution(text="مصادر طبية", kind="anonymous")
    return [
        document(
            "strike",
            STRIKE,
            (
                Event(
                    type="ASSAULT",
                    mode="aerial",
                    evidence=_span(STRIKE, STRIKE.split(".")[0]),
                    source=Actor(text="طائرات أميركية", name="United States military", country="USA", sector="MIL"),
                    target=Actor(text="جماعة مسلحة", sector="UAF"),
                    location=Place(
                        text="شرقي سوريا", name="eastern Syria", country="SYR", lat=35.0, lon=40.0, precision="region"
                    ),
                    date=dt.date(2021, 2, 25),
                    attribution=pentagon,
                ),
            ),
            (
                Claim(
                    text="الضربات دمرت عدة منشآت",
                    attribution=pentagon,
                    evidence=_span(STRIKE, "وقال البنتاغون"),
                    verb="قال",
                ),
            ),
            published=dt.date(2021, 2, 26),
            url="https://www.example.org/news/strike",
            title="ضربات أميركية في سوريا",
        ),
        document(
            "protest",
            PROTEST,
            (
                Event(
                    type="PROTEST",
                    mode="demo",
                    evidence=Span(0, len(PROTEST)),
                    source=Actor(text="مئات الشبان", sector="CVL"),
                    location=Place(
                        text="البصرة",
                        name="Basrah",
                        country="IRQ",
                        admin1="Basra",
                        lat=30.51,
                        lon=47.81,
                        precision="city",
                    ),
                    date=dt.date(2023, 7, 16),
                ),
            ),
            published=dt.date(2023, 7, 17),
        ),
        document(
            "riot",
            RIOT,
            (
                Event(
                    type="PROTEST",
                    mode="riot",
                    evidence=Span(0, len(RIOT)),
                    source=Actor(text="محتجون", sector="CVL"),
                    target=Actor(text="قوات الأمن", country="TUN", sector="COP"),
                    location=Place(
                        text="تونس العاصمة", name="Tunis", country="TUN", lat=36.8, lon=10.18, precision="city"
                    ),
                ),
            ),
            published=dt.date(2023, 1, 15),
        ),
        document(
            "denial",
            DENIAL,
            (
                Event(
                    type="ASSAULT",
                    mode="firearms",
                    evidence=Span(0, len(DENIAL)),
                    negated=True,
                    source=Actor(text="الجيش اللبناني", country="LBN", sector="MIL"),
                    target=Actor(text="المتظاهرين", sector="CVL"),
                    location=Place(text="طرابلس", name="Tripoli", country="LBN", lat=34.43, lon=35.84),
                    date=dt.date(2022, 4, 2),
                ),
            ),
            published=dt.date(2022, 4, 2),
        ),
        document(
            "clash",
            CLASH,
            (
                Event(
                    type="ASSAULT",
                    mode="firearms",
                    evidence=Span(0, len(CLASH)),
                    source=Actor(text="الجيش السوداني", country="SDN", sector="MIL"),
                    location=Place(
                        text="الخرطوم بحري",
                        name="Khartoum North",
                        country="SDN",
                        lat=15.64,
                        lon=32.53,
                        precision="city",
                    ),
                    date=dt.date(2023, 5, 3),
                    fatalities=3,
                    attribution=medics,
                ),
            ),
            (Claim(text="وسقط ٣ قتلى", attribution=medics, evidence=_span(CLASH, "وسقط ٣ قتلى وفق مصادر طبية")),),
            published=dt.date(2023, 5, 3),
        ),
        document(
            "visit",
            VISIT,
            (
                Event(
                    type="CONSULT",
                    mode="visit",
                    evidence=Span(0, len(VISIT)),
                    source=Actor(text="وزير الخارجية الأمريكي", name="Secretary of State", country="USA", sector="GOV"),
                    target=Actor(text="نظيره التركي", country="TUR", sector="GOV"),
                    location=Place(text="أنقرة", name="Ankara", country="TUR", lat=39.92, lon=32.85, precision="city"),
                ),
                Event(type="COOPERATE", evidence=Span(0, len(VISIT))),
            ),
            published=dt.date(2024, 1, 8),
        ),
        document(
            "history",
            HISTORY,
            (
                Event(
                    type="ASSAULT",
                    evidence=Span(0, len(HISTORY)),
                    historical=True,
                    source=Actor(text="الجيش العراقي", country="IRQ", sector="MIL"),
                    date=dt.date(2014, 6, 1),
                ),
            ),
        ),
    ]
