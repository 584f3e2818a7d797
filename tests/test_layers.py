"""The dependency arrows run one way, and no lab module imports another in a loop.

    cli → runner → labs → (sweep, tuning, models, training) → library → autograd
    runner → report → (atomic files)

Every import in the package is read from the source (type-checking-only and
function-level imports included), so an arrow drawn "only for the types" counts.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gradschool"

# The layer of each top-level part of the package: a module may import its own
# layer or lower ones, never a higher one. The report sits beside the labs but
# may not import them (nor may the labs import the report): see ALSO_FORBIDDEN.
LAYERS = {
    "atomic": 0, "jsonfiles": 0, "random": 0, "autograd": 1, "scalar": 1,
    "nn": 2, "optim": 2, "data": 2, "linalg": 2, "viz": 2, "serialization": 2,
    "__init__": 3, "__main__": 7, "models": 3, "training": 3, "sweep": 3, "tuning": 3,
    "labs": 4, "report": 4, "runner": 5, "exercises": 5, "cli": 6,
}
ALSO_FORBIDDEN = {("report", "labs"), ("labs", "report")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every gradschool module `path` imports, relative imports resolved.

    `from pkg import sub` counts as importing the module `pkg.sub` only, when
    `sub` is a module: its package is initialised first whoever imports it.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = set(all_modules())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            subs = {f"{base}.{a.name}" for a in node.names} & known
            found.update(subs)
            if len(subs) < len(node.names):  # some names are the package's own
                found.add(base)
    return {m for m in found if m == "gradschool" or m.startswith("gradschool.")}


def top_part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def test_no_module_imports_a_higher_layer():
    modules = all_modules()
    wrong = []
    for name, path in modules.items():
        part = top_part(name)
        for target in imported_modules(path):
            other = top_part(target)
            if other == part:
                continue
            if LAYERS[other] > LAYERS[part] or (part, other) in ALSO_FORBIDDEN:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_no_two_lab_modules_import_each_other_in_a_loop():
    modules = {n: p for n, p in all_modules().items() if n.startswith("gradschool.labs")}
    graph = {n: {t for t in imported_modules(p) if t in modules and t != n}
             for n, p in modules.items()}
    cycles = []
    for start in graph:  # a cycle through `start`: `start` reachable from its own imports
        stack, seen = list(graph[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                cycles.append(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(graph[node])
    assert not cycles, f"lab modules in an import loop: {sorted(cycles)}"


def test_the_checks_see_the_arrows_they_forbid():
    """A loop and an upward arrow, written out, are caught by the same reading of imports."""
    labs = {n: imported_modules(p) for n, p in all_modules().items()
            if n.startswith("gradschool.labs.")}
    assert any("gradschool.labs.contract" in targets for targets in labs.values())
    runner = imported_modules(PACKAGE / "runner" / "plan.py")
    assert "gradschool.labs" in runner and LAYERS["labs"] < LAYERS["runner"]
