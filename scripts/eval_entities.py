"""Entities across languages on ntrex-dev: how many of the English version's are found in each
other version, and how many are linked to the wrong document's.

Usage: .venv/bin/python scripts/eval_entities.py [--data ../shared/data]

ntrex-dev holds 60 documents, each in eng, aze-Latn, rus, arb, tur and deu.
They are ingested in file order (every English text first) into a throw-away
store, as `polywire ingest` would. For each document, E is the set of entities
found in its English version. For each other version V:

- found and linked: |E ∩ entities(V)| / |E|, averaged over documents;
- linked wrongly: the share of V's entities that the English versions of
  other documents name but this document's English version does not.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path

from polywire.config import Settings
from polywire.model import Document
from polywire.pipeline import Pipeline
from polywire.store import open_store

LANGS = ("aze-Latn", "rus", "arb", "tur", "deu")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = parser.parse_args()
    records = [
        json.loads(line)
        for line in (args.data / "ntrex-dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    documents = [
        Document(
            source=record["id"],
            content=record["text"].encode("utf-8"),
            content_type="text/plain",
            url=f"https://ntrex.example/{record['id']}",
        )
        for record in records
    ]
    with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/e.db") as store:
        Pipeline(store, Settings(db=f"{folder}/e.db")).ingest(documents)
        ids = {r["id"]: store.article_for_url(f"https://ntrex.example/{r['id']}") for r in records}
        named = store.entity_ids([i for i in ids.values() if i is not None])
    entities: dict[str, dict[str, set[int]]] = defaultdict(dict)
    for record in records:
        article = ids[record["id"]]
        entities[record["story"]][record["lang"]] = named.get(article, set()) if article else set()
    english_of_others: dict[str, set[int]] = defaultdict(set)
    for story in entities:
        for other, other_langs in entities.items():
            if other != story:
                english_of_others[story] |= other_langs.get("eng", set())
    print("| language | found and linked | linked wrongly | documents |")
    print("|---|---:|---:|---:|")
    found_shares = []
    for lang in LANGS:
        found, wrong, counted = [], [], 0
        for story, by_lang in entities.items():
            english, version = by_lang.get("eng", set()), by_lang.get(lang, set())
            if not english:
                continue
            counted += 1
            found.append(len(english & version) / len(english))
            confused = (version - english) & english_of_others[story]
            wrong.append(len(confused) / len(version) if version else 0.0)
        share = sum(found) / len(found)
        found_shares.append(share)
        print(f"| {lang} | {share:.1%} | {sum(wrong) / len(wrong):.1%} | {counted} |")
    print(f"| mean of the five | {sum(found_shares) / len(found_shares):.1%} | | |")
    non_arabic = [s for lang, s in zip(LANGS, found_shares, strict=True) if lang != "arb"]
    print(f"| mean without Arabic | {sum(non_arabic) / len(non_arabic):.1%} | | |")


if __name__ == "__main__":
    main()
