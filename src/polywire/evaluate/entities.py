"""Entities across the versions of one text, scored on a parallel corpus such as ntrex-dev.

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
from dataclasses import dataclass, replace
from pathlib import Path

from polywire.config import Settings
from polywire.embed import Encoder
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
        for document in read_jsonl(path, int(settings.max_file_mb * 1e6))
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
