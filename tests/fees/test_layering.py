"""The fee feature's layering: imports go one way (logic ← models ← services ← forms ← pages, blocks, api,
wagtail_hooks), with no cycle, counting the imports inside functions too (they hide cycles, not remove them)."""

import ast
from pathlib import Path

import pytest

import mon_enfant.fees

PACKAGE = "mon_enfant.fees"
ROOT = Path(mon_enfant.fees.__file__).parent


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def _imports(path):
    """The package's modules that ``path`` imports, anywhere in the file."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            if base != PACKAGE:
                found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph():
    modules = {_module_name(path): path for path in ROOT.rglob("*.py") if "migrations" not in path.parts}
    return {name: sorted(imported for imported in _imports(path) if imported in modules and imported != name)
            for name, path in modules.items()}


def test_the_fee_package_has_no_import_cycle():
    graph = _graph()
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            cycle = trail[trail.index(name):] + [name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        state[name] = "open"
        for imported in graph[name]:
            visit(imported, [*trail, name])
        state[name] = "done"

    for name in graph:
        visit(name, [])


@pytest.mark.parametrize(("module", "allowed"), [
    ("logic", set()),
    ("wording", {"logic"}),
    ("models", {"logic", "wording"}),
    ("services", {"logic", "models", "wording"}),
    ("forms", {"logic", "models", "services", "wording"}),
])
def test_each_layer_imports_only_the_layers_below_it(module, allowed):
    imported = {name.removeprefix(f"{PACKAGE}.") for name in _graph()[f"{PACKAGE}.{module}"]}
    assert imported <= allowed


def test_the_logic_imports_no_django():
    imported = _imports(ROOT / "logic.py")
    assert not {name for name in imported if name.split(".")[0] in ("django", "wagtail", "mon_enfant")}
