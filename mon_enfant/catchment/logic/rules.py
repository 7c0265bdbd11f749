"""Carte scolaire rules: one line of a commune's published sectorisation, and the values it is made of.

A commune publishes which school serves which address as *rules*, in the layout of the national
"carte scolaire des collèges publics" file: street label, first and last house numbers with their
repetition index, parity, school UAI.  Vocabulary: ``uai`` is the national school identifier (Code RNE,
"0350896J"); ``commune`` is the commune's INSEE code; ``level`` is one of :class:`Level`.

Rules:

* bounds are inclusive and compared with :meth:`HouseNumber.sort_key`, so "1 to 23" ends at 23 itself
  (``23 bis`` is after it) and "5001 A to 5001 A" holds only ``5001 A``; ``None`` bounds are open;
* the national file's 9999 and 9998 mean "to the end of the street" and become ``None`` through
  :meth:`Rule.from_bounds`;
* parity is checked on the number alone (``34 bis`` is even);
* a bound that names a repetition index is exact about it: "63 to 83 B" ends at ``83 B``, and a ``83 ter``
  (the third 83, like a ``83 C``) is past it, although ``REPETITION_ORDER`` sorts latin words before
  letters. Latin words and letters are compared by the rank they mean (bis = B, ter = C...) when a
  bound and the number share the number; such a rule never takes the number by its bare form either
  (:meth:`Rule.takes_bare_number_of`);
* :meth:`Rule.extent` describes a range for people as a code and its bounds (:class:`RangeExtent`); the
  Django layer words it in the active language.  This module builds no sentence for families.

:class:`Level` and :class:`Parity` are the one list of their values: the Django models take their
choices from them.  What a file holds that a rule cannot be made of raises :class:`RuleError`, a code and
its values, which the Django layer words for the webmaster who imports it.  No Django import here.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mon_enfant.addresses.parsing import HouseNumber, normalize_repetition, street_key


class Level(StrEnum):
    """Levels a sector is drawn for (a "primaire" school appears in both first-degree maps)."""

    MATERNELLE = "maternelle"
    ELEMENTAIRE = "elementaire"
    COLLEGE = "college"


LEVELS: tuple[str, ...] = tuple(level.value for level in Level)

# The national file has no "open end" marker: it writes a number no street reaches.
OPEN_END_NUMBERS: frozenset[int] = frozenset({9998, 9999})
OPEN_START_KEY = (-1, 0)
OPEN_END_KEY = (math.inf, 0)


# --- Rules ----------------------------------------------------------------------------------------


class Parity(StrEnum):
    """Which side of a street a rule covers. Values are the ones stored by the Django model; the
    national file's ``Parite`` codes (``P``, ``I``, ``PI``) are read by :meth:`from_code`."""

    BOTH = "both"
    EVEN = "even"
    ODD = "odd"

    @classmethod
    def from_code(cls, code: str | Parity | None) -> Parity:
        """Read ``P``/``I``/``PI`` (national file), ``pair``/``impair``/``tous`` (simple CSV files) or
        ``even``/``odd``/``both`` (the Django model's values).

        Case and surrounding spaces are ignored; an empty value means both sides, because simple files
        leave the column blank for a whole street.  Raises :class:`RuleError` for anything else.
        """
        if isinstance(code, Parity):
            return code
        folded = fold_upper(code or "")
        try:
            return _PARITY_CODES[folded]
        except KeyError:
            raise RuleError("unknown_parity", value=code) from None

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



class RuleError(ValueError):
    """A rule or a zone the logic refuses: ``code`` says why, ``values`` what a message may quote (a
    value read from the file, a range's bounds, a position). The Django layer words it
    (:func:`mon_enfant.catchment.wording.rule_error`); ``str()`` of it is the code."""

    def __init__(self, code: str, **values: Any):
        super().__init__(code)
        self.code = code
        self.values = values


def check_scope(item: Any) -> None:
    """Check and normalise what a rule and a zone share (a frozen dataclass being built): commune,
    level, UAI (upper case) and school year (blank, as a database column writes it, means every year)."""
    if not item.commune:
        raise RuleError("missing_commune")
    if item.level not in LEVELS:
        raise RuleError("unknown_level", value=item.level)
    uai = (item.uai or "").strip().upper()
    if not uai:
        raise RuleError("missing_uai")
    if uai != item.uai:  # an already normal UAI is kept as given: the same string shared by many rules
        object.__setattr__(item, "uai", uai)
    object.__setattr__(item, "school_year", item.school_year or None)


class RangeKind(StrEnum):
    """How a rule's range reads for people: "toute la commune", "tous les numéros", "à partir du n° 12",
    "jusqu'au n° 23", "n° 5", "du n° 1 au n° 23" (the wording lives in the Django layer)."""

    WHOLE_COMMUNE = "whole_commune"
    ALL_NUMBERS = "all_numbers"
    FROM = "from"
    UNTIL = "until"
    SINGLE = "single"
    BETWEEN = "between"


@dataclass(frozen=True, slots=True)
class RangeExtent:
    """A rule's range for people: its kind, its side of the street and the bounds the kind needs.
    ``parity`` is :attr:`Parity.BOTH` when the side does not matter (and for a whole commune)."""

    kind: RangeKind
    parity: Parity
    first: HouseNumber | None = None
    last: HouseNumber | None = None


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
        check_scope(self)
        object.__setattr__(self, "parity", Parity.from_code(self.parity))
        if not self.street_key:
            object.__setattr__(self, "street_key", street_key(self.street_label or self.lieu_dit))
        if not self.whole_commune and not self.street_key:
            raise RuleError("blank_street", value=self.street_label)
        if self.first is not None and self.last is not None and self.first.sort_key() > self.last.sort_key():
            raise RuleError("inverted_range", street=self.street_label, first=self.first, last=self.last)
        if isinstance(self.priority, bool) or not isinstance(self.priority, int):
            raise RuleError("invalid_priority", value=self.priority)

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
        :class:`Rule` (``parity`` may be a code such as ``"PI"``).  Raises :class:`RuleError` for
        unreadable numbers or repetition indexes.
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
        if not self._start_key() <= key <= self._end_key():
            return False
        if number.repetition:
            rank = _repetition_rank(number.repetition)
            first, last = self.first, self.last
            if first is not None and first.number == number.number and first.repetition and (
                    rank < _repetition_rank(first.repetition)):
                return False
            if last is not None and last.number == number.number and last.repetition and (
                    rank > _repetition_rank(last.repetition)):
                return False
        return True

    def takes_bare_number_of(self, number: HouseNumber) -> bool:
        """Whether ``number`` (a "23 bis" no rule covers) may be served as its bare number by this rule: files
        write "1 to 23" and mean the bis and ter too, but "63 to 83 B" names the last 83 it takes."""
        return not any(bound is not None and bound.number == number.number and bound.repetition
                       for bound in (self.first, self.last))

    def extent(self) -> RangeExtent:
        """What the rule covers, as a code and its bounds, for the Django layer to word."""
        if self.whole_commune:
            return RangeExtent(RangeKind.WHOLE_COMMUNE, Parity.BOTH)
        if self._starts_at_beginning() and self.last is None:
            return RangeExtent(RangeKind.ALL_NUMBERS, self.parity)
        if self.last is None:
            return RangeExtent(RangeKind.FROM, self.parity, first=self.first)
        if self.first is None:
            return RangeExtent(RangeKind.UNTIL, self.parity, last=self.last)
        if self.first == self.last:
            return RangeExtent(RangeKind.SINGLE, self.parity, first=self.first, last=self.last)
        return RangeExtent(RangeKind.BETWEEN, self.parity, first=self.first, last=self.last)

    def _start_key(self) -> tuple[float, int]:
        return OPEN_START_KEY if self.first is None else self.first.sort_key()

    def _end_key(self) -> tuple[float, int]:
        return OPEN_END_KEY if self.last is None else self.last.sort_key()

    def _starts_at_beginning(self) -> bool:
        # "1 to 9999" and "2 to 9999, even" are how the national file writes "the whole side".
        start = HouseNumber(2) if self.parity is Parity.EVEN else HouseNumber(1)
        return self.first is None or self.first.sort_key() <= start.sort_key()


def _repetition_rank(repetition: str) -> int:
    """Which house of the number a repetition index means: bis and B the second, ter and C the third..."""
    if len(repetition) == 1:
        return ord(repetition) - ord("A") + 1
    return _LATIN_RANKS[repetition]


_LATIN_RANKS = {"BIS": 2, "TER": 3, "QUATER": 4, "QUINQUIES": 5}


# Room for any house number (the importers bound them tighter), below a database integer's limit.
_NUMBER_DIGITS_MAX = 9


def _house_number(number: int | str | None, repetition: str | None) -> HouseNumber | None:
    if number is None or (isinstance(number, str) and not number.strip()):
        return None
    if isinstance(number, str):
        text = number.strip()
        # ASCII digits only, and few of them: int() reads other scripts' digits and refuses 4,300 digits.
        if not (text.isascii() and text.isdecimal()) or len(text) > _NUMBER_DIGITS_MAX:
            raise RuleError("invalid_number", value=number)
        number = int(text)
    try:
        rep = normalize_repetition(repetition)
    except ValueError:
        raise RuleError("unknown_repetition", value=repetition) from None
    try:
        return HouseNumber(number, rep)
    except ValueError:
        raise RuleError("invalid_number", value=number) from None


def fold_upper(text: str) -> str:
    """Accent-free upper case with punctuation turned into spaces (no abbreviation expansion)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return " ".join("".join(char if char.isalnum() else " " for char in plain).split())
