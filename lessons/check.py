"""Check an exercise:  python lessons/check.py NN  (NN: the lesson's number; no NN: list them)

Your functions in lessons/exercises/NN_*.py run on small random inputs next to the package's own
code (or, where the package has none, a reference solution). For the first thing that differs the
checker names the entry, what was expected and what you gave, and — when your answer equals what
a usual mistake gives (a flipped sign, a sum lost over repeated ids, a missing bias correction …)
— says which mistake. ``--reference`` runs the reference solutions instead of yours (they pass).

This file only finds and runs the checks: each exercise's checks, hints and reference solutions
sit beside its stub, in lessons/exercises/NN_name_check.py, and what they share (comparing,
reporting, the registry they add their checks to) is lessons/checking.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXERCISES = HERE / "exercises"
if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))          # the package, when it is not installed
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))                 # checking.py, which every check file imports

# (after the path is set: checking.py is found through it, so this import cannot go at the top)
from checking import CHECK_SUFFIX, REGISTRY, Crashed, Mismatch, NotDone, Result  # noqa: E402


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"exercise_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Loading a check file registers its checks (in its own order) with checking.REGISTRY.
CHECK_FILES = {path.name[:2]: load_module(path)
               for path in sorted(EXERCISES.glob(f"[0-9][0-9]_*{CHECK_SUFFIX}.py"))}
CHECKS: dict[str, list] = {number: [(name, check) for name, (check, _) in entries.items()]
                           for number, entries in REGISTRY.items()}   # "03" -> [(function name, check)]

# The references whose keyword flags make the usual mistakes (tests/test_exercises.py plants them).
reference_softmax = CHECK_FILES["05"].reference_softmax
reference_sgns = CHECK_FILES["08"].reference_sgns
reference_adam = CHECK_FILES["11"].reference_adam
reference_ppmi = CHECK_FILES["14"].reference_ppmi


def reference_functions() -> dict:
    """number -> {function name: reference implementation}: what --reference checks."""
    return {number: {name: reference for name, (_, reference) in entries.items()}
            for number, entries in REGISTRY.items()}


def exercise_file(number: str) -> Path:
    """lessons/exercises/NN_name.py: the learner's stub, never the NN_name_check.py beside it."""
    found = [path for path in sorted(EXERCISES.glob(f"{number}_*.py")) if not path.stem.endswith(CHECK_SUFFIX)]
    if not found:
        raise SystemExit(f"no exercise for lesson {number}; there are: {', '.join(sorted(CHECKS))}")
    return found[0]


def run(number: str, functions: dict | None = None, module=None, log=print) -> list[Result]:
    """Check lesson ``number``'s exercise: ``functions`` {name: fn} if given, else the functions of
    ``module`` (else of lessons/exercises/NN_*.py). Prints one block per function."""
    if number not in CHECKS:
        raise SystemExit(f"no exercise for lesson {number}; there are: {', '.join(sorted(CHECKS))}")
    where = "the reference solutions"
    if functions is None:
        if module is None:
            path = exercise_file(number)
            try:
                module = load_module(path)
            except Exception as exc:                      # noqa: BLE001 — the learner's file
                log(f"ERROR {path.relative_to(HERE.parent)} does not load: {type(exc).__name__}: {exc}")
                return [Result(path.name, "ERROR", str(exc))]
            where = str(path.relative_to(HERE.parent))
        functions = {name: getattr(module, name, None) for name, _ in CHECKS[number]}
    results = []
    for name, check in CHECKS[number]:
        fn = functions.get(name)
        if fn is None:
            res = Result(name, "ERROR", f"{where} has no function {name}")
        else:
            try:
                res = Result(name, "PASS", check(fn, module))
            except NotDone:
                res = Result(name, "TODO", f"not written yet (the stub raises NotImplementedError): "
                                           f"fill in {name} in {where}")
            except Crashed as exc:
                res = Result(name, "ERROR", f"your {name} raised {exc}")
            except Mismatch as exc:
                res = Result(name, "FAIL", str(exc))
        results.append(res)
        log(f"{res.status:<5} {name}: {res.message}")
    return results


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Check a lesson's exercise against the reference.")
    p.add_argument("lesson", nargs="?", help="the lesson number: " + ", ".join(sorted(CHECKS)))
    p.add_argument("--reference", action="store_true", help="check the reference solutions instead")
    args = p.parse_args(argv)
    if not args.lesson:
        for number in sorted(CHECKS):
            print(f"{number}: {exercise_file(number).relative_to(HERE.parent)}  "
                  f"({', '.join(name for name, _ in CHECKS[number])})")
        return 0
    number = args.lesson.zfill(2)
    results = run(number, reference_functions().get(number) if args.reference else None)
    passed = sum(r.status == "PASS" for r in results)
    print(f"{passed} of {len(results)} passed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
