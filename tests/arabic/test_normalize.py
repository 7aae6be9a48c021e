import pytest

from marsad.arabic.normalize import clean_visible, normalize, skeleton


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إسطنبول", "اسطنبول"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مُؤتمَر", "موتمر"),
        ("الـــرياض", "الرياض"),
        ("٢٠٢٥", "2025"),
        ("۱۸", "18"),
        ("مسؤول", "مسوول"),
        ("«تاس»", '"تاس"'),
    ],
)
def test_spellings_meet_after_normalisation(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("ترمب", "ترامب"), ("أميركي", "أمريكي"), ("ميركل", "ميركيل"), ("بوتين", "بوتن")],
)
def test_long_vowel_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(normalize(a)) == skeleton(normalize(b))


def test_different_words_keep_different_skeletons() -> None:
    assert skeleton(normalize("لافروف")) != skeleton(normalize("ريابكوف"))


def test_presentation_forms_fold_to_base_letters() -> None:
    # «إسطنبول» typed in Arabic presentation forms (U+FE87 …), as some PDFs and old pages do.
    assert clean_visible("\ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd") == "إسطنبول"
    assert clean_visible("\ufefb") == "لا"


def test_bidi_and_zero_width_characters_disappear() -> None:
    dirty = "\u202bإسطن\u200cبول\u200f \ufeffموسكو\u2066"
    assert clean_visible(dirty) == "إسطنبول موسكو"
    assert normalize(dirty) == normalize("إسطنبول موسكو")
