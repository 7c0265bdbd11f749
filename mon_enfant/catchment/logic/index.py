"""The in-memory carte scolaire: every rule and zone arranged so that one lookup touches one street's
few rules, and the answer to "which school for 34 bis av. du Gal de Gaulle?".

The Django layer loads rules and zones from the database, builds one :class:`CatchmentIndex` per
process and asks it.  Matching, in order (see :meth:`CatchmentIndex.lookup` for the details):

1. the typed street is found among the commune's published streets (same key, or typed without its
   street type, or published truncated to 32 characters); otherwise "did you mean" suggestions, taken
   only among the streets that the level's rules of that school year serve (all the commune's streets
   when a "secteur unique" rule or zones answer for any street), so that no suggestion answers "no
   sector"; autocomplete offers the same streets when a level is given;
2. the rules of that street are filtered by school year (rules of the asked year replace year-less
   rules of the same street) and by range and parity; "secteur unique" rules (``whole_commune``) join
   every street;
3. among matching rules only the highest ``priority`` is kept: a narrow rule with a higher priority
   overrides a general one; several schools at the top priority form a shared sector and are all
   returned;
4. when no rule matches, a point (from a geocoder) is tested against the zones.

A ``23 bis`` that no rule of the street covers is looked up as ``23``, since files write "1 to 23" for
the bis and ter too.  Results are a :class:`LookupStatus` with values (schools, labels, the candidate
rules); the Django layer words them.  No Django import here.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shapely.geometry import Point
from shapely.prepared import PreparedGeometry, prep

from mon_enfant.addresses.parsing import (
    REPETITION_ORDER,
    HouseNumber,
    ParsedAddress,
    parse_address,
    street_key,
    street_type_and_name,
)

from .autocomplete import StreetCatalogue
from .rules import OPEN_START_KEY, Parity, Rule
from .zones import Zone, valid_point

# Repetition ranks in order, to step from one house number to the next one.
_RANKS = sorted(REPETITION_ORDER.values())
_REPETITION_BY_RANK = {rank: repetition for repetition, rank in REPETITION_ORDER.items()}
# The two sides a number-less address may lie on, with the first house number of each.
_SIDES: tuple[tuple[Parity, HouseNumber], ...] = ((Parity.EVEN, HouseNumber(0)), (Parity.ODD, HouseNumber(1)))



class LookupStatus(StrEnum):
    FOUND = "found"
    NO_SECTOR = "no_sector"
    UNKNOWN_STREET = "unknown_street"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class SchoolMatch:
    """One school of a result, with every rule or zone that sent the address there."""

    uai: str
    priority: int
    note: str
    sources: tuple[Rule | Zone, ...]


@dataclass(frozen=True, slots=True)
class LookupResult:
    """The answer of :meth:`CatchmentIndex.lookup`.

    ``schools`` is sorted by UAI; several schools mean a shared sector.  ``matched_by`` says what
    answered: ``"street"`` (rules of the street, possibly with "secteur unique" rules at the same
    priority), ``"whole_commune"``, ``"zone"`` or ``""``.  ``street_match`` says how the street was
    recognised: ``"exact"`` (same key), ``"name"`` (typed without its street type), ``"truncated"``
    (one of the labels cut at 32 characters) or ``""``.  ``suggestions`` are published street labels ("did you
    mean", or the candidates of an ambiguous name) or communes déléguées (``needs_lieu_dit``); when the
    house number is needed (``needs_number``) they are empty and ``candidate_rules`` holds the street's
    rules, whose :meth:`Rule.extent` the Django layer words.  ``needs_location`` means zones could answer
    if a point were given.
    ``commune_known`` is false when the index has neither rule nor zone for this commune and level.
    """

    status: LookupStatus
    address: ParsedAddress
    schools: tuple[SchoolMatch, ...] = ()
    matched_street_label: str = ""
    matched_street_key: str = ""
    street_match: str = ""
    matched_by: str = ""
    suggestions: tuple[str, ...] = ()
    candidate_rules: tuple[Rule, ...] = ()
    needs_number: bool = False
    needs_location: bool = False
    needs_lieu_dit: bool = False
    commune_known: bool = True

    @property
    def uais(self) -> tuple[str, ...]:
        return tuple(school.uai for school in self.schools)


# --- Index internals ------------------------------------------------------------------------------


class _RangeSet:
    """The rules of one street for one school year, searchable by house number.

    Rules are sorted by start; a running maximum of ends lets a search walk back from the last rule
    starting before the number and stop as soon as no earlier rule can reach it, so a street with
    hundreds of ranges costs a bisection plus the few overlapping ranges.

    A département's index holds one per street (about 100,000): its arrays are tuples, not lists, so
    that a set of ranges is three objects, two of which (tuples of number pairs) the cyclic garbage
    collector stops tracking, and a street whose rules name no school year is this set itself
    (:meth:`ranges`, :attr:`by_year`), not a :class:`_Street` with a dictionary around it.
    """

    __slots__ = ("max_ends", "rules", "starts")

    def __init__(self, rules: Iterable[Rule]) -> None:
        ordered = sorted(rules, key=lambda rule: (rule._start_key(), rule._end_key()))
        self.rules: tuple[Rule, ...] = tuple(ordered)
        self.starts: tuple[tuple[float, int], ...] = tuple(rule._start_key() for rule in ordered)
        max_ends = []
        highest = OPEN_START_KEY
        for rule in ordered:
            end = rule._end_key()
            if end > highest:
                highest = end
            max_ends.append(highest)
        self.max_ends: tuple[tuple[float, int], ...] = tuple(max_ends)

    @property
    def by_year(self) -> dict[str | None, _RangeSet]:
        return {None: self}

    def ranges(self, school_year: str | None) -> _RangeSet:
        # Year-less rules answer every school year.
        return self

    def matching(self, number: HouseNumber) -> list[Rule]:
        key = number.sort_key()
        found = []
        index = bisect.bisect_right(self.starts, key) - 1
        while index >= 0 and self.max_ends[index] >= key:
            rule = self.rules[index]
            if rule.covers(number):
                found.append(rule)
            index -= 1
        return found


def _by_year(items: Iterable[Any], build: Any) -> dict[str | None, Any]:
    grouped: dict[str | None, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.school_year].append(item)
    return {year: build(group) for year, group in grouped.items()}


def _for_year(by_year: Mapping[str | None, Any], school_year: str | None, empty: Any) -> Any:
    # Items of the asked year replace the year-less ones; without a year only year-less items apply.
    if school_year is not None and school_year in by_year:
        return by_year[school_year]
    return by_year.get(None, empty)


class _Street:
    """The rules of a street some of whose rules name a school year: one :class:`_RangeSet` per year."""

    __slots__ = ("by_year",)

    def __init__(self, by_year: dict[str | None, _RangeSet]) -> None:
        self.by_year = by_year

    def ranges(self, school_year: str | None) -> _RangeSet | None:
        return _for_year(self.by_year, school_year, None)


def _street(rules: list[Rule]) -> _RangeSet | _Street:
    """A street's rules, searchable by year then by house number (most streets' rules name no year)."""
    if all(rule.school_year is None for rule in rules):
        return _RangeSet(rules)
    return _Street(_by_year(rules, _RangeSet))


@dataclass
class _Scope:
    """Everything one (commune, level) pair needs to answer."""

    streets: dict[str, _RangeSet | _Street] = field(default_factory=dict)
    whole_by_year: dict[str | None, tuple[Rule, ...]] = field(default_factory=dict)
    zones_by_year: dict[str | None, tuple[tuple[Zone, PreparedGeometry], ...]] = field(default_factory=dict)
    # The school years that some rule or zone names: any other year is answered by the year-less ones.
    years: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        years = {*self.whole_by_year, *self.zones_by_year}
        for street in self.streets.values():
            years.update(street.by_year)
        self.years = frozenset(year for year in years if year is not None)

    def served_keys(self, school_year: str | None) -> set[str] | None:
        """The keys of the streets that rules of ``school_year`` serve; None when every street is served
        (a "secteur unique" rule, or zones that a located address falls in)."""
        if _for_year(self.whole_by_year, school_year, ()) or _for_year(self.zones_by_year, school_year, ()):
            return None
        return {key for key, street in self.streets.items() if street.ranges(school_year) is not None}


@dataclass(frozen=True, slots=True)
class _Resolution:
    key: str | None = None
    how: str = ""
    candidates: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


_NO_RULES: tuple[Rule, ...] = ()


# --- The index ------------------------------------------------------------------------------------


class CatchmentIndex:
    """All rules and zones in memory, arranged so that one lookup touches one street's few rules."""

    def __init__(self) -> None:
        self._scopes: dict[tuple[str, str], _Scope] = {}
        self._catalogues: dict[str, StreetCatalogue] = {}
        # (commune, level, school year) -> the streets that level serves, built on first use.
        self._served_catalogues: dict[tuple[str, str, str | None], StreetCatalogue] = {}
        self.rule_count = 0
        self.zone_count = 0

    @classmethod
    def build(
        cls,
        rules: Iterable[Rule],
        zones: Iterable[Zone] = (),
        streets: Iterable[tuple[str, str, str]] = (),
    ) -> CatchmentIndex:
        """``streets`` are the commune's known streets as ``(commune, street_key, label)`` (from the
        address index): they join autocomplete and suggestions, and their label, written as people
        write it ("Rue Guy Ropartz"), is shown instead of the upper-case published one."""
        index = cls()
        street_rules: dict[tuple[str, str], dict[str, list[Rule]]] = defaultdict(lambda: defaultdict(list))
        whole: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        for rule in rules:
            index.rule_count += 1
            scope_key = (rule.commune, rule.level)
            if rule.whole_commune:
                whole[scope_key].append(rule)
                continue
            street_rules[scope_key][rule.street_key].append(rule)
            labels[rule.commune].setdefault(rule.street_key, rule.street_label or rule.lieu_dit)

        for commune, key, label in streets:
            if key:
                labels[commune][key] = label

        grouped_zones: dict[tuple[str, str], list[Zone]] = defaultdict(list)
        for zone in zones:
            index.zone_count += 1
            grouped_zones[(zone.commune, zone.level)].append(zone)

        for scope_key in street_rules.keys() | whole.keys() | grouped_zones.keys():
            index._scopes[scope_key] = _Scope(
                streets={key: _street(group) for key, group in street_rules.get(scope_key, {}).items()},
                whole_by_year=_by_year(whole.get(scope_key, ()), tuple),
                zones_by_year=_by_year(
                    grouped_zones.get(scope_key, ()),
                    lambda group: tuple((zone, prep(zone.geometry)) for zone in group),
                ),
            )
        index._catalogues = {commune: StreetCatalogue(street_labels) for commune, street_labels in labels.items()}
        return index

    def uais(self) -> set[str]:
        """Every school named by a rule or a zone."""
        found = set()
        for scope in self._scopes.values():
            for street in scope.streets.values():
                for ranges in street.by_year.values():
                    found.update(rule.uai for rule in ranges.rules)
            for rules in scope.whole_by_year.values():
                found.update(rule.uai for rule in rules)
            for zones in scope.zones_by_year.values():
                found.update(zone.uai for zone, _prepared in zones)
        return found

    # -- lookup --

    def lookup(
        self,
        commune: str,
        address: str | ParsedAddress | None,
        level: str,
        school_year: str | None = None,
        point: tuple[float, float] | None = None,
        *,
        lieu_dit: str | None = None,
    ) -> LookupResult:
        """Find the school(s) serving ``address`` in ``commune`` for ``level``.

        Never raises on user input: any text gives a result.

        * Street: same key as a published street; else, when typed without a street type ("Guy
          Ropartz"), the published streets of that name, those the level serves if any (several:
          ``ambiguous``, suggestions = their labels); else a published label cut at 32 characters that
          starts the typed one (or the reverse); else ``unknown_street`` with up to 5 "did you mean"
          labels, among the streets that ``level``'s rules of ``school_year`` serve.  Text after a comma
          ("..., Saint-Malo") is dropped when the whole text is not recognised.
        * ``school_year``: for each street (and for "secteur unique" rules, and zones), rules of that
          year replace the year-less ones if there is any; ``None`` uses the year-less rules only.
        * With a number: the rules whose range and parity cover it (a "23 bis" no rule covers falls back
          to "23"), plus "secteur unique" rules; only
          the highest priority is kept; several schools there form a shared sector.  None: the street
          is known but has no sector there (``no_sector``) unless zones answer.
        * Without a number: ``found`` when every number the street's rules cover gets the same
          school(s), numbers no rule covers being ignored (a lieu-dit published "odd side only" has no
          numbers at all); otherwise ``ambiguous`` with ``needs_number``, the rules' ranges as
          suggestions.
        * ``lieu_dit`` (commune déléguée, e.g. BAN ``nom_ancienne_commune``) drops rules published
          for another one; without it, a result mixing communes déléguées that disagree is
          ``ambiguous`` with ``needs_lieu_dit``.
        * Zones (``point`` is ``(latitude, longitude)``) answer only when no rule does; if zones exist
          and no usable point is given, ``needs_location`` is set.  A malformed point is ignored.
        * A commune/level without any rule or zone gives ``no_sector`` with ``commune_known=False``.
        """
        if isinstance(address, ParsedAddress):
            parsed = address
        else:
            parsed = parse_address(address if isinstance(address, str) else "")
        scope = self._scopes.get((commune, level))
        if scope is None:
            return LookupResult(LookupStatus.NO_SECTOR, parsed, commune_known=False)

        resolution = self._resolve(
            self._catalogues.get(commune), parsed, lambda: self.served_catalogue(commune, level, school_year)
        )
        wanted_lieu_dit = street_key(lieu_dit) if lieu_dit else ""
        whole = _keep_lieu_dit(_for_year(scope.whole_by_year, school_year, _NO_RULES), wanted_lieu_dit)
        label = self._catalogues[commune].labels[resolution.key] if resolution.key else ""
        common: dict[str, Any] = {
            "matched_street_label": label,
            "matched_street_key": resolution.key or "",
            "street_match": resolution.how,
        }

        if resolution.key is not None:
            street = scope.streets.get(resolution.key)
            ranges = street.ranges(school_year) if street else None
            if ranges is not None:
                if parsed.number is not None:
                    matched = _keep_lieu_dit(ranges.matching(parsed.number), wanted_lieu_dit)
                    if not matched and parsed.number.repetition:
                        # "23 bis" that no rule names goes with "23": files publish "1 to 23" and mean
                        # its bis and ter too, while "23 bis to 51" in another rule still wins above, and
                        # "63 to 83 B" does not take an "83 ter" (Rule.takes_bare_number_of).
                        bare = HouseNumber(parsed.number.number)
                        matched = _keep_lieu_dit([rule for rule in ranges.matching(bare)
                                                  if rule.takes_bare_number_of(parsed.number)], wanted_lieu_dit)
                    matched = matched + whole
                    if matched:
                        return _found(parsed, matched, "street", common)
                elif street_rules := _keep_lieu_dit(ranges.rules, wanted_lieu_dit):
                    return self._without_number(parsed, street_rules, whole, common)
        elif resolution.candidates:
            # Several streets carry the typed name: only a rule-free choice can be settled without asking.
            if any(candidate in scope.streets for candidate in resolution.candidates):
                return LookupResult(LookupStatus.AMBIGUOUS, parsed, suggestions=resolution.suggestions)

        if whole:
            return _found(parsed, whole, "whole_commune", common)
        zones = _for_year(scope.zones_by_year, school_year, ())
        location = valid_point(point) if zones else None
        if zones and location is not None:
            inside = tuple(zone for zone, prepared in zones if prepared.intersects(Point(location[1], location[0])))
            if inside:
                return _found(parsed, inside, "zone", common)
        needs_location = bool(zones) and location is None
        if resolution.key is not None:
            return LookupResult(LookupStatus.NO_SECTOR, parsed, needs_location=needs_location, **common)
        status = LookupStatus.AMBIGUOUS if resolution.candidates else LookupStatus.UNKNOWN_STREET
        return LookupResult(status, parsed, suggestions=resolution.suggestions, needs_location=needs_location)

    def _without_number(
        self,
        parsed: ParsedAddress,
        street_rules: tuple[Rule, ...],
        whole: tuple[Rule, ...],
        common: dict[str, Any],
    ) -> LookupResult:
        # The answer only changes where a rule starts or just after one ends, so checking the first
        # house number of each side, each start and each number right after an end covers every case.
        ranges = _RangeSet(street_rules)
        outcomes: set[frozenset[str]] = set()
        winners: dict[int, Rule] = {}
        for side, beginning in _SIDES:
            samples = {beginning}
            for rule in street_rules:
                if rule.parity in (side, Parity.BOTH):
                    samples.add(_first_on_side(rule.first or beginning, side))
                    if rule.last is not None:
                        samples.add(_next_on_side(rule.last, side))
            for sample in samples:
                matched = ranges.matching(sample) + list(whole)
                if matched:
                    top = _top_priority(matched)
                    outcomes.add(frozenset(rule.uai for rule in top))
                    winners.update((id(rule), rule) for rule in top)
        if len(outcomes) == 1:
            return _found(parsed, tuple(winners.values()), "street", common)
        return LookupResult(
            LookupStatus.AMBIGUOUS,
            parsed,
            candidate_rules=ranges.rules,
            needs_number=True,
            **common,
        )

    def _resolve(
        self, catalogue: StreetCatalogue | None, parsed: ParsedAddress, served: Callable[[], StreetCatalogue | None]
    ) -> _Resolution:
        """The typed street among ``catalogue`` (every street of the commune); ``served()`` (the streets the
        level serves, asked only when the key is not a street's) settles a name that several streets carry
        and gives the suggestions."""
        key = parsed.street_key
        if not key or catalogue is None:
            return _Resolution()
        if key in catalogue.labels:
            return _Resolution(key, "exact")
        offered = served()
        offered = catalogue if offered is None else offered
        resolution = self._resolve_key(catalogue, key, parsed.street, offered)
        if resolution.key is None and not resolution.candidates and "," in parsed.street:
            # "rue X, Saint-Malo": a commune written without its postcode stays in the street part.
            head = parsed.street.split(",", 1)[0]
            retry = self._resolve_key(catalogue, street_key(head), head, offered)
            if retry.key is not None or retry.candidates:
                return retry
        if resolution.key is None and not resolution.candidates:
            return _Resolution(suggestions=offered.suggest(key))
        return resolution

    @staticmethod
    def _resolve_key(catalogue: StreetCatalogue, key: str, typed: str, served: StreetCatalogue) -> _Resolution:
        if not key:
            return _Resolution()
        if key in catalogue.labels:
            return _Resolution(key, "exact")
        kind, name = street_type_and_name(key)
        if not kind:
            keys = catalogue.by_name.get(name, ())
            # Of several streets of that name, those the level serves are the question ("Corsaires": the
            # quai has an école, the chaussée only a collège).
            keys = [candidate for candidate in keys if candidate in served.labels] or keys
            if len(keys) == 1:
                return _Resolution(keys[0], "name")
            if keys:
                return _Resolution(
                    candidates=tuple(keys), suggestions=tuple(sorted(catalogue.labels[key] for key in keys))
                )
        truncated = catalogue.truncated_match(key, typed)
        if truncated is not None:
            return _Resolution(truncated, "truncated")
        return _Resolution()

    def served_catalogue(self, commune: str, level: str, school_year: str | None = None) -> StreetCatalogue | None:
        """The streets of ``commune`` that the rules of ``level`` serve in ``school_year`` (see
        :meth:`_Scope.served_keys`), with the commune's labels; None when the index has nothing for the
        commune and level. Built on first use and kept: at most one per school year a rule names."""
        scope = self._scopes.get((commune, level))
        catalogue = self._catalogues.get(commune)
        if scope is None or catalogue is None:
            return None
        year = school_year if school_year in scope.years else None
        served = self._served_catalogues.get((commune, level, year))
        if served is None:
            keys = scope.served_keys(year)
            served = catalogue if keys is None else catalogue.restricted_to(keys)
            self._served_catalogues[(commune, level, year)] = served
        return served

    # -- autocomplete --

    def streets(
        self, commune: str, prefix: str, limit: int = 10, *, level: str | None = None, school_year: str | None = None
    ) -> list[str]:
        """Street labels of ``commune`` starting like ``prefix``, best first (see
        :meth:`StreetCatalogue.complete`); with ``level``, only the streets its rules of ``school_year`` serve."""
        catalogue = self.served_catalogue(commune, level, school_year) if level else self._catalogues.get(commune)
        return catalogue.complete(prefix, limit) if catalogue is not None else []


def _first_on_side(number: HouseNumber, side: Parity) -> HouseNumber:
    if side.accepts(number.number):
        return number
    return HouseNumber(number.number + 1)


def _next_on_side(number: HouseNumber, side: Parity) -> HouseNumber:
    if side.accepts(number.number):
        rank = REPETITION_ORDER[number.repetition]
        later = [candidate for candidate in _RANKS if candidate > rank]
        if later:
            return HouseNumber(number.number, _REPETITION_BY_RANK[later[0]])
        return HouseNumber(number.number + 2)
    return HouseNumber(number.number + 1)


def _keep_lieu_dit(rules: Sequence[Rule], wanted: str) -> tuple[Rule, ...]:
    if not wanted:
        return tuple(rules)
    return tuple(rule for rule in rules if not rule.lieu_dit or street_key(rule.lieu_dit) == wanted)


def _top_priority(matches: Sequence[Rule | Zone]) -> list[Rule | Zone]:
    top = max(match.priority for match in matches)
    return [match for match in matches if match.priority == top]


def _found(
    parsed: ParsedAddress,
    matches: Sequence[Rule | Zone],
    matched_by: str,
    common: Mapping[str, Any],
) -> LookupResult:
    top = _top_priority(matches)
    conflicting = _conflicting_lieux_dits(top)
    if conflicting:
        return LookupResult(LookupStatus.AMBIGUOUS, parsed, suggestions=conflicting, needs_lieu_dit=True, **common)
    by_uai: dict[str, list[Rule | Zone]] = defaultdict(list)
    for match in top:
        by_uai[match.uai].append(match)
    schools = tuple(
        SchoolMatch(
            uai=uai,
            priority=sources[0].priority,
            note=next((source.note for source in sources if source.note), ""),
            sources=tuple(sources),
        )
        for uai, sources in sorted(by_uai.items())
    )
    return LookupResult(LookupStatus.FOUND, parsed, schools=schools, matched_by=matched_by, **common)


def _conflicting_lieux_dits(matches: Sequence[Rule | Zone]) -> tuple[str, ...]:
    """The communes déléguées of a result when they lead to different schools (else empty)."""
    if len(matches) < 2:
        return ()  # the common case: one rule, one school
    schools: dict[str, set[str]] = defaultdict(set)
    for match in matches:
        if isinstance(match, Rule) and match.lieu_dit:
            schools[match.lieu_dit].add(match.uai)
    if len(schools) < 2 or len({frozenset(uais) for uais in schools.values()}) == 1:
        return ()
    return tuple(sorted(schools))
