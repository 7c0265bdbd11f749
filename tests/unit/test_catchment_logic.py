"""Specifications of mon_enfant.catchment.logic: matching an address to its school(s).

Real cases come from tests/data/carte-scolaire-colleges-35-extrait.csv (national carte scolaire
des collèges format, see that folder's README).  Each rule built from it gets the file's line number as
``rule_id`` (line 1 being the header), and each case names the line(s) it relies on.  Commune codes:
Saint-Malo 35288, Mesnil-Roc'h 35308, Tresboeuf 35343.
"""

from __future__ import annotations

import csv
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from mon_enfant.addresses.parsing import HouseNumber, parse_address, street_key, street_type_and_name
from mon_enfant.catchment.logic import (
    CatchmentIndex,
    LookupStatus,
    OverlapKind,
    Parity,
    RangeExtent,
    RangeKind,
    Rule,
    RuleError,
    Zone,
    analyse,
    streets_without_rule,
)
from tests.testdata import TEST_DATA

CARTE_SCOLAIRE = TEST_DATA / "carte-scolaire-colleges-35-extrait.csv"
SAINT_MALO = "35288"
MESNIL_ROCH = "35308"
TRESBOEUF = "35343"

# Collèges named by the file.
CHATEAUBRIAND = "0350044H"  # serves the east of Saint-Malo in the file
SURCOUF = "0350916F"
BROCELIANDE = "0350896J"
TRESBOEUF_A = "0350970P"
TRESBOEUF_B = "0351053E"


def _read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the national file starts with a BOM that would otherwise stick to the first column name.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def rules_from_national_file(path: Path = CARTE_SCOLAIRE) -> list[Rule]:
    """Test helper (the real importer lives elsewhere): one college rule per row, rule_id = line number."""
    return [
        Rule.from_bounds(
            commune=row["code_insee"],
            level="college",
            uai=row["Code_RNE"],
            street_label=row["Type_et_Libelle"],
            lieu_dit=row["lieu_dit"],
            parity=row["Parite"],
            first_number=row["No_de_voie_debut"],
            first_repetition=row["Indice_de_repetition_debut"],
            last_number=row["No_de_voie_fin"],
            last_repetition=row["Indice_de_repetition_fin"],
            whole_commune=row["Secteur_unique"] == "O",
            rule_id=line,
        )
        for line, row in enumerate(_read_csv(path), start=2)
    ]


@pytest.fixture(scope="module")
def national_rules() -> list[Rule]:
    return rules_from_national_file()


@pytest.fixture(scope="module")
def index(national_rules) -> CatchmentIndex:
    return CatchmentIndex.build(national_rules)


def _rule_ids(result) -> set[int]:
    return {source.rule_id for school in result.schools for source in school.sources}


def college(commune: str, uai: str, label: str, **fields) -> Rule:
    return Rule(commune=commune, level="college", uai=uai, street_label=label, **fields)


# --- Reading the national file --------------------------------------------------------------------


def test_every_row_of_the_national_file_becomes_a_rule(national_rules):
    assert len(national_rules) == 1548
    assert {rule.commune for rule in national_rules} == {SAINT_MALO, MESNIL_ROCH, TRESBOEUF}


def test_open_end_9999_becomes_an_open_bound(national_rules):
    # Line 2: ALLEE BEAUSOLEIL;1;;9999;;PI;0350044H
    rule = next(rule for rule in national_rules if rule.rule_id == 2)
    assert (rule.first, rule.last, rule.parity) == (HouseNumber(1), None, Parity.BOTH)


def test_repetition_index_bounds_are_kept(national_rules):
    # Line 405: RUE DE LA VILLE JOUAN;5001;A;5001;A;I;0350896J
    rule = next(rule for rule in national_rules if rule.rule_id == 405)
    assert (rule.first, rule.last, rule.parity) == (HouseNumber(5001, "A"), HouseNumber(5001, "A"), Parity.ODD)


# --- Real Saint-Malo cases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "uai", "line"),
    [
        # Lines 296, 994, 995, 297: BOULEVARD CHATEAUBRIAND is split by side and by range:
        # odd 1-23 -> 0350916F, even 2-24 -> 0350916F, odd 25-111 -> 0350044H, even 28-92 -> 0350044H.
        ("7 boulevard Chateaubriand", SURCOUF, 296),
        ("1 boulevard Chateaubriand", SURCOUF, 296),
        ("23 boulevard Chateaubriand", SURCOUF, 296),
        ("2 boulevard Chateaubriand", SURCOUF, 994),
        ("24 boulevard Chateaubriand", SURCOUF, 994),
        ("25 boulevard Chateaubriand", CHATEAUBRIAND, 995),
        ("111 boulevard Chateaubriand", CHATEAUBRIAND, 995),
        ("28 boulevard Chateaubriand", CHATEAUBRIAND, 297),
        ("92 boulevard Chateaubriand", CHATEAUBRIAND, 297),
        ("30 bis bd Chateaubriand", CHATEAUBRIAND, 297),  # parity read on 30
        ("21 ter, Bd Chateaubriand, 35400 Saint-Malo", SURCOUF, 296),
    ],
)
def test_split_street_sends_each_range_and_side_to_its_college(index, address, uai, line):
    result = index.lookup(SAINT_MALO, address, "college")
    assert result.status == LookupStatus.FOUND
    assert result.uais == (uai,)
    assert _rule_ids(result) == {line}


@pytest.mark.parametrize(
    "address",
    [
        "26 boulevard Chateaubriand",  # even gap between lines 994 (2-24) and 297 (28-92)
        "94 boulevard Chateaubriand",  # after line 297 (28-92)
        "113 boulevard Chateaubriand",  # after line 995 (25-111)
    ],
)
def test_number_outside_every_range_of_a_known_street_has_no_sector(index, address):
    result = index.lookup(SAINT_MALO, address, "college")
    assert result.status == LookupStatus.NO_SECTOR
    assert result.matched_street_label == "BOULEVARD CHATEAUBRIAND"
    assert result.schools == ()


@pytest.mark.parametrize("address", ["12 allée Beausoleil", "1 allée Beausoleil", "12345 allée Beausoleil"])
def test_open_range_covers_every_number(index, address):
    # Line 2: ALLEE BEAUSOLEIL;1;;9999;;PI;0350044H
    result = index.lookup(SAINT_MALO, address, "college")
    assert result.uais == (CHATEAUBRIAND,)


@pytest.mark.parametrize(
    ("address", "status", "uais"),
    [
        # Line 405: RUE DE LA VILLE JOUAN;5001;A;5001;A;I;0350896J holds 5001 A only.
        ("5001 A rue de la Ville Jouan", LookupStatus.FOUND, (BROCELIANDE,)),
        ("5001a rue de la ville-jouan", LookupStatus.FOUND, (BROCELIANDE,)),
        ("5001 rue de la Ville Jouan", LookupStatus.NO_SECTOR, ()),
        ("5001 B rue de la Ville Jouan", LookupStatus.NO_SECTOR, ()),
        ("5001 bis rue de la Ville Jouan", LookupStatus.NO_SECTOR, ()),
        # Line 682: RUE DE LA VILLE JOUAN;2;;9999;;P;0350896J; no other odd row.
        ("12 rue de la Ville Jouan", LookupStatus.FOUND, (BROCELIANDE,)),
        ("13 rue de la Ville Jouan", LookupStatus.NO_SECTOR, ()),
    ],
)
def test_repetition_index_range_holds_that_house_number_only(index, address, status, uais):
    result = index.lookup(SAINT_MALO, address, "college")
    assert (result.status, result.uais) == (status, uais)


@pytest.mark.parametrize(
    ("address", "label", "uai"),
    [
        # Line 1546: AVENUE DU DOCTEUR ANNE NOURY;1;;9999;;PI;0350916F
        ("34 bis av. du Dr Anne-Noury", "AVENUE DU DOCTEUR ANNE NOURY", SURCOUF),
        # Line 736: AVENUE DU GENERAL FERRIE;1;;9999;;PI;0350896J
        ("34 bis av. du Gal Ferrié", "AVENUE DU GENERAL FERRIE", BROCELIANDE),
        ("34 BIS AVENUE DU GÉNÉRAL FERRIÉ", "AVENUE DU GENERAL FERRIE", BROCELIANDE),
        # Line 1501: RUE DU PRESIDENT ROBERT SCHUMAN;1;;9999;;PI;0350916F
        ("8 r. du Pdt Robert-Schuman", "RUE DU PRESIDENT ROBERT SCHUMAN", SURCOUF),
        # Line 456: RUE DE LA FEE DES GREVES;2;;9999;;P;0350896J
        ("12, rue de la Fée-des-Grèves 35400 SAINT-MALO", "RUE DE LA FEE DES GREVES", BROCELIANDE),
        # Line 269: TPL DU NAYE;1;;9999;;I;0350896J ("TPL" is the AFNOR abbreviation of terre-plein)
        ("3 terre-plein du Naye", "TPL DU NAYE", BROCELIANDE),
        # Lines 420 and 604: MONTEE NOTRE DAME, odd then both sides, both 0350044H
        ("3 montée N.-D.", "MONTEE NOTRE DAME", CHATEAUBRIAND),
        # Line 682, with the commune typed after a comma and no postcode
        ("12 rue de la Ville Jouan, Saint-Malo", "RUE DE LA VILLE JOUAN", BROCELIANDE),
    ],
)
def test_typed_variants_find_the_published_street(index, address, label, uai):
    result = index.lookup(SAINT_MALO, address, "college")
    assert result.status == LookupStatus.FOUND
    assert result.matched_street_label == label
    assert result.uais == (uai,)


def test_two_rules_to_the_same_college_give_one_school_with_both_sources(index):
    # Lines 420 (MONTEE NOTRE DAME 1-9999 I) and 604 (1-9999 PI), both 0350044H.
    result = index.lookup(SAINT_MALO, "3 montée Notre-Dame", "college")
    assert len(result.schools) == 1
    assert _rule_ids(result) == {420, 604}


def test_parity_excludes_the_other_side(index):
    # Line 269: TPL DU NAYE is published for odd numbers only.
    result = index.lookup(SAINT_MALO, "4 terre-plein du Naye", "college")
    assert result.status == LookupStatus.NO_SECTOR


def test_shared_sector_returns_every_college_sorted_by_uai(index):
    # Lines 112 and 333: PLACE DU MARCHE AUX LEGUMES;1;;9999;;PI under 0350916F and 0350044H.
    result = index.lookup(SAINT_MALO, "2 place du Marché-aux-Légumes", "college")
    assert result.status == LookupStatus.FOUND
    assert result.uais == (CHATEAUBRIAND, SURCOUF)
    assert _rule_ids(result) == {112, 333}


@pytest.mark.parametrize(
    ("address", "label", "uai"),
    [
        # Line 55: IMPASSE DU 47E REGIMENT D INFANTER (cut); line 853 is the avenue of the same name.
        ("3 impasse du 47e Régiment d'Infanterie", "IMPASSE DU 47E REGIMENT D INFANTER", CHATEAUBRIAND),
        # Line 466: RUE DE LA MONTAGNE SAINT JOSEP (cut at 30 characters)
        ("5 rue de la Montagne Saint-Joseph", "RUE DE LA MONTAGNE SAINT JOSEP", SURCOUF),
        # Line 550: RUE JEAN PIERRE DE TRIQUERVILL
        ("2 rue Jean-Pierre de Triquerville", "RUE JEAN PIERRE DE TRIQUERVILL", BROCELIANDE),
    ],
)
def test_labels_cut_by_the_national_file_still_match_the_full_name(index, address, label, uai):
    result = index.lookup(SAINT_MALO, address, "college")
    assert (result.status, result.street_match) == (LookupStatus.FOUND, "truncated")
    assert result.matched_street_label == label
    assert result.uais == (uai,)


def test_full_label_is_not_mistaken_for_the_cut_one(index):
    # Line 853: AVENUE DU 47E REGIMENT D INFANTERIE is published in full and matched exactly.
    result = index.lookup(SAINT_MALO, "3 avenue du 47e RI", "college")
    assert result.status == LookupStatus.UNKNOWN_STREET
    result = index.lookup(SAINT_MALO, "3 avenue du 47ème régiment d'infanterie", "college")
    assert (result.matched_street_label, result.street_match) == ("AVENUE DU 47E REGIMENT D INFANTERIE", "exact")


def test_typed_label_cut_like_ban_nom_afnor_matches_the_one_street_it_starts():
    # A BAN nom_afnor cut at 32 characters against a full published label.
    index = CatchmentIndex.build([college("99001", SURCOUF, "AVENUE DU REVEREND PERE UMBRICHT")])
    result = index.lookup("99001", "4 AVENUE DU REVEREND PERE UMBRI", "college")
    assert (result.status, result.street_match) == (LookupStatus.FOUND, "truncated")


@pytest.mark.parametrize(
    ("address", "expected_first"),
    [
        ("12 rue de la Ville Jouen", "RUE DE LA VILLE JOUAN"),  # line 405/682, one letter wrong
        ("7 bd Chateaubriant", "BOULEVARD CHATEAUBRIAND"),  # lines 296..., last letter wrong
        ("avenue de la Fontaine au Bonhome", "AVENUE DE LA FONTAINE AU BONHOMME"),
        ("rue guy louvell", "RUE GUY LOUVEL"),  # line 237
    ],
)
def test_unknown_street_suggests_close_published_labels(index, address, expected_first):
    result = index.lookup(SAINT_MALO, address, "college")
    assert result.status == LookupStatus.UNKNOWN_STREET
    assert result.suggestions[0] == expected_first
    assert len(result.suggestions) <= 5


def test_suggestions_prefer_the_typed_street_type(index):
    # Lines 1336 RUE CHATEAUBRIAND, 1319 PLACE CHATEAUBRIAND and the boulevard all score alike.
    result = index.lookup(SAINT_MALO, "rue Chateaubriant", "college")
    assert result.suggestions[0] == "RUE CHATEAUBRIAND"


def test_unknown_street_far_from_everything_gets_no_suggestion(index):
    result = index.lookup(SAINT_MALO, "12 zzyzx", "college")
    assert (result.status, result.suggestions) == (LookupStatus.UNKNOWN_STREET, ())


def test_street_typed_without_its_type_matches_the_only_street_of_that_name(index):
    # Line 237: RUE GUY LOUVEL;1;;9999;;PI;0350044H
    result = index.lookup(SAINT_MALO, "12 Guy Louvel", "college")
    assert (result.status, result.street_match) == (LookupStatus.FOUND, "name")
    assert result.matched_street_label == "RUE GUY LOUVEL"
    assert result.uais == (CHATEAUBRIAND,)


def test_street_typed_without_its_type_lists_every_street_of_that_name(index):
    # Lines 296 (BOULEVARD), 1319 (PLACE) and 1336 (RUE) CHATEAUBRIAND.
    result = index.lookup(SAINT_MALO, "12 Chateaubriand", "college")
    assert result.status == LookupStatus.AMBIGUOUS
    assert result.suggestions == ("BOULEVARD CHATEAUBRIAND", "PLACE CHATEAUBRIAND", "RUE CHATEAUBRIAND")
    assert not result.needs_number


def test_address_without_number_on_a_split_street_asks_for_the_number(index):
    # Lines 296, 297, 994, 995: the answer depends on the number.
    result = index.lookup(SAINT_MALO, "boulevard Chateaubriand", "college")
    assert result.status == LookupStatus.AMBIGUOUS
    assert result.needs_number
    assert {rule.rule_id for rule in result.candidate_rules} == {296, 297, 994, 995}
    # No sentence from the logic: the ranges are codes and bounds, worded by the Django layer.
    assert result.suggestions == ()
    assert [(rule.extent(), rule.uai) for rule in result.candidate_rules] == [
        (RangeExtent(RangeKind.BETWEEN, Parity.ODD, HouseNumber(1), HouseNumber(23)), "0350916F"),
        (RangeExtent(RangeKind.BETWEEN, Parity.EVEN, HouseNumber(2), HouseNumber(24)), "0350916F"),
        (RangeExtent(RangeKind.BETWEEN, Parity.ODD, HouseNumber(25), HouseNumber(111)), "0350044H"),
        (RangeExtent(RangeKind.BETWEEN, Parity.EVEN, HouseNumber(28), HouseNumber(92)), "0350044H"),
    ]


@pytest.mark.parametrize(
    ("address", "uai"),
    [
        ("allée Beausoleil", CHATEAUBRIAND),  # line 2, both sides, whole street
        # Lines 405 and 682: only 0350896J on the street; uncovered odd numbers are a gap, not a choice.
        ("rue de la Ville Jouan", BROCELIANDE),
        ("Ville Jouan", BROCELIANDE),
    ],
)
def test_address_without_number_is_answered_when_the_number_cannot_change_the_school(index, address, uai):
    result = index.lookup(SAINT_MALO, address, "college")
    assert (result.status, result.uais) == (LookupStatus.FOUND, (uai,))


# --- Real Tresboeuf cases: lieux-dits under two collèges --------------------------------------------


@pytest.mark.parametrize(
    ("address", "lines"),
    [
        ("Haut Pussac", {793, 794}),  # HAUT PUSSAC;1;;9999;;PI under 0351053E and 0350970P
        ("3 La Mondrais", {791, 792}),  # LA MONDRAIS;1;;9999;;I under both
        ("la mondrais, 35320 Tresboeuf", {791, 792}),  # no number, odd side only: nothing else to ask
        ("1 Pussac", {288, 597}),  # PUSSAC;1;;9999;;I under both, rows far apart in the file
        ("5 La Richardais", {276, 982}),
    ],
)
def test_lieu_dit_published_under_two_colleges_returns_both(index, address, lines):
    result = index.lookup(TRESBOEUF, address, "college")
    assert result.status == LookupStatus.FOUND
    assert result.uais == (TRESBOEUF_A, TRESBOEUF_B)
    assert _rule_ids(result) == lines


def test_even_number_on_an_odd_only_lieu_dit_has_no_sector(index):
    # Lines 791 and 792: LA MONDRAIS is published for odd numbers only.
    assert index.lookup(TRESBOEUF, "2 La Mondrais", "college").status == LookupStatus.NO_SECTOR


# --- Communes déléguées (lieu_dit column) ----------------------------------------------------------


def test_lieu_dit_argument_keeps_the_rules_of_that_commune_deleguee(index):
    # Line 1534: Mesnil-Roc'h;ST PIERRE DE PLESGUEN;RUE CHATEAUBRIAND;...;0350707D
    found = index.lookup(MESNIL_ROCH, "4 rue Chateaubriand", "college", lieu_dit="Saint-Pierre-de-Plesguen")
    assert found.uais == ("0350707D",)
    elsewhere = index.lookup(MESNIL_ROCH, "4 rue Chateaubriand", "college", lieu_dit="Tressé")
    assert elsewhere.status == LookupStatus.NO_SECTOR


def test_same_street_in_two_communes_deleguees_with_different_schools_asks_which_one():
    rules = [
        college("35308", "0350707D", "RUE DE L EGLISE", lieu_dit="LANHELIN"),
        college("35308", "0350708E", "RUE DE L EGLISE", lieu_dit="TRESSE"),
    ]
    index = CatchmentIndex.build(rules)
    result = index.lookup("35308", "3 rue de l'Église", "college")
    assert (result.status, result.needs_lieu_dit) == (LookupStatus.AMBIGUOUS, True)
    assert result.suggestions == ("LANHELIN", "TRESSE")
    assert index.lookup("35308", "3 rue de l'Église", "college", lieu_dit="Tressé").uais == ("0350708E",)


# --- Commune and level without rules --------------------------------------------------------------


def test_commune_without_any_rule_has_no_sector_and_says_it_is_unknown(index):
    result = index.lookup("75056", "12 rue de Rivoli", "college")
    assert (result.status, result.commune_known) == (LookupStatus.NO_SECTOR, False)


def test_level_without_any_rule_in_the_commune_is_unknown_too(index):
    result = index.lookup(SAINT_MALO, "12 allée Beausoleil", "maternelle")
    assert (result.status, result.commune_known) == (LookupStatus.NO_SECTOR, False)


def test_street_known_for_another_level_only_has_no_sector():
    index = CatchmentIndex.build(
        [
            college("99001", SURCOUF, "RUE A"),
            Rule(commune="99001", level="maternelle", uai="0350001A", street_label="RUE B"),
        ]
    )
    result = index.lookup("99001", "3 rue A", "maternelle")
    assert (result.status, result.matched_street_label) == (LookupStatus.NO_SECTOR, "RUE A")


# --- Synthetic rules: secteur unique, priority, school year ------------------------------------------


def test_whole_commune_rule_matches_any_address_even_an_unknown_street():
    index = CatchmentIndex.build([Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True)])
    for address in ("12 rue Inconnue", "lieu-dit la Lande", "", "!!!"):
        result = index.lookup("99001", address, "college")
        assert (result.status, result.uais, result.matched_by) == (LookupStatus.FOUND, (SURCOUF,), "whole_commune")


def test_narrower_rule_with_higher_priority_overrides_the_whole_commune():
    rules = [
        Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True),
        college("99001", CHATEAUBRIAND, "RUE HAUTE", priority=1),
    ]
    index = CatchmentIndex.build(rules)
    assert index.lookup("99001", "3 rue Haute", "college").uais == (CHATEAUBRIAND,)
    assert index.lookup("99001", "3 rue Basse", "college").uais == (SURCOUF,)


def test_street_rule_at_the_same_priority_as_the_whole_commune_shares_the_sector():
    rules = [
        Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True),
        college("99001", CHATEAUBRIAND, "RUE HAUTE"),
    ]
    index = CatchmentIndex.build(rules)
    assert index.lookup("99001", "3 rue Haute", "college").uais == (CHATEAUBRIAND, SURCOUF)


@pytest.mark.parametrize(("number", "uai"), [(11, SURCOUF), (12, CHATEAUBRIAND), (20, CHATEAUBRIAND), (22, SURCOUF)])
def test_higher_priority_range_overrides_the_general_street_rule(number, uai):
    rules = [
        college("99001", SURCOUF, "RUE LONGUE"),
        college(
            "99001",
            CHATEAUBRIAND,
            "RUE LONGUE",
            parity=Parity.EVEN,
            first=HouseNumber(10),
            last=HouseNumber(20),
            priority=5,
            note="dérogation",
        ),
    ]
    result = CatchmentIndex.build(rules).lookup("99001", f"{number} rue Longue", "college")
    assert result.uais == (uai,)


def test_override_makes_an_address_without_number_ambiguous():
    rules = [
        college("99001", SURCOUF, "RUE LONGUE"),
        college("99001", CHATEAUBRIAND, "RUE LONGUE", first=HouseNumber(10), last=HouseNumber(20), priority=5),
    ]
    result = CatchmentIndex.build(rules).lookup("99001", "rue Longue", "college")
    assert (result.status, result.needs_number) == (LookupStatus.AMBIGUOUS, True)


def test_note_and_priority_of_the_winning_rule_are_returned():
    rules = [college("99001", SURCOUF, "RUE LONGUE", priority=2, note="Transport scolaire assuré", rule_id=7)]
    school = CatchmentIndex.build(rules).lookup("99001", "1 rue Longue", "college").schools[0]
    assert (school.uai, school.priority, school.note, school.sources[0].rule_id) == (
        SURCOUF,
        2,
        "Transport scolaire assuré",
        7,
    )


YEAR_RULES = [
    college("99001", SURCOUF, "RUE NEUVE"),
    college("99001", CHATEAUBRIAND, "RUE NEUVE", school_year="2026-2027"),
    college("99001", SURCOUF, "RUE VIEILLE"),
    college("99001", BROCELIANDE, "RUE VIEILLE", school_year="2027-2028"),
]


@pytest.mark.parametrize(
    ("address", "school_year", "uai"),
    [
        ("1 rue Neuve", "2026-2027", CHATEAUBRIAND),  # the year's rule replaces the year-less one
        ("1 rue Neuve", "2025-2026", SURCOUF),  # no rule for that year: year-less rules apply
        ("1 rue Neuve", None, SURCOUF),  # no year asked: year-less rules only
        ("1 rue Vieille", "2026-2027", SURCOUF),  # precedence is per street
        ("1 rue Vieille", "2027-2028", BROCELIANDE),
    ],
)
def test_rules_of_the_asked_school_year_take_precedence_per_street(address, school_year, uai):
    result = CatchmentIndex.build(YEAR_RULES).lookup("99001", address, "college", school_year=school_year)
    assert result.uais == (uai,)


def test_blank_school_year_means_every_year():
    assert college("99001", SURCOUF, "RUE NEUVE", school_year="").school_year is None


def test_school_year_precedence_applies_to_whole_commune_rules():
    rules = [
        Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True),
        Rule(commune="99001", level="college", uai=CHATEAUBRIAND, whole_commune=True, school_year="2026-2027"),
    ]
    index = CatchmentIndex.build(rules)
    assert index.lookup("99001", "x", "college", school_year="2026-2027").uais == (CHATEAUBRIAND,)
    assert index.lookup("99001", "x", "college", school_year="2025-2026").uais == (SURCOUF,)


def test_year_specific_rule_with_a_gap_does_not_fall_back_to_year_less_rules():
    rules = [
        college("99001", SURCOUF, "RUE NEUVE"),
        college("99001", CHATEAUBRIAND, "RUE NEUVE", school_year="2026-2027", last=HouseNumber(10)),
    ]
    result = CatchmentIndex.build(rules).lookup("99001", "12 rue Neuve", "college", school_year="2026-2027")
    assert result.status == LookupStatus.NO_SECTOR


# --- Rules and parity -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "parity"),
    [
        ("P", Parity.EVEN),
        ("I", Parity.ODD),
        ("PI", Parity.BOTH),
        ("pair", Parity.EVEN),
        ("impair", Parity.ODD),
        ("tous", Parity.BOTH),
        (" pi ", Parity.BOTH),
        ("", Parity.BOTH),
        ("even", Parity.EVEN),  # the Django model's choice values
        ("odd", Parity.ODD),
        ("both", Parity.BOTH),
        (Parity.ODD, Parity.ODD),
    ],
)
def test_parity_codes(code, parity):
    assert Parity.from_code(code) is parity


@pytest.mark.parametrize("code", ["X", "PP", "paire", "2"])
def test_unknown_parity_code_is_refused_with_its_code(code):
    with pytest.raises(RuleError) as refused:
        Parity.from_code(code)
    assert refused.value.code == "unknown_parity" and refused.value.values == {"value": code}


@pytest.mark.parametrize(
    ("parity", "house_number", "covered"),
    [
        (Parity.EVEN, HouseNumber(34, "BIS"), True),  # parity is read on the number
        (Parity.EVEN, HouseNumber(35), False),
        (Parity.ODD, HouseNumber(35, "A"), True),
        (Parity.BOTH, HouseNumber(35), True),
    ],
)
def test_rule_parity_is_checked_on_the_number_alone(parity, house_number, covered):
    assert college("99001", SURCOUF, "RUE X", parity=parity).covers(house_number) is covered


@pytest.mark.parametrize(
    ("bounds", "first", "last"),
    [
        ({"first_number": "1", "last_number": "9999"}, HouseNumber(1), None),
        ({"first_number": 2, "last_number": 9998}, HouseNumber(2), None),
        ({"first_number": "", "last_number": ""}, None, None),
        ({"first_number": None, "last_number": "23"}, None, HouseNumber(23)),
        (
            {"first_number": "5001", "first_repetition": "a", "last_number": "5001", "last_repetition": "A"},
            HouseNumber(5001, "A"),
            HouseNumber(5001, "A"),
        ),
        (
            {"first_number": " 0012 ", "last_number": "12", "last_repetition": "bis"},
            HouseNumber(12),
            HouseNumber(12, "BIS"),
        ),
    ],
)
def test_from_bounds_reads_raw_file_values(bounds, first, last):
    rule = Rule.from_bounds(commune="99001", level="college", uai=SURCOUF, street_label="RUE X", **bounds)
    assert (rule.first, rule.last) == (first, last)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"first_number": "12a"}, "invalid_number"),
        ({"first_number": "-3"}, "invalid_number"),
        ({"first_number": "٣"}, "invalid_number"),
        ({"first_number": "3", "first_repetition": "xyz"}, "unknown_repetition"),
        ({"first_number": "30", "last_number": "12"}, "inverted_range"),
        ({"first_number": "1", "parity": "Q"}, "unknown_parity"),
        ({"level": "lycee"}, "unknown_level"),
        ({"uai": " "}, "missing_uai"),
        ({"commune": ""}, "missing_commune"),
        ({"street_label": "de la"}, "blank_street"),
        ({"priority": "1"}, "invalid_priority"),
    ],
)
def test_from_bounds_refuses_bad_values_with_a_code_and_no_sentence(fields, code):
    """Pure logic says why with a code; tests/catchment/test_wording.py words each one."""
    values = {"commune": "99001", "level": "college", "uai": SURCOUF, "street_label": "RUE X", **fields}
    with pytest.raises(RuleError) as refused:
        Rule.from_bounds(**values)
    assert str(refused.value) == refused.value.code == code


def test_street_key_is_computed_from_the_label():
    assert college("99001", SURCOUF, "AVENUE DU GENERAL DE GAULLE").street_key == "AVENUE GENERAL GAULLE"


def test_lieu_dit_gives_the_key_when_the_label_is_blank():
    assert Rule(commune="99001", level="college", uai=SURCOUF, lieu_dit="La Ville Jean").street_key == "VILLE JEAN"


@pytest.mark.parametrize(
    ("fields", "extent"),
    [
        ({}, RangeExtent(RangeKind.ALL_NUMBERS, Parity.BOTH)),
        ({"parity": Parity.EVEN, "first": HouseNumber(2)}, RangeExtent(RangeKind.ALL_NUMBERS, Parity.EVEN)),
        ({"first": HouseNumber(25), "parity": Parity.ODD},
         RangeExtent(RangeKind.FROM, Parity.ODD, first=HouseNumber(25))),
        ({"last": HouseNumber(23)}, RangeExtent(RangeKind.UNTIL, Parity.BOTH, last=HouseNumber(23))),
        ({"first": HouseNumber(5001, "A"), "last": HouseNumber(5001, "A")},
         RangeExtent(RangeKind.SINGLE, Parity.BOTH, HouseNumber(5001, "A"), HouseNumber(5001, "A"))),
        ({"first": HouseNumber(1), "last": HouseNumber(23, "BIS")},
         RangeExtent(RangeKind.BETWEEN, Parity.BOTH, HouseNumber(1), HouseNumber(23, "BIS"))),
        ({"whole_commune": True, "parity": Parity.ODD}, RangeExtent(RangeKind.WHOLE_COMMUNE, Parity.BOTH)),
    ],
)
def test_extent_describes_the_range_as_a_code_and_bounds(fields, extent):
    assert college("99001", SURCOUF, "RUE X", **fields).extent() == extent


# --- Zones ----------------------------------------------------------------------------------------

# GeoJSON order is [longitude, latitude]: a square around Saint-Malo intra-muros.
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.03, 48.64], [-2.01, 48.64], [-2.01, 48.66], [-2.03, 48.66], [-2.03, 48.64]]],
}
INSIDE = (48.65, -2.02)  # (latitude, longitude)
OUTSIDE = (48.65, -1.99)


def zone(geojson=SQUARE, uai=SURCOUF, **fields) -> Zone:
    return Zone.from_geojson(geojson, commune="99001", level="college", uai=uai, **fields)


def test_point_inside_a_zone_finds_its_school():
    index = CatchmentIndex.build([], [zone(zone_id=3)])
    result = index.lookup("99001", "12 rue Inconnue", "college", point=INSIDE)
    assert (result.status, result.uais, result.matched_by) == (LookupStatus.FOUND, (SURCOUF,), "zone")
    assert result.schools[0].sources[0].zone_id == 3


def test_point_on_the_border_of_a_zone_is_inside():
    index = CatchmentIndex.build([], [zone()])
    assert index.lookup("99001", "x", "college", point=(48.64, -2.02)).status == LookupStatus.FOUND


def test_point_outside_every_zone_has_no_location_answer():
    index = CatchmentIndex.build([], [zone()])
    result = index.lookup("99001", "12 rue Inconnue", "college", point=OUTSIDE)
    assert result.status == LookupStatus.UNKNOWN_STREET
    assert not result.needs_location


def test_zones_without_a_point_ask_for_the_location():
    index = CatchmentIndex.build([college("99001", CHATEAUBRIAND, "RUE A", last=HouseNumber(10))], [zone()])
    unknown = index.lookup("99001", "12 rue Inconnue", "college")
    assert (unknown.status, unknown.needs_location) == (LookupStatus.UNKNOWN_STREET, True)
    outside_ranges = index.lookup("99001", "12 rue A", "college")
    assert (outside_ranges.status, outside_ranges.needs_location) == (LookupStatus.NO_SECTOR, True)
    assert index.lookup("99001", "12 rue A", "college", point=INSIDE).uais == (SURCOUF,)


def test_street_rule_wins_over_a_zone():
    index = CatchmentIndex.build([college("99001", CHATEAUBRIAND, "RUE A")], [zone()])
    result = index.lookup("99001", "3 rue A", "college", point=INSIDE)
    assert (result.uais, result.matched_by) == ((CHATEAUBRIAND,), "street")


def test_multipolygon_zone_covers_each_part():
    multipolygon = {
        "type": "MultiPolygon",
        "coordinates": [
            SQUARE["coordinates"],
            [[[-1.99, 48.64], [-1.98, 48.64], [-1.98, 48.65], [-1.99, 48.64]]],
        ],
    }
    index = CatchmentIndex.build([], [zone(multipolygon)])
    assert index.lookup("99001", "", "college", point=INSIDE).uais == (SURCOUF,)
    assert index.lookup("99001", "", "college", point=(48.642, -1.985)).uais == (SURCOUF,)
    assert index.lookup("99001", "", "college", point=(48.70, -1.985)).status == LookupStatus.UNKNOWN_STREET


def test_zone_with_a_hole_excludes_the_hole():
    with_hole = {
        "type": "Polygon",
        "coordinates": [
            SQUARE["coordinates"][0],
            [[-2.025, 48.645], [-2.015, 48.645], [-2.015, 48.655], [-2.025, 48.655], [-2.025, 48.645]],
        ],
    }
    index = CatchmentIndex.build([], [zone(with_hole)])
    assert index.lookup("99001", "", "college", point=INSIDE).status == LookupStatus.UNKNOWN_STREET
    assert index.lookup("99001", "", "college", point=(48.641, -2.029)).status == LookupStatus.FOUND


def test_overlapping_zones_follow_priority_and_share_at_equal_priority():
    shared = CatchmentIndex.build([], [zone(uai=SURCOUF), zone(uai=CHATEAUBRIAND)])
    assert shared.lookup("99001", "", "college", point=INSIDE).uais == (CHATEAUBRIAND, SURCOUF)
    ranked = CatchmentIndex.build([], [zone(uai=SURCOUF), zone(uai=CHATEAUBRIAND, priority=1)])
    assert ranked.lookup("99001", "", "college", point=INSIDE).uais == (CHATEAUBRIAND,)


def test_zones_of_the_asked_year_replace_year_less_zones():
    index = CatchmentIndex.build([], [zone(uai=SURCOUF), zone(uai=CHATEAUBRIAND, school_year="2026-2027")])
    assert index.lookup("99001", "", "college", "2026-2027", INSIDE).uais == (CHATEAUBRIAND,)
    assert index.lookup("99001", "", "college", "2025-2026", INSIDE).uais == (SURCOUF,)


@pytest.mark.parametrize("point", [(float("nan"), -2.02), (200, -2.02), ("48.65", "-2.02"), (48.65,), "48.65,-2.02"])
def test_malformed_point_is_ignored(point):
    result = CatchmentIndex.build([], [zone()]).lookup("99001", "", "college", point=point)
    assert (result.status, result.needs_location) == (LookupStatus.UNKNOWN_STREET, True)


def test_zone_accepts_geojson_text():
    import json

    assert zone(json.dumps(SQUARE)).contains(*INSIDE)


@pytest.mark.parametrize(
    ("geojson", "code"),
    [
        ({"type": "Point", "coordinates": [-2.02, 48.65]}, "unsupported_geometry"),
        ({"type": "LineString", "coordinates": [[-2.02, 48.65], [-2.01, 48.66]]}, "unsupported_geometry"),
        ({"type": "Feature", "geometry": SQUARE, "properties": {}}, "feature_not_geometry"),
        ({"coordinates": SQUARE["coordinates"]}, "unsupported_geometry"),
        ({"type": "Polygon", "coordinates": []}, "no_ring"),
        ({"type": "Polygon", "coordinates": [[[-2.03, 48.64], [-2.01, 48.64], [-2.03, 48.64]]]}, "too_few_positions"),
        (
            {"type": "Polygon", "coordinates": [[[-2.03, 48.64], [-2.01, 48.64], [-2.01, 48.66], [-2.03, 48.66]]]},
            "ring_not_closed",
        ),
        ({"type": "Polygon", "coordinates": [[["a", 1], [1, 1], [1, 2], ["a", 1]]]}, "non_numeric_coordinate"),
        ({"type": "Polygon", "coordinates": [[[True, 1], [1, 1], [1, 2], [True, 1]]]}, "non_numeric_coordinate"),
        (
            {"type": "Polygon", "coordinates": [[[48.64, 200], [48.66, 200], [48.66, 201], [48.64, 200]]]},
            "coordinate_out_of_bounds",
        ),
        ({"type": "Polygon", "coordinates": [[[float("nan"), 1], [1, 1], [1, 2], [float("nan"), 1]]]},
         "non_finite_coordinate"),
        # A bow tie:
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}, "invalid_polygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}, "empty_zone"),
        ({"type": "MultiPolygon", "coordinates": []}, "empty_multipolygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0, 0, 0], [1, 0], [1, 1], [0, 0, 0, 0]]]}, "unreadable_position"),
        ("[1, 2", "unreadable_geojson"),
        ([1, 2], "not_a_geometry"),
    ],
)
def test_invalid_geojson_is_refused_with_a_code(geojson, code):
    with pytest.raises(RuleError) as refused:
        zone(geojson)
    assert refused.value.code == code


def test_zone_geometry_must_be_a_polygon():
    with pytest.raises(RuleError, match="not_a_polygon"):
        Zone(commune="99001", level="college", uai=SURCOUF, geometry=Polygon().boundary)


# --- Garbage in, never an exception -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "!!!", ",,;;", "x" * 10_000, "9" * 5000, "12", "12 bis", "\x00\u200b\ufeff", None, "rue " * 3000],
)
def test_lookup_never_raises_on_odd_text(index, text):
    result = index.lookup(SAINT_MALO, text, "college")
    assert result.status in (LookupStatus.UNKNOWN_STREET, LookupStatus.AMBIGUOUS, LookupStatus.NO_SECTOR)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_lookup_never_raises_on_arbitrary_text(index, text):
    result = index.lookup(SAINT_MALO, text, "college", school_year="2026-2027")
    assert result.status in set(LookupStatus)
    index.lookup(TRESBOEUF, parse_address(text), "college")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " -'éè,.", max_size=60))
def test_lookup_never_raises_on_address_like_text(index, text):
    assert index.lookup(SAINT_MALO, text, "college").status in set(LookupStatus)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100), st.integers(min_value=-5, max_value=50))
def test_autocomplete_never_raises(index, prefix, limit):
    assert len(index.streets(SAINT_MALO, prefix, limit)) <= max(limit, 0)


# --- Autocomplete ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("bd chateau", ["BOULEVARD CHATEAUBRIAND"]),  # key prefix, abbreviation expanded (line 296)
        ("Boulevard Château", ["BOULEVARD CHATEAUBRIAND"]),
        ("rue de la ville j", ["RUE DE LA VILLE JOUAN"]),  # articles ignored (lines 405, 682)
        ("guy lou", ["RUE GUY LOUVEL"]),  # name part, without the type (line 237)
        ("louvel", ["RUE GUY LOUVEL"]),  # a later word
        ("montagne saint jo", ["RUE DE LA MONTAGNE SAINT JOSEP"]),  # line 466
        ("12 bis rue de la ville j", ["RUE DE LA VILLE JOUAN"]),  # house number skipped
    ],
)
def test_autocomplete_finds_streets_by_key_name_or_word(index, prefix, expected):
    assert index.streets(SAINT_MALO, prefix) == expected


def test_autocomplete_ranks_key_prefixes_before_name_prefixes(index):
    # "naye": no key starts with it; names do: QUAI/RUE/TPL DU NAYE; FORT DU NAYE has no street type,
    # so "NAYE" is a later word of it (line 1263).
    assert index.streets(SAINT_MALO, "naye") == ["QUAI DU NAYE", "RUE DU NAYE", "TPL DU NAYE", "FORT DU NAYE"]


def test_autocomplete_respects_the_limit(index):
    assert len(index.streets(SAINT_MALO, "rue", limit=7)) == 7
    assert index.streets(SAINT_MALO, "rue", limit=0) == []


def test_autocomplete_of_an_unknown_commune_or_empty_prefix_is_empty(index):
    assert index.streets("75056", "rue") == []
    assert index.streets(SAINT_MALO, "") == []
    assert index.streets(SAINT_MALO, "de la ") == []


def test_autocomplete_tries_the_last_word_as_typed_besides_its_expansion():
    index = CatchmentIndex.build(
        [college("99001", SURCOUF, "RUE DU GALION"), college("99001", SURCOUF, "RUE DU GENERAL LECLERC")]
    )
    assert index.streets("99001", "rue du gal") == ["RUE DU GENERAL LECLERC", "RUE DU GALION"]


def test_autocomplete_after_a_finished_word_does_not_offer_longer_words():
    index = CatchmentIndex.build([college("99001", SURCOUF, "RUE HAUTE"), college("99001", SURCOUF, "RUELLE BASSE")])
    assert index.streets("99001", "rue") == ["RUE HAUTE", "RUELLE BASSE"]
    assert index.streets("99001", "rue ") == ["RUE HAUTE"]


@pytest.mark.parametrize(
    ("key", "split"),
    [
        ("", ("", "")),
        ("RUE", ("", "RUE")),  # a type alone is a name
        ("TERRE PLEIN", ("", "TERRE PLEIN")),
        ("TERRE PLEIN NAYE", ("TERRE PLEIN", "NAYE")),  # the longest type wins
        ("LIEU DIT X", ("LIEU DIT", "X")),
        ("ROND POINT", ("", "ROND POINT")),
        ("BOULEVARD CHATEAUBRIAND", ("BOULEVARD", "CHATEAUBRIAND")),
    ],
)
def test_street_type_split_of_published_keys(key, split):
    assert street_type_and_name(key) == split


# --- Coverage analysis ----------------------------------------------------------------------------


def test_analyse_of_the_national_file(national_rules):
    report = analyse(national_rules)
    assert report.conflicts == ()
    shared = {(overlap.first.rule_id, overlap.second.rule_id) for overlap in report.shared_sectors}
    # Saint-Malo lines 112/333 (PLACE DU MARCHE AUX LEGUMES) and the Tresboeuf lieux-dits under two collèges.
    assert {(112, 333), (793, 794), (791, 792), (288, 597)} <= shared
    assert len(shared) == 13
    duplicates = {(overlap.first.rule_id, overlap.second.rule_id) for overlap in report.duplicates}
    # Lines 411/1415 RUE DU HINDRE (odd, then both sides) and 420/604 MONTEE NOTRE DAME: one college each.
    assert {(411, 1415), (420, 604)} <= {tuple(sorted(pair)) for pair in duplicates}


def test_analyse_tells_duplicates_shared_sectors_and_conflicts_apart():
    rules = [
        college("99001", SURCOUF, "RUE A", parity=Parity.ODD, rule_id=1),
        college("99001", SURCOUF, "RUE A", rule_id=2),  # same college: duplicate of 1
        college("99001", SURCOUF, "RUE B", rule_id=3),
        college("99001", CHATEAUBRIAND, "RUE B", rule_id=4),  # identical range: shared sector with 3
        college("99001", SURCOUF, "RUE C", last=HouseNumber(20), rule_id=5),
        college("99001", CHATEAUBRIAND, "RUE C", first=HouseNumber(15), rule_id=6),  # 15-20: conflict with 5
    ]
    report = analyse(rules)
    assert [(o.first.rule_id, o.second.rule_id) for o in report.duplicates] == [(1, 2)]
    assert [(o.first.rule_id, o.second.rule_id) for o in report.shared_sectors] == [(3, 4)]
    assert [(o.first.rule_id, o.second.rule_id) for o in report.conflicts] == [(5, 6)]
    assert report.conflicts[0].kind == OverlapKind.CONFLICT
    assert report.has_conflicts


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"parity": Parity.EVEN}, {"parity": Parity.ODD}),  # opposite sides
        ({"last": HouseNumber(10)}, {"first": HouseNumber(11)}),  # adjacent ranges
        ({"last": HouseNumber(23)}, {"first": HouseNumber(23, "BIS")}),  # 23 and 23 bis are different numbers
        ({"first": HouseNumber(3), "last": HouseNumber(3)}, {"parity": Parity.EVEN}),  # 3 is odd
        ({"priority": 1}, {}),  # a higher priority is an intended override
        ({"school_year": "2026-2027"}, {}),  # a year's rules replace year-less ones
        ({"lieu_dit": "LANHELIN"}, {"lieu_dit": "TRESSE"}),  # other commune déléguée
    ],
)
def test_analyse_does_not_report_rules_that_never_compete(one, other):
    rules = [college("99001", SURCOUF, "RUE A", **one), college("99001", CHATEAUBRIAND, "RUE A", **other)]
    assert analyse(rules) == analyse([])


def test_analyse_treats_from_1_and_from_2_on_the_even_side_as_the_same_range():
    rules = [
        college("99001", SURCOUF, "RUE A", parity=Parity.EVEN, first=HouseNumber(1)),
        college("99001", CHATEAUBRIAND, "RUE A", parity=Parity.EVEN, first=HouseNumber(2)),
    ]
    assert len(analyse(rules).shared_sectors) == 1


def test_analyse_reports_two_whole_commune_rules_as_a_shared_sector():
    rules = [
        Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True),
        Rule(commune="99001", level="college", uai=CHATEAUBRIAND, whole_commune=True),
    ]
    assert len(analyse(rules).shared_sectors) == 1


def test_streets_without_rule_lists_uncovered_streets_once_in_given_order(national_rules):
    labels = [
        "Boulevard Chateaubriand",  # line 296
        "Impasse du 47e Régiment d'Infanterie",  # line 55, published cut
        "Rue Inventée",
        "RUE INVENTEE",
        "Allée Nouvelle",
    ]
    saint_malo = [rule for rule in national_rules if rule.commune == SAINT_MALO]
    assert streets_without_rule(saint_malo, labels, "college") == ["Rue Inventée", "Allée Nouvelle"]
    assert streets_without_rule(national_rules, labels, "college", commune=TRESBOEUF) == labels[:3] + labels[4:]
    assert streets_without_rule(saint_malo, labels, "maternelle") == labels[:3] + labels[4:]


def test_streets_without_rule_is_empty_under_a_whole_commune_rule():
    rules = [Rule(commune="99001", level="college", uai=SURCOUF, whole_commune=True)]
    assert streets_without_rule(rules, ["Rue A", "Rue B"], "college") == []


# --- Size ------------------------------------------------------------------------------------------


def test_index_of_100000_rules_builds_and_answers():
    # 10 communes x 5,000 streets x 2 sides; keys given, as the importer stores them.
    rules = []
    for commune in range(10):
        for number in range(5000):
            label = f"RUE NUMERO {number} DE LA COMMUNE"
            common = {"commune": f"990{commune:02d}", "level": "college", "street_label": label}
            key = f"RUE NUMERO {number} COMMUNE"
            rules.append(Rule(uai=SURCOUF, street_key=key, parity=Parity.EVEN, last=HouseNumber(40), **common))
            rules.append(Rule(uai=CHATEAUBRIAND, street_key=key, parity=Parity.ODD, **common))
    index = CatchmentIndex.build(rules)
    assert index.rule_count == 100_000
    assert index.lookup("99007", "12 rue numero 4321 de la commune", "college").uais == (SURCOUF,)
    assert index.lookup("99007", "13 rue numero 4321 de la commune", "college").uais == (CHATEAUBRIAND,)
    assert index.lookup("99007", "42 rue numero 4321 de la commune", "college").status == LookupStatus.NO_SECTOR
    assert index.lookup("99007", "12 rue numro 4321 de la comune", "college").status == LookupStatus.UNKNOWN_STREET
    assert len(index.streets("99007", "rue numero 43")) == 10


def test_street_with_hundreds_of_ranges_finds_the_right_one():
    rules = [
        college("99001", f"03500{start % 7:02d}A", "RUE LONGUE", first=HouseNumber(start), last=HouseNumber(start + 9))
        for start in range(1, 3000, 10)
    ]
    # One long overlapping range at a lower priority must still be found from any number.
    rules.append(college("99001", "0359999Z", "RUE LONGUE", priority=-1))
    index = CatchmentIndex.build(rules)
    assert index.lookup("99001", "1234 rue Longue", "college").uais == (f"03500{1231 % 7:02d}A",)
    assert index.lookup("99001", "5000 rue Longue", "college").uais == ("0359999Z",)


def test_street_key_helper_is_the_one_rules_use():
    assert college("99001", SURCOUF, "Rue de l'Église").street_key == street_key("RUE DE L EGLISE")


def test_a_repetition_no_rule_names_goes_with_its_bare_number(index):
    # Line 296 publishes boulevard Chateaubriand odd side "1 to 23": 23 bis is not named by any rule,
    # and a parent living there belongs with number 23, not in a gap.
    bare = index.lookup(SAINT_MALO, "23 boulevard Chateaubriand", "college")
    with_bis = index.lookup(SAINT_MALO, "23 bis boulevard Chateaubriand", "college")
    assert with_bis.status == LookupStatus.FOUND
    assert with_bis.uais == bare.uais


def test_a_rule_starting_at_a_repetition_wins_over_the_bare_number_fallback():
    rules = [
        Rule.from_bounds(commune="99999", level="college", uai="0000001A", street_label="RUE X",
                         first_number="1", first_repetition="", last_number="23", last_repetition=""),
        Rule.from_bounds(commune="99999", level="college", uai="0000002B", street_label="RUE X",
                         first_number="23", first_repetition="BIS", last_number="51", last_repetition=""),
    ]
    index = CatchmentIndex.build(rules)
    assert index.lookup("99999", "23 bis rue X", "college").uais == ("0000002B",)
    assert index.lookup("99999", "23 rue X", "college").uais == ("0000001A",)


def test_known_streets_of_the_address_index_join_autocomplete_with_their_written_label():
    rules = [Rule.from_bounds(commune="99999", level="college", uai="0000001A", street_label="RUE GUY ROPARTZ",
                              first_number="1", first_repetition="", last_number="9999", last_repetition="")]
    streets = [("99999", street_key(label), label) for label in ("Rue Guy-Ropartz", "Impasse des Lilas")]
    index = CatchmentIndex.build(rules, streets=streets)
    assert index.streets("99999", "guy") == ["Rue Guy-Ropartz"]
    assert index.streets("99999", "impasse") == ["Impasse des Lilas"]
    # A street known to the address index but without any rule has no sector, it is not unknown.
    assert index.lookup("99999", "3 impasse des Lilas", "college").status == LookupStatus.NO_SECTOR


# --- Suggestions and autocomplete follow the level asked ---------------------------------------------


def _whole_street(label, level, uai, school_year=None, commune="99999"):
    return Rule.from_bounds(commune=commune, level=level, uai=uai, street_label=label, school_year=school_year,
                            first_number="", first_repetition="", last_number="", last_repetition="")


@pytest.fixture
def two_levels():
    """A collège map of three streets; an écoles map of one of them; the address index's labels."""
    rules = [_whole_street(label, "college", "0000001A") for label in ("RUE DE METZ", "ALLEE METIS", "RUE D ALET")]
    rules.append(_whole_street("RUE DE METZ", "elementaire", "0000002B"))
    streets = [("99999", street_key("Rue de Metz"), "Rue de Metz")]
    return CatchmentIndex.build(rules, streets=streets)


def test_suggestions_offer_only_streets_the_level_serves(two_levels):
    result = two_levels.lookup("99999", "12 allee metiss", "elementaire")
    assert "ALLEE METIS" not in result.suggestions
    assert two_levels.lookup("99999", "12 allee metiss", "college").suggestions[0] == "ALLEE METIS"


def test_a_street_one_letter_off_is_suggested_first_with_the_address_index_label(two_levels):
    # "METS" is one letter from both "METZ" and "METIS": the typed street type settles it.
    assert two_levels.lookup("99999", "12 rue de Mets", "college").suggestions[0] == "Rue de Metz"
    assert two_levels.lookup("99999", "12 rue de Mets", "elementaire").suggestions == ("Rue de Metz",)


def test_a_nearer_street_comes_before_one_that_merely_looks_alike(index):
    # "ALLET" is one letter from "ALET"; "LA VILLE MALLET" shares more letters but is not a slip away.
    assert index.lookup(SAINT_MALO, "4 rue d'Allet", "college").suggestions[0] == "RUE D ALET"


def test_autocomplete_with_a_level_offers_only_the_streets_it_serves(two_levels):
    assert set(two_levels.streets("99999", "r")) == {"Rue de Metz", "RUE D ALET"}
    assert two_levels.streets("99999", "r", level="elementaire") == ["Rue de Metz"]
    assert two_levels.streets("99999", "allee", level="elementaire") == []
    assert two_levels.streets("99999", "rue", level="maternelle") == []  # no map for that level


def test_autocomplete_and_suggestions_follow_the_school_year():
    rules = [_whole_street("RUE DE METZ", "elementaire", "0000002B"),
             _whole_street("RUE NEUVE", "elementaire", "0000002B", school_year="2027-2028")]
    index = CatchmentIndex.build(rules)
    assert index.streets("99999", "rue", level="elementaire", school_year="2026-2027") == ["RUE DE METZ"]
    assert index.streets("99999", "rue", level="elementaire", school_year="2027-2028") == ["RUE DE METZ",
                                                                                         "RUE NEUVE"]
    assert index.lookup("99999", "2 rue neuv", "elementaire", "2026-2027").suggestions == ()
    assert index.lookup("99999", "2 rue neuv", "elementaire", "2027-2028").suggestions == ("RUE NEUVE",)


def test_a_whole_commune_rule_lets_every_known_street_be_suggested():
    rules = [Rule.from_bounds(commune="99999", level="maternelle", uai="0000003C", whole_commune=True,
                              street_label="", first_number="", first_repetition="", last_number="",
                              last_repetition=""),
             _whole_street("RUE DE METZ", "college", "0000001A")]
    index = CatchmentIndex.build(rules, streets=[("99999", street_key("Impasse des Lilas"), "Impasse des Lilas")])
    assert index.streets("99999", "i", level="maternelle") == ["Impasse des Lilas"]
    assert index.streets("99999", "r", level="maternelle") == ["RUE DE METZ"]  # a street of the collège map


def test_a_name_two_streets_carry_goes_to_the_one_the_level_serves():
    rules = [_whole_street("QUAI DES CORSAIRES", "elementaire", "0000002B"),
             _whole_street("QUAI DES CORSAIRES", "college", "0000001A"),
             _whole_street("CHAUSSEE DES CORSAIRES", "college", "0000001A")]
    index = CatchmentIndex.build(rules)
    result = index.lookup("99999", "2 Corsaires", "elementaire")
    assert (result.status, result.matched_street_key, result.uais) == (LookupStatus.FOUND, "QUAI CORSAIRES",
                                                                       ("0000002B",))
    assert index.lookup("99999", "2 Corsaires", "college").status == LookupStatus.AMBIGUOUS
