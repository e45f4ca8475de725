"""The random-pair baseline, percentiles and ranks (baseline.py)."""
import numpy as np
import pytest

from skipgram_np import baseline
from skipgram_np.embeddings import unit_rows


def test_hash_matches_known_values_and_pairs_are_distinct():
    # lowbias32 of 0, 1, 2 (computed with 32-bit integer arithmetic, as JavaScript's Math.imul does)
    assert baseline.hash32(np.array([0, 1, 2])).tolist() == [0, 1753845952, 3507691905]
    i, j = baseline.random_pairs(50, 5000)
    assert (i != j).all() and i.min() >= 0 and max(i.max(), j.max()) < 50
    counts = np.bincount(np.concatenate([i, j]), minlength=50)
    assert counts.min() > 150 and counts.max() < 250           # ~200 each: uniform
    assert np.array_equal(baseline.random_pairs(50, 5000)[0], i)   # fixed seed
    assert not np.array_equal(baseline.random_pairs(50, 5000, seed=1)[0], i)


def test_percentile_and_rank_by_hand():
    b = baseline.Baseline(np.array([-0.5, 0.0, 0.1, 0.1, 0.9]))
    assert b.percentile(0.1) == pytest.approx(100 * (2 + 1) / 5)    # ties count half
    assert b.percentile(1.0) == 100.0 and b.percentile(-1.0) == 0.0
    unit = unit_rows(np.array([[1, 0], [0.9, 0.1], [0.5, 0.5], [0, 1], [-1, 0]], np.float32))
    assert baseline.rank(unit, 0, 1) == 1 and baseline.rank(unit, 0, 2) == 2
    assert baseline.rank(unit, 0, 4) == 4                            # the farthest of four others


def test_shrinking_cosines_can_still_mean_closer():
    """All cosines shrink from epoch A to B, yet the planted pair climbs among random pairs."""
    rng = np.random.default_rng(0)
    common = rng.normal(size=16)
    early = unit_rows(common + 0.5 * rng.normal(size=(200, 16)))      # everything leans one way
    late = unit_rows(rng.normal(size=(200, 16)))
    late[1] = unit_rows((late[0] + 0.4 * late[1])[None])[0]          # word 1 moves next to word 0
    cos_early, cos_late = early[0] @ early[1], late[0] @ late[1]
    b_early, b_late = baseline.Baseline.of(early), baseline.Baseline.of(late)
    assert b_late.mean < b_early.mean
    assert baseline.rank(late, 0, 1) < baseline.rank(early, 0, 1)
    assert b_late.percentile(cos_late) > b_early.percentile(cos_early)


def test_window_counts_and_shifted_pmi_equal_a_brute_force_count():
    from skipgram_np import targets
    from skipgram_np.pairs import line_ids, window_pairs
    rng = np.random.default_rng(4)
    ids = rng.integers(0, 40, 6000)
    starts = np.array([0, 1700, 3000, 6000])
    for window, lines in ((2, None), (3, starts)):
        c, o = window_pairs(ids, window, lines)
        C = np.zeros((40, 40), np.int64)
        np.add.at(C, (c, o), 1)
        cs, os_ = rng.integers(0, 40, 60), rng.integers(0, 40, 60)
        pair, centre = targets.window_counts(ids, cs, os_, window, None if lines is None else line_ids(len(ids), lines))
        assert np.array_equal(pair, C[cs, os_]) and np.array_equal(centre, C.sum(1)[cs])
    p_n = np.full(40, 1 / 40)
    s = targets.shifted_pmi(pair, centre, p_n[os_], 5)
    seen = pair > 0
    np.testing.assert_allclose(s[seen], np.log(pair[seen] * 40 / centre[seen]) - np.log(5))
    assert np.all(np.isneginf(s[~seen]))


def test_random_pairs_are_pinned():
    """The exact pairs, as the explorer page draws them too (tests/test_explorer.py compares the
    page's): an index shifted by one, another seed offset or another collision rule changes them."""
    i, j = baseline.random_pairs(50, 4)
    assert (i.tolist(), j.tolist()) == ([0, 5, 31, 47], [2, 23, 46, 18])
    i, j = baseline.random_pairs(50, 4, seed=1)
    assert (i.tolist(), j.tolist()) == ([9, 8, 30, 17], [27, 48, 24, 8])
    i, j = baseline.random_pairs(7, 40)        # 7 words: j == i six times (k = 4, 10, 24, 33, 37, 38), moved on
    assert i.tolist() == [0, 4, 4, 0, 0, 0, 6, 3, 6, 0, 3, 0, 0, 1, 3, 2, 5, 4, 4, 3,
                          6, 2, 0, 4, 3, 6, 3, 1, 6, 2, 5, 3, 3, 6, 3, 4, 2, 6, 1, 5]
    assert j.tolist() == [5, 3, 3, 5, 1, 1, 0, 5, 2, 5, 4, 6, 6, 4, 4, 3, 1, 6, 3, 6,
                          4, 1, 3, 5, 4, 1, 2, 2, 0, 4, 0, 4, 6, 0, 0, 3, 1, 0, 2, 6]
