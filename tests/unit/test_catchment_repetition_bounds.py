"""A bound that names a repetition index is exact about it (issue 11 point 9): "63 to 83 B" (odd) ends at
83 B, so 83 ter (the third 83, like 83 C) is past it and is not answered by that rule, directly or through
the bare-number fallback, which stays for bounds that name no index ("1 to 23" covers 23 bis)."""

import pytest

from mon_enfant.addresses.parsing import HouseNumber
from mon_enfant.catchment.logic import CatchmentIndex, LookupStatus, Rule

COMMUNE = "99999"
UP_TO_83_B = "0000001A"
FROM_85 = "0000002B"


def odd_rule(uai, first, first_rep, last, last_rep):
    return Rule.from_bounds(commune=COMMUNE, level="college", uai=uai, street_label="RUE X", parity="odd",
                            first_number=first, first_repetition=first_rep, last_number=last,
                            last_repetition=last_rep)


@pytest.fixture
def index():
    return CatchmentIndex.build([odd_rule(UP_TO_83_B, "63", "", "83", "B"), odd_rule(FROM_85, "85", "", "", "")])


@pytest.mark.parametrize("address, uais", [
    ("83 rue X", (UP_TO_83_B,)),
    ("83 A rue X", (UP_TO_83_B,)),
    ("83 B rue X", (UP_TO_83_B,)),
    ("83 bis rue X", (UP_TO_83_B,)),  # the second 83, as 83 B is
    ("81 ter rue X", (UP_TO_83_B,)),
    ("85 rue X", (FROM_85,)),
])
def test_numbers_up_to_the_named_bound_are_served_by_its_rule(index, address, uais):
    assert index.lookup(COMMUNE, address, "college").uais == uais


@pytest.mark.parametrize("address", ["83 ter rue X", "83 C rue X", "83 quater rue X"])
def test_a_repetition_past_a_bound_that_names_one_is_not_served_by_that_rule(index, address):
    result = index.lookup(COMMUNE, address, "college")
    assert UP_TO_83_B not in result.uais
    assert result.status != LookupStatus.FOUND


def test_a_bound_that_names_no_repetition_still_takes_the_bis_and_ter_of_its_number():
    index = CatchmentIndex.build([odd_rule(UP_TO_83_B, "1", "", "23", "")])
    for address in ("23 bis rue X", "23 ter rue X", "23 B rue X"):
        assert index.lookup(COMMUNE, address, "college").uais == (UP_TO_83_B,)


def test_a_first_bound_that_names_a_repetition_starts_at_it():
    rule = odd_rule(FROM_85, "83", "ter", "99", "")
    assert rule.covers(HouseNumber(83, "TER")) and rule.covers(HouseNumber(83, "D"))
    assert not rule.covers(HouseNumber(83, "B")) and not rule.covers(HouseNumber(83, "BIS"))
    assert not rule.takes_bare_number_of(HouseNumber(83, "A"))
