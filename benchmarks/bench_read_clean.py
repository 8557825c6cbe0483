"""Benchmark the read and decode stages (and cleaning, when it exists) on one core.

Builds a corpus in a temporary directory: ~5 KB Arabic text articles in the seed's form
(title line, paragraphs, page junk) and ~5 KB-of-text HTML news pages, each made by
shuffling and recombining paragraphs (the bundled `examples/seed-article.txt` when it is
there, and paragraphs written for this benchmark), with a serial number in every article so
that no two inputs are the same. Then times read_inputs + decode (+ Cleaner) per kind and
prints documents/s and MB/s of input.

    python benchmarks/bench_read_clean.py [--articles 2000] [--pages 300]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import RecordError
from rasd.model import Document
from rasd.read import decode_records, read_inputs

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "examples" / "seed-article.txt"
TARGET_BYTES = 5 * 1024
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

PARAGRAPHS = (
    "أعلنت وزارة الداخلية العراقية، مساء الخميس، عن اعتقال خلية مؤلفة من خمسة أشخاص متهمين بالتخطيط "
    "لتنفيذ هجمات بعبوات ناسفة في أحياء متفرقة من العاصمة بغداد، مشيرة إلى ضبط أسلحة ومتفجرات بحوزتهم.",
    "وقال المتحدث باسم الوزارة في مؤتمر صحفي إن «العملية جاءت بناءً على معلومات استخبارية دقيقة»، "
    "مضيفاً أن التحقيقات ما زالت جارية لكشف الجهات التي تقف وراء الخلية ومصادر تمويلها.",
    "وفي سياق متصل، قُتل جنديان وأصيب ثلاثة آخرون بانفجار عبوة ناسفة استهدفت دورية للجيش على الطريق "
    "الرابط بين قضاء طوز خورماتو وناحية آمرلي في محافظة صلاح الدين، بحسب مصدر أمني.",
    "من جهتها، دانت بعثة الأمم المتحدة لمساعدة العراق (يونامي) الهجوم، ودعت السلطات إلى محاسبة "
    "المسؤولين عنه، مؤكدة دعمها لجهود الحكومة في بسط الأمن والاستقرار.",
    "وشهدت مدينة البصرة، صباح اليوم، وقفة احتجاجية نظمها العشرات من خريجي الجامعات أمام مبنى المحافظة، "
    "للمطالبة بتوفير فرص عمل، ورفعوا لافتات تندد بتفشي البطالة والفساد الإداري.",
    "وأفاد شهود عيان بأن قوات الأمن فرّقت المحتجين باستخدام خراطيم المياه بعد محاولتهم اقتحام البوابة "
    "الرئيسية، فيما لم ترد أنباء عن وقوع إصابات في صفوف الطرفين.",
    "وفي الشمال السوري، قصفت مدفعية الجيش التركي قرى في ريف تل رفعت، ما أسفر عن إصابة أربعة مدنيين "
    "بينهم طفل، وفق ما أفاد به المرصد السوري لحقوق الإنسان.",
    "وردّت قوات سوريا الديمقراطية بقصف مواقع لفصائل المعارضة المدعومة من أنقرة قرب مدينة مارع، "
    "في تصعيد هو الأعنف منذ مطلع الشهر الجاري.",
    "إلى ذلك، بحث وزير الخارجية الأردني مع نظيره المصري في اتصال هاتفي مستجدات الأوضاع في الأراضي "
    "الفلسطينية، وأكدا ضرورة وقف التصعيد وإدخال المساعدات الإنسانية دون عوائق.",
    "وكانت الحكومة اللبنانية قد أعلنت في وقت سابق حالة الطوارئ في المناطق الجنوبية، بعد سقوط قذائف "
    "على بلدات حدودية وتضرر عدد من المنازل والأراضي الزراعية.",
)
JUNK = (
    "اقرأ أيضاً: أسعار صرف الدولار في السوق الموازية اليوم",
    "شارك الخبر: فيسبوك | تويتر | واتساب",
    "جميع الحقوق محفوظة © 2024",
    "By continuing to use the site, you agree to the use of cookies.",
)


@dataclass(frozen=True)
class Run:
    label: str
    documents: int
    errors: int
    megabytes: float
    seconds: float


def load_paragraphs() -> list[str]:
    paragraphs = list(PARAGRAPHS)
    if SEED.is_file():
        lines = SEED.read_text(encoding="utf-8").split("\n")
        paragraphs += [line.strip() for line in lines[1:] if len(line.strip()) > 60]
    return paragraphs


def compose(rng: random.Random, paragraphs: list[str], serial: int) -> tuple[str, list[str]]:
    """Return (title, paragraphs) of about TARGET_BYTES, unique through its serial number."""
    number = str(serial).translate(ARABIC_DIGITS) if serial % 2 else str(serial)
    body = [f"تحديث رقم {number}: " + rng.choice(paragraphs)]
    while sum(len(p.encode()) for p in body) < TARGET_BYTES:
        body.append(rng.choice(paragraphs))
    rng.shuffle(body)
    title = " ".join(rng.choice(paragraphs).split()[:9])
    return title, body


def text_article(title: str, body: list[str], rng: random.Random) -> str:
    return title + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(rng.sample(JUNK, 2)) + "\n"


def html_page(title: str, body: list[str], serial: int) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | الموقع</title>'
        f'<meta property="article:published_time" content="2024-0{serial % 9 + 1}-1{serial % 10}T08:00:00Z">'
        '<meta name="author" content="قسم الأخبار"></head><body><header><nav><ul>'
        '<li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/sport">رياضة</a></li>'
        f"</ul></nav></header><main><article><h1>{title}</h1>{paragraphs}</article></main>"
        '<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a">خبر أول</a></li><li><a href="/b">خبر ثان</a></li></ul>'
        f"</aside><footer>{JUNK[2]}</footer><script>var page = {serial};</script></body></html>"
    )


def build_corpus(root: Path, articles: int, pages: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    paragraphs = load_paragraphs()
    texts, htmls = root / "texts", root / "pages"
    texts.mkdir()
    htmls.mkdir()
    for serial in range(articles):
        title, body = compose(rng, paragraphs, serial)
        (texts / f"article-{serial:05d}.txt").write_text(text_article(title, body, rng), encoding="utf-8")
    for serial in range(pages):
        title, body = compose(rng, paragraphs, serial)
        (htmls / f"page-{serial:05d}.html").write_text(html_page(title, body, serial), encoding="utf-8")
    return texts, htmls


def load_cleaner() -> Callable[[Document], Document] | None:
    if importlib.util.find_spec("rasd.clean") is None:
        return None
    from rasd import clean

    cleaner_class = getattr(clean, "Cleaner", None)
    return cleaner_class.load() if cleaner_class is not None else None


def documents(folder: Path, cleaner: Callable[[Document], Document] | None) -> Iterator[Document | RecordError]:
    for item in decode_records(read_inputs([str(folder)])):
        yield cleaner(item) if cleaner is not None and isinstance(item, Document) else item


def measure(label: str, folder: Path, cleaner: Callable[[Document], Document] | None) -> Run:
    size = sum(path.stat().st_size for path in folder.iterdir())
    start = time.perf_counter()
    done = failed = 0
    for item in documents(folder, cleaner):
        if isinstance(item, RecordError):
            failed += 1
        else:
            done += 1
    return Run(label, done, failed, size / 1e6, time.perf_counter() - start)


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "single process (no CPU pinning on this OS)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="text articles to generate")
    parser.add_argument("--pages", type=int, default=300, help="HTML pages to generate")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the corpus")
    args = parser.parse_args()
    note = pin_to_one_core()
    cleaner = load_cleaner()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        texts, htmls = build_corpus(Path(tmp), args.articles, args.pages, args.seed)
        # Warm-up: imports, trafilatura's first-call setup and the file cache are not what is measured.
        list(documents(htmls, cleaner))
        list(documents(texts, cleaner))
        runs = [measure("text: read+decode", texts, None), measure("html: read+decode", htmls, None)]
        if cleaner is not None:
            runs += [
                measure("text: read+decode+clean", texts, cleaner),
                measure("html: read+decode+clean", htmls, cleaner),
            ]
    print(
        f"rasd read/decode benchmark ({note}; seed article {'used' if SEED.is_file() else 'absent'};"
        f" cleaning {'measured' if cleaner else 'not available'})"
    )
    print(f"{'stage':<26}{'docs':>7}{'errors':>8}{'MB':>8}{'seconds':>9}{'docs/s':>9}{'MB/s':>8}")
    for run in runs:
        print(
            f"{run.label:<26}{run.documents:>7}{run.errors:>8}{run.megabytes:>8.1f}{run.seconds:>9.2f}"
            f"{run.documents / run.seconds:>9.0f}{run.megabytes / run.seconds:>8.2f}"
        )


if __name__ == "__main__":
    main()
