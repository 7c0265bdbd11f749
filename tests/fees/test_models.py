"""The fee models: their choices are the logic's, a grid refuses at save time what the calculator could not
use (naming the bracket), and it converts to the logic grid the quotes are computed with."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mon_enfant.fees import logic, models
from mon_enfant.fees.models import FeeBracket, FeeGrid, FeeSettings, NonResidentBracket, SiblingRule
from tests.fees.data import PARIS_2020, make_grid, make_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("django_choices", "logic_enum"), [
    (models.Unit, logic.Unit), (models.QfMethod, logic.QfMethod), (models.QfRounding, logic.QfRounding),
    (models.PricingKind, logic.PricingKind), (models.NonResidentMode, logic.NonResidentMode),
    (models.SiblingKind, logic.SiblingKind),
])
def test_model_choices_are_the_logic_enums_with_french_labels(django_choices, logic_enum):
    assert list(django_choices.values) == [member.value for member in logic_enum]
    assert all(label and label != value for value, label in django_choices.choices)


@pytest.mark.parametrize(("choice", "label"), [
    (models.Unit.REPAS, "Repas"), (models.Unit.DEMI_JOURNEE, "Demi-journée"), (models.Unit.SEANCE, "Séance"),
    (models.QfRounding.NONE, "Pas d'arrondi"), (models.NonResidentMode.CEILING, "Tarif le plus élevé des résidents"),
])
def test_choice_labels_are_the_french_words(choice, label):
    assert str(choice.label) == label


def grid_with(service, brackets, **fields):
    grid = FeeGrid(service=service, school_year="2026-2027", **fields)
    grid.brackets = [FeeBracket(qf_min=low, qf_max=high, price=price, sort_order=index)
                     for index, (low, high, price) in enumerate(brackets)]
    return grid


@pytest.fixture
def service(commune_a):
    return make_service(commune_a)


@pytest.mark.parametrize(("brackets", "message"), [
    ([(0, 500, 1), (600, None, 2)], "Il manque les QF de 500 à 600 entre la tranche 1 et la tranche 2."),
    ([(0, 500, 1), (400, None, 2)], "La tranche 2 (à partir de 400) chevauche la tranche 1 (de 0 à 500)."),
    ([(0, 500, 1), (500, 500, 2)], "La tranche 2 (de 500 à 500) est vide"),
    ([], "La grille doit comporter au moins une tranche."),
])
def test_clean_refuses_gaps_and_overlaps_naming_the_bracket(service, brackets, message):
    with pytest.raises(ValidationError) as refused:
        grid_with(service, brackets).full_clean()
    assert any(message in text for text in refused.value.messages)


def test_clean_names_the_non_resident_brackets(service):
    grid = grid_with(service, [(0, None, 1)], non_resident_mode="brackets")
    grid.non_resident_brackets = [NonResidentBracket(qf_min=100, qf_max=None, price=5)]
    with pytest.raises(ValidationError, match="Tranches non-résidents : La tranche 1"):
        grid.full_clean()


@pytest.mark.parametrize(("fields", "field"), [
    ({"pricing": "effort_rate", "rate_percent": Decimal("0.36"), "floor_price": Decimal("2")}, "ceiling_price"),
    ({"pricing": "flat"}, "flat_price"),
    ({"non_resident_mode": "surcharge_percent"}, "non_resident_amount"),
    ({"non_resident_amount": Decimal("2")}, "non_resident_amount"),
])
def test_clean_asks_for_the_amounts_of_the_chosen_modes(service, fields, field):
    with pytest.raises(ValidationError) as refused:
        grid_with(service, [(0, None, 1)], **fields).full_clean()
    assert field in refused.value.message_dict


def test_a_percentage_sibling_rule_needs_its_percentage(service):
    grid = grid_with(service, [(0, None, 1)])
    grid.sibling_rules = [SiblingRule(from_rank=2, kind="percent", percent_off=None)]
    with pytest.raises(ValidationError, match="pourcentage de la réduction fratrie"):
        grid.full_clean()


def test_to_logic_builds_the_published_grid(service):
    grid = make_grid(service, brackets=PARIS_2020, no_qf_price=Decimal("3"), siblings=[(3, "percent", "50")])
    grid = FeeGrid.objects.prefetch_related("brackets", "non_resident_brackets", "sibling_rules").get(pk=grid.pk)
    built = grid.to_logic()
    assert [(b.qf_min, b.qf_max, b.price) for b in built.pricing.brackets][1] == (235, 385, Decimal("0.85"))
    assert built.no_qf_price == 3
    assert built.siblings[0].percent_off == 50
    assert logic.quote(built, "400").unit_price == Decimal("1.62")


def test_settings_build_the_communes_qf_policy(commune_a):
    settings = FeeSettings(commune=commune_a, qf_method="fiscal", qf_rounding="unit",
                           parts_single_parent=Decimal("1.5"))
    policy = settings.qf_policy()
    assert (policy.method, policy.rounding) == (logic.QfMethod.FISCAL, logic.QfRounding.UNIT)
    assert policy.caf_table.single_parent_with_child == Decimal("1.5")


def test_a_service_slug_is_unique_per_commune(commune_a, commune_b):
    make_service(commune_a, "Cantine")
    make_service(commune_b, "Cantine")
    with pytest.raises(ValidationError):
        make_service(commune_a, "CANTINE")


def test_a_grid_is_unique_per_service_and_year(service):
    make_grid(service, brackets=[(0, None, 1)])
    with pytest.raises(ValidationError, match="déjà une grille"):
        make_grid(service, brackets=[(0, None, 2)])
