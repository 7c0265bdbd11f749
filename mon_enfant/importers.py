"""School import: the national "adresse et géolocalisation des établissements d'enseignement" CSV and
a simple CSV of our own (documented in docs/formats.md).

The whole file is validated first; any error refuses the file, with line numbers, and changes nothing.
Re-importing updates schools by UAI. ``dry_run`` runs everything in a transaction that is rolled back,
so the report says exactly what a real import would do.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from .csvfiles import CommuneCounts, ImportFileError, LineError, bounded_integer, read_csv, require_columns
from .echo import echo
from .models import Commune, School, SchoolLevel, SchoolSector
from .validators import ascii_decimal, is_valid_insee, is_valid_postcode, is_valid_uai

NATIONAL_COLUMNS = {
    "uai": "Code établissement",
    "name": "Appellation officielle",
    "sector": "Secteur Public/Privé",
    "address": "Adresse",
    "postcode": "Code postal",
    "city": "Localite d'acheminement",
    "commune_name": "Commune",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "nature_code": "Code nature",
    "nature": "Nature",
    "code_insee": "Code commune",
}
NATIONAL_OPTIONAL = {"city", "nature"}
NATIONAL_STATE_COLUMN = "Etat établissement"

SIMPLE_COLUMNS = {
    "uai": "uai",
    "name": "nom",
    "level": "niveau",
    "sector": "secteur",
    "address": "adresse",
    "postcode": "code_postal",
    "city": "localite",
    "code_insee": "code_insee",
    "commune_name": "commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "phone": "telephone",
    "email": "courriel",
    "website": "site_web",
    "ent_url": "ent",
    "director": "direction",
    "opening_hours": "horaires",
    "accessibility": "accessibilite",
}
SIMPLE_REQUIRED = ["uai", "nom", "niveau", "code_insee"]

LEVEL_WORDS = {
    "maternelle": SchoolLevel.MATERNELLE,
    "elementaire": SchoolLevel.ELEMENTAIRE,
    "élémentaire": SchoolLevel.ELEMENTAIRE,
    "primaire": SchoolLevel.PRIMAIRE,
    "college": SchoolLevel.COLLEGE,
    "collège": SchoolLevel.COLLEGE,
}
SECTOR_WORDS = {"public": SchoolSector.PUBLIC, "prive": SchoolSector.PRIVATE, "privé": SchoolSector.PRIVATE}


def level_from_nature(code, label):
    """Map the national "Code nature" (101 école maternelle, 151-153 élémentaire, 340-352 collège)
    to a level; None for what the app does not handle (lycées, EREA...)."""
    number = bounded_integer(code, 3)
    if number is not None:
        if 100 <= number < 150:
            return SchoolLevel.MATERNELLE
        if 150 <= number < 200:
            return SchoolLevel.ELEMENTAIRE
        if 340 <= number < 360:
            return SchoolLevel.COLLEGE
        return None
    label = (label or "").upper()
    for word, level in (("MATERNELLE", SchoolLevel.MATERNELLE), ("ELEMENTAIRE", SchoolLevel.ELEMENTAIRE),
                        ("PRIMAIRE", SchoolLevel.PRIMAIRE), ("COLLEGE", SchoolLevel.COLLEGE)):
        if word in label:
            return level
    return None


def parse_coordinate(text, low, high, label):
    """A WGS84 coordinate, stored with 6 decimals (about 10 cm); empty means unknown."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    value = ascii_decimal(text)
    if value is None:
        raise ValueError(_("%(label)s « %(value)s » n'est pas un nombre.") % {"label": label, "value": echo(text)})
    if not low <= value <= high:
        raise ValueError(
            _("%(label)s « %(value)s » hors de l'intervalle [%(low)s, %(high)s].")
            % {"label": label, "value": echo(text), "low": low, "high": high}
        )
    return value.quantize(Decimal("0.000001"))


@dataclass
class SchoolImportReport(CommuneCounts):
    format: str = ""
    dry_run: bool = False
    rows_read: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped_levels: list = field(default_factory=list)
    skipped_closed: list = field(default_factory=list)
    without_coordinates: list = field(default_factory=list)

    def summary_lines(self):
        lines = [
            _("Format : %(format)s.") % {"format": self.format},
            _("%(count)s lignes lues.") % {"count": self.rows_read},
            _("%(count)s écoles créées, %(updated)s mises à jour, %(same)s inchangées.")
            % {"count": len(self.created), "updated": len(self.updated), "same": len(self.unchanged)},
        ]
        lines.extend(self.commune_lines())
        for line, uai, nature in self.skipped_levels:
            lines.append(
                _("Ligne %(line)s : %(uai)s ignoré, niveau non géré (%(nature)s).")
                % {"line": line, "uai": uai, "nature": echo(nature) or "?"}
            )
        for line, uai in self.skipped_closed:
            lines.append(_("Ligne %(line)s : %(uai)s ignoré, établissement fermé.") % {"line": line, "uai": uai})
        if self.without_coordinates:
            lines.append(
                _("Sans coordonnées (absentes de la carte) : %(list)s.")
                % {"list": ", ".join(self.without_coordinates)}
            )
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


def _detect_format(table):
    if NATIONAL_COLUMNS["uai"] in table.columns:
        require_columns(
            table,
            [col for key, col in NATIONAL_COLUMNS.items() if key not in NATIONAL_OPTIONAL],
            format_name=_("national (établissements d'enseignement)"),
        )
        return "national"
    if "uai" in table.columns:
        require_columns(table, SIMPLE_REQUIRED, format_name=_("simple (écoles)"))
        return "simple"
    raise ImportFileError(
        [
            LineError(
                1,
                _(
                    "en-tête non reconnu : attendu le fichier national (colonne « Code établissement ») "
                    "ou le format simple (colonnes %(columns)s)."
                )
                % {"columns": ", ".join(SIMPLE_REQUIRED)},
            )
        ]
    )


def _row_fields(fmt, values):
    columns = NATIONAL_COLUMNS if fmt == "national" else SIMPLE_COLUMNS
    return {key: values.get(column, "").strip() for key, column in columns.items()}


def _validate_row(fmt, row, errors, report):
    """Return the cleaned fields of a row, or None when the row is skipped (errors are appended)."""
    data = _row_fields(fmt, row.values)
    problems = []
    uai = data["uai"].upper()
    if not is_valid_uai(uai):
        problems.append(_("code UAI « %(uai)s » invalide (7 chiffres et une lettre).") % {"uai": echo(data["uai"])})
    if not data["name"]:
        problems.append(_("nom de l'établissement manquant."))
    code_insee = data["code_insee"].upper()
    if not is_valid_insee(code_insee):
        problems.append(_("code INSEE « %(code)s » invalide.") % {"code": echo(data["code_insee"])})
    if fmt == "national":
        level = level_from_nature(data["nature_code"], data.get("nature"))
        if level is None and not problems:
            report.skipped_levels.append((row.line, uai, data.get("nature") or data["nature_code"]))
            return None
        if "FERME" in row.values.get(NATIONAL_STATE_COLUMN, "").upper():
            report.skipped_closed.append((row.line, uai))
            return None
    else:
        level = LEVEL_WORDS.get(data["level"].lower())
        if level is None:
            problems.append(
                _("niveau « %(level)s » inconnu (maternelle, elementaire, primaire ou college).")
                % {"level": echo(data["level"])}
            )
    sector_text = data.get("sector", "").lower()
    sector = SECTOR_WORDS.get(sector_text, SchoolSector.PUBLIC if not sector_text else None)
    if sector is None:
        problems.append(_("secteur « %(value)s » inconnu (public ou privé).") % {"value": echo(data["sector"])})
    coordinates = {}
    for key, low, high, label in (("latitude", -90, 90, _("Latitude")), ("longitude", -180, 180, _("Longitude"))):
        try:
            coordinates[key] = parse_coordinate(data[key], low, high, label)
        except ValueError as exc:
            problems.append(str(exc))
    if (coordinates.get("latitude") is None) != (coordinates.get("longitude") is None) and len(coordinates) == 2:
        problems.append(_("latitude et longitude doivent être renseignées ensemble."))
    if data.get("postcode") and not is_valid_postcode(data["postcode"]):
        problems.append(_("code postal « %(value)s » invalide.") % {"value": echo(data["postcode"])})
    _check_contact_fields(data, problems)
    for problem in problems:
        errors.append(LineError(row.line, problem))
    if problems:
        return None
    cleaned = {
        "uai": uai,
        "name": data["name"][:200],
        "level": level,
        "sector": sector,
        "address": data.get("address", "")[:255],
        "postcode": data.get("postcode", ""),
        "city": (data.get("city") or data.get("commune_name", ""))[:120],
        "latitude": coordinates["latitude"],
        "longitude": coordinates["longitude"],
        "code_insee": code_insee,
        "commune_name": data.get("commune_name") or code_insee,
    }
    for optional in ("phone", "email", "website", "ent_url", "director", "opening_hours", "accessibility"):
        if data.get(optional):
            cleaned[optional] = data[optional]
    return cleaned


def _check_contact_fields(data, problems):
    # Refused here, with the line, rather than by the database (PostgreSQL raises on a value too long).
    for key in ("phone", "email", "website", "ent_url", "director"):
        model_field = School._meta.get_field(key)
        if len(data.get(key) or "") > model_field.max_length:
            problems.append(
                _("%(label)s : %(max)s caractères au plus (%(count)s trouvés).")
                % {"label": model_field.verbose_name, "max": model_field.max_length, "count": len(data[key])}
            )
    for key, validator, label in (
        ("email", EmailValidator(), _("courriel")),
        ("website", URLValidator(schemes=["http", "https"]), _("site web")),
        ("ent_url", URLValidator(schemes=["http", "https"]), _("adresse de l'ENT")),
    ):
        if data.get(key):
            try:
                validator(data[key])
            except ValidationError:
                problems.append(_("%(label)s « %(value)s » invalide.") % {"label": label, "value": echo(data[key])})


SCHOOL_FIELDS = [
    "name", "level", "sector", "address", "postcode", "city", "latitude", "longitude",
    "phone", "email", "website", "ent_url", "director", "opening_hours", "accessibility",
]


def import_schools(data: bytes, *, communes=None, create_communes=False, allowed_communes=None,
                   dry_run=False) -> SchoolImportReport:
    """Import schools from a CSV file's bytes.

    ``communes``: INSEE codes to keep (others are skipped). ``allowed_communes``: when given (an editor's
    upload), rows of other communes are skipped and reported, and no commune may be created.
    Raises :class:`ImportFileError` listing every problem; then nothing has changed.
    """
    table = read_csv(data)
    fmt = _detect_format(table)
    report = SchoolImportReport(format=fmt, dry_run=dry_run, rows_read=len(table.rows))
    keep = {code.upper() for code in communes} if communes else None
    errors, valid, seen = [], [], {}
    for row in table.rows:
        cleaned = _validate_row(fmt, row, errors, report)
        if cleaned is None:
            continue
        if cleaned["uai"] in seen:
            errors.append(
                LineError(
                    row.line,
                    _("le code UAI %(uai)s figure déjà ligne %(other)s.")
                    % {"uai": cleaned["uai"], "other": seen[cleaned["uai"]]},
                )
            )
            continue
        seen[cleaned["uai"]] = row.line
        valid.append(cleaned)
    if errors:
        raise ImportFileError(errors)

    existing_communes = {c.code_insee: c for c in Commune.objects.all()}
    allowed = None if allowed_communes is None else {c.code_insee for c in allowed_communes}
    with transaction.atomic():
        existing_schools = {s.uai: s for s in School.objects.filter(uai__in=seen)}
        for cleaned in valid:
            code = cleaned.pop("code_insee")
            commune_name = cleaned.pop("commune_name")
            if keep is not None and code not in keep:
                report.skipped_filtered += 1
                continue
            if allowed is not None and code not in allowed:
                report.skipped_not_allowed[code] += 1
                continue
            commune = existing_communes.get(code)
            if commune is None:
                if not create_communes or allowed is not None:
                    report.skipped_unknown_communes[code] += 1
                    continue
                commune = Commune.objects.create(code_insee=code, name=commune_name)
                existing_communes[code] = commune
                report.communes_created.append(str(commune))
            if cleaned["latitude"] is None:
                report.without_coordinates.append(cleaned["uai"])
            school = existing_schools.get(cleaned["uai"])
            if school is None:
                School.objects.create(commune=commune, **cleaned)
                report.created.append(cleaned["uai"])
                continue
            changed = school.commune_id != commune.pk
            school.commune = commune
            for name in SCHOOL_FIELDS:
                if name in cleaned and getattr(school, name) != cleaned[name]:
                    setattr(school, name, cleaned[name])
                    changed = True
            if changed:
                school.full_clean(validate_unique=False)
                school.save()
                report.updated.append(cleaned["uai"])
            else:
                report.unchanged.append(cleaned["uai"])
        if dry_run:
            transaction.set_rollback(True)
    return report
