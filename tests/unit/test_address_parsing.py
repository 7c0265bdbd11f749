"""Specifications of mon_enfant.addresses.parsing: house numbers, repetition indexes and street keys.

Real labels come from the extracts in tests/data (see that folder's README); each case taken
from a file names the file and the line (line 1 being the header).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from mon_enfant.addresses.parsing import (
    REPETITION_ORDER,
    HouseNumber,
    ParsedAddress,
    normalize_repetition,
    parse_address,
    parse_house_number,
    repetition_rank,
    street_key,
    street_type_and_name,
)
from tests.testdata import TEST_DATA

DATA_DIR = TEST_DATA
CARTE_SCOLAIRE = DATA_DIR / "carte-scolaire-colleges-35-extrait.csv"
BAN_ADRESSES = DATA_DIR / "ban-adresses-38002-extrait.csv"


def _read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the national file starts with a BOM that would otherwise stick to the first column name.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


# --- Repetition indexes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("bis", "BIS"),
        ("BIS", "BIS"),
        ("Bis", "BIS"),
        (" bis. ", "BIS"),
        ("ter", "TER"),
        ("quater", "QUATER"),
        ("qua", "QUATER"),
        ("quinquies", "QUINQUIES"),
        ("quin", "QUINQUIES"),
        ("a", "A"),  # BAN rep column, lower case
        ("A", "A"),  # carte scolaire Indice_de_repetition_debut, line 405
        ("b", "B"),  # a letter stays a letter, never "BIS"
        ("T", "T"),
        ("z", "Z"),
    ],
)
def test_normalize_repetition_returns_canonical_form(raw, canonical):
    assert normalize_repetition(raw) == canonical


@pytest.mark.parametrize("raw", ["bi", "AB", "1", "é+", "tertio", "-"])
def test_normalize_repetition_rejects_unknown_values(raw):
    with pytest.raises(ValueError):
        normalize_repetition(raw)


@pytest.mark.parametrize(
    ("canonical", "rank"),
    [("", 0), ("BIS", 1), ("TER", 2), ("QUATER", 3), ("QUINQUIES", 4), ("A", 10), ("B", 11), ("Z", 35)],
)
def test_repetition_rank_follows_documented_order(canonical, rank):
    assert repetition_rank(canonical) == rank
    assert REPETITION_ORDER[canonical] == rank


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        (HouseNumber(34), HouseNumber(34, "BIS")),
        (HouseNumber(34, "BIS"), HouseNumber(34, "TER")),
        (HouseNumber(34, "TER"), HouseNumber(34, "QUATER")),
        (HouseNumber(34, "QUINQUIES"), HouseNumber(34, "A")),
        (HouseNumber(34, "A"), HouseNumber(34, "B")),
        (HouseNumber(34, "Z"), HouseNumber(35)),
        (HouseNumber(34, "TER"), HouseNumber(35)),
        (HouseNumber(9, "BIS"), HouseNumber(10)),
    ],
)
def test_house_numbers_sort_by_number_then_repetition(lower, higher):
    assert lower.sort_key() < higher.sort_key()


@pytest.mark.parametrize(
    ("house_number", "shown"),
    [
        (HouseNumber(12), "12"),
        (HouseNumber(34, "BIS"), "34 bis"),
        (HouseNumber(34, "QUINQUIES"), "34 quinquies"),
        (HouseNumber(5001, "A"), "5001 A"),
    ],
)
def test_house_number_displays_latin_words_lower_and_letters_upper(house_number, shown):
    assert str(house_number) == shown


def test_house_number_normalizes_raw_repetition_so_ban_values_compare_equal():
    assert HouseNumber(34, "bis") == HouseNumber(34, "BIS")


@pytest.mark.parametrize(("number", "repetition"), [(-1, ""), (True, ""), ("12", ""), (12, "xyz")])
def test_house_number_rejects_invalid_values(number, repetition):
    with pytest.raises(ValueError):
        HouseNumber(number, repetition)


# --- Leading house numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "repetition", "rest"),
    [
        ("34 bis rue Guy-Ropartz", 34, "BIS", "rue Guy-Ropartz"),
        ("34bis rue Guy-Ropartz", 34, "BIS", "rue Guy-Ropartz"),
        ("34-bis rue Guy-Ropartz", 34, "BIS", "rue Guy-Ropartz"),
        ("34 BIS, rue Guy-Ropartz", 34, "BIS", "rue Guy-Ropartz"),
        ("34 B rue X", 34, "B", "rue X"),
        ("34B rue X", 34, "B", "rue X"),
        ("34-B rue X", 34, "B", "rue X"),
        ("34 b, rue X", 34, "B", "rue X"),
        ("3 A rue X", 3, "A", "rue X"),
        ("34Z rue X", 34, "Z", "rue X"),
        ("34, rue X", 34, "", "rue X"),
        ("34 rue X", 34, "", "rue X"),
        ("34 quater rue X", 34, "QUATER", "rue X"),
        ("34quinquies rue X", 34, "QUINQUIES", "rue X"),
        ("34 qua rue X", 34, "QUATER", "rue X"),
        # carte scolaire line 405: No_de_voie_debut 5001, Indice_de_repetition_debut A
        ("5001 A RUE DE LA VILLE JOUAN", 5001, "A", "RUE DE LA VILLE JOUAN"),
        ("n° 5 rue X", 5, "", "rue X"),
        ("12", 12, "", ""),
        ("34 bis", 34, "BIS", ""),
    ],
)
def test_parse_house_number_reads_number_and_repetition_forms(text, number, repetition, rest):
    assert parse_house_number(text) == (HouseNumber(number, repetition), rest)


@pytest.mark.parametrize(
    ("text", "number", "repetition", "rest"),
    [
        ("34 ter rue X", 34, "TER", "rue X"),
        ("34 ter, rue X", 34, "TER", "rue X"),
        ("34 ter", 34, "TER", ""),
        ("34 ter av. Foch", 34, "TER", "av. Foch"),
        ("34 ter Jean Jaurès", 34, "TER", "Jean Jaurès"),
        ("34ter des Lilas", 34, "TER", "des Lilas"),  # glued to the number: always the index
        ("12 ter des Lilas", 12, "", "ter des Lilas"),
        ("12 ter du Moulin", 12, "", "ter du Moulin"),
        ("12 Ter de la Gare", 12, "", "Ter de la Gare"),
        ("12 ter d'Aurigny", 12, "", "ter d'Aurigny"),
        ("12 qua des Lilas", 12, "", "qua des Lilas"),
    ],
)
def test_parse_house_number_reads_ter_as_terrasse_only_before_an_article(text, number, repetition, rest):
    assert parse_house_number(text) == (HouseNumber(number, repetition), rest)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("3 A la Fontaine", "A la Fontaine"),
        ("3 à la Fontaine", "à la Fontaine"),
        ("34 Z rue X", "Z rue X"),  # separate letters only A-D
        ("34 E rue X", "E rue X"),
        ("34 D'Artagnan", "D'Artagnan"),
    ],
)
def test_parse_house_number_keeps_a_lone_letter_in_the_street_when_it_is_not_an_index(text, rest):
    assert parse_house_number(text) == (HouseNumber(int(text.split()[0])), rest)


@pytest.mark.parametrize(
    "text",
    [
        "1er Mai",
        "1ER MAI",
        "1ère Armée",
        "2ème Avenue",
        "2nd Empire",
        "47e Régiment d'Infanterie",
        "12abc rue",
    ],
)
def test_parse_house_number_does_not_eat_ordinals(text):
    assert parse_house_number(text) == (None, text)


def test_parse_house_number_reads_a_glued_e_as_index_before_a_street_type():
    assert parse_house_number("12e rue X") == (HouseNumber(12, "E"), "rue X")


@pytest.mark.parametrize(
    "text",
    ["12-14 rue X", "12 - 14 rue X", "12/14 rue X", "12 à 14 rue X", "12 a 14 rue X", "12-14, rue X"],
)
def test_parse_house_number_keeps_the_first_number_of_a_range(text):
    assert parse_house_number(text) == (HouseNumber(12), "rue X")


@pytest.mark.parametrize(("text", "repetition"), [("12bis-14 rue X", "BIS"), ("12 bis-14 rue X", "BIS")])
def test_parse_house_number_keeps_the_first_index_of_a_range(text, repetition):
    assert parse_house_number(text) == (HouseNumber(12, repetition), "rue X")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  34   bis   rue  X  ", (HouseNumber(34, "BIS"), "rue X")),
        ("34\u00a0bis\u00a0rue X", (HouseNumber(34, "BIS"), "rue X")),
        ("34\u202frue\tX", (HouseNumber(34), "rue X")),
        ("rue X", (None, "rue X")),
        ("  rue   X ", (None, "rue X")),
        ("rue du 8 Mai 1945", (None, "rue du 8 Mai 1945")),
        ("123456 rue X", (None, "123456 rue X")),
        ("", (None, "")),
        ("   ", (None, "")),
    ],
)
def test_parse_house_number_cleans_spaces_and_returns_none_without_a_number(text, expected):
    assert parse_house_number(text) == expected


# --- Whole addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "street"),
    [
        (
            "34 bis av. du Général de Gaulle, 35400 Saint-Malo",
            HouseNumber(34, "BIS"),
            "av. du Général de Gaulle",
        ),
        ("12 rue X 35400 Saint-Malo", HouseNumber(12), "rue X"),
        ("12 rue X, 35400", HouseNumber(12), "rue X"),
        ("12 rue X, 35400 Saint-Malo, France", HouseNumber(12), "rue X"),
        ("12 rue X, 35400 SAINT MALO CEDEX", HouseNumber(12), "rue X"),
        ("Rue du 8 Mai 1945, 35400 Saint-Malo", None, "Rue du 8 Mai 1945"),
        ("12 rue du 1er Mai", HouseNumber(12), "rue du 1er Mai"),
        # A leading five-digit number is a metric house number, not a postcode.
        ("10250 route de Y", HouseNumber(10250), "route de Y"),
    ],
)
def test_parse_address_drops_postcode_and_commune(text, number, street):
    assert parse_address(text) == ParsedAddress(number, street, street_key(street))


def test_parse_address_gives_key_of_the_guy_ropartz_example():
    assert parse_address("34 bis rue Guy-Ropartz") == ParsedAddress(
        HouseNumber(34, "BIS"), "rue Guy-Ropartz", "RUE GUY ROPARTZ"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!!",
        ", , ,",
        "\u00a0",
        "x" * 10_000,
        "1" * 10_000,
        "12 " * 3_400,
        ", " * 5_000,
        "12345 " * 1_700,
        "é'-" * 3_400,
    ],
)
def test_parse_address_never_raises_and_stays_fast_on_garbage(text):
    started = time.perf_counter()
    parsed = parse_address(text)
    assert time.perf_counter() - started < 0.5
    assert isinstance(parsed, ParsedAddress)
    assert parsed.street_key == street_key(parsed.street)


@pytest.mark.parametrize("text", ["", "   ", "!!!", ", , ,", "-'"])
def test_parse_address_returns_empty_results_for_text_without_words(text):
    assert parse_address(text) == ParsedAddress(None, "", "")


def test_parse_address_reads_digits_only_as_a_number_without_street():
    assert parse_address("12") == ParsedAddress(HouseNumber(12), "", "")


# --- Street keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        # carte scolaire Mesnil-Roc'h line 1028 has "RUE DU GENERAL DE GAULLE".
        (
            "av. du Général de Gaulle",
            "AVENUE DU GENERAL DE GAULLE",
            "Avenue du Général de Gaulle",
            "AV GAL DE GAULLE",
        ),
        ("RUE DU GENERAL DE GAULLE", "r. du Gal de Gaulle", "Rue du Gén. de Gaulle", "rue gl de gaulle"),
        ("Rue de l'Aviso", "RUE DE L AVISO", "rue de l’aviso"),
        ("Allée d’Aurigny", "ALLEE D AURIGNY", "Allée d'Aurigny", "all. d`Aurigny"),  # carte scolaire line 3
        ("Bd de la Mer", "Bld de la Mer", "BOULEVARD DE LA MER", "boul. de la mer"),
        ("Rue de St-Malo", "Rue de Saint Malo", "RUE DE SAINT-MALO", "rue de st malo"),
        ("Rue du Cœur", "RUE DU COEUR", "rue du coeur"),
        ("Rue de l'Ænigme", "RUE DE L AENIGME"),
        ("Rue du 1er Mai", "RUE DU 1ER MAI", "rue du 1ère Mai", "rue du Premier Mai", "RUE DU 1RE MAI"),
        ("Rue Albert Ier", "RUE ALBERT 1ER", "rue Albert 1er"),  # carte scolaire line 122
        (
            "Rue du IIe Empire",
            "RUE DU 2E EMPIRE",
            "rue du 2ème Empire",
            "rue du 2eme empire",
            "RUE DU 2ND EMPIRE",
        ),
        # carte scolaire line 853
        ("AVENUE DU 47E REGIMENT D INFANTERIE", "Av. du 47ème Régiment d'Infanterie"),
        ("Place du Mal Leclerc", "PLACE DU MARECHAL LECLERC"),  # carte scolaire line 1128
        ("Rue du Dr Roux", "RUE DU DOCTEUR ROUX"),  # carte scolaire line 734
        ("Imp. du Pdt Kennedy", "IMPASSE DU PRESIDENT KENNEDY", "imp du Prés. Kennedy"),  # line 887
        ("Montée N.-D.", "MONTEE NOTRE DAME", "Mte ND"),  # carte scolaire line 420
        ("Rpt de l'Île Maurice", "ROND POINT DE L ILE MAURICE", "Rond-Point de l'Île-Maurice"),  # line 929
        ("TPL DU NAYE", "Terre-plein du Naye"),  # carte scolaire line 269
        ("Rue du Coin à l'Air", "RUE DU COIN A L AIR"),  # carte scolaire line 359
        ("Rue Isidore & Jean Leroux", "RUE ISIDORE ET JEAN LEROUX"),  # carte scolaire line 240
        ("ld Écosse", "LIEU DIT ECOSSE", "Lieu-dit Écosse"),  # carte scolaire line 30
        ("Rue du Col. Fabien", "RUE DU COLONEL FABIEN"),
        ("rue  du   8 Mai  1945", "RUE DU 08 MAI 1945"),
    ],
)
def test_street_key_gives_one_key_for_all_spellings_of_a_street(spellings):
    keys = {street_key(spelling) for spelling in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("rue Guy-Ropartz", "RUE GUY ROPARTZ"),
        ("AVENUE DU GENERAL DE GAULLE", "AVENUE GENERAL GAULLE"),
        ("ALLEE D AURIGNY", "ALLEE AURIGNY"),  # carte scolaire line 3
        ("RUE DE LA VILLE JOUAN", "RUE VILLE JOUAN"),  # carte scolaire line 405
        ("RUE DE L AVISO", "RUE AVISO"),
        ("RUE DU 1ER MAI", "RUE 1ER MAI"),
        ("Rue du Cœur", "RUE COEUR"),
        ("LA RUE DOUESNEL", "RUE DOUESNEL"),  # carte scolaire Tresboeuf line 277
        ("A LA FONTAINE", "A FONTAINE"),  # a first-word "A" is kept
        ("RUE A", "RUE A"),  # so is a last-word "A"
        ("Straße", "STRASSE"),
        ("1ᵉʳ", "1ER"),  # NFKD turns superscript letters into plain ones
        ("le la les", ""),
        ("", ""),
        ("!!!", ""),
        ("'-./,", ""),
    ],
)
def test_street_key_produces_expected_key(label, key):
    assert street_key(label) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("R de la Gare", "RUE GARE"),
        ("PL du Marché", "PLACE MARCHE"),
        ("CHE des Bruns", "CHEMIN BRUNS"),
        ("Ter. des Lilas", "TERRASSE LILAS"),
        ("Sq. Jean Moulin", "SQUARE JEAN MOULIN"),
        ("Fbg Saint-Jean", "FAUBOURG SAINT JEAN"),
        ("Lot. les Chênes", "LOTISSEMENT CHENES"),
        # Only the first word is a street type: "R" or "PL" elsewhere are part of the name.
        ("Rue R", "RUE R"),
        ("Avenue PL", "AVENUE PL"),
    ],
)
def test_street_key_expands_street_type_abbreviations_only_as_first_word(label, key):
    assert street_key(label) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Rue de la Vie", "RUE VIE"),  # not roman 6
        ("Le Clos", "CLOS"),  # "Le" is not roman 50
        ("RUE LOUIS XIV", "RUE LOUIS XIV"),  # bare roman numerals are names
        ("Chemin des Prés", "CHEMIN PRES"),  # meadows, not a president
        ("Route du Col de la Croix", "ROUTE COL CROIX"),  # a mountain pass, not a colonel
        ("Route du Col", "ROUTE COL"),
        ("LA VILLE ES LOUPS", "VILLE ES LOUPS"),  # "ès" is kept: carte scolaire Saint-Malo lieu-dit
    ],
)
def test_street_key_leaves_words_that_only_look_like_abbreviations(label, key):
    assert street_key(label) == key


@pytest.mark.parametrize(
    ("label_a", "label_b"),
    [
        ("Rue Saint-Jean", "Rue Sainte-Jeanne"),
        ("Rue du 1er Mai", "Rue du 2 Mai"),
        ("Rue du 2e Régiment", "Rue du 1er Régiment"),
        ("Avenue Foch", "Rue Foch"),
        ("Rue 34 B", "Rue 34 bis"),
    ],
)
def test_street_key_keeps_different_streets_apart(label_a, label_b):
    assert street_key(label_a) != street_key(label_b)


def test_street_key_matches_ban_nom_voie_and_nom_afnor_on_every_row():
    # ban-adresses-38002-extrait.csv: column nom_voie (mixed case, accents) vs nom_afnor (upper case).
    rows = _read_csv(BAN_ADRESSES)
    assert rows
    for row in rows:
        assert street_key(row["nom_voie"]) == street_key(row["nom_afnor"]), row["id"]


def test_street_key_gives_a_nonempty_type_led_key_for_every_carte_scolaire_label():
    # carte-scolaire-colleges-35-extrait.csv, column Type_et_Libelle: every label keeps a significant word.
    rows = _read_csv(CARTE_SCOLAIRE)
    assert len(rows) > 1_000
    for row in rows:
        key = street_key(row["Type_et_Libelle"])
        assert key, row["Type_et_Libelle"]
        assert key == key.upper() and "  " not in key


def test_carte_scolaire_ranges_build_ordered_house_numbers():
    # carte-scolaire-colleges-35-extrait.csv, columns No_de_voie_* and Indice_de_repetition_*.
    for row in _read_csv(CARTE_SCOLAIRE):
        start = HouseNumber(int(row["No_de_voie_debut"]), row["Indice_de_repetition_debut"])
        end = HouseNumber(int(row["No_de_voie_fin"]), row["Indice_de_repetition_fin"])
        assert start.sort_key() <= end.sort_key(), row


# --- Street type and name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("AVENUE GENERAL GAULLE", ("AVENUE", "GENERAL GAULLE")),
        ("RUE GUY ROPARTZ", ("RUE", "GUY ROPARTZ")),
        ("LIEU DIT ECOSSE", ("LIEU DIT", "ECOSSE")),
        ("ROND POINT ILE MAURICE", ("ROND POINT", "ILE MAURICE")),
        ("TERRE PLEIN NAYE", ("TERRE PLEIN", "NAYE")),
        ("GUY ROPARTZ", ("", "GUY ROPARTZ")),
        ("VILLE JOUAN", ("", "VILLE JOUAN")),
        ("QUAI", ("", "QUAI")),  # nothing left to match on: no split
        ("", ("", "")),
    ],
)
def test_street_type_and_name_splits_a_leading_street_type(key, expected):
    assert street_type_and_name(key) == expected


def test_street_type_and_name_lets_a_typed_name_without_type_meet_the_national_label():
    _, typed_name = street_type_and_name(street_key("Guy-Ropartz"))
    _, national_name = street_type_and_name(street_key("RUE GUY ROPARTZ"))
    assert typed_name == national_name == "GUY ROPARTZ"
