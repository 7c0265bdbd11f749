"""How well "Trouver mon école" finds the street a parent meant: the typo table
(``tests/catchment/data/typos.csv``: addresses typed with realistic mistakes on the demo's streets, the level
asked and the street meant) and its hit@1 / hit@5, shared by ``test_suggestion_quality.py`` and
``bench/bench_suggestions.py``.

A row is a hit at *k* when the street meant is the recognised street, or among the first *k* "did you
mean" suggestions. Streets are compared by their search key, so that the label shown (the address index's
"Rue de Beaupré" or the published "RUE DE BEAUPRE") does not matter.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from mon_enfant.addresses.parsing import street_key

TYPOS = Path(__file__).resolve().parent / "data" / "typos.csv"
DEMO_COMMUNE = "35288"
# What test_suggestion_quality.py asserts and bench_suggestions.py reports against.
HIT_AT_1_FLOOR = 0.95
HIT_AT_5_FLOOR = 0.98


@dataclass(frozen=True)
class Typo:
    typed: str
    level: str
    expected: str
    kind: str


def read_typos(path=TYPOS):
    with path.open(encoding="utf-8", newline="") as handle:
        return [Typo(row["typed"], row["level"], row["expected"], row["kind"])
                for row in csv.DictReader(handle, delimiter=";")]


def offered_streets(result):
    """The streets an answer puts before the parent, best first: the recognised one, else the suggestions."""
    if result.matched_street_key:
        return [result.matched_street_label]
    return list(result.suggestions)


def rank_of(typo, result):
    """1 for the first street offered, ...; None when the street meant is not offered."""
    wanted = street_key(typo.expected)
    keys = [street_key(label) for label in offered_streets(result)]
    return keys.index(wanted) + 1 if wanted in keys else None


def hit_rates(lookup, typos=None):
    """``lookup(commune, typed, level)`` gives a LookupResult; returns (hit@1, hit@5, misses)."""
    typos = read_typos() if typos is None else typos
    ranks = [(typo, rank_of(typo, lookup(DEMO_COMMUNE, typo.typed, typo.level))) for typo in typos]
    hit1 = sum(rank == 1 for _typo, rank in ranks) / len(ranks)
    hit5 = sum(rank is not None and rank <= 5 for _typo, rank in ranks) / len(ranks)
    return hit1, hit5, [(typo, rank) for typo, rank in ranks if rank != 1]
