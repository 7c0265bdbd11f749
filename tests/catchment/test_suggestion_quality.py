"""On the demo's carte scolaire, the street a parent meant is found despite a typing mistake: the typo table
(tests/catchment/data/typos.csv) keeps hit@1 and hit@5 above a floor. ``bench/run.py suggestions`` prints
the figures and the misses."""

from io import StringIO

import pytest
from django.core.management import call_command

from mon_enfant.catchment import services
from tests.catchment.suggestion_quality import DEMO_COMMUNE, HIT_AT_1_FLOOR, HIT_AT_5_FLOOR, hit_rates, read_typos

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    services.reset()


def demo_lookup(commune, typed, level):
    return services.lookup(commune, typed, level).result


def test_the_typo_table_covers_the_usual_mistakes_on_every_level():
    typos = read_typos()
    kinds = {typo.kind for typo in typos}
    assert {"accents dropped", "one letter", "swapped letters", "missing type", "abbreviation"} <= kinds
    assert {typo.level for typo in typos} == {"maternelle", "elementaire", "college"}


def test_typed_streets_are_found_or_suggested_first(demo):
    hit1, hit5, misses = hit_rates(demo_lookup)
    assert hit1 >= HIT_AT_1_FLOOR, misses
    assert hit5 >= HIT_AT_5_FLOOR, misses


def test_a_street_one_letter_off_is_suggested_first_with_its_written_label(demo):
    result = demo_lookup(DEMO_COMMUNE, "12 rue de Mets", "elementaire")
    assert result.suggestions[0] == "Rue de Metz"


@pytest.mark.parametrize("level", ["maternelle", "elementaire"])
def test_every_suggestion_for_an_ecole_level_is_answered_for_that_level(demo, level):
    for typo in read_typos():
        for label in demo_lookup(DEMO_COMMUNE, typo.typed, level).suggestions:
            assert demo_lookup(DEMO_COMMUNE, f"2 {label}", level).status == "found", (typo.typed, label)
