"""Test settings: the example site's settings (the package consumed as a commune would), with fast
password hashing. DATABASE_URL selects PostgreSQL; the default is SQLite."""

from example_site.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
