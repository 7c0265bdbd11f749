"""The overlap analysis of an import report counts every overlapping pair without listing them all: a
file of repeated rules has quadratically many pairs, and its report must stay short and fast to build.
"""

from __future__ import annotations

import gc
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from mon_enfant.addresses.parsing import HouseNumber
from mon_enfant.catchment.logic import OVERLAP_LIST_LIMIT, Parity, Rule, analyse

SCHOOLS = ["0350916F", "0350044H", "0350896J"]


def street_rule(uai, first=None, last=None, parity=Parity.BOTH, street="RUE A", **fields):
    return Rule(commune="35288", level="college", uai=uai, street_label=street, first=first, last=last,
                parity=parity, **fields)


def counts(report):
    return report.duplicate_count, report.shared_sector_count, report.conflict_count


def listed(report):
    return len(report.duplicates), len(report.shared_sectors), len(report.conflicts)


house_numbers = st.one_of(
    st.none(),
    st.builds(HouseNumber, st.integers(min_value=0, max_value=9), st.sampled_from(["", "", "B", "T"])),
)


@st.composite
def rules(draw):
    first, last = draw(house_numbers), draw(house_numbers)
    if first is not None and last is not None and first.sort_key() > last.sort_key():
        first, last = last, first
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return Rule(commune="35288", level="college", uai=draw(st.sampled_from(SCHOOLS)), whole_commune=True)
    return street_rule(
        draw(st.sampled_from(SCHOOLS)), first, last, draw(st.sampled_from(list(Parity))),
        street=draw(st.sampled_from(["RUE A", "RUE B"])), priority=draw(st.sampled_from([0, 0, 1])),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(rules(), max_size=14))
def test_the_counts_are_the_number_of_pairs_a_full_listing_finds(rule_set):
    report = analyse(rule_set, limit=None)
    assert counts(report) == listed(report)


@settings(max_examples=100, deadline=None)
@given(st.lists(rules(), max_size=30), st.integers(min_value=0, max_value=3))
def test_a_limited_report_lists_the_first_pairs_and_keeps_the_counts(rule_set, limit):
    full, limited = analyse(rule_set, limit=None), analyse(rule_set, limit=limit)
    assert counts(limited) == counts(full)
    assert limited.duplicates == full.duplicates[:limit]
    assert limited.shared_sectors == full.shared_sectors[:limit]
    assert limited.conflicts == full.conflicts[:limit]


def test_repeated_rules_are_counted_and_only_the_first_pairs_listed():
    repeated = [street_rule(SCHOOLS[index % 2], HouseNumber(1), HouseNumber(99), rule_id=index)
                for index in range(1000)]
    report = analyse(repeated)
    assert counts(report) == (2 * (500 * 499 // 2), 500 * 500, 0)
    assert listed(report) == (OVERLAP_LIST_LIMIT, OVERLAP_LIST_LIMIT, 0)
    assert not report.has_conflicts


def elapsed(rule_set):
    """The best CPU time of three runs, without the garbage collector's pauses: the least noisy figure."""
    best = None
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            analyse(rule_set)
            best = min(best or 1e9, time.process_time() - start)
    finally:
        gc.enable()
    return best


def test_analysing_repeated_or_nested_rules_takes_time_linear_in_their_number():
    """Four times the rules, about four times the time (a quadratic analysis takes sixteen times as long):
    the margin stays wide on a loaded machine, where twice the rules sometimes took three times as long."""
    def nested(count):  # every range contains the next one: every pair is a conflict
        return [street_rule(SCHOOLS[index % 3], HouseNumber(index + 1), HouseNumber(2 * count - index))
                for index in range(count)]

    def repeated(count):
        return [street_rule(SCHOOLS[index % 2], HouseNumber(1), HouseNumber(99)) for index in range(count)]

    for build in (nested, repeated):
        ratio = elapsed(build(20000)) / elapsed(build(5000))
        assert ratio < 8, f"{build.__name__}: four times the rules took {ratio:.1f} times as long"
