"""Settings of the core-only test run: the test project with the core app alone, no feature installed
(no catchment, no fees, no example feature) and no demo host, so nothing can lean on a feature's tables
or code. ``make test`` runs ``tests/core_only/`` with it:

    pytest --ds tests.settings_core

(``tests/conftest.py`` then collects ``tests/core_only/`` only, and the default run leaves it out.)
"""

from tests.settings import *  # noqa: F401,F403
from tests.settings import BASE_DIR, TEMPLATES, WAGTAIL_APPS

INSTALLED_APPS = ["mon_enfant", *WAGTAIL_APPS]
TESTS_CORE_ONLY = True  # read by tests/conftest.py to collect tests/core_only/ only

# The core-only host: a plain base template of its own, no demo host's menu.
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [BASE_DIR / "tests" / "core_only" / "templates"],
        "OPTIONS": {
            "context_processors": [
                processor for processor in TEMPLATES[0]["OPTIONS"]["context_processors"]
                if not processor.startswith("example_site.")
            ],
        },
    }
]
# Nor the demo host's CSP (django-csp's middleware).
MIDDLEWARE = [middleware for middleware in MIDDLEWARE  # noqa: F405
              if not middleware.startswith(("example_site.", "csp."))]
