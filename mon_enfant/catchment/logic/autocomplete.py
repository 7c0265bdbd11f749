"""A commune's published street names: recognising the street a parent typed, suggesting close names
("Vouliez-vous dire… ?") and completing a name being typed.

Rules:

* keys are :func:`street_key` forms (accent-free upper case, abbreviations expanded); names are compared
  without their street type, so the shared "RUE" of two keys does not make them look alike;
* the national file and the BAN ``nom_afnor`` column cut labels at 32 characters (some published ones
  shorter): a label of :data:`TRUNCATED_LABEL_MIN_LENGTH` characters or more may be a cut one;
* completion offers, in order, the streets whose key starts with the typed text, then those whose name
  does, then those with a later word that does; a leading house number is skipped;
* suggestions put first the names a few typing slips away (one per five letters of the name, at least one
  and at most three; a slip is a letter wrong, missing or added, or two letters swapped: "METS" for
  "METZ"), nearest first, then the names that merely look alike (a word
  missing: "SURCOUF" for "ROBERT SURCOUF"); among equals, the typed street type first;
* a catalogue holds the streets it is given: the index gives a level's catalogue only the streets that
  level's rules serve (:meth:`StreetCatalogue.restricted_to`), so nothing is suggested that would answer
  "no sector".

Answers are published labels and keys, never sentences.  No Django import here.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from mon_enfant.addresses.parsing import parse_house_number, street_key, street_type_and_name

from .rules import fold_upper

# The national file and the BAN ``nom_afnor`` column cut labels at 32 characters, but some published
# labels are cut shorter ("RUE DE LA MONTAGNE SAINT JOSEP", 30): any label this long may be a cut one.
TRUNCATED_LABEL_MIN_LENGTH = 28

# Street names are never this long; capping keeps pathological input (10k characters) cheap.
_MAX_KEY_LENGTH = 120

_SUGGESTION_LIMIT = 5
_SUGGESTION_CUTOFF = 75
# One typing mistake in every this many letters of the name counts as a slip (at least one, at most three).
_LETTERS_PER_SLIP = 5
_MAX_SLIPS = 3


class StreetCatalogue:
    """A commune's published streets (all levels together), for recognising and suggesting streets."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self.keys = sorted(self.labels)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        names: list[tuple[str, str]] = []
        words: list[tuple[str, str]] = []
        self.comparable_names: list[str] = []
        for key in self.keys:
            kind, name = street_type_and_name(key)
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

    def restricted_to(self, keys: Iterable[str]) -> StreetCatalogue:
        """The same catalogue narrowed to ``keys`` (those it holds), with the same labels."""
        return StreetCatalogue({key: self.labels[key] for key in keys if key in self.labels})

    def suggest(self, key: str) -> tuple[str, ...]:
        """Up to 5 published labels close to ``key``, best first.

        Names are compared without their street type, so that the shared "RUE" of two keys does not
        make unrelated streets look alike and a wrong type ("rue Chateaubriant" for a boulevard) still
        finds the street.  Names a few typing slips away (optimal string alignment distance: a letter
        changed, missing, added, or two neighbours swapped) come first, nearest first; then the names
        that look alike by :func:`rapidfuzz.fuzz.WRatio` (a word missing or added).  Among equals the
        typed street type comes first.
        """
        if not key or not self.keys:
            return ()
        kind, name = street_type_and_name(key[:_MAX_KEY_LENGTH])
        slips = min(_MAX_SLIPS, max(1, len(name) // _LETTERS_PER_SLIP))
        near = process.extract(
            name, self.comparable_names, scorer=OSA.distance, limit=_SUGGESTION_LIMIT * 4, score_cutoff=slips
        )
        alike = process.extract(
            name,
            self.comparable_names,
            scorer=fuzz.WRatio,
            limit=_SUGGESTION_LIMIT * 4,
            score_cutoff=_SUGGESTION_CUTOFF,
        )
        ranks: dict[int, tuple[int, int, float]] = {}
        for _name, distance, index in near:
            ranks[index] = (0, int(distance), 0.0)
        for _name, score, index in alike:
            ranks.setdefault(index, (1, 0, -score))
        ranked = sorted(
            ranks,
            key=lambda index: (*ranks[index], street_type_and_name(self.keys[index])[0] != kind, self.keys[index]),
        )
        return tuple(dict.fromkeys(self.labels[self.keys[index]] for index in ranked))[:_SUGGESTION_LIMIT]

    def complete(self, prefix: str, limit: int = 10) -> list[str]:
        """Published street labels for an autocomplete field, best first.

        First the streets whose key starts with the typed prefix ("av du gen" finds "AVENUE DU GENERAL
        ..."), then those whose name (after the street type) starts with it ("guy" finds "RUE GUY
        ROPARTZ"), then those with a later word starting with it ("ropartz").  Each tier is in key order.
        A leading house number is skipped ("12 rue de la v").
        The last typed word is also tried as written, so that "gal" finds "RUE DU GALION" besides the
        streets of a général.
        """
        if limit <= 0:
            return []
        found: dict[str, None] = {}
        prefixes = _autocomplete_prefixes(prefix)
        tiers = (
            self.keys_starting_with,
            lambda typed: self.pairs_starting_with(self.names, typed),
            lambda typed: self.pairs_starting_with(self.words, typed),
        )
        for tier in tiers:
            for typed in prefixes:
                for key in tier(typed):
                    found.setdefault(key)
                    if len(found) >= limit:
                        return [self.labels[key] for key in found]
        return [self.labels[key] for key in found]


def _autocomplete_prefixes(prefix: str) -> list[str]:
    raw = (prefix or "")[: _MAX_KEY_LENGTH * 2]
    # An address field may start with the house number: "12 rue de la v" completes "rue de la v".
    number, text = parse_house_number(raw)
    if number is not None and text:
        text += " " if raw[-1:].isspace() else ""
    else:
        text = raw
    words = fold_upper(text).split()
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
