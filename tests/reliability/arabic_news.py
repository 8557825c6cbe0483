"""Word lists for generated Arabic news sentences: verb + noun phrase + place, in our own words."""

from __future__ import annotations

from hypothesis import strategies as st

# Past-tense verbs as agencies write them, with the subject after the verb (VSO order).
VERBS = (
    "قصفت",
    "استهدفت",
    "اقتحمت",
    "داهمت",
    "اعتقلت",
    "هاجم",
    "أطلق",
    "فرّقت",
    "اغتالت",
    "حاصرت",
    "أعلنت",
    "نظّم",
    "شنّت",
    "أسقطت",
    "فجّر",
)
SUBJECTS = (
    "قوات الاحتلال",
    "طائرات حربية روسية",
    "الجيش الإسرائيلي",
    "مسلحون مجهولون",
    "قوات الأمن العراقية",
    "الشرطة المصرية",
    "فصائل المعارضة السورية",
    "مقاتلو جماعة الحوثي",
    "عناصر تنظيم الدولة",
    "الجيش الأمريكي",
    "الجيش الأميركي",
    "قوات الدعم السريع",
    "متظاهرون غاضبون",
)
OBJECTS = (
    "مواقع عسكرية",
    "حاجزاً أمنياً",
    "مخيماً للنازحين",
    "عشرات المحتجين",
    "منزل قيادي بارز",
    "مقراً حكومياً",
    "قافلة مساعدات إنسانية",
    "مستشفى ميدانياً",
    "سوقاً شعبية",
    "ثلاثة ناشطين",
)
PLACES = (
    "في مدينة حلب",
    "قرب دمشق",
    "في ريف إدلب الجنوبي",
    "وسط بغداد",
    "في حي الشجاعية بغزة",
    "شمالي الموصل",
    "في محافظة البصرة",
    "على أطراف صنعاء",
    "في مدينة الخرطوم",
    "جنوب طرابلس",
    "في مدينة الإسكندرية",
    "قرب معبر رفح",
    "في بلدة سراقب",
)
TIMES = ("", " فجر اليوم", " مساء الثلاثاء", " يوم الأحد", " صباح ٣ مارس", " في 12 أيار الماضي")
TOLLS = (
    "",
    "، ما أسفر عن مقتل خمسة أشخاص",
    "، وأدى ذلك إلى إصابة ١٢ مدنياً",
    "، بحسب مصادر محلية",
    "، وفق ما أفاد مراسلنا",
)
# An article sentence ends with a stop, or with a comma when the scraper broke the paragraph
# mid-sentence. A line with no final mark right under a «read also» header is, to the cleaner,
# a linked headline (by design: the two look alike), so none is generated.
ENDINGS = (".", " .", "!", ".»", "،", ",")

# Page furniture a scraper drags in with the article.
BOILERPLATE = (
    "اقرأ أيضاً:",
    "شارك على فيسبوك",
    "تابعونا على تويتر",
    "جميع الحقوق محفوظة © 2024",
    "الرئيسية > أخبار > عربي ودولي",
    "اشترك في النشرة البريدية",
    "مواضيع ذات صلة",
    "إعلان",
)


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    """One event sentence: verb, subject, object, place, optional time and toll."""
    return "".join(
        (
            draw(st.sampled_from(VERBS)),
            " ",
            draw(st.sampled_from(SUBJECTS)),
            " ",
            draw(st.sampled_from(OBJECTS)),
            " ",
            draw(st.sampled_from(PLACES)),
            draw(st.sampled_from(TIMES)),
            draw(st.sampled_from(TOLLS)),
            draw(st.sampled_from(ENDINGS)),
        )
    )


@st.composite
def page_with_articles(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A scraped page: a title, article sentences (one per line) and furniture around them."""
    sentences = draw(st.lists(news_sentence(), min_size=1, max_size=5, unique=True))
    head = draw(st.lists(st.sampled_from(BOILERPLATE), max_size=3))
    tail = draw(st.lists(st.sampled_from(BOILERPLATE), max_size=4))
    title = draw(st.sampled_from(("عاجل: تصعيد جديد", "تطورات ميدانية", "آخر الأخبار")))
    lines = [title, *head, "", *sentences, "", *tail]
    return "\n".join(lines), sentences
