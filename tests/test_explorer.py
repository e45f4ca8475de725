"""The explorer page: generated self-contained, and checked in a real (Debian) Chromium."""
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from skipgram_np import explore, train
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.figures import GROUPS

HOSTILE = ["<script>alert(1)</script>", "</script>", "<img/src=x/onerror=alert(2)>", "&amp;", "\"'`"]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("SKIPGRAM_NP_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    rng = np.random.default_rng(0)
    words = sorted({w for ws in GROUPS.values() for w in ws} | {"king", "queen", "man", "woman"})
    lines = [" ".join(rng.choice(words, 14)) for _ in range(300)]
    lines += [" ".join([h, "king", "queen"] * 3) for h in HOSTILE]
    folder = tmp_path_factory.mktemp("explorer_run")
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=3, checkpoints=(1, 2, 3),
                 threads=1).validate()
    train.train(cfg, build_corpus(lines, cfg.min_count), folder, progress=False, log=lambda *a: None)
    page = explore.write_explorer(folder, words=500)
    return folder, page


def test_page_is_self_contained(run):
    _, page = run
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"https?://", html), "the page must not reference the network"
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(?!data:)", html)
    assert html.count("</script>") == 2           # ours only: the hostile words are escaped


def test_embedded_data_round_trips(run):
    folder, page = run
    html = page.read_text(encoding="utf-8")
    raw = html.split('<script type="application/json" id="skipgram-data">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert data["meta"]["epochs"] == [1, 2, 3]
    assert set(HOSTILE) <= set(data["words"])
    emb = explore.explorer_embeddings(data, 3)
    assert emb.unit.shape == (len(data["words"]), 16)


# ------------------------------------------------------------------------------ in the browser
@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser, run):
    folder, path = run
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.errors = []
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.url0 = path.as_uri()
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.dialogs == [], "a word was executed as code"
    pg.close()


def open_view(pg, hash_=""):
    pg.goto(pg.url0 + ("#" + hash_ if hash_ else ""))
    pg.reload()
    pg.wait_for_function("document.body.dataset.ready === '1'")


def shot(pg, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"explorer_{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def python_side(run):
    _, path = run
    html = path.read_text(encoding="utf-8")
    data = json.loads(html.split('id="skipgram-data">')[1].split("</script>")[0])
    return {e: explore.explorer_embeddings(data, e) for e in (1, 2, 3)}


def test_explore_view_and_epoch_switch(page):
    open_view(page)
    page.fill("#map-search", "france")
    page.click("#map-find")
    assert "find=france" in page.url
    page.click("button[data-epoch='1']")
    page.wait_for_timeout(800)                       # the animated move between epochs
    assert "epoch=1" in page.url
    assert page.get_attribute("button[data-epoch='1']", "aria-pressed") == "true"
    assert "%" in page.text_content("#st-pca")
    shot(page, "explore")


def test_similarity_matches_python_and_follows_epochs(page, python_side):
    open_view(page, "view=similarity")
    page.fill("#sim-a", "king")
    page.fill("#sim-b", "queen")
    page.click("#sim-go")
    shown = float(page.text_content("#sim-value").replace("−", "-"))
    assert shown == pytest.approx(python_side[3].similarity("king", "queen"), abs=6e-5)
    rows = page.locator("#sim-table tr").all_text_contents()
    assert len(rows) == 3
    page.click("button[data-epoch='1']")            # the view and the query stay
    shown1 = float(page.text_content("#sim-value").replace("−", "-"))
    assert shown1 == pytest.approx(python_side[1].similarity("king", "queen"), abs=6e-5)
    assert "view=similarity" in page.url and "a=king" in page.url
    shot(page, "similarity")


def test_neighbors_match_python(page, python_side):
    open_view(page, "view=neighbors&word=france&epoch=2")
    cells = page.locator("#nb-table tr").evaluate_all(
        "rows => rows.map(r => [r.children[1].querySelector('button').textContent, r.children[3].textContent])")
    expected = python_side[2].neighbors("france", 10)
    assert [w for w, _ in cells] == [w for w, _ in expected]
    for (_, s), (_, e) in zip(cells, expected):
        assert float(s) == pytest.approx(e, abs=6e-5)
    shot(page, "neighbors")


@pytest.mark.parametrize("method", ["add", "mul"])
def test_analogy_matches_python(page, python_side, method):
    open_view(page, f"view=analogy&qa=king&qb=man&qc=woman&method={method}")
    cells = page.locator("#an-table tr").evaluate_all(
        "rows => rows.map(r => [r.children[1].textContent, r.children[2].textContent])")
    expected = python_side[3].analogy("king", "man", "woman", topn=5, method=method)
    assert [w for w, _ in cells] == [w for w, _ in expected]
    for (_, s), (_, e) in zip(cells, expected):
        assert float(s) == pytest.approx(e, abs=6e-5)
    shot(page, f"analogy_{method}")


def test_unknown_and_empty_words_get_a_message(page):
    open_view(page, "view=similarity&a=kingg&b=queen")
    msg = page.text_content("#sim-msg")
    assert "“kingg” is not among" in msg and "king" in msg
    page.click("#sim-msg button:text('king')")       # a close match is one click away
    assert "a=king" in page.url and page.text_content("#sim-value")
    open_view(page, "view=neighbors")
    page.fill("#nb-word", "   ")
    page.click("#nb-go")
    assert "Type a word" in page.text_content("#nb-msg")
    shot(page, "unknown_word")


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_hostile_tokens_render_as_text(page, hostile):
    open_view(page, "view=neighbors")
    page.fill("#nb-word", hostile)
    page.click("#nb-go")
    assert page.text_content("#nb-title") == f"Neighbours of “{hostile}” at epoch 3"
    assert page.locator("main img").count() == 0
    open_view(page, "view=neighbors&word=king")
    page.wait_for_function("document.querySelectorAll('#nb-table tr').length > 0")
    assert page.evaluate("document.querySelectorAll('script').length") == 2


def test_how_it_works_has_the_runs_numbers(page, run):
    open_view(page, "view=how")
    steps = page.text_content("#how-steps")
    assert "window (size = 2)" in steps and "k = 5 negatives" in steps and "3 epochs" in steps
    shot(page, "how")


def test_page_state_survives_a_reload(page):
    open_view(page, "view=analogy&qa=king&qb=man&qc=woman&epoch=2")
    assert page.input_value("#an-a") == "king"
    assert page.get_attribute("button[data-epoch='2']", "aria-pressed") == "true"
    assert page.get_attribute(".tab[data-view='analogy']", "aria-selected") == "true"
