"""The core never names a feature: not in an import, not in a comment. A feature plugs in through the
registry (mon_enfant.features) and the core only reads its declarations, so a site may install the core
alone and a third party may write a feature without editing the core."""

import re
from pathlib import Path

import mon_enfant

PACKAGE = Path(mon_enfant.__file__).resolve().parent


def feature_names():
    """The package's feature apps: its sub-packages with an apps.py (the core's own sub-packages have none)."""
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def core_files():
    yield from PACKAGE.glob("*.py")
    for folder in ("addresses", "management", "templates/mon_enfant"):
        yield from (path for path in (PACKAGE / folder).rglob("*") if path.suffix in (".py", ".html", ".txt"))


def test_the_package_has_features_to_keep_out_of_the_core():
    assert {"catchment", "fees"} <= set(feature_names())


def test_no_core_file_names_a_feature():
    pattern = re.compile(r"\b(" + "|".join(feature_names()) + r")\b", re.IGNORECASE)
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in core_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
