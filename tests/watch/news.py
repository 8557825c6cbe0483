"""A small Arabic news site for the watcher's tests: pages, an RSS and an Atom feed, sitemaps.

The articles are written for these tests in the register of wire copy (hamza and alef
variants, أمريكي/أميركي, Arabic-Indic digits included).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published_meta: str | None = None  # the page's own publication date, when it states one

    def html(self, charset: str = "utf-8") -> bytes:
        meta = (
            f'<meta property="article:published_time" content="{self.published_meta}">' if self.published_meta else ""
        )
        body = "".join(f"<p>{paragraph}</p>" for paragraph in self.paragraphs)
        page = (
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
            f"<title>{self.title} | شبكة الأنباء</title>{meta}</head><body>"
            '<nav><a href="/">الرئيسية</a> | <a href="/politics">سياسة</a> | <a href="/economy">اقتصاد</a></nav>'
            f"<main><article><h1>{self.title}</h1>{body}</article></main>"
            "<footer>جميع الحقوق محفوظة لشبكة الأنباء</footer></body></html>"
        )
        return page.encode(charset)


IDLIB = Article(
    "/news/idlib-strikes.html",
    "غارات جوية على ريف إدلب الجنوبي",
    (
        "شنّت طائرات حربية روسية غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أسفر عن"
        " مقتل ٣ مدنيين وإصابة ٧ آخرين، وفق ما أفاد الدفاع المدني السوري.",
        "وقال مسؤول في الدفاع المدني إن فرق الإنقاذ انتشلت الضحايا من تحت الأنقاض، مشيراً إلى أن الغارات"
        " استهدفت سوقاً شعبية وسط البلدة في ساعات الذروة.",
        "وتشهد المنطقة تصعيداً عسكرياً منذ أسابيع، إذ تتبادل القوات الحكومية وفصائل المعارضة القصف"
        " المدفعي على خطوط التماس في ريفي إدلب وحماة.",
    ),
)
BAGHDAD = Article(
    "/news/baghdad-protest.html",
    "متظاهرون أمام السفارة الأميركية في بغداد",
    (
        "تظاهر مئات المحتجين أمام مبنى السفارة الأميركية في بغداد يوم الأحد، ورفع المتظاهرون لافتات"
        " تطالب بانسحاب القوات الأمريكية من العراق.",
        "وذكرت وكالة الأنباء العراقية أن قوات الأمن فرّقت المحتجين باستخدام الغاز المسيل للدموع، ما أدى"
        " إلى إصابة ١٢ شخصاً بحالات اختناق نُقلوا على إثرها إلى المستشفيات القريبة.",
        "ودعت فصائل سياسية عراقية إلى مواصلة الاحتجاجات حتى تحقيق مطالبها، فيما لم يصدر أي تعليق رسمي"
        " عن السفارة حتى مساء الأحد.",
    ),
    published_meta="2024-05-12T18:00:00+03:00",
)
SANCTIONS = Article(
    "/world/sanctions.html",
    "واشنطن تفرض عقوبات على شركات إيرانية",
    (
        "قال المتحدث باسم وزارة الخارجية الأمريكية إن الولايات المتحدة فرضت عقوبات جديدة على ثلاث شركات"
        " إيرانية متهمة بتزويد جماعة الحوثي بطائرات مسيّرة وقطع غيار للصواريخ.",
        "وأوضح المتحدث في مؤتمر صحفي أن العقوبات تشمل تجميد أصول الشركات في الولايات المتحدة ومنع"
        " التعامل معها، مؤكداً أن واشنطن ستواصل الضغط على طهران.",
        "ولم تعلّق الحكومة الإيرانية على القرار حتى الآن، لكن وسائل إعلام محلية وصفت العقوبات بأنها"
        " جزء من سياسة الضغوط القصوى.",
    ),
)
FASHER = Article(
    "/news/fasher-clashes.html",
    "اشتباكات عنيفة في الفاشر",
    (
        "اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر بولاية شمال دارفور"
        " مساء الثلاثاء، ما أسفر عن مقتل ١٥ شخصاً على الأقل بحسب مصادر طبية.",
        "وقالت المصادر إن القصف طال أحياء سكنية في شرق المدينة، وإن عشرات الأسر نزحت نحو المخيمات"
        " القريبة هرباً من المعارك.",
        "وتحاصر قوات الدعم السريع المدينة منذ أشهر، وسط تحذيرات أممية من كارثة إنسانية وشيكة.",
    ),
)
RAIDS = Article(
    "/news/westbank-arrests.html",
    "اعتقالات في الضفة الغربية",
    (
        "اعتقلت القوات الإسرائيلية ٢٠ فلسطينياً خلال مداهمات في مدن الضفة الغربية فجر اليوم، بحسب ما"
        " أعلن نادي الأسير الفلسطيني في بيان.",
        "وأوضح البيان أن الاعتقالات تركزت في مدينتي نابلس وجنين، وأن القوات داهمت عشرات المنازل وعبثت بمحتوياتها.",
        "وتشهد الضفة الغربية حملات اعتقال شبه يومية منذ أشهر، تقول إسرائيل إنها تستهدف مطلوبين.",
    ),
)
CAIRO = Article(
    "/politics/cairo-visit.html",
    "وزير الخارجية التركي في القاهرة",
    (
        "استقبل الرئيس المصري في القاهرة يوم الأربعاء وزير الخارجية التركي، وبحث الجانبان سبل تعزيز"
        " العلاقات الثنائية والتطورات في المنطقة.",
        "وقال المتحدث باسم الرئاسة المصرية إن اللقاء تناول ملفات التجارة والطاقة، إضافة إلى الأوضاع في ليبيا والسودان.",
        "وتأتي الزيارة في إطار تقارب بين البلدين بعد سنوات من القطيعة الدبلوماسية.",
    ),
)


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title, pubDate) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>شبكة الأنباء</title>'
        f"<link>{base}/</link><description>آخر الأخبار</description>{entries}</channel></rss>"
    ).encode()


def atom(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of (path, title, published) entries; links relative to the feed."""
    entries = "".join(
        f'<entry><title>{title}</title><link rel="alternate" href="{path}"/><id>{base}{path}</id>'
        f"<published>{date}</published><updated>{date}</updated></entry>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:base="{base}/"><title>شبكة الأنباء - العالم</title><id>{base}/atom.xml</id>'
        f"<updated>2024-05-14T10:00:00Z</updated>{entries}</feed>"
    ).encode()


def news_sitemap(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """A news sitemap of (path, title, publication_date) entries."""
    urls = "".join(
        f"<url><loc>{base}{path}</loc><lastmod>2024-06-01</lastmod><news:news><news:publication>"
        "<news:name>شبكة الأنباء</news:name><news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>"
        "</news:news></url>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def url_set(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{path}</loc><lastmod>2024-05-15</lastmod></url>" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def sitemap_index(base: str, paths: list[tuple[str, str]]) -> bytes:
    """A sitemap index of (path, lastmod) children."""
    children = "".join(f"<sitemap><loc>{base}{path}</loc><lastmod>{date}</lastmod></sitemap>" for path, date in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
    ).encode()
