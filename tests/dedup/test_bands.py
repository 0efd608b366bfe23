import numpy as np

from polywire.dedup.bands import BandIndex


def keys(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint64)


def test_a_key_finds_every_row_that_has_it_sorted_or_not() -> None:
    index = BandIndex(fresh=4)
    for row in range(50):
        index.add(row, keys(1000 + row, 7 if row % 10 == 0 else 2000 + row))
    assert index.rows(keys(7)) == {0, 10, 20, 30, 40}  # 40 is still unsorted
    assert index.rows(keys(1003, 2049)) == {3, 49}
    assert index.rows(keys(5, 2**64 - 1)) == set()


def test_runs_stay_few_as_the_index_grows() -> None:
    index = BandIndex(fresh=2)
    rows = 1000
    for row in range(rows):
        index.add(row, keys(row * 3, row * 3 + 1))
    assert len(index._runs) <= np.log2(rows) + 1
    sample = np.arange(0, rows, 37)
    found = index.rows((sample * 3 + 1).astype(np.uint64))
    assert found == set(sample.tolist())


def test_the_largest_keys_are_kept_exactly() -> None:
    index = BandIndex(fresh=1)
    index.add(0, keys(2**64 - 1))
    index.add(1, keys(2**63))
    assert index.rows(keys(2**64 - 1)) == {0}
    assert index.rows(keys(2**63)) == {1}
