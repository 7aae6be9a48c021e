"""Chrome learned from the corpus: lines an outlet repeats across unrelated articles.

Rules cannot know every site's furniture («يمكنكم استلام إشعارات…» under every BBC
article, a credit line under every France 24 one). What gives such lines away is that
one outlet repeats them, verbatim or in one shape, under many articles *about different
things*. Repetition alone is not enough: syndicated copies and background paragraphs
are repeated too, but the articles carrying them share a subject. So a line is learned
as chrome only when the articles that carry it have little vocabulary in common.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from marsad.arabic.normalize import normalize
from marsad.config import ExtractSettings

__all__ = ["ChromeLearner", "LearnedChrome", "line_keys"]

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
_LABEL = re.compile(r"^([^:|]{1,30}?)\s*(?:\|\||[:|])\s*\S")
_SAMPLE = 12


def line_keys(line: str) -> tuple[str, str | None]:
    """The exact key of a line (normalised, digits masked) and its shape key, if any.

    The shape key covers "label: varying text" lines such as «للمزيد: <headline>».

    Example:
        >>> line_keys("فرانس24/ أ ف ب")[0]
        'فرانس0 ا ف ب'
        >>> line_keys("للمزيد: ضربات جوية على المطار")[1]
        'للمزيد:*'
    """
    norm = normalize(line)
    exact = " ".join(_WORD.findall(_DIGITS.sub("0", norm)))
    m = _LABEL.match(norm)
    shape = None
    if m and len(_WORD.findall(m.group(1))) <= 3:
        shape = " ".join(_WORD.findall(m.group(1))) + ":*"
    return exact, shape


@dataclass(slots=True)
class LearnedChrome:
    """Per outlet, the line keys judged chrome and how many articles showed them."""

    keys: dict[str, dict[str, int]] = field(default_factory=dict)

    def reason(self, outlet: str | None, line: str) -> str | None:
        learned = self.keys.get(outlet or "")
        if not learned:
            return None
        exact, shape = line_keys(line)
        count = learned.get(exact) or (learned.get(shape) if shape else None)
        if not count:
            return None
        return f"repeated in {count} articles of {outlet or 'unknown outlet'}"

    def merge(self, other: LearnedChrome) -> None:
        for outlet, keys in other.keys.items():
            mine = self.keys.setdefault(outlet, {})
            for key, count in keys.items():
                mine[key] = max(mine.get(key, 0), count)

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {o: dict(sorted(k.items())) for o, k in sorted(self.keys.items())}

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, int]]) -> LearnedChrome:
        return cls({o: dict(k) for o, k in data.items()})


class ChromeLearner:
    """Collects the lines of many articles and learns which are chrome.

    Example:
        >>> learner = ChromeLearner(ExtractSettings(learned_min_articles=3))
        >>> subjects = ["كرة القدم والملعب", "أسعار النفط والأسواق", "الانتخابات والبرلمان",
        ...             "الطقس والأمطار"]
        >>> for i, s in enumerate(subjects):
        ...     learner.add("site", [f"خبر عن {s} رقم {i}", "تابع آخر الأخبار على موقعنا"], f"a{i}")
        >>> learner.learn().reason("site", "تابع آخر الأخبار على موقعنا")
        'repeated in 4 articles of site'
    """

    def __init__(self, settings: ExtractSettings) -> None:
        self.settings = settings
        # Per outlet: doc key -> (paragraphs, their exact keys). The paragraphs are the
        # caller's own list, not a copy.
        self._docs: dict[str, dict[str, tuple[list[str], list[str]]]] = defaultdict(dict)
        self._lines: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._words: dict[str, int] = {}
        self._edge: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, outlet: str | None, paragraphs: list[str], doc_key: str) -> None:
        """Observe one article's body paragraphs; ``doc_key`` identifies its content, so
        exact copies of one article count once."""
        group = outlet or ""
        if doc_key in self._docs[group]:
            return
        keys: set[str] = set()
        edge: set[str] = set()
        exact_keys: list[str] = []
        last = len(paragraphs) - 1
        for index, para in enumerate(paragraphs):
            exact, shape = line_keys(para)
            exact_keys.append(exact)
            n = len(exact.split())
            if not n:
                continue
            at_edge = index < 2 or index >= last - 2
            self._words[exact] = n
            keys.add(exact)
            # A "label: text" shape only counts for short lines: «وأضاف: ...» opens
            # quoted body text, «للمزيد: ...» opens a link.
            if shape and n <= 20 and not shape.startswith(("و", "ف")):
                self._words[shape] = 1
                keys.add(shape)
                if at_edge:
                    edge.add(shape)
            if at_edge:
                edge.add(exact)
        self._docs[group][doc_key] = (paragraphs, exact_keys)
        for key in keys:
            self._lines[group][key].add(doc_key)
        for key in edge:
            self._edge[group][key] += 1

    def _body_words(self, group: str, doc_key: str, repeated: set[str], cache: dict[str, set[str]]) -> set[str]:
        """Content words of an article outside its repeated lines (which would make
        unrelated articles look alike)."""
        words = cache.get(doc_key)
        if words is None:
            _, keys = self._docs[group][doc_key]
            words = {w for key in keys if key not in repeated for w in key.split() if len(w) > 3}
            cache[doc_key] = words
        return words

    def _overlap(self, group: str, docs: set[str], repeated: set[str], cache: dict[str, set[str]]) -> float:
        sample = sorted(docs)[:_SAMPLE]
        sets = [self._body_words(group, d, repeated, cache) for d in sample]
        pairs = [(a, b) for a, b in combinations(sets, 2) if a or b]
        if not pairs:
            return 1.0
        return sum(len(a & b) / len(a | b) for a, b in pairs) / len(pairs)

    def learn(self) -> LearnedChrome:
        s = self.settings
        learned = LearnedChrome()
        for group, lines in sorted(self._lines.items()):
            n_articles = len(self._docs[group])
            need = max(s.learned_min_articles, min(math.ceil(s.learned_min_share * n_articles), 10))
            candidates: dict[str, int] = {}
            for key, docs in lines.items():
                count = len(docs)
                if count < need:
                    continue
                if self._words.get(key, 0) > s.learned_max_words and count < s.learned_long_min_articles:
                    continue
                # Furniture sits at the top or the bottom of the body; a repeated line
                # in the middle of articles is only chrome if it is very common.
                edge_share = self._edge[group].get(key, 0) / count
                if key.endswith(":*") and edge_share < 0.7:
                    continue
                if edge_share < 0.5 and count < s.learned_long_min_articles:
                    continue
                candidates[key] = count
            repeated = set(candidates)
            cache: dict[str, set[str]] = {}
            found = {
                key: count
                for key, count in sorted(candidates.items())
                if self._overlap(group, lines[key], repeated, cache) <= s.learned_max_topic_overlap
            }
            if found:
                learned.keys[group] = found
        return learned
