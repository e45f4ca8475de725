"""Comparing checkpoints (epochs.py) and scoring every epoch fast (evaluate.QualityScorer)."""
import subprocess
import sys
import warnings

import numpy as np
import pytest

from skipgram_np import analogy_kernel, epochs, evaluate, training
from skipgram_np.baseline import Baseline, cosine
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.embeddings import Embeddings


def emb_of(rows, words=None):
    rows = np.asarray(rows, np.float32)
    return Embeddings(words or [f"w{i}" for i in range(len(rows))], rows)


def test_stable_since_and_first_answered():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(30, 8)), rng.normal(size=(30, 8))
    embs = {0: emb_of(a), 2: emb_of(b), 5: emb_of(b * 2), 10: emb_of(b * 3)}   # same directions from 2
    assert epochs.stable_since(embs, "w1") == 2
    assert epochs.stable_since({0: emb_of(a), 2: emb_of(b)}, "w1") is None
    assert epochs.first_answered({0: 5, 2: 1, 5: 3, 10: 1}) == 10
    assert epochs.first_answered({0: 5, 2: 1, 5: 1, 10: 1}) == 2
    assert epochs.first_answered({0: 5, 2: 1, 5: 1, 10: 2}) is None


def test_most_changed_leaves_out_frequent_words_punctuation_and_function_words():
    rng = np.random.default_rng(1)
    words = [",", "the"] + [f"w{i}" for i in range(50)] + ["because", "however", "along", "will", ";", "'s",
                                                           "king", "music"]
    before, after = emb_of(rng.normal(size=(60, 8)), words), emb_of(rng.normal(size=(60, 8)), words)
    rows = epochs.neighbourhood_changes(before, after, skip=5, probe=55, keep=60)
    listed = [r[0] for r in rows]
    assert "," not in listed and "the" not in listed and not set(listed) & set(words[:5])
    assert not set(listed) & {"because", "however", "along", "will", ";", "'s"}
    assert {"king", "music"} <= set(listed)
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)


def test_analogy_ranks_agree_with_the_answers():
    rng = np.random.default_rng(2)
    vecs = rng.normal(size=(40, 10))
    vecs[3] = vecs[0] - vecs[1] + vecs[2]                       # w0 − w1 + w2 = w3, planted
    emb = emb_of(vecs)
    ranks = epochs.analogy_ranks({7: emb}, "w0", "w1", "w2", "w3")
    assert ranks == {7: 1} and emb.analogy("w0", "w1", "w2", topn=1)[0][0] == "w3"
    other = emb.analogy("w0", "w1", "w2", topn=3)[2][0]
    assert epochs.analogy_ranks({7: emb}, "w0", "w1", "w2", other) == {7: 3}


# ------------------------------------------------------------------ the fast analogy scorer
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_analogy_hits_equal_the_readable_reference(seed):
    rng = np.random.default_rng(seed)
    V, d = 400, 24
    vecs = rng.normal(size=(V, d))
    offset = rng.normal(size=d) * 2
    for i in range(0, 60, 2):                                   # pairs (i, i+1) = x, x + offset
        vecs[i + 1] = vecs[i] + offset + rng.normal(size=d) * 0.5 * seed
    emb = emb_of(vecs)
    pairs = [(i, i + 1) for i in range(0, 60, 2)]
    ids = np.array([[a, b, c, dd] for (a, b) in pairs for (c, dd) in pairs if a != c], np.int64)
    ids = np.concatenate([ids, rng.integers(0, V, size=(500, 4))])   # and random questions
    ids = ids[(ids[:, 0] != ids[:, 1]) & (ids[:, 0] != ids[:, 2]) & (ids[:, 1] != ids[:, 2])]
    fast = analogy_kernel.analogy_hits(emb.unit, ids)
    ref = analogy_kernel.analogy_hits_reference(emb.unit, ids)
    assert np.array_equal(fast, ref) and 0 < fast.sum() < len(ids)


def planted_questions(seed=0, V=400, d=24):
    """A table where half the planted analogy questions are answered, and those questions."""
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(V, d))
    offset = rng.normal(size=d) * 2
    for i in range(0, 60, 2):
        vecs[i + 1] = vecs[i] + offset + rng.normal(size=d) * 0.5
    pairs = [(i, i + 1) for i in range(0, 60, 2)]
    ids = np.array([[a, b, c, dd] for (a, b) in pairs for (c, dd) in pairs if a != c], np.int64)
    return vecs.astype(np.float32), ids


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_table_scores_nothing(bad, tmp_path):
    """A table of NaN (a diverged run) answers no question and has no ρ: every comparison with
    NaN is False, which must not read as "no word beats the answer"."""
    vecs, ids = planted_questions()
    unit = emb_of(np.full_like(vecs, bad)).unit
    assert not analogy_kernel.analogy_hits(unit, ids).any()
    assert not analogy_kernel.analogy_hits_reference(unit, ids).any()
    words = [f"w{i}" for i in range(len(vecs))]
    questions, pairs = tmp_path / "q.txt", tmp_path / "ws.tsv"
    questions.write_text(": planted\n" + "".join(" ".join(words[i] for i in q) + "\n" for q in ids))
    pairs.write_text("".join(f"w{i}\tw{i + 1}\t{i % 5}\n" for i in range(0, 60, 2)))
    scorer = evaluate.QualityScorer(words, questions, pairs)
    assert scorer.score(vecs)["analogies"] > 0.2                       # the finite table scores
    row = scorer.score(np.full_like(vecs, bad))
    assert row["analogies"] == 0 and row["analogy_correct"] == 0 and np.isnan(row["wordsim"])
    emb = emb_of(np.full_like(vecs, bad), words)
    assert np.isnan(evaluate.evaluate_similarity(emb, pairs).spearman)
    assert evaluate.evaluate_analogies(emb, questions).accuracy == 0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_one_non_finite_row_is_never_a_hit_nor_a_winner(bad):
    vecs, ids = planted_questions()
    unit = emb_of(vecs).unit
    before = analogy_kernel.analogy_hits(unit, ids)
    broken = vecs.copy()
    broken[4, 3] = bad                                                 # word 4 (a planted one): one entry
    unit_b = emb_of(broken).unit
    fast, ref = analogy_kernel.analogy_hits(unit_b, ids), analogy_kernel.analogy_hits_reference(unit_b, ids)
    touched = (ids == 4).any(axis=1)
    assert touched.any() and before[touched].any()                     # it answered some before
    assert not fast[touched].any() and np.array_equal(fast, ref)
    # the others: as if word 4 were no candidate at all
    a, b, c, d = ids[~touched].T
    target = unit[b] - unit[a] + unit[c]
    scores = target @ unit.T
    scores[:, 4] = -np.inf
    for col in (a, b, c):
        scores[np.arange(len(a)), col] = -np.inf
    assert np.array_equal(fast[~touched], scores.argmax(1) == d)
    assert fast[~touched].sum() > 0.3 * (~touched).sum()


def test_scoring_finite_tables_warns_nothing(eval_dir):
    """numpy 2 reports the FPU's invalid flag after a matmul, which OpenBLAS's float32 kernels
    can set on finite data: the products of finite unit rows are taken with it ignored
    (analogy_kernel.products). Realistic tables, scored as training and the evaluate command do."""
    q, ws = eval_dir / "questions-words.txt", eval_dir / "wordsim353.tsv"
    words = list(dict.fromkeys(w for _, qs in evaluate.read_analogies(q) for qu in qs for w in qu))
    words += [w for a, b, _ in evaluate.read_word_pairs(ws) for w in (a, b) if w not in words]
    words += [f"x{i}" for i in range(6000 - len(words))]
    scorer = evaluate.QualityScorer(words, q, ws)
    rng = np.random.default_rng(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for scale in (1e-3, 0.05, 1.0, 30.0, 1e-3, 0.05, 1.0, 30.0):
            W = (rng.normal(size=(len(words), 100)) * scale).astype(np.float32)
            W[rng.integers(0, len(words), 500)] = 0                    # rows never trained
            row = scorer.score(W)
            assert np.isfinite(row["wordsim"]) and 0 <= row["analogies"] <= 1
            emb = emb_of(W, words)
            assert np.isfinite(evaluate.evaluate_similarity(emb, ws).spearman)
            evaluate.evaluate_analogies(emb, q)
            analogy_kernel.analogy_hits_reference(emb.unit[:3000], scorer.questions.ids[:200] % 3000)


def topic_corpus(n_lines=600, seed=0):
    rng = np.random.default_rng(seed)
    topics = [[f"a{i}" for i in range(15)], [f"b{i}" for i in range(15)]]
    return [" ".join(rng.choice(topics[rng.integers(2)], 12)) for _ in range(n_lines)]


@pytest.fixture
def toy_sets(tmp_path):
    """Evaluation files in the corpus's own words: same-topic pairs are 'similar'."""
    analogies = tmp_path / "q.txt"
    analogies.write_text(": topics\n" + "".join(f"a{i} b{i} a{j} b{j}\n" for i in range(5) for j in range(5) if i != j))
    pairs = tmp_path / "ws.tsv"
    pairs.write_text("# w1\tw2\tscore\n"
                     + "".join(f"a{i}\ta{i + 1}\t9\nb{i}\tb{i + 1}\t9\na{i}\tb{i}\t1\n" for i in range(10)))
    return analogies, pairs


def test_training_scores_every_epoch(tmp_path, toy_sets):
    corpus = build_corpus(topic_corpus(), 1)
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=3, threads=1, seed=3, lr=0.01).validate()
    scorer = evaluate.QualityScorer(corpus.vocab.words, *toy_sets)
    lines = []
    result = training.train(cfg, corpus, tmp_path / "run", progress=False, log=lines.append, quality=scorer)
    quality = result.checkpoint.stats["quality"]
    assert [r["epoch"] for r in quality] == [0, 1, 2, 3]
    assert quality[-1]["wordsim"] > quality[0]["wordsim"] + 0.3          # topics learned
    emb = Embeddings.from_checkpoint(result.checkpoint)
    assert quality[-1]["wordsim"] == pytest.approx(evaluate.evaluate_similarity(emb, toy_sets[1]).spearman, abs=1e-6)
    assert quality[-1]["analogies"] == evaluate.evaluate_analogies(emb, toy_sets[0]).accuracy
    assert any(line.startswith("epoch  3/3") and f"ρ {quality[-1]['wordsim']:.3f}" in line for line in lines)
    assert result.checkpoint.stats["quality_seconds"] > 0


def test_query_similarity_shows_percentile_and_ranks(tmp_path):
    corpus = build_corpus(topic_corpus(), 1)
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=2, threads=1).validate()
    training.train(cfg, corpus, tmp_path / "run", progress=False, log=lambda *a: None)
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(tmp_path / "run"), "similarity",
                        "a1", "a2"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    from skipgram_np.runs import embeddings_by_epoch
    rows = epochs.similarity_rows(embeddings_by_epoch(tmp_path / "run"), "a1", "a2")
    for row in rows:
        line = next(out for out in r.stdout.splitlines() if out.strip().startswith(f"{row['epoch']}  "))
        assert f"{row['cos']:+.4f}" in line and f"{row['percentile']:.2f}%" in line
        assert f"no. {row['rank_ab']:,}" in line and f"no. {row['rank_ba']:,}" in line
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(tmp_path / "run"), "--vectors",
                        "out", "similarity", "a1", "a2"], capture_output=True, text=True, timeout=120)
    assert "W_out is all zero at this epoch" in r.stdout


def test_spearman_equals_scipys_with_ties():
    from scipy import stats
    rng = np.random.default_rng(4)
    for x, y in ((rng.normal(size=50), rng.normal(size=50)),
                 (rng.integers(0, 5, 60).astype(float), rng.integers(0, 3, 60).astype(float)),
                 (np.arange(10.0), np.arange(10.0)[::-1])):
        assert evaluate.spearman(x, y) == pytest.approx(stats.spearmanr(x, y)[0], abs=1e-12)


def test_structure_number_is_low_for_noise_high_for_planted_groups_and_its_chance_is_the_controls():
    from skipgram_np.probes import GROUPS
    rng = np.random.default_rng(5)
    groups = [g for g in "abcdef" for _ in range(8)]
    words = [f"{g}{i}" for i, g in enumerate(groups)]
    noise = [epochs.own_group_share(Embeddings(words, rng.normal(size=(48, 30))), words, groups) for _ in range(40)]
    assert 0.05 < np.median(noise) < 0.3                     # ~7/47: the nearest group word at random
    centres = {g: rng.normal(size=30) for g in "abcdef"}
    planted = Embeddings(words, np.array([centres[g] for g in groups]) + 0.3 * rng.normal(size=(48, 30)))
    assert epochs.own_group_share(planted, words, groups) == 1.0
    vocab = [w for ws in GROUPS.values() for w in ws]        # the probe groups, as a run's maps colour them
    centres = {g: rng.normal(size=30) for g in GROUPS}
    rows = np.array([centres[g] for g, ws in GROUPS.items() for _ in ws])
    run = Embeddings(vocab, rows + 0.3 * rng.normal(size=(48, 30)))
    ctl = Embeddings(vocab, rng.normal(size=(48, 30)))
    found = epochs.structure_by_epoch({0: ctl, 2: run}, {0: ctl, 2: ctl})
    assert found["share"][2] == 1.0 and found["control"][0] == found["share"][0] == found["control"][2] < 0.5
    assert epochs.structure_by_epoch({2: run})["control"] == {}


def test_neighbourhood_change_summarises_every_content_word():
    rng = np.random.default_rng(6)
    words = [f"word{i}" for i in range(400)]
    a = Embeddings(words, rng.normal(size=(400, 20)))
    same = epochs.neighbourhood_change(a, a, skip=5, probe=300)[1]
    assert same["words"] == 300 and same["median"] == same["p10"] == same["p90"] == 10
    other = epochs.neighbourhood_change(a, Embeddings(words, rng.normal(size=(400, 20))), skip=5, probe=300)[1]
    assert other["median"] <= 1 and other["p90"] <= 2


def test_similarity_rows_use_each_epochs_own_baseline():
    """Each epoch's percentile is among that epoch's random pairs: early on every vector leans one
    way (random pairs have high cosines), later they spread out, so another epoch's baseline would
    give a very different percentile for the same cosine."""
    rng = np.random.default_rng(5)
    common = rng.normal(size=16)
    early = common + 0.4 * rng.normal(size=(300, 16))            # collapsed: random cosines near 0.9
    late = rng.normal(size=(300, 16))
    late[1] = late[0] + 2.5 * rng.normal(size=16)                 # w0 · w1 ≈ 0.45 from epoch 2
    embs = {0: emb_of(early), 2: emb_of(0.3 * early + 0.7 * late), 5: emb_of(late)}
    rows = epochs.similarity_rows(embs, "w0", "w1")
    assert [r["epoch"] for r in rows] == [0, 2, 5]
    for row in rows:
        unit = embs[row["epoch"]].unit
        own = Baseline.of(unit)
        assert row["cos"] == cosine(unit, 0, 1)
        assert row["percentile"] == own.percentile(row["cos"])
        assert (row["median"], row["p5"], row["p95"]) == (own.quantile(0.5), own.quantile(0.05), own.quantile(0.95))
        others = [Baseline.of(embs[e].unit).percentile(row["cos"]) for e in embs if e != row["epoch"]]
        assert row["percentile"] not in others                     # (so the check can tell them apart)
