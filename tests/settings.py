"""Test settings: the example site's settings (the package consumed as a commune would), with fast
password hashing. DATABASE_URL selects PostgreSQL; the default is SQLite."""

import os

from example_site.settings import *  # noqa: F401,F403

# Stamps read from the database unless a test (or a test's subprocess, through the environment) gives a
# mirror directory: tests/core/test_stamps.py and tests/catchment/test_versions.py run both ways.
MON_ENFANT_STAMP_DIR = os.environ.get("MON_ENFANT_STAMP_DIR") or None

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
