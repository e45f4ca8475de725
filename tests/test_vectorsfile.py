"""Any vectors: a word2vec file written by gensim opens in query, evaluate and figures, with gensim's scores."""
import subprocess
import sys

import numpy as np
import pytest

from skipgram_np import runs, vectorsfile

gensim_models = pytest.importorskip("gensim.models")


@pytest.fixture(scope="module")
def gensim_files(tmp_path_factory):
    """gensim's Word2Vec on two planted topics, saved as word2vec text (gzipped) and binary, with
    evaluation sets in the same words."""
    rng = np.random.default_rng(0)
    topics = [[f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)]]
    sentences = [list(rng.choice(topics[rng.integers(2)], 10)) for _ in range(3000)]
    model = gensim_models.Word2Vec(sentences, vector_size=20, window=3, min_count=1, workers=1, seed=1, epochs=5)
    folder = tmp_path_factory.mktemp("gensim")
    text, binary = folder / "vectors.txt.gz", folder / "vectors.bin"
    model.wv.save_word2vec_format(str(text), binary=False)
    model.wv.save_word2vec_format(str(binary), binary=True)
    pairs = folder / "pairs.tsv"
    pairs.write_text("".join(f"a{i}\ta{i + 1}\t9\nb{i}\tb{i + 1}\t9\na{i}\tb{i}\t1\n" for i in range(11)))
    questions = folder / "q.txt"
    questions.write_text(": topics\n" + "".join(f"a{i} b{i} a{j} b{j}\n" for i in range(6) for j in range(6) if i != j))
    return model.wv, text, binary, pairs, questions


def cli(*args):
    return subprocess.run([sys.executable, "-m", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_a_gensim_file_reads_as_one_table_with_the_words_in_its_order(gensim_files):
    wv, text, binary, *_ = gensim_files
    for path in (text, binary):
        (epoch, ckpt), = runs.load_run(path).items()
        assert epoch == vectorsfile.FILE_EPOCH and list(ckpt.vocab.words) == wv.index_to_key
        np.testing.assert_allclose(ckpt.W_in, wv.vectors, rtol=1e-5, atol=1e-6)
        assert not ckpt.W_out.any() and ckpt.vocab.counts is None


def test_query_and_evaluate_give_gensims_numbers_on_its_file(gensim_files):
    wv, text, binary, pairs, questions = gensim_files
    rho = wv.evaluate_word_pairs(str(pairs))[1][0]
    accuracy = wv.evaluate_word_analogies(str(questions))[0]
    for path in (text, binary):
        r = cli("skipgram_np.evaluate", path, "--similarities", pairs, "--analogies", questions)
        assert r.returncode == 0, r.stderr
        row = next(line for line in r.stdout.splitlines() if line.startswith(f"| {vectorsfile.FILE_EPOCH} |"))
        assert f"| {rho:.3f} |" in row and f"| {100 * accuracy:.2f}% |" in row
        assert "is a vectors file: the scores are printed, not written" in r.stdout
        r = cli("skipgram_np.query", path, "neighbors", "a1", "--topn", "5")
        assert r.returncode == 0, r.stderr
        listed = [line.split()[1:3] for line in r.stdout.splitlines() if line.strip()[:1].isdigit()]
        assert [[w, f"{c:.3f}"] for w, c in wv.most_similar("a1", topn=5)] == listed
        assert "is a vectors file, so no verdicts" in r.stdout
    bad = binary.with_name("bad.bin")
    bad.write_bytes(b"not vectors at all\n")
    r = cli("skipgram_np.query", bad, "neighbors", "a1")
    assert r.returncode == 2 and "is not word2vec vectors" in r.stderr and r.stderr.count("\n") == 1
