"""The page's Axes view, the analogy's parallelogram and the t-SNE map, in Debian's Chromium: the
page's numbers equal directions.py and tsne.py on the same vectors, at desktop and phone size."""
from urllib.parse import quote

import numpy as np
import pytest
from test_explorer import ARTIFACTS, number, open_view, page_data, watched

from skipgram_np import directions as D
from skipgram_np import explore, training, tsne
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus
from skipgram_np.embeddings import unit_rows
from skipgram_np.probes import AXES_PRESETS, GROUPS
from skipgram_np.runs import load_run

EPOCHS = (0, 1, 2, 3)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A small run whose page holds every preset's words, the coloured groups and king, man, woman, queen."""
    rng = np.random.default_rng(0)
    topics = [sorted({w for ax in ("x", "y") for pair in p[ax]["pairs"] for w in pair} | set(p.get("words", [])))
              for p in AXES_PRESETS.values()] + list(GROUPS.values()) + [["king", "queen", "man", "woman", "prince"]]
    lines = [" ".join(rng.choice(topics[rng.integers(len(topics))], 14)) for _ in range(600)]
    folder = tmp_path_factory.mktemp("directions_run")
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=16, epochs=3, threads=1).validate()
    corpus = build_corpus(lines, cfg.min_count)
    training.train(cfg, corpus, folder, progress=False, log=lambda *a: None, quality=None)
    return folder, explore.write_explorer(folder, words=500, corpus=corpus)


@pytest.fixture(scope="module")
def data(run):
    return page_data(run[1])


@pytest.fixture
def page(browser, run):
    pg = watched(browser.new_page(viewport={"width": 1400, "height": 900}), run[1])
    yield pg
    assert pg.errors == [], pg.errors
    pg.close()


@pytest.fixture
def phone(browser, run):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                              device_scale_factor=2)
    pg = watched(ctx.new_page(), run[1])
    yield pg
    assert pg.errors == [], pg.errors
    ctx.close()


def unit64(data, e, t="in"):
    """The unit rows as the page makes them: its int8 rows, normalised in float64."""
    q = explore.page_table(data, e, t).astype(np.float64)
    return q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)


def shot(pg, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"explorer_{name}.png"), full_page=True)


def table_rows(pg):
    return pg.locator("#ax-table tr[data-word]").evaluate_all(
        "rows => rows.map(r => [r.dataset.word, ...[...r.children].slice(1).map(c => c.textContent)])")


def check_axes_against_python(pg, data, e, x, y, words, orthogonal=True):
    unit = unit64(data, e)
    plane = D.Plane.of(unit, (x["pos"], x["neg"]), (y["pos"], y["neg"]), orthogonal)
    px, py = D.project(unit, plane.x), D.project(unit, plane.y)
    rows = {r[0]: r[1:] for r in table_rows(pg)}
    assert set(rows) == {data["words"][i] for i in words}
    for i in words:
        cx, ax_, cy, ay = rows[data["words"][i]][:4]
        assert number(cx) == pytest.approx(px[i], abs=6e-4) and number(cy) == pytest.approx(py[i], abs=6e-4)
        assert number(ax_) == pytest.approx(D.percentile(px, px[i]), abs=0.051)
        assert number(ay) == pytest.approx(D.percentile(py, py[i]), abs=0.051)
    order = [r[0] for r in table_rows(pg)]                   # sorted by x, as Python sorts them
    assert order == [data["words"][i] for i in sorted(words, key=lambda i: -px[i])]
    return unit


@pytest.mark.parametrize("e", [0, 3])
def test_axes_preset_numbers_equal_python(page, run, data, e):
    """The badge is directions.AxisTest.beyond with the control: above every random set and above the
    same pairs in the control (its rows among the page's words, as page_data gives them)."""
    from skipgram_np.embeddings import Embeddings
    from skipgram_np.runs import load_control
    preset = data["axes"]["presets"]["occupations"]
    open_view(page, f"view=axes&epoch={e}")
    assert page.get_attribute(".tab[data-view='axes']", "aria-selected") == "true"
    unit = check_axes_against_python(page, data, e, preset["x"], preset["y"], preset["words"])
    ckpts = load_run(run[0])
    control = Embeddings.from_checkpoint(load_control(run[0], ckpts)[e], "in", among=len(data["words"])).unit
    for name in ("x", "y"):
        test = D.AxisTest.of(unit, preset[name]["pos"], preset[name]["neg"], control=control if e else None)
        if e == 0:                                       # the control's epoch 0 is the run's table: never beyond it
            test.control = test.consistency
        box = page.locator(f"#ax-chance .axtest[data-axis='{name}']")
        assert number(box.locator(".ax-cons").text_content()) == pytest.approx(test.consistency, abs=6e-4)
        assert number(box.locator(".ax-max").text_content()) == pytest.approx(test.chance_max, abs=6e-4)
        assert ("beyond chance" in box.text_content()) == test.beyond
        assert f"{test.held_out_right} of {test.n} point" in box.text_content()
    if e == 0:                                               # noise earns no badge
        assert "beyond chance" not in page.locator("#ax-chance .tag").all_text_contents()
    sentence = page.text_content("#ax-sentence")
    px = D.project(unit, D.direction(unit, preset["x"]["pos"], preset["x"]["neg"]))
    top = max(preset["words"], key=lambda i: px[i])
    assert f"nearest he: {data['words'][top]}" in sentence
    shot(page, f"axes_occupations_epoch{e}")


def test_every_preset_draws_at_every_epoch(page, data):
    assert set(data["axes"]["presets"]) == set(AXES_PRESETS)
    for name, p in data["axes"]["presets"].items():
        for e in (0, 3):
            open_view(page, f"view=axes&axp={name}&epoch={e}")
            check_axes_against_python(page, data, e, p["x"], p["y"], p["words"])
            assert page.evaluate("axView.pts.length") == len(p["words"])
        shot(page, f"axes_{name}")


def test_typed_axes_and_their_mistakes(page, data):
    index = {w: i for i, w in enumerate(data["words"])}
    open_view(page, "view=axes&epoch=2")
    page.select_option("#ax-preset", "own")
    page.fill("#ax-x", "king, man − queen, woman")
    page.fill("#ax-y", "one - two")
    page.fill("#ax-w", "france germany army")
    page.click("#ax-go")
    assert "axp=own" in page.url and "axx=" in page.url
    x = {"pos": [index["king"], index["man"]], "neg": [index["queen"], index["woman"]]}
    y = {"pos": [index["one"]], "neg": [index["two"]]}
    check_axes_against_python(page, data, 2, x, y, [index[w] for w in ("france", "germany", "army")])
    assert "one word a side" in page.text_content("#ax-chance")        # y: a single pair, no test
    open_view(page, "view=axes&epoch=2&orth=0&axp=own&axx=" + quote("king, man − queen, woman")
              + "&axy=one+−+two&axw=france")
    check_axes_against_python(page, data, 2, x, y, [index["france"]], orthogonal=False)
    open_view(page, "view=axes&axp=own&axx=kingg+−+queen&axy=one+−+two")
    assert "“kingg” is not among the" in page.text_content("#ax-msg")
    page.click("#ax-msg button:text('king')")                         # a close match, one click away
    assert "axx=king" in page.url.replace("%20", "+") and page.locator("#ax-table").count() == 1
    open_view(page, "view=axes&axp=own&axx=king+queen&axy=one+−+two")
    msg = page.text_content("#ax-msg")
    assert msg.count("Write the x axis as a − b") == 1 and page.locator("#ax-table").count() == 0


def test_an_axis_of_lists_of_unequal_length_is_directions_direction(page, data):
    """Three words against one: each side's mean over its own words (directions.direction), on the page's rows."""
    index = {w: i for i, w in enumerate(data["words"])}
    x = {"pos": [index["king"], index["man"], index["prince"]], "neg": [index["queen"]]}
    y = {"pos": [index["one"]], "neg": [index["two"]]}
    open_view(page, "view=axes&epoch=3&axp=own&axx=" + quote("king, man, prince − queen") + "&axy=" + quote("one − two")
              + "&axw=" + quote("france army"))
    check_axes_against_python(page, data, 3, x, y, [index["france"], index["army"]])
    got = page.evaluate(f"Array.from(axDirection(UNITS('in', '3'), {x['pos']}, {x['neg']}))")
    np.testing.assert_allclose(got, D.direction(unit64(data, 3), x["pos"], x["neg"]), atol=1e-12)
    assert "lists of different lengths" in page.text_content("#ax-chance")   # 3 against 1: no pairs, no test


def no_label_overlaps(pg):
    """Every plane's label boxes (plane.js's placed) are pairwise apart and inside their canvas."""
    boxes = pg.evaluate("[...document.querySelectorAll('#an-plane canvas.plane')]"
                        ".map(c => [c.placed || [], c.clientWidth, c.clientHeight])")
    assert boxes
    for placed, w, h in boxes:
        assert len(placed) >= 5                                   # A, B, C, the tip, and the expected word at least
        for n, a in enumerate(placed):
            assert 0 <= a[0] and a[2] <= w and 0 <= a[1] and a[3] <= h, a
            for b in placed[n + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_analogy_parallelogram_equals_python_at_every_epoch(page, run, data):
    """king − man + woman is offered: its planes are Python's on all the words' rows (for the run and the control);
    the page's own analogyPlane (typed questions) is directions.analogy_plane on its 8-bit rows."""
    from skipgram_np.embeddings import Embeddings
    from skipgram_np.runs import load_control
    index = {w: i for i, w in enumerate(data["words"])}
    a, b, c, d = (index[w] for w in ("king", "man", "woman", "queen"))
    open_view(page, "view=analogy&qa=king&qb=man&qc=woman&qd=queen")
    assert page.locator("#an-plane canvas.plane[data-row=run]").count() == len(EPOCHS)
    assert page.locator("#an-plane canvas.plane[data-row=control]").count() == len(EPOCHS)
    rows = page.locator("#an-plane-table tr[data-epoch]").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.textContent))")
    ckpts = load_run(run[0])
    controls = load_control(run[0], ckpts)
    for e, row in zip(EPOCHS, rows):
        unit = unit64(data, e)
        got = page.evaluate(f"analogyPlane('in', '{e}', {a}, {b}, {c}, {{D: {d}}})")
        want = D.analogy_plane(unit, a, b, c, {"D": d})
        for name, (x, y) in want.points.items():
            assert got["points"][name]["x"] == pytest.approx(x, abs=1e-9)
            assert got["points"][name]["y"] == pytest.approx(y, abs=1e-9)
            assert got["points"][name]["off"] == pytest.approx(want.off_plane[name], abs=1e-6)
        assert got["dist"]["D"] == pytest.approx(want.tip_distance["D"], abs=1e-9)
        tip = unit[a] - unit[b] + unit[c]
        assert got["typical"] == pytest.approx(np.median(np.linalg.norm(unit - tip, axis=1)), abs=1e-9)
        for which, ck, cell in (("run", ckpts[e], row[1:4]), ("control", controls[e], None)):
            full = Embeddings.from_checkpoint(ck).unit                     # all words, float32: query's rows
            want = D.analogy_plane(full, a, b, c, {"D": d})
            if cell is not None:
                assert number(cell[0]) == pytest.approx(want.points["A"][0], abs=6e-4)
                assert number(cell[1]) == pytest.approx(want.tip_distance["D"], abs=6e-4)
                assert number(cell[2]) == pytest.approx(want.off_plane["D"], abs=6e-4)
            else:
                assert f"{want.tip_distance['D']:.3f}" in row[-1]
    assert "|T − ŵ|² = |T|² + 1 − 2|T| cos(w, T)" in page.text_content("#an-plane-sentence")
    no_label_overlaps(page)
    shot(page, "analogy_parallelogram")


@pytest.mark.parametrize("kind", ["tsne", "pca"])
def test_map_kind_trust_and_kept_neighbours_equal_python(page, data, kind):
    index = {w: i for i, w in enumerate(data["words"])}
    open_view(page, f"view=explore&epoch=3&mapk={kind}&fit=all&find=king")
    assert page.input_value("#map-fit") == ("tsne" if kind == "tsne" else "all")
    assert ("t-SNE map" in page.text_content("#map-title")) == (kind == "tsne")
    name = "tsne" if kind == "tsne" else "pca_all"
    assert f"{data['tsne']['trust'][name]['3']:.3f}" in page.text_content("#map-stats")
    xy = np.array(page.evaluate("Array.from(mapXY('in', '3'))"), dtype=np.float64).reshape(-1, 2)
    ids = (explore.unb85(data["tsne"]["ids"], "<i4", data["tsne"]["n"]) if kind == "tsne"
           else np.arange(len(data["words"])))
    if kind == "tsne":                                       # the stored layout, decoded as Python has it
        assert np.isnan(xy[np.setdiff1d(np.arange(len(xy)), ids)]).all()
    unit = unit64(data, 3)
    i = int(np.searchsorted(ids, index["king"]))
    kept, lost = tsne.kept_neighbours(unit[ids], xy[ids], i)
    assert page.text_content("#map-kept-n") == f"{len(kept)} of its 10"
    assert page.text_content("#map-lost") == ", ".join(data["words"][ids[j]] for j in lost)
    page.screenshot(path=str(ARTIFACTS / f"explorer_map_{kind}.png"))


def test_tsne_is_stored_for_every_epoch_and_only_for_w_in(page, run, data):
    ckpts = {e: c.W_in for e, c in load_run(run[0]).items()}
    n = len(data["words"])
    plotted = [data["words"].index(w) for w in data["plotted"]["words"]]
    m = tsne.maps(ckpts, n, plotted)                         # the same call as the page's: cached
    assert sorted(map(int, data["tsne"]["coords"])) == list(EPOCHS)
    for e in EPOCHS:
        q = explore.unb85(data["tsne"]["coords"][str(e)], "<i2", 2 * data["tsne"]["n"]).reshape(-1, 2)
        assert np.abs(q * data["tsne"]["scale"] / 32767 - m["coords"][e]).max() <= data["tsne"]["scale"] / 32767
        assert data["tsne"]["trust"]["tsne"][str(e)] == pytest.approx(m["trust"]["tsne"][e], abs=1e-6)
    assert tsne.trust(unit_rows(ckpts[3][:n])[m["ids"]], m["coords"][3]) == pytest.approx(m["trust"]["tsne"][3])
    open_view(page, "view=explore&mapk=tsne&vec=out&epoch=3")
    assert "made for W_in only" in page.text_content("#map-msg") and "t-SNE" not in page.text_content("#map-title")


def test_phone_axes_and_parallelograms_fit_and_answer_a_tap(phone, data):
    open_view(phone, "view=axes&epoch=3")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#ax-canvas").bounding_box()
    assert box["width"] > 300 and box["height"] >= 340
    px, py, _ = phone.evaluate("axView.pts[0]")
    phone.locator("#ax-canvas").scroll_into_view_if_needed()
    box = phone.locator("#ax-canvas").bounding_box()
    phone.touchscreen.tap(box["x"] + px + 5, box["y"] + py + 5)
    tip = phone.text_content("#ax-tip")
    assert phone.is_visible("#ax-tip") and "above" in tip and "epoch 0:" in tip
    phone.screenshot(path=str(ARTIFACTS / "explorer_phone_axes.png"))
    open_view(phone, "view=analogy&qa=king&qb=man&qc=woman&qd=queen")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("#an-plane canvas.plane").count() == 2 * len(EPOCHS)          # the run's, and the control's
    no_label_overlaps(phone)
    open_view(phone, "view=explore&mapk=tsne")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_typed_axes_are_drawn_when_the_epoch_changes(page, data):
    open_view(page, "view=axes&epoch=3")
    page.fill("#ax-x", "king − queen")
    page.fill("#ax-w", "france")
    page.click(".epochbtn[data-epoch='2']")
    assert "axp=own" in page.url and "epoch=2" in page.url and page.input_value("#ax-x") == "king − queen"
    assert [r[0] for r in table_rows(page)] == ["france"]
    page.click(".epochbtn[data-epoch='1']")                     # nothing pending: the axes stay
    assert "axp=own" in page.url and [r[0] for r in table_rows(page)] == ["france"]
