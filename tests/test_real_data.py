"""The real WikiText-2 through the local-directory path (skipped when ../shared is absent)."""
import numpy as np

from skipgram_np import corpus, data, pairs, subsample


def test_real_files_verify_and_counts(wikitext_dir):
    paths = data.wikitext2_files(data_dir=wikitext_dir)
    assert [p.name for p in paths.values()] == [f.name for f in data.WIKITEXT2.files]
    c = corpus.build_corpus(corpus.read_lines(paths.values()), min_count=5)
    kept = subsample.expected_kept(c.vocab.counts, 1e-5)
    n_pairs = pairs.count_pairs(int(kept), 3)
    print(f"\nWikiText-2: {c.raw_tokens:,} tokens after cleaning, {len(c.ids):,} in vocabulary, "
          f"V = {len(c.vocab):,}, expected kept per epoch {kept:,.0f}, pairs/epoch ≈ {n_pairs:,}")
    assert c.raw_tokens == 2_416_775
    assert len(c.vocab) == 22_080 and c.vocab.words[:3] == ("the", ",", ".")
    assert "@-@" not in c.vocab.index and "@,@" not in c.vocab.index
    assert 0.2 < kept / len(c.ids) < 0.3
    assert c.line_starts[-1] == len(c.ids) and np.all(np.diff(c.line_starts) >= 0)
