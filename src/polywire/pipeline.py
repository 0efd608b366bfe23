"""The orchestration core: documents in, stored and clustered articles out.

ingest → extract → language → embed → cluster → entities → store, one batch at a time.
Each document succeeds or fails on its own; every stored article is committed
in its own transaction, so a bad input never costs what is already stored.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from polywire.catalogue import Catalogue
from polywire.cluster import (
    ModelParams,
    OnlineClusterer,
    Point,
    load_params,
    make_point,
)
from polywire.cluster.consolidate import consolidate
from polywire.cluster.online import SecondOpinion
from polywire.config import Settings
from polywire.dedup import NearDuplicates, Signature, fingerprint, lines_only_in
from polywire.embed import Encoder, get_encoder, lead_text, params_name
from polywire.entities import find_mentions, same_names
from polywire.entities.align import NameAligner
from polywire.entities.vocabulary import CommonWords
from polywire.errors import BadInput
from polywire.extract import extract
from polywire.extract.boilerplate import (
    SiteLines,
    UnstoredLines,
    remove_site_template,
    site_lines,
)
from polywire.extract.events import event_date
from polywire.extract.zones import in_utc
from polywire.follow.follower import Follower
from polywire.follow.match import Notice
from polywire.language import article_language
from polywire.link import judge_family, keep_sentence_vectors, unembedded_sentences
from polywire.link.second_opinion import AlignmentOpinion
from polywire.link.versions import KeptLinks
from polywire.model import (
    Article,
    ArticleRow,
    Assignment,
    Document,
    Failure,
    KnownName,
    Mention,
    NewArticle,
    Placement,
    Regrouping,
    StoredLead,
    WindowRow,
)
from polywire.snapshot import Refused, StoreMark, remove_leftovers
from polywire.snapshot import load as load_snapshot
from polywire.snapshot import save as save_snapshot
from polywire.store import DuplicateArticle, StoreRefused
from polywire.timeutil import now

log = logging.getLogger(__name__)


class ArticleLog(Protocol):
    """The pipeline's articles in the store: each added in one transaction with its groups,
    names and site lines, and what placing the next one reads back."""

    def is_known(self, url: str | None, content_hash: str) -> bool: ...

    def article_for_url(self, url: str) -> int | None: ...

    def add_revision(
        self, article_id: int, content_hash: str, title: str, body: str, seen_at: datetime
    ) -> bool: ...

    def add(self, new: NewArticle, assignment: Assignment) -> Placement: ...

    def window(self, since: datetime | None) -> Iterator[WindowRow]: ...

    def latest_time(self) -> datetime | None: ...

    def stored_lead(self, content_hash: str) -> StoredLead | None: ...

    def move_story(self, story_id: int, thread_id: int) -> None: ...

    def new_story(self, thread_id: int) -> int: ...

    def regroup(self, regrouping: Regrouping) -> None: ...

    def family(self, family_id: int) -> list[ArticleRow]: ...

    def entity_keys(self, story_id: int) -> dict[str, int]: ...

    def family_names(self, family_id: int) -> list[KnownName]: ...

    def mentions(self, article_id: int) -> list[Mention]: ...

    def count_articles(self) -> int: ...

    def claim_writer(self, wait: bool) -> bool: ...


class PipelineStore(ArticleLog, SiteLines, KeptLinks, Catalogue, Protocol):
    """The store as the pipeline hands it on: to extract for site lines, to link for versions,
    to following for the stories that arrive (and its subscriptions, where the store has them)."""


@dataclass
class IngestReport:
    ingested: dict[str, Placement] = field(default_factory=dict)
    """Where each stored input landed, by its source."""
    duplicates: list[str] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    """Inputs whose URL was stored with another text: kept as revisions of that article."""
    near_duplicates: list[str] = field(default_factory=list)
    """Inputs stored with the vector of a stored article whose lead is all but theirs."""
    failures: list[Failure] = field(default_factory=list)
    told: list[Notice] = field(default_factory=list)
    """Stories told to subscriptions: new ones that match, and ones that gained a language."""
    notes: list[Failure] = field(default_factory=list)
    """Inputs that were ingested with a caveat, e.g. decoded from a legacy encoding."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time spent in each stage: read, extract, dedup, language, embed, cluster, entities,
    store, link, follow, consolidate. The model runs in a worker while earlier articles are placed:
    ``embed`` is the time spent waiting for it."""
    _sources: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The inputs stored in each story."""
    _families: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The inputs stored in each family."""

    def record(self, source: str, placement: Placement) -> None:
        self.ingested[source] = placement
        self._sources[placement.story].append(source)
        self._families[placement.family].append(source)

    def move_story(self, story: int, thread: int) -> None:
        """A story stored in this run moved to another thread: so did its inputs."""
        for source in self._sources[story]:
            self.ingested[source] = replace(self.ingested[source], thread=thread)

    def regrouped(self, regrouping: Regrouping) -> None:
        """A consolidation moved families and merged stories: so it did their inputs."""
        for family, story in regrouping.families.items():
            for source in self._families[family]:
                self._sources[self.ingested[source].story].remove(source)
                self._sources[story].append(source)
                self.ingested[source] = replace(self.ingested[source], story=story)
        for absorbed, into in regrouping.merged.items():
            sources = self._sources.pop(absorbed, [])
            for source in sources:
                self.ingested[source] = replace(self.ingested[source], story=into)
            self._sources[into].extend(sources)
        for story, thread in regrouping.threads.items():
            self.move_story(story, thread)

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


class Pipeline:
    def __init__(
        self,
        store: PipelineStore,
        settings: Settings,
        encoder: Encoder | None = None,
        params: ModelParams | None = None,
        snapshot: Path | None = None,
    ) -> None:
        """``snapshot``: where to keep the learnt state between runs (``polywire.snapshot``),
        if this process may write the store; without one, a start replays the window."""
        self.store = store
        self.settings = settings
        self.encoder = encoder or get_encoder(settings.encoder)
        self.params = params or load_params(params_name(self.encoder.name))
        self.clusterer = self._new_clusterer()
        self._near = NearDuplicates()
        self._site_lines = UnstoredLines(store)
        self._common_words = CommonWords()
        self._aligner = NameAligner(
            self.encoder, settings.name_similarity, settings.name_distance_cost
        )
        self.follower = Follower(store, self.encoder, settings)
        self._unjudged: dict[int, Placement] = {}
        """The families articles joined and whose versions are not judged yet, by family."""
        self._snapshot = snapshot if snapshot and store.claim_writer(wait=False) else None
        self._saved_at = -float("inf")
        self.restored = ""
        """How the start found its window: from a snapshot, or replayed and why."""
        self._restore()

    def _new_clusterer(self) -> OnlineClusterer:
        settings = self.settings
        return OnlineClusterer(
            self.params,
            settings.window_days,
            self.encoder.dim,
            settings.story_span_days,
            settings.keep_articles,
            heal=settings.consolidate_articles > 0,
        )

    def _mark(self) -> StoreMark:
        """Where the store stands, for a snapshot to match."""
        return StoreMark.of(self.store.count_articles(), self.store.latest_time())

    def _made_with(self) -> dict[str, object]:
        """What a snapshot must have been made with to be used by this pipeline."""
        return {
            "encoder": self.encoder.name,
            "dim": self.encoder.dim,
            "window_days": self.settings.window_days,
            "story_span_days": self.settings.story_span_days,
            "lead_chars": self.settings.lead_chars,
            "held": "with event days",  # what ``HeldArticles`` keeps since consolidation
            "params": hashlib.sha256(pickle.dumps(self.params)).hexdigest(),
        }

    def _restore(self) -> None:
        """Load the snapshot if it is sound and current; else replay the store's window (and
        write a snapshot of it)."""
        if self._snapshot is None:
            self._restore_window()
            return
        remove_leftovers(self._snapshot)
        start = time.perf_counter()
        try:
            state = load_snapshot(self._snapshot, self._mark(), self._made_with())
            self.clusterer.restore(state["clusterer"])
            self._near, self._common_words = state["near"], state["common_words"]
        except Refused as exc:
            reason = str(exc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"unusable ({exc!r})"  # sound on disk, but not this version's state
        else:
            self.restored = (
                f"window of {len(self.clusterer)} articles loaded from {self._snapshot} "
                f"in {time.perf_counter() - start:.2f} s"
            )
            return
        self.clusterer = self._new_clusterer()
        self._near, self._common_words = NearDuplicates(), CommonWords()
        self._restore_window()
        self.restored = (
            f"snapshot {self._snapshot} not used: {reason}; window of {len(self.clusterer)} "
            f"articles rebuilt from the store in {time.perf_counter() - start:.1f} s"
        )
        if reason == "no snapshot yet" and not len(self.clusterer):
            self.restored = ""  # a new store: nothing to say
        elif reason != "no snapshot yet":
            log.warning(self.restored)
        self._save(force=True)

    def _save(self, force: bool = False) -> None:
        """Write the snapshot, if there is one to keep and ``snapshot_seconds`` have passed
        since the last (``force``: whatever the time)."""
        if self._snapshot is None:
            return
        if not force and time.monotonic() - self._saved_at < self.settings.snapshot_seconds:
            return
        state = {
            "clusterer": self.clusterer.__getstate__(),
            "near": self._near,
            "common_words": self._common_words,
        }
        save_snapshot(self._snapshot, state, self._mark(), self._made_with())
        self._saved_at = time.monotonic()

    def _restore_window(self) -> None:
        latest = self.store.latest_time()
        if latest is None:
            return
        since = latest - timedelta(days=self.settings.window_days)
        for row in self.store.window(since):
            self._near.add(row.content_hash, self._near.signature(self.lead(row)))
            if row.is_copy:
                continue  # as when it was ingested: its twin stands for it
            text = f"{row.title}\n{row.body}"
            point = make_point(self.params, row.vector, row.lang, text, row.published_at, row.event)
            self.clusterer.learn_one(point, row.placement)
            self._common_words.learn(row.lang, text)
        self.clusterer.fresh = []  # consolidated as they were stored

    def ingest(
        self,
        inputs: Iterable[Document | Failure],
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Run every input through the pipeline; ``on_progress(n)`` after each batch of n."""
        report = IngestReport()
        batch: list[tuple[Article, str]] = []
        pending: set[str] = set()
        items = iter(inputs)
        with ThreadPoolExecutor(1, thread_name_prefix="embed") as worker:
            ahead = _Ahead()
            while True:
                with report.timing("read"):
                    item = next(items, None)
                if item is None:
                    break
                new = self._prepare(item, report, pending)
                if new is not None:
                    batch.append(new)
                    self._look_ahead(new[0], ahead, report, worker)
                if len(batch) >= self.settings.batch_size:
                    self._embed_and_store(batch, report, on_progress, worker, ahead=ahead)
                    batch, pending, ahead = [], set(), _Ahead()
            self._embed_and_store(batch, report, on_progress, worker, ahead=ahead)
        self.finish(report)
        return report

    def tell(self, report: IngestReport) -> None:
        """Check the stories stored in since the last call against every subscription, and
        tell those that match (their feeds, their webhooks)."""
        with report.timing("follow"):
            report.told.extend(self.follower.check())

    def close(self) -> None:
        """Let the webhooks queued go (for a bounded time) and log them; the store stays open."""
        self.follower.close()

    def _prepare(
        self, item: Document | Failure, report: IngestReport, pending: set[str]
    ) -> tuple[Article, str] | None:
        """The article and its fingerprint; None when the input fails or is known."""
        if isinstance(item, Failure):
            report.failures.append(item)
            return None
        try:
            with report.timing("extract"):
                article, note = extract_safely(item)
        except BadInput as exc:
            report.failures.append(Failure(item.source, str(exc)))
            return None
        if note:
            report.notes.append(Failure(item.source, note))
        return self.admit(article, report, pending)

    def admit(
        self,
        article: Article,
        report: IngestReport,
        pending: set[str],
        has_language: bool = False,
    ) -> tuple[Article, str] | None:
        """The article without its site's template, its language, and its fingerprint.

        None when the article is known: a duplicate costs no language detection.
        ``pending`` holds the fingerprints and URLs admitted but not yet stored.
        ``has_language`` says the language was detected already, on this text.
        """
        with report.timing("dedup"):
            content_hash = fingerprint(article.body)
            keys = {content_hash, article.url} - {None}
            known = not keys.isdisjoint(pending) or self.store.is_known(None, content_hash)
            revised = None if known or not article.url else self.store.article_for_url(article.url)
        if known:
            report.duplicates.append(article.source)
            return None
        if revised is not None:
            # A new text at a stored URL is a revision of that article, not a new article.
            kept = self.store.add_revision(
                revised, content_hash, article.title, article.body, now()
            )
            (report.revisions if kept else report.duplicates).append(article.source)
            return None
        pending.update(key for key in keys if key)
        with report.timing("extract"):
            cleaned = remove_site_template(article, self._site_lines)
            self._site_lines.admitted(site_lines(cleaned))
        if not has_language or cleaned.body != article.body:
            with report.timing("language"):
                cleaned = with_language(cleaned)
        with report.timing("extract"):
            cleaned = in_utc(cleaned)  # a local time's zone follows from its language
        return cleaned, content_hash

    def _look_ahead(
        self, article: Article, ahead: _Ahead, report: IngestReport, worker: Executor | None
    ) -> None:
        """Find the admitted article's near-duplicate twin, if it has one, and else queue its
        lead to embed in ``worker`` (None: it has a vector already), ``embed_ahead`` leads a
        call: the model embeds a batch's first leads while its next articles are read.

        Earlier batches are stored by then, and admitting an article changes no stored lead,
        so the twin is the one the whole batch would find."""
        lead = self.lead(article)
        with report.timing("dedup"):
            signature = self._near.signature(lead)
            twin = self._twin(lead, signature)
        ahead.signatures.append(signature)
        ahead.twins.append(twin)
        if twin is None and worker is not None:
            ahead.unsent.append(lead)
            if len(ahead.unsent) >= max(1, self.settings.embed_ahead):
                ahead.send(worker, self.encoder)

    def _embed_and_store(
        self,
        batch: list[tuple[Article, str]],
        report: IngestReport,
        on_progress: Callable[[int], None] | None,
        worker: Executor,
        vectors: Sequence[npt.NDArray[np.float32] | None] | None = None,
        ahead: _Ahead | None = None,
    ) -> None:
        """Embed the batch's leads in ``worker`` and place each article as its vector comes
        (a near-duplicate of a stored one with its twin's vector); judge the families the
        batch before joined, their sentences embedded in ``worker`` after this batch's
        leads, while this batch is placed; then keep the snapshot.

        ``vectors``: the batch's vectors where another engine embedded them already (None
        for one still to embed here). ``ahead``: the batch's twins and the leads sent to
        the model as it was admitted (``_look_ahead``).
        """
        if not batch:
            return
        given = list(vectors) if vectors is not None else [None] * len(batch)
        if ahead is None:
            ahead = _Ahead()
            for (article, _), vector in zip(batch, given, strict=True):
                self._look_ahead(article, ahead, report, worker if vector is None else None)
        ahead.send(worker, self.encoder)
        judging = self._unjudged_families(report)
        sentences = [text for texts in judging.sentences.values() for text in texts]
        parts = self._embed_sentences(sentences, len(ahead.chunks), worker)
        embedded = self._in_order(ahead.chunks, report)
        for (article, content_hash), signature, twin, vector in zip(
            batch, ahead.signatures, ahead.twins, given, strict=True
        ):
            if twin is None:
                vector = next(embedded) if vector is None else vector
                self.place(article, content_hash, vector, report, signature)
            else:
                report.near_duplicates.append(article.source)
                self.place(article, content_hash, twin.vector, report, signature, twin)
        with report.timing("link"):
            found = np.concatenate([part.result() for part in parts]) if parts else None
        self._judge(judging, found, report)
        self.tell(report)
        self.consolidate(report, self.settings.consolidate_articles)
        if on_progress:
            on_progress(len(batch))
        self._save()

    def store_batch(
        self,
        batch: list[tuple[Article, str]],
        vectors: Sequence[npt.NDArray[np.float32] | None],
        report: IngestReport,
    ) -> None:
        """``ingest``'s step after ``admit`` for a batch another engine embedded: near-duplicate
        twins, clustering, names, the store, the previous batch's families and the snapshot,
        as in one process."""
        with ThreadPoolExecutor(1, thread_name_prefix="embed") as worker:
            self._embed_and_store(batch, report, None, worker, vectors)

    def finish(self, report: IngestReport) -> None:
        """Consolidate what the last batches placed, judge the families the last batch joined
        and write the snapshot, as ``ingest`` does when its inputs end."""
        self.consolidate(report)
        self.judge_families(report)
        self._save(force=True)

    def consolidate(self, report: IngestReport, at_least: int = 1) -> None:
        """Split and merge the stories the articles learnt since the last time joined, and
        their neighbours (``cluster.consolidate``), once ``at_least`` were learnt; the store
        and the report follow."""
        if not self.clusterer.heal or len(self.clusterer.fresh) < max(1, at_least):
            return
        with report.timing("consolidate"):
            regrouping = consolidate(self.clusterer, self.store.new_story)
            if regrouping:
                self.store.regroup(regrouping)
                report.regrouped(regrouping)

    def _embed_sentences(
        self, sentences: Sequence[str], chunks: int, worker: Executor
    ) -> list[Future[npt.NDArray[np.float32]]]:
        """``sentences`` embedded in ``worker`` after the batch's leads, in as many parts as
        the leads took calls: the runtimes release the GIL while they compute, so the model
        reads them while the batch is clustered and its names found."""
        size = -(-len(sentences) // max(1, chunks))
        return [
            worker.submit(self.encoder.encode, sentences[i : i + size])
            for i in range(0, len(sentences), size or 1)
        ]

    def _in_order(
        self, chunks: list[Future[npt.NDArray[np.float32]]], report: IngestReport
    ) -> Iterator[npt.NDArray[np.float32]]:
        for chunk in chunks:
            with report.timing("embed"):
                vectors = chunk.result()
            yield from vectors

    def _twin(self, lead: str, signature: Signature) -> StoredLead | None:
        """The stored article whose lead is near-identical, if there is one: of those the
        index proposes, the one whose stored lead is most alike.

        Twins within one batch are not stored yet: both are embedded.
        """
        stored = {
            key: row
            for key in self._near.candidates(signature)
            if (row := self.store.stored_lead(key)) is not None
        }
        twin = self._near.twin(lead, {key: self.lead(row) for key, row in stored.items()})
        return stored[twin] if twin else None

    def lead(self, article: Article | StoredLead | WindowRow) -> str:
        """What the encoder sees of an article."""
        return lead_text(article.title, article.body, self.settings.lead_chars)

    def place(
        self,
        article: Article,
        content_hash: str,
        vector: npt.NDArray[np.float32],
        report: IngestReport,
        signature: Signature | None = None,
        twin: StoredLead | None = None,
    ) -> None:
        """Cluster one embedded article, find its names, and store it in one transaction;
        its family's versions are judged at the next ``judge_families``.

        ``signature`` is its lead's near-duplicate signature, when already computed.
        ``twin`` is the stored article it is a near-duplicate of: a copy joins its twin's
        family unasked, and the clusterer does not learn it, as its twin stands for it there.
        """
        with report.timing("extract"):
            event = event_date(self.lead(article), article.lang, article.published_at)
        article = replace(article, event=event)
        text = f"{article.title}\n{article.body}"
        point = None
        aligned = self._aligned(article)
        with report.timing("cluster"):
            if twin:
                copied = twin.placement
                assignment = Assignment(copied.family, copied.story, copied.thread)
            else:
                point = make_point(
                    self.params, vector, article.lang, text, article.published_at, event
                )
                assignment = self.clusterer.predict_one(point, self._second_opinion(aligned))
        with report.timing("entities"):
            mentions = self._mentions(article, assignment, twin)
        ingested_at = now()
        new = NewArticle(
            article=replace(article, seen_at=article.seen_at or ingested_at),
            content_hash=content_hash,
            ingested_at=ingested_at,
            vector=vector,
            mentions=mentions,
            copy_of=twin.id if twin else None,
            site_lines=site_lines(article),
        )
        try:
            with report.timing("store"):
                placement = self.store.add(new, assignment)
        except DuplicateArticle:
            # Another process stored the same article since we checked: not an error.
            report.duplicates.append(article.source)
            return
        except StoreRefused as exc:
            report.failures.append(Failure(article.source, str(exc)))
            return
        finally:
            self._site_lines.placed(new.site_lines)
        if aligned is not None and aligned.vectors is not None:
            with report.timing("link"):
                self._keep_sentences(content_hash, aligned.vectors)
        if signature is None:
            signature = self._near.signature(self.lead(article))
        self._near.add(content_hash, signature)
        report.record(article.source, placement)
        self.follower.arrived(placement.story, vector)
        if point is not None:
            self._learn(point, placement, text, report)
        if self.settings.link_versions and (twin or assignment.family is not None):
            # An article alone in a new family has no versions to judge.
            self._unjudged[placement.family] = placement

    def _aligned(self, article: Article) -> AlignmentOpinion | None:
        """Sentence alignment, to ask about the families the family rule is unsure of."""
        settings = self.settings
        if settings.family_align_low == settings.family_align_high:
            return None
        return AlignmentOpinion(
            article.title,
            article.body,
            self.store,
            self.encoder,
            settings.family_align_floor,
            settings.family_align_share,
            settings.family_align_min_sentences,
        )

    def _second_opinion(self, aligned: AlignmentOpinion | None) -> SecondOpinion | None:
        if aligned is None:
            return None
        settings = self.settings
        return SecondOpinion(settings.family_align_low, settings.family_align_high, aligned.agrees)

    def _keep_sentences(self, content_hash: str, vectors: npt.NDArray[np.float32]) -> None:
        """The sentence vectors a second opinion embedded, kept for judging the family's links
        (the article just stored is the one with its content hash)."""
        stored = self.store.stored_lead(content_hash)
        if stored is not None:
            self.store.put_sentence_vectors(stored.id, vectors)

    def judge_families(self, report: IngestReport) -> None:
        """Judge the versions of each family an article joined since the last call, so pages
        only read them (``place`` leaves this for later); the sentences of every version not
        embedded yet are embedded together first, in one encoder call."""
        judging = self._unjudged_families(report)
        sentences = [text for texts in judging.sentences.values() for text in texts]
        with report.timing("link"):
            vectors = self.encoder.encode(sentences) if sentences else None
        self._judge(judging, vectors, report)

    def _unjudged_families(self, report: IngestReport) -> _Judging:
        """The families articles joined since the last call, and the sentences of their
        versions that are not embedded yet."""
        placements, self._unjudged = list(self._unjudged.values()), {}
        with report.timing("link"):
            families = {
                placement.family: rows
                for placement in placements
                if len(rows := self._family(placement)) > 1
            }
            rows = [row for versions in families.values() for row in versions]
            return _Judging(families, unembedded_sentences(rows, self.store))

    def _judge(
        self,
        judging: _Judging,
        vectors: npt.NDArray[np.float32] | None,
        report: IngestReport,
    ) -> None:
        """Keep the sentence vectors embedded for ``judging``, then judge its families; one
        that an article joined since is left for the next call, which reads it whole."""
        with report.timing("link"):
            if vectors is not None:
                keep_sentence_vectors(judging.sentences, vectors, self.store)
            for family, rows in judging.families.items():
                if family not in self._unjudged:
                    judge_family(rows, self.store, self.encoder)

    def _family(self, placement: Placement) -> list[ArticleRow]:
        """The versions of the family the article joined."""
        return self.store.family(placement.family)

    def _learn(self, point: Point, placement: Placement, text: str, report: IngestReport) -> None:
        """Tell the clusterer where a new article went, and the language's vocabulary the words
        it uses; move its story if it now fits another thread."""
        with report.timing("cluster"):
            self.clusterer.learn_one(point, placement)
            thread = self.clusterer.regroup(placement.story)
        self._common_words.learn(point.lang, text)
        if thread is not None:
            with report.timing("store"):
                self.store.move_story(placement.story, thread)
            report.move_story(placement.story, thread)

    def _mentions(
        self, article: Article, assignment: Assignment, twin: StoredLead | None
    ) -> tuple[Mention, ...]:
        """Names in the article, linked through the keys its story's other articles gave, or
        by meaning to the names its family's other versions translate; a copy's are its
        twin's, unless it changed them."""
        common = self._common_words.of(article.lang)
        story, family = assignment.story, assignment.family
        known = self.store.entity_keys(story) if story is not None else {}
        if twin is not None and (copied := self._names_of_twin(article, twin, known, common)):
            return tuple(copied)
        # Read once, if at all, for both finding and aligning names.
        family_names = (
            cache(partial(self.store.family_names, family)) if family is not None else None
        )
        mentions = find_mentions(
            article.title, article.body, article.lang, known, common, family_names
        )
        if family_names is None or not self.settings.align_names:
            return tuple(mentions)
        return tuple(self._aligner.align(mentions, article.lang, known.keys(), family_names))

    def _names_of_twin(
        self, article: Article, twin: StoredLead, known: Mapping[str, int], common: Container[str]
    ) -> list[Mention] | None:
        """The twin's stored names, if a whole search of the copy would find them again: the
        same title and language, and changed lines that name the same (``same_names``).

        None when the copy must be searched whole, as must the copy of a twin stored
        without names (perhaps before names were). What the story and the language
        learnt since the twin was read (keys, common words) the copy does not use.
        """
        if (article.title, article.lang) != (twin.title, twin.lang):
            return None
        removed = "\n".join(lines_only_in(twin.body, article.body))
        added = "\n".join(lines_only_in(article.body, twin.body))
        if not same_names(removed, added, article.body, article.lang, known, common):
            return None
        return self.store.mentions(twin.id) or None


@dataclass
class _Ahead:
    """A batch's leads as its articles are admitted: their near-duplicate twins, and the
    model calls that embed the others, in order."""

    signatures: list[Signature] = field(default_factory=list)
    twins: list[StoredLead | None] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)
    """Leads to embed not sent to the model yet."""
    chunks: list[Future[npt.NDArray[np.float32]]] = field(default_factory=list)

    def send(self, worker: Executor, encoder: Encoder) -> None:
        """Send the leads waiting to the model, in one call."""
        if self.unsent:
            self.chunks.append(worker.submit(encoder.encode, self.unsent))
            self.unsent = []


@dataclass(frozen=True)
class _Judging:
    """Families to judge, with the sentences of their versions not embedded yet."""

    families: dict[int, list[ArticleRow]]
    """Each family's versions, by family id."""
    sentences: dict[int, list[str]]
    """The sentences of each version to embed, by article id (``unembedded_sentences``)."""


def extract_safely(document: Document) -> tuple[Article, str | None]:
    """``extract``, with any error a hostile page may cause turned into ``BadInput``."""
    try:
        return extract(document)
    except BadInput:
        raise
    except Exception as exc:
        raise BadInput(f"extraction failed: {exc!r}") from exc


def with_language(article: Article) -> Article:
    """The article tagged with its language (``article_language``)."""
    return replace(article, lang=article_language(f"{article.title}\n{article.body}", article.lang))
