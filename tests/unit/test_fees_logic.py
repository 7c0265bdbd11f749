"""Specifications of mon_enfant.fees.logic: quotient familial, price grids and quotes.

Every expected figure is computed by hand in a comment next to it.  The reference grid is the
Paris 2020 school-meal grid ("restauration scolaire"), published as integer QF ranges
("de 235 € à 384 €") and entered as half-open brackets ([235, 385)).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mon_enfant.fees.logic import (
    MAX_PRICE,
    MAX_QF,
    Bracket,
    BracketGrid,
    CafPartsTable,
    EffortRateGrid,
    FeeInputError,
    FlatGrid,
    Grid,
    GridError,
    Household,
    NonResidentMode,
    NonResidentRule,
    QfMethod,
    QfPolicy,
    QfRounding,
    SiblingRule,
    Unit,
    caf_parts,
    compute_qf,
    fiscal_parts,
    monthly_estimate,
    qf_caf,
    qf_fiscal,
    quote,
    round_money,
    validate_brackets,
    validate_qf,
)

D = Decimal


def brackets(*rows: tuple) -> list[Bracket]:
    """Brackets from ``(qf_min, qf_max, price[, pai_price])`` rows written as strings or ints."""
    return [Bracket(*row) for row in rows]


# Paris 2020, first six brackets only (Paris has four more above 1900 €, not needed here); the
# last one is entered closed at 1901 to show that a QF above it gets the highest price.
PARIS_2020 = BracketGrid(
    brackets(
        (0, 235, "0.13"),
        (235, 385, "0.85"),
        (385, 549, "1.62"),
        (549, 960, "2.28"),
        (960, 1371, "3.62"),
        (1371, 1901, "4.61"),
    )
)

# A small grid with PAI prices, used for the rules that combine.
SMALL = BracketGrid(
    brackets(
        (0, 500, "2.00", "0.50"),
        (500, 1000, "3.00", "1.00"),
        (1000, None, "4.00", "1.50"),
    )
)

# Taux d'effort 0.36 % of the QF, between 2.60 € and 4.50 €.
EFFORT = EffortRateGrid(rate_percent=D("0.36"), floor=D("2.60"), ceiling=D("4.50"))


# --- Money rounding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("3.115", "3.12"),  # half-up; banker's rounding would also give 3.12 (1 is odd)
        ("2.675", "2.68"),  # float round(2.675, 2) gives 2.67: 2.675 is stored as 2.67499999...
        ("2.605", "2.61"),  # banker's rounding (Decimal's default) would give 2.60
        ("0.125", "0.13"),  # banker's rounding would give 0.12
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("3.1149", "3.11"),
        ("43.92", "43.92"),
        ("1", "1.00"),
        (3, "3.00"),
        (D("1E+3"), "1000.00"),
        ("-3.115", "-3.12"),  # negative amounts are rounded symmetrically, half away from zero
        ("-0.004", "0.00"),  # no "-0.00"
    ],
)
def test_round_money_rounds_half_up_to_the_cent(amount, rounded):
    result = round_money(amount)
    assert str(result) == rounded


@pytest.mark.parametrize("amount", [2.675, True, None, [1]])
def test_round_money_refuses_floats_and_other_types(amount):
    with pytest.raises(TypeError):
        round_money(amount)


@pytest.mark.parametrize("amount", ["abc", "", "NaN", "Infinity", D("sNaN"), "3,05"])
def test_round_money_refuses_what_is_not_a_finite_number(amount):
    with pytest.raises(FeeInputError) as error:
        round_money(amount)
    assert error.value.code == "invalid"


# --- Units --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "slug"),
    [
        (Unit.REPAS, "repas"),
        (Unit.HEURE, "heure"),
        (Unit.DEMI_HEURE, "demi-heure"),
        (Unit.JOURNEE, "journee"),
        (Unit.DEMI_JOURNEE, "demi-journee"),
        (Unit.MOIS, "mois"),
        (Unit.SEANCE, "seance"),
    ],
)
def test_units_are_stable_slugs(unit, slug):
    assert unit.value == slug
    assert Unit(slug) is unit
    assert unit == slug  # a code, compared as the stored string


def test_enums_list_every_member_in_order():
    assert [unit.value for unit in Unit] == ["repas", "heure", "demi-heure", "journee", "demi-journee", "mois",
                                             "seance"]
    assert list(QfRounding)[0] is QfRounding.NONE
    assert NonResidentMode("ceiling") is NonResidentMode.CEILING
    assert QfMethod("caf") is QfMethod.CAF


# --- Parts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("couple", "children", "disabled", "parts"),
    [
        (False, 0, 0, "1"),  # single adult without child
        (False, 1, 0, "2.5"),  # single parent 2 + 0.5
        (False, 2, 0, "3"),  # 2 + 0.5 + 0.5
        (False, 3, 2, "5"),  # 2 + 0.5 + 0.5 + 1, + 2 x 0.5 AEEH
        (True, 0, 0, "2"),
        (True, 1, 0, "2.5"),  # 2 + 0.5
        (True, 2, 0, "3"),  # 2 + 0.5 + 0.5
        (True, 3, 0, "4"),  # 2 + 0.5 + 0.5 + 1
        (True, 4, 0, "4.5"),  # ... + 0.5
        (True, 5, 0, "5"),  # ... + 0.5 + 0.5
        (True, 2, 1, "3.5"),  # 3 + 0.5 AEEH
        (True, 1, 1, "3"),  # 2.5 + 0.5 AEEH
        (True, 20, 20, "22.5"),  # 2 + 0.5 + 0.5 + 1 + 17 x 0.5 (= 12.5), + 20 x 0.5 AEEH
    ],
)
def test_caf_parts_follow_the_cnaf_table(couple, children, disabled, parts):
    assert caf_parts(couple=couple, children=children, disabled_children=disabled) == D(parts)


def test_caf_parts_table_is_editable_per_commune():
    # Communes following the income-tax rule: a single parent with one child has 2 parts.
    tax_like = CafPartsTable(single_parent_with_child=D("1.5"))
    assert caf_parts(couple=False, children=1, table=tax_like) == D("2")
    assert caf_parts(couple=True, children=1, table=tax_like) == D("2.5")  # couples unchanged
    flat_children = CafPartsTable(third_child=D("0.5"))
    assert caf_parts(couple=True, children=3, table=flat_children) == D("3.5")  # 2 + 3 x 0.5


@pytest.mark.parametrize(
    ("couple", "children", "disabled", "case_t", "parts"),
    [
        (False, 0, 0, False, "1"),
        (True, 0, 0, False, "2"),
        (False, 1, 0, False, "1.5"),  # e.g. a separated parent who may not tick case T
        (False, 1, 0, True, "2"),  # 1 + 0.5 + 0.5 case T
        (False, 2, 0, True, "2.5"),  # 1 + 0.5 + 0.5 + 0.5 case T
        (True, 1, 0, False, "2.5"),
        (True, 2, 0, False, "3"),
        (True, 3, 0, False, "4"),  # the third child counts a whole part
        (True, 4, 0, False, "5"),  # and so does the fourth
        (True, 2, 1, False, "3.5"),  # + 0.5 disabled child
        (False, 3, 1, True, "4"),  # 1 + 0.5 + 0.5 + 1 + 0.5 case T + 0.5 disabled
    ],
)
def test_fiscal_parts_follow_the_income_tax_rule(couple, children, disabled, case_t, parts):
    assert fiscal_parts(couple=couple, children=children, disabled_children=disabled, case_t=case_t) == D(
        parts
    )


@pytest.mark.parametrize(
    ("couple", "children", "code"),
    [(True, 2, "case_t_couple"), (False, 0, "case_t_without_child")],
)
def test_case_t_is_only_for_single_parents(couple, children, code):
    with pytest.raises(FeeInputError) as error:
        fiscal_parts(couple=couple, children=children, case_t=True)
    assert (error.value.field, error.value.code) == ("case_t", code)


@pytest.mark.parametrize(
    ("children", "disabled", "field"),
    [(-1, 0, "children"), (21, 0, "children"), (2, 3, "disabled_children"), (2, -1, "disabled_children")],
)
@pytest.mark.parametrize("parts_function", [caf_parts, fiscal_parts])
def test_parts_refuse_absurd_children_counts(parts_function, children, disabled, field):
    with pytest.raises(FeeInputError) as error:
        parts_function(couple=True, children=children, disabled_children=disabled)
    assert error.value.field == field


@pytest.mark.parametrize("children", [True, 2.0, "2"])
def test_parts_refuse_children_counts_that_are_not_int(children):
    with pytest.raises(TypeError):
        caf_parts(couple=True, children=children)


# --- Quotient familial --------------------------------------------------------------------------


def test_qf_caf_example():
    # Couple, 2 children: 3 parts.  (36 000 / 12 + 141.99) / 3 = 3 141.99 / 3 = 1 047.33
    assert qf_caf(annual_resources="36000", monthly_benefits="141.99", parts=3) == D("1047.33")
    # Single parent, 1 child: 2.5 parts, no benefits.  18 000 / 12 / 2.5 = 600
    assert qf_caf(annual_resources=18000, parts="2.5") == D("600")


def test_qf_never_comes_out_in_exponent_notation():
    # 36 000 / 12 is Decimal("3E+3") in Decimal arithmetic; a template would print "1.05E+3".
    assert str(qf_caf(annual_resources=36000, monthly_benefits=150, parts=3)) == "1050"


@pytest.mark.parametrize(
    ("rounding", "qf"),
    [
        # 20 000 / 12 / 3 = 555.5555...
        (QfRounding.NONE, D(20000) / 12 / 3),
        (QfRounding.CENT, D("555.56")),
        (QfRounding.UNIT, D("556")),
    ],
)
def test_qf_rounding_is_configurable(rounding, qf):
    assert qf_caf(annual_resources=20000, parts=3, rounding=rounding) == qf


def test_qf_rounding_to_the_unit_is_half_up():
    # 14 700 / 12 / 2 = 612.5 -> 613 (banker's rounding would give 612)
    assert qf_caf(annual_resources=14700, parts=2, rounding=QfRounding.UNIT) == D("613")
    assert qf_caf(annual_resources=14700, parts=2) == D("612.5")


def test_qf_fiscal_example():
    # Couple, 2 children (3 parts), revenu fiscal de référence 42 000: 42 000 / 12 / 3 = 1 166.666...
    assert qf_fiscal(reference_income=42000, parts=3, rounding=QfRounding.CENT) == D("1166.67")
    # Single parent, 1 child, case T (2 parts), RFR 24 000: 24 000 / 12 / 2 = 1 000
    assert (
        qf_fiscal(reference_income="24000", parts=fiscal_parts(couple=False, children=1, case_t=True)) == 1000
    )


@pytest.mark.parametrize(
    ("household", "policy", "qf"),
    [
        # CAF, couple 2 children (3 parts): (36 000 / 12 + 141.99) / 3 = 1 047.33
        (
            Household(couple=True, children=2, annual_resources="36000", monthly_benefits="141.99"),
            QfPolicy(QfMethod.CAF),
            D("1047.33"),
        ),
        # CAF with the tax-like table: single parent 1 child = 2 parts; 24 000 / 12 / 2 = 1 000
        (
            Household(children=1, annual_resources=24000),
            QfPolicy(QfMethod.CAF, caf_table=CafPartsTable(single_parent_with_child=D("1.5"))),
            D("1000"),
        ),
        # Fiscal, parts computed: couple 3 children = 4 parts; 48 000 / 12 / 4 = 1 000
        (Household(couple=True, children=3, reference_income=48000), QfPolicy(QfMethod.FISCAL), D("1000")),
        # Fiscal, parts from the tax notice override the computation:
        # 48 000 / 12 / 3.5 = 1 142.857... -> 1 143
        (
            Household(couple=True, children=3, reference_income=48000, tax_parts="3.5"),
            QfPolicy(QfMethod.FISCAL, QfRounding.UNIT),
            D("1143"),
        ),
        # Direct: the QF on the CAF certificate, never rounded
        (Household(declared_qf="812.40"), QfPolicy(QfMethod.DIRECT, QfRounding.UNIT), D("812.40")),
    ],
)
def test_compute_qf_uses_the_commune_method(household, policy, qf):
    assert compute_qf(household, policy) == qf


def test_validate_qf_accepts_the_bounds():
    assert validate_qf(0) == 0
    assert validate_qf(MAX_QF) == MAX_QF


@pytest.mark.parametrize("value", [1500.0, True])
def test_qf_computations_refuse_floats(value):
    with pytest.raises(TypeError):
        qf_caf(annual_resources=value, parts=2)
    with pytest.raises(TypeError):
        validate_qf(value)


# --- Bracket validation -------------------------------------------------------------------------


def test_validate_brackets_accepts_contiguous_grids():
    validate_brackets(PARIS_2020.brackets)
    validate_brackets(brackets((0, None, "1.00")))  # one open bracket: everybody pays the same
    validate_brackets(brackets((0, "234.5", 1), ("234.5", None, 2)))


def test_bracket_values_are_converted_to_decimal_and_floats_refused():
    bracket = Bracket("235", 385, "0.85")
    assert (bracket.qf_min, bracket.qf_max, bracket.price) == (D(235), D(385), D("0.85"))
    with pytest.raises(TypeError):
        Bracket(0, 235, 0.13)
    with pytest.raises(GridError) as error:
        Bracket(0, "abc", 1)
    assert error.value.code == "invalid_amount"


# --- Bracket grids: Paris 2020 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qf", "price", "number"),
    [
        ("0", "0.13", 1),
        ("234", "0.13", 1),  # published "jusqu'à 234 €"
        ("234.99", "0.13", 1),
        ("235", "0.85", 2),
        ("384", "0.85", 2),
        ("384.99", "0.85", 2),
        ("385", "1.62", 3),
        ("548", "1.62", 3),
        ("548.99", "1.62", 3),
        ("549", "2.28", 4),
        ("959", "2.28", 4),
        ("959.99", "2.28", 4),
        ("960", "3.62", 5),
        ("1370", "3.62", 5),
        ("1370.99", "3.62", 5),
        ("1371", "4.61", 6),
        ("1900", "4.61", 6),
        ("1900.99", "4.61", 6),
    ],
)
def test_paris_2020_school_meals_at_every_bracket_boundary(qf, price, number):
    result = quote(Grid(PARIS_2020), D(qf))
    assert result.unit_price == D(price)
    assert result.bracket_number == number
    assert result.bracket is PARIS_2020.brackets[number - 1]


# --- Effort rate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qf", "price"),
    [
        ("0", "2.60"),  # floor
        ("600", "2.60"),  # 600 x 0.0036 = 2.16 -> floor 2.60
        ("722.22", "2.60"),  # 2.599992 -> floor
        ("750", "2.70"),  # 750 x 0.0036 = 2.70
        ("862.5", "3.11"),  # 3.105 exactly -> half-up 3.11 (banker's rounding: 3.10)
        ("912.5", "3.29"),  # 3.285 exactly -> half-up 3.29 (banker's rounding: 3.28)
        ("1111", "4.00"),  # 3.9996 -> 4.00
        ("1250", "4.50"),  # 4.50 exactly
        ("1500", "4.50"),  # 5.40 -> ceiling 4.50
        ("100000", "4.50"),
    ],
)
def test_effort_rate_price_is_bounded_and_rounded_half_up(qf, price):
    assert quote(Grid(EFFORT), D(qf)).unit_price == D(price)


@pytest.mark.parametrize(
    ("qf", "price"),
    [
        ("623", "3.12"),  # 623 x 0.005 = 3.115 -> 3.12
        ("521", "2.61"),  # 521 x 0.005 = 2.605 -> 2.61
    ],
)
def test_effort_rate_exact_half_cents_round_up(qf, price):
    grid = Grid(EffortRateGrid(rate_percent=D("0.5"), floor=0, ceiling=10))
    assert quote(grid, D(qf)).unit_price == D(price)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"rate_percent": 0}, "zero_rate"),
        ({"rate_percent": "100.01"}, "too_large"),
        ({"rate_percent": "-0.36"}, "negative_amount"),
        ({"floor": "4.51"}, "floor_above_ceiling"),
        ({"ceiling": "abc"}, "invalid_amount"),
    ],
)
def test_effort_rate_grid_refuses_inconsistent_settings(kwargs, code):
    settings_ = {"rate_percent": D("0.36"), "floor": D("2.60"), "ceiling": D("4.50")} | kwargs
    with pytest.raises(GridError) as error:
        EffortRateGrid(**settings_)
    assert error.value.code == code


# --- Flat price ---------------------------------------------------------------------------------


# --- Without QF ---------------------------------------------------------------------------------


def test_without_qf_the_highest_bracket_is_reported_but_not_a_fixed_price():
    assert quote(Grid(PARIS_2020), None).bracket_number == 6
    assert quote(Grid(PARIS_2020, no_qf_price=5), None).bracket is None


def test_a_price_without_qf_makes_no_sense_with_a_flat_price():
    with pytest.raises(GridError) as error:
        Grid(FlatGrid(2), no_qf_price=3)
    assert error.value.code == "no_qf_price_flat"


# --- Non-residents ------------------------------------------------------------------------------

NON_RESIDENT_BRACKETS = BracketGrid(brackets((0, 800, "3.50"), (800, None, "5.50")))


def test_non_resident_ceiling_with_an_effort_rate_is_the_ceiling():
    grid = Grid(EFFORT, non_resident=NonResidentRule(NonResidentMode.CEILING))
    assert quote(grid, 600, resident=False).unit_price == D("4.50")


def test_non_resident_fixed_price_without_qf_is_a_resident_price():
    # With its own brackets, a non-resident without QF pays its highest bracket, not the residents'
    # fixed price.
    grid = Grid(
        SMALL,
        no_qf_price=3,
        non_resident=NonResidentRule(NonResidentMode.BRACKETS, brackets=NON_RESIDENT_BRACKETS),
    )
    assert quote(grid, None, resident=False).unit_price == D("5.50")
    assert quote(grid, None).unit_price == D("3.00")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"mode": NonResidentMode.FLAT}, "non_resident_amount"),
        ({"mode": NonResidentMode.CEILING, "amount": 3}, "non_resident_amount"),
        ({"mode": NonResidentMode.BRACKETS}, "non_resident_brackets"),
        ({"mode": NonResidentMode.SAME, "brackets": NON_RESIDENT_BRACKETS}, "non_resident_brackets"),
        ({"mode": NonResidentMode.SURCHARGE_PERCENT, "amount": "-5"}, "negative_amount"),
        ({"mode": NonResidentMode.SURCHARGE_PERCENT, "amount": "1000.1"}, "too_large"),
        ({"mode": NonResidentMode.SURCHARGE_AMOUNT, "amount": 1, "pai_price": 1}, "non_resident_pai"),
    ],
)
def test_non_resident_rule_refuses_inconsistent_settings(kwargs, code):
    with pytest.raises(GridError) as error:
        NonResidentRule(**kwargs)
    assert error.value.code == code


# --- Siblings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "price"),
    [(1, "3.00"), (2, "3.00"), (3, "2.70"), (4, "2.70")],  # 3.00 - 10 % = 2.70 from the 3rd child
)
def test_sibling_percentage_from_the_nth_child(rank, price):
    grid = Grid(SMALL, siblings=[SiblingRule(3, percent_off=10)])
    assert quote(grid, 600, child_rank=rank).unit_price == D(price)


@pytest.mark.parametrize(("rank", "price"), [(1, "3.00"), (2, "2.70"), (3, "2.40"), (5, "2.40")])
def test_the_sibling_rule_with_the_highest_rank_reached_applies(rank, price):
    # -10 % from the 2nd child, -20 % from the 3rd: 3.00 -> 2.70 -> 2.40
    grid = Grid(SMALL, siblings=[SiblingRule(3, percent_off=20), SiblingRule(2, percent_off=10)])
    assert quote(grid, 600, child_rank=rank).unit_price == D(price)


def test_sibling_percentage_is_rounded_once_half_up():
    # Paris bracket 2: 0.85 - 10 % = 0.765 -> 0.77
    grid = Grid(PARIS_2020, siblings=[SiblingRule(2, percent_off=10)])
    assert quote(grid, 300, child_rank=2).unit_price == D("0.77")


def test_sibling_next_lower_bracket_does_not_apply_to_a_fixed_price_without_qf():
    grid = Grid(SMALL, no_qf_price=5, siblings=[SiblingRule(2, next_lower_bracket=True)])
    assert quote(grid, None, child_rank=2).unit_price == D("5.00")


@pytest.mark.parametrize("pricing", [EFFORT, FlatGrid(2)])
def test_sibling_next_lower_bracket_is_refused_without_brackets(pricing):
    with pytest.raises(GridError) as error:
        Grid(pricing, siblings=[SiblingRule(2, next_lower_bracket=True)])
    assert error.value.code == "sibling_not_applicable"
    # A percentage works with any pricing: 4.50 or 2.00, minus 10 %.
    grid = Grid(pricing, siblings=[SiblingRule(2, percent_off=10)])
    assert quote(grid, 2000, child_rank=2).unit_price in {D("4.05"), D("1.80")}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"from_rank": 1, "percent_off": 10}, "sibling_rank"),
        ({"from_rank": 21, "percent_off": 10}, "sibling_rank"),
        ({"from_rank": 2}, "sibling_kind"),
        ({"from_rank": 2, "percent_off": 10, "next_lower_bracket": True}, "sibling_kind"),
        ({"from_rank": 2, "percent_off": 0}, "sibling_zero_percent"),
        ({"from_rank": 2, "percent_off": "100.5"}, "too_large"),
    ],
)
def test_sibling_rule_refuses_inconsistent_settings(kwargs, code):
    with pytest.raises(GridError) as error:
        SiblingRule(**kwargs)
    assert error.value.code == code


def test_two_sibling_rules_cannot_start_at_the_same_rank():
    with pytest.raises(GridError) as error:
        Grid(SMALL, siblings=[SiblingRule(2, percent_off=10), SiblingRule(2, percent_off=20)])
    assert error.value.code == "sibling_duplicate"


# --- PAI (panier repas) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "grid",
    [
        Grid(PARIS_2020),
        Grid(EFFORT),
        Grid(SMALL, non_resident=NonResidentRule(NonResidentMode.FLAT, amount=6)),
    ],
)
def test_pai_unavailable(grid):
    with pytest.raises(FeeInputError) as error:
        quote(grid, 600, pai=True, resident=False)
    assert (error.value.field, error.value.code) == ("pai", "pai_unavailable")


def test_pai_is_either_flat_or_per_bracket():
    with pytest.raises(GridError) as error:
        Grid(SMALL, pai_price=1)
    assert error.value.code == "pai_conflict"


# --- Quote inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qf", "child_rank", "field", "code"),
    [
        ("-1", 1, "qf", "negative"),
        ("100000.01", 1, "qf", "too_large"),
        ("abc", 1, "qf", "invalid"),
        (600, 0, "child_rank", "out_of_range"),
        (600, 21, "child_rank", "out_of_range"),
    ],
)
def test_quote_refuses_invalid_inputs(qf, child_rank, field, code):
    with pytest.raises(FeeInputError) as error:
        quote(Grid(SMALL), qf, child_rank=child_rank)
    assert (error.value.field, error.value.code) == (field, code)


def test_quote_refuses_floats():
    with pytest.raises(TypeError):
        quote(Grid(SMALL), 600.0)


def test_quote_accepts_strings_and_ints():
    assert quote(Grid(SMALL), "600").unit_price == quote(Grid(SMALL), 600).unit_price == D("3.00")


# --- Monthly estimate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "estimate"),
    [
        (("3.05", 4), "43.92"),  # 3.05 x 4 x 36 / 10 = 43.92
        (("0.13", 4), "1.87"),  # 0.13 x 4 x 36 / 10 = 1.872
        (("2.28", 5, 36, 11), "37.31"),  # 2.28 x 5 x 36 / 11 = 37.309...
        (("0.25", 1, 1, 2), "0.13"),  # 0.125 -> half-up
        (("1.50", "2.5"), "13.50"),  # 2.5 hours a week: 1.50 x 2.5 x 36 / 10
        (("3.05", 0), "0.00"),
    ],
)
def test_monthly_estimate(args, estimate):
    assert str(monthly_estimate(*args)) == estimate


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("-3.05", 4), "unit_price"),
        (("3.05", -1), "units_per_week"),
        (("3.05", 337), "units_per_week"),
        (("3.05", 4, 0), "weeks_per_year"),
        (("3.05", 4, 36, 0), "months"),
        (("3.05", 4, 36, 13), "months"),
    ],
)
def test_monthly_estimate_refuses_absurd_inputs(args, field):
    with pytest.raises(FeeInputError) as error:
        monthly_estimate(*args)
    assert error.value.field == field


# --- Properties ---------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=MAX_PRICE, places=3)
cut_points = st.lists(
    st.decimals(min_value="0.01", max_value="99999", places=2), unique=True, max_size=8
).map(sorted)


@st.composite
def bracket_grids(draw, with_pai=None):
    cuts = draw(cut_points)
    if draw(st.booleans()):  # open last bracket
        bounds = [D(0), *cuts, None]
    else:
        bounds = [D(0), *cuts, (cuts[-1] if cuts else D(0)) + draw(st.integers(1, 1000))]
    if with_pai is None:
        with_pai = draw(st.booleans())
    return BracketGrid(
        [
            Bracket(low, high, draw(money), draw(money) if with_pai else None)
            for low, high in zip(bounds, bounds[1:], strict=False)
        ]
    )


@st.composite
def grids(draw):
    kind = draw(st.sampled_from(["brackets", "effort", "flat"]))
    if kind == "brackets":
        pricing = draw(bracket_grids())
    elif kind == "effort":
        floor, ceiling = sorted([draw(money), draw(money)])
        rate = draw(st.decimals(min_value="0.001", max_value=100, places=3))
        pricing = EffortRateGrid(rate_percent=rate, floor=floor, ceiling=ceiling)
    else:
        pricing = FlatGrid(draw(money))
    mode = draw(st.sampled_from(list(NonResidentMode)))
    amount = {
        NonResidentMode.FLAT: money,
        NonResidentMode.SURCHARGE_AMOUNT: money,
        NonResidentMode.SURCHARGE_PERCENT: st.decimals(min_value=0, max_value=1000, places=2),
    }.get(mode, st.none())
    non_resident = NonResidentRule(
        mode,
        amount=draw(amount),
        brackets=draw(bracket_grids()) if mode is NonResidentMode.BRACKETS else None,
        pai_price=draw(st.none() | money) if mode is NonResidentMode.FLAT else None,
    )
    ranks = draw(st.lists(st.integers(2, 20), unique=True, max_size=3))
    siblings = [
        SiblingRule(rank, next_lower_bracket=True)
        if kind == "brackets" and draw(st.booleans())
        else SiblingRule(rank, percent_off=draw(st.decimals(min_value="0.01", max_value=100, places=2)))
        for rank in ranks
    ]
    per_bracket_pai = any(
        isinstance(grid, BracketGrid) and grid.has_pai_prices for grid in (pricing, non_resident.brackets)
    )
    return Grid(
        pricing,
        non_resident=non_resident,
        siblings=siblings,
        no_qf_price=None if kind == "flat" else draw(st.none() | money),
        pai_price=None if per_bracket_pai else draw(st.none() | money),
    )


any_amount = (
    st.none()
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.decimals(min_value=0, max_value=MAX_QF, places=2)
    | st.integers()
    | st.text(max_size=6)
)


@settings(max_examples=100)
@given(grid=bracket_grids(), data=st.data())
def test_property_every_qf_falls_in_exactly_one_bracket(grid, data):
    assert_in_exactly_one_bracket(grid, data, places=4)


def assert_in_exactly_one_bracket(grid, data, places):
    """A QF drawn from the grid's range (up to 1000 above an open last bracket) lies in exactly one
    bracket, the one ``find`` returns."""
    last = grid.brackets[-1]
    upper = last.qf_max if last.qf_max is not None else last.qf_min + 1000
    qf = data.draw(st.decimals(min_value=0, max_value=upper, places=places).filter(lambda value: value < upper))
    containing = [index for index, bracket in enumerate(grid.brackets) if bracket.contains(qf)]
    assert len(containing) == 1
    assert grid.find(qf) == containing[0]


bounds = st.integers(0, 3000).map(D)


@settings(max_examples=400)
@given(rows=st.lists(st.tuples(bounds, st.none() | bounds), min_size=1, max_size=5), data=st.data())
def test_property_a_grid_either_is_refused_or_puts_every_qf_in_exactly_one_bracket(rows, data):
    """Any bracket list at all (gaps, overlaps, disorder, empty brackets): the validation refuses it with a
    GridError, or every QF of its range lies in exactly one bracket, the one ``find`` returns."""
    try:
        grid = BracketGrid([Bracket(low, high, D("1.00")) for low, high in rows])
    except GridError:
        return
    assert_in_exactly_one_bracket(grid, data, places=2)


@settings(max_examples=100)
@given(grid=grids(), qf=st.none() | st.decimals(min_value=0, max_value=MAX_QF), child_rank=st.integers(1, 20))
def test_property_quote_always_succeeds_for_valid_inputs_without_pai(grid, qf, child_rank):
    assert quote(grid, qf, child_rank=child_rank).unit_price >= 0


@settings(max_examples=100)
@given(
    annual_resources=any_amount,
    monthly_benefits=any_amount,
    parts=any_amount,
    rounding=st.sampled_from(list(QfRounding)),
)
def test_property_qf_computation_only_fails_with_fee_input_error(
    annual_resources, monthly_benefits, parts, rounding
):
    for compute in (
        lambda: qf_caf(
            annual_resources=annual_resources,
            monthly_benefits=monthly_benefits,
            parts=parts,
            rounding=rounding,
        ),
        lambda: qf_fiscal(reference_income=annual_resources, parts=parts, rounding=rounding),
        lambda: validate_qf(parts),
    ):
        try:
            qf = compute()
        except FeeInputError:
            continue
        assert 0 <= qf <= MAX_QF
        assert qf.as_tuple().exponent <= 0  # never "1E+3"


@settings(max_examples=100)
@given(
    household=st.builds(
        Household,
        couple=st.booleans(),
        children=st.integers(-5, 30),
        disabled_children=st.integers(-5, 30),
        annual_resources=any_amount,
        monthly_benefits=any_amount,
        reference_income=any_amount,
        tax_parts=any_amount,
        case_t=st.booleans(),
        declared_qf=any_amount,
    ),
    method=st.sampled_from(list(QfMethod)),
    rounding=st.sampled_from(list(QfRounding)),
)
def test_property_compute_qf_only_fails_with_fee_input_error(household, method, rounding):
    try:
        qf = compute_qf(household, QfPolicy(method, rounding))
    except FeeInputError:
        return
    assert 0 <= qf <= MAX_QF
