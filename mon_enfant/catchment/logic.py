"""Match an address to its school(s): the pure-Python core of the carte scolaire (catchment) tool.

A commune publishes which school serves which address as *rules* (street ranges, in the layout of the
national "carte scolaire des collèges publics" file: street label, first and last house numbers with
their repetition index, parity, school UAI) and, sometimes, as *zones* (polygons drawn on a map).  This
module holds those rules in memory and answers "which school for 34 bis av. du Gal de Gaulle?".  It
imports no Django: the Django layer loads rules and zones from the database, builds one
:class:`CatchmentIndex` and asks it.  Vocabulary: ``uai`` is the national school identifier (Code RNE,
"0350896J"); ``commune`` is the commune's INSEE code; ``level`` is one of :data:`LEVELS`.

Matching, in order (see :meth:`CatchmentIndex.lookup` for the details):

1. the typed street is found among the commune's published streets (same key, or typed without its
   street type, or published truncated to 32 characters); otherwise "did you mean" suggestions;
2. the rules of that street are filtered by school year (rules of the asked year replace year-less
   rules of the same street) and by range and parity; "secteur unique" rules (``whole_commune``) join
   every street;
3. among matching rules only the highest ``priority`` is kept: a narrow rule with a higher priority
   overrides a general one; several schools at the top priority form a shared sector and are all
   returned;
4. when no rule matches, a point (from a geocoder) is tested against the zones.

Range semantics: bounds are inclusive and compared with :meth:`HouseNumber.sort_key`, so "1 to 23"
ends at 23 itself (``23 bis`` is after it; but a ``23 bis`` that no rule of the street covers is then
looked up as ``23``, since files write "1 to 23" for the bis and ter too) and "5001 A to 5001 A" holds
only ``5001 A``; parity is
checked on the number alone (``34 bis`` is even).  ``None`` bounds are open; the national file's
9999 and 9998 mean "to the end of the street" and become ``None`` through :meth:`Rule.from_bounds`.

User-facing messages (errors meant for the people who import the files, range descriptions) are in
French; everything else is English.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from rapidfuzz import fuzz, process
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep
from shapely.validation import explain_validity

from mon_enfant.addresses.parsing import (
    REPETITION_ORDER,
    STREET_TYPES,
    HouseNumber,
    ParsedAddress,
    normalize_repetition,
    parse_address,
    parse_house_number,
    street_key,
)

__all__ = [
    "LEVELS",
    "OPEN_END_NUMBERS",
    "TRUNCATED_LABEL_MIN_LENGTH",
    "CatchmentIndex",
    "CoverageReport",
    "LookupResult",
    "LookupStatus",
    "OverlapKind",
    "Parity",
    "Rule",
    "RuleOverlap",
    "SchoolMatch",
    "Zone",
    "analyse",
    "streets_without_rule",
]

LEVELS: tuple[str, ...] = ("maternelle", "elementaire", "college")

# The national file has no "open end" marker: it writes a number no street reaches.
OPEN_END_NUMBERS: frozenset[int] = frozenset({9998, 9999})

# The national file and the BAN ``nom_afnor`` column cut labels at 32 characters, but some published
# labels are cut shorter ("RUE DE LA MONTAGNE SAINT JOSEP", 30): any label this long may be a cut one.
TRUNCATED_LABEL_MIN_LENGTH = 28

# Street names are never this long; capping keeps pathological input (10k characters) cheap.
_MAX_KEY_LENGTH = 120

_SUGGESTION_LIMIT = 5
_SUGGESTION_CUTOFF = 75

_OPEN_START_KEY = (-1, 0)
_OPEN_END_KEY = (math.inf, 0)

# Repetition ranks in order, to step from one house number to the next one.
_RANKS = sorted(REPETITION_ORDER.values())
_REPETITION_BY_RANK = {rank: repetition for repetition, rank in REPETITION_ORDER.items()}


# --- Rules ----------------------------------------------------------------------------------------


class Parity(Enum):
    """Which side of a street a rule covers; values are the national file's ``Parite`` codes."""

    EVEN = "P"
    ODD = "I"
    BOTH = "PI"

    @classmethod
    def from_code(cls, code: str | Parity | None) -> Parity:
        """Read ``P``/``I``/``PI`` (national file), ``pair``/``impair``/``tous`` (simple CSV files) or
        ``even``/``odd``/``both`` (the Django model's values).

        Case and surrounding spaces are ignored; an empty value means both sides, because simple files
        leave the column blank for a whole street.  Raises ``ValueError`` for anything else.
        """
        if isinstance(code, Parity):
            return code
        folded = _fold_upper(code or "")
        try:
            return _PARITY_CODES[folded]
        except KeyError:
            raise ValueError(f"Parité inconnue : {code!r} (attendu : P, I, PI, pair, impair ou tous).") from None

    def accepts(self, number: int) -> bool:
        if self is Parity.BOTH:
            return True
        return (number % 2 == 0) == (self is Parity.EVEN)


_PARITY_CODES: dict[str, Parity] = {
    "": Parity.BOTH,
    "P": Parity.EVEN,
    "I": Parity.ODD,
    "PI": Parity.BOTH,
    "IP": Parity.BOTH,
    "PAIR": Parity.EVEN,
    "PAIRS": Parity.EVEN,
    "IMPAIR": Parity.ODD,
    "IMPAIRS": Parity.ODD,
    "TOUS": Parity.BOTH,
    # The Django model's choice values.
    "EVEN": Parity.EVEN,
    "ODD": Parity.ODD,
    "BOTH": Parity.BOTH,
}

# The two sides a number-less address may lie on, with the first house number of each.
_SIDES: tuple[tuple[Parity, HouseNumber], ...] = ((Parity.EVEN, HouseNumber(0)), (Parity.ODD, HouseNumber(1)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One line of a carte scolaire: a street range (or a whole commune) served by one school.

    ``first``/``last`` are inclusive; ``None`` is an open bound.  ``street_key`` is computed from
    ``street_label`` (or, when the label is blank, from ``lieu_dit``) unless given.  ``lieu_dit`` holds
    the national file's column of that name, which in communes nouvelles names the commune déléguée.
    ``whole_commune`` is the national file's "secteur unique": the rule matches every address of the
    commune and its street and range fields are ignored.  ``rule_id`` lets the Django layer map a match
    back to its database row.
    """

    commune: str
    level: str
    uai: str
    street_label: str = ""
    street_key: str = ""
    street_id: str = ""
    parity: Parity = Parity.BOTH
    first: HouseNumber | None = None
    last: HouseNumber | None = None
    school_year: str | None = None
    priority: int = 0
    note: str = ""
    lieu_dit: str = ""
    whole_commune: bool = False
    rule_id: int | None = None

    def __post_init__(self) -> None:
        if not self.commune:
            raise ValueError("Code INSEE de la commune manquant.")
        if self.level not in LEVELS:
            raise ValueError(f"Niveau inconnu : {self.level!r} (attendu : {', '.join(LEVELS)}).")
        uai = (self.uai or "").strip().upper()
        if not uai:
            raise ValueError("Code UAI de l'établissement manquant.")
        object.__setattr__(self, "uai", uai)
        # A blank database column means "every year", like None.
        object.__setattr__(self, "school_year", self.school_year or None)
        object.__setattr__(self, "parity", Parity.from_code(self.parity))
        if not self.street_key:
            object.__setattr__(self, "street_key", street_key(self.street_label or self.lieu_dit))
        if not self.whole_commune and not self.street_key:
            raise ValueError(f"Libellé de voie vide ou illisible : {self.street_label!r}.")
        if self.first is not None and self.last is not None and self.first.sort_key() > self.last.sort_key():
            raise ValueError(f"Plage inversée pour {self.street_label!r} : n° {self.first} après n° {self.last}.")
        if isinstance(self.priority, bool) or not isinstance(self.priority, int):
            raise ValueError(f"Priorité invalide : {self.priority!r} (attendu : un nombre entier).")

    @classmethod
    def from_bounds(
        cls,
        *,
        first_number: int | str | None = None,
        first_repetition: str | None = "",
        last_number: int | str | None = None,
        last_repetition: str | None = "",
        **fields: Any,
    ) -> Rule:
        """Build a rule from raw file bounds: numbers as int or text, blank meaning open.

        A last number of 9999 or 9998 (:data:`OPEN_END_NUMBERS`) is the national file's way to say
        "to the end of the street" and becomes an open bound.  Other keyword arguments go to
        :class:`Rule` (``parity`` may be a code such as ``"PI"``).  Raises ``ValueError`` with a French
        message for unreadable numbers or repetition indexes.
        """
        first = _house_number(first_number, first_repetition)
        last = _house_number(last_number, last_repetition)
        if last is not None and last.number in OPEN_END_NUMBERS:
            last = None
        return cls(first=first, last=last, **fields)

    def covers(self, number: HouseNumber) -> bool:
        """Whether this rule serves ``number`` on its street (parity read on the number alone)."""
        if self.whole_commune:
            return True
        if not self.parity.accepts(number.number):
            return False
        key = number.sort_key()
        return self._start_key() <= key <= self._end_key()

    def range_label(self) -> str:
        """The range in French words, for people: "du n° 1 au n° 23, côté impair"."""
        if self.whole_commune:
            return "toute la commune"
        side = {Parity.BOTH: "", Parity.EVEN: ", côté pair", Parity.ODD: ", côté impair"}[self.parity]
        if self._starts_at_beginning() and self.last is None:
            text = "tous les numéros"
        elif self.last is None:
            text = f"à partir du n° {self.first}"
        elif self.first is None:
            text = f"jusqu'au n° {self.last}"
        elif self.first == self.last:
            text = f"n° {self.first}"
        else:
            text = f"du n° {self.first} au n° {self.last}"
        return text + side

    def _start_key(self) -> tuple[float, int]:
        return _OPEN_START_KEY if self.first is None else self.first.sort_key()

    def _end_key(self) -> tuple[float, int]:
        return _OPEN_END_KEY if self.last is None else self.last.sort_key()

    def _starts_at_beginning(self) -> bool:
        # "1 to 9999" and "2 to 9999, even" are how the national file writes "the whole side".
        start = HouseNumber(2) if self.parity is Parity.EVEN else HouseNumber(1)
        return self.first is None or self.first.sort_key() <= start.sort_key()


def _house_number(number: int | str | None, repetition: str | None) -> HouseNumber | None:
    if number is None or (isinstance(number, str) and not number.strip()):
        return None
    if isinstance(number, str):
        text = number.strip()
        if not text.isdecimal():
            raise ValueError(f"Numéro de voie invalide : {number!r}.")
        number = int(text)
    try:
        rep = normalize_repetition(repetition)
    except ValueError:
        raise ValueError(f"Indice de répétition inconnu : {repetition!r}.") from None
    try:
        return HouseNumber(number, rep)
    except ValueError:
        raise ValueError(f"Numéro de voie invalide : {number!r}.") from None


# --- Zones ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Zone:
    """A school's catchment drawn as a polygon; used when no street rule answers and a point is known."""

    commune: str
    level: str
    uai: str
    geometry: BaseGeometry
    school_year: str | None = None
    priority: int = 0
    note: str = ""
    zone_id: int | None = None

    def __post_init__(self) -> None:
        if not self.commune:
            raise ValueError("Code INSEE de la commune manquant.")
        if self.level not in LEVELS:
            raise ValueError(f"Niveau inconnu : {self.level!r} (attendu : {', '.join(LEVELS)}).")
        uai = (self.uai or "").strip().upper()
        if not uai:
            raise ValueError("Code UAI de l'établissement manquant.")
        object.__setattr__(self, "uai", uai)
        object.__setattr__(self, "school_year", self.school_year or None)
        if not isinstance(self.geometry, Polygon | MultiPolygon):
            raise ValueError("La zone doit être un polygone (Polygon ou MultiPolygon).")

    @classmethod
    def from_geojson(cls, geojson: Mapping[str, Any] | str, **fields: Any) -> Zone:
        """Build a zone from a GeoJSON ``Polygon`` or ``MultiPolygon`` geometry (dict or JSON text).

        Coordinates are GeoJSON's ``[longitude, latitude]`` in WGS84.  Refused with a French
        ``ValueError``: other geometry types (a ``Feature`` must be unwrapped by the caller, who reads
        its properties), unclosed rings, rings of fewer than 4 positions, non-numeric or out-of-range
        coordinates, self-intersecting or empty polygons.
        """
        return cls(geometry=geometry_from_geojson(geojson), **fields)

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether the point is inside the zone or on its border."""
        return self.geometry.intersects(Point(longitude, latitude))


def geometry_from_geojson(geojson: Mapping[str, Any] | str) -> Polygon | MultiPolygon:
    """Validate a GeoJSON Polygon/MultiPolygon and build the shapely geometry (see :meth:`Zone.from_geojson`)."""
    if isinstance(geojson, str):
        try:
            geojson = json.loads(geojson)
        except ValueError as error:
            raise ValueError(f"GeoJSON illisible : {error}.") from None
    if not isinstance(geojson, Mapping):
        raise ValueError("GeoJSON refusé : un objet avec « type » et « coordinates » est attendu.")
    kind = geojson.get("type")
    if kind in ("Feature", "FeatureCollection"):
        raise ValueError(
            f"GeoJSON refusé : « {kind} » reçu, une géométrie Polygon ou MultiPolygon est attendue "
            "(prendre la géométrie de chaque Feature)."
        )
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"GeoJSON refusé : type « {kind} » non pris en charge (attendu : Polygon ou MultiPolygon).")
    coordinates = geojson.get("coordinates")
    if kind == "Polygon":
        geometry: Polygon | MultiPolygon = _polygon(coordinates, "le polygone")
    else:
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise ValueError("GeoJSON refusé : le MultiPolygon ne contient aucun polygone.")
        geometry = MultiPolygon(
            [_polygon(part, f"le polygone n° {index}") for index, part in enumerate(coordinates, start=1)]
        )
    # The hull, not the area: a self-crossing "bow tie" has a zero area too, but is another mistake.
    if geometry.is_empty or geometry.convex_hull.area == 0:
        raise ValueError("GeoJSON refusé : la zone est vide (surface nulle, points alignés).")
    if not geometry.is_valid:
        raise ValueError(
            "GeoJSON refusé : polygone invalide (contour qui se recoupe ou parties qui se chevauchent) ; "
            f"détail : {explain_validity(geometry)}."
        )
    return geometry


def _polygon(rings: Any, where: str) -> Polygon:
    if not isinstance(rings, list | tuple) or not rings:
        raise ValueError(f"GeoJSON refusé : {where} n'a aucun contour.")
    checked = [_ring(ring, where, index) for index, ring in enumerate(rings)]
    return Polygon(checked[0], checked[1:])


def _ring(ring: Any, where: str, index: int) -> list[tuple[float, float]]:
    name = f"le contour extérieur de {where}" if index == 0 else f"le trou n° {index} de {where}"
    if not isinstance(ring, list | tuple) or len(ring) < 4:
        raise ValueError(f"GeoJSON refusé : {name} doit compter au moins 4 positions.")
    positions = [_position(position, name) for position in ring]
    if positions[0] != positions[-1]:
        raise ValueError(f"GeoJSON refusé : {name} n'est pas fermé (la dernière position doit répéter la première).")
    return positions


def _position(position: Any, name: str) -> tuple[float, float]:
    if not isinstance(position, list | tuple) or len(position) not in (2, 3):
        raise ValueError(f"GeoJSON refusé : position illisible dans {name} : {position!r}.")
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in position):
        raise ValueError(f"GeoJSON refusé : coordonnée non numérique dans {name} : {position!r}.")
    longitude, latitude = float(position[0]), float(position[1])
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise ValueError(f"GeoJSON refusé : coordonnée non finie dans {name} : {position!r}.")
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValueError(
            f"GeoJSON refusé : coordonnée hors limites dans {name} : {position!r} "
            "(ordre attendu : longitude, latitude)."
        )
    return longitude, latitude


# --- Lookup results -------------------------------------------------------------------------------


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
    (one of the labels cut at 32 characters) or ``""``.  ``suggestions`` are for people: published street
    labels ("did you mean", or the candidates of an ambiguous name), range descriptions when the house
    number is needed (``needs_number``, with the street's rules in ``candidate_rules``), or communes
    déléguées (``needs_lieu_dit``).  ``needs_location`` means zones could answer if a point were given.
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
    """

    __slots__ = ("max_ends", "rules", "starts")

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda rule: (rule._start_key(), rule._end_key())))
        self.starts = [rule._start_key() for rule in self.rules]
        self.max_ends: list[tuple[float, int]] = []
        highest = _OPEN_START_KEY
        for rule in self.rules:
            highest = max(highest, rule._end_key())
            self.max_ends.append(highest)

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
    __slots__ = ("by_year",)

    def __init__(self, rules: list[Rule]) -> None:
        self.by_year: dict[str | None, _RangeSet] = _by_year(rules, _RangeSet)

    def ranges(self, school_year: str | None) -> _RangeSet | None:
        return _for_year(self.by_year, school_year, None)


@dataclass
class _Scope:
    """Everything one (commune, level) pair needs to answer."""

    streets: dict[str, _Street] = field(default_factory=dict)
    whole_by_year: dict[str | None, tuple[Rule, ...]] = field(default_factory=dict)
    zones_by_year: dict[str | None, tuple[tuple[Zone, PreparedGeometry], ...]] = field(default_factory=dict)


class _Catalogue:
    """A commune's published streets (all levels together), for recognising and suggesting streets."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self.keys = sorted(self.labels)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        names: list[tuple[str, str]] = []
        words: list[tuple[str, str]] = []
        self.comparable_names: list[str] = []
        for key in self.keys:
            kind, name = _type_and_name(key)
            # Aligned with self.keys: the part after the street type, the whole key when it has none.
            self.comparable_names.append(name)
            if kind:
                self.by_name[name].append(key)
                names.append((name, key))
            # Every later word start, so "ropartz" finds "RUE GUY ROPARTZ" in the last tier.
            tokens = key.split()
            skip = len(kind.split()) + 1 if kind else 1
            words.extend((" ".join(tokens[index:]), key) for index in range(skip, len(tokens)))
        self.names = sorted(names)
        self.words = sorted(words)
        self.truncatable = {
            key
            for key, label in self.labels.items()
            if len(label) >= TRUNCATED_LABEL_MIN_LENGTH or len(key) >= TRUNCATED_LABEL_MIN_LENGTH
        }

    def keys_starting_with(self, prefix: str) -> Iterable[str]:
        index = bisect.bisect_left(self.keys, prefix)
        while index < len(self.keys) and self.keys[index].startswith(prefix):
            yield self.keys[index]
            index += 1

    @staticmethod
    def pairs_starting_with(pairs: list[tuple[str, str]], prefix: str) -> Iterable[str]:
        index = bisect.bisect_left(pairs, (prefix,))
        while index < len(pairs) and pairs[index][0].startswith(prefix):
            yield pairs[index][1]
            index += 1

    def truncated_match(self, key: str, typed: str) -> str | None:
        # A published label cut short: the longest published cut key that starts the typed key.
        for length in range(min(len(key), _MAX_KEY_LENGTH) - 1 if self.truncatable else 0, 0, -1):
            if key[:length] in self.truncatable:
                return key[:length]
        # A typed label cut short (copied from a BAN nom_afnor): it must start exactly one street.
        if len(typed) >= TRUNCATED_LABEL_MIN_LENGTH or len(key) >= TRUNCATED_LABEL_MIN_LENGTH:
            candidates = list(itertools.islice(self.keys_starting_with(key), 2))
            if len(candidates) == 1:
                return candidates[0]
        return None

    def suggest(self, key: str) -> tuple[str, ...]:
        """Up to 5 published labels close to ``key``, best first.

        Names are compared without their street type, so that the shared "RUE" of two keys does not
        make unrelated streets look alike and a wrong type ("rue Chateaubriant" for a boulevard) still
        finds the street; among equal scores the typed type comes first.
        """
        if not key or not self.keys:
            return ()
        kind, name = _type_and_name(key[:_MAX_KEY_LENGTH])
        matches = process.extract(
            name,
            self.comparable_names,
            scorer=fuzz.WRatio,
            limit=_SUGGESTION_LIMIT * 4,
            score_cutoff=_SUGGESTION_CUTOFF,
        )
        ranked = sorted(
            matches,
            key=lambda match: (-match[1], _type_and_name(self.keys[match[2]])[0] != kind, self.keys[match[2]]),
        )
        return tuple(dict.fromkeys(self.labels[self.keys[index]] for _name, _score, index in ranked))[
            :_SUGGESTION_LIMIT
        ]


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
        self._catalogues: dict[str, _Catalogue] = {}
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
                streets={key: _Street(group) for key, group in street_rules.get(scope_key, {}).items()},
                whole_by_year=_by_year(whole.get(scope_key, ()), tuple),
                zones_by_year=_by_year(
                    grouped_zones.get(scope_key, ()),
                    lambda group: tuple((zone, prep(zone.geometry)) for zone in group),
                ),
            )
        index._catalogues = {commune: _Catalogue(street_labels) for commune, street_labels in labels.items()}
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
          Ropartz"), the published streets of that name (several: ``ambiguous``, suggestions = their
          labels); else a published label cut at 32 characters that starts the typed one (or the
          reverse); else ``unknown_street`` with up to 5 "did you mean" labels.  Text after a comma
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

        resolution = self._resolve(self._catalogues.get(commune), parsed)
        wanted_lieu_dit = street_key(lieu_dit) if lieu_dit else ""
        whole = _keep_lieu_dit(_for_year(scope.whole_by_year, school_year, _NO_RULES), wanted_lieu_dit)
        zones = _for_year(scope.zones_by_year, school_year, ())
        location = _valid_point(point)
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
                street_rules = _keep_lieu_dit(ranges.rules, wanted_lieu_dit)
                if parsed.number is not None:
                    matched = _keep_lieu_dit(ranges.matching(parsed.number), wanted_lieu_dit)
                    if not matched and parsed.number.repetition:
                        # "23 bis" that no rule names goes with "23": files publish "1 to 23" and mean
                        # its bis and ter too, while "23 bis to 51" in another rule still wins above.
                        bare = HouseNumber(parsed.number.number)
                        matched = _keep_lieu_dit(ranges.matching(bare), wanted_lieu_dit)
                    matched = matched + whole
                    if matched:
                        return _found(parsed, matched, "street", common)
                elif street_rules:
                    return self._without_number(parsed, street_rules, whole, common)
        elif resolution.candidates:
            # Several streets carry the typed name: only a rule-free choice can be settled without asking.
            if any(candidate in scope.streets for candidate in resolution.candidates):
                return LookupResult(LookupStatus.AMBIGUOUS, parsed, suggestions=resolution.suggestions)

        if whole:
            return _found(parsed, whole, "whole_commune", common)
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
        suggestions = tuple(dict.fromkeys(f"{rule.range_label()} : {rule.uai}" for rule in ranges.rules))
        return LookupResult(
            LookupStatus.AMBIGUOUS,
            parsed,
            suggestions=suggestions,
            candidate_rules=ranges.rules,
            needs_number=True,
            **common,
        )

    def _resolve(self, catalogue: _Catalogue | None, parsed: ParsedAddress) -> _Resolution:
        key = parsed.street_key
        if not key or catalogue is None:
            return _Resolution()
        resolution = self._resolve_key(catalogue, key, parsed.street)
        if resolution.key is None and not resolution.candidates and "," in parsed.street:
            # "rue X, Saint-Malo": a commune written without its postcode stays in the street part.
            head = parsed.street.split(",", 1)[0]
            retry = self._resolve_key(catalogue, street_key(head), head)
            if retry.key is not None or retry.candidates:
                return retry
        if resolution.key is None and not resolution.candidates:
            return _Resolution(suggestions=catalogue.suggest(key))
        return resolution

    @staticmethod
    def _resolve_key(catalogue: _Catalogue, key: str, typed: str) -> _Resolution:
        if not key:
            return _Resolution()
        if key in catalogue.labels:
            return _Resolution(key, "exact")
        kind, name = _type_and_name(key)
        if not kind:
            keys = catalogue.by_name.get(name, ())
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

    # -- autocomplete --

    def streets(self, commune: str, prefix: str, limit: int = 10) -> list[str]:
        """Published street labels for an autocomplete field, best first.

        First the streets whose key starts with the typed prefix ("av du gen" finds "AVENUE DU GENERAL
        ..."), then those whose name (after the street type) starts with it ("guy" finds "RUE GUY
        ROPARTZ"), then those with a later word starting with it ("ropartz").  Each tier is in key order.
        A leading house number is skipped ("12 rue de la v").
        The last typed word is also tried as written, so that "gal" finds "RUE DU GALION" besides the
        streets of a général.
        """
        catalogue = self._catalogues.get(commune)
        if catalogue is None or limit <= 0:
            return []
        found: dict[str, None] = {}
        prefixes = _autocomplete_prefixes(prefix)
        tiers = (
            catalogue.keys_starting_with,
            lambda typed: catalogue.pairs_starting_with(catalogue.names, typed),
            lambda typed: catalogue.pairs_starting_with(catalogue.words, typed),
        )
        for tier in tiers:
            for typed in prefixes:
                for key in tier(typed):
                    found.setdefault(key)
                    if len(found) >= limit:
                        return [catalogue.labels[key] for key in found]
        return [catalogue.labels[key] for key in found]


def _autocomplete_prefixes(prefix: str) -> list[str]:
    raw = (prefix or "")[: _MAX_KEY_LENGTH * 2]
    # An address field may start with the house number: "12 rue de la v" completes "rue de la v".
    number, text = parse_house_number(raw)
    if number is not None and text:
        text += " " if raw[-1:].isspace() else ""
    else:
        text = raw
    words = _fold_upper(text).split()
    if not words:
        return []
    finished = text[-1:].isspace()
    candidates = [street_key(text)]
    if not finished:
        # street_key expands or drops the word being typed ("GAL" -> "GENERAL", "DE" dropped).
        candidates.append(f"{street_key(' '.join(words[:-1]))} {words[-1]}".strip())
    elif candidates[0]:
        # A finished word must not match longer ones: "rue " should not offer "RUELLE ...".
        candidates[0] += " "
    return [candidate for candidate in dict.fromkeys(candidates) if candidate.strip()]


_LONGEST_STREET_TYPE = max(len(kind.split()) for kind in STREET_TYPES)


def _type_and_name(key: str) -> tuple[str, str]:
    """Same answer as ``street_type_and_name``, with set lookups instead of a scan of every type.

    Building an index calls it once per street; the scan made that the slowest step for 100,000 rules.
    """
    tokens = key.split()
    for length in range(min(_LONGEST_STREET_TYPE, len(tokens) - 1), 0, -1):
        kind = " ".join(tokens[:length])
        if kind in STREET_TYPES:
            return kind, " ".join(tokens[length:])
    return "", " ".join(tokens)


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
    schools: dict[str, set[str]] = defaultdict(set)
    for match in matches:
        if isinstance(match, Rule) and match.lieu_dit:
            schools[match.lieu_dit].add(match.uai)
    if len(schools) < 2 or len({frozenset(uais) for uais in schools.values()}) == 1:
        return ()
    return tuple(sorted(schools))


def _valid_point(point: Any) -> tuple[float, float] | None:
    if not isinstance(point, Sequence) or isinstance(point, str) or len(point) != 2:
        return None
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in point):
        return None
    latitude, longitude = float(point[0]), float(point[1])
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _fold_upper(text: str) -> str:
    """Accent-free upper case with punctuation turned into spaces (no abbreviation expansion)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return " ".join("".join(char if char.isalnum() else " " for char in plain).split())


# --- Coverage analysis ----------------------------------------------------------------------------


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
    return _OPEN_START_KEY if rule.whole_commune else rule._start_key()


def _analysis_end(rule: Rule) -> tuple[float, int]:
    return _OPEN_END_KEY if rule.whole_commune else rule._end_key()


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
    catalogue = _Catalogue(labels)
    missing: dict[str, str] = {}
    for label in all_street_labels:
        key = street_key(label)
        if not key or key in missing:
            continue
        if key in catalogue.labels or catalogue.truncated_match(key, label) is not None:
            continue
        missing[key] = label
    return list(missing.values())
