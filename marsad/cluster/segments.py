"""Off-topic segments: an unrelated story glued onto the tail of an article.

Outlets append a second, unrelated item to an article («ويذكر أن الرئيس الأوكراني…»
under a report on Russia–US consultations). Such a tail is kept in the article but
flagged, so it stays out of the story's clustering signal, facts, timeline and summary.

A tail is off-topic when its words and names barely overlap the rest of the article
(title and earlier paragraphs), it introduces names of its own, and it is long enough
to be a report rather than a closing remark. A topic-shift opener («وفي سياق آخر»,
«من جهة أخرى», «ويذكر أن») lowers the bar; it is not required.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter

from marsad.arabic.normalize import normalize
from marsad.cluster.terms import IdfTable, content_lemmas, load_idf, paragraph_lemmas
from marsad.model import Article, Sentence

__all__ = ["find_offtopic_tail", "mark_segments"]

logger = logging.getLogger(__name__)

# Openers that announce a change of subject.
_SHIFT = re.compile(
    r"^\W*(?:و|ف)?(?:في سياق (?:اخر|منفصل)|من جهه اخري|من ناحيه اخري|علي صعيد (?:اخر|منفصل)|"
    r"في شان (?:اخر|منفصل)|في خبر اخر|في تطور (?:اخر|منفصل)|في موضوع اخر|ننتقل الي)"
)
# Openers of an aside that may or may not change the subject («ويذكر أن …»).
_ASIDE = re.compile(r"^\W*(?:و|ف)?(?:يذكر ان|الجدير بالذكر|في غضون ذلك|يشار الي ان)")
# Openers that carry the discourse on: the paragraph continues what came before.
_CONTINUATION = re.compile(
    r"^\W*(?:[وف]\S|من جهته|من جانبه|من جهتها|من جانبها|كذلك|كما|بعيدا عن|ايضا|لكن|الا ان|غير ان|بينما|فيما|"
    r"حيث|ثم|اما|هذا|وهذا|لذلك|لهذا|بعد ذلك|في المقابل|بالمقابل|\w+\s*:)"
)
_MIN_TAIL_WORDS = 35
_MIN_HEAD_WORDS = 40
# Lemmas rarer than this (names, specific nouns) anchor what an article is about.
_ANCHOR_IDF = 5.0


def _vector(lemmas: list[str], idf: IdfTable) -> dict[str, float]:
    counts = Counter(lemmas)
    vec = {t: (1 + math.log(c)) * idf.idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def find_offtopic_tail(article: Article) -> int | None:
    """Index of the paragraph where an off-topic tail begins, or None.

    Only tails of at most half the article are considered: a segment as long as the
    article's own story is not a tail, and the headline belongs to the head.
    """
    paragraphs: dict[int, list[Sentence]] = {}
    for s in article.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    order = sorted(paragraphs)
    if len(order) < 3:
        return None
    idf = load_idf()
    lemmas = {p: paragraph_lemmas(article.text[paragraphs[p][0].start : paragraphs[p][-1].end]) for p in order}
    title = content_lemmas(article.title)
    total_words = sum(len(v) for v in lemmas.values())
    # What the headline and lead are about: a tail that returns to any of it (the same
    # person, place or thing) is more of the same story, however different its words.
    anchors = {w for w in (*title, *lemmas[order[0]]) if idf.idf(w) >= _ANCHOR_IDF}
    best: tuple[float, int] | None = None
    for cut in range(max(1, len(order) // 2), len(order)):
        head_l = [*title, *(w for p in order[:cut] for w in lemmas[p])]
        tail_l = [w for p in order[cut:] for w in lemmas[p]]
        if len(tail_l) < _MIN_TAIL_WORDS or len(head_l) < _MIN_HEAD_WORDS or len(tail_l) > 0.5 * total_words:
            continue
        sim = _cos(_vector(head_l, idf), _vector(tail_l, idf))
        head_set = set(head_l)
        if anchors & set(tail_l):
            continue
        # Rare words (names, specific nouns) of the tail that the head never uses.
        rare_tail = {w for w in tail_l if idf.idf(w) > 6.0}
        novelty = len(rare_tail - head_set) / max(1, len(rare_tail))
        first = paragraphs[order[cut]][0]
        opening = normalize(article.text[first.start : first.end])
        shift = bool(_SHIFT.match(opening))
        # A new report opens without a conjunction («أعلنت …», «قال …»); a paragraph
        # that opens with و/ف or «من جهته» continues the one before, unless it is an
        # explicit change of subject or an aside.
        if not shift and not _ASIDE.match(opening) and _CONTINUATION.match(opening):
            continue
        bar = 0.12 if shift else 0.06
        if sim <= bar and novelty >= 0.7:
            logger.debug("%s: off-topic tail candidate at paragraph %d (sim %.3f)", article.id, order[cut], sim)
            score = sim - (0.05 if shift else 0.0)
            if best is None or score < best[0]:
                best = (score, order[cut])
    return best[1] if best else None


def mark_segments(article: Article) -> Article:
    """Flag an off-topic tail: its sentences get ``segment = 1`` and the article a flag."""
    start = find_offtopic_tail(article)
    if start is None:
        return article
    for s in article.sentences:
        if s.paragraph >= start:
            s.segment = 1
    first = next(s for s in article.sentences if s.segment == 1)
    article.flags.append(f"off-topic tail from character {first.start}")
    return article
