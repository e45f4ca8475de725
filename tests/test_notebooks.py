"""Every lesson opens as a notebook (jupytext) and runs top to bottom under a Jupyter kernel
(nbclient) with the quick settings, printing its checks as PASS and showing its figures inline."""
import time

import pytest
from test_lessons import LESSONS, NEEDS_EVAL, assert_checks_pass, assert_clean, lesson_env

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

BUDGET_SECONDS = 60          # per lesson, kernel start included (quick lessons take ≤ 10 s)


STRAY = ("np.True_", "np.False_", "PosixPath", "Warning")


def stray_outputs(nb) -> list[str]:
    """What a notebook shows that nobody meant to show: a cell's last value echoed as text (a check's
    True, a saved figure's path), warnings, and any np.True_ / PosixPath / Warning in the text."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind, data = out.get("output_type"), out.get("data", {})
            if kind == "execute_result" and set(data) <= {"text/plain"}:
                found.append(f"cell {i}: echoed value {data.get('text/plain', '')!r}")
            text = out.get("text", "") + data.get("text/plain", "")
            if kind == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i}: stderr {text[:200]!r}")
            elif any(word in text for word in STRAY):
                found.append(f"cell {i}: {text[:200]!r}")
    return found


def outputs(nb):
    """All printed text and the number of images of an executed notebook."""
    text, images = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text.append(out["text"])
            elif out.get("output_type") in ("display_data", "execute_result"):
                images += "image/png" in out.get("data", {})
            elif out.get("output_type") == "error":
                text.append(f"ERROR {out['ename']}: {out['evalue']}")
    return "".join(text), images


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_as_a_notebook(lesson, checkout, wikitext_dir, request, monkeypatch):
    number = lesson.name[:2]
    eval_dir = request.getfixturevalue("eval_dir") if number in NEEDS_EVAL else None
    for key, value in lesson_env(wikitext_dir, eval_dir, SKIPGRAM_NP_QUICK="1").items():
        monkeypatch.setenv(key, value)                   # the kernel inherits the environment
    nb = jupytext.read(checkout / "lessons" / lesson.name)
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 3
    assert sum(c.cell_type == "code" for c in nb.cells) >= 2
    start = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=BUDGET_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(checkout / "lessons")}}).execute()
    seconds = time.perf_counter() - start
    text, images = outputs(nb)
    assert "ERROR" not in text and "Traceback" not in text, text[-3000:]
    assert not stray_outputs(nb), stray_outputs(nb)
    assert "settings: quick" in text
    assert_checks_pass(text)
    source = lesson.read_text()
    if "save(fig" in source or "show_image(" in source:  # the lesson's figures show inline
        assert images >= 1
    assert seconds < BUDGET_SECONDS
    assert_clean(checkout)
