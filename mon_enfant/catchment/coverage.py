"""What a commune's carte scolaire covers, for one level and school year: the figures of the import report
and of the admin coverage screen.

A webmaster who has just imported a sectorisation file needs three answers at once: which schools the
rules send families to (and whether those schools are known), which rules overlap (shared sectors on
purpose, conflicts by mistake) and which streets of the commune have no sector at all. The matching
itself stays in :mod:`.logic`; this module only reads the database and arranges the answers.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from mon_enfant.models import School, Street

from .logic import CoverageReport, analyse, streets_without_rule
from .models import CatchmentImport, CatchmentRule, CatchmentZone
from .services import range_text, rules_from_database

# Streets listed in a report kept in the database (CatchmentImport.report); the screen lists them all.
REPORT_STREET_LIMIT = 500


def describe_rule(rule, line=None):
    """A rule as plain data, for templates and for the JSON report."""
    return {
        "street": "" if rule.whole_commune else (rule.street_label or rule.lieu_dit),
        "lieu_dit": rule.lieu_dit,
        "range": range_text(rule.extent()),
        "uai": rule.uai,
        "priority": rule.priority,
        "school_year": rule.school_year or "",
        "line": line,
    }


def describe_overlaps(report: CoverageReport, lines=None):
    """The three kinds of overlaps of :func:`~.logic.analyse` as plain data; ``lines`` maps a rule_id to
    its file line (when rule ids are database pks); without it the rule_id is the line."""

    def line_of(rule):
        if lines is None:
            return rule.rule_id
        return lines.get(rule.rule_id)

    def pairs(overlaps):
        return [
            {"first": describe_rule(item.first, line_of(item.first)),
             "second": describe_rule(item.second, line_of(item.second))}
            for item in overlaps
        ]

    return {
        "duplicates": pairs(report.duplicates),
        "shared_sectors": pairs(report.shared_sectors),
        "conflicts": pairs(report.conflicts),
        # The lists stop at logic.OVERLAP_LIST_LIMIT pairs; these are the numbers of pairs in all.
        "counts": {
            "duplicates": report.duplicate_count,
            "shared_sectors": report.shared_sector_count,
            "conflicts": report.conflict_count,
        },
    }


def overlap_count(overlaps, kind):
    """How many pairs of ``kind`` ("conflicts"...) ``overlaps`` (from :func:`describe_overlaps`) found;
    reports stored before the lists were capped have no counts: their lists are complete."""
    counts = overlaps.get("counts") or {}
    return counts.get(kind, len(overlaps.get(kind, ())))


def known_schools(uais):
    """``{uai: School}`` for the UAIs that ``import_schools`` (or an editor) has already brought."""
    return {school.uai: school for school in School.objects.filter(uai__in=set(uais))}


def street_labels(commune):
    """The commune's streets of the local address index (BAN), in label order."""
    return list(Street.objects.filter(commune=commune).order_by("label").values_list("label", flat=True))


def missing_streets(commune, level, rules):
    """``(known street count, labels of the streets no rule of ``level`` serves)``; ``(0, [])`` when the
    address index has no street for the commune (nothing to compare with)."""
    labels = street_labels(commune)
    if not labels:
        return 0, []
    return len(labels), streets_without_rule(rules, labels, level, commune=commune.code_insee)


@dataclass
class SchoolCoverage:
    uai: str
    school: School | None
    streets: int = 0
    rules: int = 0
    zones: int = 0
    whole_commune: bool = False
    level: str = ""

    @property
    def teaches_level(self):
        """False when the UAI names a known school of another level (a collège in a maternelle map)."""
        return self.school is None or self.school.teaches(self.level)


@dataclass
class Coverage:
    """Everything the coverage screen shows for one commune, level and school year."""

    commune: object
    level: str
    school_year: str
    rule_count: int = 0
    whole_commune_rules: int = 0
    street_count: int = 0
    zone_count: int = 0
    schools: list = field(default_factory=list)
    unknown_uais: list = field(default_factory=list)
    overlaps: dict = field(default_factory=dict)
    known_streets: int = 0
    streets_without_rule: list = field(default_factory=list)
    last_import: CatchmentImport | None = None

    @property
    def conflict_count(self):
        return overlap_count(self.overlaps, "conflicts")

    @property
    def shared_sector_count(self):
        return overlap_count(self.overlaps, "shared_sectors")

    @property
    def duplicate_count(self):
        return overlap_count(self.overlaps, "duplicates")

    @property
    def is_empty(self):
        return not self.rule_count and not self.zone_count


def school_years(commune, level):
    """The school years that have rules or zones for this commune and level ("" = every year)."""
    years = set(CatchmentRule.objects.filter(commune=commune, level=level).values_list("school_year", flat=True))
    years |= set(CatchmentZone.objects.filter(commune=commune, level=level).values_list("school_year", flat=True))
    return sorted(years)


def build_coverage(commune, level, school_year=""):
    """The coverage of the rules stored for exactly this school year (``""``: the rules valid every year).

    Streets without rule also count the year-less rules, which apply to every year: a street is only
    listed when no rule at all would answer for it.
    """
    school_year = school_year or ""
    scope = CatchmentRule.objects.filter(commune=commune, level=level, school_year=school_year)
    rules, lines = rules_from_database(scope)
    zones = list(
        CatchmentZone.objects.filter(commune=commune, level=level, school_year=school_year).values_list(
            "uai", flat=True
        )
    )
    coverage = Coverage(commune=commune, level=level, school_year=school_year)
    coverage.rule_count = len(rules)
    coverage.zone_count = len(zones)
    coverage.whole_commune_rules = sum(rule.whole_commune for rule in rules)
    coverage.street_count = len({rule.street_key for rule in rules if not rule.whole_commune})

    streets_by_uai = defaultdict(set)
    rules_by_uai = Counter()
    whole_uais = set()
    for rule in rules:
        rules_by_uai[rule.uai] += 1
        if rule.whole_commune:
            whole_uais.add(rule.uai)
        else:
            streets_by_uai[rule.uai].add(rule.street_key)
    zones_by_uai = Counter(zones)
    uais = sorted(set(rules_by_uai) | set(zones_by_uai))
    schools = known_schools(uais)
    coverage.schools = [
        SchoolCoverage(
            uai=uai, school=schools.get(uai), streets=len(streets_by_uai[uai]), rules=rules_by_uai[uai],
            zones=zones_by_uai[uai], whole_commune=uai in whole_uais, level=level,
        )
        for uai in uais
    ]
    coverage.unknown_uais = [uai for uai in uais if uai not in schools]
    coverage.overlaps = describe_overlaps(analyse(rules), lines)

    serving = rules
    if school_year:
        year_less, _lines = rules_from_database(
            CatchmentRule.objects.filter(commune=commune, level=level, school_year="")
        )
        serving = rules + year_less
    coverage.known_streets, coverage.streets_without_rule = missing_streets(commune, level, serving)
    coverage.last_import = (
        CatchmentImport.objects.filter(commune=commune, level=level, school_year=school_year)
        .select_related("imported_by")
        .first()
    )
    return coverage
