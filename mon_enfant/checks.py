"""System checks that fail early, with a message saying what to change in the host settings."""

import re

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conf import REMOVED, get_setting, parse_month_day

REQUIRED_APPS = [
    "wagtail",
    "wagtail.snippets",
    "wagtail.admin",
    "modelcluster",
]


@checks.register()
def check_required_apps(app_configs=None, **kwargs):
    errors = []
    for name in REQUIRED_APPS:
        if not apps.is_installed(name):
            errors.append(
                checks.Error(
                    f"'{name}' must be in INSTALLED_APPS to use Mon enfant à l'école.",
                    hint=f"Add '{name}' to INSTALLED_APPS (see docs/install.md).",
                    id="mon_enfant.E001",
                )
            )
    return errors


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    name = get_setting("MON_ENFANT_BASE_TEMPLATE")
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            checks.Warning(
                f"MON_ENFANT_BASE_TEMPLATE is '{name}', and no such template exists.",
                hint="Set MON_ENFANT_BASE_TEMPLATE to your site's base template; it must define the "
                "blocks title, extra_css, content and extra_js.",
                id="mon_enfant.W001",
            )
        ]
    return []


@checks.register()
def check_school_year_start(app_configs=None, **kwargs):
    value = get_setting("MON_ENFANT_SCHOOL_YEAR_START")
    if parse_month_day(value) is not None:
        return []
    return [
        checks.Error(
            f"MON_ENFANT_SCHOOL_YEAR_START is {value!r}, which is not a day of the year.",
            hint='Set MON_ENFANT_SCHOOL_YEAR_START to the first day of the school year as "MM-DD", e.g. "09-01".',
            id="mon_enfant.E002",
        )
    ]


@checks.register()
def check_geocoder(app_configs=None, **kwargs):
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from .addresses.geocoding import BACKEND_DEFAULTS, COMMON_DEFAULTS, geocoder_config

    setting = get_setting("MON_ENFANT_GEOCODER")
    if not isinstance(setting, dict):
        return [_geocoder_error(f"MON_ENFANT_GEOCODER is {setting!r}, not a dict.", 'e.g. {"backend": "local"}')]
    try:
        config = geocoder_config(setting)
    except ImproperlyConfigured:
        return [_geocoder_error(
            f"MON_ENFANT_GEOCODER['backend'] is {setting.get('backend')!r}, which is not a geocoder.",
            f"Set 'backend' to one of: {', '.join(BACKEND_DEFAULTS)}.",
        )]
    errors = []
    known = {"backend", *COMMON_DEFAULTS, *(key for keys in BACKEND_DEFAULTS.values() for key in keys)}
    for key in sorted(set(setting) - known):
        errors.append(_geocoder_error(f"MON_ENFANT_GEOCODER has an unknown key {key!r}.",
                                      f"Remove it; the keys are: {', '.join(sorted(known))}."))
    if config["cache"] not in settings.CACHES:
        errors.append(_geocoder_error(f"MON_ENFANT_GEOCODER['cache'] is {config['cache']!r}, not a cache of CACHES.",
                                      "Set it to one of the aliases of your CACHES setting."))
    for key in ("timeout", "cache_timeout", "limit"):
        if not _is_number(config[key]) or config[key] <= 0:
            errors.append(_geocoder_error(f"MON_ENFANT_GEOCODER[{key!r}] is {config[key]!r}.",
                                          f"Set {key!r} to a positive number."))
    if config["backend"] in ("ban", "nominatim"):
        if config.get("scheme") not in ("https", "http"):
            errors.append(_geocoder_error(f"MON_ENFANT_GEOCODER['scheme'] is {config.get('scheme')!r}.",
                                          "Set 'scheme' to \"https\" (or \"http\" for a local server)."))
        domain = config.get("domain")
        if not isinstance(domain, str) or not domain or "://" in domain or " " in domain:
            errors.append(_geocoder_error(
                f"MON_ENFANT_GEOCODER['domain'] is {domain!r}, not a host name and path.",
                "Give the server without its scheme, e.g. \"data.geopf.fr/geocodage\"; the scheme goes in 'scheme'.",
            ))
    return errors


def _geocoder_error(message, hint):
    return checks.Error(message, hint=hint, id="mon_enfant.E003")


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@checks.register()
def check_numbers(app_configs=None, **kwargs):
    errors = []
    refresh = get_setting("MON_ENFANT_REFRESH_SECONDS")
    if not _is_number(refresh) or refresh < 0:
        errors.append(checks.Error(
            f"MON_ENFANT_REFRESH_SECONDS is {refresh!r}.",
            hint="Set MON_ENFANT_REFRESH_SECONDS to a number of seconds ≥ 0 (1 by default; 0 checks for new "
            "data on every request).",
            id="mon_enfant.E004",
        ))
    max_bytes = get_setting("MON_ENFANT_IMPORT_MAX_BYTES")
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        errors.append(checks.Error(
            f"MON_ENFANT_IMPORT_MAX_BYTES is {max_bytes!r}.",
            hint="Set MON_ENFANT_IMPORT_MAX_BYTES to a positive number of bytes, e.g. 20 * 1024 * 1024.",
            id="mon_enfant.E005",
        ))
    return errors


@checks.register()
def check_removed_settings(app_configs=None, **kwargs):
    from django.conf import settings

    return [
        checks.Warning(
            f"{name} is no longer used: {replacement}.",
            hint=f"Remove {name} from your settings.",
            id="mon_enfant.W002",
        )
        for name, replacement in REMOVED.items()
        if hasattr(settings, name)
    ]


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches)
def check_stamp_cache(app_configs=None, **kwargs):
    from django.conf import settings

    alias = get_setting("MON_ENFANT_STAMP_CACHE")
    if not alias:
        return []
    if alias not in settings.CACHES:
        return [checks.Error(
            f"MON_ENFANT_STAMP_CACHE is {alias!r}, not a cache of CACHES.",
            hint="Set MON_ENFANT_STAMP_CACHE to the alias of a cache shared by every process (Redis, Memcached, "
            "the database cache), or to None to read the version stamps from the database.",
            id="mon_enfant.E006",
        )]
    backend = settings.CACHES[alias].get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [checks.Warning(
            f"MON_ENFANT_STAMP_CACHE is {alias!r}, a {backend.rsplit('.', 1)[-1]} that other processes do not "
            "share: they would not learn of new data.",
            hint="Use a cache shared by every process (Redis, Memcached, the database cache), or set "
            "MON_ENFANT_STAMP_CACHE to None.",
            id="mon_enfant.W003",
        )]
    return []


@checks.register()
def check_import_max_rows(app_configs=None, **kwargs):
    value = get_setting("MON_ENFANT_IMPORT_MAX_ROWS")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return [
            checks.Error(
                f"MON_ENFANT_IMPORT_MAX_ROWS is {value!r}; it must be a whole number of rows, 1 or more.",
                hint="Set MON_ENFANT_IMPORT_MAX_ROWS to the most rows an import file may hold (default "
                "1_000_000), or remove it.",
                id="mon_enfant.E007",
            )
        ]
    return []


@checks.register(checks.Tags.caches)
def check_rate_limits(app_configs=None, **kwargs):
    """``MON_ENFANT_RATE_LIMITS`` and the settings around it (mon_enfant/ratelimit.py)."""
    from django.conf import settings

    from .ratelimit import OPERATIONS, parse_networks, parse_rate

    errors = []
    limits = get_setting("MON_ENFANT_RATE_LIMITS")
    if limits and not isinstance(limits, dict):
        return [checks.Error(
            f"MON_ENFANT_RATE_LIMITS is {limits!r}, not a dict.",
            hint='Give a rate per operation name, e.g. {"<operation>": "60/m"}, or {} for no limit.',
            id="mon_enfant.E008",
        )]
    known = ", ".join(sorted(OPERATIONS)) or "none"
    for name, rate in (limits or {}).items():
        if rate is None:
            continue
        try:
            parse_rate(rate)
        except ValueError:
            errors.append(checks.Error(
                f"MON_ENFANT_RATE_LIMITS[{name!r}] is {rate!r}, not a rate.",
                hint='Write a rate as "N/period": "60/m", "1000/h", "5/10s", "100/d" (s, m, h, d), or None for no '
                "limit.",
                id="mon_enfant.E008",
            ))
        if name not in OPERATIONS:
            errors.append(checks.Warning(
                f"MON_ENFANT_RATE_LIMITS names {name!r}, which no installed app limits: it has no effect.",
                hint=f"The operations that can be limited: {known}.",
                id="mon_enfant.W004",
            ))
    alias = get_setting("MON_ENFANT_RATE_LIMIT_CACHE")
    if alias not in settings.CACHES:
        errors.append(checks.Error(
            f"MON_ENFANT_RATE_LIMIT_CACHE is {alias!r}, not a cache of CACHES.",
            hint="Set it to the alias of the cache counting the requests: one shared by every process (Redis) "
            "in production.",
            id="mon_enfant.E009",
        ))
    header = get_setting("MON_ENFANT_RATE_LIMIT_CLIENT_HEADER")
    if header is not None and (not isinstance(header, str) or not re.fullmatch(r"[A-Za-z0-9-]+", header)):
        errors.append(checks.Error(
            f"MON_ENFANT_RATE_LIMIT_CLIENT_HEADER is {header!r}, not an HTTP header name.",
            hint='Name the header your proxy sets, e.g. "X-Forwarded-For", or None to use REMOTE_ADDR.',
            id="mon_enfant.E010",
        ))
    for name in ("MON_ENFANT_RATE_LIMIT_EXEMPT", "MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES"):
        value = get_setting(name)
        try:
            parse_networks(value)
        except (TypeError, ValueError) as exc:
            errors.append(checks.Error(
                f"{name} is {value!r}: {exc}.",
                hint='Give a list of addresses and networks, e.g. ["192.0.2.10", "10.0.0.0/8", "2001:db8::/32"].',
                id="mon_enfant.E011",
            ))
    return errors
