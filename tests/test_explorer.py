"""The explorer page: generated self-contained, and checked in a real (Debian) Chromium, at desktop
and phone size, against the Python numbers on the same vectors."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from skipgram_np import baseline, epochs, explore, training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.probes import GROUPS

HOSTILE = ["<script>alert(1)</script>", "</script>", "<img/src=x/onerror=alert(2)>", "&amp;", "\"'`"]
ARTIFACTS = Path(os.environ.get("SKIPGRAM_NP_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))
EPOCHS = (0, 1, 2, 3)


class Scores:
    """A stand-in for evaluate.QualityScorer with known numbers, so the page's chart has data."""

    questions = None                      # no analogy questions: no scoring kernel to compile

    def warm(self):
        pass

    def score(self, W):
        return {"wordsim": round(float(np.abs(W).mean()), 4), "analogies": 0.01, "analogy_correct": 1,
                "analogy_answered": 100, "semantic": 0.0, "syntactic": 0.01}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    rng = np.random.default_rng(0)
    words = sorted({w for ws in GROUPS.values() for w in ws} | {"king", "queen", "man", "woman"})
    topics = list(GROUPS.values())
    lines = [" ".join(rng.choice(topics[rng.integers(len(topics))] + ["king", "queen"], 14)) for _ in range(400)]
    lines += [" ".join(rng.choice(words, 14)) for _ in range(100)]
    lines += [" ".join([h, "king", "queen"] * 3) for h in HOSTILE]
    folder = tmp_path_factory.mktemp("explorer_run")
    # lr 0.05: enough for the topics to stand beyond the control's line by epoch 2 (at 0.001 every row still
    # leans one way at epoch 3, the control's as much: nothing is beyond chance, rightly)
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=3, threads=1, lr=0.05).validate()
    corpus = build_corpus(lines, cfg.min_count)
    training.train(cfg, corpus, folder, progress=False, log=lambda *a: None, quality=Scores())
    page = explore.write_explorer(folder, words=500, corpus=corpus)
    return folder, page


def page_data(path):
    html = path.read_text(encoding="utf-8")
    return json.loads(html.split('<script type="application/json" id="skipgram-data">')[1].split("</script>")[0])


def test_page_is_self_contained(run):
    _, page = run
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"https?://", html), "the page must not reference the network"
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(?!data:)", html)
    assert html.count("</script>") == 2           # ours only: the hostile words are escaped


def test_embedded_data_round_trips(run):
    _, page = run
    data = page_data(page)
    assert data["meta"]["epochs"] == list(EPOCHS)
    assert set(HOSTILE) <= set(data["words"])
    assert data["vectors"]["out"]["0"] is None                 # W_out starts at zero
    emb = explore.explorer_embeddings(data, 3)
    assert emb.unit.shape == (len(data["words"]), 16)
    a = np.random.default_rng(1).integers(-128, 128, 999).astype(np.int8)
    assert np.array_equal(explore.unb85(explore.b85(a), np.int8, 999), a)
    assert not set(explore.B85) & set("\"\\<>&'`")


# ------------------------------------------------------------------------------ in the browser
# (the `browser` fixture, Debian's Chromium, is in conftest.py)


def watched(pg, path, returning=True):
    """A page that records its errors and dialogs. ``returning``: a learner who has seen the Start-here
    path and plays the toy at once (its pace remembered), as most tests want; a first visit otherwise."""
    if returning:
        pg.add_init_script("localStorage.setItem('skipgram_np.tour', 'done');"
                           "localStorage.setItem('skipgram_np.pace', 'Infinity');")
    pg.errors, pg.dialogs = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.url0 = path.as_uri()
    return pg


@pytest.fixture
def page(browser, run):
    _, path = run
    pg = watched(browser.new_page(viewport={"width": 1280, "height": 900}), path)
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.dialogs == [], "a word was executed as code"
    pg.close()


@pytest.fixture
def phone(browser, run):
    _, path = run
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                              device_scale_factor=2)
    pg = watched(ctx.new_page(), path)
    yield pg
    assert pg.errors == [], pg.errors
    ctx.close()


def open_view(pg, hash_=""):
    pg.goto(pg.url0 + ("#" + hash_ if hash_ else ""))
    pg.reload()
    pg.wait_for_function("document.body.dataset.ready === '1'")


def shot(pg, name, full=True):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"explorer_{name}.png"), full_page=full)


def number(text):
    return float(text.replace("−", "-").replace("%", "").replace("no.", "").replace(",", "").strip())


@pytest.fixture(scope="module")
def python_side(run):
    """The page's own words as it holds them: what it computes itself (query --among N)."""
    data = page_data(run[1])
    return {(e, t): explore.explorer_embeddings(data, e, t) for e in EPOCHS for t in explore.TABLES}


@pytest.fixture(scope="module")
def full_side(run):
    """All the run's words in float32, with the control's chance levels: what query answers and the page embeds."""
    from skipgram_np.runs import chance_levels, embeddings_by_epoch, load_run
    ckpts = load_run(run[0])
    chance = chance_levels(run[0], ckpts, "in")
    return {"embs": embeddings_by_epoch(run[0], ckpts=ckpts), "chance": chance, "controls": chance.controls}


def test_epoch_zero_is_there_and_the_map_switches(page):
    open_view(page)
    assert page.text_content("button[data-epoch='0']") == "0 (noise)"
    page.click("button[data-epoch='0']")
    page.wait_for_timeout(800)                       # the animated move between epochs
    assert "epoch=0" in page.url and "epoch 0 (untrained)" in page.text_content("#map-title")
    assert "little at epoch 0" in page.text_content("#map-note")
    page.fill("#map-search", "france")
    page.click("#map-find")
    assert "find=france" in page.url
    shot(page, "explore_epoch0", full=False)


def test_similarity_example_pair_is_querys_and_a_typed_pair_the_pages(page, python_side, full_side):
    """king · queen is an example: query's rows among all words, to its digits; king · man is typed: computed
    among the page's words, as query --among N computes it, and the page says which."""
    rows = epochs.similarity_rows(full_side["embs"], "king", "queen", full_side["chance"])
    for e in (1, 3):
        open_view(page, f"view=similarity&a=king&b=queen&epoch={e}")
        r = rows[EPOCHS.index(e)]
        assert page.text_content("#sim-value").replace("−", "-") == f"{r['cos']:+.4f}"
        assert page.text_content("#sim-pct") == f"{r['percentile']:.2f} %"
        assert number(page.text_content("#sim-rank-ab")) == r["rank_ab"]
        assert number(page.text_content("#sim-rank-ba")) == r["rank_ba"]
        assert ("related:" in page.text_content("#sim-result .tag")) == r["related"]
        universe = page.text_content("#sim-universe")
        assert "similarity king queen" in universe and "--among" not in universe
        guide = page.text_content("#sim-guide")
        assert f"{r['pair_line']:+.3f}".replace("-", "−") in guide and f"{r['p95']:+.3f}".replace("-", "−") in guide
    shown = [x.replace("−", "-") for x in page.locator("#sim-table tr[data-epoch]").all_text_contents()]
    assert len(shown) == 4 and shown[0].startswith("0 (untrained)")
    assert f"{rows[0]['control_cos']:+.4f}" in shown[0] and f"{rows[-1]['control_cos']:+.4f}" in shown[-1]
    sentence = page.text_content("#sim-sentence")
    assert f"from no. {rows[1]['rank_ab']:,} to no. {rows[-1]['rank_ab']:,}" in sentence
    assert "the control puts king · queen" in page.text_content("#sim-control")
    shot(page, "similarity")
    open_view(page, "view=similarity&a=king&b=man&epoch=3")                 # not an example: the page's words
    emb = python_side[(3, "in")]
    i, j = emb.index["king"], emb.index["man"]
    cos = baseline.cosine(emb.unit, i, j)
    assert number(page.text_content("#sim-value")) == pytest.approx(cos, abs=6e-5)
    expected = baseline.Baseline.of(emb.unit).percentile(cos)
    assert number(page.text_content("#sim-pct")) == pytest.approx(expected, abs=0.02)
    assert number(page.text_content("#sim-rank-ab")) == pytest.approx(baseline.rank(emb.unit, i, j), abs=1)
    assert f"--among {len(emb.words)} similarity king man" in page.text_content("#sim-universe")


def test_vector_toggle_changes_neighbours_as_python(page, python_side, full_side):
    """W_in: query's list among all words (3 decimals); W_out and sum: the page's words, computed live."""
    lists = {}
    for t in ("in", "out", "sum"):
        open_view(page, f"view=neighbors&word=france&epoch=2&vec={t}")
        cells = page.locator("#nb-table tr:has(td)").evaluate_all(
            "rows => rows.map(r => [r.dataset.word, r.children[3].textContent])")
        emb = full_side["embs"][2] if t == "in" else python_side[(2, t)]
        expected = emb.neighbors("france", 10)
        assert [w for w, _ in cells] == [w for w, _ in expected], t
        for (_, s), (_, x) in zip(cells, expected):
            assert s == f"{x:.3f}" if t == "in" else float(s) == pytest.approx(x, abs=6e-4)
        assert ("--among" in page.text_content("#nb-universe")) == (t != "in")
        lists[t] = [w for w, _ in cells]
    assert lists["in"] != lists["out"]
    open_view(page, "view=neighbors&word=france&epoch=0&vec=out")
    assert "W_out is all zero at epoch 0" in page.text_content("#nb-msg")
    shot(page, "neighbors")


def test_most_changed_skips_the_most_frequent_words(page, run):
    data = page_data(run[1])
    open_view(page, "view=neighbors&epoch=3")
    listed = page.locator("#ch-table button").all_text_contents()
    assert listed and listed == [r[0] for r in data["changes"]["in"]["2-3"]][:len(listed)]
    top = set(data["words"][:min(100, len(data["words"]) // 10)])
    assert not top & set(listed) and all(any(c.isalpha() for c in w) for w in listed)


def test_stable_since_matches_python(page, full_side):
    open_view(page, "view=neighbors&word=king&epoch=3")
    since = epochs.stable_since(full_side["embs"], "king")
    text = page.text_content("#nb-stable")
    assert (f"since epoch {since}" in text) if since is not None else "still changed" in text


@pytest.mark.parametrize("method", ["add", "mul"])
def test_analogy_matches_python(page, python_side, full_side, method):
    """king − man + woman is offered: query's answers among all words, and the control's first answer beside
    them (its chance); a typed question is answered among the page's words."""
    open_view(page, f"view=analogy&qa=king&qb=man&qc=woman&qd=queen&method={method}")
    cells = page.locator("#an-table tr:has(td)").evaluate_all(
        "rows => rows.map(r => [r.children[1].textContent, r.children[2].textContent])")
    expected = full_side["embs"][3].analogy("king", "man", "woman", topn=5, method=method)
    assert cells == [[w, f"{s:.3f}"] for w, s in expected]
    rows = page.locator("#an-epochs-table tr[data-epoch]").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.textContent))")
    ranks = epochs.analogy_ranks(full_side["embs"], "king", "man", "woman", "queen")
    theirs = epochs.analogy_ranks(full_side["controls"], "king", "man", "woman", "queen")
    for e, row in zip(EPOCHS, rows):
        first = full_side["controls"][e].analogy("king", "man", "woman", topn=1, method=method)[0]
        assert number(row[3]) == ranks[e] and row[4] == f"{first[0]} ({first[1]:.3f})" and number(row[5]) == theirs[e]
    assert "query" in page.text_content("#an-universe") and "--among" not in page.text_content("#an-universe")
    open_view(page, f"view=analogy&qa=queen&qb=woman&qc=man&method={method}")      # typed: the page's words
    cells = page.locator("#an-table tr:has(td)").evaluate_all("rows => rows.map(r => r.children[1].textContent)")
    assert cells == [w for w, _ in python_side[(3, "in")].analogy("queen", "woman", "man", topn=5, method=method)]
    assert f"--among {len(python_side[(3, 'in')].words)} analogy queen woman man" in page.text_content("#an-universe")
    shot(page, f"analogy_{method}")


def test_typed_words_are_asked_when_the_method_table_or_epoch_changes(page):
    open_view(page, "view=analogy&qa=man&qb=king&qc=queen")
    for field, word in zip("abcd", ["king", "man", "woman", "queen"]):
        page.fill(f"#an-{field}", word)
    page.select_option("#an-method", "mul")
    assert page.text_content("#an-title").startswith("king − man + woman = ?")
    assert page.input_value("#an-a") == "king" and "method=mul" in page.url
    open_view(page, "view=similarity&a=king&b=queen")
    page.fill("#sim-a", "man")
    page.fill("#sim-b", "woman")
    page.click(".epochbtn[data-epoch='2']")
    assert "a=man" in page.url and "b=woman" in page.url and page.input_value("#sim-a") == "man"


def test_unknown_and_empty_words_get_a_message(page):
    open_view(page, "view=similarity&a=kingg&b=queen")
    msg = page.text_content("#sim-msg")
    assert "“kingg” is not among the" in msg and "most frequent words this page holds" in msg
    page.click("#sim-msg button:text('king')")       # a close match is one click away
    assert "a=king" in page.url and page.text_content("#sim-value")
    open_view(page, "view=neighbors")
    page.fill("#nb-word", "   ")
    page.click("#nb-go")
    assert "Type a word" in page.text_content("#nb-msg")


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_hostile_tokens_render_as_text(page, hostile):
    open_view(page, "view=neighbors")
    page.fill("#nb-word", hostile)
    page.click("#nb-go")
    assert page.text_content("#nb-title") == f"Neighbours of “{hostile}” · W_in · epoch 3"
    assert page.locator("main img").count() == 0
    open_view(page, "view=neighbors&word=king")
    page.wait_for_function("document.querySelectorAll('#nb-table tr:has(td)').length > 0")
    assert page.evaluate("document.querySelectorAll('script').length") == 2


def test_how_it_works_has_the_runs_numbers(page, run, python_side):
    open_view(page, "view=how")
    steps = page.text_content("#how-steps")
    assert "window of 2 on each side" in steps and "k = 5 negatives" in steps and "3 epochs" in steps
    assert "epochs 0, 1, 2, 3" in steps
    quality = page_data(run[1])["meta"]["stats"]["quality"]
    assert [r["epoch"] for r in quality] == list(EPOCHS)
    note = page.text_content("#how-quality-note")
    assert f"{quality[0]['wordsim']:.3f} → {quality[-1]['wordsim']:.3f}" in note
    assert page.evaluate("(() => { const c = document.getElementById('how-quality'); "
                         "return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0); })()")
    answer = python_side[(3, "in")].analogy("king", "man", "woman", topn=1)[0][0]
    assert f"answers king − man + woman with {answer}" in page.text_content("#how-analogy")
    shrink = page.text_content("#how-shrink")
    medians = [baseline.Baseline.of(python_side[(e, "in")].unit).quantile(0.5) for e in EPOCHS]
    assert f"{medians[-1]:+.2f}".replace("-", "−") in shrink
    tables = page.text_content("#how-tables")           # the two tables' random-pair medians, as Python has them
    m_in, m_out = (baseline.Baseline.of(python_side[(EPOCHS[-1], t)].unit).quantile(0.5) for t in ("in", "out"))
    assert f"median cosine of {m_in:.2f} in W_in and {m_out:.2f} in W_out" in tables
    assert ("narrow cone" in tables) == (m_out > m_in + 0.2)
    shot(page, "how")


def test_page_state_survives_a_reload(page):
    open_view(page, "view=analogy&qa=king&qb=man&qc=woman&epoch=2&vec=sum")
    assert page.input_value("#an-a") == "king"
    assert page.get_attribute("button[data-epoch='2']", "aria-pressed") == "true"
    assert page.get_attribute("button[data-vec='sum']", "aria-pressed") == "true"
    assert page.get_attribute(".tab[data-view='analogy']", "aria-selected") == "true"


# ------------------------------------------------------------------------------ on a phone
def toucher(pg):
    """Send raw touch events (one session, so that a gesture's events belong together)."""
    cdp = pg.context.new_cdp_session(pg)
    return lambda kind, points: cdp.send("Input.dispatchTouchEvent", {
        "type": kind, "touchPoints": [{"x": x, "y": y} for x, y in points]})


def canvas_point(pg, fx, fy):
    box = pg.locator("#map").bounding_box()
    return box["x"] + fx * box["width"], box["y"] + fy * box["height"]


def test_phone_layout_map_on_first_screen_and_bar_stays(phone):
    open_view(phone)
    box = phone.locator("#map").bounding_box()
    assert box["y"] < 844 * 0.6 and box["width"] > 300          # the map starts on the first screen
    assert phone.is_visible(".hint-touch") and not phone.is_visible(".hint-mouse")
    open_view(phone, "view=how")
    phone.mouse.wheel(0, 1500)
    phone.evaluate("window.scrollTo(0, 1500)")
    phone.wait_for_timeout(200)
    assert abs(phone.locator(".bar").bounding_box()["y"]) < 1      # sticky: still at the top
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390   # nothing wider than the screen
    shot(phone, "phone_how")


def test_phone_one_finger_pans_the_map_not_the_page(phone):
    open_view(phone)
    before = phone.evaluate("[map.view.cx, map.view.cy, window.scrollY]")
    touch = toucher(phone)
    x, y = canvas_point(phone, 0.5, 0.5)
    touch("touchStart", [(x, y)])
    for k in range(1, 6):
        touch("touchMove", [(x - 20 * k, y - 20 * k)])
    touch("touchEnd", [])
    after = phone.evaluate("[map.view.cx, map.view.cy, window.scrollY]")
    assert after[0] > before[0] and after[1] < before[1]         # the view moved with the finger
    assert after[2] == before[2]                                 # the page did not scroll


def test_phone_pinch_zooms_the_map(phone):
    open_view(phone)
    s0 = phone.evaluate("map.view.s")
    touch = toucher(phone)
    x, y = canvas_point(phone, 0.5, 0.5)
    touch("touchStart", [(x - 20, y), (x + 20, y)])
    for k in range(1, 6):
        touch("touchMove", [(x - 20 - 12 * k, y), (x + 20 + 12 * k, y)])
    touch("touchEnd", [])
    assert phone.evaluate("map.view.s") == pytest.approx(s0 * 160 / 40, rel=0.02)   # fingers 40 -> 160 px apart


def test_phone_tap_selects_the_nearest_word_within_reach(phone):
    open_view(phone, "epoch=3")
    i = phone.evaluate("INDEX.get('france')")
    px, py = phone.evaluate(f"toScreen(map.shown[{2 * i}], map.shown[{2 * i + 1}])")
    box = phone.locator("#map").bounding_box()
    nearest = phone.evaluate(f"nearestPoint({px + 6}, {py + 6}, 24)")
    phone.touchscreen.tap(box["x"] + px + 6, box["y"] + py + 6)   # a finger lands a little off
    phone.wait_for_timeout(100)
    assert f"find={phone.evaluate(f'WORDS[{nearest}]')}" in phone.url.replace("%20", " ")
    assert phone.evaluate(f"nearestPoint({px + 6}, {py + 6}, 24)") >= 0
    shot(phone, "phone_tap", full=False)


# ------------------------------------------------------------------------------ one step, and the toy trainer
def test_page_step_equals_model_py(page):
    """The page's sgdPair / adamPair against model.sgd_step / model.adam_step on the same float32
    tables, ids and negatives (one negative equal to the positive, one drawn twice)."""
    from skipgram_np import model
    open_view(page, "view=toy")
    rng = np.random.default_rng(5)
    V, d = 7, 5
    W_in0 = rng.normal(0, 0.4, (V, d)).astype(np.float32)
    W_out0 = rng.normal(0, 0.4, (V, d)).astype(np.float32)
    steps = [(1, 2, [4, 2, 5, 5]), (3, 1, [0, 6, 6, 1]), (1, 4, [2, 3, 4, 0])]
    js = """([Win0, Wout0, V, d, steps, kind, dense]) => {
        const Win = new Float32Array(Win0), Wout = new Float32Array(Wout0), st = adamState(Win, Wout), losses = [];
        for (const [c, o, negs] of steps) {
          const g = kind === "sgd" ? sgdPair(Win, Wout, d, c, o, negs, 0.1)
                                   : adamPair(Win, Wout, st, d, c, o, negs, 0.05, 0.9, 0.999, 1e-8, dense);
          losses.push(g.loss);
        }
        return [Array.from(Win), Array.from(Wout), losses]; }"""
    worst = 0.0
    for kind, dense in (("sgd", True), ("adam", True), ("adam", False)):
        Win, Wout, losses = page.evaluate(js, [W_in0.ravel().tolist(), W_out0.ravel().tolist(), V, d, steps,
                                               kind, dense])
        ref_in, ref_out, state, ref_losses = W_in0.copy(), W_out0.copy(), None, []
        state = model.AdamState(ref_in, ref_out)
        for c, o, negs in steps:
            args = (np.array([c]), np.array([o]), np.array([negs]))
            ref_losses.append(model.sgd_step(ref_in, ref_out, *args, 0.1) if kind == "sgd" else
                              model.adam_step(ref_in, ref_out, state, *args, 0.05, lazy=not dense))
        for got, want in ((Win, ref_in), (Wout, ref_out)):
            diff = np.abs(np.array(got).reshape(V, d) - want).max()
            worst = max(worst, diff)
            assert diff < 1e-6, (kind, dense, diff)
        np.testing.assert_allclose(losses, ref_losses, atol=1e-5)
    print(f"worst |page − model.py| = {worst:.2e}")


def test_step_view_numbers_equal_python(page, run):
    from skipgram_np import model
    data = page_data(run[1])
    assert data["meta"]["samples"], "the run stored passages for the step view"
    open_view(page, "view=step&epoch=3&sent=0&ns=4")
    words = page.locator("#st-tokens button").all_text_contents()
    assert words == data["meta"]["samples"][0]
    centre = page.locator("#st-tokens button.centre").text_content()
    context = page.locator("#st-tokens button.context").text_content()
    negs = [r.split(" = ")[1] for r in page.locator("#st-neg-table td:first-child").all_text_contents()]
    index = {w: i for i, w in enumerate(data["words"])}
    W_in, W_out = explore.page_rows(data, 3, "in"), explore.page_rows(data, 3, "out")
    c, o, n = np.array([index[centre]]), np.array([index[context]]), np.array([[index[w] for w in negs]])
    loss, _, _ = model.loss_and_grads(W_in, W_out, c, o, n)
    assert float(page.text_content("#st-loss")) == pytest.approx(loss, abs=1e-4)
    lr = 0.025                                          # the reference run is Adam: SGD's view uses 0.025
    after = model.sgd_step(W_in, W_out, c, o, n, lr) and model.loss_and_grads(W_in, W_out, c, o, n)[0]
    assert float(page.text_content("#st-loss-sgd")) == pytest.approx(after, abs=1e-4)
    assert after < loss                                 # a small gradient step lowers the pair's loss
    sentence = page.text_content("#st-changed-sentence")
    shown = f"{loss:.4f} → {after:.4f}" if f"{loss:.4f}" != f"{after:.4f}" else f"{loss:.4f} at 4 decimals"
    assert "The loss of this pair fell" in sentence and shown in sentence.split("with SGD")[0], sentence
    page.click("#st-redraw")
    assert "ns=5" in page.url
    shot(page, "step")


def test_step_view_at_epoch_zero_moves_only_the_u_rows(page):
    open_view(page, "view=step&epoch=0")
    assert "W_out is all zero" in page.text_content("#st-forward")
    assert page.locator("#st-grad-table tr").nth(1).locator("td").nth(2).text_content() == "0.000e+0"
    # the change from a zero W_out is tiny: shown, never as "+0.0000" coloured as a move
    moved = page.locator("#st-changed-table td.up, #st-changed-table td.down").all_text_contents()
    assert moved and not {"+0.0000", "−0.0000"} & set(moved), moved
    sentence = page.text_content("#st-changed-sentence")
    for before, after in re.findall(r"\((\d\.\d{4}) → (\d\.\d{4})\)", sentence):
        assert before != after, sentence             # "fell (x → x)" would contradict itself
    for note in page.locator(".chain-note").all_text_contents():     # the chain's notes too
        m = re.search(r"s (rose|fell) \((\S+) → (\S+)\)", note)
        assert m and m.group(2) != m.group(3), note
    assert "no arrow to draw" in page.text_content("#st-map-note")
    # the vector switch does nothing here, and says so
    assert page.locator(".tablebtn").evaluate_all("bs => bs.every(b => b.disabled)")


def test_step_view_clears_when_the_sentence_has_no_usable_words(page):
    open_view(page, "view=step&epoch=3")
    assert page.locator("#st-changed-table").count() == 1
    page.fill("#st-own", "zzzz qqqq")
    page.click("#st-use")
    assert "Pick a passage" in page.text_content("#st-tokens")
    assert page.locator("#st-changed-table, #st-forward-table, #st-neg-table").count() == 0


@pytest.mark.parametrize("preset,expect", [
    ("royalty", {"king": {"queen"}, "man": {"woman"}, "boy": {"girl"}}),
    ("capitals", {w: grp for grp in ({"paris", "berlin", "rome", "madrid"}, {"france", "germany", "italy", "spain"})
                  for w in grp})])
def test_toy_trainer_learns_the_planted_structure(page, preset, expect):
    open_view(page, f"view=toy&toy={preset}")
    for _ in range(4):
        page.click("button[data-n='500']")
    first, last, ms = page.evaluate("""() => { const L = toy.losses, m = x => x.reduce((p, q) => p + q, 0) / x.length;
        return [m(L.slice(0, 50)), m(L.slice(-50)), toy.ms]; }""")
    assert page.evaluate("toy.updates") == 2000 and last < first - 0.5
    nearest = {w: page.evaluate(f"toyNearest(toy.index.get('{w}'), 1)[0][0]") for w in expect}
    hits = sum(nearest[w] in expect[w] for w in expect)
    assert hits >= len(expect) - (0 if preset == "royalty" else 1), nearest
    assert f"{page.evaluate('toy.updates'):,} updates" in page.text_content("#toy-status")
    shot(page, f"toy_{preset}")


def test_toy_learning_rate_is_checked_and_applies_to_the_next_updates(page):
    open_view(page, "view=toy")
    page.click("button[data-n='20']")
    page.fill("#toy-lr", "fast")
    page.dispatch_event("#toy-lr", "change")
    assert "a number above 0" in page.text_content("#toy-msg")
    assert page.text_content("#toy-status").startswith("Not trained")     # no numbers left from before
    assert page.locator("#toy-nb-table").count() == 0
    page.click(".tab[data-view='similarity']")
    page.click(".tab[data-view='toy']")                                  # back on the tab: still no old numbers
    assert "a number above 0" in page.text_content("#toy-msg") and page.locator("#toy-nb-table").count() == 0
    page.click("button[data-n='20']")
    assert page.evaluate("toy.ready") is False
    page.fill("#toy-lr", "0.05")
    page.dispatch_event("#toy-lr", "change")                              # a fresh start with the new rate
    page.click("button[data-n='20']")
    assert page.evaluate("[toy.updates, toy.lr]") == [20, 0.05] and "lr 0.05" in page.text_content("#toy-status")
    page.fill("#toy-lr", "0.2")
    page.dispatch_event("#toy-lr", "change")                              # mid-training: kept tables, new rate
    page.click("button[data-n='1']")
    assert page.evaluate("[toy.updates, toy.lr]") == [21, 0.2] and page.text_content("#toy-msg") == ""
    for bad in ("0.5.5", "1e9"):                        # not a number; a number that overflows (SGD)
        if bad == "1e9":
            page.select_option("#toy-opt", "sgd")
            assert "New optimizer" in page.text_content("#toy-msg")
        page.fill("#toy-lr", bad)
        page.dispatch_event("#toy-lr", "change")
        page.click("button[data-n='500']")
        page.click("button[data-n='500']")
        msg = page.text_content("#toy-msg")
        assert ("a number above 0" in msg) if bad == "0.5.5" else ("overflowed" in msg and "press Reset" in msg), msg
        assert page.locator("#toy-nb-table").count() == 0                # nothing of unusable tables is shown
    page.fill("#toy-text", "king\nqueen\nman")           # three words, but no line holds two
    page.dispatch_event("#toy-text", "change")
    page.fill("#toy-lr", "0.01")
    page.dispatch_event("#toy-lr", "change")
    assert "single word" in page.text_content("#toy-msg")


def test_phone_step_toy_and_similarity_fit_the_screen(phone):
    for view in ("step", "toy", "similarity&a=king&b=queen", "neighbors&word=king"):
        open_view(phone, f"view={view}")
        if view == "toy":
            phone.click("button[data-n='500']")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, view
        if view.startswith("similarity"):               # the ranks the sentence quotes are on screen, not scrolled off
            assert phone.evaluate("(t => t.scrollWidth <= t.parentElement.clientWidth)"
                                  "(document.getElementById('sim-table'))")
        shot(phone, f"phone_{view.split('&')[0]}")


# ------------------------------------------------------------------------------ the page's sources
def test_page_sources_are_short_and_all_inlined(run):
    """Every source of the page stays readable (≤ 400 lines), and each script is in the built page:
    a .js file left out of explore.SCRIPTS would be missing from it."""
    _, page = run
    html = page.read_text(encoding="utf-8")
    sources = sorted(p for p in explore.EXPLORER.iterdir() if p.is_file())
    assert {p.name for p in sources} >= {"page.html", "style.css", *explore.SCRIPTS}
    for path in sources:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.name} has {lines} lines"
    scripts = [p for p in sources if p.suffix == ".js"]
    assert sorted(p.name for p in scripts) == sorted(explore.SCRIPTS)
    for path in scripts + [explore.STYLE]:
        assert path.read_text(encoding="utf-8") in html, f"{path.name} is not in the page"
    assert html.count("<style>") == 1 and html.count("<script") == 2


# ------------------------------------------------------------------------------ --serve
def test_serve_gives_the_page_and_nothing_else(run, tmp_path):
    """The real command, serving on a free port: the page at / and at its name, and nothing else of
    the run folder (checkpoints, state, run.json), no listing, no way up; Ctrl-C ends it in one line."""
    folder = tmp_path / "run"
    shutil.copytree(run[0], folder, ignore=shutil.ignore_patterns("explorer.html"))
    proc = subprocess.Popen([sys.executable, "-m", "skipgram_np.explore", str(folder), "--words", "500",
                             "--no-eval", "--serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = next(line.split()[1] for line in proc.stdout if line.startswith("serving "))
        assert url.endswith("/explorer.html")
        host, port = url.split("/")[2].split(":")

        def get(path):
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
            conn.request("GET", path)
            response = conn.getresponse()
            status, body = response.status, response.read()
            conn.close()
            return status, body
        page = (folder / "explorer.html").read_bytes()
        assert get("/") == (200, page) and get("/explorer.html") == (200, page)
        assert get("/explorer.html?view=map") == (200, page)
        assert (folder / "state.npz").is_file() and (folder / "run.json").is_file()
        for path in ("/state.npz", "/run.json", "/checkpoint_epoch3.npz", "/embeddings_epoch3.json", "/../",
                     "/%2e%2e/run.json", "/./run.json", "//run.json", "/explorer.html/", "/figures/"):
            status, body = get(path)
            assert status == 404 and b"checkpoint" not in body and len(body) < 200, (path, status)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 130), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_page_random_pairs_equal_pythons(page, run):
    """The page's random pairs (query.js's PAIRS) are baseline.random_pairs(N, pairs, seed), index for
    index, so its percentiles stand on the same pairs as query.py's."""
    open_view(page)
    data = page_data(run[1])
    page_i, page_j = page.evaluate("[Array.from(PAIRS[0]), Array.from(PAIRS[1])]")
    i, j = baseline.random_pairs(len(data["words"]), data["meta"]["baseline"]["pairs"],
                                 data["meta"]["baseline"]["seed"])
    assert len(page_i) == len(i) == baseline.N_PAIRS
    assert page_i == i.tolist() and page_j == j.tolist()


# ------------------------------------------------------------------------------ honest to the last badge (issue 20)
def corpus_of(run):
    from skipgram_np import checkpoint as C
    folder, _ = run
    ck = C.load(C.checkpoint_path(folder, 3))
    rng = np.random.default_rng(0)                      # the fixture's lines, drawn again
    words = sorted({w for ws in GROUPS.values() for w in ws} | {"king", "queen", "man", "woman"})
    topics = list(GROUPS.values())
    lines = [" ".join(rng.choice(topics[rng.integers(len(topics))] + ["king", "queen"], 14)) for _ in range(400)]
    lines += [" ".join(rng.choice(words, 14)) for _ in range(100)]
    lines += [" ".join([h, "king", "queen"] * 3) for h in HOSTILE]
    corpus = build_corpus(lines, 1)
    assert corpus.vocab.words == ck.vocab.words
    return corpus, ck


def verdicts(pg, hash_):
    open_view(pg, hash_)
    return [tuple(x) for x in pg.locator("#nb-table tr[data-verdict]").evaluate_all(
        "rows => rows.map(r => [r.dataset.word, r.dataset.verdict])")]


def test_neighbours_stand_against_the_control_as_python_says(page, run, full_side):
    """Each neighbour's verdict is chance.NeighbourChance's (the control at the same epoch, the word's frequency
    band); at epoch 0 the run is its control, so every badge there is one the control's own list earns too."""
    data = page_data(run[1])
    words = ("king", "queen", "france", "music", "war", "january", "two", "father")
    for e in (0, 3):
        near = full_side["chance"].neighbours(e, 1)
        np.testing.assert_allclose(data["exact"]["chance"]["1"][str(e)]["line"], near.line)
        beyond = 0
        for word in words:
            emb = full_side["embs"][e]
            expected = [(w, "beyond" if near.beyond(emb.index[word], r, c) else "within")
                        for r, (w, c) in enumerate(emb.neighbors(word, 10), 1)]
            shown = verdicts(page, f"view=neighbors&word={word}&epoch={e}")
            assert shown == expected, (e, word)
            beyond += sum(v == "beyond" for _, v in shown)
            if e == 0:                                # the control's list at epoch 0: the same words, the same badges
                assert verdicts(page, f"view=neighbors&word={word}&epoch=0&ctl=1") == shown
        if e == 0:
            open_view(page, f"view=neighbors&word={words[-1]}&epoch=0")
            assert "At epoch 0 the run is its control" in page.text_content("#nb-sentence")
        else:
            assert beyond > 20                       # the planted topics are learned
    counts = {w: c for w, c in zip(data["words"], data["counts"])}
    assert all(counts[w] >= 50 for w, _ in verdicts(page, "view=neighbors&word=king&epoch=3&min=50"))
    open_view(page, "view=neighbors&word=king&epoch=3&min=50&ctl=1")         # not on the page: said, with the command
    assert "--control neighbors king --min-count 50" in page.text_content("#nb-nocontrol")


def test_a_pair_is_related_as_python_says_and_at_epoch_zero_as_the_control_is(page, full_side):
    for a, b in (("king", "queen"), ("france", "germany"), ("one", "two"), ("army", "soldiers")):
        rows = epochs.similarity_rows(full_side["embs"], a, b, full_side["chance"])
        theirs = epochs.similarity_rows(full_side["controls"], a, b, full_side["chance"])
        assert rows[0]["related"] == theirs[0]["related"]                      # epoch 0: the same tables
        for e in (0, 3):
            r = rows[EPOCHS.index(e)]
            open_view(page, f"view=similarity&a={a}&b={b}&epoch={e}")
            tag = page.text_content("#sim-result .tag")
            assert tag.startswith("related") == r["related"], (a, b, e, tag)
            if not r["related"]:
                assert f"reach {r['pair_line']:+.3f}".replace("-", "−") in tag
    open_view(page, "view=similarity&a=january&b=february&epoch=3")
    rows = epochs.similarity_rows(full_side["embs"], "january", "february", full_side["chance"])
    assert page.text_content("#sim-result .tag").startswith("related") == rows[-1]["related"]


def test_structure_number_is_the_reports_and_its_chance_the_controls(page, run, full_side):
    from skipgram_np import figures
    folder, _ = run
    structure = epochs.structure_by_epoch(full_side["embs"], full_side["controls"])
    figures.make_all(folder, log=lambda *a: None)
    report = (folder / "figures" / "report.md").read_text()
    line = next(x for x in report.splitlines() if x.startswith("- **Structure.**"))
    open_view(page, "view=explore")
    note = page.text_content("#map-structure-note")
    for e, share in structure["share"].items():
        assert f"{share:.0%} at epoch {e}" in line
        assert f"{100 * share:.0f} % at {'epoch 0' if e == 0 else e}" in note
    assert structure["share"][0] == structure["control"][0] < structure["share"][3]
    assert "not above the control's at epoch 0" in note and "not above the control's at epoch 0" in line
    assert ", ".join(f"{100 * structure['control'][e]:.0f} %" for e in EPOCHS) in note
    open_view(page, "view=explore&ctl=1&epoch=3")                              # the control's own number
    assert (f"{100 * structure['control'][3]:.0f} % (the run's {100 * structure['share'][3]:.0f} %)"
            in page.text_content("#map-structure-stat"))


def test_the_controls_map_is_the_runs_at_epoch_zero(page):
    open_view(page, "view=explore&epoch=0")
    worst, size = page.evaluate("""() => { const a = XY('in', '0', state.fit), b = controlXY('0', state.fit);
        let m = 0, s = 0;
        for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(a[i])); }
        return [m, s]; }""")
    assert worst <= 2e-4 * size                              # the same picture, to the int16 it is stored in
    assert page.evaluate("controlXY('3', state.fit).some((v, i) => Math.abs(v - XY('in', '3', state.fit)[i]) > 1e-3)")
    open_view(page, "view=explore&epoch=3&ctl=1")
    assert "control (shuffled text)" in page.text_content("#map-title")
    assert "Trained on the same words shuffled" in page.text_content("#map-control")
    shot(page, "map_control", full=False)


def test_step_target_is_the_count_based_shifted_pmi(page, run):
    from skipgram_np.pairs import window_pairs
    corpus, ck = corpus_of(run)
    open_view(page, "view=step&epoch=3")
    c_word = page.locator("#st-tokens button.centre").text_content()
    o_word = page.locator("#st-tokens button.context").text_content()
    centre, context = window_pairs(corpus.ids, ck.config.window)          # brute force: every window pair
    c, o = corpus.vocab.index[c_word], corpus.vocab.index[o_word]
    together, as_centre = np.sum((centre == c) & (context == o)), np.sum(centre == c)
    weights = corpus.vocab.counts.astype(np.float64) ** ck.config.ns_exponent
    s_star = np.log(together / (as_centre * weights[o] / weights.sum())) - np.log(ck.config.negatives)
    assert together > 0
    assert number(page.text_content("#st-target")) == pytest.approx(s_star, abs=1e-3)
    note = page.text_content("#st-target-note")
    assert f"meets {together:,} times" in note and f"centre of {as_centre:,} pairs" in note


def test_keep_probabilities_are_subsample_keep_prob(page, run):
    from skipgram_np import subsample
    corpus, ck = corpus_of(run)
    open_view(page, "view=step&epoch=3")
    for t in (1e-3, 1e-2):
        got = page.evaluate(f"(() => {{ META.config.subsample = {t}; return [0, 1, 5, 40].map(keepProb); }})()")
        np.testing.assert_allclose(got, subsample.keep_prob(corpus.vocab.counts, t)[[0, 1, 5, 40]], rtol=1e-9)
    keeps = page.locator("#st-tokens button").evaluate_all("bs => bs.map(b => b.dataset.keep)")
    assert keeps and all(k == "keep 1.00" for k in keeps)       # this run did not subsample (t = 0)


def test_any_token_can_be_the_centre(page):
    open_view(page, "view=step&epoch=3&pick=c")
    tokens = page.locator("#st-tokens button")
    last = tokens.count() - 1
    tokens.nth(last).click()
    assert page.locator("#st-tokens button").nth(last).get_attribute("class").endswith("centre")
    assert f"sc={last}" in page.url


def test_map_labels_never_overlap_and_the_groups_fit_is_the_figures(page, run):
    from skipgram_np import figures
    from skipgram_np.runs import load_run
    for hash_ in ("view=explore&epoch=0", "view=explore&epoch=3", "view=explore&epoch=3&find=king",
                  "view=explore&epoch=1&fit=all&find=queen"):
        open_view(page, hash_)
        page.wait_for_timeout(800)
        boxes = page.evaluate("map.placed")
        assert boxes
        for n, a in enumerate(boxes):
            for b in boxes[n + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (hash_, a, b)
    data = page_data(run[1])
    words, _, proj = figures.projected(load_run(run[0]))
    assert data["plotted"]["words"] == words
    for e in EPOCHS:
        np.testing.assert_allclose(data["fits"]["in"]["explained"][str(e)], proj.explained[e], atol=0.01)


# ------------------------------------------------------------------------------ start here, pictures, the toy watched
@pytest.fixture
def newcomer(browser, run):
    """A first visit: nothing remembered."""
    _, path = run
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = watched(ctx.new_page(), path, returning=False)
    yield pg
    assert pg.errors == [], pg.errors
    ctx.close()


def test_a_first_visit_opens_the_path_and_skipping_is_remembered(newcomer):
    newcomer.goto(newcomer.url0)
    newcomer.wait_for_function("document.body.dataset.ready === '1'")
    assert newcomer.is_visible("#view-start") and newcomer.text_content("#start-title").startswith("1. ")
    newcomer.keyboard.press("ArrowRight")
    assert "stop=2" in newcomer.url and newcomer.text_content("#start-title").startswith("2. ")
    newcomer.click("#start-skip")
    assert newcomer.is_visible("#view-explore")
    newcomer.goto(newcomer.url0.split("#")[0])
    newcomer.reload()
    newcomer.wait_for_function("document.body.dataset.ready === '1'")
    assert newcomer.is_visible("#view-explore") and not newcomer.is_visible("#view-start")


def answer(pg, stop):
    open_view(pg, f"view=start&stop={stop}")
    options = pg.locator("#start-options button").all_text_contents()
    pg.locator("#start-options button").first.click()
    right = pg.locator("#start-options button.right").text_content()
    return options, right, pg.text_content("#start-feedback")


def test_every_stop_asks_a_question_answered_from_the_runs_data(page, run, full_side):
    data = page_data(run[1])
    for stop in range(1, 10):
        options, right, feedback = answer(page, stop)
        assert len(options) >= 2 and right in options and feedback, stop
        shot(page, f"start_{stop}")
    options, right, feedback = answer(page, 1)              # stop 1: the vocabulary's share of the tokens
    stats = data["meta"]["stats"]
    share = 100 * stats["tokens"] / stats["raw_tokens"]
    assert right == ("under 60 %" if share < 60 else "60 to 90 %" if share < 90 else "over 90 %")
    assert f"{share:.1f} %: {stats['tokens']:,} of the {stats['raw_tokens']:,} tokens" in feedback
    jan, feb = "january", "february"                      # stop 9: the first epoch february is among january's ten
    first = next((str(e) for e in EPOCHS if feb in [w for w, _ in full_side["embs"][e].neighbors(jan, 10)]),
                 "none of them")                          # (among all words, as query lists them)
    assert answer(page, 9)[1] == first
    share = data["structure"]["in"]
    above = next((e for e in share["share"] if share["share"][e] > share["control"][e]), "none of them")
    assert answer(page, 7)[1] == str(above)


def test_the_control_stop_asks_before_showing_and_answers_from_the_control(page, run, full_side):
    """Stop 8: predict what a model trained on shuffled text learns, then look; the right option follows from how
    much of the run's lists the control's share, whether its rows moved, and its scores."""
    open_view(page, "view=start&stop=8")
    assert page.locator("#start-feedback").count() == 0                   # nothing given away before the guess
    options, right, feedback = answer(page, 8)
    last = max(EPOCHS)
    probes = page_data(run[1])["examples"]["neighbors"]
    shared = np.mean([len({w for w, _ in full_side["embs"][last].neighbors(p, 10)}
                          & {w for w, _ in full_side["controls"][last].neighbors(p, 10)}) for p in probes])
    assert f"share {shared:.1f} of 10" in feedback
    assert right.startswith("much of the same meaning") == (shared >= 3)
    page.click("#start-live")
    page.wait_for_selector("#view-neighbors", state="visible")
    assert "ctl=1" in page.url and "· control" in page.text_content("#nb-title")


def test_a_stops_answer_follows_the_data(page):
    """Change the run's numbers in the page: the stop's right answer and its feedback change with them."""
    _, right, feedback = answer(page, 7)
    page.evaluate("""() => { const st = DATA.structure.in;
                             for (const e of Object.keys(st.share)) st.share[e] = st.control[e] = 0.05;
                             st.share["3"] = 0.9; tour.answered.clear(); renderStart(); }""")
    page.locator("#start-options button").first.click()
    assert page.text_content("#start-options button.right") == "3" and right != "3"
    assert "90 % at 3" in page.text_content("#start-feedback") and page.text_content("#start-feedback") != feedback
    _, right, _ = answer(page, 1)
    page.evaluate("() => { META.stats.tokens = META.stats.raw_tokens * 0.5; tour.answered.clear(); renderStart(); }")
    page.locator("#start-options button").first.click()
    assert page.text_content("#start-options button.right") == "under 60 %" != right


def test_a_stop_opens_its_part_of_the_page_lit_and_comes_back(page):
    open_view(page, "view=start&stop=3")
    page.click("#start-live")
    page.wait_for_selector("#view-step", state="visible")
    assert page.is_visible("#tour-bar") and page.locator(".tour-lit").count() == 1
    page.wait_for_timeout(200)                             # the scroll waits for the next frame
    top, bar, height = page.evaluate("""[document.querySelector('.tour-lit').getBoundingClientRect().top,
                                         document.querySelector('.bar').offsetHeight, window.innerHeight]""")
    assert bar <= top < height / 2                         # scrolled to the lit card, below the sticky bar
    page.click("#tour-back")
    page.wait_for_selector("#view-start", state="visible")
    assert page.text_content("#start-title").startswith("3. ")
    page.click("#start-live")
    page.wait_for_selector("#view-step", state="visible")
    page.click(".tab[data-view=similarity]")               # another tab leaves the path: no stale bar
    page.wait_for_selector("#view-similarity", state="visible")
    assert not page.is_visible("#tour-bar") and "tour=" not in page.url


def test_a_tapped_context_word_becomes_the_pair_from_a_fresh_page(page):
    open_view(page, "view=step")
    centre = page.locator("#st-tokens button.centre").text_content()
    window = page.locator("#st-tokens button.inwin")
    assert window.count() >= 1
    word = window.first.text_content()
    window.first.click()
    page.wait_for_function(f"document.querySelector('#st-tokens button.context').textContent === {word!r}")
    assert f"({centre}, {word})" in page.text_content("#st-pairs")
    outside = page.locator("#st-tokens button:not(.inwin):not(.centre):not(.context)")
    if outside.count():                                 # a word outside the window: it becomes the centre, said so
        far = outside.last.text_content()
        outside.last.click()
        page.wait_for_selector("#st-pick-note")
        assert "outside the window" in page.text_content("#st-pick-note")
        assert page.locator("#st-tokens button.centre").text_content() == far
        assert "pick=c" not in page.url                 # still picking the context: the next tap in the window is o


def test_step_chain_splits_the_score_change_into_its_two_rows(page):
    open_view(page, "view=step&epoch=3")
    parts = page.locator("#st-chain .chain-note").all_text_contents()
    assert len(parts) >= 1
    for note in parts:                                  # own + v_c's part ≈ the whole change (to first order)
        nums = [float(x.replace("−", "-")) for x in re.findall(r"[−+-]?\d+\.\d+(?:e[−+-]?\d+)?", note)]
        before, after, own, vc = nums[:4]
        assert abs((after - before) - (own + vc)) < 0.01 + 0.05 * abs(after - before), note


def test_step_pictures_show_this_steps_numbers(page):
    open_view(page, "view=step&epoch=3")
    s_pos = page.text_content("#st-forward-table tr:nth-child(2) td:nth-child(2)")
    chain = page.text_content("#st-chain")
    assert f"s = {number(s_pos):+.3f}".replace("-", "−") in chain          # the table's s, on the chain
    centre = page.locator("#st-tokens button.centre").text_content()
    assert f"{centre} (c)" in page.text_content("#st-tables") and page.locator("#st-window svg").count() == 1


def test_one_toy_update_names_its_pair_and_equals_model_py(page):
    from skipgram_np import model
    open_view(page, "view=toy&toy=royalty")
    page.select_option("#toy-opt", "sgd")
    page.click("button[data-n='1']")
    assert page.text_content("#toy-status").startswith("1 update ·")           # one update, not "1 updates"
    page.click("button[data-n='20']")
    W_in, W_out, V, d = page.evaluate("[Array.from(toy.Win), Array.from(toy.Wout), toy.V, toy.d]")
    page.click("button[data-n='1']")
    c, o, negs, lr = page.evaluate("[toy.last.c, toy.last.o, toy.last.negs, toy.lr]")
    got_in, got_out = page.evaluate("[Array.from(toy.Win), Array.from(toy.Wout)]")
    ref_in, ref_out = np.array(W_in, np.float32).reshape(V, d), np.array(W_out, np.float32).reshape(V, d)
    model.sgd_step(ref_in, ref_out, np.array([c]), np.array([o]), np.array([negs]), lr)
    np.testing.assert_allclose(np.array(got_in).reshape(V, d), ref_in, atol=1e-6)
    np.testing.assert_allclose(np.array(got_out).reshape(V, d), ref_out, atol=1e-6)
    changed_in = {int(i) for i in np.flatnonzero(np.any(ref_in != np.array(W_in, np.float32).reshape(V, d), axis=1))}
    changed_out = {int(i) for i in np.flatnonzero(np.any(ref_out != np.array(W_out, np.float32).reshape(V, d), axis=1))}
    assert changed_in <= {c} and changed_out <= {o, *negs}            # the rows the update may touch, and lights
    vocab = page.evaluate("toy.vocab")
    text = page.text_content("#toy-update")
    assert f"({vocab[c]}, {vocab[o]})" in text and all(vocab[n] in text for n in negs)


def test_toy_labels_never_overlap_and_an_overflow_keeps_the_curve(page):
    open_view(page, "view=toy&toy=royalty")
    for show in ("in", "both"):
        page.select_option("#toy-show", show)
        page.click("button[data-n='500']")
        boxes = page.evaluate("toy.placed")
        assert len(boxes) >= 8
        for n, a in enumerate(boxes):
            for b in boxes[n + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (show, a, b)
    assert "(k+1)·log 2" in page.text_content("#toy-loss-note")
    page.select_option("#toy-opt", "sgd")
    page.fill("#toy-lr", "1e9")
    page.dispatch_event("#toy-lr", "change")
    page.click("button[data-n='500']")
    assert "overflowed" in page.text_content("#toy-msg")
    red = page.evaluate("""() => { const c = document.getElementById('toy-loss');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 90 && d[i + 2] < 90) n++;
        return n; }""")
    assert red > 20                                     # the curve up to the overflow is still drawn
    for panel in ("#toy-nb", "#toy-analogies"):         # the emptied panels say why
        assert "the tables overflowed" in page.text_content(panel)


def toy_nearest(W, V, d):
    """Each word's nearest cosine among a toy's W_in rows (the page's toyNearestCos, here in numpy)."""
    W = np.array(W, np.float64).reshape(V, d)
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    unit = W / np.where(norms > 0, norms, 1)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -np.inf)
    return sims.max(axis=1)


def test_toy_stars_no_neighbour_of_untrained_rows_and_the_planted_pairs_after_training(page):
    """Before any update the control is the toy (same seed, so the same tables): its largest nearest cosine is the
    toy's own and no word is strictly above it (a ">=" would star the pair that reaches it). After 3,000 updates the
    stars are the corpus's planted pairs."""
    open_view(page, "view=toy&toy=royalty")
    for seed in range(1, 6):                            # other untrained tables: still none
        if seed > 1:
            page.fill("#toy-seed", str(seed))
            page.dispatch_event("#toy-seed", "change")
        assert page.evaluate("Array.from(toy.control.Win)") == page.evaluate("Array.from(toy.Win)"), seed
        assert page.locator("#toy-nb-table .beyond").count() == 0 and page.evaluate("toyStarred(toy)") == 0, seed
        note, top = page.text_content("#toy-nb-chance"), max(page.evaluate("Array.from(toyNearestCos(toy))"))
        assert "the control is this toy" in note and "none of the words is above it" in note and "untrained" in note
        assert f"at most {top:.3f}" in note and f"at most {top:.3f}" in page.text_content("#toy-nb-control"), seed
    page.fill("#toy-seed", "1")
    page.dispatch_event("#toy-seed", "change")
    for _ in range(6):
        page.click("button[data-n='500']")
    rows = page.locator("#toy-nb-table .starred").all_text_contents()
    nearest = {row.split(" → ")[0]: row.split(" → ")[1].split(" ")[0] for row in rows}
    for a, b in (("king", "queen"), ("queen", "king"), ("man", "woman"), ("woman", "man")):
        assert nearest.get(a) == b, rows


def test_toy_control_is_the_toys_tokens_shuffled_and_stepped_with_it(page):
    """The toy's control (control.shuffled, for the toy): the same tokens, so the same counts and vocabulary (a shuffle,
    not a resample), in another order, every line keeping its length; its pairs are pairs.window_pairs over its lines.
    The same seed gives the same control, another seed another; every update of the toy is one of the control's; a new
    rate reaches both, and a reset, a new seed or new text rebuilds both."""
    from collections import Counter

    from skipgram_np.pairs import window_pairs
    open_view(page, "view=toy&toy=royalty")
    lines, shuffled, vocab, cvocab, pairs = page.evaluate(
        "[toyLines(), toy.control.lines, toy.vocab, toy.control.vocab, toy.control.pairs]")
    flat, cflat = [w for line in lines for w in line], [w for line in shuffled for w in line]
    assert Counter(cflat) == Counter(flat) and cvocab == vocab and cflat != flat
    assert [len(line) for line in shuffled] == [len(line) for line in lines]
    index = {w: i for i, w in enumerate(vocab)}
    centre, context = window_pairs(np.array([index[w] for w in cflat]), 2,
                                   np.cumsum([0] + [len(line) for line in shuffled[:-1]]))
    assert pairs == np.stack([centre, context], 1).tolist()
    page.click("button[data-n='20']")
    page.click("button[data-n='1']")
    assert page.evaluate("[toy.updates, toy.control.updates]") == [21, 21]
    assert page.evaluate("Array.from(toy.Win)") != page.evaluate("Array.from(toy.control.Win)")
    page.fill("#toy-lr", "0.02")
    page.dispatch_event("#toy-lr", "change")                              # mid-training: both at the new rate
    assert page.evaluate("[toy.lr, toy.control.lr, toy.control.updates]") == [0.02, 0.02, 21]
    page.click("#toy-reset")
    assert page.evaluate("[toy.updates, toy.control.updates]") == [0, 0]
    open_view(page, "view=toy&toy=royalty")
    assert page.evaluate("toy.control.lines") == shuffled                # seeded: the same control on every visit
    page.fill("#toy-seed", "2")
    page.dispatch_event("#toy-seed", "change")
    other = page.evaluate("toy.control.lines")
    assert other != shuffled and Counter(w for line in other for w in line) == Counter(flat)
    page.fill("#toy-text", "a b c d\ne f a b")
    page.dispatch_event("#toy-text", "change")
    assert Counter(w for line in page.evaluate("toy.control.lines") for w in line) == Counter("a b c d e f a b".split())


def test_toy_star_is_above_the_controls_largest_nearest_cosine(page):
    """★ in the list, its sentence and the run ahead's count (toyStarred): a word whose nearest cosine is above the
    largest nearest cosine among the control's words after as many updates, computed here in numpy from both tables
    (at 500 updates none, at 1,000 a few, at 1,500 more: both sides of the line); the numbers said are those."""
    open_view(page, "view=toy&toy=royalty")
    counts = []
    for n in (500, 1000, 1500):
        page.click("button[data-n='500']")
        V, d, vocab, W, C, updates = page.evaluate(
            "[toy.V, toy.d, toy.vocab, Array.from(toy.Win), Array.from(toy.control.Win),"
            " [toy.updates, toy.control.updates]]")
        assert updates == [n, n]
        near, top = toy_nearest(W, V, d), toy_nearest(C, V, d).max()
        starred = set(page.locator("#toy-nb-table .starred > b:first-child").all_text_contents())
        for w, s in zip(vocab, near):
            if abs(s - top) > 1e-9:
                assert (w in starred) == (s > top), (n, w, s, top)
        assert page.evaluate("toyStarred(toy)") == len(starred)
        note = page.text_content("#toy-nb-chance")
        assert f"After the same {n:,} updates" in note and f"at most {top:.3f}" in note, note
        assert f"{len(starred)} of this toy's {V} words have their nearest above {top:.3f}" in note, note
        assert f"at most {top:.3f}" in page.text_content("#toy-nb-control")
        counts.append(len(starred))
    assert counts[0] < counts[-1] < V and counts[-1] > 0, counts


def test_toy_plays_at_a_visible_pace_and_stops(page):
    open_view(page, "view=toy&toy=royalty")
    page.select_option("#toy-speed", "40")
    page.click("button[data-n='100']")
    assert page.evaluate("toy.updates") < 100 and page.is_enabled("#toy-stop")
    page.wait_for_timeout(600)
    page.click("#toy-stop")
    done = page.evaluate("toy.updates")
    page.wait_for_timeout(400)
    assert 0 < done < 100 and page.evaluate("toy.updates") == done


def test_a_typed_word_in_nfd_finds_its_nfc_entry(page):
    open_view(page, "view=neighbors")
    found = page.evaluate("""([nfc, nfd]) => { INDEX.set(nfc, 0);
        return lookup(nfd, document.createElement('div'), () => 0); }""", ["caf\u00e9", "cafe\u0301"])
    assert found == 0


# ------------------------------------------------------------------------------ one rule, one universe (issue 28)
def test_js_verdicts_equal_pythons(page, run):
    """chance.js's rule on the lines embedded for the page's words is chance.py's on the control's 8-bit rows
    (runs.chance_levels with among = the page's words): neighbours at every rank, pairs of every two bands, and
    the whole "related" of pairs the page computes itself."""
    from skipgram_np.embeddings import Embeddings
    from skipgram_np.runs import chance_levels, load_run
    open_view(page, "view=similarity")
    ckpts, n = load_run(run[0]), len(page_data(run[1])["words"])
    rng = np.random.default_rng(3)
    for t in ("in", "out", "sum"):
        levels = chance_levels(run[0], ckpts, t, among=n)
        for e in EPOCHS:
            if not levels.has(e):
                continue
            for m in (1, 50):
                near = levels.neighbours(e, m)
                cases = [[int(i), int(r), float(c)] for i, r, c in
                         zip(rng.integers(0, n, 100), rng.integers(1, 12, 100), rng.uniform(0.0, 1.0, 100))]
                cases += [[i, r, near.line_at(i, r) + d] for i, r, _ in cases[:30] for d in (0.0, 1e-9, -1e-9)]
                got = page.evaluate("([t, e, m, cases]) => cases.map(([i, r, c]) => "
                                    "isBeyond(nearChance(t, e, m), i, r, c))", [t, str(e), m, cases])
                assert got == [near.beyond(i, r, c) for i, r, c in cases], (t, e, m)
            pairs = levels.pairs(e)
            cases = [[int(i), int(j), float(c)] for i, j, c in
                     zip(rng.integers(0, n, 100), rng.integers(0, n, 100), rng.uniform(-0.3, 1.0, 100))]
            cases += [[i, j, pairs.line_for(i, j) + d] for i, j, _ in cases[:30] for d in (0.0, 1e-9)]
            got = page.evaluate("([t, e, cases]) => cases.map(([i, j, c]) => c > pairLine(t, e, i, j))",
                                [t, str(e), cases])
            assert got == [pairs.related(i, j, c) for i, j, c in cases], (t, e)
        embs = {e: Embeddings.from_checkpoint(c, t, among=n) for e, c in ckpts.items()}
        for a, b in (("king", "man"), ("one", "three"), ("army", "war"), ("france", "music")):
            want = [r["related"] for r in epochs.similarity_rows(embs, a, b, levels)]
            got = page.evaluate(f"liveRows('{t}', INDEX.get('{a}'), INDEX.get('{b}'))"
                                ".map(r => r.zero ? null : r.related)")
            assert got == want, (t, a, b)


def query_rows(*args) -> dict:
    """`python -m skipgram_np.query ... similarity a b`'s table: {epoch: (cosine, percentile, rank_ab, rank_ba,
    related)}, as printed."""
    out = subprocess.run([sys.executable, "-m", "skipgram_np.query", *args], capture_output=True, text=True,
                         check=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+([+-]\d\.\d{4})\s+(?:[+-]\d\.\d{4}\s+)?[+-]\d\.\d{3} \[.*?\]\s+([\d.]+)%"
                     r"\s+no\. ([\d,]+)\s+no\. ([\d,]+)(\s+related)?", line)
        if m:
            rows[int(m.group(1))] = (m.group(2), m.group(3), int(m.group(4).replace(",", "")),
                                     int(m.group(5).replace(",", "")), bool(m.group(6)))
    return rows


def test_a_typed_pairs_command_prints_the_pages_numbers(page, run):
    """A pair the page computes itself gives the query --among command that prints the same numbers: run it."""
    for t in ("in", "out"):
        open_view(page, f"view=similarity&a=king&b=man&epoch=3&vec={t}")
        command = page.text_content("#sim-universe code").split()
        assert command[:3] == ["python", "-m", "skipgram_np.query"] and "--among" in command
        rows = query_rows(*command[3:])
        cos, pct, rab, rba, related = rows[3]
        assert number(page.text_content("#sim-value")) == pytest.approx(float(cos), abs=1.01e-4)
        assert number(page.text_content("#sim-pct")) == pytest.approx(float(pct), abs=0.011)
        assert (number(page.text_content("#sim-rank-ab")), number(page.text_content("#sim-rank-ba"))) == (rab, rba)
        assert page.text_content("#sim-result .tag").startswith("related") == related


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """A run trained with no control (--no-control, or a run older than controls)."""
    rng = np.random.default_rng(0)
    topics = list(GROUPS.values()) + [["king", "queen", "man", "woman"]]
    lines = [" ".join(rng.choice(topics[rng.integers(len(topics))], 12)) for _ in range(300)]
    folder = tmp_path_factory.mktemp("bare_run")
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=2, threads=1, lr=0.05).validate()
    training.train(cfg, build_corpus(lines, 1), folder, progress=False, log=lambda *a: None, quality=None,
                   control=False)
    return folder, explore.write_explorer(folder, words=500)


def test_a_run_without_a_control_opens_and_says_how_to_add_one(browser, bare):
    folder, path = bare
    pg = watched(browser.new_page(viewport={"width": 1280, "height": 900}), path)
    add = f"python -m skipgram_np.train --resume {folder} --control"
    for hash_, where in (("view=neighbors&word=france", "#nb-sentence"),
                         ("view=similarity&a=king&b=queen", "#sim-control-missing"),
                         ("view=explore", "#map-structure-note"),
                         ("view=analogy&qa=king&qb=man&qc=woman&qd=queen", "#an-chance-note"),
                         ("view=start&stop=8", "#start-body")):
        open_view(pg, hash_ + "&ctl=1")                          # asking for the control: nothing breaks
        if hash_.startswith("view=start"):
            pg.locator("#start-options button").first.click()
        text = pg.text_content(where)
        assert add in text and "has no control run" in text, (hash_, text)
        assert pg.locator(".ctlbtn").evaluate_all("bs => bs.every(b => b.disabled)")
    open_view(pg, "view=neighbors&word=france")
    assert pg.locator("#nb-table .verdict").count() == 0              # no badge without a chance level
    assert pg.errors == [] and pg.dialogs == [], pg.errors
    pg.close()


# ---------------------------------------------------------------- planted bugs (issue 32), the path (issue 30)
def test_the_paths_pair_count_is_pairs_count_pairs(page):
    """Stop 3's right answer is pairs.count_pairs for the passage it shows, at the run's window."""
    from skipgram_np.pairs import count_pairs
    open_view(page, "view=start&stop=3")
    length, window = page.evaluate("[stopPassage().words.length, META.config.window]")
    _, right, _ = answer(page, 3)
    assert right == str(count_pairs(length, window))


def test_toy_pairs_are_pairs_py_within_each_sentence(page):
    """The toy's (centre, context) pairs are pairs.window_pairs over its sentences (no window crosses a line)."""
    from skipgram_np.pairs import window_pairs
    open_view(page, "view=toy&toy=royalty")
    for win in ("1", "3"):
        page.select_option("#toy-win", win)
        vocab, pairs, lines = page.evaluate("[toy.vocab, toy.pairs, toyLines()]")
        index = {w: i for i, w in enumerate(vocab)}
        ids = np.array([index[w] for line in lines for w in line])
        starts = np.cumsum([0] + [len(line) for line in lines[:-1]])
        centre, context = window_pairs(ids, int(win), starts)
        assert pairs == np.stack([centre, context], 1).tolist(), win


def test_no_stop_shows_its_answer_before_it_is_answered(page):
    """Before a learner answers, nothing on a stop gives the answer away: no feedback, no struck word, none of the
    facts its explanation reveals (each stop lists them; all are shown once answered); options in a seeded order
    (the same on every visit; the right one not always first), those on a scale in the scale's order."""
    first = {}
    for stop in range(1, 10):
        open_view(page, f"view=start&stop={stop}")
        q = page.evaluate(f"STOPS[{stop - 1}].question()")
        seen, labels = page.evaluate("""() => {
            const body = document.getElementById('start-body'), opts = document.getElementById('start-options');
            opts.style.display = 'none'; const text = body.innerText; opts.style.display = '';
            const svg = [...body.querySelectorAll('svg')], label = s => s.getAttribute('aria-label') || '';
            return [[text, ...svg.map(s => s.textContent)].join(' '), svg.map(label).join(' ')]; }""")
        assert page.locator("#start-feedback").count() == 0 and "dropped" not in labels, stop
        seen += " " + labels
        assert page.locator("#start-body [text-decoration='line-through']").count() == 0, stop
        reveal = q.get("reveal") or []
        assert reveal or stop == 8 and not page.evaluate("HAS_CONTROL"), stop
        for fact in reveal:
            assert fact not in seen, (stop, fact)
        shown = page.locator("#start-options button").all_text_contents()
        assert sorted(shown) == sorted(q["options"]) and (not q["scale"] or shown == q["options"]), stop
        if not q["scale"]:
            first[stop] = shown[0] == q["correct"]
        open_view(page, f"view=start&stop={stop}")
        assert page.locator("#start-options button").all_text_contents() == shown, stop    # seeded: the same order
        page.locator("#start-options button").first.click()
        after = page.text_content("#start-body")
        for fact in reveal:                                  # what was hidden is there once answered
            assert fact in after, (stop, fact)
    assert not all(first.values()) and not first[6], first     # stop 6 listed its right answer first


def test_the_toy_says_how_many_updates_its_neighbours_need_and_fast_forwards_there(page):
    open_view(page, "view=toy&toy=royalty")
    page.wait_for_function("toy.need && toy.need.updates !== undefined", timeout=60_000)
    need = page.evaluate("toy.need.updates")
    assert 0 < need < float("inf") and f"from update {need:,} on" in page.text_content("#toy-need")
    t0 = page.evaluate("performance.now()")
    page.click("#toy-ff")
    page.wait_for_function(f"toy.updates >= {need} && !toy.playing", timeout=30_000)
    assert page.evaluate("performance.now()") - t0 < 10_000                  # seconds, not minutes
    assert page.evaluate("toy.updates") == need
    assert page.evaluate("toyStarred(toy) >= Math.ceil(toy.V / 4)")          # the same toy as the copy run ahead
    assert page.locator("#toy-nb-table .starred").count() == page.evaluate("toyStarred(toy)")
    assert "This toy is there." in page.text_content("#toy-need")
    if need > 50:                                       # the first look that found it: one look before, not yet
        before = page.evaluate(f"""() => {{ const T = toyPair(toyLines(), toy.d, win0(), toy.lr, 1, toy.k, toy.opt);
            for (let u = 0; u < {need - 50}; u++) toyStep(T);
            return [T.control.updates, toyStarred(T), Math.ceil(T.V / 4)]; }}""")
        assert before[0] == need - 50 and before[1] < before[2], before


# ----------------------------------------------------------------- every verdict on a phone's screen (issue 29)
VERDICTS = {   # per view: the cells that carry a verdict, the control's value or a rank
    "neighbors&word=france": "#nb-table tr:not(:first-child) > "
                             ":is(:nth-child(1), :nth-child(4), :nth-child(5), :nth-child(6))",
    "similarity&a=king&b=queen": "#sim-table td:not(.band):not(.rank-ba), #sim-result .tag, #sim-rank-ab",
    "similarity&a=one&b=army": "#sim-table td:not(.band):not(.rank-ba), #sim-result .tag, #sim-rank-ab",
    "analogy&qa=king&qb=man&qc=woman&qd=queen": "#an-epochs-table td, #an-plane-table td:not(.ab):not(.off), #an-rank",
    "step&epoch=3": "#st-forward-table td, #st-update-table td, #st-changed-table td",
}


def test_phone_shows_every_verdict_without_a_sideways_swipe_and_no_table_overflows_on_a_desktop(phone, page):
    for view, cells in VERDICTS.items():
        open_view(phone, f"view={view}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, view
        boxes = phone.locator(cells).evaluate_all("""cs => cs.filter(c => c.offsetParent).map(c => {
            const r = c.getBoundingClientRect(), s = c.closest('.scroll');
            const sr = s ? s.getBoundingClientRect() : {left: 0, right: 390};
            return [c.textContent.slice(0, 30), r.left, r.right, Math.max(0, sr.left), Math.min(390, sr.right)]; })""")
        assert len(boxes) >= 4, view
        for text, left, right, lo, hi in boxes:
            assert lo - 1 <= left and right <= hi + 1, (view, text, left, right, hi)
        shot(phone, f"phone_verdicts_{view.split('&')[0]}")
    page.set_viewport_size({"width": 1280, "height": 800})
    for view in [*VERDICTS, "axes", "toy", "how"]:
        open_view(page, f"view={view}")
        wide = page.locator("table").evaluate_all("""ts => ts.filter(t => t.offsetParent).map(t => {
            const card = t.closest('.card'), pad = parseFloat(getComputedStyle(card).paddingRight);
            return [t.id, t.getBoundingClientRect().right, card.getBoundingClientRect().right - pad,
                    t.scrollWidth, t.parentElement.clientWidth]; })""")
        for tid, right, inner, width, room in wide:
            assert right <= inner + 1 and width <= room + 1, (view, tid, right, inner, width, room)
