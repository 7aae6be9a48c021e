"""Decoding input bytes whose encoding nobody declared.

Arabic news arrives as UTF-8 (with or without BOM), UTF-16, and the two legacy Arabic
code pages, windows-1256 and ISO-8859-6. Both legacy pages decode almost any byte
string, so the choice between them is made on what the result looks like: the
candidate with the larger share of Arabic letters among non-ASCII characters wins.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ARABIC = re.compile("[\u0621-\u063a\u0641-\u064a]")  # letters, not tatweel or marks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def _score(text: str) -> float:
    """Share of Arabic letters among non-ASCII characters (control characters count
    against): high for Arabic decoded right, low for anything decoded wrong."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    arabic = len(_ARABIC.findall(text))
    if not non_ascii or arabic < 3:
        return 0.0
    controls = len(_CONTROL.findall(text))
    return (arabic - 5 * controls) / non_ascii


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
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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
    score, name, text = max(candidates, key=lambda c: c[0])
    if score >= 0.5:
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
