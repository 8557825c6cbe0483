"""Arabic sample articles and input builders shared by the read and decode tests."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd.errors import RecordError
from rasd.model import RawRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "read"

TITLE = "مقتل ثلاثة عناصر من قوات النظام في هجوم قرب الميادين"
PARAGRAPHS = (
    "كشف مصدر أمني في محافظة دير الزور، اليوم الأحد، عن مقتل ثلاثة عناصر من قوات النظام وإصابة "
    "آخرين في هجوم شنه مسلحون على حاجز عسكري قرب مدينة الميادين شرقي سوريا.",
    "وقال المصدر إن الهجوم وقع فجراً واستمر قرابة ساعة، مشيراً إلى أن تعزيزات عسكرية وصلت إلى "
    "المنطقة وبدأت عمليات تمشيط في البادية المحيطة.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن، فيما اتهمت وسائل إعلام رسمية خلايا تابعة "
    "لتنظيم الدولة بالوقوف وراءه.",
    "وتشهد المنطقة منذ أشهر هجمات متكررة تستهدف مواقع الجيش السوري والميليشيات الموالية لإيران على ضفتي نهر الفرات.",
)
ARTICLE = TITLE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
# ISO-8859-6 has no «» nor Arabic-Indic digits, so the code-page samples keep to plain letters.
SHORT_ARABIC = "قصف مدفعي على قرى في ريف إدلب الجنوبي"


@dataclass(frozen=True)
class Page:
    uri: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    record_type: str = "response"


def html_page(
    title: str = TITLE,
    paragraphs: Iterable[str] = PARAGRAPHS,
    published: str | None = "2021-03-07T10:00:00+03:00",
    author: str | None = "أحمد الخطيب",
    charset: str = "utf-8",
) -> str:
    """Return a news page with navigation, a sidebar, comments and a footer around the article."""
    meta = f'<meta charset="{charset}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    if author:
        meta += f'<meta name="author" content="{author}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}<title>{title} - موقع الخبر</title></head>'
        '<body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>'
        '<li><a href="/economy">اقتصاد</a></li></ul></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        '<aside><h3>الأكثر قراءة</h3><ul><li><a href="/1">ارتفاع أسعار الذهب</a></li></ul></aside>'
        '<div class="comments" id="comments"><h3>التعليقات</h3><p>تعليق من قارئ: حسبنا الله</p></div>'
        "<footer>جميع الحقوق محفوظة © 2021</footer><script>var tracking = 1;</script></body></html>"
    )


def warc_bytes(pages: Iterable[Page], gzip: bool = False) -> bytes:
    """Write a WARC (one gzip member per record when `gzip`) holding the pages as response records."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for page in pages:
        http = StatusAndHeaders(page.status, [("Content-Type", page.content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            page.uri,
            page.record_type,
            payload=io.BytesIO(page.body),
            http_headers=http if page.record_type in ("response", "request") else None,
            warc_content_type=None if page.record_type in ("response", "request") else "text/plain",
        )
        writer.write_record(record)
    return buffer.getvalue()


def records(items: Iterable[RawRecord | RecordError]) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def errors(items: Iterable[RawRecord | RecordError]) -> list[RecordError]:
    return [item for item in items if isinstance(item, RecordError)]
