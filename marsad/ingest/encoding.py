"""Decoding input bytes whose encoding nobody declared.

Arabic news arrives as UTF-8 (with or without BOM), UTF-16, and the two legacy Arabic
code pages, windows-1256 and ISO-8859-6. Both legacy pages decode almost any byte
string, so the choice between them is made on what the result looks like: the
candidate with the larger share of Arabic letters among non-ASCII characters wins.

UTF-8 with a few broken bytes (a file cut mid-character, one stray byte from a bad
copy) is still UTF-8: the broken bytes become U+FFFD and the encoding name says how
many (see :func:`replaced_bytes`), instead of the whole file reading as mojibake or
being refused.
"""

from __future__ import annotations

import codecs
import math
import re

__all__ = ["DecodeError", "decode_bytes", "is_wide", "replaced_bytes", "replaced_name", "utf8_replacing"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ARABIC = re.compile("[\u0621-\u063a\u0641-\u064a]")  # letters, not tatweel or marks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What text decoded from a wrong guess is full of: controls, surrogates, unassigned
# and private-use code points.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufff0-\uffff]")
# UTF-8 is still UTF-8 with a few broken sequences among many good multi-byte
# characters: at most this share of them (and at least a few, for a file cut
# mid-character), four good ones for every broken one, and a few good ones at least.
# (Arabic in windows-1256 has almost no valid UTF-8 sequences, only broken ones.)
_MAX_BROKEN_SHARE = 0.02
_MIN_BROKEN_ALLOWED = 4
_MIN_GOOD_MULTIBYTE = 3
_REPLACED = re.compile(r"^utf-8, (\d+) invalid bytes? replaced$")


class DecodeError(ValueError):
    """The bytes are not text in any encoding marsad reads."""


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    # Arabic UTF-16 has 0x06 high bytes, ASCII has 0x00: either way one side is uniform.
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    high_odd = sum(1 for b in sample[1::2] if b == 0x06)
    high_even = sum(1 for b in sample[0::2] if b == 0x06)
    if high_odd > 0.3 * half:
        return "utf-16-le"
    if high_even > 0.3 * half:
        return "utf-16-be"
    return None


def is_wide(head: bytes) -> bool:
    """Whether bytes (a file's first block) are UTF-16 or UTF-32, which cannot be split
    into lines on the newline byte.

    Example:
        >>> is_wide("سطر\\n".encode("utf-16")), is_wide("سطر\\n".encode())
        (True, False)
    """
    return head.startswith(tuple(bom for bom, name in _BOMS if name != "utf-8")) or _looks_like_utf16(head) is not None


def replaced_bytes(encoding: str | None) -> int:
    """How many invalid bytes :func:`decode_bytes` replaced, from the encoding it named.

    Example:
        >>> replaced_bytes("utf-8, 3 invalid bytes replaced"), replaced_bytes("utf-8")
        (3, 0)
    """
    m = _REPLACED.match(encoding or "")
    return int(m.group(1)) if m else 0


def utf8_replacing(data: bytes) -> tuple[str, int, int]:
    """``data`` decoded as UTF-8 with broken sequences replaced by U+FFFD, how many
    were broken, and how many good non-ASCII characters there are.

    Example:
        >>> utf8_replacing("وصل".encode() + b"\\xff")
        ('وصل\ufffd', 1, 3)
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127) - broken
    return text, broken, good


def replaced_name(broken: int) -> str:
    """The encoding name for UTF-8 with ``broken`` bytes replaced (see :func:`replaced_bytes`)."""
    return f"utf-8, {broken} invalid byte{'s' if broken != 1 else ''} replaced"


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Text of UTF-8 bytes with a few broken sequences replaced, and how many; None when
    too many are broken for the bytes to be UTF-8 at all."""
    text, broken, good = utf8_replacing(data)
    if good < _MIN_GOOD_MULTIBYTE or good < 4 * broken:
        return None
    if broken > max(_MIN_BROKEN_ALLOWED, _MAX_BROKEN_SHARE * good):
        return None
    return text, broken


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    return len(_JUNK.findall(sample)) <= 0.05 * len(sample)


def _score(text: str) -> float:
    """Share of Arabic letters among non-ASCII characters (control characters count
    against): high for Arabic decoded right, low for anything decoded wrong."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    arabic = len(_ARABIC.findall(text))
    if not non_ascii or arabic < 3:
        return 0.0
    controls = len(_CONTROL.findall(text))
    return (arabic - 5 * controls) / non_ascii


# How common each Arabic letter is in running news text (per cent, rounded): the two
# legacy code pages put different letters on most bytes, and when both read as Arabic
# (a short text) the reading made of common letters is the right one («عدد الثلاثاء»
# in ISO-8859-6 reads «ظدد انثناثاء» in windows-1256).
_LETTER_PERCENT = {
    "ا": 12.4, "ل": 10.9, "ي": 7.0, "م": 6.0, "و": 5.9, "ن": 5.6, "ر": 4.5, "ب": 3.9,
    "ت": 3.6, "ع": 3.3, "ة": 2.8, "ف": 2.8, "ه": 2.5, "س": 2.5, "ق": 2.4, "أ": 2.3,
    "د": 2.2, "ك": 2.0, "ح": 2.0, "ج": 1.4, "ى": 1.0, "إ": 0.9, "ش": 0.9, "ص": 0.9,
    "ط": 0.9, "خ": 0.8, "ض": 0.6, "ذ": 0.6, "ز": 0.5, "ث": 0.5, "غ": 0.4, "ئ": 0.4,
    "ء": 0.4, "ظ": 0.2, "ؤ": 0.1, "آ": 0.1,
}  # fmt: skip
_LETTER_LOG = {letter: math.log(share / 100) for letter, share in _LETTER_PERCENT.items()}
_RARE_LOG = math.log(0.0005)


def _likelihood(text: str) -> float:
    """Mean log-frequency of the non-ASCII characters of a text, as Arabic letters
    (anything else counts as rare): higher for Arabic decoded right."""
    sample = [ch for ch in text[:20000] if ord(ch) > 127]
    if not sample:
        return _RARE_LOG
    return sum(_LETTER_LOG.get(ch, _RARE_LOG) for ch in sample) / len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and say which encoding it was in.

    Raises:
        DecodeError: for binary data (NUL bytes, control characters) or bytes that no
            candidate encoding turns into plausible text.

    Example:
        >>> decode_bytes("مرصد".encode("cp1256"))
        ('مرصد', 'windows-1256')
        >>> decode_bytes(codecs.BOM_UTF8 + "مرصد".encode())
        ('مرصد', 'utf-8-sig')
    """
    if not data:
        return "", "empty"
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not {name}: {exc.reason}") from None
            return text, "utf-8-sig" if name == "utf-8" else name
    utf16 = _looks_like_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            # Binary with many NUL bytes (an image, an archive) also has a uniform side.
            if _looks_like_text(text):
                return text, utf16
    if b"\x00" in data[:65536]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            text, broken = mostly
            if len(_CONTROL.findall(text[:20000])) > 0.05 * min(len(text), 20000):
                raise DecodeError("binary data (control characters), not text") from None
            return text, replaced_name(broken)
    else:
        if len(_CONTROL.findall(text[:20000])) > 0.05 * min(len(text), 20000):
            raise DecodeError("binary data (control characters), not text")
        return text, "utf-8"
    candidates: list[tuple[float, str, str]] = []
    for name in ("windows-1256", "iso-8859-6"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), name, text))
    if not candidates:
        raise DecodeError("not valid UTF-8, UTF-16, windows-1256 or ISO-8859-6")
    arabic = [c for c in candidates if c[0] >= 0.5]
    if arabic:
        # Both pages may read as Arabic letters: the one whose letters are common wins.
        _, name, text = max(arabic, key=lambda c: _likelihood(c[2]))
        return text, name
    # Not Arabic: a Western European page in its legacy code page is still an article
    # (kept and flagged as another language), binary junk is not.
    try:
        text = data.decode("windows-1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _CONTROL.search(text):
        return text, "windows-1252"
    raise DecodeError(
        "not valid UTF-8, and does not read as Arabic in windows-1256 or ISO-8859-6 (binary, or another encoding)"
    )
