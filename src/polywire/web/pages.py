"""Server-rendered HTML pages: usable without JavaScript, every article text escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import AfterValidator

from polywire.language import known_tag
from polywire.model import ArticleRow
from polywire.search import MAX_QUERY_CHARS
from polywire.web import views
from polywire.web.deps import ServicesDep, StoreDep, moved
from polywire.web.security import reader
from polywire.web.timeline import chart

router = APIRouter(dependencies=[Depends(reader)], include_in_schema=False)
# Every template escapes everything, whatever its file name: article text is untrusted.
templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
    )
)
templates.env.globals["chart"] = chart
templates.env.globals["source_name"] = views.source_name


@dataclass(frozen=True)
class _Shown:
    """A story's card as drawn: the same articles in the same language draw the same card."""

    card: views.StoryCard = field(compare=False)
    lang: str | None
    articles: tuple[ArticleRow, ...]


@lru_cache(maxsize=1024)
def _drawn(shown: _Shown) -> Markup:
    # A template module's macros are attributes made at run time: mypy cannot see them.
    macros = templates.env.get_template("macros.html").module
    return Markup(macros.card(shown.card, shown.lang))  # type: ignore[attr-defined]


def card(c: views.StoryCard, lang: str | None) -> Markup:
    """A story's card, drawn once while its articles stay the same: a list draws thirty,
    each with its timeline, and drawing them cost half the page."""
    return _drawn(_Shown(c, lang, tuple(c.articles)))


templates.env.globals["card"] = card


def compile_templates() -> None:
    """Compile every template at start: the first reader of each page waits for nothing."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)


PAGE = 30
LangParam = Annotated[
    str | None,
    Query(max_length=12, pattern=r"^[a-z]{2,3}$"),
    AfterValidator(lambda tag: known_tag(tag) if tag else None),
]


def reader_language(request: Request, lang: str | None) -> str | None:
    """The chosen language, else the browser's first preference."""
    if lang:
        return lang
    preferred = request.headers.get("accept-language", "").split(",")[0]
    return preferred.split("-")[0].split(";")[0].strip().lower() or None


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def front(
    request: Request,
    store: StoreDep,
    lang: LangParam = None,
    entity: Annotated[int | None, Query(ge=1)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    named = store.entity(entity) if entity else None
    if entity and named is None:
        raise HTTPException(404, f"No entity {entity}.")
    found = store.stories(entity=entity, limit=PAGE + 1, offset=(page - 1) * PAGE)
    reading = reader_language(request, lang)
    cards = views.story_cards(store, found[:PAGE], reading)
    return templates.TemplateResponse(
        request,
        "front.html",
        {
            "cards": cards,
            "lang": reading,
            "page": page,
            "more": len(found) > PAGE,
            "entity": named,
        },
    )


@router.api_route("/stories/{story_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def story(request: Request, story_id: int, store: StoreDep, services: ServicesDep) -> Response:
    detail = store.story(story_id)
    if detail is None:
        return moved(request, store, story_id, f"No story {story_id}.")
    page = services.versions.story(store, detail)
    return templates.TemplateResponse(
        request,
        "story.html",
        {
            "story": page,
            "articles": page.articles,
            "entities": store.entities(
                story_id=story_id, limit=40, min_versions=services.settings.entity_min_versions
            ),
        },
    )


@router.api_route("/articles/{article_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def article(request: Request, article_id: int, store: StoreDep) -> HTMLResponse:
    row = store.article(article_id)
    if row is None:
        raise HTTPException(404, f"No article {article_id}.")
    title, body = store.texts([article_id])[article_id]
    return templates.TemplateResponse(
        request, "article.html", {"article": row, "title": title, "paragraphs": body.split("\n")}
    )


@router.api_route("/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search(
    request: Request,
    store: StoreDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    lang: LangParam = None,
) -> HTMLResponse:
    reading = reader_language(request, lang)
    results = views.search(store, services.searcher, q, reading) if q.strip() else []
    return templates.TemplateResponse(
        request,
        "search.html",
        {"q": q, "results": results, "lang": reading, "cutoff": services.settings.search_cutoff},
    )
