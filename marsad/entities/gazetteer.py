"""Name lists for the entity tagger: places, organisations, people, titles and roles.

Two kinds of entries, both on normalised Arabic (see :func:`normalize_token`):

* *phrases*: whole names of one or more tokens with a type (``الولايات المتحدة`` → GPE,
  ``مجلس الامن`` → ORG). The tagger marks where they occur as features, and uses the
  GPE phrases to tell countries and cities (GPE) from other places (LOC).
* *token classes*: what a single word tends to be (``وزير`` is a title, ``وزاره`` an
  organisation head word, ``لافروف`` part of person names).

The packaged lists (``data/gazetteer.tsv.gz``) are built by ``scripts/train_ner.py`` from
babel's CLDR data (country/territory and city names in Arabic), the hand lists below,
and names harvested from the *training* part of the NER corpora only.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.arabic.normalize import INVISIBLE, normalize_word

__all__ = [
    "CITIES",
    "CONJUNCTIONS",
    "GAZETTEER_PATH",
    "LOC_HEADS",
    "ORG_HEADS",
    "TITLES",
    "Gazetteer",
    "cldr_places",
    "nationality_words",
    "normalize_token",
    "proclitic_readings",
]

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.tsv.gz"

_INVISIBLE_TABLE = {ord(c): None for c in INVISIBLE}


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


# Titles and roles written before a name (normalised spelling). A name is likely to
# follow them, and they are never part of the name in ANERcorp's convention.
TITLES = _words(
    "الرييس رييس نايب الرييس وزير الوزير وزيره الوزيره نايب النايب السفير سفير السفيره "
    "المتحدث متحدث المتحدثه الناطق ناطق مستشار المستشار مستشاره المستشاره المبعوث مبعوث "
    "الامين امين الملك ملك الملكه الامير امير الاميره الشيخ شيخ السيد السيده الدكتور "
    "د الجنرال جنرال العقيد اللواء العميد الرايد المشير الفريق قايد القايد زعيم الزعيم "
    "مدير المدير مديره المديره عضو العضو النايبه البابا الاسقف المطران الحاخام الامام "
    "الرجل المرشح مرشح المحامي المدرب مدرب اللاعب لاعب المهاجم المدافع الحارس الفنان "
    "الفنانه المغني المغنيه الكاتب الكاتبه الصحفي الصحافي المخرج الممثل الممثله البروفيسور "
    "المفوض مفوض المنسق منسق الموفد موفد المندوب مندوب القنصل قنصل الحاكم حاكم محافظ "
    "المحافظ عمده العمده بطل البطل البطله الكابتن السلطان سلطان الخليفه ولي الجنرال "
    "المراسل مراسل المتحدثه الروايي الشاعر الشاعره المستشار رييسه الرييسه مساعد المساعد "
    "نظيره نظيرها"
)

# Head words of organisation names (وزارة الخارجية, شركة أرامكو, جامعة القاهرة).
ORG_HEADS = _words(
    "وزاره الوزاره شركه الشركه جامعه الجامعه مجلس المجلس حزب الحزب منظمه المنظمه وكاله "
    "الوكاله اتحاد الاتحاد نادي النادي بنك البنك مصرف المصرف هييه الهييه جمعيه الجمعيه "
    "مؤسسه موسسه الموسسه صندوق الصندوق لجنه اللجنه جبهه الجبهه حركه الحركه جيش الجيش "
    "قوات محكمه المحكمه البرلمان برلمان الكونغرس الكونجرس الكرملين مجموعه المجموعه منتدي "
    "المنتدي معهد المعهد مركز المركز صحيفه الصحيفه قناه القناه اذاعه تلفزيون مكتب "
    "اكاديميه كليه الكليه مستشفي المستشفي نقابه النقابه رابطه الرابطه تحالف التحالف "
    "ادارة اداره الاداره مديريه المديريه سلطه السلطه بورصه البورصه دار"
)

# Head words of place names (مدينة حلب, نهر النيل, جزيرة القرم).
LOC_HEADS = _words(
    "مدينه المدينه محافظه المحافظه ولايه الولايه اقليم الاقليم منطقه المنطقه جزيره الجزيره "
    "جزر نهر النهر جبل الجبل جبال بحر البحر خليج الخليج عاصمه العاصمه قريه القريه بلده "
    "البلده حي الحي مخيم المخيم شارع الشارع ميدان الميدان مطار المطار ميناء الميناء "
    "بحيره البحيره صحراء الصحراء وادي الوادي سهل قضاء مقاطعه المقاطعه شبه"
)

# Capitals, large cities and short country names news uses daily that CLDR's
# territories and time-zone cities miss.
CITIES = (
    "واشنطن",
    "أنقرة",
    "بكين",
    "نيودلهي",
    "إسلام آباد",
    "تل أبيب",
    "الرباط",
    "تونس",
    "طرابلس",
    "عمان",
    "صنعاء",
    "أبوظبي",
    "أبو ظبي",
    "دبي",
    "المنامة",
    "دمشق",
    "بيروت",
    "بغداد",
    "طهران",
    "الدوحة",
    "الكويت",
    "مسقط",
    "جدة",
    "مكة",
    "مكة المكرمة",
    "المدينة المنورة",
    "حلب",
    "حمص",
    "إدلب",
    "درعا",
    "الموصل",
    "البصرة",
    "أربيل",
    "كركوك",
    "غزة",
    "القدس",
    "رام الله",
    "الخليل",
    "نابلس",
    "جنين",
    "الإسكندرية",
    "بنغازي",
    "مصراتة",
    "الخرطوم",
    "برلين",
    "روما",
    "مدريد",
    "بروكسل",
    "جنيف",
    "فيينا",
    "وارسو",
    "ستوكهولم",
    "أوسلو",
    "هلسنكي",
    "كوبنهاغن",
    "أثينا",
    "لشبونة",
    "طوكيو",
    "سيول",
    "بيونغ يانغ",
    "بيونغيانغ",
    "هانوي",
    "بانكوك",
    "جاكرتا",
    "كابول",
    "كراتشي",
    "مومباي",
    "لاهور",
    "سانت بطرسبرغ",
    "منسك",
    "تبليسي",
    "يريفان",
    "باكو",
    "طشقند",
    "كييف",
    "دونيتسك",
    "خاركيف",
    "أوديسا",
    "ماريوبول",
    "القرم",
    "سوتشي",
    "إسطنبول",
    "اسطنبول",
    "أنطاليا",
    "إزمير",
    "موسكو",
    "لندن",
    "باريس",
    "نيويورك",
    "كاليفورنيا",
    "تكساس",
    "فلوريدا",
    "شيكاغو",
    "لوس أنجلوس",
    "سان فرانسيسكو",
    "ميامي",
    "بوسطن",
    "أوتاوا",
    "تورونتو",
    "مونتريال",
    "مكسيكو",
    "برازيليا",
    "بوينس آيرس",
    "كراكاس",
    "هافانا",
    "نيروبي",
    "أديس أبابا",
    "لاغوس",
    "أبوجا",
    "داكار",
    "الجزائر العاصمة",
    "وهران",
    "قسنطينة",
    "الدار البيضاء",
    "مراكش",
    "فاس",
    "طنجة",
    "نواكشوط",
    "مقديشو",
    "جيبوتي",
    "أسمرة",
    "الرياض",
    "القاهرة",
    "عدن",
    "الحديدة",
    "تعز",
    "مأرب",
    "صفاقس",
    "سوسة",
    "بورتسودان",
    "أمريكا",
    "أميركا",
    "لوغانسك",
    "لوجانسك",
    "لوهانسك",
    "زابوريجيا",
    "خيرسون",
    "بيلغورود",
)

# Conjunction/preposition proclitics that may be written onto a name (و ف ب ل ك and
# their combinations), longest first; ال itself belongs to the name (الولايات المتحدة).
CONJUNCTIONS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
# Readings where ل + ال was written لل (للولايات = ل + الولايات).
_LAM_ARTICLE = ("ولل", "فلل", "لل")


def normalize_token(token: str) -> str:
    """The matching form of one token: invisible marks dropped, then normalised.

    Example:
        >>> normalize_token("إسطنبول\u200f")
        'اسطنبول'
    """
    return normalize_word(token.translate(_INVISIBLE_TABLE))


@lru_cache(maxsize=200_000)
def proclitic_readings(norm: str) -> tuple[tuple[str, str], ...]:
    """The ways a normalised token can be read as ``proclitic + word``, the word as written.

    The reading without a proclitic comes first. Proclitics are only taken off when at
    least two letters remain; ``لل`` is read back as ``ل + ال``.

    Example:
        >>> proclitic_readings("والولايات")[:2]
        (('', 'والولايات'), ('و', 'الولايات'))
        >>> ("ل", "الولايات") in proclitic_readings("للولايات")
        True
    """
    readings = [("", norm)]
    for prefix in _LAM_ARTICLE:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            readings.append((prefix[:-1], "ال" + norm[len(prefix) :]))
            break
    for prefix in CONJUNCTIONS:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            readings.append((prefix, norm[len(prefix) :]))
    return tuple(readings)


@dataclass(slots=True)
class Gazetteer:
    """Typed name phrases and word classes, on normalised tokens.

    Attributes:
        phrases: a phrase (tuple of normalised tokens) → its type.
        token_classes: a normalised word → the classes it belongs to (``PER``, ``LOC``,
            ``GPE``, ``ORG``, ``MISC``, ``TITLE``, ``ORGHEAD``, ``LOCHEAD``, ``NAT``).
        max_phrase: the number of tokens of the longest phrase.
    """

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    token_classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_phrase: int = 1
    _first_tokens: dict[str, int] = field(default_factory=dict)  # first word → longest
    _starts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add_phrase(self, tokens: Iterable[str], label: str) -> None:
        """Add a phrase (normalised tokens); an existing phrase keeps its first type."""
        key = tuple(tokens)
        if not key or key in self.phrases:
            return
        self.phrases[key] = label
        self._first_tokens[key[0]] = max(self._first_tokens.get(key[0], 0), len(key))
        self._starts.clear()
        self.max_phrase = max(self.max_phrase, len(key))

    def add_class(self, word: str, label: str) -> None:
        """Put a normalised word into a class."""
        classes = self.token_classes.get(word, ())
        if label not in classes:
            self.token_classes[word] = (*classes, label)

    def classes(self, word: str) -> tuple[str, ...]:
        return self.token_classes.get(word, ())

    def find_phrases(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Longest-first, left-to-right matches ``(start, end, type)`` of phrases of 2+ tokens.

        The first word of a match may carry a proclitic (والولايات المتحدة).

        Args:
            words: normalised tokens of one sentence.
        """
        found: list[tuple[int, int, str]] = []
        i = 0
        n = len(words)
        starts = self._starts
        while i < n:
            matched = 0
            firsts = starts.get(words[i])
            if firsts is None:
                firsts = tuple(first for _, first in proclitic_readings(words[i]) if first in self._first_tokens)
                starts[words[i]] = firsts
            for first in firsts:
                for length in range(min(self._first_tokens[first], n - i), 1, -1):
                    label = self.phrases.get((first, *words[i + 1 : i + length]))
                    if label is not None:
                        found.append((i, i + length, label))
                        matched = length
                        break
                if matched:
                    break
            i += matched or 1
        return found

    def phrase_type(self, words: list[str]) -> str | None:
        """The type of a whole mention (normalised tokens) if it is listed, else None.

        The first word is read with and without a proclitic; GPE wins when any reading
        is a listed country, territory or city (وروسيا, والولايات المتحدة).
        """
        found = None
        for _, first in proclitic_readings(words[0]):
            label = self.phrases.get((first, *words[1:]))
            if label == "GPE":
                return label
            found = found or label
        return found

    def write(self, path: Path) -> None:
        """Write as gzipped TSV rows ``phrase|class <TAB> type <TAB> normalised text``."""
        rows = [f"phrase\t{label}\t{' '.join(key)}" for key, label in self.phrases.items()]
        rows += [f"class\t{label}\t{word}" for word, labels in self.token_classes.items() for label in labels]
        rows.sort()
        # mtime=0 keeps the file byte-identical between runs.
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            out.write(("\n".join(rows) + "\n").encode("utf-8"))

    @classmethod
    def read(cls, path: Path = GAZETTEER_PATH) -> Gazetteer:
        """Read a gazetteer written by :meth:`write`."""
        gazetteer = cls()
        with gzip.open(path, "rt", encoding="utf-8") as rows:
            for row in rows:
                kind, label, text = row.rstrip("\n").split("\t")
                if kind == "phrase":
                    gazetteer.add_phrase(text.split(" "), label)
                else:
                    gazetteer.add_class(text, label)
        return gazetteer

    def copy(self) -> Gazetteer:
        other = Gazetteer()
        for key, label in self.phrases.items():
            other.add_phrase(key, label)
        other.token_classes = dict(self.token_classes)
        return other


def cldr_places() -> Iterator[tuple[str, str]]:
    """Arabic names of countries/territories and cities from babel's CLDR data.

    Yields:
        ``(name, type)``: ``GPE`` for countries, territories and time-zone cities,
        ``LOC`` for continents and world regions (CLDR's numeric region codes).
    """
    import babel  # imported here: only the builder of the lists needs it

    locale = babel.Locale("ar")
    for code, name in sorted(locale.territories.items()):
        yield name, ("LOC" if code.isdigit() or code in ("EU", "EZ", "UN", "QO") else "GPE")
    for zone in sorted(locale.time_zones):
        city = locale.time_zones[zone].get("city")
        if city and "،" not in city:
            yield city, "GPE"


def nationality_words() -> Iterator[str]:
    """Normalised nationality/language adjectives (الروسية, الروسي, روسي) from CLDR."""
    import babel

    locale = babel.Locale("ar")
    for name in sorted(set(locale.languages.values())):
        norm = normalize_token(name)
        if " " in norm or not norm.startswith("ال") or not norm.endswith("يه"):
            continue
        masculine = norm[:-1]  # الروسيه → الروسي
        yield from (norm, masculine, norm[2:], masculine[2:])
