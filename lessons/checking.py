"""What every exercise check shares: how a failure is reported, how the learner's function is
called, how an answer is compared with the expected one (and with what usual mistakes give), and
the registry the check files (lessons/exercises/NN_name_check.py) add their checks to."""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RTOL, ATOL = 1e-5, 1e-8
CHECK_SUFFIX = "_check"              # lessons/exercises/03_keep_prob_check.py checks 03_keep_prob.py


# ----------------------------------------------------------------------------------- reporting
class Mismatch(Exception):
    """The learner's answer differs; the message says where and, if known, why."""


class NotDone(Exception):
    """The stub still raises NotImplementedError."""


class Crashed(Exception):
    """The learner's function raised; the message holds the error and the line."""


@dataclass
class Result:
    name: str
    status: str          # "PASS", "FAIL", "TODO" or "ERROR"
    message: str


def call(fn, *args):
    """fn(*args), turning the stub's NotImplementedError and any crash into readable failures."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise NotDone() from None
    except Exception as exc:                   # noqa: BLE001 — the learner's code crashed
        code = getattr(fn, "__code__", None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if "exercises" in f.filename or (code is not None and f.filename == code.co_filename)]
        where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
        raise Crashed(f"{type(exc).__name__}: {exc}{where}") from None


# ----------------------------------------------------------------------------------- comparing
def _fmt(x) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else repr(x)


def first_difference(name, got, expected, rtol=RTOL, atol=ATOL) -> str | None:
    """None when got matches expected; else one line naming the first differing entry."""
    expected = np.asarray(expected, dtype=np.float64)
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"{name} should be an array of numbers, got {type(got).__name__}"
    if got.shape != expected.shape:
        return f"{name} has shape {got.shape}, expected {expected.shape}"
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return None
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    where = f"{name}[{', '.join(map(str, idx))}]" if idx else name
    return (f"{where}: expected {_fmt(expected[idx])}, got {_fmt(got[idx])}"
            + (f"  ({int(bad.sum())} of {bad.size} entries differ)" if bad.size > 1 else ""))


def same(got, other, rtol=RTOL, atol=ATOL) -> bool:
    try:
        got, other = np.asarray(got, dtype=np.float64), np.asarray(other, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == other.shape and bool(np.allclose(got, other, rtol=rtol, atol=atol, equal_nan=True))


def compare(name, got, expected, mistakes=(), rtol=RTOL, atol=ATOL) -> None:
    """Raise Mismatch naming the first wrong entry, with the hint of the first mistake whose
    result equals the learner's. ``mistakes``: [(hint, what that mistake gives)]."""
    message = first_difference(name, got, expected, rtol, atol)
    if message is None:
        return
    for hint, wrong in mistakes:
        if same(got, wrong, rtol, atol):
            message += f"\n    hint: {hint}"
            break
    raise Mismatch(message)


# ----------------------------------------------------------------------------------- registry
REGISTRY: dict[str, dict] = {}         # "07" -> {function name: (its check, its reference solution)}


def exercise(number: str, name: str, reference):
    """Register the decorated check of lesson ``number``'s function ``name``, with the reference
    solution that ``--reference`` checks. Checks run in the order their check file registers them."""
    def register(check):
        REGISTRY.setdefault(number, {})[name] = (check, reference)
        return check
    return register


def number_of(check_file: str) -> str:
    """The exercise number of a check file, from its name: exercises/07_alias_table_check.py -> "07"
    (so that renumbering the lessons renumbers their checks)."""
    return Path(check_file).name[:2]
