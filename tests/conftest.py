import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def wikitext_dir():
    d = Path(os.environ.get("SKIPGRAM_NP_TEST_DATA", SHARED / "wikitext-2"))
    if not (d / "wiki.train.tokens").is_file():
        pytest.skip(f"real WikiText-2 not found at {d}")
    return d


@pytest.fixture(scope="session")
def eval_dir():
    d = Path(os.environ.get("SKIPGRAM_NP_TEST_EVAL", SHARED / "eval"))
    if not (d / "questions-words.txt").is_file():
        pytest.skip(f"evaluation sets not found at {d}")
    return d
