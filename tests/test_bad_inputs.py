"""The bad-input corpus on both stores: good inputs stored, bad ones reported, nothing lost."""

from __future__ import annotations

from pathlib import Path

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import input_files, read_paths
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.bad_inputs import GIVEN_BY_NAME, LIMIT, write_corpus
from tests.conftest import SEEDS


def test_every_bad_input_fails_alone_and_every_good_one_is_stored(
    tmp_path: Path, store: Store, settings: Settings, encoder: Encoder
) -> None:
    pipeline = Pipeline(store, settings, encoder=encoder)
    before = pipeline.ingest(read_paths(sorted(SEEDS.glob("*.txt")), LIMIT))
    stored_before = store.count_articles()
    assert stored_before == len(before.ingested) > 0

    corpus = tmp_path / "corpus"
    expect = write_corpus(corpus)
    given = [corpus, *(corpus / name for name in GIVEN_BY_NAME)]
    report = pipeline.ingest(read_paths(input_files(given), LIMIT))

    def name(source: str) -> str:
        """The corpus file an input came from (a JSONL line or WARC record is its file's)."""
        relative = Path(source).relative_to(corpus).as_posix()
        return relative.split("#")[0].rsplit(":", 1)[0] if relative not in expect else relative

    stored = [name(source) for source in report.ingested]
    failed: dict[str, str] = {}
    for failure in report.failures:
        file = name(failure.source)
        failed[file] = f"{failed[file]} | {failure.reason}" if file in failed else failure.reason
    noted = {name(n.source): n.reason for n in report.notes}
    for file, what in expect.items():
        assert stored.count(file) == what.stored, (file, failed.get(file))
        if what.failure:
            assert what.failure in failed[file], (file, failed.get(file))
        else:
            assert file not in failed, (file, failed[file])
        if what.note:
            assert what.note in noted[file], (file, noted.get(file))
    assert not report.duplicates
    assert store.count_articles() == stored_before + sum(w.stored for w in expect.values())

    by_source = {
        Path(row.source).name: row
        for summary in store.stories(limit=200)
        if (detail := store.story(summary.id)) is not None
        for rows in detail.families.values()
        for row in rows
    }
    assert len(by_source["broken-title.html"].title) < 100
    assert "<" not in by_source["broken-title.html"].title
    nul = store.texts([by_source["nul.txt"].id])[by_source["nul.txt"].id]
    assert "\x00" not in nul[1] and "city" not in nul[1]
    assert "lol" not in store.texts([by_source["laughs.html"].id])[by_source["laughs.html"].id][1]
