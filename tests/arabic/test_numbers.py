"""Arabic counts: digits, number words, counted nouns, bounds and vague plurals."""

from __future__ import annotations

import pytest

from rasd.arabic.numbers import APPROXIMATE, AT_LEAST, AT_MOST, EXACT, NumberLexicon, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("28", 28),
        ("٢٨", 28),
        ("۱۵", 15),
        ("1,200", 1200),
        ("واحد", 1),
        ("واحدة", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاثة", 3),
        ("سبعة", 7),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("تسعة عشر", 19),
        ("عشرون", 20),
        ("عشرين", 20),
        ("تسعين", 90),
        ("خمسة وعشرين", 25),
        ("ثلاثة وأربعون", 43),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاثمائة", 300),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("مئة وخمسون", 150),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("ألف ومئتين وخمسة وعشرين", 1225),
        ("350 ألف شخص", 350000),
        ("1.5 مليون", 1500000),
        ("وخمسة أشخاص", 5),
    ],
)
def test_reads_digits_and_number_words(text: str, value: int) -> None:
    quantity = parse_number(text)
    assert quantity is not None
    assert (quantity.value, quantity.qualifier) == (value, EXACT)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("جنديين", 2),
        ("قتيلان", 2),
        ("شخصين", 2),
        ("مدنيان", 2),
        ("مقتل مقاول مدني", 1),
        ("مقتل جندي", 1),
        ("إصابة طفلة", 1),
    ],
)
def test_counted_nouns_carry_their_number(text: str, value: int) -> None:
    quantity = parse_number(text)
    assert quantity is not None and quantity.value == value
    assert quantity.qualifier == EXACT


def test_sound_plural_in_yn_is_at_least_two() -> None:
    # «مقاولين» without vowels is a dual (two) or a plural (three or more).
    quantity = parse_number("مقاولين أمريكيين")
    assert quantity is not None
    assert (quantity.value, quantity.qualifier) == (2, AT_LEAST)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("ما لا يقل عن 28", 28, AT_LEAST),
        ("أكثر من 10", 10, AT_LEAST),
        ("اكثر من عشرة", 10, AT_LEAST),
        ("ما يزيد على ٣٠", 30, AT_LEAST),
        ("25 على الأقل", 25, AT_LEAST),
        ("18 شخصا على الأقل", 18, AT_LEAST),
        ("قرابة 14 صاروخا", 14, APPROXIMATE),
        ("نحو 50 آخرين", 50, APPROXIMATE),
        ("بنحو خمسين", 50, APPROXIMATE),
        ("حوالي 200", 200, APPROXIMATE),
        ("حوالى 200", 200, APPROXIMATE),
        ("زهاء ألف", 1000, APPROXIMATE),
        ("20 تقريبا", 20, APPROXIMATE),
        ("أقل من 5", 5, AT_MOST),
    ],
)
def test_bounds_and_approximations(text: str, value: int, qualifier: str) -> None:
    quantity = parse_number(text)
    assert quantity is not None
    assert (quantity.value, quantity.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("عشرات", "dozens"),
        ("العشرات", "dozens"),
        ("بالعشرات", "dozens"),
        ("مئات الجرحى", "hundreds"),
        ("المئات", "hundreds"),
        ("آلاف المتظاهرين", "thousands"),
        ("عشرات الآلاف", "tens_of_thousands"),
        ("بضعة أشخاص", "several"),
    ],
)
def test_vague_plurals_give_a_scale_not_a_number(text: str, scale: str) -> None:
    quantity = parse_number(text)
    assert quantity is not None
    assert quantity.value is None
    assert quantity.scale == scale
    assert scale in quantity.flags()


@pytest.mark.parametrize("text", ["يوم الأحد", "الاثنين", "قال المصدر", ""])
def test_weekdays_and_plain_words_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_listed_forms_read_as_the_stems_do() -> None:
    """The forms listed at load give every token the reading its stems give («وبثلاثة», «للعشرات»)."""
    lexicon = NumberLexicon.load()
    words = [*lexicon.words, *lexicon.nouns, "بيان", "مقتل", "الجيش", "عشرات", "مئات", "الف"]
    for word in words:
        for article in ("", "ال", "لل"):
            for clitic in ("", "و", "ب", "وب", "ل", "ف", "ك"):
                token = clitic + article + word
                for nouns in (False, True):
                    assert lexicon.number_word(token, nouns=nouns) == lexicon._read_word(token, nouns=nouns), token
