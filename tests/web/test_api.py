"""The JSON API through FastAPI's TestClient: shapes, filters, search, ingest, limits."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.config import load_settings
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore
from marsad.web import create_app
from marsad.web.app import SECURITY_HEADERS
from tests.web.conftest import FIRE_COPY_INPUT, FIRE_INPUT, FIRE_TAIL_INPUT, article_ids, copy_store

with warnings.catch_warnings():  # starlette suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(composed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(composed_db)) as c:
        yield c


@pytest.fixture(scope="module")
def ids(composed_db: Path) -> dict[str, str]:
    return article_ids(composed_db)


@pytest.fixture(scope="module")
def fire_story(client: TestClient, ids: dict[str, str]) -> dict:
    story_id = client.get(f"/api/articles/{ids[FIRE_INPUT]}").json()["story"]
    return client.get(f"/api/stories/{story_id}").json()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(load_settings())


def test_story_list_is_latest_first_with_outlets_and_topics(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    stories = body["stories"]
    assert len(stories) == 5 and body["next_offset"] is None
    ends = [s["end"] for s in stories]
    assert ends == sorted(ends, reverse=True)
    fire = next(s for s in stories if "السنابل" in s["title"])
    assert fire["size"] == 5
    assert set(fire["outlets"]) >= {"alwaha", "alraseef", "almanara24", "sadeem"}
    assert fire["topic_title"] and fire["lead"]  # the composed summary's first sentence
    paged = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in paged["stories"]] == [s["id"] for s in stories[2:4]]
    assert paged["next_offset"] == 4


def test_story_filters(client: TestClient, fire_story: dict) -> None:
    by_outlet = client.get("/api/stories", params={"outlet": "Le Détroit Info"}).json()["stories"]
    assert len(by_outlet) == 1 and "Le Détroit Info" in by_outlet[0]["outlets"]
    by_topic = client.get("/api/stories", params={"topic": fire_story["topic"]}).json()["stories"]
    assert [s["id"] for s in by_topic] == [fire_story["id"]]
    in_march = client.get("/api/stories", params={"since": "2025-03-01", "until": "2025-03-31"}).json()["stories"]
    assert [s["id"] for s in in_march] == [fire_story["id"]]
    entity = fire_story["entities"][0]["id"]
    by_entity = client.get("/api/stories", params={"entity": entity}).json()["stories"]
    assert fire_story["id"] in [s["id"] for s in by_entity]
    assert client.get("/api/stories", params={"since": "March"}).status_code == 422


def test_story_has_digest_fields_with_cited_spans(client: TestClient, fire_story: dict, ids: dict) -> None:
    assert set(fire_story) >= {
        "id",
        "topic",
        "title",
        "articles",
        "start",
        "end",
        "summary",
        "entities",
        "timeline",
        "facts",
        "outlets",
        "article_briefs",
    }
    first = fire_story["summary"][0]
    assert first["citations"] == [first["source"]["article"]]
    article = client.get(f"/api/articles/{first['source']['article']}").json()
    assert article["text"][first["source"]["start"] : first["source"]["end"]].strip() == first["text"]
    statuses = {f["status"] for f in fire_story["facts"]}
    assert statuses == {"corroborated", "single-source", "conflicting"}
    conflicting = next(f for f in fire_story["facts"] if f["status"] == "conflicting")
    assert set(conflicting["values"]) == {"3", "4"}
    briefs = {b["id"]: b for b in fire_story["article_briefs"]}
    assert briefs[ids[FIRE_COPY_INPUT]]["duplicate_of"] == ids[FIRE_INPUT]


def test_article_has_removed_chrome_with_reasons_and_offtopic_span(client: TestClient, ids: dict) -> None:
    article = client.get(f"/api/articles/{ids[FIRE_TAIL_INPUT]}").json()
    reasons = {r["reason"] for r in article["removed"]}
    assert {"comment widget", "latest-news ticker"} <= reasons
    assert all(r["text"] not in article["text"] for r in article["removed"])
    [(start, end)] = [(s["start"], s["end"]) for s in article["offtopic"]]
    assert "منتخب" in article["text"][start:end] and "منتخب" not in article["text"][:start]
    assert any(m["label"] == "PER" for m in article["mentions"])
    assert any(t["value"] == "2025-03-11" for t in article["times"])


def test_entity_lists_its_stories(client: TestClient, fire_story: dict) -> None:
    entity = fire_story["entities"][0]
    body = client.get(f"/api/entities/{entity['id']}").json()
    assert body["name"] == entity["name"] and body["type"] == entity["type"]
    assert fire_story["id"] in [s["id"] for s in body["stories"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("الاسكندرية", "الإسكندرية"),  # hamza left out in the query
        ("امريكي", "أميركي"),  # one spelling finds the other
        ("حمزه", "حمزة"),  # ة/ه
        ("مصطفي", "مصطفى"),  # ى/ي
    ],
)
def test_search_matches_spelling_variants(client: TestClient, query: str, found: str) -> None:
    hits = client.get("/api/search", params={"q": query}).json()["hits"]
    assert hits
    texts = [client.get(f"/api/articles/{h['article']}").json()["text"] for h in hits]
    assert any(found in t for t in texts)
    for hit in hits:
        assert set(hit) >= {"article", "title", "outlet", "story", "story_title", "snippet"}
        assert hit["title"] and hit["outlet"] and hit["story"]


def test_search_istanbul_without_hamza(hostile_db: Path) -> None:
    with TestClient(create_app(hostile_db)) as c:
        hits = c.get("/api/search", params={"q": "اسطنبول"}).json()["hits"]
    assert {h["article"] for h in hits} == {"hostile-1", "hostile-2"}
    assert all("إسطنبول" in h["snippet"] for h in hits)


def test_topics_and_outlets(client: TestClient) -> None:
    topics = client.get("/api/topics").json()
    assert len(topics) == 3 and sum(len(t["stories"]) for t in topics) == 5
    outlets = {o["outlet"]: o["articles"] for o in client.get("/api/outlets").json()}
    assert outlets["almanara24"] == 3 and outlets["Le Détroit Info"] == 1


def test_bad_and_unknownarticle_ids(client: TestClient) -> None:
    assert client.get("/api/stories/no-such-story").status_code == 404
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/api/entities/no-such-entity").status_code == 404
    assert client.get("/api/articles/a%20b").status_code == 422
    assert client.get("/api/stories/" + "x" * 201).status_code == 422
    assert client.get("/api/articles/%3Cscript%3E").status_code == 422
    page = client.get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert page.status_code == 404 and "<script" not in page.text
    assert client.get("/stories/no-such-story").status_code == 404
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/search?q=x", "/nope", "/api/stories/nope", "/static/marsad.css"):
        response = client.get(path)
        for key, value in SECURITY_HEADERS.items():
            assert response.headers[key] == value, (path, key)
    csp = SECURITY_HEADERS["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src" not in csp and "default-src 'none'" in csp


def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/entities/{entity_id}",
        "/api/search",
        "/api/topics",
        "/api/outlets",
        "/api/articles",
    }
    assert set(paths["/api/articles"]) == {"post"}
    post = paths["/api/articles"]["post"]
    assert "requestBody" in post and "401" in post["responses"] and "413" in post["responses"]
    ok = paths["/api/stories/{story_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/StoryOut")
    story_schema = spec["components"]["schemas"]["StoryOut"]["properties"]
    assert {"summary", "entities", "timeline", "facts", "outlets"} <= set(story_schema)
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN script


# --- writes ---
NEW_FIRE_ARTICLE = {
    "id": "invented-sanabel-followup",
    "outlet": "صحيفة الأفق المتخيلة",
    "url": "https://example.invalid/sanabel-followup",
    "published": "2025-03-12T09:00:00+03:00",
    "title": "ميناء السنابل: حصيلة حريق مستودع الحبوب ترتفع وتحقيق في منظومة الإنذار",
    "text": (
        "ارتفعت حصيلة الحريق الذي اندلع مساء الاثنين في المستودع رقم 7 بميناء السنابل في سمران، "
        "بعدما أتت النيران على مخزون كبير من القمح والأعلاف.\n"
        "وقالت هيئة ميناء السنابل إن فرق الدفاع المدني احتاجت ساعات طويلة لإخماد الحريق في مستودع الحبوب، "
        "وإن منظومة الإنذار في المستودع كانت معطلة منذ أسابيع.\n"
        "وطالبت نقابة عمال الموانئ بمحاسبة المسؤولين عن حريق ميناء السنابل وتعويض أسر الضحايا والمصابين."
    ),
}


@pytest.fixture
def writable_db(examples_db: Path, tmp_path: Path) -> Path:
    return copy_store(examples_db, tmp_path / "marsad.db")


def test_post_adds_an_article_to_its_story_and_again_is_a_no_op(writable_db: Path, pipeline: Pipeline) -> None:
    ids = article_ids(writable_db)
    with TestClient(create_app(writable_db, pipeline=pipeline)) as c:
        fire_before = c.get(f"/api/articles/{ids[FIRE_INPUT]}").json()["story"]
        before = {s["id"]: s["size"] for s in c.get("/api/stories").json()["stories"]}  # now cached
        result = c.post("/api/articles", json=NEW_FIRE_ARTICLE)
        assert result.status_code == 200, result.text
        body = result.json()
        assert body["added"] == ["invented-sanabel-followup"] and body["errors"] == []
        assert body["articles"] == 15
        story_id = c.get("/api/articles/invented-sanabel-followup").json()["story"]
        assert body["placed"] == {"invented-sanabel-followup": story_id}
        story = c.get(f"/api/stories/{story_id}").json()
        assert ids[FIRE_INPUT] in story["articles"] and "invented-sanabel-followup" in story["articles"]
        assert "صحيفة الأفق المتخيلة" in story["outlets"]
        listed = {s["id"]: s for s in c.get("/api/stories").json()["stories"]}  # not the cached list
        assert listed[story_id]["size"] == len(story["articles"]) == before[fire_before] + 1
        assert "صحيفة الأفق المتخيلة" in listed[story_id]["outlets"]
        # Search sees it at once.
        hits = c.get("/api/search", params={"q": "منظومة الانذار"}).json()["hits"]
        assert "invented-sanabel-followup" in [h["article"] for h in hits]
        again = c.post("/api/articles", json=[NEW_FIRE_ARTICLE, {"title": "بلا نص"}]).json()
        assert again["added"] == [] and again["unchanged"] == ["invented-sanabel-followup"]
        assert again["errors"] == [{"input": "api#2", "reason": "row has neither a text nor an html field"}]


def test_another_process_writing_the_store_is_seen(writable_db: Path) -> None:
    with TestClient(create_app(writable_db)) as c:
        first = c.get("/api/stories").json()["stories"][0]
        assert c.get("/").text.count(first["title"]) >= 1
        with SqliteStore(writable_db) as store:  # as `marsad digest` would, from another connection
            stories = list(store.iter_stories())
            for story in stories:
                if story.id == first["id"]:
                    story.title = "عنوان جديد كتبته عملية أخرى"
            store.replace_stories(stories, list(store.iter_topics()))
        assert c.get("/api/stories").json()["stories"][0]["title"] == "عنوان جديد كتبته عملية أخرى"
        assert "عنوان جديد كتبته عملية أخرى" in c.get("/").text


def test_writes_need_the_token(writable_db: Path, pipeline: Pipeline) -> None:
    row = {"title": "بلا نص"}  # an error row: checks auth without analysing anything
    with TestClient(create_app(writable_db, token="s3cret-token", pipeline=pipeline)) as c:
        assert c.post("/api/articles", json=row).status_code == 401
        wrong = c.post("/api/articles", json=row, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        ok = c.post("/api/articles", json=row, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.json()["errors"][0]["input"] == "api#1"
        assert c.get("/api/stories").status_code == 200  # reads stay open
    with pytest.raises(ValueError, match="at least 8"):
        create_app(writable_db, token="short")


def test_body_limit(writable_db: Path, pipeline: Pipeline) -> None:
    with TestClient(create_app(writable_db, max_body_bytes=2000, pipeline=pipeline)) as c:
        big = {"title": "كبير", "text": "كلمة " * 1000}
        declared = c.post("/api/articles", json=big)
        assert declared.status_code == 413 and "2000" in declared.json()["detail"]
        assert declared.headers["x-content-type-options"] == "nosniff"
        payload = json.dumps(big).encode()
        streamed = c.post(
            "/api/articles",
            content=(payload[i : i + 500] for i in range(0, len(payload), 500)),  # chunked: no content-length
            headers={"content-type": "application/json"},
        )
        assert streamed.status_code == 413
        assert c.post("/api/articles", json={"title": "صغير"}).status_code == 200
    with TestClient(create_app(writable_db, pipeline=pipeline)) as c:
        over = c.post(
            "/api/articles",
            content=b"[" + b" " * (5 * 1024 * 1024) + b"]",
            headers={"content-type": "application/json"},
        )
        assert over.status_code == 413
        assert c.post("/api/articles", json={"text": 5}).status_code == 422
