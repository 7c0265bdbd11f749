"""App settings with their defaults, gathered in one place.

Every setting is read through :func:`get_setting` so a host project only overrides what it needs in its
own ``settings.py``. The core's ``MON_ENFANT_*`` names are documented once, here and in
``docs/settings.md``. A feature declares its own with their defaults on its ``AppConfig``
(``MonEnfantFeature.settings_defaults = {"LUDOTHEQUE_LOAN_DAYS": 21}``) and reads them the same way;
its system checks live in its own ``checks.py``.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed

DEFAULTS = {
    # Template that ``mon_enfant/base.html`` extends: the host site's own base template, which must
    # define the blocks ``title``, ``extra_css``, ``content`` and ``extra_js``.
    "MON_ENFANT_BASE_TEMPLATE": "base.html",
    # First day of the school year, "MM-DD". The current school year is derived from today's date.
    "MON_ENFANT_SCHOOL_YEAR_START": "09-01",
    # Largest file accepted by the admin import screens, in bytes.
    "MON_ENFANT_IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    # Most rows (or GeoJSON features) a file may hold, in the admin and on the command line: a whole
    # département's BAN address file fits (about 600,000 rows for Ille-et-Vilaine).
    "MON_ENFANT_IMPORT_MAX_ROWS": 1_000_000,
    # Geocoder used to place an address on the map and in sectors drawn as zones: "local" (the BAN
    # address index loaded with import_addresses, no network), "ban" (IGN Géoplateforme) or "nominatim",
    # the remote ones falling back to the local index. Other keys: see docs/addresses.md.
    "MON_ENFANT_GEOCODER": {"backend": "local"},
    # How often (seconds) a process checks whether the data it keeps compiled in memory (a feature's index
    # or grids) changed in another process: at most once per this many seconds; 0 checks on every
    # request. The process that writes sees its own change at once. See mon_enfant/stamps.py.
    "MON_ENFANT_REFRESH_SECONDS": 1,
    # The alias (in CACHES) of a cache shared by every process of the site, from which the version stamps
    # are read instead of the database; None reads them from the database.
    "MON_ENFANT_STAMP_CACHE": None,
    # Rate limits (mon_enfant/ratelimit.py), off by default: {operation name: "N/period"} such as
    # {"ludotheque_games": "60/m"}; the features name their operations (docs/settings.md lists them).
    "MON_ENFANT_RATE_LIMITS": {},
    # The alias (in CACHES) of the cache that counts the requests: shared by every process (Redis) in production.
    "MON_ENFANT_RATE_LIMIT_CACHE": "default",
    # Behind a proxy, the header holding the client's address ("X-Forwarded-For"; its right-most address is
    # used); None: REMOTE_ADDR.
    "MON_ENFANT_RATE_LIMIT_CLIENT_HEADER": None,
    # Addresses and networks never limited ("192.0.2.10", "10.0.0.0/8").
    "MON_ENFANT_RATE_LIMIT_EXEMPT": [],
    # The site's own proxies, skipped from the right of the client header when several follow one another.
    "MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES": [],
}

# Settings that no longer do anything, with what replaced them: a system check warns when a host sets one.
REMOVED = {
    "MON_ENFANT_STAMP_DIR": "the version stamps are read from the database (or Django's cache) at most "
    "once per MON_ENFANT_REFRESH_SECONDS",
}


def all_defaults():
    """The core's defaults and those the installed features declare (``settings_defaults``)."""
    from .features import installed_features

    defaults = dict(DEFAULTS)
    for feature in installed_features():
        defaults.update(feature.settings_defaults)
    return defaults


# Values already read. A setting the host leaves out costs Django an AttributeError on every read, and
# lookups and quotes read some on every request; Django announces a change (override_settings, the
# pytest-django ``settings`` fixture) through ``setting_changed``, which forgets the value. (Deleting a
# setting announces nothing: ``del settings.X`` is not followed, as by Django's own caches.)
_values = {}


def get_setting(name):
    """Return the host's value for ``name``, or the documented default."""
    try:
        return _values[name]
    except KeyError:
        defaults = DEFAULTS if name in DEFAULTS else all_defaults()
        if name not in defaults:
            raise KeyError(f"Unknown Mon enfant setting: {name}") from None
    value = _values[name] = getattr(settings, name, defaults[name])
    return value


def _forget_setting(setting, **kwargs):
    _values.pop(setting, None)


setting_changed.connect(_forget_setting, dispatch_uid="mon_enfant_forget_setting")


def school_year_start():
    """Return the configured (month, day) on which a school year begins."""
    return _month_day(str(get_setting("MON_ENFANT_SCHOOL_YEAR_START")))


@functools.lru_cache(maxsize=8)
def _month_day(raw):
    month, day = (int(part) for part in raw.split("-"))
    return month, day


def parse_month_day(raw):
    """``(month, day)`` of a ``"MM-DD"`` text, or ``None`` when it is not a day of the year."""
    import datetime

    try:
        month, day = _month_day(str(raw))
        datetime.date(2000, month, day)  # a leap year: "02-29" is a day
    except (TypeError, ValueError):
        return None
    return month, day


def layout_context(**context):
    """The context of a core page rendered outside Wagtail's page tree (a refused form, a 429, a 503) or of a tool
    page: ``context`` and the site's base template (``MON_ENFANT_BASE_TEMPLATE``) for it to extend."""
    return {"mon_enfant_base_template": get_setting("MON_ENFANT_BASE_TEMPLATE"), **context}
