"""Specifications of the pure helpers behind the carte scolaire and address imports and the geocoders:
reading the words people write in files (levels, school years, yes/no), telling GeoJSON from CSV,
choosing the nearest house number, and keeping addresses out of the logs. No database."""

import logging
from decimal import Decimal

import pytest

from mon_enfant.addresses.ban import _coordinate, _street_ban_id
from mon_enfant.addresses.geocoding import AddressQueryLogFilter, _best_address, geocoder_config
from mon_enfant.catchment.importers import (
    WHOLE_COMMUNE_WORDS,
    YES_NO,
    _folded,
    parse_level,
    parse_school_year,
)
from mon_enfant.geojson import looks_like_geojson


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("maternelle", ("maternelle",)),
        ("Élémentaire", ("elementaire",)),
        ("elementaire", ("elementaire",)),
        (" ÉLÉMENTAIRE ", ("elementaire",)),
        ("collège", ("college",)),
        ("COLLEGE", ("college",)),
        ("primaire", ("maternelle", "elementaire")),
        ("lycée", None),
        ("", None),
    ],
)
def test_levels_are_read_without_case_or_accents_and_primaire_means_both(text, levels):
    assert parse_level(text) == levels


@pytest.mark.parametrize(
    ("text", "year"),
    [("2026-2027", "2026-2027"), ("2026/2027", "2026-2027"), (" 2026 - 2027 ", "2026-2027"), ("", ""), (None, "")],
)
def test_school_years_are_normalised_and_blank_means_every_year(text, year):
    assert parse_school_year(text) == year


@pytest.mark.parametrize("text", ["2026", "2026-2028", "26-27", "deux mille vingt-six"])
def test_a_bad_school_year_is_refused(text):
    with pytest.raises(ValueError):
        parse_school_year(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("O", True), ("o", True), ("Oui", True), ("OUI", True), ("N", False), ("non", False), ("", False),
     ("peut-être", None)],
)
def test_secteur_unique_reads_o_n_oui_non(text, value):
    assert YES_NO.get(_folded(text)) is value


@pytest.mark.parametrize("text", ["Toute la commune", "TOUTE LA COMMUNE", "toute-la-commune", "Secteur unique"])
def test_whole_commune_keywords_are_recognised_in_any_spelling(text):
    assert _folded(text) in WHOLE_COMMUNE_WORDS


@pytest.mark.parametrize(
    ("data", "is_geojson"),
    [
        (b'{"type": "FeatureCollection"}', True),
        (b'\xef\xbb\xbf\r\n  {"type": "FeatureCollection"}', True),
        (b"[]", True),
        (b"\xef\xbb\xbfcode_region;libelle_region", False),
        (b"code_insee;niveau;voie", False),
        (b"", False),
    ],
)
def test_geojson_is_told_from_csv_by_its_first_character(data, is_geojson):
    assert looks_like_geojson(data) is is_geojson


# --- Address index ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row_id", "fantoir", "expected"),
    [
        ("38002_wg4wtw_00010", "", "38002_wg4wtw"),  # BAN sample, line 2: transitory voie id
        ("35288_0741_00001_bis", "35288_0741", "35288_0741"),  # FANTOIR id wins
        ("nonsense", "", ""),
    ],
)
def test_a_streets_ban_id_is_its_fantoir_or_the_voie_part_of_the_address_id(row_id, fantoir, expected):
    assert _street_ban_id(row_id, fantoir) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("45.256792", Decimal("45.256792")), ("45,2567925", Decimal("45.256792")), ("", None), ("nord", None),
     ("91", None), ("NaN", None)],
)
def test_coordinates_are_decimal_degrees_within_bounds(text, expected):
    assert _coordinate(text, -90, 90) == expected


# --- Geocoders --------------------------------------------------------------------------------------

# Chemin des Bruns in the BAN sample (lines 6-10): number, repetition, latitude, longitude.
BRUNS = [(35, "", "a35", "o35"), (38, "", "a38", "o38"), (58, "", "a58", "o58"), (68, "", "a68", "o68"),
         (105, "", "a105", "o105"), (38, "BIS", "a38b", "o38b")]


@pytest.mark.parametrize(
    ("number", "repetition", "expected"),
    [
        (58, "", ("housenumber", "a58", "o58")),
        (38, "BIS", ("housenumber", "a38b", "o38b")),
        (58, "TER", ("housenumber", "a58", "o58")),  # no 58 ter: the door of 58
        (36, "", ("nearest_number", "a38", "o38")),
        (63, "", ("nearest_number", "a35", "o35")),  # odd side: 35 and 105 only; 35 is nearer
        (48, "", ("nearest_number", "a38", "o38")),  # 38 and 58 as near: the lower number
    ],
)
def test_the_nearest_address_is_on_the_same_side_of_the_street(number, repetition, expected):
    assert _best_address(BRUNS, number, repetition) == expected


def test_no_address_on_that_side_means_no_nearest_number():
    assert _best_address([(10, "", 1, 2), (20, "", 3, 4)], 7, "") is None


def test_geocoder_settings_fill_in_the_backend_defaults():
    config = geocoder_config({"backend": "ban", "timeout": 1})
    assert (config["domain"], config["scheme"], config["timeout"]) == ("data.geopf.fr/geocodage", "https", 1)
    assert geocoder_config({})["backend"] == "local"


@pytest.mark.parametrize(
    ("level", "message", "kept"),
    [
        (logging.DEBUG, "BANFrance.geocode: https://data.geopf.fr/geocodage/search?q=34+rue+X&citycode=35288", False),
        (logging.DEBUG, '127.0.0.1:80 "GET /search?q=34+rue+X HTTP/1.1" 200 None', False),
        (logging.DEBUG, 'Nominatim.geocode: https://nominatim.example/search?street=34+rue+X&format=json', False),
        (logging.DEBUG, "Starting new HTTPS connection (1): data.geopf.fr:443", True),
        (logging.WARNING, "Géocodeur ban indisponible (GeocoderTimedOut)", True),
    ],
)
def test_request_urls_holding_an_address_are_kept_out_of_the_logs(level, message, kept):
    record = logging.LogRecord("geopy", level, __file__, 1, message, None, None)
    assert AddressQueryLogFilter().filter(record) is kept
