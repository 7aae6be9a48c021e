"""Presentation forms, bidi controls and zero-width characters neither split entities
nor hide articles from search."""

from __future__ import annotations

import pytest

from marsad.config import Settings, load_settings
from marsad.extract.article import extract_article
from marsad.model import Article, RawDoc
from marsad.pipeline import STAGES
from marsad.store.sqlite import SqliteStore

ISTANBUL_FORMS = "\ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd"  # «ﺇﺳﻄﻨﺒﻮﻝ»: إسطنبول in presentation forms
NAME_FORMS = "\ufeb3\ufe8e\ufee3\ufef2 \ufe8d\ufedf\ufea7\ufec4\ufef4\ufe90"  # سامي الخطيب


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def _analysed(text: str, settings: Settings, article_id: str = "a1") -> Article:
    article = extract_article(
        RawDoc(input=f"{article_id}.txt", id=article_id, text=text, published="2025-02-18"), settings
    )
    assert isinstance(article, Article)
    for _, stage in STAGES:
        article = stage(article, settings)
    assert not [f for f in article.flags if f.startswith("stage ")]
    return article


def _story(name: str, place: str) -> str:
    return (
        f"زيارة رسمية إلى {place}\nوصل وزير النقل {name} إلى مدينة {place} صباح الثلاثاء في زيارة رسمية تستمر يومين، "
        f"وقال {name} إن المحادثات مع نظيره كانت مثمرة."
    )


@pytest.mark.parametrize(
    "name",
    [
        "سامي الخطيب",
        "سا\u200dمي الخطيب",  # zero-width joiner inside the first name
        "سامي ال\u200cخطيب",  # zero-width non-joiner
        "\u2067سامي الخطيب\u2069",  # isolated by bidi controls
        "سامي\u200f الخطيب\u200e",  # right-to-left / left-to-right marks
        "سامي الخط\u00adيب",  # soft hyphen
        NAME_FORMS,
    ],
    ids=["plain", "zwj", "zwnj", "isolate", "marks", "soft-hyphen", "presentation-forms"],
)
def test_a_name_with_invisible_characters_is_one_entity(name: str, settings: Settings) -> None:
    article = _analysed(_story(name, ISTANBUL_FORMS), settings)
    people = [(m.text, m.label) for m in article.mentions if m.label == "PER"]
    assert people == [("سامي الخطيب", "PER"), ("سامي الخطيب", "PER")]
    assert ("إسطنبول", "GPE") in [(m.text, m.label) for m in article.mentions]


@pytest.mark.parametrize(
    "query",
    ["إسطنبول", "اسطنبول", ISTANBUL_FORMS, "إسط\u200dنبول", "\u202bإسطنبول\u202c", "سامي الخطيب", NAME_FORMS],
)
def test_search_finds_text_written_in_presentation_forms(query: str, settings: Settings) -> None:
    store = SqliteStore(":memory:")
    store.save_articles(
        [
            _analysed(_story(NAME_FORMS, ISTANBUL_FORMS), settings, "forms"),
            _analysed("أمطار على الساحل\nهطلت أمطار غزيرة على المناطق الساحلية طوال الليل.", settings, "other"),
        ]
    )
    assert [hit.article for hit in store.search(query)] == ["forms"]
    (hit,) = store.search(query)
    assert "إسطنبول" in hit.snippet or "سامي الخطيب" in hit.snippet


@pytest.mark.parametrize("invisible", ["\ufe0f", "\ufe00", "\u034f"], ids=["VS16", "VS1", "CGJ"])
def test_variation_selectors_and_grapheme_joiner_do_not_split_a_name(invisible: str, settings: Settings) -> None:
    """Regression: INVISIBLE lacked U+FE00-U+FE0F and U+034F, so «سا\ufe0fمي» stayed two tokens."""
    article = _analysed(_story(f"سا{invisible}مي الخطيب", f"إسطن{invisible}بول"), settings)
    assert [m.text for m in article.mentions if m.label == "PER"] == ["سامي الخطيب", "سامي الخطيب"]
    assert "إسطنبول" in article.text


@pytest.fixture(scope="module")
def forms_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store made by ``marsad digest`` from two .txt files, one written in presentation
    forms with bidi and zero-width characters."""
    from marsad.cli import main

    root = tmp_path_factory.mktemp("forms")
    (root / "in").mkdir()
    (root / "in" / "forms.txt").write_text(
        _story(NAME_FORMS, ISTANBUL_FORMS).replace("وزير", "وز\u200dير\u200f"), encoding="utf-8"
    )
    (root / "in" / "other.txt").write_text(
        "أمطار على الساحل\nهطلت أمطار غزيرة على المناطق الساحلية طوال الليل وأغلقت طرقا عدة.", encoding="utf-8"
    )
    db = root / "marsad.db"
    assert main(["digest", str(root / "in"), "--out", str(root / "out"), "--db", str(db), "--quiet"]) == 0
    return str(db)


QUERIES = ["إسطنبول", "اسطنبول", ISTANBUL_FORMS, "\u202bإسطنبول\u202c", "سامي الخطيب", "وزير النقل"]


@pytest.mark.parametrize("query", QUERIES)
def test_marsad_search_finds_presentation_forms(query: str, forms_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from marsad.cli import main

    capsys.readouterr()
    assert main(["search", query, "--db", forms_db]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["title"] for h in hits] == ["زيارة رسمية إلى إسطنبول"]
    assert "إسطنبول" in hits[0]["snippet"] or "سامي الخطيب" in hits[0]["snippet"]


@pytest.mark.parametrize("query", QUERIES)
def test_api_search_finds_presentation_forms(query: str, forms_db: str) -> None:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    with TestClient(create_app(forms_db)) as client:
        response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert [h["title"] for h in hits] == ["زيارة رسمية إلى إسطنبول"]
    # The stored text is the folded one: a reader's search and copy-paste see base letters.
    assert "ﺇ" not in hits[0]["snippet"] and "\u200d" not in hits[0]["snippet"]
