"""The carte scolaire logic refuses with codes (tests/unit/test_catchment_logic.py); the Django layer words
each one for the webmaster, in French and in English, quoting a file's value cut to 40 characters."""

import pytest
from django.utils import translation

from mon_enfant.catchment.logic import Rule, RuleError, Zone
from mon_enfant.catchment.logic.zones import geometry_from_geojson
from mon_enfant.catchment.wording import TEMPLATES, rule_error
from mon_enfant.echo import ECHO_MAX

SURCOUF = "0350023A"
SQUARE = [[-2.03, 48.64], [-2.01, 48.64], [-2.01, 48.66], [-2.03, 48.66], [-2.03, 48.64]]


def rule(**fields):
    return Rule.from_bounds(**{"commune": "99001", "level": "college", "uai": SURCOUF, "street_label": "RUE X",
                               **fields})


def refusal(build, *args, **kwargs):
    with pytest.raises(RuleError) as refused:
        build(*args, **kwargs)
    return refused.value


# code -> how to get it from the logic, its French wording, its English wording
CASES = {
    "unknown_parity": (lambda: refusal(rule, first_number="1", parity="Q"),
                       "Parité inconnue : 'Q' (attendu : P, I, PI, pair, impair ou tous).",
                       "Unknown side of the street: 'Q' (expected: P, I, PI, pair, impair or tous)."),
    "missing_commune": (lambda: refusal(rule, commune=""), "Code INSEE de la commune manquant.",
                        "The commune's INSEE code is missing."),
    "unknown_level": (lambda: refusal(rule, level="lycee"),
                      "Niveau inconnu : 'lycee' (attendu : maternelle, elementaire, college).",
                      "Unknown level: 'lycee' (expected: maternelle, elementaire, college)."),
    "missing_uai": (lambda: refusal(rule, uai=" "), "Code UAI de l'établissement manquant.",
                    "The school's UAI code is missing."),
    "blank_street": (lambda: refusal(rule, street_label="de la"), "Libellé de voie vide ou illisible : 'de la'.",
                     "Street name empty or unreadable: 'de la'."),
    "inverted_range": (lambda: refusal(rule, first_number="30", last_number="12 "),
                       "Plage inversée pour 'RUE X' : n° 30 après n° 12.",
                       "Range upside down for 'RUE X': no. 30 after no. 12."),
    "invalid_priority": (lambda: refusal(rule, priority="1"),
                         "Priorité invalide : '1' (attendu : un nombre entier).",
                         "Invalid priority: '1' (expected: a whole number)."),
    "invalid_number": (lambda: refusal(rule, first_number="12a"), "Numéro de voie invalide : '12a'.",
                       "Invalid house number: '12a'."),
    "unknown_repetition": (lambda: refusal(rule, first_number="3", first_repetition="xyz"),
                           "Indice de répétition inconnu : 'xyz'.", "Unknown repetition index: 'xyz'."),
    "not_a_polygon": (lambda: refusal(Zone, commune="99001", level="college", uai=SURCOUF,
                                      geometry=geometry_from_geojson({"type": "Polygon",
                                                                      "coordinates": [SQUARE]}).boundary),
                      "La zone doit être un polygone (Polygon ou MultiPolygon).",
                      "A zone must be a polygon (Polygon or MultiPolygon)."),
    "unreadable_geojson": (lambda: refusal(geometry_from_geojson, "[1, 2"),
                           "GeoJSON illisible : ce n'est pas du JSON valide.",
                           "Unreadable GeoJSON: this is not valid JSON."),
    "not_a_geometry": (lambda: refusal(geometry_from_geojson, [1, 2]),
                       "GeoJSON refusé : un objet avec « type » et « coordinates » est attendu.",
                       "GeoJSON rejected: an object with “type” and “coordinates” is expected."),
    "feature_not_geometry": (lambda: refusal(geometry_from_geojson, {"type": "Feature"}),
                             "GeoJSON refusé : « Feature » reçu, une géométrie Polygon ou MultiPolygon est attendue "
                             "(prendre la géométrie de chaque Feature).",
                             "GeoJSON rejected: “Feature” received, a Polygon or MultiPolygon geometry is expected "
                             "(take the geometry of each Feature)."),
    "unsupported_geometry": (lambda: refusal(geometry_from_geojson, {"type": "Point", "coordinates": [1, 2]}),
                             "GeoJSON refusé : type « Point » non pris en charge (attendu : Polygon ou MultiPolygon).",
                             "GeoJSON rejected: type “Point” not supported (expected: Polygon or MultiPolygon)."),
    "empty_multipolygon": (lambda: refusal(geometry_from_geojson, {"type": "MultiPolygon", "coordinates": []}),
                           "GeoJSON refusé : le MultiPolygon ne contient aucun polygone.",
                           "GeoJSON rejected: the MultiPolygon holds no polygon."),
    "empty_zone": (lambda: refusal(geometry_from_geojson, {"type": "Polygon",
                                                           "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}),
                   "GeoJSON refusé : la zone est vide (surface nulle, points alignés).",
                   "GeoJSON rejected: the zone is empty (no area, points in a line)."),
    "no_ring": (lambda: refusal(geometry_from_geojson, {"type": "MultiPolygon", "coordinates": [[SQUARE], []]}),
                "GeoJSON refusé : le polygone n° 2 n'a aucun contour.", "GeoJSON rejected: polygon no. 2 has no ring."),
    "too_few_positions": (lambda: refusal(geometry_from_geojson, {"type": "Polygon",
                                                                  "coordinates": [SQUARE, SQUARE[:3]]}),
                          "GeoJSON refusé : le trou n° 1 du polygone doit compter au moins 4 positions.",
                          "GeoJSON rejected: hole no. 1 of the polygon must have at least 4 positions."),
    "ring_not_closed": (lambda: refusal(geometry_from_geojson, {"type": "MultiPolygon",
                                                                "coordinates": [[SQUARE], [SQUARE[:4]]]}),
                        "GeoJSON refusé : le contour extérieur du polygone n° 2 n'est pas fermé "
                        "(la dernière position doit répéter la première).",
                        "GeoJSON rejected: the outer ring of polygon no. 2 is not closed "
                        "(the last position must repeat the first)."),
    "unreadable_position": (lambda: refusal(geometry_from_geojson, {"type": "Polygon",
                                                                    "coordinates": [[[0], [1, 1], [1, 2], [0]]]}),
                            "GeoJSON refusé : position illisible dans le contour extérieur du polygone : [0].",
                            "GeoJSON rejected: unreadable position in the outer ring of the polygon: [0]."),
    "non_numeric_coordinate": (lambda: refusal(geometry_from_geojson, {"type": "Polygon", "coordinates": [
                                   [["a", 1], [1, 1], [1, 2], ["a", 1]]]}),
                               "GeoJSON refusé : coordonnée non numérique dans le contour extérieur du polygone : "
                               "['a', 1].",
                               "GeoJSON rejected: non-numeric coordinate in the outer ring of the polygon: ['a', 1]."),
    "non_finite_coordinate": (lambda: refusal(geometry_from_geojson, {"type": "Polygon", "coordinates": [
                                  [[float("nan"), 1], [1, 1], [1, 2], [float("nan"), 1]]]}),
                              "GeoJSON refusé : coordonnée non finie dans le contour extérieur du polygone : [nan, 1].",
                              "GeoJSON rejected: non-finite coordinate in the outer ring of the polygon: [nan, 1]."),
    "coordinate_out_of_bounds": (lambda: refusal(geometry_from_geojson, {"type": "Polygon", "coordinates": [
                                     [[48.64, 200], [48.66, 200], [48.66, 201], [48.64, 200]]]}),
                                 "GeoJSON refusé : coordonnée hors limites dans le contour extérieur du polygone : "
                                 "[48.64, 200] (ordre attendu : longitude, latitude).",
                                 "GeoJSON rejected: coordinate out of range in the outer ring of the polygon: "
                                 "[48.64, 200] (expected order: longitude, latitude)."),
}


def test_every_code_has_a_case():
    assert set(CASES) | {"invalid_polygon"} == set(TEMPLATES) | {"invalid_polygon"}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_refusal_is_worded_in_french_and_in_english(code):
    make, french, english = CASES[code]
    error = make()
    assert error.code == code
    with translation.override("fr"):
        assert rule_error(error) == french
    with translation.override("en"):
        assert rule_error(error) == english


def test_an_invalid_polygon_says_why_and_where_in_french_and_in_english():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    error = refusal(geometry_from_geojson, bow_tie)
    with translation.override("fr"):
        assert rule_error(error) == ("GeoJSON refusé : polygone invalide (contour qui se recoupe ou parties qui se "
                                     "chevauchent) ; le contour se recoupe près de la position [0.5, 0.5].")
    with translation.override("en"):
        assert rule_error(error) == ("GeoJSON rejected: invalid polygon (a ring crossing itself or overlapping parts); "
                                     "the ring crosses itself near position [0.5, 0.5].")


def test_a_huge_value_is_quoted_by_its_beginning_only():
    error = refusal(rule, street_label="", lieu_dit="", first_number="1" * 10 + "x" * 100_000)
    assert len(rule_error(error)) < 2 * ECHO_MAX + 60
