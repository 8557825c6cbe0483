"""A small mixed corpus for the Spark tests: the bundled examples plus copies, rewrites and bad inputs."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CEASEFIRE = (
    "خروقات للهدنة في ريف حماة الشمالي",
    "أفاد مصدر ميداني، صباح اليوم الأربعاء، بأن قوات النظام السوري قصفت بالمدفعية الثقيلة بلدة كفرزيتا "
    "في ريف حماة الشمالي، ما أدى إلى مقتل ٣ مدنيين وإصابة ٧ آخرين بجروح، في خرق جديد لاتفاق وقف إطلاق النار.",
    "وقال الدفاع المدني إن فرقه انتشلت جثث الضحايا من تحت أنقاض منزلين دمرهما القصف، مشيراً إلى أن بين "
    "المصابين امرأتين وطفلاً.",
    "من جهته، دعا المبعوث الأميركي الخاص إلى سوريا جميع الأطراف إلى «الالتزام الكامل بالتهدئة»، محذراً من أن "
    "استمرار الخروقات يهدد المسار السياسي.",
)
STRIKE = (
    "إضراب عام في مدينة نابلس",
    "شهدت مدينة نابلس في الضفة الغربية، يوم الاثنين، إضراباً شاملاً عمّ المحال التجارية والمدارس والجامعات، "
    "حداداً على أرواح أربعة شبان قُتلوا برصاص الجيش الإسرائيلي خلال اقتحامه البلدة القديمة فجر الأحد.",
    "وأعلنت وزارة الصحة الفلسطينية أن ١٢ شخصاً أصيبوا بالرصاص الحي خلال المواجهات التي اندلعت عقب الاقتحام، "
    "وصفت جراح اثنين منهم بالخطيرة.",
    "وقالت الرئاسة الفلسطينية في بيان إن «التصعيد الإسرائيلي سيجر المنطقة إلى مزيد من التوتر»، مطالبة "
    "المجتمع الدولي بالتدخل الفوري.",
)


def html(title: str, paragraphs: tuple[str, ...] | list[str], published: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        '<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة © 2024</footer></body></html>"
    ).encode()


def warc(pages: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def rewritten(text: str) -> str:
    """A lightly edited copy: a new opening line and two words changed, as another outlet runs it."""
    lines = text.split("\n\n")
    body = "\n\n".join(lines[1:]).replace("الأمريكية", "الأميركية", 1).replace("اليوم", "امس", 1)
    return "نقلت وكالات الأنباء التقرير التالي عن مراسليها في المنطقة.\n\n" + body


def build(root: Path) -> Path:
    """Write the corpus under `root/corpus` and return that folder."""
    corpus = root / "corpus"
    (corpus / "a-examples").mkdir(parents=True)
    for name in ("seed-article.txt", "protest-basra.html", "wire-reports.jsonl"):
        shutil.copy(EXAMPLES / name, corpus / "a-examples" / name)
    variants = corpus / "b-variants"
    variants.mkdir()
    seed = (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    (variants / "seed-exact-copy.txt").write_text(seed, encoding="utf-8")
    wire = [json.loads(line) for line in (EXAMPLES / "wire-reports.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = [
        json.dumps({**wire[-1], "id": "wire-rewritten", "text": rewritten(wire[-1]["text"])}, ensure_ascii=False),
        json.dumps(
            {"id": "ceasefire", "title": CEASEFIRE[0], "published": "2024-02-07", "text": "\n\n".join(CEASEFIRE[1:])},
            ensure_ascii=False,
        ),
        '{"id": "broken", "text": ',
    ]
    (variants / "wires-more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (variants / "empty.txt").write_bytes(b"")
    (variants / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    pages = [
        ("https://example.org/nablus-strike", html(STRIKE[0], STRIKE[1:], "2023-10-02T08:00:00+03:00")),
        ("https://example.net/mirror/nablus-strike", html(STRIKE[0], STRIKE[1:], "2023-10-02T08:00:00+03:00")),
        (
            "https://example.org/hama",
            html(CEASEFIRE[0], [*CEASEFIRE[1:3], "وتواصلت الاشتباكات حتى المساء."], "2024-02-07T12:00:00+02:00"),
        ),
    ]
    (corpus / "c-crawl.warc.gz").write_bytes(warc(pages))
    (corpus / "d-plain-article.txt").write_text("\n\n".join(STRIKE), encoding="utf-8")
    return corpus
