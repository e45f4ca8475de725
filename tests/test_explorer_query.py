"""One universe (issue 28): on a real run with its control, the page and `python -m skipgram_np.query` print
the same ranks, percentiles, verdicts and answers for king · queen, january · february, france's
neighbours and king − man + woman at epochs 0, 2 and the last — the page's numbers read in Debian's
Chromium, query's parsed from its output, each run with the command the page itself names.

The run: a small one on the first 200,000 tokens of WikiText-2 (10 epochs, checkpoints 0, 2, 10), or
the finished run with a control that SKIPGRAM_NP_TEST_RUN names (e.g. a default run)."""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_explorer import open_view, query_rows, watched

from skipgram_np import explore, prepare, training
from skipgram_np.config import Config

RUN = os.environ.get("SKIPGRAM_NP_TEST_RUN")
EPOCHS = ("0", "2")                      # and the last


@pytest.fixture(scope="module")
def real(tmp_path_factory, wikitext_dir, eval_dir):
    out = tmp_path_factory.mktemp("real_page")
    if RUN:
        folder = Path(RUN)
    else:
        folder = out / "run"
        cfg = Config(max_tokens=200_000, epochs=10, checkpoints=(0, 2)).validate()
        corpus = prepare.load_corpus(cfg, data_dir=wikitext_dir, progress=False, log=lambda *a: None)
        training.train(cfg, corpus, folder, progress=False, log=lambda *a: None, quality=None)
    page = explore.write_explorer(folder, questions_file=eval_dir / "questions-words.txt", out=out / "explorer.html")
    return folder, page


@pytest.fixture
def page(browser, real):
    pg = watched(browser.new_page(viewport={"width": 1400, "height": 900}), real[1])
    yield pg
    assert pg.errors == [], pg.errors
    pg.close()


def run_shown(pg, selector) -> str:
    """Run the query command the page shows in ``selector``; its output."""
    words = shlex.split(pg.text_content(selector))
    assert words[:3] == ["python", "-m", "skipgram_np.query"]
    return subprocess.run([sys.executable, *words[1:]], capture_output=True, text=True, check=True).stdout


def neighbour_blocks(text) -> dict:
    """query neighbors' lists: {epoch: [(word, cosine as printed, verdict)]}."""
    blocks, epoch = {}, None
    for line in text.splitlines():
        head = re.match(r"^epoch (\d+)", line)
        if head and " nearest are " not in line:
            epoch = head.group(1)
            blocks[epoch] = []
        row = re.match(r"^\s+\d+\s+(\S+)\s+(-?\d\.\d{3})\s+(beyond chance|within chance)\s+seen", line)
        if row and epoch is not None:
            blocks[epoch].append(row.groups())
    return blocks


def analogy_columns(text, epochs) -> tuple[dict, dict]:
    """query analogy's table: ({epoch: [(word, score as printed)] × 5}, {epoch: the control's first answer})."""
    lines = text.splitlines()
    cells = [re.findall(r"(\S+) (-?\d+\.\d{3})", line) for line in lines]
    rows = [row for row, line in zip(cells, lines) if len(row) == len(epochs) and "<- the control" not in line]
    answers = {e: [row[k] for row in rows] for k, e in enumerate(epochs)}
    theirs = next(row for row, line in zip(cells, lines) if "<- the control" in line)
    return answers, dict(zip(epochs, theirs))


def test_the_page_prints_what_query_prints(page, real):
    from skipgram_np.runs import load_run
    epochs = [str(e) for e in sorted(load_run(real[0]))]
    shown = [e for e in epochs if e in EPOCHS] + [epochs[-1]]
    for a, b in (("king", "queen"), ("january", "february")):
        open_view(page, f"view=similarity&a={a}&b={b}")
        assert "--among" not in page.text_content("#sim-universe code")
        rows = query_rows(*shlex.split(page.text_content("#sim-universe code"))[3:])
        for e in shown:
            open_view(page, f"view=similarity&a={a}&b={b}&epoch={e}")
            cos, pct, rab, rba, related = rows[int(e)]
            assert page.text_content("#sim-value").replace("−", "-") == cos, (a, b, e)
            assert page.text_content("#sim-pct") == f"{pct} %", (a, b, e)
            assert page.text_content("#sim-rank-ab") == f"no. {rab:,}"
            assert page.text_content("#sim-rank-ba") == f"no. {rba:,}"
            assert page.text_content("#sim-result .tag").startswith("related") == related, (a, b, e)
    # france's neighbours, then those seen at least 50 times: the lists and their verdicts among those words only
    for seen in ("", "&min=50"):
        open_view(page, f"view=neighbors&word=france{seen}")
        assert ("--min-count 50" in page.text_content("#nb-universe code")) == bool(seen)
        lists = neighbour_blocks(run_shown(page, "#nb-universe code"))
        for e in shown:
            open_view(page, f"view=neighbors&word=france{seen}&epoch={e}")
            mine = page.locator("#nb-table tr[data-word]").evaluate_all(
                "rows => rows.map(r => [r.dataset.word, r.children[3].textContent, r.children[5].textContent])")
            assert [tuple(x) for x in mine] == lists[e], (seen, e)
    open_view(page, "view=analogy&qa=king&qb=man&qc=woman&qd=queen")
    answers, theirs = analogy_columns(run_shown(page, "#an-universe code"), epochs)
    for e in shown:
        open_view(page, f"view=analogy&qa=king&qb=man&qc=woman&qd=queen&epoch={e}")
        mine = page.locator("#an-table tr:has(td)").evaluate_all(
            "rows => rows.map(r => [r.children[1].textContent, r.children[2].textContent])")
        assert [tuple(x) for x in mine] == answers[e], e
        control = page.locator(f"#an-epochs-table tr[data-epoch='{e}'] td.ctl").first.text_content()
        assert control == f"{theirs[e][0]} ({theirs[e][1]})", e
