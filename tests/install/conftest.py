"""The install test runs only when asked for (``-m install``; ``make test`` does): it builds the wheel and
installs it with its dependencies into a fresh virtual environment, which takes about a minute."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "install" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="builds and installs the wheel: run with -m install (make test does)")
    for item in items:
        if "install" in item.keywords:
            item.add_marker(skip)
