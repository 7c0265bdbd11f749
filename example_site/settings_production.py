"""The example site in production (docs/deploy.md): PostgreSQL and Redis, DEBUG off, HTTPS only with the
security headers that ``manage.py check --deploy`` asks for, static files served by WhiteNoise, and every wait
on the database bounded, so that a database that stalls (it accepts connections, never answers) holds neither
the requests that need no database (catchment lookups, fee quotes) nor, beyond a few seconds, those that do.

    DJANGO_SETTINGS_MODULE=example_site.settings_production
    DJANGO_SECRET_KEY=...                     (required: 50 random characters or more)
    DJANGO_ALLOWED_HOSTS=ecoles.example.fr    (required: comma-separated)
    DATABASE_URL=postgres://user:password@db-host:5432/mon_enfant
    REDIS_URL=redis://127.0.0.1:6379/0

Served by gunicorn with ``example_site/gunicorn.conf.py`` (no query string in its access log), behind a proxy
that terminates TLS and sets ``X-Forwarded-Proto``. The other variables, with their defaults, are in
docs/deploy.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import DATABASES, MIDDLEWARE, VAR_DIR


def required(name, what):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment: {what} (docs/deploy.md).")
    return value


def flag(name, default):
    return os.environ.get(name, default) == "1"


DEBUG = flag("DJANGO_DEBUG", "0")
SECRET_KEY = required(
    "DJANGO_SECRET_KEY",
    "the site's secret key, 50 random characters or more, the same in every process (python -c \"from "
    "django.core.management.utils import get_random_secret_key; print(get_random_secret_key())\")")
ALLOWED_HOSTS = [host.strip() for host in required(
    "DJANGO_ALLOWED_HOSTS", "the host names the site answers to, comma-separated (ecoles.example.fr)").split(",")
    if host.strip()]

# --- HTTPS and security headers -------------------------------------------------------------------------
# The proxy in front (nginx) terminates TLS and says so in X-Forwarded-Proto, which it must set itself (never
# pass on the client's): Django then knows the request came over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected to HTTPS (0 where the proxy does it already, or on a loopback test server).
SECURE_SSL_REDIRECT = flag("DJANGO_SECURE_SSL_REDIRECT", "1")
# Strict-Transport-Security: browsers come back over HTTPS only, for a year by default. Start lower (3600)
# on a new host, raise it once HTTPS is known to work on every subdomain.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = flag("DJANGO_SECURE_HSTS_PRELOAD", "1")
# Cookies only over HTTPS (DJANGO_INSECURE_COOKIES=1 for a test over plain HTTP).
SESSION_COOKIE_SECURE = not flag("DJANGO_INSECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Django's defaults, said here as they are part of the policy: nosniff, no framing by other sites (the CSP's
# frame-ancestors says the same), the referrer's path kept on the site.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Static files: WhiteNoise ---------------------------------------------------------------------------
# Served by the application itself, right after SecurityMiddleware (so HTTPS redirects and HSTS apply to
# them): `collectstatic` writes each file under a hashed name with its gzip (and, with the brotli package,
# brotli) variant, which WhiteNoise serves with a far-future Cache-Control.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- PostgreSQL: every wait bounded ---------------------------------------------------------------------
# Seconds: connecting (the whole start-up, authentication included) and any one statement.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # libpq's own bound on the connection: a stalled server fails the request after this, and gunicorn's
        # worker timeout (30 s) is never reached.
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        # The server cancels a statement running longer than this (a lock held by a long import, a slow
        # disk): the request fails with an error instead of holding a worker.
        "options": f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
    })
    # A connection is opened per request that needs one (CONN_MAX_AGE 0 unless set): each such request
    # is bounded by connect_timeout; a request that needs no database opens none.

# The shared cache every process reads the version stamps from (mon_enfant/stamps.py): a warm catchment
# lookup or fee quote then makes no query at all. Redis keeps its own timeouts short for the same reason.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
}
MON_ENFANT_STAMP_CACHE = "shared"

# Rate limits (mon_enfant/ratelimit.py, docs/deploy.md), off unless the environment names some, counted in the
# shared Redis so that every process and host counts together:
#   MON_ENFANT_RATE_LIMITS="catchment_lookup=60/m catchment_streets=300/m fees_quote=60/m"
#   MON_ENFANT_RATE_LIMIT_CLIENT_HEADER=X-Forwarded-For   (behind a proxy that appends the client's address)
MON_ENFANT_RATE_LIMITS = {
    name: rate
    for name, _, rate in (item.partition("=") for item in os.environ.get("MON_ENFANT_RATE_LIMITS", "").split())
}
MON_ENFANT_RATE_LIMIT_CACHE = "shared"
MON_ENFANT_RATE_LIMIT_CLIENT_HEADER = os.environ.get("MON_ENFANT_RATE_LIMIT_CLIENT_HEADER") or None
MON_ENFANT_RATE_LIMIT_EXEMPT = os.environ.get("MON_ENFANT_RATE_LIMIT_EXEMPT", "").split()
# The site's own proxies in front of the workers (a load balancer, then nginx): skipped from the right.
MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES = os.environ.get("MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES", "").split()
