"""Places in from a CSV table or a GeoJSON FeatureCollection of Points, and out as GeoJSON (see
docs/places.md for the columns, which are the GeoJSON properties too: an export imports back).

The whole file is read and checked before anything is written: every problem is reported with its line
(CSV) or feature number (GeoJSON) — a feature without a point, coordinates outside France or given
latitude first, an unknown category, a malformed phone, email, URL, age or opening hours, a key given
twice — and then nothing changes. A place is found again by its key in its commune (``identifiant``, or the
name's slug): a new import updates it, never duplicates it; places absent from the file are kept. A place
without coordinates gets those of its address from the commune's address index when it knows it. Writing
is a constant number of queries per batch (bulk inserts and updates), plus, for a place given by its address
only, the address index's lookups (one to three queries); all in one transaction; ``dry_run`` rolls it back,
so the report says exactly what the import would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mon_enfant.addresses.geocoding import LocalGeocoder
from mon_enfant.addresses.parsing import parse_address
from mon_enfant.csvfiles import CommuneCounts, ImportFileError, LineError, decode, read_csv, require_columns
from mon_enfant.echo import echo
from mon_enfant.geojson import looks_like_geojson, read_features
from mon_enfant.importers import parse_coordinate
from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.validators import is_valid_insee

from . import logic, wording
from .models import ClosurePeriod, OpeningSlot, Place, PlaceCategory

REQUIRED_COLUMNS = ["nom", "categorie"]
FORMAT_CSV = "CSV lieux"
FORMAT_GEOJSON = "GeoJSON"
TEXT_LIMITS = {
    "identifiant": 60, "nom": 200, "description": 4000, "adresse": 255, "ville": 120, "courriel": 254,
    "site_web": 200, "precision_horaires": 200, "accessibilite": 2000,
}
PLACE_FIELDS = ["name", "category", "description", "address", "postcode", "city", "latitude", "longitude",
                "phone", "email", "website", "age_min", "age_max", "hours_note", "accessibility", "responsible_body"]
RESPONSIBLE_CODES = {code for code, _label in ResponsibleBody.choices}
_validate_email = EmailValidator()
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class PlaceRow:
    line: int | None  # CSV line
    feature: int | None  # GeoJSON feature number
    code_insee: str
    key: str
    values: dict  # Place field -> value
    slots: list
    closures: list


@dataclass
class PlaceImportReport(CommuneCounts):
    format: str = ""
    dry_run: bool = False
    rows_read: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    located_from_address: list = field(default_factory=list)
    without_position: list = field(default_factory=list)
    schools_skipped: int = 0

    def summary_lines(self):
        lines = [
            _("Format : %(format)s.") % {"format": self.format},
            _("%(count)s lieux lus.") % {"count": self.rows_read},
            _("%(count)s lieux créés, %(updated)s mis à jour, %(same)s inchangés.")
            % {"count": len(self.created), "updated": len(self.updated), "same": len(self.unchanged)},
        ]
        if self.schools_skipped:
            lines.append(_("%(count)s écoles ignorées : elles viennent de l'annuaire des écoles.")
                         % {"count": self.schools_skipped})
        if self.located_from_address:
            lines.append(_("Placés d'après leur adresse : %(list)s.") % {"list": ", ".join(self.located_from_address)})
        if self.without_position:
            lines.append(_("Sans position (dans la liste, absents de la carte) : %(list)s.")
                         % {"list": ", ".join(self.without_position)})
        lines.extend(self.commune_lines())
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


# --- Reading ------------------------------------------------------------------------------------------


def _text(values, column, problems, required=False):
    raw = values.get(column)
    text = "" if raw is None else " ".join(str(raw).split()) if column != "description" else str(raw).strip()
    if required and not text:
        problems.append(_("%(column)s est obligatoire.") % {"column": column})
    limit = TEXT_LIMITS.get(column)
    if limit and len(text) > limit:
        problems.append(_("%(column)s : %(max)s caractères au plus (%(count)s trouvés).")
                        % {"column": column, "max": limit, "count": len(text)})
    return text


def _logic(values, column, problems, parse):
    try:
        return parse(_text(values, column, problems))
    except logic.PlaceValueError as exc:
        problems.append(wording.value_error(exc, column))
        return None


def _coordinate(values, column, low, high, problems):
    raw = values.get(column)
    try:
        return parse_coordinate("" if raw is None else str(raw), low, high, column)
    except ValueError as exc:
        problems.append(str(exc))
        return None


def read_row(values, categories, default_commune, problems, point=None):
    """A :class:`PlaceRow`'s fields from one row's ``values`` (CSV cells, or GeoJSON properties), adding what
    is wrong to ``problems``. ``point``: the GeoJSON geometry's (latitude, longitude)."""
    code_insee = _text(values, "code_insee", problems).upper() or (default_commune or "")
    if code_insee and not is_valid_insee(code_insee):
        problems.append(_("code_insee : code INSEE « %(value)s » invalide.") % {"value": echo(code_insee)})
    name = _text(values, "nom", problems, required=True)
    key = _text(values, "identifiant", problems)
    key = logic.slug_key(key or name)
    if name and not key:
        problems.append(_("identifiant : donnez un identifiant fait de lettres ou de chiffres."))
    category_text = _text(values, "categorie", problems, required=True)
    category = categories.get(logic.fold(category_text))
    if category_text and category is None:
        problems.append(_("categorie « %(value)s » inconnue ; les catégories sont : %(list)s.") % {
            "value": echo(category_text), "list": ", ".join(sorted({c.code for c in categories.values()}))})
    elif category is not None and category.for_schools:
        problems.append(_("categorie « %(value)s » : les écoles viennent de l'annuaire des écoles, ne les "
                          "importez pas ici.") % {"value": echo(category_text)})
    if point is None:
        latitude = _coordinate(values, "latitude", -90, 90, problems)
        longitude = _coordinate(values, "longitude", -180, 180, problems)
        if (latitude is None) != (longitude is None) and not any("itude" in p for p in problems):
            problems.append(_("latitude et longitude : donnez les deux, ou aucune."))
    else:
        latitude, longitude = point
    if latitude is not None and longitude is not None:
        try:
            logic.check_position(latitude, longitude)
        except logic.PlaceValueError as exc:
            problems.append(wording.value_error(exc))
    postcode = _text(values, "code_postal", problems)
    if postcode and not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
        problems.append(_("code_postal « %(value)s » : 5 chiffres attendus.") % {"value": echo(postcode)})
    email = _text(values, "courriel", problems)
    if email:
        try:
            _validate_email(email)
        except ValidationError:
            problems.append(_("courriel « %(value)s » n'est pas une adresse électronique.") % {"value": echo(email)})
    website = _text(values, "site_web", problems)
    if website:
        try:
            _validate_url(website)
        except ValidationError:
            problems.append(_("site_web « %(value)s » n'est pas une adresse https://….") % {"value": echo(website)})
    age_min = _logic(values, "age_min", problems, logic.parse_age)
    age_max = _logic(values, "age_max", problems, logic.parse_age)
    try:
        logic.check_age_range(age_min, age_max)
    except logic.PlaceValueError as exc:
        problems.append(wording.value_error(exc, "age_max"))
    responsible = _text(values, "gestionnaire", problems).lower() or ResponsibleBody.MAIRIE
    if responsible not in RESPONSIBLE_CODES:
        problems.append(_("gestionnaire « %(value)s » inconnu ; valeurs possibles : %(list)s.") % {
            "value": echo(responsible), "list": ", ".join(sorted(RESPONSIBLE_CODES))})
    fields = {
        "name": name,
        "category": category,
        "description": _text(values, "description", problems),
        "address": _text(values, "adresse", problems),
        "postcode": postcode,
        "city": _text(values, "ville", problems),
        "latitude": latitude,
        "longitude": longitude,
        "phone": _logic(values, "telephone", problems, logic.normalise_phone) or "",
        "email": email,
        "website": website,
        "age_min": age_min,
        "age_max": age_max,
        "hours_note": _text(values, "precision_horaires", problems),
        "accessibility": _text(values, "accessibilite", problems),
        "responsible_body": responsible,
    }
    slots = _logic(values, "horaires", problems, logic.parse_week_hours) or []
    closures = _logic(values, "fermetures", problems, logic.parse_closures) or []
    return code_insee, key, fields, slots, closures


def _categories():
    """Categories by folded code and by folded label (a code wins over another category's label)."""
    categories = list(PlaceCategory.objects.all())
    found = {logic.fold(category.label): category for category in categories}
    found.update((logic.fold(category.code), category) for category in categories)
    return found


def _read_csv(data, categories, default_commune, report, errors):
    table = read_csv(data)
    require_columns(table, REQUIRED_COLUMNS, format_name=FORMAT_CSV)
    report.format, report.rows_read = FORMAT_CSV, len(table.rows)
    rows = []
    for row in table.rows:
        problems = []
        code, key, fields, slots, closures = read_row(row.values, categories, default_commune, problems)
        if problems:
            errors.extend(LineError(row.line, problem) for problem in problems)
        else:
            rows.append(PlaceRow(row.line, None, code, key, fields, slots, closures))
    return rows


def _read_geojson(data, categories, default_commune, report, errors):
    features = read_features(decode(data))
    report.format, report.rows_read = FORMAT_GEOJSON, len(features)
    rows = []
    for number, feature in enumerate(features, start=1):
        where = _("Lieu n° %(number)s") % {"number": number}
        problems = []
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(LineError(None, f"{where} : " + _("une Feature est attendue.")))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            errors.append(LineError(None, f"{where} : " + _("« properties » doit être un objet.")))
            continue
        properties = {str(key).lower(): value for key, value in properties.items()}
        if isinstance(properties.get("nom"), str) and properties["nom"].strip():
            where = _("Lieu n° %(number)s (« %(name)s »)") % {"number": number, "name": echo(properties["nom"].strip())}
        if str(properties.get("source") or "").lower() == "ecole":
            report.schools_skipped += 1
            continue
        point = _point(feature.get("geometry"), problems)
        for name, value in properties.items():
            if isinstance(value, (dict, list)):
                problems.append(_("%(column)s : un texte ou un nombre est attendu.") % {"column": echo(name)})
                properties[name] = ""
            elif isinstance(value, bool):
                properties[name] = ""
        code, key, fields, slots, closures = read_row(properties, categories, default_commune, problems,
                                                      point=point or (None, None))
        if problems:
            errors.extend(LineError(None, f"{where} : {problem}") for problem in problems)
        elif point is not None:
            rows.append(PlaceRow(None, number, code, key, fields, slots, closures))
    return rows


def _point(geometry, problems):
    """(latitude, longitude) of a GeoJSON Point geometry (longitude first), or None with the problem."""
    if not isinstance(geometry, dict):
        problems.append(_("pas de géométrie : un point (« Point ») est attendu."))
        return None
    if geometry.get("type") != "Point":
        problems.append(_("géométrie « %(type)s » : un point (« Point ») est attendu.") % {
            "type": echo(str(geometry.get("type")))})
        return None
    position = geometry.get("coordinates")
    if not isinstance(position, list) or len(position) not in (2, 3) or not all(
            isinstance(value, (int, float)) and not isinstance(value, bool) for value in position):
        problems.append(_("coordonnées du point : [longitude, latitude] attendues."))
        return None
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        problems.append(_("coordonnées [%(lon)s, %(lat)s] hors des bornes de la Terre.") % {
            "lon": echo(longitude), "lat": echo(latitude)})
        return None
    quantum = Decimal("0.000001")
    return Decimal(str(latitude)).quantize(quantum), Decimal(str(longitude)).quantize(quantum)


# --- Importing ----------------------------------------------------------------------------------------


def import_places(data: bytes, *, commune=None, allowed_communes=None, dry_run=False) -> PlaceImportReport:
    """Import a CSV or GeoJSON file's bytes (told apart by their first character).

    ``commune``: the INSEE code of the places' commune when the file does not say (``code_insee``); rows of
    other communes are then skipped. ``allowed_communes``: when given (an editor's upload), rows of other
    communes are skipped and reported. Raises :class:`ImportFileError` listing every problem; then nothing
    has changed.
    """
    default_commune = commune.strip().upper() if commune else None
    if default_commune is not None and not is_valid_insee(default_commune):
        raise ImportFileError([LineError(None, _("Code INSEE « %(code)s » invalide.") % {"code": echo(commune)})])
    report = PlaceImportReport(dry_run=dry_run)
    categories = _categories()
    errors = []
    reader = _read_geojson if looks_like_geojson(data) else _read_csv
    rows = reader(data, categories, default_commune, report, errors)
    seen = {}
    for row in rows:
        if not row.code_insee:
            errors.append(_located(row, _("commune du lieu inconnue : renseignez code_insee, ou choisissez la "
                                          "commune de l'import.")))
            continue
        first = seen.setdefault((row.code_insee, row.key), row)
        if first is not row:
            other = first.line if first.line is not None else first.feature
            errors.append(_located(row, _("l'identifiant « %(key)s » est déjà celui du lieu %(other)s.")
                                   % {"key": row.key, "other": other}))
    if errors:
        raise ImportFileError(errors)

    communes = {item.code_insee: item for item in Commune.objects.all()}
    allowed = None if allowed_communes is None else {item.code_insee for item in allowed_communes}
    kept = []
    for row in rows:
        if default_commune is not None and row.code_insee != default_commune:
            report.skipped_filtered += 1
        elif row.code_insee not in communes:
            report.skipped_unknown_communes[row.code_insee] += 1
        elif allowed is not None and row.code_insee not in allowed:
            report.skipped_not_allowed[row.code_insee] += 1
        else:
            kept.append(row)
    with transaction.atomic():
        _write(kept, communes, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _located(row, message):
    if row.line is not None:
        return LineError(row.line, message)
    return LineError(None, _("Lieu n° %(number)s : %(message)s") % {"number": row.feature, "message": message})


def _write(rows, communes, report):
    existing = {(place.commune_id, place.key): place
                for place in Place.objects.filter(commune__in={communes[row.code_insee].pk for row in rows})
                .select_related("category").prefetch_related("opening_slots", "closures")}
    geocoder = LocalGeocoder()
    now = timezone.now()
    created, updated, touched = [], [], []
    for row in rows:
        commune = communes[row.code_insee]
        values = row.values
        if values["latitude"] is None and values["address"]:
            found = geocoder.geocode(commune.code_insee, parse_address(values["address"]))
            if found is not None:
                quantum = Decimal("0.000001")
                values["latitude"] = Decimal(str(found.latitude)).quantize(quantum)
                values["longitude"] = Decimal(str(found.longitude)).quantize(quantum)
                report.located_from_address.append(values["name"])
        if values["latitude"] is None:
            report.without_position.append(values["name"])
        place = existing.get((commune.pk, row.key))
        hours_text = (logic.format_week_hours(row.slots), logic.format_closures(row.closures))
        if place is None:
            place = Place(commune=commune, key=row.key, **values)
            created.append(place)
            report.created.append(values["name"])
        else:
            same_fields = all(getattr(place, name) == value for name, value in values.items())
            if same_fields and hours_text == (logic.format_week_hours(place.week_slots()),
                                              logic.format_closures(place.closure_periods())):
                report.unchanged.append(values["name"])
                continue
            for name, value in values.items():
                setattr(place, name, value)
            place.updated_at = now  # bulk_update does not apply auto_now
            updated.append(place)
            report.updated.append(values["name"])
        touched.append((place, row))
    Place.objects.bulk_create(created, batch_size=500)
    if updated:
        Place.objects.bulk_update(updated, PLACE_FIELDS + ["updated_at"], batch_size=500)
    ids = [place.pk for place, _row in touched]
    OpeningSlot.objects.filter(place_id__in=ids).delete()
    ClosurePeriod.objects.filter(place_id__in=ids).delete()
    OpeningSlot.objects.bulk_create(
        [OpeningSlot(place=place, weekday=slot.weekday, opens=slot.opens, closes=slot.closes, sort_order=rank)
         for place, row in touched for rank, slot in enumerate(row.slots)], batch_size=1000)
    ClosurePeriod.objects.bulk_create(
        [ClosurePeriod(place=place, start=closure.start, end=closure.end, hours=logic.ranges_text(closure.hours),
                       label=closure.label, sort_order=rank)
         for place, row in touched for rank, closure in enumerate(row.closures)], batch_size=1000)
