"""Match an address to its school(s): the pure-Python core of the carte scolaire (catchment) tool.

It imports no Django and builds no sentence: it returns codes and values that the Django layer
(:mod:`mon_enfant.catchment.services`, the API) words in the active language.  Split by job:

* :mod:`.rules`: a published rule (street range or whole commune), its levels and parities;
* :mod:`.zones`: sectors drawn as polygons, and GeoJSON validation;
* :mod:`.autocomplete`: a commune's street names (recognise, suggest, complete);
* :mod:`.index`: the in-memory index and the lookup;
* :mod:`.coverage`: overlapping rules and streets without a rule, for the import report.

Each module's docstring states its rules.  The names below are the package's public interface.
"""

from .autocomplete import TRUNCATED_LABEL_MIN_LENGTH
from .coverage import OVERLAP_LIST_LIMIT, CoverageReport, OverlapKind, RuleOverlap, analyse, streets_without_rule
from .index import CatchmentIndex, LookupResult, LookupStatus, SchoolMatch
from .rules import LEVELS, OPEN_END_NUMBERS, Level, Parity, RangeExtent, RangeKind, Rule, RuleError
from .zones import Zone, geometry_from_geojson

__all__ = [
    "LEVELS",
    "OPEN_END_NUMBERS",
    "OVERLAP_LIST_LIMIT",
    "TRUNCATED_LABEL_MIN_LENGTH",
    "CatchmentIndex",
    "CoverageReport",
    "Level",
    "LookupResult",
    "LookupStatus",
    "OverlapKind",
    "Parity",
    "RangeExtent",
    "RangeKind",
    "Rule",
    "RuleError",
    "RuleOverlap",
    "SchoolMatch",
    "Zone",
    "analyse",
    "geometry_from_geojson",
    "streets_without_rule",
]
