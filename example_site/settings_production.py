"""The example site in production (docs/deploy.md): PostgreSQL and Redis, DEBUG off, and every wait on the
database bounded, so that a database that stalls (it accepts connections, never answers) holds neither the
requests that need no database (catchment lookups, fee quotes) nor, beyond a few seconds, those that do.

    DJANGO_SETTINGS_MODULE=example_site.settings_production
    DATABASE_URL=postgres://user:password@db-host:5432/mon_enfant
    REDIS_URL=redis://127.0.0.1:6379/0
    DJANGO_SECRET_KEY=...  DJANGO_ALLOWED_HOSTS=ecoles.example.fr

Served by gunicorn with ``example_site/gunicorn.conf.py`` (no query string in its access log).
"""

import os

from .settings import *  # noqa: F403
from .settings import DATABASES

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

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

SESSION_COOKIE_SECURE = os.environ.get("DJANGO_INSECURE_COOKIES", "0") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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
