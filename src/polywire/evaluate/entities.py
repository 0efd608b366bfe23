"""Entities scored two ways: against names written down by hand, and across the versions of
one text in a parallel corpus such as ntrex-dev.

Against a gold set (``score_gold``): each text's names, as written, under the entity
they name (an English label shared across languages). Precision is the share of the
distinct forms found in a text that are among its names or their parts; recall the
share of each text's entities found by some form; a wrongly linked entity is one
whose forms in different languages do not all name the same gold entity.

On a parallel corpus (``score_entities``):
Each JSONL record is one version: ``story`` (the text it is a version of), ``lang``,
and its ``text`` or ``html``. The versions are ingested in file order into a
throw-away store, as ``polywire ingest`` would. For each text, E is the set of entities
found in its version in the reference language. For each other version V:

- found and linked: |E ∩ entities(V)| / |E|, averaged over texts;
- linked wrongly: the share of V's entities that the reference versions of
  other texts name but this text's does not.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest.files import input_files, read_paths
from polywire.ingest.jsonl import read_jsonl
from polywire.model import Document
from polywire.pipeline import Pipeline
from polywire.store import open_store


@dataclass(frozen=True)
class EntityScores:
    lang: str
    found: float
    """Share of the reference version's entities this version names too, averaged."""
    wrong: float
    """Share of this version's entities that only other texts' reference versions name."""
    texts: int


def score_entities(
    path: Path, settings: Settings, encoder: Encoder | None = None, reference: str = "eng"
) -> list[EntityScores]:
    """Scores for every language but ``reference``, in order of first appearance.

    Records are read as ``polywire ingest`` reads JSONL; each gets a URL by its line, by
    which its article is found again.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    records = {number: json.loads(line) for number, line in enumerate(lines, 1) if line.strip()}
    documents = [
        replace(document, url=_url(document.source))
        for document in read_jsonl(path, settings.max_file_bytes)
        if isinstance(document, Document)
    ]
    with tempfile.TemporaryDirectory(prefix="polywire-entities-") as folder:
        trial = replace(settings, db=str(Path(folder) / "entities.db"))
        with open_store(trial.db) as store:
            Pipeline(store, trial, encoder=encoder).ingest(documents)
            ids = {n: store.article_for_url(_url(f"{path}:{n}")) for n in records}
            named = store.entity_ids([i for i in ids.values() if i is not None])
    entities: dict[str, dict[str, set[int]]] = defaultdict(dict)
    for number, record in records.items():
        article = ids[number]
        entities[record["story"]][record["lang"]] = named.get(article, set()) if article else set()
    langs = dict.fromkeys(record["lang"] for record in records.values())
    languages = [lang for lang in langs if lang != reference]
    return [score_language(entities, lang, reference) for lang in languages]


def _url(source: str) -> str:
    """A URL for the record at ``source`` (path:line)."""
    return f"https://parallel.example/{source.rsplit(':', 1)[1]}"


def score_language(
    entities: dict[str, dict[str, set[int]]], lang: str, reference: str
) -> EntityScores:
    """``lang``'s scores from each text's entities by language."""
    everyone = set().union(*(by_lang.get(reference, set()) for by_lang in entities.values()))
    found, wrong = [], []
    for by_lang in entities.values():
        named, version = by_lang.get(reference, set()), by_lang.get(lang, set())
        if not named:
            continue
        elsewhere = everyone - named
        found.append(len(named & version) / len(named))
        wrong.append(len(version & elsewhere) / len(version) if version else 0.0)
    return EntityScores(
        lang,
        sum(found) / len(found) if found else 0.0,
        sum(wrong) / len(wrong) if wrong else 0.0,
        len(found),
    )


@dataclass(frozen=True)
class GoldText:
    """The names one text gives, by casefolded form, each with the entity it names."""

    names: dict[str, str]
    parts: dict[str, str]
    """Shorter forms that still name an entity (a surname, a demonym): right, not required."""

    @property
    def entities(self) -> set[str]:
        return set(self.names.values())

    def entity(self, form: str) -> str | None:
        key = form.casefold()
        return self.names.get(key) or self.parts.get(key)


@dataclass(frozen=True)
class Found:
    """A form an article was stored with, and its entity."""

    text: str
    lang: str
    form: str
    entity: int


@dataclass(frozen=True)
class GoldScores:
    precision: float
    recall: float
    wrong_links: float
    """Share of the entities linked across languages whose forms name different things."""
    found: int
    """Distinct forms found, over texts."""
    entities: int
    """Gold entities, over texts."""
    linked: int
    """Entities named in at least two languages."""
    wrong: list[tuple[str, str]] = field(default_factory=list)
    """(text, form) found that the gold does not list."""
    missed: list[tuple[str, str]] = field(default_factory=list)
    """(text, entity) the gold lists and no form found."""
    mixed: list[dict[str, list[str]]] = field(default_factory=list)
    """Wrongly linked entities' forms by language."""


def load_gold(path: Path) -> dict[str, GoldText]:
    """The gold file's texts by name (a file's name, or ``file.jsonl:line``)."""
    texts = json.loads(path.read_text(encoding="utf-8"))["texts"]
    return {
        name: GoldText(_by_form(text["names"]), _by_form(text.get("parts", {})))
        for name, text in texts.items()
    }


def _by_form(entities: Mapping[str, Iterable[str]]) -> dict[str, str]:
    return {form.casefold(): entity for entity, forms in entities.items() for form in forms}


def score_found(
    found: Iterable[Found], gold: Mapping[str, GoldText], shown: Collection[int] | None = None
) -> GoldScores:
    """Scores of the forms found in gold texts (only those of ``shown`` entities, if given)."""
    rows = [f for f in found if f.text in gold and (shown is None or f.entity in shown)]
    forms = sorted({(f.text, f.form) for f in rows})
    wrong = [(text, form) for text, form in forms if gold[text].entity(form) is None]
    named = {(f.text, gold[f.text].entity(f.form)) for f in rows}
    expected = sorted((text, entity) for text, g in gold.items() for entity in g.entities)
    missed = [pair for pair in expected if pair not in named]
    by_entity: defaultdict[int, list[Found]] = defaultdict(list)
    for f in rows:
        by_entity[f.entity].append(f)
    linked = [fs for fs in by_entity.values() if len({f.lang for f in fs}) >= 2]
    mixed = [
        _forms_by_lang(fs)
        for fs in linked
        if len(labels := {gold[f.text].entity(f.form) for f in fs}) > 1 or None in labels
    ]
    return GoldScores(
        precision=1 - len(wrong) / len(forms) if forms else 1.0,
        recall=1 - len(missed) / len(expected) if expected else 1.0,
        wrong_links=len(mixed) / len(linked) if linked else 0.0,
        found=len(forms),
        entities=len(expected),
        linked=len(linked),
        wrong=wrong,
        missed=missed,
        mixed=mixed,
    )


def _forms_by_lang(found: Iterable[Found]) -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for f in found:
        if f.form not in forms.setdefault(f.lang, []):
            forms[f.lang].append(f.form)
    return forms


def score_gold(
    paths: Iterable[Path], gold_path: Path, settings: Settings, encoder: Encoder | None = None
) -> tuple[GoldScores, GoldScores]:
    """Scores of every name found in the texts at ``paths``, ingested in order into a
    throw-away store as ``polywire ingest`` would, and of those of the entities story pages
    list (named by ``settings.entity_min_versions`` articles, or places)."""
    gold = load_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="polywire-gold-") as folder:
        trial = replace(settings, db=str(Path(folder) / "gold.db"))
        with open_store(trial.db) as store:
            documents = read_paths(input_files(list(paths)), settings.max_file_bytes)
            report = Pipeline(store, trial, encoder=encoder).ingest(documents)
            stories = {placement.story for placement in report.ingested.values()}
            found = [
                Found(Path(row.source).name, row.lang, mention.form, mention.entity)
                for rows in store.story_articles(stories).values()
                for row in rows
                for mention in store.mentions(row.id)
                if mention.entity is not None
            ]
            shown = {
                entity.id
                for story in stories
                for entity in store.entities(
                    story_id=story, limit=10_000, min_versions=settings.entity_min_versions
                )
            }
    return score_found(found, gold), score_found(found, gold, shown)
