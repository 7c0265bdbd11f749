"""Serving carte scolaire lookups from the database.

Each process keeps one in-memory :class:`~mon_enfant.catchment.logic.CatchmentIndex`. Every lookup
first checks the shared :class:`~mon_enfant.catchment.models.RulesetVersion` stamp (through
:data:`~mon_enfant.catchment.models.CATCHMENT_STAMP`: a memory-mapped file where the host sets
``MON_ENFANT_STAMP_DIR``, else one indexed query); when an import or an edit has bumped it, the process
rebuilds its index before answering, so every process answers from the new rules on its next request.
The rules are read between two readings of the stamp and the build is retried if it moved, so an index
never mixes two versions.
"""

import threading
from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext

from mon_enfant.addresses.display import fill_display_addresses
from mon_enfant.addresses.parsing import HouseNumber, parse_address
from mon_enfant.models import School, Street
from mon_enfant.utils import current_school_year

from .logic import CatchmentIndex, LookupResult, LookupStatus, Parity, RangeKind, Rule, Zone
from .models import CATCHMENT_STAMP, CatchmentRule, CatchmentZone, RulesetVersion

_lock = threading.Lock()
_state = {"version": None, "index": None, "schools": {}}


# "source_line" last: the file line of each rule, for the import report.
RULE_FIELDS = (
    "pk", "commune__code_insee", "level", "school_year", "whole_commune", "street_label", "street_key",
    "street_id", "lieu_dit", "parity", "first_number", "first_repetition", "last_number", "last_repetition",
    "uai", "priority", "note", "source_line",
)


def _house_number(number, repetition):
    return None if number is None else HouseNumber(number, repetition or "")


def rules_from_database(queryset):
    """The rules of ``queryset`` as :class:`~.logic.Rule` objects (``rule_id`` is the row's pk), with the
    file line each one came from (``{pk: line}``), so a report can say "ligne 405"."""
    rules, lines = [], {}
    for (pk, commune, level, year, whole, label, key, street_id, lieu_dit, parity, first, first_rep, last,
         last_rep, uai, priority, note, line) in queryset.values_list(*RULE_FIELDS):
        rules.append(
            Rule(
                rule_id=pk, commune=commune, level=level, school_year=year or None, whole_commune=whole,
                street_label=label, street_key=key, street_id=street_id, lieu_dit=lieu_dit,
                parity=Parity(parity), first=_house_number(first, first_rep),
                last=_house_number(last, last_rep), uai=uai, priority=priority, note=note,
            )
        )
        lines[pk] = line
    return rules, lines


def load_rules():
    return rules_from_database(CatchmentRule.objects.all())[0]


def load_zones():
    return [
        Zone.from_geojson(geometry, zone_id=pk, commune=commune, level=level, school_year=year or None, uai=uai,
                          priority=priority, note=note)
        for pk, commune, level, year, uai, priority, note, geometry in CatchmentZone.objects.values_list(
            "pk", "commune__code_insee", "level", "school_year", "uai", "priority", "note", "geometry"
        )
    ]


def load_streets():
    return list(Street.objects.values_list("commune__code_insee", "key", "label"))


def load_schools(index):
    """The schools the rules and zones name, kept with the index: an answer then costs no query for its
    school cards. Editing a school bumps the stamp (signals.py), so cards are never stale."""
    schools = list(School.objects.filter(uai__in=index.uais()).select_related("commune"))
    fill_display_addresses(schools)  # the cards' addresses too, with the index's street labels
    return {school.uai: school for school in schools}


def build_index():
    return CatchmentIndex.build(load_rules(), load_zones(), load_streets())


def get_index():
    """The process's index, rebuilt if the shared stamp moved since it was built."""
    version = CATCHMENT_STAMP.current()
    if _state["version"] == version and _state["index"] is not None:
        return _state["index"]
    with _lock:
        if _state["version"] == version and _state["index"] is not None:
            return _state["index"]
        for _attempt in range(5):
            index = build_index()
            schools = load_schools(index)
            after = RulesetVersion.current()
            if after == version:
                break
            version = after  # an import landed while we were reading: read again
        _state.update(version=version, index=index, schools=schools)
        return index


def reset():
    """Forget the in-memory index (tests)."""
    with _lock:
        _state.update(version=None, index=None, schools={})
    CATCHMENT_STAMP.forget()


@dataclass
class CatchmentAnswer:
    """A lookup result with the schools resolved: ``schools`` pairs each matched UAI with its School
    (None while ``import_schools`` has not brought it) and the notes of the rules that matched."""

    result: LookupResult
    school_year: str
    schools: list = field(default_factory=list)
    # What the geocoder said of the point it gave (e.g. the remote service failed and the local index
    # answered), for the parent: empty when there is nothing to say.
    location_notice: str = ""

    @property
    def status(self):
        return self.result.status


def lookup(commune, address, level, school_year=None, point=None, geocoder=None, lieu_dit=None):
    """Answer a parent's question. ``geocoder`` (a callable ``(commune, parsed_address)`` giving ``(lat, lon)``,
    a :class:`~mon_enfant.addresses.geocoding.GeocodeResult` whose ``message`` is shown, or None) is only
    called when the commune has zones and the rules did not answer. ``lieu_dit`` (a commune
    déléguée) settles a street that several of them share (see ``CatchmentIndex.lookup``)."""
    year = str(school_year or current_school_year())
    parsed = parse_address(address or "")
    index = get_index()
    result = index.lookup(commune, parsed, level, year, point=point, lieu_dit=lieu_dit)
    notice = ""
    if result.needs_location and point is None and geocoder is not None:
        located = geocoder(commune, parsed)
        if located is not None and hasattr(located, "point"):
            notice = located.message
            located = located.point
        if located is not None:
            result = index.lookup(commune, parsed, level, year, point=located, lieu_dit=lieu_dit)
    answer = CatchmentAnswer(result=result, school_year=year, location_notice=notice)
    if result.status == LookupStatus.FOUND:
        known = _state["schools"]
        answer.schools = [
            {"uai": match.uai, "school": known.get(match.uai), "note": match.note} for match in result.schools
        ]
    return answer


def autocomplete(commune, prefix, limit=10):
    return get_index().streets(commune, prefix or "", limit=limit)


# --- Wording: the logic's codes in the active language ---------------------------------------------


def range_text(extent):
    """A rule's range (:meth:`~.logic.rules.Rule.extent`) in words of the active language: "du n° 1 au
    n° 23, côté impair" / "from no. 1 to no. 23, odd side". House numbers keep their written form
    ("23 bis"): they are part of an address, not quantities."""
    first, last = str(extent.first or ""), str(extent.last or "")
    if extent.kind == RangeKind.WHOLE_COMMUNE:
        return gettext("toute la commune")
    if extent.kind == RangeKind.ALL_NUMBERS:
        text = gettext("tous les numéros")
    elif extent.kind == RangeKind.FROM:
        text = gettext("à partir du n° %(first)s") % {"first": first}
    elif extent.kind == RangeKind.UNTIL:
        text = gettext("jusqu'au n° %(last)s") % {"last": last}
    elif extent.kind == RangeKind.SINGLE:
        text = gettext("n° %(first)s") % {"first": first}
    else:
        text = gettext("du n° %(first)s au n° %(last)s") % {"first": first, "last": last}
    if extent.parity == Parity.EVEN:
        return pgettext("street side", "%(range)s, côté pair") % {"range": text}
    if extent.parity == Parity.ODD:
        return pgettext("street side", "%(range)s, côté impair") % {"range": text}
    return text


def range_choice(rule, school_name):
    """One "which number?" suggestion: a range and the school it leads to."""
    return pgettext("range and its school", "%(range)s : %(school)s") % {
        "range": range_text(rule.extent()), "school": school_name}
