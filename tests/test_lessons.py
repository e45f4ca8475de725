"""Every lesson runs to the end in quick mode, in a fresh checkout, prints its checks as PASS and
leaves `git status` clean."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("[0-9][0-9]_*.py"))
NEEDS_EVAL = {"12", "14", "15", "16"}     # lessons that score vectors on the evaluation sets
CHECK_LINE = re.compile(r"^CHECK (.+?): (.+)  \(expected (.+), (quick|full) settings\)  (PASS|FAIL)$", re.M)
# 13_comparing_epochs.py is being rewritten around a shuffled-text control run (issue 30 leaves its
# content to that change); its prediction comes with it. Remove it from here when it lands.
PREDICTION_PENDING = set()


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def lesson_env(wikitext_dir, eval_dir=None, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKIPGRAM_NP_")}
    env.update(SKIPGRAM_NP_DATA_DIR=str(wikitext_dir), **extra)
    if eval_dir is not None:
        env["SKIPGRAM_NP_EVAL_DIR"] = str(eval_dir)
    return env


def checks_of(output: str) -> list:
    """The printed checks: [(label, value, expected, mode, verdict)]."""
    return CHECK_LINE.findall(output)


def assert_checks_pass(output: str, mode: str = "quick"):
    found = checks_of(output)
    assert found, "the lesson printed no CHECK line"
    assert all(m == mode for *_, m, _ in found), found
    failed = [c for c in found if c[-1] != "PASS"]
    assert not failed, failed


def assert_clean(checkout):
    assert git("status", "--porcelain", "--untracked-files=all", cwd=checkout) == ""


def test_eighteen_lessons_in_order_each_a_notebook_with_a_formula_and_a_next_step():
    assert [p.name[:2] for p in LESSONS] == [f"{i:02d}" for i in range(1, 19)]
    for p in LESSONS:
        text = p.read_text()
        assert text.startswith(f"# %% [markdown]\n# # Lesson {int(p.name[:2])} "), p.name
        first_cell = text.split("\n# %%\n")[0]
        assert re.search(r"^#     \S.*[=≈∝←]", first_cell, re.M), f"{p.name}: no formula in its first cell"
        assert "## Try next" in text and "__doc__" not in text, p.name
        assert "../shared" not in text and "allow_pickle=True" not in text, p.name


def cells(text: str) -> list[str]:
    """A percent-format lesson's cells, in order (each starts with its # %% line)."""
    return re.split(r"(?m)^(?=# %%)", text)[1:]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_asks_before_it_shows(lesson):
    """At least one predict() per lesson; each in a code cell of its own making (the learner's
    guess = … is in it), answered by reveal() with the same key in a later cell."""
    if lesson.stem in PREDICTION_PENDING:
        pytest.skip("its prediction comes with the lesson's rewrite")
    parts = cells(lesson.read_text())
    asked = {m: i for i, cell in enumerate(parts) for m in re.findall(r'predict\(\s*"([^"]+)"', cell)}
    answered = {m: i for i, cell in enumerate(parts) for m in re.findall(r'reveal\(\s*"([^"]+)"', cell)}
    assert asked, f"{lesson.name} asks for no prediction"
    for key, i in asked.items():
        assert "guess = None" in parts[i], f"{lesson.name}: the cell asking {key!r} has no guess = … for the learner"
        assert key in answered, f"{lesson.name}: {key!r} is asked but never answered"
        assert answered[key] > i, f"{lesson.name}: {key!r} is answered in cell {answered[key]}, asked in cell {i}"
        assert parts[i - 1].startswith("# %% [markdown]") and "Predict" in parts[i - 1], \
            f"{lesson.name}: the question {key!r} has no marked '### Predict' cell before it"


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_one_idea_per_lesson_at_most_four_sections(lesson):
    """One idea per lesson: at most four numbered sections (## 1. …) of new material."""
    sections = re.findall(r"(?m)^# ## (\d+)\.", lesson.read_text())
    assert len(sections) <= 4, f"{lesson.name} has {len(sections)} sections"


def assert_asked_before_answered(output: str, name: str):
    """In a lesson's output every ANSWER [key] comes after its PREDICT [key]."""
    lines = output.splitlines()
    asked = {m.group(1): i for i, line in enumerate(lines) if (m := re.match(r"PREDICT \[(.+?)\]", line))}
    answered = {m.group(1): i for i, line in enumerate(lines) if (m := re.match(r"ANSWER \[(.+?)\]", line))}
    assert set(asked) == set(answered), (name, asked, answered)
    assert all(answered[k] > asked[k] for k in asked), (name, asked, answered)


def assert_toy_sentence_matches_its_distance(output: str):
    """Lesson 17's toy: the sentence about where king − man + woman lands follows the distance it
    prints (it once said "lands exactly on queen" and printed 0.211 beside it)."""
    exact = "the tip lands exactly on queen" in output
    miss = re.search(r"queen is (\d+\.\d+) from the tip", output)
    assert exact != bool(miss), output[:2000]
    answer = float(re.search(r"^ANSWER \[toy tip\] (\d+\.\d+)", output, re.M).group(1))
    if miss:
        assert float(miss.group(1)) == answer and answer >= 0.0005
    else:
        assert answer < 0.0005


OUTPUT_CHECKS = {"17": assert_toy_sentence_matches_its_distance}


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_quick_in_a_fresh_checkout(lesson, checkout, wikitext_dir, request):
    number = lesson.name[:2]
    eval_dir = request.getfixturevalue("eval_dir") if number in NEEDS_EVAL else None
    r = subprocess.run([sys.executable, f"lessons/{lesson.name}", "--quick"], cwd=checkout,
                       env=lesson_env(wikitext_dir, eval_dir), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    assert_checks_pass(r.stdout)
    assert_asked_before_answered(r.stdout, lesson.name)
    if number in OUTPUT_CHECKS:
        OUTPUT_CHECKS[number](r.stdout)
    assert_clean(checkout)                               # figures and runs went to runs/ (ignored)
    figures = [Path(line.split("] ", 1)[1]) for line in r.stdout.splitlines() if line.startswith("[figure] ")]
    for f in figures:
        assert f.is_file() and (checkout / "runs" / "lessons" / "figures") in f.parents, f


def test_missing_data_is_one_line_and_a_relative_folder_works_from_lessons(tmp_path, checkout, wikitext_dir):
    env = lesson_env(tmp_path / "nowhere", SKIPGRAM_NP_CACHE=str(tmp_path / "cache"),
                     SKIPGRAM_NP_MIRROR="http://127.0.0.1:9/")         # no data, nothing to fetch from
    r = subprocess.run([sys.executable, "lessons/01_data.py", "--quick"], cwd=checkout, env=env,
                       capture_output=True, text=True, timeout=120)
    lines = r.stderr.strip().splitlines()
    assert r.returncode != 0 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "SKIPGRAM_NP_DATA_DIR" in lines[0]
    # exported from the repository root, used from lessons/ (where a notebook runs): still found
    relative = os.path.relpath(wikitext_dir, checkout)
    r = subprocess.run([sys.executable, "01_data.py", "--quick"], cwd=checkout / "lessons",
                       env=lesson_env(relative), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]


def test_committed_figures_need_the_flag_and_the_full_settings(checkout, wikitext_dir):
    r = subprocess.run([sys.executable, "lessons/02_vocabulary.py", "--quick", "--update-committed-figures"],
                       cwd=checkout, env=lesson_env(wikitext_dir), capture_output=True, text=True)
    assert r.returncode == 2 and "full settings" in r.stderr and "Traceback" not in r.stderr
    assert_clean(checkout)


def test_committed_figures_are_the_lessons_own():
    """figures/lessons/ holds exactly what the lessons write with --update-committed-figures."""
    written = set()
    for p in LESSONS:
        text = p.read_text()
        written |= set(re.findall(r'save\(fig, args, "([^"]+)"\)', text))
        written |= {f"{m}/" for m in re.findall(r'out=f"\{args\.figures\}/(\w+)"', text)}
    committed = {p.name if p.is_file() else p.name + "/" for p in (REPO / "figures" / "lessons").iterdir()}
    assert committed == written
