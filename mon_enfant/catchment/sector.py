"""The streets of a school's sector, for the school's own page (the ``school_section`` of "Trouver mon école",
which the lookup's answer links to: "Voir les rues du secteur").

What the page lists is what the lookup answers: every rule and named map zone of the carte scolaire naming
the school, per level and school year. The current year comes first, then each later year some rule is
published for; a year's rules replace the year-less ones street by street (and, for "secteur unique" rules
and zones, commune by commune), as :meth:`~.logic.CatchmentIndex.lookup` reads them, whatever school they
name. Years gone by are left out. When no rule names a year, the list is given once, for every year.

Each street appears once, under the label the local address index gives it (else the published label in its
usual case), with its ranges in words (:func:`~.services.range_text`) and its commune déléguée
(``lieu_dit``); streets are sorted by name (not by type: "rue", "quai"...), per commune when the sector spans
several. A constant
number of queries (six at most) whatever the number of rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mon_enfant.addresses.casing import title_case_street
from mon_enfant.addresses.parsing import street_key, street_type_and_name
from mon_enfant.features import SchoolSection
from mon_enfant.models import Commune, Street
from mon_enfant.utils import current_school_year

from .logic import LEVELS
from .models import LEVEL_LABELS, CatchmentRule, CatchmentZone
from .services import range_text, rules_from_database


@dataclass
class SectorStreet:
    """One street of a sector (or, with no label, the whole commune) and its ranges in words."""

    label: str
    ranges: list = field(default_factory=list)
    lieu_dit: str = ""
    notes: list = field(default_factory=list)


@dataclass
class SectorCommune:
    name: str
    streets: list = field(default_factory=list)


@dataclass
class SectorPart:
    """The sector of one level in one school year (``school_year`` None: every year)."""

    level: str
    school_year: str | None
    communes: list = field(default_factory=list)
    zones: list = field(default_factory=list)  # the names of the map zones

    @property
    def anchor(self):
        return f"secteur-{self.level}-{self.school_year or 'toutes-annees'}"

    @property
    def heading(self):
        level = str(LEVEL_LABELS[self.level])
        if self.school_year is None:
            return _("%(level)s, toutes les années scolaires") % {"level": level}
        return _("%(level)s, année scolaire %(year)s") % {"level": level, "year": self.school_year}

    @property
    def street_count(self):
        return sum(1 for commune in self.communes for street in commune.streets if street.label)

    @property
    def count_sentence(self):
        return ngettext("%(count)d voie.", "%(count)d voies.", self.street_count) % {"count": self.street_count}

    @property
    def several_communes(self):
        return len(self.communes) > 1


# --- Which rules apply in which year -----------------------------------------------------------------


def years_shown(years, current):
    """The current year, then the later ones of ``years``; ``[None]`` (every year) when none is published."""
    later = sorted(year for year in years if year and year > current)
    if not later and current not in years:
        return [None]
    return [current, *later]


def applies(rule_year, year, replaced):
    """Whether a rule (or zone) of ``rule_year`` is read in ``year``: a year's own items replace the year-less
    ones of their street (or commune) when that year has any (``replaced``)."""
    if year is not None and replaced:
        return rule_year == year
    return rule_year is None


# --- Reading -------------------------------------------------------------------------------------------


def year_specific_scopes(rules, zones):
    """Where a year replaces the year-less items, among the streets and communes of ``rules`` and ``zones``
    (every school's rules, not only this one's): ``(streets, communes, zone_communes)``, sets of
    ``(commune, level, [street key,] year)``. Two queries."""
    streets, whole, zoned = set(), set(), set()
    if rules:
        keys = {rule.street_key for rule in rules if not rule.whole_commune}
        scope = Q(commune__code_insee__in={rule.commune for rule in rules}, level__in={rule.level for rule in rules})
        for commune, level, year, key, is_whole in (
                CatchmentRule.objects.filter(scope, Q(street_key__in=keys) | Q(whole_commune=True))
                .exclude(school_year="")
                .values_list("commune__code_insee", "level", "school_year", "street_key", "whole_commune")):
            if is_whole:
                whole.add((commune, level, year))
            else:
                streets.add((commune, level, key, year))
    if zones:
        zoned = set(
            CatchmentZone.objects.filter(commune__code_insee__in={zone[0] for zone in zones},
                                         level__in={zone[1] for zone in zones})
            .exclude(school_year="").values_list("commune__code_insee", "level", "school_year"))
    return streets, whole, zoned


def street_labels(rules):
    """The address index's label of each street of ``rules``, ``{(commune code, key): label}``: one query."""
    keys = {rule.street_key for rule in rules if not rule.whole_commune}
    if not keys:
        return {}
    labels = {}
    for commune, key, label in (Street.objects.filter(commune__code_insee__in={rule.commune for rule in rules},
                                                      key__in=keys)
                                .order_by("lieu_dit", "label").values_list("commune__code_insee", "key", "label")):
        labels.setdefault((commune, key), label)
    return labels


def shown_label(rule, labels):
    known = labels.get((rule.commune, rule.street_key))
    if known:
        return known
    shown = title_case_street(rule.street_label or rule.lieu_dit)
    return shown[:1].upper() + shown[1:]


def sector_parts(uai):
    """The sector of the school ``uai``: a :class:`SectorPart` per level and year, in the levels' order."""
    rules = rules_from_database(CatchmentRule.objects.filter(uai=uai))[0]
    zones = list(CatchmentZone.objects.filter(uai=uai).values_list("commune__code_insee", "level", "school_year",
                                                                   "name"))
    if not rules and not zones:
        return []
    streets_by_year, whole_by_year, zones_by_year = year_specific_scopes(rules, zones)
    labels = street_labels(rules)
    names = dict(Commune.objects.filter(code_insee__in={rule.commune for rule in rules} | {zone[0] for zone in zones})
                 .values_list("code_insee", "name"))
    current = str(current_school_year())
    parts = []
    for level in LEVELS:
        level_rules = [rule for rule in rules if rule.level == level]
        level_zones = [zone for zone in zones if zone[1] == level]
        if not level_rules and not level_zones:
            continue
        years = {rule.school_year for rule in level_rules}
        years |= {year for (_commune, scope_level, _key, year) in streets_by_year if scope_level == level}
        years |= {year for (_commune, scope_level, year) in whole_by_year | zones_by_year if scope_level == level}
        for year in years_shown(years, current):
            kept = [rule for rule in level_rules if applies(rule.school_year, year, (
                (rule.commune, level, year) in whole_by_year if rule.whole_commune
                else (rule.commune, level, rule.street_key, year) in streets_by_year))]
            zone_names = [name or _("un secteur sans nom") for commune, _level, zone_year, name in level_zones
                          if applies(zone_year or None, year, (commune, level, year) in zones_by_year)]
            if kept or zone_names:
                parts.append(SectorPart(level, year, communes=communes_of(kept, labels, names),
                                        zones=sorted(set(zone_names))))
    return parts


def by_name(street):
    """A street's place in the list: by its name, not its type ("Quai des Corsaires" next to "Rue des
    Corsaires", both under C), then its type and its commune déléguée."""
    kind, name = street_type_and_name(street_key(street.label))
    return name, kind, street_key(street.lieu_dit)


def communes_of(rules, labels, names):
    """The rules as streets, each once with its ranges, per commune (by name), sorted by label."""
    by_commune = defaultdict(dict)
    for rule in sorted(rules, key=lambda rule: (rule.first.sort_key() if rule.first else (-1, 0), rule.parity)):
        label = "" if rule.whole_commune else shown_label(rule, labels)
        lieu_dit = rule.lieu_dit if rule.street_label or rule.whole_commune else ""
        key = (street_key(label), street_key(lieu_dit))
        street = by_commune[rule.commune].setdefault(key, SectorStreet(label, lieu_dit=lieu_dit))
        for item, text in ((street.ranges, range_text(rule.extent())), (street.notes, rule.note)):
            if text and text not in item:
                item.append(text)
    communes = [SectorCommune(names.get(code, code), sorted(streets.values(), key=by_name))
                for code, streets in by_commune.items()]
    return sorted(communes, key=lambda commune: street_key(commune.name))


# --- The school's page -----------------------------------------------------------------------------------


def school_section(school, request):
    """"Les rues du secteur": silent for a school no rule or zone of the carte scolaire names."""
    parts = sector_parts(school.uai)
    if not parts:
        return None
    return SchoolSection(
        feature="mon_enfant_catchment",
        title=_("Les rues du secteur"),
        template="mon_enfant_catchment/school_section.html",
        context={"sector_parts": parts, "sector_school": school},
        order=20,
    )
