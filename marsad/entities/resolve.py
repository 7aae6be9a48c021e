"""Entity resolution: mentions across articles and outlets grouped into entities.

One person, place or organisation gets one entity (and one global id) however each
outlet spells it. Matching works on a *loose key* of each word: normalised, proclitics
and article off, long vowels out (ترمب/ترامب, ميركل/ميركيل) and the letters outlets use
for a foreign "g" folded together (سيرغي/سيرجي, إيغور/إيقور). People are matched by
surname *and* first name, so the four Sergeys (Lavrov, Ryabkov, Beseda, Naryshkin) stay
four; a surname alone («لافروف») is read as the person of that surname named in the same
story, else as the one person the corpus mostly means by it. Organisations and places
match on their whole name; a shorter form of an organisation named in full in the same
story («الدفاع المدني» after «المديرية العامة للدفاع المدني») is the same organisation.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic.normalize import normalize_word, skeleton
from marsad.arabic.tokens import is_arabic_word, tokenize, word_frequency
from marsad.entities.gazetteer import TITLES, nationality_words
from marsad.model import Article, Entity, Mention

__all__ = ["EntityResolver", "ResolvedEntities", "loose_key", "mention_roles"]

# Outlets write a foreign "g" as غ, ج, ق or ك.
_G_FOLD = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج"})
_TITLE_WORDS = frozenset(TITLES) | frozenset(t[2:] for t in TITLES if t.startswith("ال"))
# Words that name a kind of state before the state's name (سلطنة سمران = سمران).
_STATE_WORDS = frozenset(normalize_word(w) for w in "سلطنة جمهورية مملكة دولة إمارة الجمهورية المملكة".split())
# Names of one country that share no word.
_ALIASES = {
    "امرجا": "الولايات المتحده",
    "امرجا الولايات المتحده": "الولايات المتحده",
    "الولايات المتحده الامرجه": "الولايات المتحده",
    "بريطانيا": "المملجه المتحده",
    "المملجه المتحده": "المملجه المتحده",
}
_GROUP = {"PER": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "MISC": "MISC"}
# A surname alone goes to the corpus's dominant bearer only when that one person holds
# at least this share of the full-name mentions with that surname.
_DOMINANT_SHARE = 0.8
_ROLE_WINDOW = 8
_PUNCT_END = re.compile(r"[\s،,؛:.\-–—]+$")


def loose_key(word: str) -> str:
    """The matching key of one word of a name (the tagger has already taken any
    conjunction or preposition off the mention; the article ال comes off here).

    Example:
        >>> loose_key("سيرغي") == loose_key("سيرجي"), loose_key("ترامب") == loose_key("ترمب")
        (True, True)
        >>> loose_key("لافروف") == loose_key("ريابكوف"), loose_key("الإسكندرية") == loose_key("الاسكندريه")
        (False, True)
    """
    if not is_arabic_word(word):
        return word.lower()
    rest = normalize_word(word)
    if rest.startswith("ال") and len(rest) >= 5:
        rest = rest[2:]
    return skeleton(rest.translate(_G_FOLD))


@lru_cache(maxsize=1)
def _nationalities() -> frozenset[str]:
    return frozenset(nationality_words())


# Heads of names every state has: a short form («وزارة الخارجية») is ambiguous.
_GENERIC_ORG_HEADS = frozenset(loose_key(w) for w in "وزارة حكومة رئاسة برلمان".split())


def _inner(word: str) -> str:
    """A word inside a name may carry a preposition before its article (للدفاع, بالعاصمة)."""
    w = normalize_word(word)
    if w.startswith("لل") and len(w) > 4:
        return "ال" + w[2:]
    if w[:3] in ("بال", "وال", "كال", "فال") and len(w) > 5:
        return w[1:]
    return word


def _name_words(text: str, label: str) -> list[str]:
    words = [w for w in tokenize(text) if w[:1].isalnum()]
    keys = [loose_key(w if i == 0 else _inner(w)) for i, w in enumerate(words)]
    # A title or a nationality the tagger took into the span is not part of the name
    # («الرئيس الأوكراني فولوديمير زيلينسكي»).
    while len(keys) > 1 and (
        normalize_word(words[0]) in _TITLE_WORDS or (label == "PER" and normalize_word(words[0]) in _nationalities())
    ):
        words, keys = words[1:], keys[1:]
    if _GROUP.get(label) == "PLACE":
        keys = [k for w, k in zip(words, keys, strict=True) if normalize_word(w) not in _STATE_WORDS] or keys
        alias = _ALIASES.get(" ".join(keys))
        if alias:
            keys = alias.split()
    return [k for k in keys if k]


def mention_roles(text: str, mention: Mention, others: Sequence[Mention] = ()) -> list[str]:
    """Titles written next to a name: before it («وزير الخارجية الروسي سيرغي لافروف») or
    in apposition after it («سيرجي ريابكوف، نائب وزير الخارجية الروسي،»). A stretch that
    holds another name (``others``) is not this name's title."""
    roles: list[str] = []
    line_start = max(text.rfind("\n", 0, mention.start), text.rfind(".", 0, mention.start)) + 1
    for other in others:
        if other is not mention and line_start <= other.end <= mention.start:
            line_start = other.end
    before = text[line_start : mention.start]
    spans = [(m.start(), m.group()) for m in re.finditer(r"\S+", before)][-_ROLE_WINDOW:]
    for offset, word in spans:
        if normalize_word(word.strip("،,«»\"'")) in _TITLE_WORDS:
            phrase = _PUNCT_END.sub("", before[offset:]).strip()
            if phrase and "،" not in phrase[:-1]:
                roles.append(phrase)
            break
    after = text[mention.end : mention.end + 120]
    m = re.match(r"\s*[،,]\s*([^،,.\n]{3,80})[،,.]", after)
    if m and not any(mention.end < o.start < mention.end + m.end() for o in others):
        first = m.group(1).split()[0] if m.group(1).split() else ""
        if normalize_word(first) in _TITLE_WORDS:
            roles.append(m.group(1).strip())
    return roles


def _common(surfaces: Counter[str], freq: Mapping[str, int], threshold: int = 1500) -> bool:
    """Whether a one-word name is a common word of news prose."""
    word = normalize_word(max(surfaces, key=surfaces.__getitem__))
    return freq.get(word, 0) + freq.get(word[2:] if word.startswith("ال") else "ال" + word, 0) >= threshold


@dataclass(slots=True)
class _Cluster:
    group: str
    keys: Counter[tuple[str, ...]] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ResolvedEntities:
    """Every entity of the corpus, and which entity each mention names."""

    entities: dict[str, Entity]
    by_article: dict[str, list[tuple[Mention, str]]]

    def for_articles(self, article_ids: Iterable[str], *, limit: int | None = None) -> list[Entity]:
        """The entities named in these articles (on-topic mentions), most named first,
        with their articles restricted to these."""
        ids = list(article_ids)
        counts: Counter[str] = Counter()
        where: dict[str, set[str]] = defaultdict(set)
        for aid in ids:
            for _, eid in self.by_article.get(aid, ()):
                counts[eid] += 1
                where[eid].add(aid)
        order = {aid: i for i, aid in enumerate(ids)}
        out = []
        for eid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
            e = self.entities[eid]
            out.append(
                Entity(e.id, e.name, e.type, list(e.variants), sorted(where[eid], key=order.__getitem__), list(e.roles))
            )
        return out


class EntityResolver:
    """Groups the mentions of many articles into global entities.

    Example:
        >>> from marsad.model import Article, Mention, Sentence
        >>> def art(aid, text, names):
        ...     a = Article(id=aid, input=aid, raw=text, text=text, story="s")
        ...     a.sentences = [Sentence(0, len(text))]
        ...     a.mentions = [Mention(text.index(n), text.index(n) + len(n), "PER", n) for n in names]
        ...     return a
        >>> arts = [art("a", "قال سيرغي لافروف وسيرغي ريابكوف", ["سيرغي لافروف", "سيرغي ريابكوف"]),
        ...         art("b", "وأكد لافروف أن سيرجي ريابكوف سيزور", ["لافروف", "سيرجي ريابكوف"])]
        >>> r = EntityResolver().resolve(arts)
        >>> sorted(e.name for e in r.entities.values())
        ['سيرغي ريابكوف', 'سيرغي لافروف']
    """

    def resolve(self, articles: Sequence[Article], stories: Mapping[str, str] | None = None) -> ResolvedEntities:
        """Resolve the mentions of ``articles`` (in a stable order); ``stories`` maps article
        ids to story ids (defaults to ``article.story``). Sets ``mention.entity`` and
        ``mention.role``; mentions in off-topic segments are resolved but not counted as
        the article's entities."""
        story_of = dict(stories) if stories is not None else {a.id: a.story or a.id for a in articles}
        items: list[tuple[Article, Mention, str, tuple[str, ...]]] = []
        for article in articles:
            for m in article.mentions:
                group = _GROUP.get(m.label)
                if group is None:
                    continue
                keys = tuple(_name_words(m.text, m.label))
                if keys:
                    items.append((article, m, group, keys))

        # 1. Full names of people: same surname and a compatible first name.
        person_of: dict[tuple[str, ...], int] = {}
        clusters: list[_Cluster] = []
        by_surname: dict[str, list[int]] = defaultdict(list)
        for _, _, group, keys in items:
            if group != "PER" or len(keys) < 2 or keys in person_of:
                continue
            match = next((c for c in by_surname[keys[-1]] if self._same_person(keys, clusters[c])), None)
            if match is None:
                match = len(clusters)
                clusters.append(_Cluster("PER"))
                by_surname[keys[-1]].append(match)
            person_of[keys] = match
            clusters[match].keys[keys] += 0  # registered; counted below

        # 2. Other names: the whole key. A name the tagger typed a place in one article
        # and an organisation in another («السنابل») is one name; its type is the majority.
        other_of: dict[tuple[str, ...], int] = {}
        for _, _, group, keys in items:
            if group == "PER" or keys in other_of:
                continue
            other_of[keys] = len(clusters)
            clusters.append(_Cluster("NAME"))

        # Full-name mentions per surname, to find the person a surname alone means.
        full_counts: dict[str, Counter[int]] = defaultdict(Counter)
        in_story: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        orgs_in_story: dict[str, list[tuple[frozenset[str], int]]] = defaultdict(list)
        for article, _, group, keys in items:
            sid = story_of.get(article.id, article.id)
            if group == "PER" and len(keys) >= 2:
                c = person_of[keys]
                full_counts[keys[-1]][c] += 1
                in_story[sid][keys[-1]].add(c)
            elif group == "ORG" and len(keys) >= 2:
                orgs_in_story[sid].append((frozenset(keys), other_of[keys]))

        # 3. Assign every mention.
        single_person: dict[str, int] = {}
        by_article: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
        assigned: list[tuple[Article, Mention, int]] = []
        for article, m, group, keys in items:
            sid = story_of.get(article.id, article.id)
            if group == "PER" and len(keys) >= 2:
                c = person_of[keys]
            elif group == "PER":
                c = self._surname_alone(keys[0], in_story[sid], full_counts)
                if c is None:
                    c = single_person.get(keys[0])
                    if c is None:
                        c = single_person[keys[0]] = len(clusters)
                        clusters.append(_Cluster("PER"))
            elif group == "ORG" and len(keys) < 4:
                c = self._short_org(frozenset(keys), orgs_in_story[sid], other_of[keys])
            else:
                c = other_of[keys]
            cluster = clusters[c]
            cluster.keys[keys] += 1
            surface = m.text.strip()
            cluster.surfaces[surface] += 1
            cluster.types[m.label] += 1
            cluster.articles.add(article.id)
            if group == "PER":
                # Roles are read at analysis time (Pipeline's entities stage); an article
                # analysed without them is read here, if its text is at hand.
                roles = m.role.split("؛ ") if m.role else mention_roles(article.text, m, article.mentions)
                for role in roles:
                    cluster.roles[role] += 1
            assigned.append((article, m, c))

        # 4. Ids, names, variants; link mentions.
        ids: dict[int, str] = {}
        entities: dict[str, Entity] = {}
        freq = word_frequency()
        for c, cluster in enumerate(clusters):
            if not cluster.surfaces:
                continue
            kind = max(cluster.types.items(), key=lambda kv: (kv[1], kv[0]))[0]
            if kind == "MISC" and all(len(k) == 1 for k in cluster.keys) and _common(cluster.surfaces, freq):
                continue  # «دولار», «الإنترنت»: a common noun the tagger called a name
            canonical = max(cluster.keys.items(), key=lambda kv: (len(kv[0]) >= 2, kv[1], kv[0]))[0]
            eid = "e" + hashlib.sha1(f"{cluster.group}|{' '.join(canonical)}".encode()).hexdigest()[:12]
            ids[c] = eid
            longest = max(len(s.split()) for s in cluster.surfaces)
            full = [(n, s) for s, n in cluster.surfaces.items() if len(s.split()) >= min(longest, 2)]
            name = max(full, key=lambda ns: (ns[0], len(ns[1]), ns[1]))[1]
            variants = [s for s, _ in sorted(cluster.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))]
            roles = [r for r, _ in sorted(cluster.roles.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
            entities[eid] = Entity(eid, name, kind, variants, sorted(cluster.articles), roles)
        for article, m, c in assigned:
            if c not in ids:
                continue
            m.entity = ids[c]
            if any(s.start <= m.start < s.end and s.segment == 0 for s in article.sentences) or not article.sentences:
                by_article[article.id].append((m, ids[c]))
        return ResolvedEntities(entities, dict(by_article))

    @staticmethod
    def _same_person(keys: tuple[str, ...], cluster: _Cluster) -> bool:
        """Same surname (given) and the same first name, or a name that holds the other's
        words in order («دونالد ترامب» / «دونالد جون ترامب»)."""
        for other in cluster.keys:
            if other[0] == keys[0]:
                return True
            short, long_ = (other, keys) if len(other) < len(keys) else (keys, other)
            it = iter(long_)
            if all(word in it for word in short):
                return True
        return False

    @staticmethod
    def _surname_alone(
        surname: str, story_people: Mapping[str, set[int]], full_counts: Mapping[str, Counter[int]]
    ) -> int | None:
        here = story_people.get(surname)
        if here and len(here) == 1:
            return next(iter(here))
        counts = full_counts.get(surname)
        if counts and not here:
            best, n = counts.most_common(1)[0]
            if n / sum(counts.values()) >= _DOMINANT_SHARE:
                return best
        return None

    @staticmethod
    def _short_org(keys: frozenset[str], story_orgs: list[tuple[frozenset[str], int]], own: int) -> int:
        """A short organisation name inside one longer name of the same story is that one,
        unless it names a kind every state has («وزارة الخارجية» of which country?)."""
        if keys & _GENERIC_ORG_HEADS:
            return own
        holders = {c for full, c in story_orgs if keys < full}
        return next(iter(holders)) if len(holders) == 1 else own
