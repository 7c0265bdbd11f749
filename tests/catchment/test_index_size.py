"""What keeps a département's catchment index (100,000 rules) small and quick to build: values thousands of
rules repeat are shared, not copied per rule; a street's rules are one range set unless some rule names a
school year. Rules from ``tests/data/carte-scolaire-colleges-35-extrait.csv`` (Saint-Malo 35288: line 2,
ALLEE BEAUSOLEIL, 1 – 9999 PI, 0350044H; line 112, PLACE DU MARCHE AUX LEGUMES, 1 – 9999 PI, 0350916F)."""

import pytest

from mon_enfant.addresses.parsing import HouseNumber
from mon_enfant.catchment import services
from mon_enfant.catchment.importers import import_catchment
from mon_enfant.catchment.logic import CatchmentIndex, Rule
from mon_enfant.catchment.logic.index import _RangeSet, _Street
from mon_enfant.catchment.models import CatchmentRule

from ..conftest import TEST_DATA


@pytest.fixture
def imported(db):
    national = (TEST_DATA / "carte-scolaire-colleges-35-extrait.csv").read_bytes()
    import_catchment(national, create_communes=True)
    return services.rules_from_database(CatchmentRule.objects.filter(commune__code_insee="35288"))[0]


def test_rules_loaded_from_the_database_share_their_bounds(imported):
    """Most ranges run from 1 (to 9999, an open end): one HouseNumber for every rule starting at 1."""
    from_one = [rule for rule in imported if rule.first == HouseNumber(1)]
    assert len(from_one) > 100
    assert len({id(rule.first) for rule in from_one}) == 1
    bounds = [bound for rule in imported for bound in (rule.first, rule.last) if bound is not None]
    assert len({id(bound) for bound in bounds}) == len(set(bounds))


def test_rules_loaded_from_the_database_share_their_commune_level_and_uai(imported):
    assert len({id(rule.commune) for rule in imported}) == 1
    assert len({id(rule.level) for rule in imported}) == 1
    uais = {rule.uai for rule in imported}
    assert len({id(rule.uai) for rule in imported}) == len(uais)


def test_a_house_number_has_no_instance_dictionary():
    assert not hasattr(HouseNumber(34, "bis"), "__dict__")


def test_a_street_whose_rules_name_no_year_is_one_range_set_answering_every_year():
    rule = Rule(commune="35288", level="college", uai="0350044H", street_label="ALLEE BEAUSOLEIL")
    index = CatchmentIndex.build([rule])
    street = index._scopes[("35288", "college")].streets[rule.street_key]
    assert isinstance(street, _RangeSet)
    assert street.ranges("2026-2027") is street.ranges(None) is street
    assert index.lookup("35288", "3 allée Beausoleil", "college", "2026-2027").uais == ("0350044H",)


def test_a_street_with_a_rule_of_one_year_keeps_its_rules_by_year():
    every_year = Rule(commune="35288", level="college", uai="0350044H", street_label="ALLEE BEAUSOLEIL")
    next_year = Rule(commune="35288", level="college", uai="0350916F", street_label="ALLEE BEAUSOLEIL",
                     school_year="2027-2028")
    index = CatchmentIndex.build([every_year, next_year])
    assert isinstance(index._scopes[("35288", "college")].streets[every_year.street_key], _Street)
    assert index.lookup("35288", "3 allée Beausoleil", "college", "2026-2027").uais == ("0350044H",)
    assert index.lookup("35288", "3 allée Beausoleil", "college", "2027-2028").uais == ("0350916F",)
