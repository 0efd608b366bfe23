"""The JSON API under /api: stories, articles, search, and ingest with a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import AfterValidator, BaseModel, Field, HttpUrl, model_validator

from polywire.errors import BadInput
from polywire.language import known_tag
from polywire.model import ArticleRow, Document, Entity, Placement
from polywire.search import MAX_QUERY_CHARS
from polywire.timeutil import now, utc
from polywire.web import views
from polywire.web.deps import ServicesDep, StoreDep, moved
from polywire.web.security import reader, require_token
from polywire.web.services import QueueFull, StoreBusy

router = APIRouter(prefix="/api", dependencies=[Depends(reader)])

Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items.")]
Lang = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=12,
        pattern=r"^[a-z]{2,3}(-[A-Za-z]+)?$",
        description="A language code such as en, ru, az, ar (or eng, rus, aze, ara).",
    ),
    # Stored languages are written as the detector writes them: "eng" asks for "en"; an
    # unknown language ("xx") is refused, as the command line refuses it.
    AfterValidator(lambda tag: known_tag(tag) if tag else None),
]


@dataclass(frozen=True)
class StoryList:
    items: list[views.StoryCard]
    limit: int
    offset: int
    next_offset: int | None
    """Where the next page starts; None on the last page."""


@dataclass(frozen=True)
class ArticleText:
    article: ArticleRow
    body: str


@router.get("/stories", summary="List stories, most recently active first")
def list_stories(
    store: StoreDep,
    lang: Lang = None,
    site: Annotated[str | None, Query(max_length=200, description="Carried by this site.")] = None,
    entity: Annotated[
        int | None, Query(ge=1, description="Naming this entity (an id from /api/entities).")
    ] = None,
    since: Annotated[datetime | None, Query(description="Active at or after this time.")] = None,
    until: Annotated[datetime | None, Query(description="Begun at or before this time.")] = None,
    headline_lang: Annotated[
        Lang, Query(description="Show headlines in this language where a version exists.")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> StoryList:
    found = store.stories(
        lang=lang,
        site=site,
        entity=entity,
        since=utc(since) if since else None,
        until=utc(until) if until else None,
        limit=limit + 1,
        offset=offset,
    )
    more = len(found) > limit
    cards = views.story_cards(store, found[:limit], headline_lang or lang)
    return StoryList(cards, limit, offset, offset + limit if more else None)


@router.get(
    "/stories/{story_id}",
    summary="One story: its families, each version's relation to the original, its articles",
    response_model=views.StoryPage,
    responses={301: {"description": "The story was merged into another: its address"}},
)
def get_story(
    story_id: int, request: Request, store: StoreDep, services: ServicesDep
) -> views.StoryPage | Response:
    detail = store.story(story_id)
    if detail is None:
        return moved(request, store, story_id, f"no story {story_id}")
    return services.versions.story(store, detail)


@router.get(
    "/stories/{story_id}/align",
    summary="Two versions of a story side by side, sentence by sentence",
)
def align(
    story_id: int,
    a: Annotated[int, Query(description="An article id of the story.")],
    b: Annotated[int, Query(description="Another article id of the story.")],
    store: StoreDep,
    services: ServicesDep,
) -> views.SideBySide:
    left, right = (_article_in_story(store, story_id, i) for i in (a, b))
    return services.versions.side_by_side(store, left, right)


def _article_in_story(store: StoreDep, story_id: int, article_id: int) -> ArticleRow:
    row = store.article(article_id)
    if row is None or row.story != story_id:
        raise HTTPException(404, f"no article {article_id} in story {story_id}")
    return row


@router.get("/articles/{article_id}", summary="One article with its cleaned text")
def get_article(article_id: int, store: StoreDep) -> ArticleText:
    row = store.article(article_id)
    if row is None:
        raise HTTPException(404, f"no article {article_id}")
    return ArticleText(row, store.texts([article_id])[article_id][1])


@router.get(
    "/entities",
    summary="People, places and organisations, named in the most languages first",
)
def list_entities(
    store: StoreDep,
    services: ServicesDep,
    story: Annotated[int | None, Query(ge=1, description="Only this story's entities.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    min_versions: Annotated[
        int | None,
        Query(
            ge=1,
            le=1000,
            description="Only entities at least this many articles name, or places "
            "(default: the server's POLYWIRE_ENTITY_MIN_VERSIONS, 2); 1 lists every one.",
        ),
    ] = None,
) -> list[Entity]:
    if story is not None and store.story(story) is None:
        raise HTTPException(404, f"no story {story}")
    versions = min_versions or services.settings.entity_min_versions
    return store.entities(story_id=story, limit=limit, offset=offset, min_versions=versions)


@router.get("/search", summary="Stories for a query in any language")
def search(
    store: StoreDep,
    services: ServicesDep,
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Words in any language.")
    ],
    headline_lang: Lang = None,
) -> list[views.SearchResult]:
    if not q.strip():
        raise HTTPException(422, "the query is blank")
    return views.search(store, services.searcher, q, headline_lang)


class ArticleIn(BaseModel):
    """An article to ingest: its text or HTML, or a URL to fetch it from."""

    url: HttpUrl | None = None
    text: str | None = Field(None, max_length=1_000_000)
    html: str | None = Field(None, max_length=1_000_000)
    title: str | None = Field(None, max_length=1000)
    published_at: datetime | None = None
    lang: str | None = Field(None, max_length=12)

    @model_validator(mode="after")
    def has_content(self) -> ArticleIn:
        if not (self.text or self.html or self.url):
            raise ValueError('give "text", "html" or "url"')
        return self


@dataclass(frozen=True)
class Ingested:
    status: str
    """``ingested``, ``duplicate`` or ``revision`` (a new text at a known URL)."""
    placement: Placement | None


@router.post(
    "/articles",
    summary="Ingest one article (needs the API token)",
    dependencies=[Depends(require_token)],
    status_code=201,
)
async def ingest(new: ArticleIn, services: ServicesDep, response: Response) -> Ingested:
    try:
        report = await services.ingest_one(lambda: _document(new, services))
    except QueueFull:
        raise HTTPException(
            503, "too many ingests waiting; try again shortly", headers={"Retry-After": "5"}
        ) from None
    except StoreBusy:
        raise HTTPException(
            503,
            "another process (polywire ingest or watch) is writing this store; "
            "try again when it is done",
            headers={"Retry-After": "60"},
        ) from None
    if report.failures:
        raise HTTPException(422, report.failures[0].reason)
    if report.ingested:
        return Ingested("ingested", next(iter(report.ingested.values())))
    response.status_code = 200
    return Ingested("revision" if report.revisions else "duplicate", None)


def _document(new: ArticleIn, services: ServicesDep) -> Document:
    published = utc(new.published_at) if new.published_at else None
    if new.text or new.html:
        content = new.html or new.text or ""
        return Document(
            source="api",
            content=content.encode("utf-8"),
            content_type="text/html" if new.html else "text/plain",
            url=str(new.url) if new.url else None,
            title=new.title,
            published_at=published,
            published_from="record" if published else None,
            lang=new.lang,
            fetched_at=now(),
        )
    try:
        return services.fetcher.page(str(new.url))
    except BadInput as exc:
        raise HTTPException(422, f"cannot fetch {new.url}: {exc}") from None
