"""Carte scolaire import (``import_catchment``): the national collèges file as published, the simple écoles
CSV and GeoJSON zones; replacement per commune, level and school year; the report; and the refusal of
malformed files, with line numbers, changing nothing.

The national file is ``tests/data/carte-scolaire-colleges-35-extrait.csv`` byte for byte (UTF-8
with BOM, CRLF, ``;``, 18 columns). Line numbers are the file's (line 1 is the header). Rows used here:

====  =====  ===========================  =============  ======  ========
line  INSEE  Type_et_Libelle              numbers        parity  Code_RNE
====  =====  ===========================  =============  ======  ========
2     35288  ALLEE BEAUSOLEIL             1 – 9999       PI      0350044H
112   35288  PLACE DU MARCHE AUX LEGUMES  1 – 9999       PI      0350916F
333   35288  PLACE DU MARCHE AUX LEGUMES  1 – 9999       PI      0350044H
296   35288  BOULEVARD CHATEAUBRIAND      1 – 23         I       0350916F
995   35288  BOULEVARD CHATEAUBRIAND      25 – 111       I       0350044H
405   35288  RUE DE LA VILLE JOUAN        5001 A – 5001 A  I     0350896J
461   35288  RUE DE LA GOELETRIE          1 – 39         PI      0350896J
302   35308  LA NOE DAVY (lieu_dit ST PIERRE DE PLESGUEN)  PI    0350707D
====  =====  ===========================  =============  ======  ========

Malformed files are the real bytes with one named line broken.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from example_site.home.demo.catchment import ECOLES_FILE
from mon_enfant.addresses.parsing import street_key
from mon_enfant.catchment import services
from mon_enfant.catchment.importers import SIMPLE_COLUMNS, import_catchment
from mon_enfant.catchment.models import CatchmentImport, CatchmentRule, CatchmentZone, RulesetVersion
from mon_enfant.csvfiles import ImportFileError
from mon_enfant.models import Commune, Street

from ..conftest import TEST_DATA

pytestmark = pytest.mark.django_db

NATIONAL = TEST_DATA / "carte-scolaire-colleges-35-extrait.csv"
DEMO_FIXTURES = Path(__file__).resolve().parents[2] / "example_site" / "fixtures" / "saint-malo"
SAINT_MALO, MESNIL_ROCH, TRESBOEUF = "35288", "35308", "35343"
DUGUAY_TROUIN, CHARCOT, CHATEAUBRIAND = "0350916F", "0350896J", "0350044H"
SIMPLE_HEADER = ";".join(SIMPLE_COLUMNS)


@pytest.fixture(autouse=True)
def fresh_index():
    services.reset()
    yield
    services.reset()


@pytest.fixture
def national():
    return NATIONAL.read_bytes()


def variant(data, line, old, new):
    """The file with ``old`` replaced by ``new`` (first occurrence) on physical ``line`` (1 = header)."""
    lines = data.split(b"\r\n")
    assert old in lines[line - 1], f"{old!r} is not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"\r\n".join(lines)


def only_lines(data, *numbers):
    """The header and the given physical lines of a CRLF file."""
    lines = data.split(b"\r\n")
    return b"\r\n".join([lines[0], *(lines[number - 1] for number in numbers)]) + b"\r\n"


def simple(*rows, header=SIMPLE_HEADER):
    """A simple-format file: rows are dicts of SIMPLE_COLUMNS (missing ones blank) or raw text lines."""
    columns = header.split(";")
    lines = [header]
    for row in rows:
        lines.append(row if isinstance(row, str) else ";".join(str(row.get(name, "")) for name in columns))
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_import(tmp_path, data, *args, name="carte.csv"):
    """Run ``import_catchment``; return (stdout, stderr, CommandError or None)."""
    path = tmp_path / name
    path.write_bytes(data)
    out, err = StringIO(), StringIO()
    try:
        call_command("import_catchment", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def database_state():
    return (
        Commune.objects.count(),
        sorted(CatchmentRule.objects.values_list("commune__code_insee", "level", "school_year", "street_key",
                                                  "first_number", "uai")),
        CatchmentZone.objects.count(),
        CatchmentImport.objects.count(),
        RulesetVersion.current(),
    )


def uais(address, level="college", commune=SAINT_MALO, **kwargs):
    answer = services.lookup(commune, address, level, **kwargs)
    return answer.status, answer.result.uais


@pytest.fixture
def saint_malo(db):
    return Commune.objects.create(name="Saint-Malo", code_insee=SAINT_MALO, postal_codes="35400")


@pytest.fixture
def imported(tmp_path, national):
    """The whole national extract, its three communes created."""
    out, err, error = run_import(tmp_path, national, "--create-communes")
    assert error is None, err
    return out


# --- The national file --------------------------------------------------------------------------


def test_national_file_creates_one_college_rule_per_row_in_each_commune(imported):
    assert CatchmentRule.objects.count() == 1548
    assert set(CatchmentRule.objects.values_list("level", flat=True)) == {"college"}
    counts = {code: CatchmentRule.objects.filter(commune__code_insee=code).count()
              for code in (SAINT_MALO, MESNIL_ROCH, TRESBOEUF)}
    assert counts == {SAINT_MALO: 1274, MESNIL_ROCH: 192, TRESBOEUF: 82}
    assert "1548 lignes lues." in imported
    assert "1548 règles créées." in imported


def test_national_file_creates_the_communes_it_names_with_their_names(imported):
    assert dict(Commune.objects.values_list("code_insee", "name")) == {
        SAINT_MALO: "Saint-Malo", MESNIL_ROCH: "Mesnil-Roc'h", TRESBOEUF: "Tresboeuf",
    }


def test_open_end_9999_is_stored_as_an_open_bound_with_the_line_number(imported):
    rule = CatchmentRule.objects.get(source_line=2)  # ALLEE BEAUSOLEIL;1;;9999;;PI;0350044H
    assert (rule.street_label, rule.street_key, rule.first_number, rule.last_number, rule.parity, rule.uai) == (
        "ALLEE BEAUSOLEIL", "ALLEE BEAUSOLEIL", 1, None, "both", CHATEAUBRIAND,
    )


def test_repetition_letters_and_parity_are_kept(imported):
    rule = CatchmentRule.objects.get(source_line=405)  # RUE DE LA VILLE JOUAN;5001;A;5001;A;I
    assert (rule.first_number, rule.first_repetition, rule.last_number, rule.last_repetition, rule.parity) == (
        5001, "A", 5001, "A", "odd",
    )
    assert rule.street_key == "RUE VILLE JOUAN"


def test_lieu_dit_column_is_kept_as_the_commune_deleguee(imported):
    rule = CatchmentRule.objects.get(source_line=302)
    assert (rule.commune.code_insee, rule.street_label, rule.lieu_dit) == (
        MESNIL_ROCH, "LA NOE DAVY", "ST PIERRE DE PLESGUEN",
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("7 boulevard Chateaubriand", ("found", (DUGUAY_TROUIN,))),  # line 296, odd 1-23
        ("25 bd Chateaubriand", ("found", (CHATEAUBRIAND,))),  # line 995, odd 25-111
        ("5001 A rue de la Ville Jouan", ("found", (CHARCOT,))),  # line 405, repetition index
        ("2 place du Marché aux Légumes", ("found", (CHATEAUBRIAND, DUGUAY_TROUIN))),  # lines 112 and 333
        ("41 rue de la Goëletrie", ("no_sector", ())),  # line 461 stops at 39: a gap
        ("12 allée Beausoleil", ("found", (CHATEAUBRIAND,))),  # line 2, open end
    ],
)
def test_lookups_answer_from_the_imported_rules(imported, address, expected):
    status, found = uais(address)
    assert (str(status), found) == expected


def test_every_commune_level_and_year_gets_an_import_record_with_its_report(imported):
    records = {record.commune.code_insee: record for record in CatchmentImport.objects.all()}
    assert set(records) == {SAINT_MALO, MESNIL_ROCH, TRESBOEUF}
    report = records[SAINT_MALO].report
    assert (records[SAINT_MALO].file_format, records[SAINT_MALO].filename) == ("national", "carte.csv")
    assert (report["rules"], report["replaced"], report["level"], report["school_year"]) == (1274, 0, "college", "")
    assert set(report["unknown_uais"]) == {DUGUAY_TROUIN, CHARCOT, CHATEAUBRIAND}
    assert report["file"]["rows_read"] == 1548
    # Lines 112 and 333: the same square under two collèges, a shared sector of the file.
    shared = {(pair["first"]["line"], pair["second"]["line"]) for pair in report["overlaps"]["shared_sectors"]}
    assert shared == {(112, 333)}
    assert records[SAINT_MALO].rules.count() == 1274


def test_the_lower_case_column_variant_imports_the_same_rules(tmp_path, national):
    header, rest = national.split(b"\r\n", 1)
    out, err, error = run_import(tmp_path, header.lower() + b"\r\n" + rest, "--create-communes")
    assert error is None, err
    assert CatchmentRule.objects.count() == 1548
    assert CatchmentRule.objects.get(source_line=405).first_repetition == "A"


def test_commune_option_keeps_only_the_named_communes(tmp_path, national):
    out, _err, error = run_import(tmp_path, national, "--create-communes", "--commune", TRESBOEUF)
    assert error is None
    assert set(CatchmentRule.objects.values_list("commune__code_insee", flat=True)) == {TRESBOEUF}
    assert list(Commune.objects.values_list("code_insee", flat=True)) == [TRESBOEUF]
    assert "1466 lignes d'autres communes ignorées (filtre --commune)." in out


def test_rows_of_unknown_communes_are_skipped_and_reported_without_create_communes(tmp_path, national, saint_malo):
    out, _err, error = run_import(tmp_path, national)
    assert error is None
    assert set(CatchmentRule.objects.values_list("commune__code_insee", flat=True)) == {SAINT_MALO}
    assert Commune.objects.count() == 1
    assert "192 lignes ignorées : commune 35308 inconnue (utilisez --create-communes)." in out
    assert "82 lignes ignorées : commune 35343 inconnue" in out


def test_rows_of_skipped_communes_are_not_checked(tmp_path, national, saint_malo):
    # Line 270 is Tresboeuf's; the import of Saint-Malo alone must not be refused because of it.
    broken = variant(national, 270, b";I;0351053E", b";X;0351053E")
    _out, err, error = run_import(tmp_path, broken, "--commune", SAINT_MALO)
    assert error is None, err
    assert CatchmentRule.objects.count() == 1274


def test_level_option_sets_the_level_of_the_national_rows(tmp_path, national):
    run_import(tmp_path, national, "--create-communes", "--level", "elementaire", "--commune", TRESBOEUF)
    assert set(CatchmentRule.objects.values_list("level", flat=True)) == {"elementaire"}


def test_school_year_option_dates_the_rules(tmp_path, national):
    run_import(tmp_path, national, "--create-communes", "--school-year", "2026/2027", "--commune", TRESBOEUF)
    assert set(CatchmentRule.objects.values_list("school_year", flat=True)) == {"2026-2027"}


def test_a_rule_naming_an_unknown_school_is_kept_and_reported(tmp_path, national, school_a):
    # school_a is Duguay-Trouin (0350916F): known, so not reported; the two other collèges are not.
    out, _err, _error = run_import(tmp_path, national, "--commune", SAINT_MALO)
    assert CatchmentRule.objects.filter(uai=CHARCOT).count() == 367
    assert ("Écoles inconnues de l'annuaire (règles conservées, à compléter avec l'import des écoles) : "
            "0350044H (467), 0350896J (367).") in out


def test_secteur_unique_rows_become_one_whole_commune_rule(tmp_path, national, saint_malo):
    # Two rows of line 2's layout turned into "secteur unique": they say the same thing once.
    data = only_lines(national, 2, 3)
    data = variant(variant(data, 2, b";N", b";O"), 3, b";N", b";O")
    data = variant(data, 3, b"0350916F", b"0350044H")
    out, err, error = run_import(tmp_path, data)
    assert error is None, err
    rule = CatchmentRule.objects.get()
    assert (rule.whole_commune, rule.street_label, rule.uai) == (True, "", CHATEAUBRIAND)
    assert "1 lignes « secteur unique » en double regroupées." in out
    assert uais("3 rue de Nulle Part") == ("found", (CHATEAUBRIAND,))


# --- Replacement ----------------------------------------------------------------------------------


def test_reimporting_replaces_the_rules_of_the_same_commune_level_and_year(tmp_path, national, imported):
    before_other_communes = CatchmentRule.objects.exclude(commune__code_insee=SAINT_MALO).count()
    # Saint-Malo again, with line 296 (odd 1-23 of the boulevard) handed to Charcot.
    changed = variant(national, 296, b"0350916F", b"0350896J")
    out, _err, error = run_import(tmp_path, changed, "--commune", SAINT_MALO)
    assert error is None
    assert CatchmentRule.objects.filter(commune__code_insee=SAINT_MALO).count() == 1274
    assert CatchmentRule.objects.exclude(commune__code_insee=SAINT_MALO).count() == before_other_communes
    assert "1274 créées, 1274 remplacées" in out
    assert uais("7 boulevard Chateaubriand") == ("found", (CHARCOT,))


def test_an_import_bumps_the_version_stamp_exactly_once(tmp_path, national, saint_malo):
    before = RulesetVersion.current()
    run_import(tmp_path, national, "--commune", SAINT_MALO)
    assert RulesetVersion.current() == before + 1


def test_rules_of_another_school_year_or_level_are_kept(tmp_path, national, saint_malo):
    lines = only_lines(national, 2, 296)
    run_import(tmp_path, lines)
    run_import(tmp_path, lines, "--school-year", "2026-2027")
    run_import(tmp_path, lines, "--level", "maternelle")
    run_import(tmp_path, only_lines(national, 2), "--school-year", "2026-2027")
    scopes = sorted(CatchmentRule.objects.values_list("level", "school_year"))
    assert scopes == [("college", ""), ("college", ""), ("college", "2026-2027"), ("maternelle", ""),
                      ("maternelle", "")]


def test_dry_run_reports_but_changes_nothing(tmp_path, national, saint_malo):
    before = database_state()
    out, _err, error = run_import(tmp_path, national, "--dry-run", "--create-communes")
    assert error is None
    assert database_state() == before
    assert "1548 règles créées." in out
    assert "Simulation : rien n'a été enregistré." in out


def test_a_failure_while_writing_leaves_the_old_rules_and_stamp(tmp_path, national, imported, monkeypatch):
    before = database_state()

    def failing_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CatchmentRule.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        import_catchment(national, communes=[SAINT_MALO])
    assert database_state() == before


def test_report_lists_conflicts_with_their_lines(tmp_path, national, saint_malo):
    # Lines 296 (odd 1-23, Duguay-Trouin) and 995 (odd 25-111, Chateaubriand), the latter widened to 21.
    data = variant(only_lines(national, 296, 995), 3, b";25;", b";21;")
    out, _err, error = run_import(tmp_path, data)
    assert error is None
    assert "Chevauchements : 1 conflits, 0 secteurs partagés, 0 doublons." in out
    assert "BOULEVARD CHATEAUBRIAND, du n° 1 au n° 23, côté impair → 0350916F (ligne 2)" in out
    assert "du n° 21 au n° 111, côté impair → 0350044H (ligne 3)" in out


def test_report_lists_streets_without_rule_when_the_address_index_has_streets(tmp_path, national, saint_malo):
    for label in ("Allée Beausoleil", "Rue de Nulle Part"):
        Street.objects.create(commune=saint_malo, label=label, key=street_key(label))
    run_import(tmp_path, only_lines(national, 2))
    report = CatchmentImport.objects.get().report
    assert (report["known_streets"], report["streets_without_rule"]) == (2, ["Rue de Nulle Part"])


# --- The simple format (écoles) -------------------------------------------------------------------


def test_simple_file_reads_levels_parity_ranges_priorities_and_notes(tmp_path, saint_malo):
    data = simple(
        {"code_insee": SAINT_MALO, "niveau": "élémentaire", "voie": "RUE DE LA VILLE JOUAN", "uai": "0359904D"},
        {"code_insee": SAINT_MALO, "niveau": "Elementaire", "voie": "RUE DE LA VILLE JOUAN", "parite": "pair",
         "du": "2", "au": "40", "uai": "0359905E", "priorite": "10", "remarque": "Logements neufs"},
        {"code_insee": SAINT_MALO, "niveau": "maternelle", "voie": "rue de Trichet", "parite": "impair",
         "du": "1", "au": "14", "indice_au": "ter", "uai": "0359903c", "id_voie": "35288_1097"},
    )
    _out, err, error = run_import(tmp_path, data)
    assert error is None, err
    override = CatchmentRule.objects.get(uai="0359905E")
    assert (override.level, override.parity, override.first_number, override.last_number, override.priority,
            override.note, override.source_line) == ("elementaire", "even", 2, 40, 10, "Logements neufs", 3)
    trichet = CatchmentRule.objects.get(level="maternelle")
    assert (trichet.uai, trichet.last_repetition, trichet.street_id, trichet.street_key) == (
        "0359903C", "TER", "35288_1097", "RUE TRICHET",
    )
    assert uais("12 rue de la Ville Jouan", "elementaire") == ("found", ("0359905E",))
    assert uais("42 rue de la Ville Jouan", "elementaire") == ("found", ("0359904D",))


def test_simple_file_primaire_level_makes_a_rule_for_both_first_degree_levels(tmp_path, saint_malo):
    run_import(tmp_path, simple({"code_insee": SAINT_MALO, "niveau": "primaire", "voie": "RUE DE METZ",
                                 "uai": "0359901A"}))
    assert sorted(CatchmentRule.objects.values_list("level", flat=True)) == ["elementaire", "maternelle"]


@pytest.mark.parametrize(
    "row",
    [
        {"voie": "", "secteur_unique": "oui"},
        {"voie": "Toute la commune"},
        {"voie": "SECTEUR UNIQUE", "secteur_unique": "O"},
    ],
)
def test_simple_file_whole_commune_is_an_empty_voie_with_secteur_unique_or_a_keyword(tmp_path, saint_malo, row):
    _out, err, error = run_import(
        tmp_path, simple({"code_insee": SAINT_MALO, "niveau": "maternelle", "uai": "0359901A", **row})
    )
    assert error is None, err
    rule = CatchmentRule.objects.get()
    assert (rule.whole_commune, rule.street_label) == (True, "")
    assert uais("8 rue de Metz", "maternelle") == ("found", ("0359901A",))


def test_simple_file_rows_of_several_school_years_replace_each_year_separately(tmp_path, saint_malo):
    row = {"code_insee": SAINT_MALO, "niveau": "maternelle", "voie": "RUE DE METZ", "uai": "0359901A"}
    run_import(tmp_path, simple(row, {**row, "annee_scolaire": "2027-2028", "uai": "0359903C"}))
    assert sorted(CatchmentImport.objects.values_list("school_year", flat=True)) == ["", "2027-2028"]
    assert uais("8 rue de Metz", "maternelle", school_year="2026-2027") == ("found", ("0359901A",))
    assert uais("8 rue de Metz", "maternelle", school_year="2027-2028") == ("found", ("0359903C",))


def test_simple_file_level_option_fills_rows_without_level(tmp_path, saint_malo):
    data = simple({"code_insee": SAINT_MALO, "voie": "RUE DE METZ", "uai": "0359901A"})
    run_import(tmp_path, data, "--level", "maternelle")
    assert CatchmentRule.objects.get().level == "maternelle"


def test_the_demo_ecoles_file_covers_both_levels_on_the_college_streets(tmp_path, saint_malo):
    out, err, error = run_import(tmp_path, (DEMO_FIXTURES / ECOLES_FILE).read_bytes())
    assert error is None, err
    assert "0 conflits, 2 secteurs partagés, 0 doublons" in out
    assert uais("7 boulevard Chateaubriand", "elementaire") == ("found", ("0359902B",))  # odd side
    assert uais("8 boulevard Chateaubriand", "elementaire") == ("found", ("0359904D",))  # even side
    assert uais("8 boulevard Chateaubriand", "maternelle") == ("found", ("0359903C",))
    assert uais("3 avenue Saint-Michel", "elementaire") == ("found", ("0359902B", "0359904D"))  # shared
    assert uais("12 rue de la Ville Jouan", "elementaire") == ("found", ("0359905E",))  # priority override
    assert uais("14 ter rue de Trichet", "elementaire") == ("found", ("0359904D",))  # "au 14 ter"
    assert uais("15 rue de Trichet", "elementaire") == ("found", ("0359902B",))
    assert uais("41 rue de la Goëletrie", "maternelle")[0] == "no_sector"  # gap after 39


# --- GeoJSON zones ------------------------------------------------------------------------------

SQUARE = [[[-2.03, 48.64], [-2.00, 48.64], [-2.00, 48.66], [-2.03, 48.66], [-2.03, 48.64]]]
INSIDE = (48.65, -2.01)


def feature(geometry=None, **properties):
    return {
        "type": "Feature",
        "properties": {"code_insee": SAINT_MALO, "niveau": "maternelle", "uai": "0359901A", "nom": "Intra-muros",
                       **properties},
        "geometry": geometry if geometry is not None else {"type": "Polygon", "coordinates": SQUARE},
    }


def geojson(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, indent=1).encode()


def test_geojson_zones_are_imported_and_answer_for_a_point_inside(tmp_path, saint_malo):
    other = {"type": "MultiPolygon", "coordinates": [[[[-1.99, 48.62], [-1.97, 48.62], [-1.97, 48.64],
                                                       [-1.99, 48.62]]]]}
    out, err, error = run_import(tmp_path, geojson(feature(), feature(other, uai="0359903C", nom="Est",
                                                                      priorite=2)), name="zones.geojson")
    assert error is None, err
    assert "2 zones créées." in out
    zone = CatchmentZone.objects.get(uai="0359903C")
    assert (zone.name, zone.priority, zone.geometry["type"], zone.level) == ("Est", 2, "MultiPolygon", "maternelle")
    assert uais("1 rue de Nulle Part", "maternelle", point=INSIDE) == ("found", ("0359901A",))


def test_geojson_reimport_replaces_the_zones_of_the_same_scope_and_keeps_the_rules(tmp_path, saint_malo):
    run_import(tmp_path, simple({"code_insee": SAINT_MALO, "niveau": "maternelle", "voie": "RUE DE METZ",
                                 "uai": "0359901A"}))
    run_import(tmp_path, geojson(feature(), feature(uai="0359903C")), name="zones.geojson")
    run_import(tmp_path, geojson(feature(uai="0359903C")), name="zones.geojson")
    assert list(CatchmentZone.objects.values_list("uai", flat=True)) == ["0359903C"]
    assert CatchmentRule.objects.count() == 1


def test_geojson_features_may_take_commune_and_level_from_the_options(tmp_path, saint_malo):
    bare = {"type": "Feature", "properties": {"uai": "0359901A"},
            "geometry": {"type": "Polygon", "coordinates": SQUARE}}
    _out, err, error = run_import(tmp_path, geojson(bare), "--commune", SAINT_MALO, "--level", "elementaire")
    assert error is None, err
    assert CatchmentZone.objects.get().level == "elementaire"


# --- Malformed files: refused with line numbers, nothing changes -----------------------------------


def national_header_renamed(data):
    return variant(data, 1, b"Parite", b"Parity")


MALFORMED_NATIONAL = [
    # (case, how the real file is broken, expected error text)
    ("wrong header", lambda d: b"nom;prenom\r\nDupont;Jean\r\n", "Ligne 1 : en-tête non reconnu"),
    ("missing column", national_header_renamed, "Ligne 1 : colonnes manquantes pour le format fichier national "
                                                "de la carte scolaire : parite."),
    ("wrong column count", lambda d: variant(d, 10, b";PI;", b";"), "Ligne 10 : 17 colonnes trouvées, 18 attendues"),
    ("bad INSEE", lambda d: variant(d, 3, b";35288;", b";3528X;"), "Ligne 3 : code INSEE « 3528X » invalide"),
    ("bad UAI", lambda d: variant(d, 4, b"0350916F", b"0350916"),
     "Ligne 4 : Code_RNE « 0350916 » n'est pas un code UAI"),
    ("bad parity", lambda d: variant(d, 5, b";PI;", b";X;"), "Ligne 5 : parité « X » inconnue (P, I ou PI)."),
    ("bad number", lambda d: variant(d, 6, b";1;;9999;", b";un;;9999;"),
     "Ligne 6 : n° de début « un » : un nombre entier positif est attendu."),
    ("negative number", lambda d: variant(d, 6, b";1;;9999;", b";-1;;9999;"), "Ligne 6 : n° de début « -1 »"),
    ("number too large", lambda d: variant(d, 6, b";9999;", b";1234567;"),
     "Ligne 6 : n° de fin « 1234567 » hors limites"),
    ("start after end", lambda d: variant(d, 296, b";1;;23;", b";30;;23;"), "Ligne 296 : Plage inversée"),
    ("bad repetition", lambda d: variant(d, 405, b";5001;A;", b";5001;ZZ;"),
     "Ligne 405 : indice de répétition « ZZ » inconnu"),
    ("bad Secteur_unique", lambda d: variant(d, 7, b";N", b";peut-etre"),
     "Ligne 7 : Secteur_unique « peut-etre » : O (oui) ou N (non) attendu."),
    ("empty street label", lambda d: variant(d, 6, b"ALLEE DE L AVISO", b""), "Ligne 6 : Libellé de voie vide"),
    ("bad encoding", lambda d: variant(d, 9, b"Saint-Malo", "Saint-Malö".encode("latin-1")),
     "Ligne 9 : le fichier n'est pas encodé en UTF-8"),
    ("empty file", lambda d: b"", "Le fichier est vide."),
    ("BOM only", lambda d: b"\xef\xbb\xbf\r\n", "Le fichier est vide."),
    ("binary file", lambda d: b"PK\x03\x04\x00\x00" + d[:100], "n'est pas un fichier texte CSV"),
]


@pytest.mark.parametrize(("case", "breaker", "message"), MALFORMED_NATIONAL, ids=[c[0] for c in MALFORMED_NATIONAL])
def test_malformed_national_file_is_refused_with_its_line_and_changes_nothing(
    tmp_path, national, imported, case, breaker, message
):
    before = database_state()
    _out, err, error = run_import(tmp_path, breaker(national), "--create-communes")
    assert error is not None and "rien n'a été modifié" in str(error)
    assert message in err
    assert database_state() == before


def test_every_bad_line_is_reported_not_only_the_first(tmp_path, national, saint_malo):
    broken = variant(variant(national, 5, b";PI;", b";X;"), 1200, b";N", b";Z")
    _out, err, _error = run_import(tmp_path, broken)
    assert "Ligne 5 :" in err and "Ligne 1200 :" in err


@pytest.mark.parametrize(
    ("case", "row", "message"),
    [
        ("bad level", {"niveau": "lycée"}, "Ligne 2 : niveau « lycée » inconnu"),
        ("no level", {"niveau": ""}, "Ligne 2 : niveau manquant"),
        ("bad priority", {"priorite": "haute"}, "Ligne 2 : priorité « haute »"),
        ("bad school year", {"annee_scolaire": "2026-2028"}, "Ligne 2 : année scolaire refusée"),
        ("bad parity", {"parite": "les deux"}, "Ligne 2 : parité « les deux » inconnue"),
        ("whole commune with a street", {"secteur_unique": "oui"}, "Ligne 2 : « secteur_unique » vaut oui"),
        ("no street", {"voie": ""}, "Ligne 2 : voie manquante"),
        ("bad UAI", {"uai": "ECOLE"}, "Ligne 2 : uai « ECOLE » n'est pas un code UAI"),
        ("bad repetition", {"du": "3", "indice_du": "bisou"}, "Ligne 2 : indice de répétition « bisou » inconnu"),
        ("start after end", {"du": "10", "au": "2"}, "Ligne 2 : Plage inversée"),
    ],
)
def test_malformed_simple_file_is_refused_with_its_line(tmp_path, saint_malo, case, row, message):
    base = {"code_insee": SAINT_MALO, "niveau": "maternelle", "voie": "RUE DE METZ", "uai": "0359901A"}
    before = database_state()
    _out, err, error = run_import(tmp_path, simple({**base, **row}))
    assert error is not None
    assert message in err
    assert database_state() == before


@pytest.mark.parametrize(
    ("case", "data", "message"),
    [
        ("unreadable JSON", b'{"type": "FeatureCollection",\n "features": [\n}', "Ligne 3 : JSON illisible"),
        ("not a collection", json.dumps({"type": "Polygon", "coordinates": SQUARE}).encode(),
         "une FeatureCollection"),
        ("no feature", geojson(), "ne contient aucun objet"),
        ("unclosed ring", geojson(feature(), feature({"type": "Polygon", "coordinates": [SQUARE[0][:-1]]})),
         "Zone n° 2 (« Intra-muros ») : GeoJSON refusé : le contour extérieur du polygone n'est pas fermé"),
        ("point", geojson(feature({"type": "Point", "coordinates": [-2.0, 48.6]})),
         "Zone n° 1 (« Intra-muros ») : GeoJSON refusé : type « Point » non pris en charge"),
        ("self-intersecting", geojson(feature({"type": "Polygon", "coordinates": [
            [[-2.03, 48.64], [-2.00, 48.66], [-2.00, 48.64], [-2.03, 48.66], [-2.03, 48.64]]]})),
         "polygone invalide"),
        ("missing UAI", geojson(feature(uai="")), "Zone n° 1 (« Intra-muros ») : uai manquant"),
        ("bad level", geojson(feature(niveau="lycee")), "niveau « lycee » manquant ou inconnu"),
    ],
)
def test_malformed_geojson_is_refused_with_the_feature_number(tmp_path, saint_malo, case, data, message):
    before = database_state()
    _out, err, error = run_import(tmp_path, data, name="zones.geojson")
    assert error is not None
    assert message in err
    assert database_state() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--school-year", "2026-2028"], "Année scolaire refusée"),
        (["--commune", "ABCDE"], "Code INSEE invalide dans --commune : ABCDE."),
    ],
)
def test_bad_options_are_refused_before_reading(tmp_path, national, saint_malo, args, message):
    _out, err, error = run_import(tmp_path, national, *args)
    assert error is not None and message in err
    assert not CatchmentRule.objects.exists()


def test_importer_raises_import_file_error_for_callers_other_than_the_command(national):
    with pytest.raises(ImportFileError) as excinfo:
        import_catchment(variant(national, 5, b";PI;", b";X;"), create_communes=True)
    assert [error.line for error in excinfo.value.errors] == [5]
