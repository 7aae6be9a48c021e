"""Sentence segmentation that survives Arabic punctuation, quotes and abbreviations.

Paragraphs (lines) are split first; sentencex then splits inside each paragraph (it
keeps quoted speech together and does not split on the Arabic comma «،», unlike pysbd
and pyarabic). Its one weakness here, splits after one-letter abbreviations such as
«د.» (Dr) or «م.» is repaired afterwards.
"""

from __future__ import annotations

import re

from sentencex import segment

from marsad.model import Sentence

__all__ = ["split_sentences"]

# A sentence that ends in a one- or two-letter Arabic/Latin abbreviation, or a lone
# initial, did not really end.
_ABBREV_END = re.compile(r"(?:^|\s)(?:[\u0621-\u064a]|[A-Za-z]{1,2}|ص\.ب|ق\.م|ت)\.\s*$")
_MIN_SENTENCE_CHARS = 2


def _pieces(paragraph: str) -> list[str]:
    if not any(c in paragraph for c in ".!?؟…"):
        return [paragraph]
    return list(segment("ar", paragraph))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as spans, with their paragraph index.

    Example:
        >>> t = "قال د. أحمد إن الاجتماع استمر 4.5 ساعة. وأضاف: «هذا جيد. لكننا ننتظر المزيد».\\nعنوان فرعي"
        >>> [t[s.start:s.end] for s in split_sentences(t)]
        ['قال د. أحمد إن الاجتماع استمر 4.5 ساعة.', 'وأضاف: «هذا جيد. لكننا ننتظر المزيد».', 'عنوان فرعي']
    """
    sentences: list[Sentence] = []
    offset = 0
    paragraph = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        cursor = line_start
        pending: tuple[int, int] | None = None
        for piece in _pieces(line):
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.find(stripped, cursor, line_start + len(line))
            if start < 0:
                continue
            end = start + len(stripped)
            cursor = end
            if pending is not None:
                start = pending[0]
                pending = None
            if _ABBREV_END.search(text[start:end]) and end < line_start + len(line.rstrip()):
                pending = (start, end)
                continue
            if end - start >= _MIN_SENTENCE_CHARS:
                sentences.append(Sentence(start, end, paragraph))
        if pending is not None:
            sentences.append(Sentence(pending[0], pending[1], paragraph))
        paragraph += 1
    return sentences
