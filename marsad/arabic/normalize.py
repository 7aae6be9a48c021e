"""Arabic normalisation: what two spellings of one word must share before they are compared.

Three levels, each for a different job:

* :func:`clean_visible` makes *display* text safe and canonical without changing what a
  reader sees: it folds presentation forms (U+FB50–U+FEFF) into base letters and drops
  invisible bidi controls and zero-width characters, which otherwise split words.
* :func:`normalize` is the *matching* form: no diacritics or tatweel, one alef, ى→ي,
  ة→ه, hamza carriers folded, Arabic-Indic digits to ASCII, lower-cased Latin.
* :func:`skeleton` is the *spelling-variant* key: the normalised word without its
  long vowels after the first letter, so ترمب/ترامب and أميركي/أمريكي meet.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "INVISIBLE",
    "clean_visible",
    "normalize",
    "normalize_word",
    "skeleton",
    "strip_diacritics",
]

# Bidi embeddings/overrides/isolates, marks, zero-width space/joiners, word joiner, BOM,
# soft hyphen, combining grapheme joiner, variation selectors: none of these is visible,
# all of them break word matching. (Listed one by one, not as ranges: callers build
# translation tables from the string as well as regex classes.)
INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff" + "".join(chr(cp) for cp in range(0xFE00, 0xFE10))
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

# Harakat, Quranic annotation marks, superscript alef, tatweel.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",  # Farsi yeh
        "ي": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",  # Farsi keheh
        "گ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
    }
)

_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())  # type: ignore[union-attr]
_UPPER = re.compile("[A-Z]")

# Letters that are written or not as a matter of spelling habit inside a word.
_LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None, "ء": None})


def clean_visible(text: str) -> str:
    """Fold presentation forms to base letters and drop invisible control characters.

    The result is what a reader sees, in canonical code points; lengths may change
    (one ligature becomes two letters), so call it *before* any span is taken.

    Example:
        >>> clean_visible("\ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd")
        'إسطنبول'
        >>> clean_visible("إسطن\u200cبول\u202e")
        'إسطنبول'
    """
    if not text:
        return text
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text


def strip_diacritics(text: str) -> str:
    """Remove harakat, Quranic marks and tatweel.

    Example:
        >>> strip_diacritics("مواطنَين")
        'مواطنين'
    """
    return _DIACRITICS.sub("", text)


def normalize(text: str) -> str:
    """The matching form of a text; same length is *not* guaranteed.

    Example:
        >>> normalize("إسطنبول") == normalize("اسطنبول")
        True
        >>> normalize("مدرسةٌ كُبرى ١٢")
        'مدرسه كبري 12'
    """
    text = clean_visible(text)
    text = _DIACRITICS.sub("", text)
    # A chain of str.replace is several times faster than str.translate on long
    # non-ASCII text, and normalisation runs over every paragraph of every article.
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text.lower() if _UPPER.search(text) else text


def normalize_word(word: str) -> str:
    """:func:`normalize` for one token (kept separate so callers can cache it)."""
    return _DIACRITICS.sub("", word).translate(_FOLD).lower()


def skeleton(word: str) -> str:
    """Spelling-variant key of one normalised word: long vowels dropped after the first letter.

    Example:
        >>> skeleton(normalize_word("ترامب")) == skeleton(normalize_word("ترمب"))
        True
        >>> skeleton(normalize_word("أميركي")) == skeleton(normalize_word("أمريكي"))
        True
    """
    if len(word) <= 2:
        return word
    return word[0] + word[1:].translate(_LONG_VOWELS)
