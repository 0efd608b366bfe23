"""Following a subject over HTTP: the API under /api/subscriptions, the "Follow this" form, a
page per subscription and its Atom feed.

A subscription with only a feed stores a saved search and makes the server
send nothing, so whoever may read may make one. A webhook makes the server
post to an address it is given, so it needs the API token, as do removing a
subscription and reading its delivery log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field, HttpUrl

from polywire.catalogue import Catalogue
from polywire.errors import BadInput
from polywire.follow.describe import StoryNote, note, subject
from polywire.follow.feed import atom
from polywire.follow.subscribe import new_subscription, storage, subscribe
from polywire.language import known_tag
from polywire.model import Delivery, Entity, Subscription
from polywire.search import MAX_QUERY_CHARS
from polywire.store.sql import is_id
from polywire.web.deps import ServicesDep, StoreDep
from polywire.web.pages import reader_language, templates
from polywire.web.security import Credentials, reader, require_token

api = APIRouter(prefix="/api/subscriptions", dependencies=[Depends(reader)])
pages = APIRouter(prefix="/follow", dependencies=[Depends(reader)], include_in_schema=False)

ATOM = "application/atom+xml; charset=utf-8"


class SubscriptionIn(BaseModel):
    """A subject to follow: a query in any language, an entity, or both."""

    query: str | None = Field(
        None, max_length=MAX_QUERY_CHARS, description="Words in any language."
    )
    entity: int | None = Field(None, ge=1, description="An entity id from /api/entities.")
    lang: str | None = Field(None, max_length=12, description="Only stories in this language.")
    site: str | None = Field(None, max_length=200, description="Only stories from this site.")
    headline_lang: str | None = Field(
        None, max_length=12, description="Name stories in this language where they have it."
    )
    webhook_url: HttpUrl | None = Field(
        None, description="POST each new or grown story here (needs the API token)."
    )


@dataclass(frozen=True)
class SubscriptionOut:
    id: int
    subject: str
    query: str | None
    entity: int | None
    entity_name: str | None
    lang: str | None
    site: str | None
    headline_lang: str | None
    webhook_url: str | None
    created_at: datetime
    feed: str
    """The Atom feed's address."""
    stories: list[int]
    """The stories it has told, most recently updated first."""


@dataclass(frozen=True)
class SubscriptionCreated(SubscriptionOut):
    secret: str | None
    """The key webhook bodies are signed with (HMAC-SHA256, X-Polywire-Signature): shown once."""


def _out(request: Request, store: Catalogue, sub: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=sub.id,
        subject=subject(sub),
        query=sub.query,
        entity=sub.entity,
        entity_name=sub.entity_name,
        lang=sub.lang,
        site=sub.site,
        headline_lang=sub.headline_lang,
        webhook_url=sub.webhook_url,
        created_at=sub.created_at,
        feed=f"{_base(request)}/follow/{sub.id}.atom",
        stories=[match.story for match in storage(store).matches(sub.id)],
    )


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _find(store: Catalogue, subscription_id: int) -> Subscription:
    if is_id(subscription_id):
        for sub in storage(store).subscriptions():
            if sub.id == subscription_id:
                return sub
    raise HTTPException(404, f"no subscription {subscription_id}")


def _create(
    store: Catalogue,
    services: ServicesDep,
    query: str | None,
    entity_id: int | None,
    lang: str | None,
    site: str | None,
    headline_lang: str | None,
    webhook_url: str | None,
) -> Subscription:
    entity: Entity | None = None
    if entity_id is not None:
        entity = store.entity(entity_id) if is_id(entity_id) else None
        if entity is None:
            raise HTTPException(422, f"no entity {entity_id}")
    try:
        new = new_subscription(
            store, services.settings, query, entity, lang, site, headline_lang, webhook_url
        )
    except BadInput as exc:
        raise HTTPException(422, str(exc)) from None
    return subscribe(store, new, services.searcher)


@api.get("", summary="Every followed subject")
def list_subscriptions(request: Request, store: StoreDep) -> list[SubscriptionOut]:
    return [_out(request, store, sub) for sub in storage(store).subscriptions()]


@api.post("", summary="Follow a subject (a webhook needs the API token)", status_code=201)
def create(
    new: SubscriptionIn,
    request: Request,
    store: StoreDep,
    services: ServicesDep,
    credentials: Credentials,
) -> SubscriptionCreated:
    if new.webhook_url is not None:
        require_token(request, credentials)
    url = str(new.webhook_url) if new.webhook_url else None
    sub = _create(
        store, services, new.query, new.entity, new.lang, new.site, new.headline_lang, url
    )
    shown = _out(request, store, sub)
    return SubscriptionCreated(**vars(shown), secret=sub.secret)


@api.get("/{subscription_id}", summary="One followed subject and the stories it has told")
def get_subscription(subscription_id: int, request: Request, store: StoreDep) -> SubscriptionOut:
    return _out(request, store, _find(store, subscription_id))


@api.delete(
    "/{subscription_id}",
    summary="Stop following a subject (needs the API token)",
    dependencies=[Depends(require_token)],
    status_code=204,
)
def delete(subscription_id: int, store: StoreDep) -> Response:
    _find(store, subscription_id)
    storage(store).remove_subscription(subscription_id)
    return Response(status_code=204)


@api.get(
    "/{subscription_id}/deliveries",
    summary="Webhook delivery attempts, newest first (needs the API token)",
    dependencies=[Depends(require_token)],
)
def deliveries(subscription_id: int, store: StoreDep) -> list[Delivery]:
    _find(store, subscription_id)
    return storage(store).deliveries(subscription_id)


async def _form(request: Request) -> dict[str, str]:
    """An HTML form's fields (application/x-www-form-urlencoded), the first value of each."""
    fields = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    return {name: values[0].strip() for name, values in fields.items() if values}


FormFields = Annotated[dict[str, str], Depends(_form)]


@pages.post("", response_class=RedirectResponse, status_code=303)
def follow_this(
    request: Request, store: StoreDep, services: ServicesDep, form: FormFields
) -> RedirectResponse:
    """The "Follow this" button of a search or an entity page: a feed, no webhook."""
    entity = form.get("entity") or None
    if entity is not None and not entity.isdigit():
        raise HTTPException(422, f"no entity {entity}")
    try:
        reading = known_tag(reader_language(request, form.get("lang") or None) or "")
    except ValueError:
        reading = None  # a browser's odd Accept-Language: the feed names stories as it finds them
    query = form.get("q") or None
    sub = _create(
        store, services, query, int(entity) if entity else None, None, None, reading, None
    )
    return RedirectResponse(f"/follow/{sub.id}", status_code=303)


@pages.api_route("/{subscription_id}.atom", methods=["GET", "HEAD"])
def feed(subscription_id: int, request: Request, store: StoreDep) -> Response:
    sub = _find(store, subscription_id)
    return Response(atom(store, storage(store), sub, _base(request)), media_type=ATOM)


@pages.api_route("/{subscription_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def page(subscription_id: int, request: Request, store: StoreDep) -> HTMLResponse:
    sub = _find(store, subscription_id)
    told: list[StoryNote] = [
        found
        for match in storage(store).matches(sub.id)
        if (found := note(store, match.story, sub.headline_lang)) is not None
    ]
    return templates.TemplateResponse(
        request,
        "follow.html",
        {"sub": sub, "subject": subject(sub), "told": told, "lang": sub.headline_lang},
    )
