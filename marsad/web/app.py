"""The web app: reader pages and a JSON API over one SQLite store.

Reads run in the server's thread pool, each thread with its own connection; writes
(``POST /api/articles``) go one at a time through a lock, with one :class:`Pipeline`
for the app (its models load on the first write and stay loaded).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the route signatures at
# definition time, and some of them name local objects (the bearer scheme).
import hmac
import logging
import re
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import __version__
from marsad.config import Settings, load_settings
from marsad.present.to_html import CSS as REPORT_CSS
from marsad.web import pages
from marsad.web.schemas import (
    ArticleIn,
    ArticleOut,
    EntityStoriesOut,
    IngestErrorOut,
    IngestOut,
    OutletOut,
    SearchOut,
    StoryListOut,
    StoryOut,
    TopicOut,
    article_out,
    brief_out,
    search_out,
    story_out,
)
from marsad.web.views import Reader, StoryFilters, offtopic_ranges, query_keys

__all__ = ["ID_PATTERN", "MAX_BODY_BYTES", "SECURITY_HEADERS", "WebOptions", "Writer", "create_app"]

logger = logging.getLogger(__name__)

# Ids in paths: word characters (any script), dot, colon, hyphen. Anything else is not an
# id marsad makes or reads (a slash would not even route).
ID_PATTERN = r"^[\w.:\-]{1,200}$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_DATE = re.compile(_ISO_DATE)
MAX_BODY_BYTES = 5 * 1024 * 1024
IdPath = Annotated[str, PathParam(pattern=ID_PATTERN, description="an id: word characters, '.', ':', '-'")]

# No script at all, styles only from our own stylesheet, nothing framed, forms only here.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

CSS = REPORT_CSS + "\n" + resources.files("marsad.web").joinpath("web.css").read_text(encoding="utf-8")


@dataclass(slots=True, frozen=True)
class WebOptions:
    """What a deployment decides: the store, the write token, limits, page sizes."""

    db: Path
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    page_size: int = 20
    search_limit: int = 30

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 8:
            raise ValueError("the write token must be at least 8 characters (or no token at all)")
        if self.max_body_bytes <= 0 or self.page_size <= 0 or self.search_limit <= 0:
            raise ValueError("web limits must be positive")


class Writer:
    """Posts into the store one at a time through :class:`marsad.live.LiveDigest` (one
    pipeline, loaded once; the live index replays the store on the first post and is
    replayed again when another process has written the store since)."""

    def __init__(self, reader: Reader, settings: Settings, pipeline: Any | None = None) -> None:
        self.reader = reader
        self.settings = settings
        self._pipeline = pipeline
        self._live: Any | None = None
        self._version: tuple[int, ...] = ()
        self._lock = threading.Lock()

    def _ready(self) -> Any:
        """The live digest, (re)built when missing or when another process wrote the store."""
        from marsad.live import LiveDigest
        from marsad.pipeline import Pipeline
        from marsad.store.sqlite import SqliteStore

        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        if self._live is None or self.reader.version() != self._version:
            start = time.perf_counter()
            self._live = LiveDigest(SqliteStore(self.reader.db), self._pipeline)
            self._version = self.reader.version()
            logger.info("writer ready: store replayed in %.1fs", time.perf_counter() - start)
        return self._live

    def prepare(self) -> None:
        """Replay the store now (the first post would otherwise wait for it)."""
        with self._lock:
            try:
                self._ready()
            except Exception:  # the first post tries again and reports the error to its client
                logger.exception("preparing the writer failed")

    def add(self, rows: list[dict[str, Any]]) -> IngestOut:
        from marsad.ingest.readers import row_to_rawdoc

        with self._lock:
            raws = [row_to_rawdoc(row, where=f"api#{n}") for n, row in enumerate(rows, 1)]
            try:
                report = self._ready().add(raws)
            except Exception as exc:  # a failing stage must give the client an answer, not a dropped line
                logger.exception("ingesting %d posted article(s) failed", len(raws))
                raise HTTPException(500, f"ingesting failed ({type(exc).__name__}); see the server log") from exc
            self.reader.writes += 1
            self._version = self.reader.version()
            store = self._live.store
            placed = {aid: (store.get_article(aid).story or "") for aid in report.added}
            return IngestOut(
                added=report.added,
                unchanged=report.unchanged,
                errors=[IngestErrorOut(input=e.input, reason=e.reason) for e in report.errors],
                placed=placed,
                articles=store.count_articles(),
                stories=store.count_stories(),
                topics=len(self.reader.topics()),
            )


class _Guard:
    """Security headers on every response; request bodies capped (413 beyond)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers[key] = value
            await send(message)

        too_large = HTTPException(413, f"request body larger than {self.max_body_bytes} bytes")
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_body_bytes:
                    await _send_json(send_secured, 413, {"detail": too_large.detail})
                    return
        received = 0

        async def receive_capped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise too_large  # FastAPI passes HTTPExceptions from body reading through
            return message

        try:
            await self.app(scope, receive_capped, send_secured)
        except HTTPException as exc:
            if exc.status_code != 413 or started:
                raise
            await _send_json(send_secured, 413, {"detail": exc.detail})


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    response = JSONResponse(body, status_code=status)
    await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={"cache-control": "no-cache"})


def _page_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise HTTPException(404, f"no {what} with this id")
    return value


def _filters(
    topic: str | None, outlet: str | None, entity: str | None, since: str | None, until: str | None
) -> tuple[StoryFilters, str]:
    """Filters from query parameters; a malformed date is dropped with a notice (pages)."""
    notice = []
    if since and not _DATE.match(since):
        notice.append(f"تاريخ البداية «{since}» ليس بصيغة YYYY-MM-DD فأُهمل.")
        since = None
    if until and not _DATE.match(until):
        notice.append(f"تاريخ النهاية «{until}» ليس بصيغة YYYY-MM-DD فأُهمل.")
        until = None
    return StoryFilters(topic or None, outlet or None, entity or None, since or None, until or None), " ".join(notice)


def create_app(
    db: Path,
    settings: Settings | None = None,
    *,
    token: str | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    pipeline: Any | None = None,
) -> FastAPI:
    """The marsad web app over the store in ``db``.

    Args:
        db: the SQLite store (created if missing).
        settings: marsad settings for ingesting posted articles (defaults if None).
        token: when set, ``POST /api/articles`` needs ``Authorization: Bearer <token>``.
        max_body_bytes: request bodies above this are refused with 413.
        pipeline: a ready :class:`marsad.pipeline.Pipeline` to ingest with (tests share
            one); by default one is made on the first post.

    Returns:
        A FastAPI app; serve it with uvicorn (see :func:`marsad.web.cli.serve_main`).
    """
    options = WebOptions(Path(db), token, max_body_bytes)
    settings = settings or load_settings()
    reader = Reader(options.db)
    writer = Writer(reader, settings, pipeline)
    reader.store()  # create the schema now, not in the first request
    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Arabic news stories from many outlets: browse, search, read, and post new articles.",
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN; /openapi.json is served
        redoc_url=None,
    )
    app.state.options = options
    app.state.reader = reader
    app.state.writer = writer
    app.add_middleware(_Guard, max_body_bytes=options.max_body_bytes)
    bearer = HTTPBearer(auto_error=False, description="needed for writes when the server runs with --token")

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static/"):
            return await http_exception_handler(request, exc)
        return _html(pages.error_page(exc.status_code, str(exc.detail)), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return _html(pages.error_page(422, f"قيمة غير صالحة في: {fields}"), 422)

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if options.token is None:
            return
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), options.token.encode()):
            raise HTTPException(401, "a valid bearer token is needed to write", headers={"WWW-Authenticate": "Bearer"})

    # --- static ---
    @app.get("/static/marsad.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(CSS, media_type="text/css; charset=utf-8", headers={"cache-control": "public, max-age=3600"})

    # --- pages ---
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(
        topic: Annotated[str | None, Query(max_length=200)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=40)] = None,
        until: Annotated[str | None, Query(max_length=40)] = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        filters, notice = _filters(topic, outlet, entity, since, until)
        size = options.page_size
        briefs = reader.list_briefs(filters, size + 1, (page - 1) * size)
        entity_name = None
        if filters.entity:
            found = reader.store().get_entity(filters.entity)
            entity_name = str(found["name"]) if found else None
        return _html(
            pages.story_list_page(
                briefs[:size],
                filters,
                page=page,
                has_next=len(briefs) > size,
                outlets=reader.outlets(),
                topics={t.id: t.title for t in reader.topics().values()},
                entity_name=entity_name,
                counts=reader.counts(),
                notice=notice,
            )
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(q: Annotated[str, Query(max_length=300)] = "") -> HTMLResponse:
        query = q.strip()
        if not query:
            return _html(pages.search_page("", None, set(), limit=options.search_limit))
        results = reader.search(query, options.search_limit)
        return _html(pages.search_page(query, results, query_keys(query), limit=options.search_limit))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: str) -> HTMLResponse:
        view = reader.story(_page_id(story_id, "story"))
        if view is None:
            raise HTTPException(404, "لا قصة بهذا المعرّف")
        return _html(pages.story_page(view))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(article_id: str) -> HTMLResponse:
        found = reader.article(_page_id(article_id, "article"))
        if found is None:
            raise HTTPException(404, "لا مقال بهذا المعرّف")
        canonical = reader.article(found.duplicate_of) if found.duplicate_of else None
        return _html(pages.article_page(found, reader.story_title(found.story), canonical.title if canonical else None))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity(entity_id: str) -> HTMLResponse:
        found = reader.entity(_page_id(entity_id, "entity"))
        if found is None:
            raise HTTPException(404, "لا اسم بهذا المعرّف")
        data, briefs = found
        return _html(pages.entity_page(data, briefs))

    # --- API ---
    @app.get("/api/stories", response_model=StoryListOut, tags=["stories"])
    def api_stories(
        topic: Annotated[str | None, Query(max_length=200)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(pattern=_ISO_DATE, description="stories ending on or after")] = None,
        until: Annotated[str | None, Query(pattern=_ISO_DATE, description="stories starting on or before")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> StoryListOut:
        """Stories, latest first, filtered by topic, outlet, entity and date range."""
        filters = StoryFilters(topic, outlet, entity, since, until)
        briefs = reader.list_briefs(filters, limit + 1, offset)
        return StoryListOut(
            stories=[brief_out(b) for b in briefs[:limit]],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if len(briefs) > limit else None,
        )

    @app.get("/api/stories/{story_id}", response_model=StoryOut, tags=["stories"], responses={404: {}})
    def api_story(story_id: IdPath) -> StoryOut:
        """One story: summary, entities, timeline, facts (as in digest.json), outlets, articles."""
        view = reader.story(story_id)
        if view is None:
            raise HTTPException(404, "no story with this id")
        return story_out(view)

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["articles"], responses={404: {}})
    def api_article(article_id: IdPath) -> ArticleOut:
        """One article: clean text, removed chrome with reasons, sentences, mentions, dates."""
        found = reader.article(article_id)
        if found is None:
            raise HTTPException(404, "no article with this id")
        return article_out(found, offtopic_ranges(found))

    @app.get("/api/entities/{entity_id}", response_model=EntityStoriesOut, tags=["entities"], responses={404: {}})
    def api_entity(entity_id: IdPath) -> EntityStoriesOut:
        """One entity with its spellings, roles and stories (latest first)."""
        found = reader.entity(entity_id)
        if found is None:
            raise HTTPException(404, "no entity with this id")
        data, briefs = found
        return EntityStoriesOut(
            id=str(data["id"]),
            name=str(data["name"]),
            type=str(data["type"]),
            variants=list(data.get("variants", [])),
            roles=list(data.get("roles", [])),
            stories=[brief_out(b) for b in briefs],
        )

    @app.get("/api/search", response_model=SearchOut, tags=["search"])
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=300, description="words; spelling variants match")],
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> SearchOut:
        """Full-text search over normalised Arabic («اسطنبول» finds «إسطنبول»)."""
        return search_out(q, reader.search(q.strip(), limit))

    @app.get("/api/topics", response_model=list[TopicOut], tags=["stories"])
    def api_topics(
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000, offset: Annotated[int, Query(ge=0)] = 0
    ) -> list[TopicOut]:
        """Topics (ongoing threads) with their story ids."""
        topics = sorted(reader.topics().values(), key=lambda t: t.id)[offset : offset + limit]
        return [TopicOut(id=t.id, title=t.title, stories=t.stories) for t in topics]

    @app.get("/api/outlets", response_model=list[OutletOut], tags=["articles"])
    def api_outlets() -> list[OutletOut]:
        """Outlets with their article counts, most articles first."""
        return [OutletOut(outlet=o, articles=n) for o, n in reader.outlets()]

    @app.post(
        "/api/articles",
        response_model=IngestOut,
        tags=["articles"],
        dependencies=[Depends(require_token)],
        responses={401: {"description": "missing or wrong bearer token"}, 413: {"description": "body too large"}},
    )
    def api_post_articles(
        body: Annotated[ArticleIn | list[ArticleIn], Body(description="one article or a list of them")],
    ) -> IngestOut:
        """Ingest articles (digest JSONL rows) and bring the stories up to date.

        An article already stored is reported unchanged; a row that cannot be used is
        reported in ``errors`` with its reason (``api#N`` is its place in the batch).
        """
        rows = body if isinstance(body, list) else [body]
        return writer.add([row.model_dump(exclude_none=True) for row in rows])

    return app
