"""Coverage analysis of a set of rules, for the import report: which rules overlap, and which streets
no rule serves.  Values only (kinds and rules); the Django layer words them.  No Django import here.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mon_enfant.addresses.parsing import street_key

from .autocomplete import StreetCatalogue
from .rules import OPEN_END_KEY, OPEN_START_KEY, Parity, Rule


class OverlapKind(StrEnum):
    DUPLICATE = "duplicate"
    SHARED_SECTOR = "shared_sector"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class RuleOverlap:
    kind: OverlapKind
    first: Rule
    second: Rule


# Overlapping pairs a report lists of each kind; it counts them all. Repeated rows make pairs quadratic
# in number (n identical rules, n(n-1)/2 pairs): listing them all is what made such a file take minutes.
OVERLAP_LIST_LIMIT = 100


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Overlapping rules of one set, sorted into three kinds (see :func:`analyse`): at most
    ``OVERLAP_LIST_LIMIT`` pairs listed of each kind, and how many there are in all."""

    duplicates: tuple[RuleOverlap, ...] = ()
    shared_sectors: tuple[RuleOverlap, ...] = ()
    conflicts: tuple[RuleOverlap, ...] = ()
    duplicate_count: int = 0
    shared_sector_count: int = 0
    conflict_count: int = 0

    @property
    def has_conflicts(self) -> bool:
        return self.conflict_count > 0


def analyse(rules: Iterable[Rule], *, limit: int | None = OVERLAP_LIST_LIMIT) -> CoverageReport:
    """Find rules that serve the same house numbers, for the import report.

    Two rules overlap when they share commune, level, school year (``None`` being its own group:
    year rules replace year-less ones, they never add to them), street key (or both are "secteur
    unique"), commune déléguée and priority, and at least one house number lies in both ranges with a
    parity both accept.  A rule of another priority is an intended override and is not reported.
    Each overlapping pair is then:

    * a **duplicate** when both name the same school (harmless, e.g. "1-9999 odd" and "1-9999 both");
    * a **shared sector** when the schools differ but the ranges are identical (same parity, same
      bounds, "from 1" and "from 2 on the even side" counting as "from the start"): a deliberate
      choice between schools, returned together by :meth:`CatchmentIndex.lookup`;
    * a **conflict** when the schools differ and the ranges only partly overlap: lookups in the
      common part return both schools, which is most likely a data error.

    Pairs are counted without being enumerated (:func:`_count_overlapping_pairs`), in time
    ``O(n log n)`` whatever the rules; at most ``limit`` pairs of each kind are listed (``None``: all of
    them, quadratic in the worst case), found by a scan that stops once every list is complete.
    """
    groups: dict[tuple[Any, ...], list[Rule]] = defaultdict(list)
    for rule in rules:
        street = "" if rule.whole_commune else rule.street_key
        groups[
            (rule.commune, rule.level, rule.school_year, rule.whole_commune, street, rule.lieu_dit, rule.priority)
        ].append(rule)

    counts: Counter[OverlapKind] = Counter()
    ordered_groups = []
    for group in groups.values():
        ordered = sorted(group, key=lambda rule: (_analysis_start(rule), rule._end_key()))
        ordered_groups.append(ordered)
        by_school: dict[str, list[Rule]] = defaultdict(list)
        for rule in ordered:
            by_school[rule.uai].append(rule)
        overlapping = _count_overlapping_pairs(ordered)
        same_school = sum(_count_overlapping_pairs(rules_of_school) for rules_of_school in by_school.values())
        shared = _count_shared_sector_pairs(ordered)
        counts[OverlapKind.DUPLICATE] += same_school
        counts[OverlapKind.SHARED_SECTOR] += shared
        counts[OverlapKind.CONFLICT] += overlapping - same_school - shared

    wanted = {kind: counts[kind] if limit is None else min(counts[kind], limit) for kind in OverlapKind}
    found: dict[OverlapKind, list[RuleOverlap]] = {kind: [] for kind in OverlapKind}
    for overlap in _overlapping_pairs(ordered_groups):
        listed = found[overlap.kind]
        if len(listed) < wanted[overlap.kind]:
            listed.append(overlap)
        if all(len(found[kind]) >= wanted[kind] for kind in OverlapKind):
            break
    return CoverageReport(
        duplicates=tuple(found[OverlapKind.DUPLICATE]),
        shared_sectors=tuple(found[OverlapKind.SHARED_SECTOR]),
        conflicts=tuple(found[OverlapKind.CONFLICT]),
        duplicate_count=counts[OverlapKind.DUPLICATE],
        shared_sector_count=counts[OverlapKind.SHARED_SECTOR],
        conflict_count=counts[OverlapKind.CONFLICT],
    )


def _overlapping_pairs(ordered_groups: list[list[Rule]]) -> Iterator[RuleOverlap]:
    """Every overlapping pair, group by group, each group sorted by range start."""
    for ordered in ordered_groups:
        for position, rule in enumerate(ordered):
            end = _analysis_end(rule)
            for other in ordered[position + 1 :]:
                if _analysis_start(other) > end:
                    break
                if not _share_a_number(rule, other):
                    continue
                if rule.uai == other.uai:
                    kind = OverlapKind.DUPLICATE
                elif _same_range(rule, other):
                    kind = OverlapKind.SHARED_SECTOR
                else:
                    kind = OverlapKind.CONFLICT
                yield RuleOverlap(kind, rule, other)


_PARITIES = (Parity.BOTH, Parity.EVEN, Parity.ODD)
_OPPOSITE = {Parity.EVEN: Parity.ODD, Parity.ODD: Parity.EVEN}


def _first_common_number(rule: Rule) -> int:
    """The lowest number a later-starting rule can share with an earlier one (see :func:`_share_a_number`)."""
    return max(int(rule._start_key()[0]), 0)


def _refuses_first_common_number(one: Parity, other: Parity, number_is_even: bool) -> bool:
    """Whether two compatible parities (not EVEN with ODD) refuse the first common number: an overlap of
    that single number then shares no house."""
    common = other if one is Parity.BOTH else one
    return common is not Parity.BOTH and number_is_even != (common is Parity.EVEN)


def _prefix_counts(flags: Iterable[bool]) -> array:
    """``counts[k]``: how many of the first ``k`` flags are true (a compact array: groups may be large)."""
    return array("l", itertools.accumulate(flags, initial=0))


def _count_overlapping_pairs(ordered: list[Rule]) -> int:
    """How many pairs of ``ordered`` (one group of :func:`analyse`, sorted by range start) share a number.

    For each rule, the later rules starting before its end are a contiguous block (found by bisection).
    Of those, the pairs that share nothing are counted from prefix sums instead of pair by pair: the
    block's rules of the opposite parity, and, where the overlap is a single number (a later rule that
    starts on this rule's last number, or that holds a single number), those whose common parity refuses
    that number.
    """
    count = len(ordered)
    if count < 2:
        return 0
    if ordered[0].whole_commune:  # a group is all "secteur unique" rules or none: they all overlap
        return count * (count - 1) // 2
    starts = [rule._start_key() for rule in ordered]
    firsts = [_first_common_number(rule) for rule in ordered]
    single = [rule._end_key()[0] <= first for rule, first in zip(ordered, firsts, strict=True)]
    of_parity = {parity: _prefix_counts(rule.parity is parity for rule in ordered) for parity in _PARITIES}
    categories = [(parity, even) for parity in _PARITIES for even in (True, False)]
    in_category = {
        (parity, even): _prefix_counts(
            rule.parity is parity and (first % 2 == 0) == even for rule, first in zip(ordered, firsts, strict=True)
        )
        for parity, even in categories
    }
    single_in_category = {
        (parity, even): _prefix_counts(
            alone and rule.parity is parity and (first % 2 == 0) == even
            for rule, first, alone in zip(ordered, firsts, single, strict=True)
        )
        for parity, even in categories
    }
    pairs = 0
    for position, rule in enumerate(ordered):
        end = rule._end_key()
        block_start = position + 1
        block_end = max(bisect.bisect_right(starts, end), block_start)
        touching = min(max(bisect.bisect_left(firsts, end[0]), block_start), block_end)
        sharing = block_end - block_start
        opposite = _OPPOSITE.get(rule.parity)
        if opposite is not None:
            sharing -= of_parity[opposite][block_end] - of_parity[opposite][block_start]
        for parity, even in categories:
            if (parity is opposite) or not _refuses_first_common_number(rule.parity, parity, even):
                continue
            sharing -= in_category[parity, even][block_end] - in_category[parity, even][touching]
            sharing -= single_in_category[parity, even][touching] - single_in_category[parity, even][block_start]
        pairs += sharing
    return pairs


def _count_shared_sector_pairs(ordered: list[Rule]) -> int:
    """How many pairs of ``ordered`` (one group of :func:`analyse`) are shared sectors: the same range
    (:func:`_same_range`), two schools, and a number in common."""
    same_range: dict[tuple[Any, ...], list[Rule]] = defaultdict(list)
    for rule in ordered:
        if rule.whole_commune:
            key: tuple[Any, ...] = ("whole commune",)
        else:
            start = "from the start" if rule._starts_at_beginning() else rule._start_key()
            key = (rule.parity, start, rule._end_key())
        same_range[key].append(rule)
    pairs = 0
    for rules in same_range.values():
        by_school: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            by_school[rule.uai].append(rule)
        pairs += _count_same_range_pairs(rules) - sum(map(_count_same_range_pairs, by_school.values()))
    return pairs


def _count_same_range_pairs(rules: list[Rule]) -> int:
    """Pairs sharing a number among rules of the same range, in start order: a pair shares one unless the
    later start leaves only a single number, of the wrong parity (what :func:`_share_a_number` says)."""
    pairs = 0
    for earlier, rule in enumerate(rules):
        if rule.whole_commune or rule.parity is Parity.BOTH:
            pairs += earlier
            continue
        first = _first_common_number(rule)
        if rule._end_key()[0] > first or rule.parity.accepts(first):
            pairs += earlier
    return pairs


def _analysis_start(rule: Rule) -> tuple[float, int]:
    return OPEN_START_KEY if rule.whole_commune else rule._start_key()


def _analysis_end(rule: Rule) -> tuple[float, int]:
    return OPEN_END_KEY if rule.whole_commune else rule._end_key()


def _share_a_number(one: Rule, other: Rule) -> bool:
    if one.whole_commune or other.whole_commune:
        return True
    low = max(one._start_key(), other._start_key())
    high = min(one._end_key(), other._end_key())
    if low > high:
        return False
    if one.parity is Parity.BOTH:
        common = other.parity
    elif other.parity in (Parity.BOTH, one.parity):
        common = one.parity
    else:
        return False
    if common is Parity.BOTH:
        return True
    # Every number from low's to high's lies in both ranges (with some repetition index).
    first_number = max(int(low[0]), 0)
    return high[0] > first_number or common.accepts(first_number)


def _same_range(one: Rule, other: Rule) -> bool:
    if one.whole_commune or other.whole_commune:
        return one.whole_commune and other.whole_commune
    if one.parity is not other.parity or one.last != other.last:
        return False
    return one.first == other.first or (one._starts_at_beginning() and other._starts_at_beginning())


def streets_without_rule(
    rules: Iterable[Rule],
    all_street_labels: Iterable[str],
    level: str,
    *,
    commune: str | None = None,
) -> list[str]:
    """Labels of ``all_street_labels`` (e.g. the commune's BAN streets) that no rule of ``level`` serves.

    A street counts as served by a rule of any school year, by a label cut at 32 characters, and by a
    "secteur unique" rule (which serves them all).  ``commune`` restricts the rules to one commune.
    Labels come back in their given order, each street once.
    """
    relevant = [rule for rule in rules if rule.level == level and (commune is None or rule.commune == commune)]
    if any(rule.whole_commune for rule in relevant):
        return []
    labels = {rule.street_key: rule.street_label or rule.lieu_dit for rule in relevant}
    catalogue = StreetCatalogue(labels)
    missing: dict[str, str] = {}
    for label in all_street_labels:
        key = street_key(label)
        if not key or key in missing:
            continue
        if key in catalogue.labels or catalogue.truncated_match(key, label) is not None:
            continue
        missing[key] = label
    return list(missing.values())
