"""Layering of the catchment feature: imports go one way, and the pure logic knows nothing of Django.

The import graph is read from the source (``ast``): the module-level imports (what a module needs to
load), and, for the stricter check, the imports inside functions too (a function-level import that closes
a loop hides a cycle rather than removing it). Run alone, the cycle checks are::

    python -m pytest -q tests/unit/test_catchment_layering.py -k cycle
"""

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2] / "mon_enfant"
CATCHMENT = "mon_enfant.catchment"


def _module_name(path):
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {_module_name(path): path for path in PACKAGE_ROOT.rglob("*.py") if "migrations" not in path.parts}


def _top_level_imports(name, path, known, everywhere=False):
    """The package modules ``name`` imports when it is loaded (``from x import y`` counts ``x.y`` when
    ``y`` is a module); with ``everywhere``, also those its functions import when they run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in (ast.walk(tree) if everywhere else tree.body):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(everywhere=False):
    modules = _modules()
    return {name: _top_level_imports(name, path, modules, everywhere) for name, path in modules.items()}


def find_cycle(graph):
    """One import cycle as a list of modules, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return stack[stack.index(successor):] + [successor]
            if successor not in state:
                cycle = visit(successor)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_package_has_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_the_package_has_no_import_cycle_even_through_imports_inside_functions():
    assert find_cycle(import_graph(everywhere=True)) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_catchment_models_import_nothing_above_them():
    imported = import_graph()[f"{CATCHMENT}.models"]
    feature_modules = {name for name in imported if name.startswith(CATCHMENT)}
    assert feature_modules <= {CATCHMENT, f"{CATCHMENT}.logic", f"{CATCHMENT}.logic.rules"}


@pytest.mark.parametrize("module", sorted(name for name in _modules() if name.startswith(f"{CATCHMENT}.logic")))
def test_the_catchment_logic_imports_no_django(module):
    source = _modules()[module].read_text(encoding="utf-8")
    tree = ast.parse(source)
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name.split(".")[0] in {"django", "wagtail", "ninja"}]
