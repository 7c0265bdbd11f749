"""Settings of the example site: a small Wagtail project consuming Mon enfant à l'école exactly as a
commune's own site would. The database comes from DATABASE_URL (default: a SQLite file in var/)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-site-not-secret-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "example_site.home",
    # Mon enfant à l'école: the core app, then one app per feature.
    "mon_enfant",
    "mon_enfant.catchment",
    "mon_enfant.fees",
    "mon_enfant.menus",
    "mon_enfant.places",
    "mon_enfant.faq",
    "mon_enfant.agenda",
    "mon_enfant.guichet",
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
    "csp",  # django-csp: its system checks
    # The Django admin without autodiscovery: django-leaflet's admin module needs GDAL.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A database that is down answers a clear 503 page (and JSON on the API), not a server error.
    "mon_enfant.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# The example host's own texts (its layout, 404 and 500 pages); the package brings its own catalogue.
LOCALE_PATHS = [BASE_DIR / "example_site" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "example_site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Ville de démonstration"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Mon enfant à l'école settings (see docs/settings.md).
MON_ENFANT_BASE_TEMPLATE = "base.html"
CSRF_FAILURE_VIEW = "mon_enfant.views.csrf_failure"
# Each process checks at most once a second whether the catchment rules or fee grids changed
# (mon_enfant/stamps.py); 0 checks on every request.
MON_ENFANT_REFRESH_SECONDS = float(os.environ.get("MON_ENFANT_REFRESH_SECONDS", "1"))

# A strict Content-Security-Policy for the public pages, as a commune's site should send (django-csp): no
# inline script or style may run, which the browser tests check on every public page. The Wagtail admin
# keeps its own rules (it needs inline scripts and styles).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The services map's tiles (OpenStreetMap's, django-leaflet's default).
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org", "https://*.tile.openstreetmap.org"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (48.65, -2.0),
    "DEFAULT_ZOOM": 13,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
