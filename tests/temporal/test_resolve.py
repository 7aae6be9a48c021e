"""Anchoring Specs on a reference: directions, policies, partial references, calendars."""

from datetime import date

import pytest

from marsad.temporal.resolve import (
    DUCKLING,
    NEWS,
    Reference,
    Spec,
    easter,
    format_value,
    resolve,
    tense_cue,
)
from marsad.temporal.words import fold

THURSDAY = Reference.parse("2025-04-10")


def test_reference_parsing():
    r = Reference.parse("2018-07-15T21:56:56+04:00")
    assert (r.year, r.month, r.day, r.hour, r.minute, r.second, r.tz_minutes) == (2018, 7, 15, 21, 56, 56, 240)
    assert Reference.parse("2022-12").grain == "month"
    assert Reference.parse("2022").grain == "year"
    assert Reference.parse("not a date").grain is None
    assert Reference.parse("2025-02-30").grain is None


@pytest.mark.parametrize(
    ("weekday", "cue", "value"),
    [
        (3, None, "2025-04-10"),  # Thursday, published Thursday: that day
        (1, None, "2025-04-08"),  # Tuesday: the one just before
        (2, None, "2025-04-09"),
        (4, None, "2025-04-04"),  # Friday: last week's
        (4, "future", "2025-04-11"),
        (3, "future", "2025-04-10"),  # on or after
    ],
)
def test_weekday_direction(weekday, cue, value):
    assert resolve(Spec(weekday=weekday), THURSDAY, NEWS, cue).value == value


def test_explicit_modifiers_are_strict():
    assert resolve(Spec(weekday=3, direction="past_strict"), THURSDAY).value == "2025-04-03"
    assert resolve(Spec(weekday=3, direction="future_strict"), THURSDAY).value == "2025-04-17"
    assert resolve(Spec(month=4, direction="past_strict"), THURSDAY).value == "2024-04"
    assert resolve(Spec(month=4, direction="this"), THURSDAY).value == "2025-04"


def test_duckling_policy_looks_forward():
    ref = Reference.parse("2013-02-12T04:30:00-02:00")  # a Tuesday
    assert resolve(Spec(weekday=1), ref, DUCKLING).value == "2013-02-19"
    assert resolve(Spec(month=10, day=3), ref, DUCKLING).value == "2013-10-03"
    assert resolve(Spec(hour=3), ref, DUCKLING).value == "2013-02-12T15:00"
    assert resolve(Spec(hour=3), ref, NEWS).value == "2013-02-12T03:00"


def test_weekday_and_date_fix_the_year():
    # «الأحد 23 فبراير» with no year, read in 2030: the nearest year where it is a Sunday.
    r = resolve(Spec(weekday=6, month=2, day=23), Reference.parse("2030-03-01"))
    assert r.value in ("2025-02-23", "2031-02-23")
    assert date.fromisoformat(r.value).weekday() == 6


def test_relative_units_and_shifts():
    assert resolve(Spec(rel_unit="week", rel_offset=-1), THURSDAY).value == "2025-W14"
    assert resolve(Spec(rel_unit="month", rel_offset=1), THURSDAY).value == "2025-05"
    assert resolve(Spec(shift=("year", -3)), THURSDAY).value == "2022"
    assert resolve(Spec(shift=("day", -2)), THURSDAY).value == "2025-04-08"
    assert resolve(Spec(rel_unit="week", rel_offset=-1, weekday=6), THURSDAY).value == "2025-04-06"


def test_partial_reference():
    december = Reference.parse("2022-12")
    assert resolve(Spec(weekday=0), december).value is None
    assert resolve(Spec(rel_unit="month", rel_offset=0), december).value == "2022-12"
    assert resolve(Spec(month=12, day=18), december).value == "2022-12-18"
    assert resolve(Spec(month=2, day=18), Reference()).value == "XXXX-02-18"
    assert resolve(Spec(month=2), Reference()).value == "XXXX-02"


def test_hijri_and_holidays():
    assert resolve(Spec(hijri_year=1446, hijri_month=9, hijri_day=15), THURSDAY).value == "2025-03-15"
    ramadan = resolve(Spec(hijri_month=9, year=2019), THURSDAY)
    assert (ramadan.value, ramadan.end_value, ramadan.kind) == ("2019-05-06", "2019-06-03", "interval")
    assert resolve(Spec(holiday=fold("عيد الفطر"), year=2013), THURSDAY).value == "2013-08-08"
    assert resolve(Spec(holiday=fold("عيد الفصح"), year=2013), THURSDAY).value == "2013-03-31"
    assert easter(2024) == date(2024, 3, 31)


def test_durations_ranges_and_out_of_calendar():
    assert resolve(Spec(duration=("hour", 4.5)), THURSDAY).value == "PT4.5H"
    assert resolve(Spec(duration=("day", 3)), THURSDAY).kind == "duration"
    r = resolve(Spec(month=5, day=3, end=Spec(month=5, day=5)), THURSDAY)
    assert (r.value, r.end_value, r.kind) == ("2025-05-03", "2025-05-05", "interval")
    assert resolve(Spec(shift=("year", -3000)), THURSDAY).value is None


def test_format_value_by_grain():
    from datetime import datetime

    dt = datetime(2025, 2, 18, 14, 5, 9)
    assert [format_value(dt, g) for g in ("year", "month", "week", "day", "hour", "minute", "second")] == [
        "2025", "2025-02", "2025-W08", "2025-02-18", "2025-02-18T14:00", "2025-02-18T14:05",
        "2025-02-18T14:05:09",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "word", "cue"),
    [
        ("قال الوزير الخميس إن", "الخميس", "past"),
        ("سيعقد الاجتماع الخميس", "الخميس", "future"),
        ("سوف يصل الوفد الخميس", "الخميس", "future"),
        ("يعتزم الرئيس زيارة المدينة الخميس", "الخميس", "future"),
        ("التقى سيرغي لافروف الخميس", "الخميس", "past"),
        ("وصرح المتحدث الخميس بأن الوفد سيصل", "الخميس", "past"),
        ("وفي تصريح للمتحدث الخميس بأن الوفد سيصل", "الخميس", None),
        ("تغيرت الأسعار منذ سبتمبر", "سبتمبر", "past"),
    ],
)
def test_tense_cues(sentence, word, cue):
    folded = fold(sentence)
    start = folded.index(fold(word))
    assert tense_cue(folded, start, start + len(word)) == cue
