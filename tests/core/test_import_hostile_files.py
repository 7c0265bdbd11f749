"""Files written to hurt, refused the same way by the four importers (schools, addresses, carte scolaire,
fees), since all of them read through the core's ``csvfiles``:

* a NUL character anywhere in the file, which PostgreSQL cannot store ("A string literal cannot contain
  NUL"), is refused with its line, not only in the first 4 KB, where it marks a binary file;
* a cell beyond the CSV reader's size limit is refused in French, with the line where it starts;
* a refusal quotes at most 40 characters of a cell, however long the cell;
* numbers and codes are read in ASCII digits only.

Each refusal changes nothing. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/mon_enfant_hostile`` runs
them against PostgreSQL, where a NUL that got through would raise ``DataError``.
"""

import csv

import pytest

from mon_enfant.addresses.ban import BAN_COLUMNS, import_addresses
from mon_enfant.catchment.importers import SIMPLE_COLUMNS, import_catchment
from mon_enfant.catchment.models import CatchmentRule
from mon_enfant.csvfiles import ImportFileError
from mon_enfant.fees.importers import import_fees
from mon_enfant.fees.models import FeeGrid, Service
from mon_enfant.importers import import_schools
from mon_enfant.models import Address, Commune, School, Street

pytestmark = pytest.mark.django_db

ARABIC_ZERO, ARABIC_FIVE = "\u0660", "\u0665"


def school_lines(**cells):
    values = {"uai": "0359999Z", "nom": "École du Port", "niveau": "elementaire", "code_insee": "35288",
              "latitude": "48.64", "longitude": "-2.02", "code_postal": "35400", **cells}
    return ";".join(values), ";".join(values.values())


def address_lines(**cells):
    values = {"id": "35288_abcd_00001", "numero": "1", "nom_voie": "Rue du Port", "code_postal": "35400",
              "code_insee": "35288", "nom_commune": "Saint-Malo", "lon": "-2.02", "lat": "48.64", **cells}
    return ";".join(BAN_COLUMNS), ";".join(values.get(name, "") for name in BAN_COLUMNS)


def catchment_lines(**cells):
    values = {"code_insee": "35288", "niveau": "elementaire", "voie": "Rue du Port", "parite": "tous", "du": "1",
              "au": "99", "uai": "0350896J", **cells}
    return ";".join(SIMPLE_COLUMNS), ";".join(values.get(name, "") for name in SIMPLE_COLUMNS)


def fee_lines(**cells):
    values = {"code_insee": "35288", "annee_scolaire": "2026-2027", "prestation": "Cantine", "unite": "repas",
              "public": "resident", "methode": "forfait", "qf_min": "", "qf_max": "", "prix": "3,10", **cells}
    return ";".join(values), ";".join(values.values())


def everything():
    """What any of the four imports could have written."""
    return [model.objects.count() for model in (Commune, School, Street, Address, CatchmentRule, Service, FeeGrid)]


# importer, one valid row's (header, row) with some cells replaced, a text cell, a cell that is quoted
# when refused, a numeric cell.
IMPORTERS = {
    "schools": (import_schools, school_lines, "nom", "uai", "latitude"),
    "addresses": (import_addresses, address_lines, "nom_voie", "numero", "lat"),
    "catchment": (import_catchment, catchment_lines, "voie", "uai", "priorite"),
    "fees": (import_fees, fee_lines, "prestation", "unite", "prix"),
}


@pytest.fixture(params=IMPORTERS)
def importer(request, commune_a):
    return IMPORTERS[request.param]


def refusal(run, data):
    before = everything()
    with pytest.raises(ImportFileError) as refused:
        run(data)
    assert everything() == before
    return refused.value.errors


def test_each_file_of_these_tests_imports_when_nothing_is_wrong_with_it(importer):
    run, lines, *_columns = importer
    header, row = lines()
    run(f"{header}\n{row}\n".encode())


def test_a_nul_character_after_the_first_4_kb_is_refused_with_its_line(importer):
    run, lines, text_column, *_columns = importer
    header, row = lines(**{text_column: "Rue du\x00Port"})
    # Blank lines are skipped by every import: the row is line 5002, far beyond the first 4 KB.
    (error,) = refusal(run, (header + "\n" * 5001 + row + "\n").encode())
    assert error.line == 5002
    assert str(error) == (
        "Ligne 5002 : caractère nul (U+0000) refusé : ce caractère invisible, souvent laissé par un export, "
        "ne peut pas être enregistré. Supprimez-le du fichier."
    )


def test_a_nul_character_in_the_first_4_kb_still_marks_a_binary_file(importer):
    run, lines, text_column, *_columns = importer
    header, row = lines(**{text_column: "Rue du\x00Port"})
    (error,) = refusal(run, f"{header}\n{row}\n".encode())
    assert str(error) == "Ce fichier n'est pas un fichier texte CSV (fichier binaire ?)."


def test_a_cell_beyond_the_csv_size_limit_is_refused_in_french_at_the_line_where_it_starts(importer):
    run, lines, text_column, *_columns = importer
    limit = csv.field_size_limit()
    header, row = lines(**{text_column: "x" * (limit + 1)})
    (error,) = refusal(run, f"{header}\n{row}\n".encode())
    assert str(error) == (
        f"Ligne 2 : CSV mal formé : une cellule de plus de {limit} caractères commence ici, souvent à cause "
        "d'un guillemet (\") ouvert et jamais refermé."
    )


def test_a_quote_never_closed_is_refused_at_the_line_where_its_cell_starts(importer):
    run, lines, text_column, *_columns = importer
    header, row = lines(**{text_column: '"Rue du Port'})
    other_rows = "\n".join(["x;y"] * (csv.field_size_limit() // 3))
    (error,) = refusal(run, f"{header}\n{row}\n{other_rows}\n".encode())
    assert error.line == 2
    assert "guillemet" in error.message


def test_a_refusal_quotes_forty_characters_of_a_huge_cell(importer):
    run, lines, _text_column, quoted_column, _number_column = importer
    header, row = lines(**{quoted_column: "Z" * 100_000})
    errors = refusal(run, f"{header}\n{row}\n".encode())
    message = " ".join(str(error) for error in errors)
    assert "Z" * 40 + "…" in message
    assert "Z" * 41 not in message


@pytest.mark.parametrize("digits", ["4" + ARABIC_FIVE, ARABIC_FIVE, "\uff15"])
def test_a_number_written_in_another_scripts_digits_is_refused(importer, digits):
    run, lines, _text_column, _quoted_column, number_column = importer
    header, row = lines(**{number_column: digits})
    (error,) = refusal(run, f"{header}\n{row}\n".encode())
    assert error.line == 2


def test_a_ban_postcode_written_in_another_scripts_digits_is_refused(commune_a):
    header, row = address_lines(code_postal="3540" + ARABIC_ZERO)
    (error,) = refusal(import_addresses, f"{header}\n{row}\n".encode())
    assert str(error) == "Ligne 2 : code postal « 3540\u0660 » invalide (5 chiffres attendus)."


@pytest.mark.parametrize("postcode", ["3540", "354000", "35 400", "F3540"])
def test_a_ban_postcode_other_than_five_digits_is_refused(commune_a, postcode):
    header, row = address_lines(code_postal=postcode)
    (error,) = refusal(import_addresses, f"{header}\n{row}\n".encode())
    assert "code postal" in error.message


def test_a_ban_row_without_postcode_is_kept(commune_a):
    header, row = address_lines(code_postal="")
    import_addresses(f"{header}\n{row}\n".encode())
    assert Address.objects.get().postcode == ""


def test_a_national_nature_code_in_another_scripts_digits_is_not_a_level(commune_a):
    """``int("١٠١")`` is 101, an école maternelle: the row is skipped as a level the app does not handle."""
    header = "Code établissement;Appellation officielle;Secteur Public/Privé;Adresse;Code postal;Commune;" \
             "Latitude;Longitude;Code nature;Code commune"
    row = "0359999Z;École du Port;Public;1 rue du Port;35400;Saint-Malo;48.64;-2.02;\u0661\u0660\u0661;35288"
    report = import_schools(f"{header}\n{row}\n".encode())
    assert report.created == []
    assert [uai for _line, uai, _nature in report.skipped_levels] == ["0359999Z"]
