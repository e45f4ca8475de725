import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
CHROMIUM = "/usr/bin/chromium"            # Debian's; a browser is never downloaded
LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def wikitext_dir():
    d = Path(os.environ.get("SKIPGRAM_NP_TEST_DATA", SHARED / "wikitext-2"))
    if not (d / "wiki.train.tokens").is_file():
        pytest.skip(f"real WikiText-2 not found at {d}")
    return d.resolve()                    # as a run records it (../shared/data may be a symlink)


@pytest.fixture(scope="session")
def eval_dir():
    d = Path(os.environ.get("SKIPGRAM_NP_TEST_EVAL", SHARED / "eval"))
    if not (d / "questions-words.txt").is_file():
        pytest.skip(f"evaluation sets not found at {d}")
    return d.resolve()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every page test (skipped without Playwright or Debian's chromium)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH)
        yield b
        b.close()


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def checkout(tmp_path_factory):
    """A fresh git repository holding the working tree's files (tracked and new, not ignored):
    what a clone of the next commit would hold."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        files = git("ls-files", "-co", "--exclude-standard", "-z", cwd=REPO).split("\0")
    except subprocess.CalledProcessError:
        pytest.skip("the repository is not a git checkout")
    dest = tmp_path_factory.mktemp("checkout") / "skipgram_np"
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "snapshot", cwd=dest)
    return dest
