"""The package's shape: no import cycle, imports between its modules at the top, modules short
enough to read in one sitting."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "skipgram_np"


def _is_main_guard(node) -> bool:
    """``if __name__ == "__main__":`` (an entry point dispatching to a command is not a dependency)."""
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def package_imports(path: Path):
    """-> [(module imported, line, inside a function?)] for every import of a package module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if _is_main_guard(child):
                continue
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level == 1 or base.startswith("skipgram_np"):
                    base = base.removeprefix("skipgram_np").lstrip(".")
                    names = [base] if base else [a.name for a in child.names]
                    for name in names:
                        found.append((name.split(".")[0], child.lineno, inner))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("skipgram_np."):
                        found.append((alias.name.split(".")[1], child.lineno, inner))
            visit(child, inner)
    visit(tree, False)
    return found


def modules():
    return {p.stem: p for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def test_no_import_cycle():
    mods = modules()
    graph = {m: sorted({name for name, _, _ in package_imports(p) if name in mods and name != m})
             for m, p in mods.items()}
    state, stack = {}, []

    def dfs(m):
        state[m] = "open"
        stack.append(m)
        for n in graph[m]:
            if state.get(n) == "open":
                cycle = stack[stack.index(n):] + [n]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if n not in state:
                dfs(n)
        stack.pop()
        state[m] = "done"
    for m in graph:
        if m not in state:
            dfs(m)


def test_cycle_detector_finds_a_planted_cycle(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("from .b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from . import a\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    try:
        test_no_import_cycle()
    except AssertionError as exc:
        assert "a -> b -> a" in str(exc) or "b -> a -> b" in str(exc)
    else:
        raise AssertionError("the planted cycle was not found")


def test_package_modules_are_imported_at_the_top():
    lazy = [f"{p.name}:{line} imports {name} inside a function"
            for p in modules().values() for name, line, inner in package_imports(p) if inner]
    assert lazy == []


def test_modules_fit_one_sitting():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in modules().values()}
    assert sizes["train.py"] <= 400 and sizes["training.py"] <= 400, (sizes["train.py"], sizes["training.py"])
    assert {n: s for n, s in sizes.items() if s > 500} == {}
