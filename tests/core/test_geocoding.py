"""Geocoders: the local address index, and the real geopy client asking a small fake BAN (or Nominatim)
server on 127.0.0.1, which answers well, slowly, with an error or with garbage.

The local index holds ``tests/data/ban-adresses-38002-extrait.csv`` (Les Adrets, 38002):
Allée des Terrasses 10, 20, 30, 40 (lines 2-5) and Chemin des Bruns 35, 38, 58, 68, 105 (lines 6-10).
"""

import json
import logging
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from mon_enfant.addresses.ban import import_addresses
from mon_enfant.addresses.geocoding import AddressQueryLogFilter, LocalGeocoder, RemoteGeocoder, get_geocoder
from mon_enfant.addresses.parsing import parse_address
from mon_enfant.catchment import services
from mon_enfant.catchment.models import CatchmentZone
from mon_enfant.models import Commune

from ..conftest import TEST_DATA

pytestmark = pytest.mark.django_db

LES_ADRETS = "38002"
TERRASSES_30 = (45.256751, 5.995531)  # line 4
BRUNS_38 = (45.272296, 5.963331)  # line 7
BRUNS_35 = (45.272229, 5.964063)  # line 6
REMOTE_POINT = (45.2601, 5.9902)  # what the fake BAN answers: clearly not a point of the local index


@pytest.fixture
def les_adrets(db):
    commune = Commune.objects.create(name="Les Adrets", code_insee=LES_ADRETS, postal_codes="38190")
    import_addresses((TEST_DATA / "ban-adresses-38002-extrait.csv").read_bytes())
    return commune


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def parsed(text):
    return parse_address(text)


# --- The local index --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "point", "precision"),
    [
        ("30 allée des Terrasses", TERRASSES_30, "housenumber"),  # line 4, the number itself
        ("30 bis allée des Terrasses", TERRASSES_30, "housenumber"),  # no 30 bis in the BAN: 30's door
        ("36 chemin des Bruns", BRUNS_38, "nearest_number"),  # even side: 38 (line 7) is nearest
        ("37 chemin des Bruns", BRUNS_35, "nearest_number"),  # odd side: 35 (line 6), not 38 across
        ("1 allée des Terrasses", None, "street"),  # no odd number on the street: its centre
    ],
)
def test_local_geocoder_places_a_number_on_its_side_of_the_street(les_adrets, address, point, precision):
    result = LocalGeocoder().geocode(LES_ADRETS, parsed(address))
    assert (result.precision, result.source, result.fallback) == (precision, "local", False)
    if point is not None:
        assert result.point == pytest.approx(point)


def test_local_geocoder_without_number_gives_the_street_centre(les_adrets):
    result = LocalGeocoder().geocode(LES_ADRETS, parsed("Chemin des Bruns"))
    assert result.precision == "street"
    assert result.latitude == pytest.approx((45.272229 + 45.272296 + 45.272113 + 45.272078 + 45.272182) / 5,
                                            abs=1e-6)


def test_local_geocoder_finds_a_street_typed_without_its_type(les_adrets):
    assert LocalGeocoder().geocode(LES_ADRETS, parsed("58 Bruns")).precision == "housenumber"


@pytest.mark.parametrize(("commune", "address"), [(LES_ADRETS, "3 rue Inconnue"), ("35288", "30 allée des Terrasses"),
                                                  (LES_ADRETS, "")])
def test_local_geocoder_answers_none_when_it_does_not_know(les_adrets, commune, address):
    assert LocalGeocoder()(commune, parsed(address)) is None


def test_a_geocoder_is_the_callable_service_lookup_expects(les_adrets):
    CatchmentZone.objects.create(
        commune=les_adrets, level="maternelle", uai="0381234A", name="Prapoutel",
        geometry={"type": "Polygon",
                  "coordinates": [[[5.99, 45.25], [6.0, 45.25], [6.0, 45.26], [5.99, 45.26], [5.99, 45.25]]]},
    )
    services.reset()
    answer = services.lookup(LES_ADRETS, "30 allée des Terrasses", "maternelle", geocoder=get_geocoder())
    assert (answer.status, answer.result.uais, answer.result.matched_by) == ("found", ("0381234A",), "zone")
    answer = services.lookup(LES_ADRETS, "38 chemin des Bruns", "maternelle", geocoder=get_geocoder())
    assert answer.status == "no_sector"
    services.reset()


# --- Configuration ----------------------------------------------------------------------------------


def test_the_default_geocoder_is_the_local_index():
    assert isinstance(get_geocoder(), LocalGeocoder)


@override_settings(MON_ENFANT_GEOCODER={"backend": "ban"})
def test_the_ban_geocoder_points_at_the_ign_geoplateforme_by_default():
    geocoder = get_geocoder()
    assert isinstance(geocoder, RemoteGeocoder)
    assert geocoder.client.geocode_api == "https://data.geopf.fr/geocodage/search"
    assert geocoder.config["timeout"] == 2


@override_settings(MON_ENFANT_GEOCODER={"backend": "google"})
def test_an_unknown_backend_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="google"):
        get_geocoder()


# --- A fake BAN server ------------------------------------------------------------------------------


def ban_feature(citycode, point, kind="housenumber", score=0.93, label="30 Allée des Terrasses 38190 Les Adrets"):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
        "properties": {"label": label, "score": score, "type": kind, "citycode": citycode, "postcode": "38190"},
    }


class FakeGeocodingServer:
    """A BAN-like (``/search?q=...``) and Nominatim-like (``format=json``) server; ``mode`` picks the answer:
    ``ok``, ``slow`` (sleeps past the timeout), ``error`` (HTTP 500) or ``garbage`` (not JSON)."""

    def __init__(self):
        self.mode = "ok"
        self.requests = []
        self.ban_features = [ban_feature("38001", (45.52, 5.58)), ban_feature(LES_ADRETS, REMOTE_POINT)]
        self.nominatim_results = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                server.requests.append((url.path, parse_qs(url.query)))
                if server.mode == "slow":
                    time.sleep(1.5)
                if server.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"Internal Server Error")
                    return
                if server.mode == "garbage":
                    body = b"<html>maintenance</html>"
                elif "format" in parse_qs(url.query):
                    body = json.dumps(server.nominatim_results).encode()
                else:
                    body = json.dumps({"type": "FeatureCollection", "features": server.ban_features}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def setting(self, backend="ban", **extra):
        return {"backend": backend, "domain": f"127.0.0.1:{self.port}", "scheme": "http", "timeout": 0.5, **extra}


@pytest.fixture
def fake_server():
    server = FakeGeocodingServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def remote(server, **extra):
    return get_geocoder(server.setting(**extra))


def test_ban_geocoder_asks_the_commune_and_keeps_only_its_results(les_adrets, fake_server):
    result = remote(fake_server).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert (result.point, result.source, result.precision, result.fallback) == (
        REMOTE_POINT, "ban", "housenumber", False,
    )
    path, query = fake_server.requests[0]
    assert path == "/search"
    assert (query["q"], query["citycode"]) == (["30 allée des Terrasses"], [LES_ADRETS])


def test_ban_answers_are_cached_under_a_hash_of_the_address(les_adrets, fake_server):
    geocoder = remote(fake_server)
    geocoder.geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    again = geocoder.geocode(LES_ADRETS, parsed("30, Allée des Terrasses"))  # same normalised address
    assert again.point == REMOTE_POINT
    assert len(fake_server.requests) == 1
    key = geocoder.cache_key(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert re.fullmatch(r"mon_enfant:geocode:[0-9a-f]{64}", key)
    assert "Terrasses" not in json.dumps(cache.get(key))


@pytest.mark.parametrize(
    ("features", "why"),
    [
        ([ban_feature("38001", REMOTE_POINT)], "another commune"),
        ([ban_feature(LES_ADRETS, REMOTE_POINT, kind="municipality")], "the commune's centre is no address"),
        ([ban_feature(LES_ADRETS, REMOTE_POINT, score=0.2)], "a poor match"),
        ([], "nothing found"),
    ],
)
def test_an_unusable_ban_answer_leaves_the_local_index_to_answer(les_adrets, fake_server, features, why):
    fake_server.ban_features = features
    result = remote(fake_server).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert (result.point, result.source, result.fallback) == (pytest.approx(TERRASSES_30), "local", False), why


@pytest.mark.parametrize("mode", ["slow", "error", "garbage"])
def test_a_failing_service_falls_back_to_the_local_index_with_a_message(les_adrets, fake_server, mode):
    fake_server.mode = mode
    result = remote(fake_server).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert (result.point, result.source, result.fallback) == (pytest.approx(TERRASSES_30), "local", True)
    assert "ne répond pas" in result.message


def test_the_fallback_message_reaches_the_parent_through_the_api(client, les_adrets, fake_server):
    """A commune drawn as zones, the remote service down: the answer comes from the local index's point,
    and says so (``location_notice``); with the service up there is nothing to say."""
    CatchmentZone.objects.create(
        commune=les_adrets, level="maternelle", uai="0381234A", name="Prapoutel",
        geometry={"type": "Polygon",
                  "coordinates": [[[5.99, 45.25], [6.0, 45.25], [6.0, 45.26], [5.99, 45.26], [5.99, 45.25]]]},
    )
    services.reset()
    question = {"commune": LES_ADRETS, "address": "30 allée des Terrasses", "level": "maternelle"}
    fake_server.mode = "error"
    with override_settings(MON_ENFANT_GEOCODER=fake_server.setting()):
        body = client.get("/api/mon-enfant/v1/catchment", question).json()
        assert (body["status"], body["schools"][0]["uai"]) == ("found", "0381234A")
        assert "ne répond pas" in body["location_notice"]
        fake_server.mode = "ok"
        assert client.get("/api/mon-enfant/v1/catchment", question).json()["location_notice"] == ""
    services.reset()


def test_an_unreachable_service_falls_back_too(les_adrets, fake_server):
    setting = fake_server.setting()
    fake_server.httpd.shutdown()
    fake_server.httpd.server_close()
    result = get_geocoder(setting).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert (result.source, result.fallback) == ("local", True)


def test_a_failure_is_not_cached(les_adrets, fake_server):
    geocoder = remote(fake_server)
    fake_server.mode = "error"
    assert geocoder.geocode(LES_ADRETS, parsed("30 allée des Terrasses")).fallback
    fake_server.mode = "ok"
    assert geocoder.geocode(LES_ADRETS, parsed("30 allée des Terrasses")).source == "ban"


def test_a_failure_with_no_local_answer_gives_none_not_an_exception(les_adrets, fake_server):
    fake_server.mode = "error"
    assert remote(fake_server)(LES_ADRETS, parsed("3 rue Inconnue")) is None


def test_the_address_never_reaches_the_logs(les_adrets, fake_server, caplog):
    caplog.set_level(logging.DEBUG)
    remote(fake_server).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    fake_server.mode = "error"
    remote(fake_server).geocode(LES_ADRETS, parsed("38 chemin des Bruns"))
    assert "indisponible" in caplog.text  # the failure is logged...
    for word in ("Terrasses", "Bruns", "Terrasses".lower(), "Terrasses".upper()):
        assert word not in caplog.text  # ...without the address, not even inside a request URL


def test_nominatim_results_are_kept_only_with_the_communes_postcode(les_adrets, fake_server):
    fake_server.nominatim_results = [
        {"lat": "45.5", "lon": "5.6", "display_name": "Ailleurs", "address": {"postcode": "38490"}},
        {"lat": str(REMOTE_POINT[0]), "lon": str(REMOTE_POINT[1]), "display_name": "30 Allée des Terrasses",
         "address": {"postcode": "38190", "house_number": "30"}},
    ]
    result = remote(fake_server, backend="nominatim").geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    assert (result.point, result.source, result.precision) == (REMOTE_POINT, "nominatim", "housenumber")
    _path, query = fake_server.requests[0]
    assert (query["city"], query["countrycodes"]) == (["Les Adrets"], ["fr"])


def test_a_service_that_does_not_answer_is_asked_once(les_adrets, fake_server):
    """geopy's default adapter asks again after a timeout, twice: the parent would wait three timeouts."""
    fake_server.mode = "slow"
    started = time.monotonic()
    result = remote(fake_server).geocode(LES_ADRETS, parsed("30 allée des Terrasses"))
    waited = time.monotonic() - started
    assert (result.source, result.fallback) == ("local", True)
    assert len(fake_server.requests) == 1
    assert waited < 1.5, f"waited {waited:.1f} s for a 0.5 s timeout"


def test_a_warning_carrying_a_request_url_keeps_its_text_without_the_query():
    """urllib3 warns "Retrying (...) after connection broken by ...: /search?q=<address>" at WARNING level."""
    record = logging.LogRecord("urllib3.connectionpool", logging.WARNING, __file__, 1,
                               "Retrying (%r) after connection broken by %r: %s",
                               ("Retry(total=1)", "ReadTimeoutError()",
                                "/search?q=30+all%C3%A9e+des+Terrasses&limit=5"), None)
    assert AddressQueryLogFilter().filter(record)
    assert record.getMessage() == (
        "Retrying ('Retry(total=1)') after connection broken by 'ReadTimeoutError()': /search?…")
