"""Geocoders: a typed address to a point, for sectors drawn as zones and for maps.

* :class:`LocalGeocoder` answers from the local address index (``import_addresses``), with no network:
  the exact house number's point; else the nearest number on the same side of the street (even or odd);
  else the street's centre.
* :class:`RemoteGeocoder` asks a public service through geopy: the Base Adresse Nationale search of the
  IGN Géoplateforme (``BANFrance`` pointed at ``data.geopf.fr/geocodage``, results kept only when their
  ``citycode`` is the commune's INSEE code) or a Nominatim server. Short timeout, answers cached; when
  the service fails (timeout, HTTP error, unreadable answer) it falls back to the local index and says
  so in :attr:`GeocodeResult.message`, never raising.

:func:`get_geocoder` builds the one configured in ``MON_ENFANT_GEOCODER`` (see ``docs/addresses.md``).
Every geocoder is a callable ``(commune_insee, parsed_address) -> (latitude, longitude) | None``, the
shape a tool placing addresses in zones expects; :meth:`geocode` gives the details.

Addresses are personal data: they are never logged nor stored in clear. The cache key is a hash of the
normalised address, failures are logged without it, and the DEBUG records in which geopy and urllib3
write request URLs are dropped (:class:`AddressQueryLogFilter`).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from geopy.adapters import RequestsAdapter, URLLibAdapter
from geopy.geocoders import BANFrance, Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL

from ..privacy import get_logger
from .parsing import ParsedAddress, street_type_and_name

logger = get_logger(__name__)

BACKEND_LOCAL = "local"
BACKEND_BAN = "ban"
BACKEND_NOMINATIM = "nominatim"

# Used for the keys MON_ENFANT_GEOCODER leaves out (docs/addresses.md describes each one).
BACKEND_DEFAULTS = {
    BACKEND_LOCAL: {},
    BACKEND_BAN: {"domain": "data.geopf.fr/geocodage", "scheme": "https"},
    BACKEND_NOMINATIM: {"domain": "nominatim.openstreetmap.org", "scheme": "https"},
}
COMMON_DEFAULTS = {
    "timeout": 2,
    "cache": "default",
    "cache_timeout": 7 * 24 * 3600,
    "user_agent": "mon-enfant-a-l-ecole/0.1 (carte scolaire)",
    "min_score": 0.5,
    "limit": 5,
}

PRECISION_HOUSENUMBER = "housenumber"
PRECISION_NEAREST_NUMBER = "nearest_number"
PRECISION_STREET = "street"
PRECISION_LOCALITY = "locality"

_CACHE_PREFIX = "mon_enfant:geocode:"
_MISS = "miss"


@dataclass(frozen=True)
class GeocodeResult:
    """A point and how much to trust it.

    ``precision``: ``housenumber`` (this number), ``nearest_number`` (the nearest number on the same
    side), ``street`` (the street's centre) or ``locality`` (a lieu-dit). ``source``: ``local``, ``ban``
    or ``nominatim``. ``fallback`` is true when the remote service failed and the local index answered;
    ``message`` then says so in French, for the page.
    """

    latitude: float
    longitude: float
    precision: str
    source: str
    fallback: bool = False
    message: str = ""

    @property
    def point(self):
        return (self.latitude, self.longitude)


class AddressQueryLogFilter(logging.Filter):
    """Keep a geocoding request's URL out of the logs: the query string is the parent's address. The DEBUG
    records that carry one (geopy writes "BANFrance.geocode: <url>", urllib3 each request line) are dropped;
    a record of a higher level (urllib3's "Retrying ... <url>" warning) keeps its message with every query
    string cut."""

    MARKERS = ("q=", "street=", "/search?")
    QUERY = re.compile(r"\?[^\s'\"]*")

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to judge
            return True
        if not any(marker in message for marker in self.MARKERS):
            return True
        if record.levelno <= logging.DEBUG:
            return False
        record.msg, record.args = self.QUERY.sub("?…", message), None
        return True


_LOG_FILTER = AddressQueryLogFilter()
for _name in ("geopy", "urllib3.connectionpool"):
    if _LOG_FILTER not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_LOG_FILTER)


# --- Local --------------------------------------------------------------------------------------


class LocalGeocoder:
    """Points from the local address index (BAN import): no network, always available."""

    source = BACKEND_LOCAL

    def __call__(self, commune_insee, parsed):
        """What ``services.lookup`` calls: the whole result, so that its ``message`` reaches the parent."""
        return self.geocode(commune_insee, parsed)

    def geocode(self, commune_insee, parsed: ParsedAddress) -> GeocodeResult | None:
        from .models import Address, Street

        if parsed is None or not parsed.street_key:
            return None
        streets = list(
            Street.objects.filter(commune__code_insee=commune_insee, key=parsed.street_key)
            .order_by("lieu_dit", "pk")
            .values_list("pk", "latitude", "longitude")
        )
        if not streets:
            streets = self._streets_by_name(commune_insee, parsed.street_key)
        if not streets:
            return None
        if parsed.number is not None:
            addresses = list(
                Address.objects.filter(street_id__in=[pk for pk, _lat, _lon in streets]).values_list(
                    "number", "repetition", "latitude", "longitude"
                )
            )
            found = _best_address(addresses, parsed.number.number, parsed.number.repetition)
            if found is not None:
                precision, latitude, longitude = found
                return GeocodeResult(float(latitude), float(longitude), precision, self.source)
        for _pk, latitude, longitude in streets:
            if latitude is not None and longitude is not None:
                return GeocodeResult(float(latitude), float(longitude), PRECISION_STREET, self.source)
        return None

    @staticmethod
    def _streets_by_name(commune_insee, key):
        """A street typed without its type ("Guy Ropartz" for "Rue Guy Ropartz"), when only one has that name."""
        from .models import Street

        kind, name = street_type_and_name(key)
        if kind or not name:
            return []
        candidates = Street.objects.filter(commune__code_insee=commune_insee, key__endswith=f" {name}").values_list(
            "pk", "latitude", "longitude", "key"
        )
        matching = [row[:3] for row in candidates if street_type_and_name(row[3])[1] == name]
        return matching if len(matching) == 1 else []


def _best_address(addresses, number, repetition):
    """``(precision, lat, lon)`` of the address to use for ``number``/``repetition``, or None.

    The exact number wins; then the same number without its index (a "34 bis" the BAN does not list is
    next to 34); then the nearest number of the same parity, which is the same side of the street in
    French numbering, ties going to the lower number.
    """
    plain = None
    for candidate, candidate_repetition, latitude, longitude in addresses:
        if candidate == number:
            if candidate_repetition == repetition:
                return PRECISION_HOUSENUMBER, latitude, longitude
            if not candidate_repetition:
                plain = (PRECISION_HOUSENUMBER, latitude, longitude)
    if plain is not None:
        return plain
    same_side = [
        (abs(candidate - number), candidate, latitude, longitude)
        for candidate, _rep, latitude, longitude in addresses
        if candidate % 2 == number % 2
    ]
    if not same_side:
        return None
    _distance, _candidate, latitude, longitude = min(same_side, key=lambda item: (item[0], item[1]))
    return PRECISION_NEAREST_NUMBER, latitude, longitude


# --- Remote -------------------------------------------------------------------------------------


class GeoplateformeBAN(BANFrance):
    """geopy's BAN geocoder, asking only for the commune's results (``citycode``) and returning the raw
    answer, whose ``citycode``, ``type`` and ``score`` properties the caller checks.

    It builds its URL like :meth:`BANFrance.geocode` but does not log it (the URL holds the address).
    """

    def search(self, query, *, citycode, limit=5, timeout=DEFAULT_SENTINEL):
        params = {"q": query, "citycode": citycode, "limit": limit}
        url = "?".join((self.geocode_api, urlencode(params)))
        return self._call_geocoder(url, lambda response: response, timeout=timeout)


_BAN_PRECISIONS = {
    "housenumber": PRECISION_HOUSENUMBER,
    "street": PRECISION_STREET,
    "locality": PRECISION_LOCALITY,
}


def adapter_without_retries(proxies=None, ssl_context=None):
    """geopy's HTTP adapter asking once: its default retries a request that timed out twice, so a service
    that does not answer would hold the parent three times the configured ``timeout``."""
    if RequestsAdapter.is_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


class RemoteGeocoder:
    """A public geocoding service through geopy, with a cache and the local index as fallback."""

    def __init__(self, config, fallback=None):
        self.config = config
        self.backend = config["backend"]
        self.source = self.backend
        self.fallback = fallback if fallback is not None else LocalGeocoder()
        common = {"scheme": config["scheme"], "timeout": config["timeout"], "user_agent": config["user_agent"],
                  "adapter_factory": adapter_without_retries}
        if self.backend == BACKEND_BAN:
            self.client = GeoplateformeBAN(domain=config["domain"], **common)
        else:
            self.client = Nominatim(domain=config["domain"], **common)
        self.cache = caches[config["cache"]]

    def __call__(self, commune_insee, parsed):
        """What ``services.lookup`` calls: the whole result, so that its ``message`` reaches the parent."""
        return self.geocode(commune_insee, parsed)

    def cache_key(self, commune_insee, parsed):
        """A hash of the normalised address (number and street key): the cache never holds it in clear."""
        number = str(parsed.number) if parsed.number is not None else ""
        text = "|".join((self.backend, self.config["domain"], commune_insee or "", number, parsed.street_key))
        return _CACHE_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def geocode(self, commune_insee, parsed: ParsedAddress) -> GeocodeResult | None:
        if parsed is None or not parsed.street_key:
            return None
        key = self.cache_key(commune_insee, parsed)
        cached = self.cache.get(key)
        if cached == _MISS:
            return self.fallback.geocode(commune_insee, parsed)
        if cached is not None:
            return GeocodeResult(**cached)
        try:
            result = self._ask(commune_insee, parsed)
        except Exception as exc:  # any failure of the service (or of its answer) ends in the local answer
            logger.warning(
                "Géocodeur %s indisponible (%s) : réponse de l'index local des adresses.",
                self.backend, type(exc).__name__,
            )
            local = self.fallback.geocode(commune_insee, parsed)
            if local is None:
                return None
            return replace(local, fallback=True, message=_(
                "Le service de géolocalisation ne répond pas : la position vient de l'index local des adresses."
            ))
        self.cache.set(key, _MISS if result is None else asdict(result), self.config["cache_timeout"])
        if result is None:
            # Unknown to the service, or outside the commune: the local index may still know it.
            return self.fallback.geocode(commune_insee, parsed)
        return result

    def _query_text(self, parsed):
        number = f"{parsed.number} " if parsed.number is not None else ""
        return f"{number}{parsed.street}".strip()

    def _ask(self, commune_insee, parsed):
        if self.backend == BACKEND_BAN:
            return self._ask_ban(commune_insee, parsed)
        return self._ask_nominatim(commune_insee, parsed)

    def _ask_ban(self, commune_insee, parsed):
        answer = self.client.search(self._query_text(parsed), citycode=commune_insee, limit=self.config["limit"])
        if not isinstance(answer, dict):
            raise ValueError("BAN answer is not a GeoJSON object")
        for feature in answer.get("features") or []:
            properties = feature.get("properties") or {}
            precision = _BAN_PRECISIONS.get(properties.get("type"))
            # The commune filter is checked here too: a server may ignore the citycode parameter.
            if properties.get("citycode") != commune_insee or precision is None:
                continue
            if float(properties.get("score") or 0) < self.config["min_score"]:
                continue
            longitude, latitude = feature["geometry"]["coordinates"][:2]
            return GeocodeResult(float(latitude), float(longitude), precision, self.source)
        return None

    def _ask_nominatim(self, commune_insee, parsed):
        from mon_enfant.models import Commune

        commune = Commune.objects.filter(code_insee=commune_insee).first()
        if commune is None:
            return None
        query = {"street": self._query_text(parsed), "city": commune.name, "country": "France"}
        postcodes = commune.postal_code_list
        locations = self.client.geocode(
            query, exactly_one=False, limit=self.config["limit"], addressdetails=True, country_codes="fr"
        ) or []
        for location in locations:
            address = location.raw.get("address") or {}
            # Nominatim knows no INSEE code: the postcode tells a homonymous commune apart.
            if postcodes and address.get("postcode") not in postcodes:
                continue
            precision = PRECISION_HOUSENUMBER if address.get("house_number") else PRECISION_STREET
            return GeocodeResult(float(location.latitude), float(location.longitude), precision, self.source)
        return None


# --- Configuration ------------------------------------------------------------------------------


def geocoder_config(setting=None):
    """``MON_ENFANT_GEOCODER`` with the defaults of its backend filled in."""
    from mon_enfant.conf import get_setting

    setting = dict(get_setting("MON_ENFANT_GEOCODER") if setting is None else setting or {})
    backend = setting.get("backend") or BACKEND_LOCAL
    if backend not in BACKEND_DEFAULTS:
        raise ImproperlyConfigured(
            f"MON_ENFANT_GEOCODER['backend'] = {backend!r} : valeurs possibles {', '.join(BACKEND_DEFAULTS)}."
        )
    return {**COMMON_DEFAULTS, **BACKEND_DEFAULTS[backend], **setting, "backend": backend}


def get_geocoder(setting=None):
    """The configured geocoder: a :class:`LocalGeocoder`, or a :class:`RemoteGeocoder` falling back on it."""
    config = geocoder_config(setting)
    if config["backend"] == BACKEND_LOCAL:
        return LocalGeocoder()
    return RemoteGeocoder(config, fallback=LocalGeocoder())
