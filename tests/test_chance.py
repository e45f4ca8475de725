"""The one rule (chance.py): a run judged against its control, the same training on the same words
shuffled. False positives where there is nothing to find, power where something was planted."""
import numpy as np
import pytest

from skipgram_np import chance, control, epochs, runs, training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.embeddings import Embeddings

CFG = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=4, threads=1, checkpoints=(0, 2, 4)).validate()


def zipf_lines(seed, n_words=1500, n_lines=8000, length=20):
    """Text with no structure: every token drawn on its own from a Zipf-like law over n_words words."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n_words + 1) ** 1.05
    tokens = rng.choice(n_words, size=(n_lines, length), p=p / p.sum())
    return [" ".join(f"w{t}" for t in row) for row in tokens]


def topic_lines(seed=0, n_lines=8000):
    """Four planted topics of 15 words each, and 1,000 filler words shared by all of them."""
    rng = np.random.default_rng(seed)
    topics = [[f"{c}{i}" for i in range(15)] for c in "abcd"]
    filler = [f"f{i}" for i in range(1000)]
    return [" ".join(list(rng.choice(topics[rng.integers(4)], 8)) + list(rng.choice(filler, 8)))
            for _ in range(n_lines)]


def trained(tmp_path_factory, lines, name):
    run = tmp_path_factory.mktemp(name)
    training.train(CFG, build_corpus(lines, CFG.min_count), run, progress=False, log=lambda *a: None)
    ckpts = runs.load_run(run)
    return runs.embeddings_by_epoch(run, ckpts=ckpts), runs.chance_levels(run, ckpts)


@pytest.fixture(scope="module")
def structureless(tmp_path_factory):
    return trained(tmp_path_factory, zipf_lines(1), "noise")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return trained(tmp_path_factory, topic_lines(), "topics")


def share_beyond(embs, levels, epoch, ids):
    near = levels.neighbours(epoch)
    flags = [v for i in ids for *_, v in epochs.neighbours_with_chance(embs[epoch], embs[epoch].words[i], 10,
                                                                        chance=near)["neighbours"]]
    return np.mean(flags)


def test_text_without_structure_earns_almost_no_verdict(structureless):
    """A run on i.i.d. tokens has nothing its control lacks: at every epoch at most 2 % of the top-10
    neighbours of its 300 most frequent words are beyond chance (the rule is built for ~0.1 %), and
    at epoch 0 (the same tables as the control) as few."""
    embs, levels = structureless
    for e in (0, 2, 4):
        assert share_beyond(embs, levels, e, range(300)) <= 0.02, e
    pairs = levels.pairs(4)
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, 1500, 3000), rng.integers(0, 1500, 3000)
    related = [pairs.related(a, b, float(embs[4].unit[a] @ embs[4].unit[b])) for a, b in zip(i, j) if a != b]
    assert np.mean(related) <= 0.01


def test_planted_topics_are_found_and_the_control_finds_nothing(planted, tmp_path_factory):
    embs, levels = planted
    e = max(embs)
    topic = [embs[e].index[f"a{i}"] for i in range(15)]
    assert share_beyond(embs, levels, e, topic) >= 0.8                      # power: its topic mates
    assert share_beyond(embs, levels, 0, topic) <= 0.02                     # none before training
    mates = [w for w, _, _, v in epochs.neighbours_with_chance(embs[e], "a1", 10, chance=levels.neighbours(e))
             ["neighbours"] if v]
    assert sum(w.startswith("a") for w in mates) >= 0.8 * len(mates) and len(mates) >= 8
    rows = epochs.similarity_rows(embs, "a1", "a2", levels)
    assert rows[0]["related"] is False and rows[-1]["related"] is True
    assert rows[-1]["control_cos"] < rows[-1]["cos"]
    assert epochs.similarity_rows(embs, "a1", "b1", levels)[-1]["related"] is False   # two topics apart
    # the control judged against itself: its own neighbours almost never clear its own line
    ctl = levels.controls[e]
    ids = chance.sample_ids(chance.band_edges(len(ctl.words)), 300, seed=99)
    flags = [v for i in ids[:400] for *_, v in epochs.neighbours_with_chance(ctl, ctl.words[i], 10,
                                                                             chance=levels.neighbours(e))["neighbours"]]
    assert np.mean(flags) <= 0.02


def test_bands_follow_frequency_and_a_small_last_band_joins_the_one_before():
    assert chance.band_edges(22_080).tolist() == [0, 300, 1000, 3000, 10_000, 22_080]
    assert chance.band_edges(5_000).tolist() == [0, 300, 1000, 3000, 5000]
    assert chance.band_edges(1_100).tolist() == [0, 300, 1100]             # 100 words would be too few
    assert chance.band_edges(120).tolist() == [0, 120]
    assert chance.band_of(chance.band_edges(5_000), [0, 299, 300, 4999]).tolist() == [0, 0, 1, 3]


def test_a_rare_word_is_judged_against_rare_control_words():
    """In a control whose rare rows all lean one way, rare words' nearest words are close by chance:
    the same cosine is beyond chance for a frequent word and within it for a rare one."""
    rng = np.random.default_rng(2)
    V, d = 2000, 20
    rows = rng.normal(size=(V, d))
    rows[1000:] = 1.5 * rng.normal(size=d) + rng.normal(size=(1000, d))     # the rare half leans together
    near = chance.NeighbourChance.of(Embeddings([f"w{i}" for i in range(V)], rows))
    frequent, rare = near.line_at(10, 1), near.line_at(1500, 1)
    assert rare > frequent + 0.1
    between = (frequent + rare) / 2
    assert near.beyond(10, 1, between) and not near.beyond(1500, 1, between)


def test_a_run_without_a_control_says_how_to_add_one(tmp_path):
    run = tmp_path / "run"
    training.train(CFG, build_corpus(topic_lines(n_lines=500), CFG.min_count), run, progress=False,
                log=lambda *a: None, control=False)
    assert runs.load_control(run, runs.load_run(run)) is None
    line = control.missing(run)
    assert "\n" not in line and f"python -m skipgram_np.train --resume {run} --control" in line
