"""App settings with their defaults, gathered in one place.

Every setting is read through :func:`get_setting` so a host project only overrides what it needs in its
own ``settings.py``. Each ``MON_ENFANT_*`` name is documented once, here and in ``docs/settings.md``.
"""

from django.conf import settings

DEFAULTS = {
    # Template that ``mon_enfant/base.html`` extends: the host site's own base template, which must
    # define the blocks ``title``, ``extra_css``, ``content`` and ``extra_js``.
    "MON_ENFANT_BASE_TEMPLATE": "base.html",
    # First day of the school year, "MM-DD". The current school year is derived from today's date.
    "MON_ENFANT_SCHOOL_YEAR_START": "09-01",
    # Largest file accepted by the admin import screens, in bytes.
    "MON_ENFANT_IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    # Geocoder used to place an address on the map and in sectors drawn as zones: "local" (the BAN
    # address index loaded with import_addresses, no network), "ban" (IGN Géoplateforme) or "nominatim",
    # the remote ones falling back to the local index. Other keys: see docs/catchment.md.
    "MON_ENFANT_GEOCODER": {"backend": "local"},
}


def get_setting(name):
    """Return the host's value for ``name``, or the documented default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown Mon enfant setting: {name}")
    return getattr(settings, name, DEFAULTS[name])


def school_year_start():
    """Return the configured (month, day) on which a school year begins."""
    raw = get_setting("MON_ENFANT_SCHOOL_YEAR_START")
    month, day = (int(part) for part in str(raw).split("-"))
    return month, day
