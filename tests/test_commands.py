"""Every command works from any working folder, including the one above a clone of this repository
named after the package (the root of such a clone must never be taken for the package)."""
import subprocess
import sys

import pytest

COMMANDS = ["train", "query", "evaluate", "figures", "explore"]


@pytest.fixture
def above_a_clone(tmp_path):
    """A folder holding 'skipgram_np/', shaped like a clone of this repository after a run: its
    runs/ and figures/ folders would hide skipgram_np.runs and skipgram_np.figures if the clone's
    root were imported as a namespace package."""
    clone = tmp_path / "skipgram_np"
    for sub in ("runs/adam-e10-d100", "figures/lessons", "lessons/exercises", "tests", "explorer"):
        (clone / sub).mkdir(parents=True)
    (clone / "README.md").write_text("a clone\n")
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_from_the_folder_above_a_clone(above_a_clone, command):
    r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", "--help"], cwd=above_a_clone,
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("usage: python -m skipgram_np."), r.stderr
    if command != "train":
        more = ["neighbors", "king"] if command == "query" else []
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", "skipgram_np/runs/none", *more],
                           cwd=above_a_clone, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and "is not a folder" in lines[0], r.stderr


def test_the_package_is_the_installed_one_from_above_a_clone(above_a_clone):
    r = subprocess.run([sys.executable, "-c", "import skipgram_np.runs as r; print(r.__file__)"],
                       cwd=above_a_clone, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip().endswith("runs.py"), r.stdout + r.stderr
