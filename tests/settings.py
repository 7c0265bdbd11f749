"""Settings of the test project: a small Wagtail site of its own, written for the tests (not borrowed
from ``example_site``), with the core app, both feature apps and the example feature of
``tests/example_feature`` (a third-party feature plugging in through the registry).

The demo host's page type (``example_site.home``: the home page whose StreamField embeds every tool, its
template and its ``load_demo`` command) stays installed: the browser tests walk the demo commune through
it and the demo loader is tested, so the tests exercise the host a commune would build. With it come the
host's templates, its menu context processor and its Content-Security-Policy (django-csp's middleware with
the host's ``CONTENT_SECURITY_POLICY``, which the browser tests rely on); the other settings and the URLs are
the test project's.

DATABASE_URL selects PostgreSQL; the default is a SQLite database (in memory for the tests).
"""

import os
from pathlib import Path

import dj_database_url

from example_site.settings import CONTENT_SECURITY_POLICY  # noqa: F401 (the demo host's strict CSP)

TESTS_DIR = Path(__file__).resolve().parent
BASE_DIR = TESTS_DIR.parent

SECRET_KEY = "tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

# The host's own apps (the demo host's page type, and django-csp for its strict CSP), then the package's apps
# in the order the README gives.
HOST_APPS = ["example_site.home", "csp"]
MON_ENFANT_APPS = ["mon_enfant", "mon_enfant.catchment", "mon_enfant.fees", "mon_enfant.menus", "mon_enfant.places",
                   "mon_enfant.faq", "mon_enfant.agenda", "mon_enfant.guichet",
                   "tests.example_feature"]
WAGTAIL_APPS = [
    "leaflet",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # The Django admin without autodiscovery: django-leaflet's admin module needs GDAL.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
INSTALLED_APPS = HOST_APPS + MON_ENFANT_APPS + WAGTAIL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The demo host's strict CSP: the browser tests check that no page needs an inline script or style.
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A database that is down answers a clear 503 page (and JSON on the API), not a server error.
    "mon_enfant.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The demo host's templates: its base.html (MON_ENFANT_BASE_TEMPLATE) and its home page's.
        "DIRS": [BASE_DIR / "example_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "example_site.home.context_processors.site_menu",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.config(default="sqlite://:memory:")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# The demo host's texts (its layout and error pages, which the browser tests render).
LOCALE_PATHS = [BASE_DIR / "example_site" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "test-static"
# The demo host's stylesheet, which its base template links: the browser tests see the pages as the demo shows them.
STATICFILES_DIRS = [BASE_DIR / "example_site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Site de test"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Mon enfant à l'école settings (see docs/settings.md).
MON_ENFANT_BASE_TEMPLATE = "base.html"
CSRF_FAILURE_VIEW = "mon_enfant.views.csrf_failure"
# Stamps read from the database on every request unless a test (or a test's subprocess, through the
# environment) gives a refresh delay: tests/core/test_stamps.py and tests/catchment/test_versions.py run
# both ways.
MON_ENFANT_REFRESH_SECONDS = float(os.environ.get("MON_ENFANT_REFRESH_SECONDS", "0"))

LEAFLET_CONFIG = {"DEFAULT_CENTER": (48.65, -2.0), "DEFAULT_ZOOM": 13}
