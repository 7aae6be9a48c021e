"""Lexicons: folding, month and weekday names, number words."""

import pytest

from marsad.temporal.words import (
    CARDINALS,
    DAY_ORDINALS,
    HIJRI_MONTHS,
    HOUR_WORDS,
    MONTHS,
    NTH_ORDINALS,
    WEEKDAYS,
    fold,
)


def test_fold_keeps_length_and_maps_letters_and_digits():
    text = "الأربعاء ١٨ إبريل ٢٠٢٥ ٪"
    assert len(fold(text)) == len(text)
    assert fold(text) == "الاربعاء 18 ابريل 2025 %"


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("يناير", 1), ("كانون الثاني", 1), ("فبراير", 2), ("شباط", 2), ("مارس", 3),
        ("آذار", 3), ("أبريل", 4), ("إبريل", 4), ("نيسان", 4), ("مايو", 5), ("أيار", 5),
        ("يونيو", 6), ("يونيه", 6), ("حزيران", 6), ("يوليو", 7), ("يوليه", 7), ("تموز", 7),
        ("أغسطس", 8), ("اغسطس", 8), ("آب", 8), ("سبتمبر", 9), ("أيلول", 9), ("أكتوبر", 10),
        ("تشرين الأول", 10), ("نوفمبر", 11), ("تشرين الثاني", 11), ("ديسمبر", 12),
        ("كانون الأول", 12),
    ],
)  # fmt: skip
def test_both_month_families_and_spellings(name, month):
    assert MONTHS[fold(name)] == month


def test_weekdays_are_numbered_like_python():
    assert WEEKDAYS[fold("الاثنين")] == 0
    assert WEEKDAYS[fold("الإثنين")] == 0
    assert WEEKDAYS[fold("الأحد")] == 6
    assert WEEKDAYS[fold("الجمعة")] == 4


@pytest.mark.parametrize(
    ("words", "n"),
    [("ثلاث", 3), ("ثلاثة", 3), ("عشرين", 20), ("ثمانية عشرة", 18), ("خمس وأربعون", 45),
     ("ثلاثة وعشرين", 23), ("اثنا عشر", 12)],
)  # fmt: skip
def test_cardinals(words, n):
    assert CARDINALS[fold(words)] == n


@pytest.mark.parametrize(
    ("words", "n"),
    [("الأول", 1), ("الثالث", 3), ("الحادي عشر", 11), ("الثالث عشرة", 13), ("العشرين", 20),
     ("الثالث والعشرون", 23), ("الحادي والثلاثين", 31), ("ثالث", 3)],
)  # fmt: skip
def test_day_ordinals(words, n):
    assert DAY_ORDINALS[fold(words)] == n


def test_hours_nth_and_hijri():
    assert HOUR_WORDS[fold("الحادية عشرة")] == 11
    assert HOUR_WORDS[fold("الثالثة")] == 3
    assert NTH_ORDINALS[fold("آخر")] == -1
    assert NTH_ORDINALS[fold("ثان")] == 2
    assert HIJRI_MONTHS[fold("ذو الحجة")] == 12
    assert HIJRI_MONTHS[fold("رمضان")] == 9
