"""Quantities: value, hedge, what is counted; numbers that are not quantities left out."""

import pytest

from marsad.facts.numbers import Quantity, compatible, find_quantities, format_value


def _q(text: str) -> list[tuple[float, str, str]]:
    return [(q.value, q.qualifier, q.cls) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل أربعة أشخاص في الانفجار", [(4.0, "exact", "death")]),
        ("أسفر الحادث عن إصابة 12 راكباً", [(12.0, "exact", "injured")]),
        ("بلغت الخسائر نحو 3.5 مليون دولار", [(3.5e6, "approx", "money:usd")]),
        ("شارك في السباق أكثر من 2000 متفرج", [(2000.0, "more", "attendance")]),
        ("استمرت المباراة ساعتين", [(2.0, "exact", "duration:hour")]),
        ("ارتفعت الأسعار بنسبة 7%", [(7.0, "exact", "percent")]),
        ("تضم القافلة خمس عشرة شاحنة", [(15.0, "exact", "n:شاحنه")]),
        ("استقبل المعرض 15 ألف زائر", [(15000.0, "exact", "attendance")]),
    ],
)
def test_values_hedges_and_classes(text: str, expected: list) -> None:
    assert _q(text) == expected


def test_numbers_that_are_not_quantities() -> None:
    assert find_quantities("وصل الوفد الساعة 10:45 وانتهت المباراة بنتيجة 2-1 في القاعة رقم 3 عام 2031") == []


def test_partial_counts_and_updates() -> None:
    qs = find_quantities("ارتفعت حصيلة الضحايا إلى سبعة قتلى، بينهم ثلاثة أطفال، فيما لا يزال مصابان في المستشفى")
    death = [q for q in qs if q.cls == "death"]
    assert [(q.value, q.update, q.direction) for q in death] == [(7.0, True, 1)]
    assert all(q.partial for q in qs if q.value == 3.0)
    fall = find_quantities("انخفض عدد النازحين إلى 400 شخص")
    assert [(q.value, q.direction) for q in fall] == [(400.0, -1)]


def test_ages_are_not_durations() -> None:
    qs = find_quantities("وتوفي المدرب البالغ 61 عاما بعد مسيرة استمرت 30 عاما")
    assert [(q.value, q.cls, q.partial) for q in qs] == [(61.0, "age", True), (30.0, "duration:year", False)]


def test_compatible_values() -> None:
    def q(v: float, h: str = "exact") -> Quantity:
        return Quantity(v, h, "goods", "سلعة", 0, 0, "")

    assert not compatible(q(95), q(100, "more"))
    assert compatible(q(120), q(100, "more"))
    assert compatible(q(98), q(100, "approx")) and not compatible(q(90), q(100, "approx"))
    assert not compatible(q(4), q(3))
    assert format_value(Quantity(2.5e9, "approx", "money:usd", "دولار", 0, 0, "")) == "نحو 2.5 مليار دولار"
