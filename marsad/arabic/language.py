"""Language identification (py3langid, its model ships inside the package)."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["arabic_letter_share", "detect_language"]

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefe]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_ARABIC_LETTERS = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06d2\u0679\u0688\u06be\u06c1]")
# Languages written in Arabic script that langid tells apart from Arabic.
_ARABIC_SCRIPT_LANGUAGES = {"fa", "ur", "ps", "ku", "ug", "sd"}


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def arabic_letter_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script."""
    letters = len(_LETTER.findall(text))
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def detect_language(text: str, min_arabic_share: float = 0.5) -> tuple[str | None, float]:
    """ISO 639-1 code of ``text`` and a confidence; (None, 0.0) when there is no text.

    Arabic script alone does not make a text Arabic (Persian, Urdu), and langid alone
    misreads short Arabic texts; both must agree, or the script share must be
    overwhelming.

    Example:
        >>> detect_language("وصل الوفد الروسي إلى إسطنبول لإجراء محادثات جديدة مع الوفد الأمريكي")[0]
        'ar'
        >>> detect_language("The delegation arrived in Istanbul for a new round of talks.")[0]
        'en'
    """
    sample = text[:2000]
    if not _LETTER.search(sample):
        return None, 0.0
    share = arabic_letter_share(sample[:600])
    # Persian and Urdu letters (پ چ ژ گ ک ی ے ٹ ڈ) tell them apart; without any, a text
    # written almost entirely in Arabic letters is Arabic, and langid is not needed.
    if share >= 0.95 and not _NON_ARABIC_LETTERS.search(sample):
        return "ar", share
    lang, prob = _identifier().classify(sample[:1000])
    if share >= min_arabic_share:
        if lang in _ARABIC_SCRIPT_LANGUAGES and prob >= 0.9:
            return lang, float(prob)
        return "ar", float(max(prob if lang == "ar" else 0.0, share))
    return lang, float(prob)
