"""The logic's quotes and errors as a French family or webmaster reads them: the specifications of
:mod:`mon_enfant.fees.logic` whose expected answers are sentences, worded by :mod:`mon_enfant.fees.wording`
(the logic itself returns rule kinds, bounds and amounts). The grids and tables are the unit tests'."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mon_enfant.fees import wording
from mon_enfant.fees.logic import (
    CENT,
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
    Quote,
    SiblingRule,
    compute_qf,
    qf_caf,
    quote,
    validate_brackets,
    validate_qf,
)
from tests.unit.test_fees_logic import (
    EFFORT,
    NON_RESIDENT_BRACKETS,
    PARIS_2020,
    SMALL,
    D,
    any_amount,
    brackets,
    grids,
)


def said(error):
    with translation.override("fr"):
        return wording.error(error)


def rule_line(result):
    with translation.override("fr"):
        return wording.rules(result)


def applied(result):
    with translation.override("fr"):
        return tuple(wording.word(rule) for rule in result.applied_rules)


def test_caf_parts_table_accepts_strings_and_refuses_zero_adult_parts():
    assert CafPartsTable(adult_couple="2.5").adult_couple == D("2.5")
    with pytest.raises(GridError) as error:
        CafPartsTable(single_adult=0)
    assert error.value.code == "zero_parts"
    assert "personne seule sans enfant" in said(error.value)
    with pytest.raises(GridError):
        CafPartsTable(first_child="-0.5")


@pytest.mark.parametrize(
    ("method", "field"),
    [
        (QfMethod.CAF, "annual_resources"),
        (QfMethod.FISCAL, "reference_income"),
        (QfMethod.DIRECT, "declared_qf"),
    ],
)
def test_compute_qf_asks_for_the_inputs_of_the_method(method, field):
    with pytest.raises(FeeInputError) as error:
        compute_qf(Household(couple=True, children=1), QfPolicy(method))
    assert (error.value.field, error.value.code) == (field, "required")
    assert said(error.value).startswith("Indiquez ")


@pytest.mark.parametrize(
    ("kwargs", "field", "code", "words"),
    [
        ({"annual_resources": "-1"}, "annual_resources", "negative", "ressources annuelles"),
        ({"annual_resources": "10000000.01"}, "annual_resources", "too_large", "10 000 000 €"),
        ({"annual_resources": "abc"}, "annual_resources", "invalid", "ressources annuelles"),
        ({"annual_resources": "NaN"}, "annual_resources", "invalid", "ressources annuelles"),
        ({"monthly_benefits": "-0.01"}, "monthly_benefits", "negative", "prestations familiales"),
        ({"monthly_benefits": "100000.01"}, "monthly_benefits", "too_large", "100 000 €"),
        ({"parts": 0}, "parts", "out_of_range", "nombre de parts"),
        ({"parts": "-2"}, "parts", "out_of_range", "nombre de parts"),
        ({"parts": 51}, "parts", "out_of_range", "nombre de parts"),
        ({"parts": "Infinity"}, "parts", "invalid", "nombre de parts"),
        # 10 000 000 / 12 / 1 = 833 333.33: each input is plausible, the QF is not.
        ({"annual_resources": 10000000, "parts": 1}, "qf", "too_large", "833 333,33 €"),
    ],
)
def test_qf_caf_refuses_absurd_inputs_naming_the_field(kwargs, field, code, words):
    arguments = {"annual_resources": 30000, "monthly_benefits": 0, "parts": 3} | kwargs
    with pytest.raises(FeeInputError) as error:
        qf_caf(**arguments)
    assert (error.value.field, error.value.code) == (field, code)
    assert words in said(error.value)


@pytest.mark.parametrize(
    ("qf", "code"),
    [("-1", "negative"), ("100000.01", "too_large"), ("douze", "invalid"), ("-Infinity", "invalid")],
)
def test_validate_qf_refuses_absurd_values(qf, code):
    with pytest.raises(FeeInputError) as error:
        validate_qf(qf)
    assert (error.value.field, error.value.code) == ("qf", code)
    assert "quotient familial" in said(error.value)


@pytest.mark.parametrize(
    ("rows", "code", "bracket", "message"),
    [
        pytest.param(
            [(0, 235, 1), (235, 385, 2), (385, 549, 3), (560, None, 4)],
            "gap",
            4,
            "Il manque les QF de 549 à 560 entre la tranche 3 et la tranche 4.",
            id="gap",
        ),
        pytest.param(
            [(0, 235, 1), (235, 400, 2), (385, 549, 3)],
            "overlap",
            3,
            "La tranche 3 (de 385 à 549) chevauche la tranche 2 (de 235 à 400).",
            id="overlap",
        ),
        pytest.param(
            [(0, 235, 1), (0, 100, 2)],
            "overlap",
            2,
            "La tranche 2 (de 0 à 100) chevauche la tranche 1 (de 0 à 235).",
            id="same-start",
        ),
        pytest.param(
            [(0, 235, 1), (385, 549, 3), (235, 385, 2)],
            "unordered",
            3,
            "La tranche 3 (de 235 à 385) commence avant la tranche 2 (de 385 à 549) : "
            "classez les tranches par QF croissant.",
            id="unordered",
        ),
        pytest.param([], "empty", None, "La grille doit comporter au moins une tranche.", id="empty"),
        pytest.param(
            [(0, 235, 1), (235, None, 2), (385, 549, 3)],
            "open_not_last",
            2,
            "Seule la dernière tranche peut être sans borne haute : la tranche 2 (à partir de 235) est "
            "suivie d'autres tranches.",
            id="open-not-last",
        ),
        pytest.param(
            [(100, 235, 1), (235, None, 2)],
            "not_from_zero",
            1,
            "La tranche 1 (de 100 à 235) doit commencer à 0 pour couvrir les QF les plus bas.",
            id="not-from-zero",
        ),
        pytest.param(
            [(-5, 235, 1), (235, None, 2)],
            "negative_qf",
            1,
            "La tranche 1 (de -5 à 235) commence à un QF négatif.",
            id="negative-qf",
        ),
        pytest.param(
            [(0, 235, 1), (235, 235, 2), (235, None, 3)],
            "empty_bracket",
            2,
            "La tranche 2 (de 235 à 235) est vide : sa borne haute doit être supérieure à sa borne basse.",
            id="empty-bracket",
        ),
        pytest.param(
            [(0, 235, 1), (235, 385, "-0.85")],
            "negative_amount",
            2,
            "Le tarif de la tranche 2 (de 235 à 385) ne peut pas être négatif.",
            id="negative-price",
        ),
        pytest.param(
            [(0, "234.5", 1), ("234.5", None, "10000.01")],
            "too_large",
            2,
            "Le tarif de la tranche 2 (à partir de 234,5) dépasse 10 000 € : vérifiez la saisie.",
            id="absurd-price",
        ),
        pytest.param(
            [(0, 235, 1, "0.5"), (235, 385, 2), (385, None, 3, "1.5")],
            "pai_incomplete",
            2,
            "La tranche 2 (de 235 à 385) n'a pas de tarif panier repas, "
            "alors que d'autres tranches en ont un.",
            id="pai-incomplete",
        ),
        pytest.param(
            [(0, 235, 1, "-0.5"), (235, None, 2, "0.5")],
            "negative_amount",
            1,
            "Le tarif panier repas de la tranche 1 (de 0 à 235) ne peut pas être négatif.",
            id="negative-pai",
        ),
    ],
)
def test_validate_brackets_refuses_invalid_grids_naming_the_bracket(rows, code, bracket, message):
    with pytest.raises(GridError) as error:
        validate_brackets(brackets(*rows))
    assert (error.value.code, error.value.bracket, said(error.value)) == (code, bracket, message)
    with pytest.raises(GridError):  # a BracketGrid cannot be built from them either
        BracketGrid(brackets(*rows))


def test_quote_explains_the_bracket():
    result = quote(Grid(PARIS_2020), D("400"))
    assert rule_line(result) == "Tranche de QF : de 385 € à moins de 549 €"
    assert applied(result) == ("Tranche de QF : de 385 € à moins de 549 €",)


def test_open_last_bracket_is_described_from_its_lower_bound():
    assert rule_line(quote(Grid(SMALL), 5000)) == "Tranche de QF : à partir de 1 000 €"


def test_qf_above_a_closed_last_bracket_pays_the_highest_bracket():
    result = quote(Grid(PARIS_2020), D("1901"))
    assert (result.unit_price, result.bracket_number) == (D("4.61"), 6)
    assert rule_line(result) == "QF au-delà de la dernière tranche : tarif de la tranche la plus haute"


def test_effort_rate_is_explained():
    result = quote(Grid(EFFORT), D("1111"))
    assert rule_line(result) == "Taux d'effort 0,36 % du QF, plancher 2,60 €, plafond 4,50 €"
    assert result.bracket is None and result.bracket_number is None


def test_effort_rate_floor_above_ceiling_message():
    with pytest.raises(GridError) as error:
        EffortRateGrid(rate_percent=1, floor=5, ceiling="4.5")
    assert said(error.value) == "Le plancher (5,00 €) ne peut pas dépasser le plafond (4,50 €)."


def test_flat_price_ignores_the_qf():
    grid = Grid(FlatGrid("1.80"))
    assert quote(grid, 100).unit_price == quote(grid, None).unit_price == D("1.80")
    assert rule_line(quote(grid, 100)) == "Tarif unique"


@pytest.mark.parametrize(
    ("grid", "price", "rule"),
    [
        (Grid(PARIS_2020), "4.61", "Sans QF : tarif de la tranche la plus haute"),
        (Grid(SMALL), "4.00", "Sans QF : tarif de la tranche la plus haute"),
        (Grid(EFFORT), "4.50", "Sans QF : tarif plafond (4,50 €)"),
        (Grid(PARIS_2020, no_qf_price="5"), "5.00", "Sans QF : tarif fixé à 5,00 €"),
        (Grid(EFFORT, no_qf_price="4.80"), "4.80", "Sans QF : tarif fixé à 4,80 €"),
    ],
)
def test_without_qf(grid, price, rule):
    result = quote(grid, None)
    assert (result.unit_price, rule_line(result)) == (D(price), rule)


@pytest.mark.parametrize(
    ("rule", "qf", "price", "rules"),
    [
        pytest.param(NonResidentRule(), 600, "3.00", ("Tranche de QF : de 500 € à moins de 1 000 €",), id="same"),
        pytest.param(
            NonResidentRule(NonResidentMode.FLAT, amount="5"), 600, "5.00", ("Tarif non-résident",), id="flat"
        ),
        pytest.param(
            NonResidentRule(NonResidentMode.BRACKETS, brackets=NON_RESIDENT_BRACKETS),
            600,
            "3.50",
            ("Tarif non-résident", "Tranche de QF : moins de 800 €"),
            id="own-brackets",
        ),
        pytest.param(
            NonResidentRule(NonResidentMode.BRACKETS, brackets=NON_RESIDENT_BRACKETS),
            None,
            "5.50",  # their own highest bracket
            ("Tarif non-résident", "Sans QF : tarif de la tranche la plus haute"),
            id="own-brackets-without-qf",
        ),
        pytest.param(
            NonResidentRule(NonResidentMode.SURCHARGE_AMOUNT, amount="1.50"),
            600,
            "4.50",  # 3.00 + 1.50
            ("Tarif non-résident : majoration de 1,50 €", "Tranche de QF : de 500 € à moins de 1 000 €"),
            id="surcharge-euros",
        ),
        pytest.param(
            NonResidentRule(NonResidentMode.SURCHARGE_PERCENT, amount=20),
            600,
            "3.60",  # 3.00 x 1.20
            ("Tarif non-résident : majoration de 20 %", "Tranche de QF : de 500 € à moins de 1 000 €"),
            id="surcharge-percent",
        ),
        pytest.param(
            NonResidentRule(NonResidentMode.CEILING),
            100,
            "4.00",  # the highest resident bracket, whatever the QF
            ("Tarif non-résident : tarif le plus élevé",),
            id="ceiling",
        ),
    ],
)
def test_non_resident_pricing(rule, qf, price, rules):
    grid = Grid(SMALL, non_resident=rule)
    result = quote(grid, qf, resident=False)
    assert (result.unit_price, applied(result)) == (D(price), rules)
    assert rule_line(result) == " · ".join(rules)
    # Residents are never affected by the non-resident rule.
    assert quote(grid, 600).unit_price == D("3.00")


def test_sibling_percentage_is_explained():
    grid = Grid(SMALL, siblings=[SiblingRule(3, percent_off=10)])
    result = quote(grid, 600, child_rank=3)
    assert rule_line(result) == ("Tranche de QF : de 500 € à moins de 1 000 € · "
                                 "Réduction fratrie de 10 % à partir du 3e enfant")


@pytest.mark.parametrize(
    ("qf", "price", "number", "last_rule"),
    [
        (600, "2.00", 1, "Réduction fratrie à partir du 2e enfant : tranche inférieure (QF : moins de 500 €)"),
        (1200, "3.00", 2, "Réduction fratrie à partir du 2e enfant : "
                          "tranche inférieure (QF : de 500 € à moins de 1 000 €)"),
        (None, "3.00", 2, "Réduction fratrie à partir du 2e enfant : "
                          "tranche inférieure (QF : de 500 € à moins de 1 000 €)"),
        (100, "2.00", 1, "Réduction fratrie à partir du 2e enfant : déjà dans la tranche la plus basse"),
    ],
)
def test_sibling_next_lower_bracket(qf, price, number, last_rule):
    grid = Grid(SMALL, siblings=[SiblingRule(2, next_lower_bracket=True)])
    result = quote(grid, qf, child_rank=2)
    assert (result.unit_price, result.bracket_number) == (D(price), number)
    assert applied(result)[-1] == last_rule
    assert quote(grid, qf, child_rank=1).unit_price >= result.unit_price


def test_non_resident_surcharge_applies_before_the_sibling_reduction():
    # (3.00 + 1.00) - 10 % = 3.60: the reduction applies to what the family pays.
    grid = Grid(
        SMALL,
        non_resident=NonResidentRule(NonResidentMode.SURCHARGE_AMOUNT, amount=1),
        siblings=[SiblingRule(2, percent_off=10)],
    )
    result = quote(grid, 600, resident=False, child_rank=2)
    assert result.unit_price == D("3.60")
    assert rule_line(result) == (
        "Tarif non-résident : majoration de 1,00 € · Tranche de QF : de 500 € à moins de 1 000 € · "
        "Réduction fratrie de 10 % à partir du 2e enfant"
    )


@pytest.mark.parametrize(
    ("grid", "qf", "kwargs", "price"),
    [
        pytest.param(Grid(SMALL), 600, {}, "1.00", id="bracket"),
        pytest.param(Grid(SMALL), None, {}, "1.50", id="bracket-without-qf"),
        pytest.param(Grid(SMALL, no_qf_price=5), None, {}, "1.50", id="fixed-price-without-qf-uses-top"),
        pytest.param(
            Grid(SMALL, siblings=[SiblingRule(2, next_lower_bracket=True)]),
            600,
            {"child_rank": 2},
            "0.50",
            id="bracket-follows-sibling-rule",
        ),
        pytest.param(Grid(PARIS_2020, pai_price="0.40"), 1000, {}, "0.40", id="flat"),
        pytest.param(Grid(EFFORT, pai_price="1.10"), 1000, {}, "1.10", id="flat-effort-rate"),
        pytest.param(
            Grid(SMALL, non_resident=NonResidentRule(NonResidentMode.SURCHARGE_PERCENT, amount=20)),
            600,
            {"resident": False},
            "1.20",  # 1.00 + 20 %
            id="non-resident-surcharge",
        ),
        pytest.param(
            Grid(SMALL, non_resident=NonResidentRule(NonResidentMode.FLAT, amount=6, pai_price=2)),
            600,
            {"resident": False},
            "2.00",
            id="non-resident-flat",
        ),
    ],
)
def test_pai_price(grid, qf, kwargs, price):
    result = quote(grid, qf, pai=True, **kwargs)
    assert result.unit_price == D(price)
    assert "Panier repas (PAI)" in applied(result)


@settings(max_examples=200)
@given(
    grid=grids(),
    qf=any_amount,
    resident=st.booleans(),
    child_rank=st.integers(-3, 25),
    pai=st.booleans(),
)
def test_property_quote_only_fails_with_fee_input_error_and_returns_cents(
    grid, qf, resident, child_rank, pai
):
    try:
        result = quote(grid, qf, resident=resident, child_rank=child_rank, pai=pai)
    except FeeInputError:
        return
    assert isinstance(result, Quote)
    assert result.unit_price >= 0
    assert result.unit_price == result.unit_price.quantize(CENT)
    assert result.unit_price.as_tuple().exponent == -2
    assert rule_line(result)
