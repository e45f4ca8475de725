"""A word2vec file in the explorer, in Debian's Chromium: gensim's vectors as a page of their own (one
table, no history), and beside a run's (explore RUN --compare FILE) with the numbers query prints."""
import numpy as np
import pytest
from test_explorer import number, open_view, watched
from test_vectorsfile import cli, gensim_files  # noqa: F401 (the fixture)

from skipgram_np import training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.embeddings import Embeddings


def table(pg, selector):
    return pg.locator(f"{selector} tr[data-word]").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.textContent))")


def listed(wv, word, topn=10):
    return [(w, f"{c:.3f}") for w, c in wv.most_similar(word, topn=topn)]


@pytest.mark.parametrize("which", ["text", "binary"])
def test_a_gensim_file_is_a_page_of_one_table(gensim_files, browser, tmp_path, which):   # noqa: F811
    wv, text, binary, *_ = gensim_files
    out = tmp_path / "vectors.html"
    r = cli("skipgram_np.explore", text if which == "text" else binary, "--out", out, "--no-eval")
    assert r.returncode == 0, r.stderr
    assert "a vectors file: one table and no history" in r.stdout
    pg = watched(browser.new_page(viewport={"width": 1280, "height": 900}), out)
    open_view(pg, "view=neighbors&word=a1")
    rows = table(pg, "#nb-table")
    assert [(r[1].strip(), r[3].strip()) for r in rows] == listed(wv, "a1")     # query FILE neighbors a1 = gensim's
    assert len(rows[0]) == 4                                  # no control or count columns: the file has neither
    assert pg.locator("#nb-stable").count() == 0              # one table: nothing "over the whole run"
    assert pg.is_disabled("button[data-vec='out']") and pg.is_disabled("button[data-ctl='1']")
    for view in ("step", "how", "start"):                     # the views about training say why they are empty
        open_view(pg, f"view={view}")
        assert "is a vectors file: one table (its W_in) and no history" in pg.text_content("#file-only")
    open_view(pg, "view=explore")
    assert "in the file" in pg.text_content("#map-note") and "epoch" not in pg.text_content("#map-note")
    assert pg.errors == [], pg.errors
    pg.close()


@pytest.fixture(scope="module")
def run_and_page(gensim_files, tmp_path_factory):   # noqa: F811
    """A small run of ours on the same words as gensim's file, and its page with the file beside it."""
    wv, text, binary, *_ = gensim_files
    rng = np.random.default_rng(1)
    topics = [[f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)]]
    lines = [" ".join(rng.choice(topics[rng.integers(2)], 10)) for _ in range(600)]
    folder = tmp_path_factory.mktemp("compare_run")
    cfg = Config(min_count=1, subsample=0.0, window=3, dim=16, epochs=2, threads=1).validate()
    training.train(cfg, build_corpus(lines, cfg.min_count), folder, progress=False, log=lambda *a: None,
                   quality=None, control=False)
    out = folder / "beside.html"
    r = cli("skipgram_np.explore", folder, "--compare", binary, "--out", out, "--no-eval")
    assert r.returncode == 0, r.stderr
    return folder, out, binary


def test_compare_shows_the_files_neighbours_and_cosines_as_query_prints_them(gensim_files, run_and_page, browser):   # noqa: F811
    wv = gensim_files[0]
    _, out, binary = run_and_page
    pg = watched(browser.new_page(viewport={"width": 1280, "height": 900}), out)
    open_view(pg, "view=neighbors&word=a1")
    rows = table(pg, "#nb-compare-table")
    assert [(r[1].replace("both", "").strip(), r[2]) for r in rows] == listed(wv, "a1")
    run_words = {r[1].replace("new", "").strip() for r in table(pg, "#nb-table")}
    shared = [w for w, _ in listed(wv, "a1") if w in run_words]
    assert f"{len(shared)} of them are in the run's list above" in pg.text_content("#nb-compare-note")
    assert f"query {binary} neighbors a1" in pg.text_content("#nb-compare-note")
    for a, b in (("a1", "b3"), ("a1", "a2")):
        open_view(pg, f"view=similarity&a={a}&b={b}")
        printed = cli("skipgram_np.query", binary, "similarity", a, b).stdout       # what query prints for the file
        row = next(line.split() for line in printed.splitlines() if line.strip().startswith("1 "))
        assert pg.text_content("#sim-compare-cos") == row[1].replace("-", "−")
        assert pg.text_content("#sim-compare-pct") == row[-5].replace("%", " %")
        emb = Embeddings(wv.index_to_key, wv.vectors)
        assert number(row[1]) == pytest.approx(float(emb.unit[emb.index[a]] @ emb.unit[emb.index[b]]), abs=1e-4)
    assert pg.errors == [], pg.errors
    pg.close()


def test_compare_refuses_a_file_that_is_not_vectors_in_one_line(run_and_page, tmp_path):
    folder, _, _ = run_and_page
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not vectors\n")
    out = tmp_path / "page.html"
    r = cli("skipgram_np.explore", folder, "--compare", notes, "--out", out, "--no-eval")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "is not word2vec vectors" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists() and notes.read_text() == "my notes, not vectors\n"
