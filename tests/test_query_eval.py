"""Query maths on hand-made vectors, scorers against gensim, Procrustes, figures from a small run."""
import json
import struct
import subprocess
import sys
import unicodedata

import numpy as np
import pytest

from skipgram_np import evaluate, figures, probes, projection, training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.embeddings import Embeddings, UnknownWordError
from skipgram_np.runs import load_run


@pytest.fixture
def toy():
    words = ["king", "queen", "man", "woman", "apple", "prince"]
    vectors = np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1],
                        [0.9, 1, 0, 0.1]], dtype=np.float32)
    return Embeddings(words, vectors)


def test_similarity_is_cosine(toy):
    assert toy.similarity("king", "queen") == pytest.approx(0.5)
    assert toy.similarity("man", "apple") == pytest.approx(0.0)
    assert toy.similarity("KING", "king") == pytest.approx(1.0)


def test_analogy_finds_the_planted_answer_and_excludes_question_words(toy):
    # king − man + woman = [1, 0, 1, 0] = queen
    for method in ("add", "mul"):
        answers = toy.analogy("king", "man", "woman", topn=5, method=method)
        assert answers[0][0] == "queen"
        assert not {"king", "man", "woman"} & {w for w, _ in answers}
    best = toy.most_similar(positive=["king", "woman"], negative=["man"], topn=1)[0]
    # unit vectors first: k̂ − m̂ + ŵ = (0.707, −0.293, 1, 0), whose cosine with queen is 0.9586
    target = np.array([2 ** -0.5, 2 ** -0.5 - 1, 1, 0])
    expected = target @ np.array([1, 0, 1, 0]) / np.linalg.norm(target) / 2 ** 0.5
    assert best[0] == "queen" and best[1] == pytest.approx(expected, abs=1e-6)


def test_analogy_examples_list_a_question_once(toy, tmp_path):
    # the Google set repeats some questions in two sections; the report should show them once
    questions = tmp_path / "q.txt"
    questions.write_text(": one\nman king woman queen\n: two\nman king woman queen\n")
    assert evaluate.analogy_examples(toy, questions) == [["king", "man", "woman", "queen"]]


def test_neighbors_exclude_the_word_itself(toy):
    assert toy.neighbors("king", 1)[0][0] == "prince"
    assert "king" not in [w for w, _ in toy.neighbors("king", 10)]


def test_unknown_word_names_it_and_suggests(toy):
    with pytest.raises(UnknownWordError) as err:
        toy.similarity("quen", "king")
    assert "'quen' is not in the vocabulary" in str(err.value) and "queen" in str(err.value)


def test_procrustes_recovers_rotation_and_reflection():
    rng = np.random.default_rng(0)
    B = rng.normal(size=(300, 8))
    Q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    Q[:, 0] *= -1                                # include a reflection
    A = B @ Q.T
    R = projection.procrustes(A, B)
    np.testing.assert_allclose(A @ R, B, atol=1e-10)
    np.testing.assert_allclose(R, Q, atol=1e-10)
    proj = projection.align_and_project({1: A, 2: B}, np.arange(40), fit_words=300)
    np.testing.assert_allclose(proj.coords[1], proj.coords[2], atol=1e-10)


def planted_vectors(questions_path, n_words=4000, seed=0):
    """Vectors for the analogy words in which 'capital-common-countries' is solvable."""
    sections = evaluate.read_analogies(questions_path)
    words = []
    for _, qs in sections:
        for q in qs:
            for w in q:
                if w not in words:
                    words.append(w)
    words = words[:n_words]
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(len(words), 50)).astype(np.float32)
    offset = rng.normal(size=50) * 2
    index = {w: i for i, w in enumerate(words)}
    for a, b, _, _ in sections[0][1]:          # capital -> country = capital + offset (+ noise)
        if a in index and b in index:
            vecs[index[b]] = vecs[index[a]] + offset + rng.normal(size=50) * 0.3
    return words, vecs


def test_scores_agree_with_gensim(eval_dir, tmp_path):
    gensim_models = pytest.importorskip("gensim.models")
    q, ws = eval_dir / "questions-words.txt", eval_dir / "wordsim353.tsv"
    words, vecs = planted_vectors(q)
    ours = Embeddings(words, vecs)
    kv = gensim_models.KeyedVectors(vecs.shape[1])
    kv.add_vectors(words, vecs)
    restrict = 3000
    score, sections = kv.evaluate_word_analogies(str(q), restrict_vocab=restrict, case_insensitive=True)
    mine = evaluate.evaluate_analogies(ours, q, restrict_vocab=restrict)
    assert mine.accuracy == pytest.approx(score, abs=1e-12)
    assert mine.sections["capital-common-countries"][0] == mine.sections["capital-common-countries"][1] > 400
    for sec in sections[:-1]:                     # the last is gensim's "Total accuracy"
        c, a, _ = mine.sections[sec["section"]]
        assert (c, a) == (len(sec["correct"]), len(sec["correct"]) + len(sec["incorrect"]))
    pearson, spearman, oov = kv.evaluate_word_pairs(str(ws), restrict_vocab=restrict,
                                                    case_insensitive=True)
    sim = evaluate.evaluate_similarity(ours, ws, restrict_vocab=restrict)
    assert sim.spearman == pytest.approx(spearman[0], abs=1e-9)
    assert sim.pearson == pytest.approx(pearson[0], abs=1e-6)
    assert sim.oov_rate * 100 == pytest.approx(oov, abs=1e-9)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    rng = np.random.default_rng(0)
    vocab = sorted({w for ws in probes.GROUPS.values() for w in ws} | set(probes.FREQUENT)
                   | {w for p in probes.PAIRS for w in p} | set(probes.PROBE_WORDS))
    lines = [" ".join(rng.choice(vocab, 15)) for _ in range(400)]
    run = tmp_path_factory.mktemp("run")
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=12, epochs=3, threads=1).validate()
    training.train(cfg, build_corpus(lines, cfg.min_count), run, progress=False, log=lambda *a: None)
    return run


def test_figures_from_a_small_run(small_run, eval_dir):
    paths = figures.make_all(small_run, analogies=eval_dir / "questions-words.txt",
                             similarities=eval_dir / "wordsim353.tsv", log=lambda *a: None)
    names = {p.name for p in paths}
    assert {"map_epoch0.png", "map_epoch1.png", "map_epoch3.png", "map_epochs.png", "training.png",
            "similarity.png", "neighbors.png", "report.md"} <= names
    for p in paths:
        if p.suffix == ".png":
            head = p.read_bytes()[:24]
            assert head[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", head[16:24])
            assert 300 < width < 4000 and 200 < height < 3000
            assert 5_000 < p.stat().st_size < 400_000
    report = (small_run / "figures" / "report.md").read_text()
    assert "| epoch | WordSim-353 ρ" in report and "epoch 3" in report
    assert "## Similarity across epochs" in report and "epoch 0 (untrained)" in report


def test_report_sentences_agree_with_its_tables(small_run):
    figures.make_all(small_run, log=lambda *a: None)
    report = (small_run / "figures" / "report.md").read_text()
    table = report.split("## Similarity across epochs")[1].split("\n## ")[0]
    rows = [r.split(" | ") for r in table.splitlines() if r.startswith("| ") and "·" in r.split(" | ")[0]
            and "random pairs" not in r]
    head = [h.strip() for h in table.splitlines()[4].strip("| ").split(" | ")]
    assert head[:2] == ["pair", "epoch 0 (untrained)"]
    cells = [[c.strip(" |") for c in r] for r in rows]
    first, last = 2, len(head) - 1                     # the sentence compares epoch 1 with the last

    def parse(c):                                      # cosine · percentile · rank (· control's cosine)
        return [float(x.replace("%", "").replace("no.", "").replace(",", "")) for x in c.split(" · ")[:3]]

    fell = sum(parse(r[last])[0] < parse(r[first])[0] for r in cells)
    rose = sum(parse(r[last])[1] > parse(r[first])[1] for r in cells)
    closer = sum(parse(r[last])[2] < parse(r[first])[2] for r in cells)
    n = len(cells)
    verdict = ("Relatively closer." if rose > n / 2 and closer > n / 2 else
               "Relatively further apart." if rose < n / 2 and closer < n / 2 else "Mixed.")
    sentence = next(line for line in report.splitlines() if f"of the {n} chosen related pairs" in line)
    assert sentence.startswith(f"- **{verdict}**")
    assert (f"the raw cosine fell for {fell}, the percentile among random pairs rose for {rose} and the "
            f"neighbour rank improved for {closer}") in sentence
    climb = next(line for line in report.splitlines()
                 if line.startswith(("- **Biggest rank climb.**", "- **No rank")))
    ratios = [parse(r[first])[2] / parse(r[last])[2] for r in cells]
    if max(ratios) > 1:                                # the best climb is named, with its direction
        best = cells[int(np.argmax(ratios))]
        p0, p1 = parse(best[first])[1], parse(best[last])[1]
        assert f"no. {int(parse(best[first])[2]):,} to no. {int(parse(best[last])[2]):,}" in climb
        assert (f"stayed at {p0:.1f}%" if f"{p0:.1f}" == f"{p1:.1f}" else
                f"{'rose' if p1 > p0 else 'fell'} from {p0:.1f}% to {p1:.1f}%") in climb
    else:
        assert climb.startswith("- **No rank climbed.**")


def test_report_says_when_the_vectors_have_not_spread_out(small_run):
    from skipgram_np.baseline import COLLAPSED
    from skipgram_np.runs import load_run
    ckpts = load_run(small_run)
    last = max(ckpts)
    sims = figures.similarity_table({e: Embeddings.from_checkpoint(c) for e, c in ckpts.items()})
    median = next(iter(sims.values()))[-1]["median"]
    figures.make_all(small_run, log=lambda *a: None)
    report = (small_run / "figures" / "report.md").read_text()
    assert ("**Not spread out yet.** At epoch %d" % last in report) == (median > COLLAPSED)
    # and a collapsed table (every row one direction plus noise) gets the sentence
    ckpts[last].W_in = np.ones_like(ckpts[last].W_in) + 0.01 * np.random.default_rng(0).normal(
        size=ckpts[last].W_in.shape).astype(np.float32)
    out = small_run / "collapsed"
    figures.make_all(small_run, out=out, ckpts=ckpts, log=lambda *a: None)
    said = (out / "report.md").read_text().split(f"**Not spread out yet.** At epoch {last} two random words "
                                                 f"have a median cosine of ")[1]
    assert float(said.split(":")[0]) > COLLAPSED


def test_map_uses_aligned_coordinates(small_run):
    from skipgram_np.runs import load_run
    ckpts = load_run(small_run)
    # rotate epoch 1's table: the aligned picture must not change
    words, _, before = figures.projected(ckpts)
    Q, _ = np.linalg.qr(np.random.default_rng(1).normal(size=(12, 12)))
    ckpts[1].W_in = ckpts[1].W_in @ Q
    _, _, after = figures.projected(ckpts)
    np.testing.assert_allclose(before.coords[1], after.coords[1], atol=1e-5)
    assert not np.allclose(before.coords[1], before.coords[3])     # and words do move


def cli(module, *args):
    return subprocess.run([sys.executable, "-m", f"skipgram_np.{module}", *args], capture_output=True,
                          text=True, timeout=300)


def test_query_cli_side_by_side_and_errors(small_run):
    r = cli("query", str(small_run), "neighbors", "king", "--topn", "3")
    assert r.returncode == 0 and "epoch 1" in r.stdout and "epoch 3" in r.stdout
    r = cli("query", str(small_run), "similarity", "king", "kingg")
    assert r.returncode == 2 and "'kingg' is not in the vocabulary" in r.stderr
    assert "Traceback" not in r.stderr
    r = cli("query", str(small_run), "analogy", "king", "man", "woman", "--method", "mul")
    assert r.returncode == 0 and "3CosMul" in r.stdout
    for bad in ("0", "-3", "many"):                    # not a count of neighbours: one line
        r = cli("query", str(small_run), "neighbors", "king", "--topn", bad)
        assert r.returncode == 2 and "--topn" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = cli("query", str(small_run), "similarity", "king", "king")
    assert r.returncode == 0 and "same word" in r.stdout and "fell" not in r.stdout
    r = cli("query", str(small_run), "neighbors", "king", "--vectors", "out")   # after the command too
    assert r.returncode == 0 and "in W_out" in r.stdout
    assert "W_out is all zero at epoch 0" in r.stdout and "(all zero: none)" in r.stdout


def test_query_sentences_follow_the_printed_numbers():
    from skipgram_np.query import moved
    assert moved(0.99612, 0.99598, "+.3f") == "stayed at +0.996"
    assert moved(0.5, 0.25, "+.3f") == "fell (+0.500 -> +0.250)"
    assert moved(40.0, 97.26, ".1f", "%") == "rose (40.0% -> 97.3%)"


def test_evaluate_cli_writes_json_and_markdown(small_run, eval_dir):
    r = cli("evaluate", str(small_run), "--analogies", str(eval_dir / "questions-words.txt"),
            "--similarities", str(eval_dir / "wordsim353.tsv"))
    assert r.returncode == 0, r.stderr
    rows = json.loads((small_run / "evaluation.json").read_text())
    assert [r["epoch"] for r in rows] == [0, 1, 2, 3] and "wordsim_spearman" in rows[0]
    assert "| 3 |" in (small_run / "evaluation.md").read_text()
    r = cli("evaluate", str(small_run), "--eval-dir", str(eval_dir))      # the sets, verified
    assert r.returncode == 0 and "WordSim-353" in r.stdout
    r = cli("evaluate", str(small_run), "--cache-dir", str(small_run / "empty-cache"),
            "--eval-mirror", "http://127.0.0.1:9/none")                  # nothing listens there
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "--eval-dir" in r.stderr


# ------------------------------------------------------------------ evaluation files as people have them
def test_wordsim_original_csv_scores_like_gensims_tsv(tmp_path, eval_dir):
    tsv = evaluate.read_word_pairs(eval_dir / "wordsim353.tsv")
    csv = tmp_path / "combined.csv"                       # the original release's layout
    csv.write_text("Word 1,Word 2,Human (mean)\n" + "".join(f"{a},{b},{s:.2f}\n" for a, b, s in tsv))
    assert evaluate.read_word_pairs(csv) == tsv and len(tsv) == 353
    words = sorted({w for a, b, _ in tsv for w in (a, b)})
    emb = Embeddings(words, np.random.default_rng(0).normal(size=(len(words), 8)))
    a, b = evaluate.evaluate_similarity(emb, eval_dir / "wordsim353.tsv"), evaluate.evaluate_similarity(emb, csv)
    assert (a.spearman, a.pairs_used) == (b.spearman, b.pairs_used)


@pytest.mark.parametrize("content,message", [
    (b"athens greece baghdad iraq\n", "a question before any ': section' line"),
    (b": capital\nathens greece baghdad\n", "line 2: expected four words"),
    (b": capital\n\xff\xfeathens greece baghdad iraq\n", "is not UTF-8 text (byte 0xff at offset 10)"),
    (b": capital-common-countries\n\n", "holds no analogy questions"),
])
def test_bad_analogy_files_are_one_clear_line(tmp_path, small_run, content, message):
    bad = tmp_path / "questions.txt"
    bad.write_bytes(content)
    with pytest.raises(evaluate.EvalFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate.read_analogies(bad)
    r = cli("evaluate", str(small_run), "--analogies", str(bad))
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1


def test_bad_word_pair_files_are_one_clear_line(tmp_path):
    bad = tmp_path / "pairs.tsv"
    bad.write_bytes(b"tiger\tcat\t7.35\ntiger cat\nlion cat\n")           # 1 pair in 3 lines
    with pytest.raises(evaluate.EvalFileError, match="line 2: expected word1, word2, score") as err:
        evaluate.read_word_pairs(bad)
    assert str(bad) in str(err.value) and "only 1 of its 3 lines are" in str(err.value)
    bad.write_bytes("tiger\tcat\t7,35\n".encode("latin-1") + b"\xe9\n")
    with pytest.raises(evaluate.EvalFileError, match="not UTF-8"):
        evaluate.read_word_pairs(bad)
    bad.write_bytes(b"# only comments\n\n")
    with pytest.raises(evaluate.EvalFileError, match="holds no word pairs"):
        evaluate.read_word_pairs(bad)


def test_word_pairs_quoted_csv_tsv_with_comments_and_a_stray_line(tmp_path):
    want = [("love", "sex", 6.77), ("tiger", "cat", 7.35), ("new york", "city", 8.0)]
    quoted = tmp_path / "quoted.csv"                      # a spreadsheet's export: every field quoted
    quoted.write_text('"Word 1","Word 2","Human (mean)"\n"love","sex",6.77\n"Tiger", "cat","7.35"\n'
                      '"new york","city",8\n')
    assert evaluate.read_word_pairs(quoted) == want
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("# a comment\tlike gensim's\nlove\tsex\t6.77\n# another\ntiger\tcat\t7.35\n\n"
                   "new york\tcity\t8\n")
    assert evaluate.read_word_pairs(tsv) == want
    plain = tmp_path / "combined.csv"
    plain.write_text("Word 1,Word 2,Human (mean)\nlove,sex,6.77\ntiger,cat,7.35\nnew york,city,8\n")
    assert evaluate.read_word_pairs(plain) == want
    # a stray line among mostly good ones: skipped, and said in one note naming it
    stray = tmp_path / "stray.tsv"
    stray.write_text("love\tsex\t6.77\ntiger\tcat\t7.35\nsee the paper for details\nnew york\tcity\t8\n"
                     "cup\tmug\tnan\n")
    notes = []
    assert evaluate.read_word_pairs(stray, log=notes.append) == want
    assert notes == [f"note: {stray}: skipped line 3 ('see the paper for details'), not word1, word2, "
                     f"score, and 1 more such line"]


def test_evaluate_refuses_an_undefined_rho_and_keeps_the_last_evaluation(small_run, tmp_path):
    for name in ("evaluation.json", "evaluation.md"):
        (small_run / name).write_bytes(b"sentinel " + name.encode() + b"\n")
    pairs = tmp_path / "elsewhere.tsv"                     # a set none of whose words the run knows
    pairs.write_text("".join(f"zzq{i}\tyyq{i}\t{i}\n" for i in range(5)))
    r = cli("evaluate", str(small_run), "--similarities", str(pairs))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and str(pairs) in r.stderr and "Spearman ρ needs at least two" in r.stderr
    for name in ("evaluation.json", "evaluation.md"):
        assert (small_run / name).read_bytes() == b"sentinel " + name.encode() + b"\n"
    # W_out before training is all zero: no ρ at epoch 0 ("—", null), which is not refused
    words = load_run(small_run)[3].vocab.words
    known = tmp_path / "known.tsv"
    known.write_text("".join(f"{words[i]}\t{words[i + 1]}\t{i % 7}\n" for i in range(0, 40, 2)))
    r = cli("evaluate", str(small_run), "--similarities", str(known), "--vectors", "out")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    rows = json.loads((small_run / "evaluation-known.json").read_text())     # a user's own set: its own files
    assert rows[0]["wordsim_spearman"] is None and all(isinstance(r["wordsim_spearman"], float) for r in rows[1:])
    table = (small_run / "evaluation-known.md").read_text()
    assert "— (all zero)" in table and "| known.tsv ρ |" in table and "WordSim-353" not in table
    for name in ("evaluation.json", "evaluation.md"):                  # the standard scores stay as they were
        assert (small_run / name).read_bytes() == b"sentinel " + name.encode() + b"\n"


# ------------------------------------------------------------------ Unicode: NFC wherever words meet
def test_words_meet_the_vocabulary_in_nfc(tmp_path):
    def nfd(w):
        return unicodedata.normalize("NFD", w)
    words = ["café", "thé", nfd("crème"), "brûlée", "naïve", "paris", "france", "rome", "italy"]
    assert nfd("café") != "café" and nfd("crème") in words                 # two spellings of one word
    vectors = np.random.default_rng(0).normal(size=(len(words), 6)).astype(np.float32)
    vectors[8] = vectors[7] - vectors[5] + vectors[6]                      # rome − paris + france = italy
    emb = Embeddings(words, vectors)
    assert emb.id(nfd("café")) == 0 and emb.id(nfd("CAFÉ")) == 0           # NFD query, NFC vocabulary
    assert emb.id("crème") == 2                                            # NFC query, NFD vocabulary
    assert emb.similarity(nfd("naïve"), "brûlée") == pytest.approx(emb.similarity("naïve", "brûlée"))
    pairs = tmp_path / "pairs.tsv"                                         # the files in NFD
    pairs.write_text(nfd("café\tthé\t7\ncrème\tbrûlée\t8\nnaïve\tparis\t1\nrome\titaly\t6\n"))
    sim = evaluate.evaluate_similarity(emb, pairs)
    assert sim.pairs_used == 4 and np.isfinite(sim.spearman)
    questions = tmp_path / "q.txt"
    questions.write_text(nfd(": capitals\nparis france rome italy\ncafé thé crème brûlée\n"))
    result = evaluate.evaluate_analogies(emb, questions)
    assert result.sections["capitals"][1:] == (2, 2)                       # both answerable
    scorer = evaluate.QualityScorer(words, questions, pairs)
    row = scorer.score(vectors)
    assert (row["wordsim_pairs"], row["analogy_answered"]) == (4, 2)
    assert row["wordsim"] == pytest.approx(sim.spearman)
    # the page's example questions come in the vocabulary's own spelling
    found = evaluate.analogy_examples(emb, questions)
    assert ["france", "paris", "rome", "italy"] in found
    assert all(w in emb.index for q in found for w in q)
