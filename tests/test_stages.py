"""Each pipeline stage on small inputs checked by hand."""
import numpy as np
import pytest
from scipy import stats

from skipgram_np import corpus, negatives, pairs, subsample
from skipgram_np.vocab import EmptyVocabularyError, Vocab, build_vocab


# --- cleaning and tokenizing -------------------------------------------------------------------
def test_clean_line_rules():
    assert corpus.clean_line(" = Valkyria Chronicles III = ") is None
    assert corpus.clean_line(" = = Gameplay = = ") is None
    assert corpus.clean_line("   ") is None
    assert corpus.clean_line(" The State @-@ of @-@ the @-@ Art game ") == "the state of the art game"
    assert corpus.clean_line(" cost 1 @,@ 000 dollars or 3 @.@ 5 % ") == "cost 1,000 dollars or 3.5 %"
    assert corpus.clean_line(" an <unk> word ") == "an <unk> word"


def test_tokenize_keeps_line_boundaries():
    tokens, starts = corpus.tokenize([" = H = ", " a b c ", "", " d e ", " = = x = = ", " f "])
    assert tokens == ["a", "b", "c", "d", "e", "f"]
    assert starts.tolist() == [0, 3, 5, 6]


def test_build_corpus_drops_rare_words_and_moves_boundaries():
    lines = [" a b rare a ", " b a ", " c c c a "]
    c = corpus.build_corpus(lines, min_count=2)
    assert c.vocab.words == ("a", "c", "b")          # 4, 3, 2 occurrences
    assert c.ids.dtype == np.int32
    assert [c.vocab.words[i] for i in c.ids] == ["a", "b", "a", "b", "a", "c", "c", "c", "a"]
    assert c.line_starts.tolist() == [0, 3, 5, 9]
    assert c.raw_tokens == 10


def test_max_tokens_keeps_a_prefix():
    c = corpus.build_corpus([" a a b ", " b a c "], min_count=1, max_tokens=4)
    assert c.raw_tokens == 4 and len(c.ids) == 4 and c.line_starts.tolist() == [0, 3, 4]


# --- vocabulary --------------------------------------------------------------------------------
def test_vocab_counts_order_and_min_count():
    v = build_vocab("b a c b a b d".split(), min_count=2)
    assert v.words == ("b", "a") and v.counts.tolist() == [3, 2]
    assert v.index == {"b": 0, "a": 1} and v.total == 5
    np.testing.assert_allclose(v.freqs, [0.6, 0.4])


def test_vocab_ties_broken_by_word_not_hash_order():
    v = build_vocab("zeta alpha mid zeta alpha mid".split(), min_count=1)
    assert v.words == ("alpha", "mid", "zeta")


def test_vocab_empty_is_a_clear_error():
    with pytest.raises(EmptyVocabularyError, match="no word occurs 5 times"):
        build_vocab("a b c".split(), min_count=5)


def test_vocab_save_load_roundtrip(tmp_path):
    v = build_vocab("é b é <script> é b".split(), min_count=1)
    v.save(tmp_path / "v.json")
    w = Vocab.load(tmp_path / "v.json")
    assert w.words == v.words and w.counts.tolist() == v.counts.tolist()


# --- subsampling -------------------------------------------------------------------------------
def test_keep_prob_formula():
    counts = np.array([900_000, 90_000, 9_000, 1_000])     # total 1e6 -> f = .9, .09, .009, .001
    keep = subsample.keep_prob(counts, t=1e-3)
    np.testing.assert_allclose(keep, [np.sqrt(1e-3 / 0.9), np.sqrt(1e-3 / 0.09), np.sqrt(1e-3 / 0.009), 1.0])
    p_discard = 1 - keep
    assert p_discard[-1] == 0 and np.all(np.diff(p_discard) <= 0)
    assert np.all(subsample.keep_prob(counts, t=0) == 1)


def test_subsample_empirical_keep_rate_matches_binomial():
    counts = np.array([500_000, 300_000, 150_000, 50_000])
    keep = subsample.keep_prob(counts, t=0.05)
    ids = np.repeat(np.arange(4), counts).astype(np.int32)
    kept, _ = subsample.subsample(ids, np.array([0, len(ids)]), keep, np.random.default_rng(123))
    observed = np.bincount(kept, minlength=4)
    expected = counts * keep
    sd = np.sqrt(counts * keep * (1 - keep))
    # 5 standard deviations: fails for a wrong formula (off by > 1 % here), passes by chance ~1e-6 short
    for o, e, s, p in zip(observed, expected, sd, keep):
        if p < 1:
            assert abs(o - e) < 5 * s, (o, e, s)
        else:
            assert o == e
    assert abs(subsample.expected_kept(counts, 0.05) - expected.sum()) < 1e-6


def test_subsample_moves_line_starts():
    ids = np.array([0, 1, 0, 1, 0, 1], dtype=np.int32)
    keep = np.array([0.0, 1.0])
    kept, starts = subsample.subsample(ids, np.array([0, 2, 6]), keep, np.random.default_rng(0))
    assert kept.tolist() == [1, 1, 1] and starts.tolist() == [0, 1, 3]


def test_subsample_is_seeded():
    ids = np.arange(1000, dtype=np.int32) % 7
    keep = np.full(7, 0.5)
    a = subsample.subsample(ids, np.array([0, 1000]), keep, np.random.default_rng(5))[0]
    b = subsample.subsample(ids, np.array([0, 1000]), keep, np.random.default_rng(5))[0]
    assert np.array_equal(a, b)


# --- pairs -------------------------------------------------------------------------------------
def test_window_pairs_enumerated():
    ids = np.array([10, 11, 12, 13])
    c, o = pairs.window_pairs(ids, window=1)
    assert list(zip(c.tolist(), o.tolist())) == [(10, 11), (11, 10), (11, 12), (12, 11), (12, 13), (13, 12)]
    c, o = pairs.window_pairs(ids, window=2)
    assert list(zip(c.tolist(), o.tolist())) == [
        (10, 11), (10, 12), (11, 10), (11, 12), (11, 13),
        (12, 10), (12, 11), (12, 13), (13, 11), (13, 12)]
    assert pairs.count_pairs(4, 2) == 10


def test_window_pairs_respect_lines():
    ids = np.array([1, 2, 3, 4, 5])
    c, o = pairs.window_pairs(ids, window=2, line_starts=np.array([0, 2, 5]))
    assert list(zip(c.tolist(), o.tolist())) == [
        (1, 2), (2, 1), (3, 4), (3, 5), (4, 3), (4, 5), (5, 3), (5, 4)]
    assert pairs.count_pairs(5, 2, np.array([0, 2, 5])) == 8


def test_shrunk_windows_weight_near_words_more():
    ids = np.arange(20000) % 97
    c, o = pairs.window_pairs(ids, window=3, shrink_rng=np.random.default_rng(0))
    distance = np.abs(((o.astype(int) - c.astype(int)) + 48) % 97 - 48)
    share = np.bincount(distance, minlength=4)[1:] / len(distance)
    np.testing.assert_allclose(share, np.array([3, 2, 1]) / 6, atol=0.01)
    expected = pairs.count_pairs(len(ids), 3, shrink=True)     # the stats' pairs per epoch
    assert expected < pairs.count_pairs(len(ids), 3)
    assert abs(len(c) - expected) < 0.01 * expected, (len(c), expected)


# --- negatives ---------------------------------------------------------------------------------
def test_noise_distribution():
    p = negatives.noise_distribution(np.array([16, 1]), power=0.75)
    np.testing.assert_allclose(p, [8 / 9, 1 / 9])


def test_alias_sampler_frequencies_chi_square():
    counts = np.array([5000, 2000, 700, 300, 100, 40, 10, 5, 5, 1])
    sampler = negatives.NegativeSampler(counts)
    draws = sampler.sample(40_000, 5, np.random.default_rng(7))
    assert draws.shape == (40_000, 5) and draws.dtype == np.int32
    assert draws.min() >= 0 and draws.max() < len(counts)
    observed = np.bincount(draws.ravel(), minlength=len(counts))
    chi2, pvalue = stats.chisquare(observed, sampler.p * draws.size)
    assert pvalue > 1e-3, (chi2, pvalue)
    # and it is not the plain unigram distribution
    _, p_unigram = stats.chisquare(observed, counts / counts.sum() * draws.size)
    assert p_unigram < 1e-10


def test_alias_never_out_of_range_at_the_edge():
    prob, alias = negatives.alias_table(np.array([0.5, 0.25, 0.25]))
    u = np.array([0.0, 1 - 1e-16, 0.999999999])
    class Fixed:
        def random(self, size):
            return u
    out = negatives.draw(prob, alias, 3, Fixed())
    assert out.min() >= 0 and out.max() <= 2


def test_build_corpus_streams_from_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\ufeff = T = \n the cat sat \n the dog \n", encoding="utf-8")
    b.write_text(" a cat and the dog \n", encoding="utf-8")
    streamed = corpus.build_corpus(corpus.FileLines([a, b]), min_count=2, max_tokens=8)
    listed = corpus.build_corpus(corpus.read_lines([a, b]), min_count=2, max_tokens=8)
    assert streamed.vocab.words == listed.vocab.words == ("cat", "the")   # 2 each; "dog" cut at 8
    assert np.array_equal(streamed.ids, listed.ids) and np.array_equal(streamed.line_starts, listed.line_starts)
    assert streamed.raw_tokens == 8


def test_subsample_does_not_depend_on_the_chunk_size():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 50, 10_000).astype(np.int32)
    starts = np.concatenate([[0], np.sort(rng.choice(np.arange(1, 10_000), 300, replace=False)), [10_000]])
    keep = rng.random(50)
    a = subsample.subsample(ids, starts, keep, np.random.default_rng(9))
    b = subsample.subsample(ids, starts, keep, np.random.default_rng(9), chunk=97)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    mask_reference = np.random.default_rng(9).random(len(ids)) < keep[ids]
    assert np.array_equal(a[0], ids[mask_reference])
    assert np.array_equal(a[1], np.concatenate([[0], np.cumsum(mask_reference)])[starts])


def test_keep_prob_word2vec_formula():
    counts = np.array([900_000, 90_000, 9_000, 1_000])
    f = counts / counts.sum()
    keep = subsample.keep_prob(counts, t=1e-3, formula="word2vec")
    np.testing.assert_allclose(keep, np.minimum(1, (np.sqrt(f / 1e-3) + 1) * 1e-3 / f))
    assert np.all(keep >= subsample.keep_prob(counts, t=1e-3))      # gentler than the paper's
    with pytest.raises(ValueError, match="formula"):
        subsample.keep_prob(counts, formula="other")
