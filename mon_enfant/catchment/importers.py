"""Carte scolaire import: the files a commune already has, into rules and zones.

Three formats are read (documented with examples in ``docs/catchment.md``):

* the national "carte scolaire des collèges publics" CSV of the Éducation nationale, exactly as published
  (UTF-8 with BOM, CRLF, ``;``, 18 columns, many communes in one file), and its newer variant with
  lower-case column names: column names are compared without case;
* a simple CSV of our own for écoles maternelles and élémentaires (:data:`SIMPLE_COLUMNS`), which adds
  what the national file lacks: the level per row, school years, priorities and notes;
* a GeoJSON ``FeatureCollection`` of zones (Polygon / MultiPolygon) for communes whose carte scolaire is
  drawn on a map.

The whole file is validated first: every problem is reported with its line (or feature) number and
nothing changes. Then, in one transaction, each (commune, level, school year) found in the file has its
rules (or zones) *replaced*: deleted and bulk-created, with the shared version stamp bumped once, so a
lookup served during an import sees the old rules or the new ones, never a mix. ``dry_run`` does all of
it and rolls back, so the report says exactly what a real import would do.

A rule whose UAI is not (yet) a known :class:`~mon_enfant.models.School` is kept and reported: answers
give the UAI until ``import_schools`` brings the school's card.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from mon_enfant.addresses.parsing import normalize_repetition, street_key
from mon_enfant.csvfiles import (
    CommuneCounts,
    ImportFileError,
    LineError,
    bounded_integer,
    bounded_signed_integer,
    decode,
    read_csv,
)
from mon_enfant.echo import echo
from mon_enfant.geojson import looks_like_geojson, read_features
from mon_enfant.models import Commune
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_error
from mon_enfant.validators import is_valid_insee, is_valid_uai

from . import coverage
from .logic import LEVELS, Parity, Rule, RuleError, Zone, analyse, geometry_from_geojson
from .models import CatchmentImport, CatchmentLevel, CatchmentRule, CatchmentZone, RulesetVersion
from .wording import rule_error

# The national file's columns as published (the newer variant writes them all in lower case).
NATIONAL_COLUMNS = [
    "code_region", "libelle_region", "code_academie", "libelle_academie", "code_departement",
    "libelle_departement", "code_postal", "code_insee", "libelle_commune", "lieu_dit", "Type_et_Libelle",
    "No_de_voie_debut", "Indice_de_repetition_debut", "No_de_voie_fin", "Indice_de_repetition_fin", "Parite",
    "Code_RNE", "Secteur_unique",
]
# The ones the import needs; the region, academy and département columns are informative only.
NATIONAL_REQUIRED = [
    "code_insee", "lieu_dit", "type_et_libelle", "no_de_voie_debut", "indice_de_repetition_debut",
    "no_de_voie_fin", "indice_de_repetition_fin", "parite", "code_rne", "secteur_unique",
]

# The simple format (écoles): one row per street range, see docs/catchment.md.
SIMPLE_COLUMNS = [
    "code_insee", "niveau", "voie", "parite", "du", "indice_du", "au", "indice_au", "uai", "annee_scolaire",
    "priorite", "remarque", "lieu_dit", "id_voie", "secteur_unique", "commune",
]
SIMPLE_REQUIRED = ["code_insee", "voie", "uai"]

FORMAT_NATIONAL = "national"
FORMAT_SIMPLE = "simple"
FORMAT_GEOJSON = "geojson"

NATIONAL_PARITIES = {"P": Parity.EVEN, "I": Parity.ODD, "PI": Parity.BOTH, "IP": Parity.BOTH}
YES_NO = {"O": True, "OUI": True, "Y": True, "1": True, "N": False, "NON": False, "0": False, "": False}
# Words a simple file may write in ``voie`` for a "secteur unique" (the whole commune goes to one school).
WHOLE_COMMUNE_WORDS = {"TOUTE LA COMMUNE", "SECTEUR UNIQUE"}
LEVEL_WORDS = {
    "MATERNELLE": ("maternelle",),
    "ELEMENTAIRE": ("elementaire",),
    # A primary school's sector is the same map for both of its levels.
    "PRIMAIRE": ("maternelle", "elementaire"),
    "COLLEGE": ("college",),
}

# BAN metric numbering goes past 9999; anything longer is a typo, and would overflow the column.
MAX_HOUSE_NUMBER = 99999
_HOUSE_NUMBER_DIGITS = len(str(MAX_HOUSE_NUMBER))
MAX_PRIORITY = 9999
_LABEL_MAX = CatchmentRule._meta.get_field("street_label").max_length
_STREET_ID_MAX = CatchmentRule._meta.get_field("street_id").max_length
_ZONE_NAME_MAX = CatchmentZone._meta.get_field("name").max_length
_BATCH_SIZE = 1000


def format_label(file_format):
    return {
        FORMAT_NATIONAL: _("fichier national de la carte scolaire"),
        FORMAT_SIMPLE: _("CSV simple (écoles)"),
        FORMAT_GEOJSON: _("zones GeoJSON"),
    }.get(file_format, file_format)


def level_label(level):
    return dict(CatchmentLevel.choices).get(level, level)


def year_label(school_year):
    return school_year or _("toutes années")


def _folded(text):
    """Upper case without accents, hyphens and runs of spaces: how keywords are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def parse_level(text):
    """``"collège"`` -> ``("college",)``, ``"primaire"`` -> both first-degree levels; None when unknown."""
    return LEVEL_WORDS.get(_folded(text))


def parse_school_year(text):
    """``"2026-2027"`` (or ``2026/2027``) -> ``"2026-2027"``; ``""`` for every year; ``SchoolYearError`` if bad."""
    text = (text or "").strip()
    return str(SchoolYear.parse(text)) if text else ""


# --- Report ---------------------------------------------------------------------------------------


@dataclass
class ScopeReport:
    """What the import did for one commune, level and school year (one :class:`CatchmentImport`)."""

    commune: str
    commune_name: str
    level: str
    school_year: str
    rules: int = 0
    zones: int = 0
    replaced: int = 0
    schools: dict = field(default_factory=dict)
    unknown_uais: list = field(default_factory=list)
    level_mismatches: list = field(default_factory=list)
    overlaps: dict = field(default_factory=dict)
    known_streets: int = 0
    streets_without_rule: list = field(default_factory=list)
    import_id: int | None = None

    @property
    def title(self):
        return _("%(commune)s (%(code)s), %(level)s, %(year)s") % {
            "commune": self.commune_name, "code": self.commune, "level": str(level_label(self.level)).lower(),
            "year": year_label(self.school_year),
        }

    @property
    def conflicts(self):
        return self.overlaps.get("conflicts", [])

    @property
    def shared_sectors(self):
        return self.overlaps.get("shared_sectors", [])

    @property
    def duplicates(self):
        return self.overlaps.get("duplicates", [])

    @property
    def conflict_count(self):
        return coverage.overlap_count(self.overlaps, "conflicts")

    @property
    def shared_sector_count(self):
        return coverage.overlap_count(self.overlaps, "shared_sectors")

    @property
    def duplicate_count(self):
        return coverage.overlap_count(self.overlaps, "duplicates")

    def as_json(self):
        data = {name: getattr(self, name) for name in (
            "commune", "commune_name", "level", "school_year", "rules", "zones", "replaced", "schools",
            "unknown_uais", "level_mismatches", "overlaps", "known_streets",
        )}
        data["streets_without_rule_count"] = len(self.streets_without_rule)
        data["streets_without_rule"] = self.streets_without_rule[: coverage.REPORT_STREET_LIMIT]
        return data


@dataclass
class CatchmentImportReport(CommuneCounts):
    format: str = ""
    filename: str = ""
    dry_run: bool = False
    rows_read: int = 0
    rules_created: int = 0
    zones_created: int = 0
    merged_whole_commune: int = 0
    scopes: list = field(default_factory=list)

    @property
    def communes(self):
        return sorted({f"{scope.commune_name} ({scope.commune})" for scope in self.scopes})

    @property
    def unknown_uais(self):
        counts = Counter()
        for scope in self.scopes:
            for uai in scope.unknown_uais:
                counts[uai] += scope.schools.get(uai, 0)
        return dict(sorted(counts.items()))

    @property
    def conflict_count(self):
        return sum(scope.conflict_count for scope in self.scopes)

    @property
    def shared_sector_count(self):
        return sum(scope.shared_sector_count for scope in self.scopes)

    @property
    def duplicate_count(self):
        return sum(scope.duplicate_count for scope in self.scopes)

    def summary_lines(self):
        """The report in a few French sentences (command output, admin message)."""
        lines = [_("Format : %(format)s.") % {"format": format_label(self.format)}]
        if self.format == FORMAT_GEOJSON:
            lines.append(_("%(count)s zones lues.") % {"count": self.rows_read})
        else:
            lines.append(_("%(count)s lignes lues.") % {"count": self.rows_read})
        if self.format == FORMAT_GEOJSON:
            lines.append(_("%(count)s zones créées.") % {"count": self.zones_created})
        else:
            lines.append(_("%(count)s règles créées.") % {"count": self.rules_created})
        for scope in self.scopes:
            created = scope.zones if self.format == FORMAT_GEOJSON else scope.rules
            lines.append(
                _("%(scope)s : %(created)s créées, %(replaced)s remplacées.")
                % {"scope": scope.title, "created": created, "replaced": scope.replaced}
            )
        if self.communes:
            lines.append(_("Communes : %(list)s.") % {"list": ", ".join(self.communes)})
        lines.extend(self.commune_lines())
        if self.merged_whole_commune:
            lines.append(
                _("%(count)s lignes « secteur unique » en double regroupées.") % {"count": self.merged_whole_commune}
            )
        if self.unknown_uais:
            listed = ", ".join(f"{uai} ({count})" for uai, count in self.unknown_uais.items())
            lines.append(
                _("Écoles inconnues de l'annuaire (règles conservées, à compléter avec l'import des écoles) : "
                  "%(list)s.") % {"list": listed}
            )
        for scope in self.scopes:
            for uai, school_level in scope.level_mismatches:
                lines.append(
                    _("%(scope)s : l'école %(uai)s est une école de niveau « %(level)s ».")
                    % {"scope": scope.title, "uai": uai, "level": school_level}
                )
        lines.append(
            _("Chevauchements : %(conflicts)s conflits, %(shared)s secteurs partagés, %(duplicates)s doublons.")
            % {"conflicts": self.conflict_count, "shared": self.shared_sector_count,
               "duplicates": self.duplicate_count}
        )
        for scope in self.scopes:
            for pair in scope.conflicts[:10]:
                lines.append(_("Conflit : %(first)s ; %(second)s.") % {
                    "first": describe_pair_side(pair["first"]), "second": describe_pair_side(pair["second"]),
                })
            if scope.known_streets:
                lines.append(
                    _("%(scope)s : %(missing)s voies sur %(known)s sans secteur.")
                    % {"scope": scope.title, "missing": len(scope.streets_without_rule), "known": scope.known_streets}
                )
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines

    def as_json(self, limit=None):
        """The file's report as JSON data; ``limit``: list at most that many communes and UAIs per list (the
        copy kept with each scope's record, where a file of thousands of communes would repeat them all)."""

        def listed(items):
            return items if limit is None else items[:limit]

        def counted(mapping):
            return dict(listed(sorted(mapping.items())))

        return {
            "format": self.format,
            "filename": self.filename,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "rules_created": self.rules_created,
            "zones_created": self.zones_created,
            "merged_whole_commune": self.merged_whole_commune,
            "communes": listed(self.communes),
            "commune_count": len(self.communes),
            "communes_created": listed(self.communes_created),
            "skipped_filtered": self.skipped_filtered,
            "skipped_unknown_communes": counted(self.skipped_unknown_communes),
            "skipped_not_allowed": counted(self.skipped_not_allowed),
            "unknown_uais": counted(self.unknown_uais),
            "conflicts": self.conflict_count,
            "shared_sectors": self.shared_sector_count,
            "duplicates": self.duplicate_count,
        }


def describe_pair_side(side):
    """"RUE X, du n° 1 au n° 23 → 0350916F (ligne 296)" for one rule of an overlap."""
    text = f"{side['street'] or _('toute la commune')}, {side['range']} → {side['uai']}"
    if side.get("line"):
        text += " " + _("(ligne %(line)s)") % {"line": side["line"]}
    return text


# --- Reading --------------------------------------------------------------------------------------


@dataclass
class _Item:
    """One rule or zone read from the file, with where it came from."""

    commune: str
    level: str
    school_year: str
    line: int | None = None
    rule: Rule | None = None
    zone: Zone | None = None
    geometry: dict | None = None
    name: str = ""


class CatchmentImporter:
    """One import run: read and check the whole file, then replace the rules of each scope it names.

    ``communes``: INSEE codes to keep (``--commune``). ``allowed_communes``: when given (an editor's
    upload), rows of other communes are skipped and reported, and no commune may be created.
    ``level``: the level of the national file's rows (default collège), and the default level of simple
    rows and GeoJSON features without one. ``school_year``: the year of rows that do not give one
    (blank: the rules apply every year).
    """

    def __init__(self, *, level=None, school_year="", communes=None, create_communes=False,
                 allowed_communes=None, filename="", user=None, dry_run=False):
        self.level = level
        self.school_year = school_year or ""
        self.keep = {code.strip().upper() for code in communes} if communes else None
        self.create_communes = create_communes and allowed_communes is None
        self.allowed = None if allowed_communes is None else {
            commune if isinstance(commune, str) else commune.code_insee for commune in allowed_communes
        }
        self.filename = filename
        self.user = user
        self.dry_run = dry_run
        self.errors = []
        self.report = CatchmentImportReport(filename=filename, dry_run=dry_run)
        self.existing = {}
        self.to_create = {}

    # -- entry point --

    def run(self, data: bytes) -> CatchmentImportReport:
        self._check_options()
        self.existing = {commune.code_insee: commune for commune in Commune.objects.all()}
        if looks_like_geojson(data):
            self.report.format = FORMAT_GEOJSON
            items = self._read_geojson(decode(data))
        else:
            items = self._read_csv(data)
        if self.errors:
            raise ImportFileError(self.errors)
        items = self._merge_whole_commune_duplicates(items)
        if items:
            self._write(items)
        return self.report

    def _check_options(self):
        problems = []
        if self.level is not None and self.level not in LEVELS:
            problems.append(LineError(None, _("Niveau « %(level)s » inconnu (maternelle, elementaire ou college).")
                                      % {"level": self.level}))
        try:
            self.school_year = parse_school_year(self.school_year)
        except SchoolYearError as exc:
            problems.append(LineError(None, _("Année scolaire refusée : %(error)s")
                                      % {"error": school_year_error(exc)}))
        if self.keep:
            bad = sorted(code for code in self.keep if not is_valid_insee(code))
            if bad:
                problems.append(LineError(None, _("Code INSEE invalide dans --commune : %(codes)s.")
                                          % {"codes": ", ".join(bad)}))
        if problems:
            raise ImportFileError(problems)

    # -- communes --

    def _accept_commune(self, code, name):
        """Whether rows of this commune are imported; skipped rows are counted for the report."""
        if self.keep is not None and code not in self.keep:
            self.report.skipped_filtered += 1
            return False
        if self.allowed is not None and code not in self.allowed:
            self.report.skipped_not_allowed[code] += 1
            return False
        if code in self.existing:
            return True
        if self.create_communes:
            self.to_create.setdefault(code, (name or "").strip() or code)
            return True
        self.report.skipped_unknown_communes[code] += 1
        return False

    def _commune_code(self, raw, line, label=None):
        code = (raw or "").strip().upper()
        if not is_valid_insee(code):
            self._error(line, _("code INSEE « %(code)s » invalide (5 caractères, ex. 35288).") % {"code": echo(raw)},
                        label)
            return None
        return code

    def _error(self, line, message, label=None):
        if label:
            message = f"{label} : {message}"
        self.errors.append(LineError(line, message))

    # -- CSV --

    def _read_csv(self, data):
        table = read_csv(data)
        columns = {name.lower(): name for name in table.columns}
        if {"type_et_libelle", "code_rne"} <= columns.keys():
            self.report.format = FORMAT_NATIONAL
            required = NATIONAL_REQUIRED
            read_row = self._national_row
        elif {"voie", "uai"} <= columns.keys():
            self.report.format = FORMAT_SIMPLE
            required = SIMPLE_REQUIRED
            read_row = self._simple_row
        else:
            raise ImportFileError([LineError(1, _(
                "en-tête non reconnu : attendu le fichier national de la carte scolaire (colonnes "
                "Type_et_Libelle, Code_RNE, Secteur_unique...) ou le format simple (colonnes %(columns)s)."
            ) % {"columns": ";".join(SIMPLE_COLUMNS)})])
        missing = [name for name in required if name not in columns]
        if missing:
            raise ImportFileError([LineError(1, _("colonnes manquantes pour le format %(format)s : %(columns)s.")
                                             % {"format": format_label(self.report.format),
                                                "columns": ", ".join(missing)})])
        self.report.rows_read = len(table.rows)
        items = []
        for row in table.rows:
            values = {name.lower(): value for name, value in row.values.items()}
            items.extend(read_row(row.line, values))
        return items

    def _national_row(self, line, values):
        code = self._commune_code(values["code_insee"], line)
        if code is None or not self._accept_commune(code, values.get("libelle_commune", "")):
            return []
        level = self.level or CatchmentLevel.COLLEGE
        whole = self._yes_no(values["secteur_unique"], line, "Secteur_unique")
        uai = self._uai(values["code_rne"], line, "Code_RNE")
        fields = {
            "commune": code, "level": level, "uai": uai, "school_year": self.school_year or None,
            "lieu_dit": self._text(values["lieu_dit"], _LABEL_MAX, line, "lieu_dit"),
            "rule_id": line,
        }
        if whole:
            if uai is None or fields["lieu_dit"] is None:
                return []
            return self._rule_item(line, whole_commune=True, **fields)
        parity_code = values["parite"].strip().upper()
        parity = NATIONAL_PARITIES.get(parity_code)
        if parity is None:
            self._error(line, _("parité « %(value)s » inconnue (P, I ou PI).") % {"value": echo(values["parite"])})
        bounds = self._bounds(
            line, values["no_de_voie_debut"], values["indice_de_repetition_debut"], values["no_de_voie_fin"],
            values["indice_de_repetition_fin"],
        )
        label = self._text(values["type_et_libelle"], _LABEL_MAX, line, "Type_et_Libelle")
        if whole is None or uai is None or parity is None or bounds is None or label is None \
                or fields["lieu_dit"] is None:
            return []
        return self._rule_item(line, street_label=label, parity=parity, **bounds, **fields)

    def _simple_row(self, line, values):
        get = values.get
        code = self._commune_code(values["code_insee"], line)
        if code is None or not self._accept_commune(code, get("commune", "")):
            return []
        levels = self._levels(get("niveau", ""), line)
        uai = self._uai(values["uai"], line, "uai")
        school_year = self._row_school_year(get("annee_scolaire", ""), line)
        priority = self._priority(get("priorite", ""), line)
        label = self._text(values["voie"], _LABEL_MAX, line, "voie")
        lieu_dit = self._text(get("lieu_dit", ""), _LABEL_MAX, line, "lieu_dit")
        street_id = self._text(get("id_voie", ""), _STREET_ID_MAX, line, "id_voie")
        whole = self._yes_no(get("secteur_unique", ""), line, "secteur_unique")
        if label and _folded(label) in WHOLE_COMMUNE_WORDS:
            whole, label = True, ""
        if whole and label:
            self._error(line, _("« secteur_unique » vaut oui : laissez la voie vide (toute la commune)."))
            return []
        parity = bounds = None
        if not whole:
            try:
                parity = Parity.from_code(get("parite", ""))
            except RuleError:
                self._error(line, _("parité « %(value)s » inconnue (pair, impair, tous, P, I ou PI).")
                            % {"value": echo(get("parite", ""))})
            bounds = self._bounds(line, get("du", ""), get("indice_du", ""), get("au", ""), get("indice_au", ""))
            if label == "" and not lieu_dit:
                self._error(line, _("voie manquante (pour toute la commune, écrivez « oui » dans secteur_unique)."))
                return []
        if None in (levels, uai, school_year, priority, label, lieu_dit, street_id, whole) or (
            not whole and (parity is None or bounds is None)
        ):
            return []
        items = []
        for level in levels:
            fields = {
                "commune": code, "level": level, "uai": uai, "school_year": school_year or None,
                "priority": priority, "note": get("remarque", ""), "lieu_dit": lieu_dit, "street_id": street_id,
                "rule_id": line,
            }
            if whole:
                items.extend(self._rule_item(line, whole_commune=True, **fields))
            else:
                items.extend(self._rule_item(line, street_label=label, parity=parity, **bounds, **fields))
        return items

    def _rule_item(self, line, **fields):
        """The file's fields as a checked :class:`~.logic.Rule` (inverted ranges, blank labels...)."""
        try:
            rule = Rule(**fields) if fields.get("whole_commune") else Rule.from_bounds(**fields)
        except RuleError as exc:
            self._error(line, rule_error(exc))
            return []
        return [_Item(commune=rule.commune, level=rule.level, school_year=rule.school_year or "", line=line,
                      rule=rule)]

    # -- field checks (each records its error and returns None) --

    def _uai(self, raw, line, column, label=None):
        uai = (raw or "").strip().upper()
        if not uai:
            self._error(line, _("%(column)s manquant : le code UAI de l'école est attendu (ex. 0350916F).")
                        % {"column": column}, label)
            return None
        if not is_valid_uai(uai):
            self._error(line, _("%(column)s « %(value)s » n'est pas un code UAI (7 chiffres et une lettre).")
                        % {"column": column, "value": echo(raw)}, label)
            return None
        return uai

    def _yes_no(self, raw, line, column):
        value = YES_NO.get(_folded(raw))
        if value is None:
            self._error(line, _("%(column)s « %(value)s » : O (oui) ou N (non) attendu.")
                        % {"column": column, "value": echo(raw)})
        return value

    def _text(self, raw, limit, line, column):
        text = " ".join((raw or "").split())
        if len(text) > limit:
            self._error(line, _("%(column)s : %(max)s caractères au plus (%(count)s trouvés).")
                        % {"column": column, "max": limit, "count": len(text)})
            return None
        return text

    def _bounds(self, line, first, first_rep, last, last_rep):
        checked = {}
        ok = True
        for key, number, repetition, label in (
            ("first", first, first_rep, _("n° de début")), ("last", last, last_rep, _("n° de fin")),
        ):
            number = (number or "").strip()
            if number and not (number.isascii() and number.isdigit()):
                self._error(line, _("%(label)s « %(value)s » : un nombre entier positif est attendu.")
                            % {"label": label, "value": echo(number)})
                ok = False
            elif number and bounded_integer(number, _HOUSE_NUMBER_DIGITS) is None:
                self._error(line, _("%(label)s « %(value)s » hors limites (%(max)s au plus).")
                            % {"label": label, "value": echo(number), "max": MAX_HOUSE_NUMBER})
                ok = False
            try:
                normalize_repetition(repetition)
            except ValueError:
                self._error(line, _("indice de répétition « %(value)s » inconnu (bis, ter, quater, quinquies "
                                    "ou une lettre de A à Z).") % {"value": echo(repetition)})
                ok = False
            checked[f"{key}_number"] = number
            checked[f"{key}_repetition"] = repetition
        return checked if ok else None

    def _levels(self, raw, line):
        if not (raw or "").strip():
            if self.level:
                return (self.level,)
            self._error(line, _("niveau manquant (colonne niveau, ou option --level)."))
            return None
        levels = parse_level(raw)
        if levels is None:
            self._error(line, _("niveau « %(value)s » inconnu (maternelle, elementaire, primaire ou college).")
                        % {"value": echo(raw)})
        return levels

    def _row_school_year(self, raw, line, label=None):
        if not (raw or "").strip():
            return self.school_year
        try:
            return parse_school_year(raw)
        except SchoolYearError as exc:
            self._error(line, _("année scolaire refusée : %(error)s") % {"error": school_year_error(exc)}, label)
            return None

    def _priority(self, raw, line, label=None):
        text = str(raw if raw is not None else "").strip()
        if not text:
            return 0
        value = bounded_signed_integer(text, len(str(MAX_PRIORITY)))
        if value is None or abs(value) > MAX_PRIORITY:
            self._error(line, _("priorité « %(value)s » : un nombre entier entre -%(max)s et %(max)s est attendu.")
                        % {"value": echo(text), "max": MAX_PRIORITY}, label)
            return None
        return value

    # -- GeoJSON --

    def _read_geojson(self, text):
        features = read_features(text)
        self.report.rows_read = len(features)
        items = []
        single_commune = next(iter(self.keep)) if self.keep and len(self.keep) == 1 else None
        for index, feature in enumerate(features, start=1):
            items.extend(self._feature(index, feature, single_commune))
        return items

    def _feature(self, index, feature, single_commune):
        where = _("Zone n° %(index)s") % {"index": index}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self._error(None, _("une Feature est attendue."), where)
            return []
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            self._error(None, _("« properties » doit être un objet."), where)
            return []
        props = {str(key).lower(): value for key, value in properties.items()}
        name = str(props.get("nom") or "").strip()
        if name:
            where = _("Zone n° %(index)s (« %(name)s »)") % {"index": index, "name": echo(name)}
        code = self._commune_code(str(props.get("code_insee") or single_commune or ""), None, where)
        if code is None or not self._accept_commune(code, str(props.get("commune") or "")):
            return []
        levels = parse_level(str(props.get("niveau") or "")) if props.get("niveau") else (
            (self.level,) if self.level else None
        )
        if levels is None:
            self._error(None, _("niveau « %(value)s » manquant ou inconnu (maternelle, elementaire, primaire ou "
                                "college ; ou option --level).") % {"value": echo(props.get("niveau") or "")}, where)
        uai = self._uai(str(props.get("uai") or ""), None, "uai", where)
        school_year = self._row_school_year(str(props.get("annee_scolaire") or ""), None, where)
        priority = self._priority(props.get("priorite"), None, where)
        if len(name) > _ZONE_NAME_MAX:
            self._error(None, _("nom trop long (%(max)s caractères au plus).") % {"max": _ZONE_NAME_MAX}, where)
            return []
        geometry = feature.get("geometry")
        try:
            geometry_from_geojson(geometry if geometry is not None else {})
        except RuleError as exc:
            self._error(None, rule_error(exc), where)
            return []
        if None in (levels, uai, school_year, priority):
            return []
        note = str(props.get("remarque") or "")
        stored = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
        return [
            _Item(
                commune=code, level=level, school_year=school_year, line=index, name=name, geometry=stored,
                zone=Zone.from_geojson(stored, commune=code, level=level, uai=uai, school_year=school_year or None,
                                       priority=priority, note=note),
            )
            for level in levels
        ]

    # -- writing --

    def _merge_whole_commune_duplicates(self, items):
        """A "secteur unique" commune may be listed once per street, all rows naming the same collège:
        one rule says it all, so identical whole-commune rules are kept once and counted."""
        seen = set()
        kept = []
        for item in items:
            rule = item.rule
            if rule is not None and rule.whole_commune:
                key = (item.commune, item.level, item.school_year, rule.uai, street_key(rule.lieu_dit),
                       rule.priority)
                if key in seen:
                    self.report.merged_whole_commune += 1
                    continue
                seen.add(key)
            kept.append(item)
        return kept

    def _write(self, items):
        scopes = defaultdict(list)
        for item in items:
            scopes[(item.commune, item.level, item.school_year)].append(item)
        with transaction.atomic():
            # First, not last: bump() locks the stamp row, so two imports of the same scope run one after
            # the other (the second one's delete then sees the first one's rules) instead of interleaving.
            RulesetVersion.bump()
            communes = self._communes()
            all_uais = {item.rule.uai if item.rule else item.zone.uai for item in items}
            schools = coverage.known_schools(all_uais)
            records = []
            for (code, level, school_year), group in sorted(scopes.items()):
                commune = communes[code]
                scope = ScopeReport(commune=code, commune_name=commune.name, level=level, school_year=school_year)
                record = CatchmentImport.objects.create(
                    commune=commune, level=level, school_year=school_year, filename=self.filename[:255],
                    file_format=self.report.format, imported_by=self.user if getattr(self.user, "pk", None) else None,
                )
                if self.report.format == FORMAT_GEOJSON:
                    self._replace_zones(commune, record, group, scope)
                else:
                    self._replace_rules(commune, record, group, scope)
                uais = Counter(item.rule.uai if item.rule else item.zone.uai for item in group)
                scope.schools = dict(sorted(uais.items()))
                scope.unknown_uais = sorted(uai for uai in uais if uai not in schools)
                scope.level_mismatches = [
                    (uai, schools[uai].get_level_display()) for uai in sorted(uais)
                    if uai in schools and not schools[uai].teaches(level)
                ]
                scope.import_id = record.pk
                records.append((record, scope))
                self.report.scopes.append(scope)
            if self.report.format != FORMAT_GEOJSON:
                self._find_streets_without_rule(communes, records)
            # Once for the whole file, and bounded: each of a file's thousands of scopes keeps a copy.
            file_summary = self.report.as_json(limit=coverage.REPORT_STREET_LIMIT)
            for record, scope in records:
                record.report = {**scope.as_json(), "file": file_summary}
                record.save(update_fields=["report"])
            if self.dry_run:
                transaction.set_rollback(True)

    def _communes(self):
        communes = dict(self.existing)
        for code, name in sorted(self.to_create.items()):
            commune = Commune(code_insee=code, name=name[:120])
            commune.full_clean(exclude=["sites", "editor_groups"])
            commune.save()
            communes[code] = commune
            self.report.communes_created.append(str(commune))
        return communes

    def _replace_rules(self, commune, record, group, scope):
        old = CatchmentRule.objects.filter(commune=commune, level=scope.level, school_year=scope.school_year)
        scope.replaced = _delete_quietly(old)
        CatchmentRule.objects.bulk_create(
            [_rule_row(item, commune, record) for item in group], batch_size=_BATCH_SIZE
        )
        scope.rules = len(group)
        self.report.rules_created += len(group)
        scope.overlaps = coverage.describe_overlaps(analyse(item.rule for item in group))

    def _replace_zones(self, commune, record, group, scope):
        old = CatchmentZone.objects.filter(commune=commune, level=scope.level, school_year=scope.school_year)
        scope.replaced = _delete_quietly(old)
        CatchmentZone.objects.bulk_create(
            [
                CatchmentZone(
                    commune=commune, level=item.level, school_year=item.school_year, name=item.name,
                    uai=item.zone.uai, priority=item.zone.priority, geometry=item.geometry, note=item.zone.note,
                    source=record,
                )
                for item in group
            ],
            batch_size=_BATCH_SIZE,
        )
        scope.zones = len(group)
        self.report.zones_created += len(group)

    @staticmethod
    def _find_streets_without_rule(communes, records):
        by_commune_level = defaultdict(list)
        for _record, scope in records:
            by_commune_level[(scope.commune, scope.level)].append(scope)
        for (code, level), scopes in by_commune_level.items():
            commune = communes[code]
            # Every rule of the level after the import, whatever its year: a street is only "without
            # sector" when no rule at all serves it.
            rules, _lines = coverage.rules_from_database(CatchmentRule.objects.filter(commune=commune, level=level))
            known, missing = coverage.missing_streets(commune, level, rules)
            for scope in scopes:
                scope.known_streets, scope.streets_without_rule = known, missing


def _rule_row(item, commune, record):
    rule = item.rule
    return CatchmentRule(
        commune=commune,
        level=item.level,
        school_year=item.school_year,
        whole_commune=rule.whole_commune,
        street_label="" if rule.whole_commune else rule.street_label,
        # bulk_create skips save(), which computes the key the same way.
        street_key=street_key(rule.street_label) if rule.street_label and not rule.whole_commune else "",
        street_id=rule.street_id,
        lieu_dit=rule.lieu_dit,
        parity=rule.parity.value,
        first_number=rule.first.number if rule.first else None,
        first_repetition=rule.first.repetition if rule.first else "",
        last_number=rule.last.number if rule.last else None,
        last_repetition=rule.last.repetition if rule.last else "",
        uai=rule.uai,
        priority=rule.priority,
        note=rule.note,
        source=record,
        source_line=item.line,
    )


def _delete_quietly(queryset):
    """Delete rows in one statement, without per-row signals.

    ``signals.py`` bumps the version stamp for every deleted rule (right for an edit in the admin); an
    import replacing a thousand rules would take the stamp's lock a thousand times. The import bumps it
    once, in the same transaction, instead. Rules and zones have no dependent rows to cascade to.
    """
    return queryset._raw_delete(queryset.db)


def import_catchment(data: bytes, **options) -> CatchmentImportReport:
    """Import a carte scolaire file's bytes (any of the three formats); see :class:`CatchmentImporter` for
    the options. Raises :class:`~mon_enfant.csvfiles.ImportFileError` listing every problem; then nothing
    has changed."""
    return CatchmentImporter(**options).run(data)
