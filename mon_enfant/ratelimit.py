"""Rate limits for the public operations a family (or a robot) may repeat: a lookup, an autocomplete, a
quote, a simulation. Off unless the host sets ``MON_ENFANT_RATE_LIMITS``; docs/settings.md and docs/deploy.md.

Each feature names its own operations and applies one helper to each, whatever its kind:

* a function view, or a ninja operation through ``decorate_view``::

      @router.get("/ludotheque/games", response={200: GamesOut, 429: DetailOut})
      @decorate_view(rate_limited("ludotheque_games", json=True), family_input())

* a page type: :class:`RateLimitedPageMixin`, with ``rate_limit = "ludotheque_search_page"`` and, when only
  some requests count (a question asked, a form posted), :meth:`~RateLimitedPageMixin.rate_limit_counts`.

The host gives a rate per operation name (``{"ludotheque_games": "60/m"}``); an operation it does not name
is not limited. Over its rate a client gets **429** with ``Retry-After`` (the seconds to the end of the
window): ``{"detail": ...}`` on the API, the ``mon_enfant/too_many_requests.html`` page (the site's layout)
otherwise, in the request's language, private (:func:`mon_enfant.privacy.make_private`) and echoing nothing.

Counting: a fixed window per operation and client, in the cache named by ``MON_ENFANT_RATE_LIMIT_CACHE``
(atomic ``incr``, then ``add`` for the first request of a window: both atomic in Redis and in the local
memory cache). The key holds the operation, the window's number and an HMAC (``SECRET_KEY``) of the client's
address: never the address itself, never anything the family typed. Each key expires a while after its
window ends, so it is never incremented once expired (a Redis ``INCR`` would then make it permanent).

The client is ``REMOTE_ADDR``, or, behind a proxy, the header named by ``MON_ENFANT_RATE_LIMIT_CLIENT_HEADER``
(``"X-Forwarded-For"``): its **right-most** address, the one the site's own proxy appended (the addresses on
its left are whatever the client sent), skipping the addresses of ``MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES``
when several proxies of the site's own follow one another. Clients in ``MON_ENFANT_RATE_LIMIT_EXEMPT`` (a
monitoring probe, the mairie's network) are never counted.

Off, or for an operation the setting does not name, a request costs a dictionary lookup: no cache call. A
cache that fails (Redis down or slow past its socket timeouts) limits nothing: the request goes through,
the outage is logged once (without any client data), and the cache is not asked again for a few seconds.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.signals import setting_changed
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from .conf import get_setting, layout_context
from .privacy import get_logger, make_private

logger = get_logger(__name__)

SETTINGS = ("MON_ENFANT_RATE_LIMITS", "MON_ENFANT_RATE_LIMIT_CACHE", "MON_ENFANT_RATE_LIMIT_CLIENT_HEADER",
            "MON_ENFANT_RATE_LIMIT_EXEMPT", "MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES")
TEMPLATE_NAME = "mon_enfant/too_many_requests.html"
# A key outlives its window by this many seconds: hosts whose clocks differ by less never see it expire
# while they count in it.
KEY_MARGIN_SECONDS = 60
# After a cache failure, requests go through without asking the cache for this many seconds.
CACHE_RETRY_SECONDS = 5

UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600,
         "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(?P<count>[0-9]+)\s*/\s*(?P<multiple>[0-9]*)\s*(?P<unit>[a-z]+)\s*$")

# The operation names the installed apps apply a limit to (by rate_limited or RateLimitedPageMixin): a rate
# the host gives for another name limits nothing, and a system check says so.
OPERATIONS: set[str] = set()


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text) -> Rate:
    """``"60/m"``, ``"1000/h"``, ``"5/10s"``, ``"100/day"``: at most ``count`` requests per ``seconds``.
    Raises ``ValueError`` for anything else."""
    match = _RATE.match(text.lower()) if isinstance(text, str) else None
    unit = match and match["unit"]
    if unit and unit not in UNITS and unit.endswith("s"):  # "10/minutes"
        unit = unit[:-1]
    if unit not in UNITS:
        raise ValueError(f"not a rate: {text!r}")
    seconds = int(match["multiple"] or 1) * UNITS[unit]
    if seconds <= 0:
        raise ValueError(f"not a rate: {text!r}")
    return Rate(int(match["count"]), seconds)


def parse_networks(values) -> tuple:
    """The networks of a list of addresses and networks (``"10.0.0.0/8"``, ``"2001:db8::1"``). Raises
    ``ValueError`` for a value that is neither."""
    if isinstance(values, str):
        raise ValueError("a list of networks, not a string")
    return tuple(ipaddress.ip_network(str(value).strip(), strict=False) for value in values or ())


def meta_key(header):
    """``request.META``'s key for an HTTP header name (``"X-Forwarded-For"`` -> ``HTTP_X_FORWARDED_FOR``)."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


@dataclass(frozen=True)
class _Config:
    limits: dict  # operation name -> Rate
    cache: str = "default"
    meta_key: str | None = None
    exempt: tuple = ()
    trusted_proxies: tuple = ()


_OFF = _Config(limits={})
_clock = time.time  # the wall clock: the windows of every process and host begin together
_config: _Config | None = None
_cache_failing_until = 0.0


def _load() -> _Config:
    """The settings, read and parsed once (and again after a change). A value the system checks refuse
    turns the limits off rather than failing the requests."""
    global _config
    limits = get_setting("MON_ENFANT_RATE_LIMITS")
    if not limits:
        _config = _OFF
        return _config
    try:
        header = get_setting("MON_ENFANT_RATE_LIMIT_CLIENT_HEADER")
        _config = _Config(
            limits={name: parse_rate(rate) for name, rate in dict(limits).items() if rate},
            cache=get_setting("MON_ENFANT_RATE_LIMIT_CACHE"),
            meta_key=meta_key(header) if header else None,
            exempt=parse_networks(get_setting("MON_ENFANT_RATE_LIMIT_EXEMPT")),
            trusted_proxies=parse_networks(get_setting("MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES")),
        )
    except (TypeError, ValueError) as exc:
        logger.error("Rate limits off: their settings are wrong (%s); see manage.py check.", exc)
        _config = _OFF
    return _config


def _forget(setting, **kwargs):
    global _config, _cache_failing_until
    if setting in SETTINGS or setting in ("SECRET_KEY", "CACHES"):
        _config, _cache_failing_until = None, 0.0


setting_changed.connect(_forget, dispatch_uid="mon_enfant_ratelimit_forget")


def _ip(text):
    text = text.strip()
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # "203.0.113.7:51234" or "[2001:db8::7]:51234": a proxy that writes the client's port too.
    host = text[1:text.find("]")] if text.startswith("[") else text.rsplit(":", 1)[0] if text.count(":") == 1 else ""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def client_address(request, config: _Config | None = None) -> str:
    """The address the request is counted under (see the module's docstring), as text; ``""`` when there is
    none (every such request then shares one counter)."""
    config = config or _config or _load()
    remote = request.META.get("REMOTE_ADDR") or ""
    if config.meta_key is None:
        return remote
    header = request.META.get(config.meta_key)
    if not header:  # not through the proxy (a health check on the worker's own port)
        return remote
    hops = [hop for hop in (part.strip() for part in header.split(",")) if hop]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return hop
        if not any(ip in network for network in config.trusted_proxies):
            return str(ip)
    return hops[0] if hops else remote


def is_limited(operation: str) -> bool:
    """Whether the host gives ``operation`` a rate (a dictionary lookup: no cache call)."""
    return operation in (_config or _load()).limits


def retry_after(request, operation: str) -> int | None:
    """Count this request for ``operation``: ``None`` when it may be served, else the seconds until the
    client's window ends."""
    config = _config or _load()
    rate = config.limits.get(operation)
    if rate is None:
        return None
    client = client_address(request, config)
    if config.exempt and client:
        ip = _ip(client)
        if ip is not None and any(ip in network for network in config.exempt):
            return None
    now = _clock()
    if now < _cache_failing_until:
        return None
    window = int(now // rate.seconds)
    digest = salted_hmac("mon_enfant.ratelimit", client, algorithm="sha256").hexdigest()[:32]
    key = f"mon_enfant:ratelimit:{operation}:{rate.seconds}:{window}:{digest}"
    try:
        count = _count(caches[config.cache], key, rate.seconds + KEY_MARGIN_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a cache down limits nothing
        _cache_failed(exc, now)
        return None
    _cache_answers()
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def _count(cache, key, timeout):
    """Add one to the window's counter and return it: ``incr`` (atomic) on an existing key, ``add`` (which
    never overwrites) for the first request of the window."""
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet for this window
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)  # another process added it meanwhile


def _cache_failed(exc, now):
    global _cache_failing_until
    if not _cache_failing_until:
        # The exception's type only: its text may hold the cache's address or the key.
        logger.warning("Rate limit cache unavailable (%s): requests are not limited until it answers again.",
                       type(exc).__name__)
    _cache_failing_until = now + CACHE_RETRY_SECONDS


def _cache_answers():
    global _cache_failing_until
    if _cache_failing_until:
        _cache_failing_until = 0.0
        logger.warning("Rate limit cache answers again: requests are limited again.")


def too_many_requests_message(seconds: int) -> str:
    """What the family reads, in the active language: when it may try again."""
    if seconds < 120:
        return ngettext(
            "Trop de demandes en peu de temps. Réessayez dans %(count)d seconde.",
            "Trop de demandes en peu de temps. Réessayez dans %(count)d secondes.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Trop de demandes en peu de temps. Réessayez dans %(count)d minute.",
        "Trop de demandes en peu de temps. Réessayez dans %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def too_many_requests(request, seconds: int, *, json: bool = False):
    """The 429 answer: ``{"detail": ...}`` for the API, else the page in the site's layout. Nothing of the
    request is shown but its path (the link back)."""
    message = too_many_requests_message(seconds)
    if json:
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, TEMPLATE_NAME, layout_context(message=message, back_url=request.path), status=429)
    response["Retry-After"] = str(seconds)
    return make_private(response)


def refusal(request, operation: str, *, json: bool = False):
    """The 429 answer when this request goes over ``operation``'s rate, else ``None`` (the request counted)."""
    seconds = retry_after(request, operation)
    return None if seconds is None else too_many_requests(request, seconds, json=json)


def rate_limited(operation: str, *, json: bool = False):
    """Decorator of a view (or, through ``decorate_view``, a ninja operation, before its parameters are
    read): at most the rate the host gives ``operation``. ``json``: answer 429 as the API does."""
    OPERATIONS.add(operation)

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            refused = refusal(request, operation, json=json)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        return limited

    return decorator


class RateLimitedPageMixin:
    """For a page type whose answers a client may repeat: the page's requests that
    :meth:`rate_limit_counts` are limited by the rate the host gives :attr:`rate_limit`."""

    #: The operation's name in ``MON_ENFANT_RATE_LIMITS``.
    rate_limit: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.rate_limit:
            OPERATIONS.add(cls.rate_limit)

    def rate_limit_counts(self, request) -> bool:
        """Whether this request counts (by default, every one)."""
        return True

    def serve(self, request, *args, **kwargs):
        if self.rate_limit and is_limited(self.rate_limit) and self.rate_limit_counts(request):
            refused = refusal(request, self.rate_limit)
            if refused is not None:
                return refused
        return super().serve(request, *args, **kwargs)
