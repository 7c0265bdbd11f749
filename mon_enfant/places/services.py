"""The Django layer of the services map: the places (and the commune's schools) as parents read them, their
filters, distances from an address, the GeoJSON export and its version, the family section and the school page's
section.

A page reads its places in a constant number of queries, whatever their number: the candidates' light rows
(to filter, sort by name or distance, and count), then the full rows of the page shown, with their
categories, opening hours and exceptions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mon_enfant.addresses.display import fill_display_addresses
from mon_enfant.addresses.geocoding import BACKEND_LOCAL, LocalGeocoder, geocoder_config, get_geocoder
from mon_enfant.addresses.parsing import parse_address
from mon_enfant.conf import get_setting
from mon_enfant.features import FamilySection, SchoolSection
from mon_enfant.models import ResponsibleBody, School, SchoolLevel
from mon_enfant.privacy import get_logger

from . import logic, wording
from .mapping import map_options
from .models import ClosurePeriod, OpeningSlot, Place, PlaceCategory

logger = get_logger(__name__)

PLACE = "place"
SCHOOL = "school"
# The ages a school's pupils usually have, for the age filter.
SCHOOL_AGES = {
    SchoolLevel.MATERNELLE: (2, 6),
    SchoolLevel.ELEMENTAIRE: (6, 11),
    SchoolLevel.PRIMAIRE: (2, 11),
    SchoolLevel.COLLEGE: (11, 15),
}
RESPONSIBLE_LABELS = dict(ResponsibleBody.choices)


def now():
    return timezone.localtime()


def categories():
    """Every category, in display order (one query)."""
    return list(PlaceCategory.objects.all())


@dataclass
class Candidate:
    """One row of the list before it is shown: enough to filter, sort and count."""

    kind: str
    pk: int
    name: str
    category_id: int
    latitude: float | None
    longitude: float | None
    distance: float | None = None

    @property
    def sort_name(self):
        return logic.fold(self.name)


@dataclass
class PlaceView:
    """A place or a school as the list, the popup and the JSON-LD show it."""

    kind: str
    anchor: str
    key: str  # the place's key, a school's UAI
    pk: int
    commune_code: str
    name: str
    category: PlaceCategory
    latitude: float | None
    longitude: float | None
    description: str = ""
    address: str = ""  # as read: "12 rue de Rocabey, 35400 Saint-Malo"
    address_parts: tuple = ("", "", "")  # street address, postcode, city (the export's columns)
    phone: str = ""
    email: str = ""
    website: str = ""
    age_min: int | None = None
    age_max: int | None = None
    hours_note: str = ""
    accessibility: str = ""
    responsible_body: str = ""
    slots: list = field(default_factory=list)
    closures: list = field(default_factory=list)
    hours_text: str = ""  # a school's free text
    school: School | None = None
    distance: float | None = None
    moment: object = None

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def phone_uri(self):
        return logic.phone_uri(self.phone) if self.phone else ""

    @property
    def ages(self):
        return wording.ages_text(self.age_min, self.age_max)

    @cached_property
    def week_lines(self):
        return wording.week_lines(self.slots)

    @property
    def upcoming_closures(self):
        """The exceptions that are not over, the next five."""
        today = self.moment.date()
        return [wording.closure_line(closure) for closure in self.closures if closure.end >= today][:5]

    @cached_property
    def status(self):
        return logic.opening_status(self.slots, self.closures, self.moment.replace(tzinfo=None))

    @cached_property
    def status_text(self):
        return wording.status_text(self.status, self.moment.date())

    @property
    def is_open(self):
        return self.status.code == logic.OPEN

    @property
    def distance_text(self):
        return wording.distance_text(self.distance) if self.distance is not None else ""

    @property
    def responsible_label(self):
        return RESPONSIBLE_LABELS.get(self.responsible_body, "")

    @property
    def directions_url(self):
        if not self.has_position:
            return ""
        return get_setting("MON_ENFANT_PLACES_DIRECTIONS_URL").format(lat=self.latitude, lon=self.longitude)

    def map_data(self):
        """What the map's script needs for the marker and its popup (the list holds the rest)."""
        return {
            "id": self.anchor,
            "name": self.name,
            "category": self.category.label,
            "colour": self.category.colour,
            "lat": self.latitude,
            "lon": self.longitude,
            "address": self.address,
            "status": self.status_text,
            "distance": self.distance_text,
        }

    def json_ld(self):
        """schema.org: a ``Place`` (``School`` for a school) with its opening hours."""
        data = {"@type": "School" if self.kind == SCHOOL else "CivicStructure", "name": self.name}
        if self.address:
            data["address"] = self.address
        if self.has_position:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": self.latitude, "longitude": self.longitude}
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.website:
            data["url"] = self.website
        specs = [{"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{DAY_URIS[days]}",
                  "opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")}
                 for days, opens, closes in ((slot.weekday, slot.opens, slot.closes) for slot in self.slots)]
        for closure in self.closures:
            hours = closure.hours or (("00:00", "00:00"),)
            for opens, closes in hours:
                specs.append({"@type": "OpeningHoursSpecification", "validFrom": closure.start.isoformat(),
                              "validThrough": closure.end.isoformat(),
                              "opens": opens if isinstance(opens, str) else opens.strftime("%H:%M"),
                              "closes": closes if isinstance(closes, str) else closes.strftime("%H:%M")})
        if specs:
            data["openingHoursSpecification"] = specs
        return data


DAY_URIS = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"}


def _float(value):
    return None if value is None else float(value)


# --- Reading ------------------------------------------------------------------------------------------


def candidates(communes, all_categories, chosen=(), age=None):
    """The places and schools of ``communes`` in the ``chosen`` categories (all when empty) that welcome a
    child of ``age``: two queries (places, schools)."""
    by_code = {category.code: category for category in all_categories}
    wanted = [by_code[code] for code in chosen if code in by_code] or list(all_categories)
    place_categories = [category.pk for category in wanted if not category.for_schools]
    school_category = next((category for category in wanted if category.for_schools), None)
    found = []
    if place_categories:
        places = Place.objects.filter(commune__in=communes, category_id__in=place_categories)
        if age is not None:
            places = places.filter(Q(age_min__isnull=True) | Q(age_min__lte=age),
                                   Q(age_max__isnull=True) | Q(age_max__gte=age))
        found.extend(Candidate(PLACE, pk, name, category, _float(lat), _float(lon))
                     for pk, name, category, lat, lon in
                     places.values_list("pk", "name", "category_id", "latitude", "longitude"))
    if school_category is not None:
        schools = School.objects.filter(commune__in=communes).values_list("pk", "name", "level", "latitude",
                                                                           "longitude")
        for pk, name, level, lat, lon in schools:
            low, high = SCHOOL_AGES.get(level, (None, None))
            if age is None or logic.welcomes_age(low, high, age):
                found.append(Candidate(SCHOOL, pk, name, school_category.pk, _float(lat), _float(lon)))
    return found


def sort_candidates(found, all_categories, point=None):
    """By distance from ``point`` (places without a position last), else by category then name."""
    if point is not None:
        for candidate in found:
            if candidate.latitude is not None and candidate.longitude is not None:
                candidate.distance = logic.distance_m(point[0], point[1], candidate.latitude, candidate.longitude)
        return sorted(found, key=lambda c: (c.distance is None, c.distance or 0, c.sort_name))
    order = {category.pk: rank for rank, category in enumerate(all_categories)}
    return sorted(found, key=lambda c: (order.get(c.category_id, 999), c.sort_name))


def place_views(chosen, all_categories, moment=None):
    """The views of the candidates ``chosen`` (a page of the list), in their order: at most four queries
    (places, their hours, their exceptions, schools), whatever their number."""
    by_id = {category.pk: category for category in all_categories}
    place_ids = [c.pk for c in chosen if c.kind == PLACE]
    school_ids = [c.pk for c in chosen if c.kind == SCHOOL]
    places = {view.pk: view for view in read_places(Place.objects.filter(pk__in=place_ids), by_id, moment)} \
        if place_ids else {}
    schools = {school.pk: school for school in
               School.objects.filter(pk__in=school_ids).select_related("commune")} if school_ids else {}
    fill_display_addresses(list(schools.values()))
    views = []
    for candidate in chosen:
        if candidate.kind == PLACE and candidate.pk in places:
            view = places[candidate.pk]
        elif candidate.kind == SCHOOL and candidate.pk in schools:
            view = view_of_school(schools[candidate.pk], by_id[candidate.category_id], moment or now())
        else:
            continue
        view.distance = candidate.distance
        views.append(view)
    return views


# What a view reads of a place: plain rows (no model instance is built, which costs more than the query).
PLACE_COLUMNS = ["pk", "key", "commune_id", "commune__code_insee", "name", "category_id", "latitude", "longitude",
                 "description", "address", "postcode", "city", "phone", "email", "website", "age_min", "age_max",
                 "hours_note", "accessibility", "responsible_body"]


def read_places(places, categories_by_id, moment=None):
    """The views of the ``places`` queryset, in its order, with their week's hours and exceptions: three
    queries whatever their number (the hours are selected through the same filter, not a list of ids)."""
    moment = moment or now()
    slots, closures = defaultdict(list), defaultdict(list)
    for place_id, weekday, opens, closes in OpeningSlot.objects.filter(place__in=places.values("pk")).values_list(
            "place_id", "weekday", "opens", "closes"):
        slots[place_id].append(logic.Slot(weekday, opens, closes))
    for place_id, start, end, hours, label in ClosurePeriod.objects.filter(place__in=places.values("pk")).values_list(
            "place_id", "start", "end", "hours", "label"):
        closures[place_id].append(logic.Closure(start, end, tuple(logic.parse_time_ranges(hours)) if hours else (),
                                                label))
    return [view_of_place(row, categories_by_id, moment, sorted(slots[row.pk]),
                          sorted(closures[row.pk], key=logic.closure_order))
            for row in places.values_list(*PLACE_COLUMNS, named=True)]


def view_of_place(row, categories_by_id, moment, slots, closures):
    """A place's view from its row (:data:`PLACE_COLUMNS`) and its hours."""
    address = ", ".join(part for part in (row.address, " ".join(filter(None, (row.postcode, row.city)))) if part)
    return PlaceView(
        kind=PLACE, anchor=f"lieu-{row.commune_id}-{row.key}", key=row.key, pk=row.pk,
        commune_code=row.commune__code_insee, name=row.name,
        category=categories_by_id[row.category_id], latitude=_float(row.latitude),
        longitude=_float(row.longitude), description=row.description, address=address,
        address_parts=(row.address, row.postcode, row.city), phone=row.phone,
        email=row.email, website=row.website, age_min=row.age_min, age_max=row.age_max,
        hours_note=row.hours_note, accessibility=row.accessibility, responsible_body=row.responsible_body,
        slots=slots, closures=closures, moment=moment,
    )


def view_of_school(school, category, moment):
    low, high = SCHOOL_AGES.get(school.level, (None, None))
    return PlaceView(
        kind=SCHOOL, anchor=f"ecole-{school.uai}", key=school.uai, pk=school.pk, commune_code=school.commune.code_insee,
        name=school.name, category=category,
        latitude=_float(school.latitude), longitude=_float(school.longitude),
        description=f"{school.get_level_display()} · {school.get_sector_display()}",
        address=school.display_address, address_parts=(school.address, school.postcode, school.city),
        phone=school.phone, email=school.email, website=school.website,
        age_min=low, age_max=high, accessibility=school.accessibility, hours_text=school.opening_hours,
        school=school, moment=moment,
    )


# --- Address ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    latitude: float
    longitude: float
    notice: str = ""


def locate(communes, address):
    """The point of a typed address in one of ``communes``: the local address index first, then the
    configured geocoder (when it is not the local one). None when neither knows it; never raises, and
    never logs the address."""
    parsed = parse_address(address or "")
    if not parsed.street_key:
        return None
    try:
        remote = geocoder_config()["backend"] != BACKEND_LOCAL
        for commune in communes:
            found = LocalGeocoder().geocode(commune.code_insee, parsed)
            if found is None and remote:
                found = get_geocoder().geocode(commune.code_insee, parsed)
            if found is not None:
                return Located(found.latitude, found.longitude, found.message or "")
    except Exception as exc:  # noqa: BLE001 - a geocoder is help, never a reason to fail
        logger.warning("Places geocoder failed (%s); listing without distances.", type(exc).__name__)
    return None


# --- GeoJSON --------------------------------------------------------------------------------------------


REQUIRED_PROPERTIES = {"identifiant", "nom", "categorie", "source"}


def export_properties(view):
    """The feature's properties: the import's columns (an export imports back), then what a reader wants;
    empty ones left out (the import reads a missing property as empty)."""
    properties = {
        "identifiant": view.key,
        "code_insee": view.commune_code,
        "nom": view.name,
        "categorie": view.category.code,
        "categorie_libelle": view.category.label,
        "description": view.description,
        "adresse": view.address_parts[0],
        "code_postal": view.address_parts[1],
        "ville": view.address_parts[2],
        "telephone": view.phone,
        "courriel": view.email,
        "site_web": view.website,
        "age_min": view.age_min,
        "age_max": view.age_max,
        "horaires": logic.format_week_hours(view.slots) if view.kind == PLACE else view.hours_text,
        "fermetures": logic.format_closures(view.closures),
        "precision_horaires": view.hours_note,
        "accessibilite": view.accessibility,
        "gestionnaire": view.responsible_body,
        "source": "ecole" if view.kind == SCHOOL else "lieu",
    }
    return {name: value for name, value in properties.items()
            if name in REQUIRED_PROPERTIES or value not in ("", None)}


def feature_collection(views):
    """RFC 7946: longitude first, WGS 84; only what has a position (a map format)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": view.anchor,
                "geometry": {"type": "Point", "coordinates": [view.longitude, view.latitude]},
                "properties": export_properties(view),
            }
            for view in views if view.has_position
        ],
    }


def export_views(communes, chosen=()):
    """Every place and school of ``communes`` in the ``chosen`` categories (all when empty), by category then
    name, for the export: five queries whatever their number."""
    all_categories = categories()
    by_id = {category.pk: category for category in all_categories}
    wanted = [category for category in all_categories if not chosen or category.code in chosen]
    places = Place.objects.filter(commune__in=communes, category__in=[c for c in wanted if not c.for_schools])
    views = read_places(places.order_by("category__sort_order", "category__label", "name", "pk"), by_id)
    school_category = next((category for category in wanted if category.for_schools), None)
    if school_category is not None:
        schools = list(School.objects.filter(commune__in=communes).select_related("commune").order_by("name"))
        fill_display_addresses(schools)
        moment = now()
        views.extend(view_of_school(school, school_category, moment) for school in schools)
        order = {category.pk: rank for rank, category in enumerate(all_categories)}
        views.sort(key=lambda view: order[view.category.pk])  # stable: the names' order stays
    return views


def data_version(communes, chosen=()):
    """(ETag, Last-Modified) of the export: every change, addition or removal of a place, a school or a
    category changes the tag. Three aggregate queries, no row read."""
    places = Place.objects.filter(commune__in=communes)
    if chosen:
        places = places.filter(category__code__in=chosen)
    parts, moments = [], []
    for queryset in (places, School.objects.filter(commune__in=communes), PlaceCategory.objects.all()):
        summary = queryset.aggregate(count=Count("pk"), last=Max("updated_at"))
        parts.append(f"{summary['count']}:{summary['last'].isoformat() if summary['last'] else ''}")
        if summary["last"]:
            moments.append(summary["last"])
    parts.append(",".join(sorted(chosen)))
    parts.append(",".join(sorted(commune.code_insee for commune in communes)))
    tag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'"{tag}"', max(moments) if moments else None


# --- Family section and school section ------------------------------------------------------------------


def nearest_places(communes, point, all_categories):
    """The places of ``communes`` nearest to ``point`` (schools left out): the ``MON_ENFANT_PLACES_FAMILY_PER_CATEGORY``
    nearest of each category within ``MON_ENFANT_PLACES_FAMILY_MAX_METRES``, in the categories' order, then by
    distance. A constant number of queries."""
    place_categories = [category.code for category in all_categories if not category.for_schools]
    found = sort_candidates(candidates(communes, all_categories, place_categories), all_categories, point)
    limit = get_setting("MON_ENFANT_PLACES_FAMILY_PER_CATEGORY")
    reach = get_setting("MON_ENFANT_PLACES_FAMILY_MAX_METRES")
    kept, per_category = [], {}
    for candidate in found:
        if candidate.distance is None or candidate.distance > reach:
            continue
        if per_category.get(candidate.category_id, 0) < limit:
            per_category[candidate.category_id] = per_category.get(candidate.category_id, 0) + 1
            kept.append(candidate)
    if not kept:
        return []
    views = place_views(kept, all_categories)
    order = {category.pk: rank for rank, category in enumerate(all_categories)}
    views.sort(key=lambda view: (order[view.category.pk], view.distance))
    return views


def family_section(context):
    """The places nearest to the family's address, by category (schools left out: the school section says
    which one is theirs)."""
    if not context.address or context.commune is None:
        return None
    point = locate([context.commune], context.address)
    if point is None:
        return None
    views = nearest_places([context.commune], (point.latitude, point.longitude), categories())
    if not views:
        return None
    return FamilySection(
        feature="mon_enfant_places",
        title=_("Les services enfance près de chez vous"),
        template="mon_enfant_places/family_section.html",
        context={"places_items": views},
        order=40,
    )


def school_section(school, request):
    """A small map of the school and the childhood services near it, which a list gives as text (the map's
    equivalent); silent when the school has no position."""
    if not school.has_position:
        return None
    all_categories = categories()
    views = nearest_places([school.commune], (float(school.latitude), float(school.longitude)), all_categories)
    school_category = next((category for category in all_categories if category.for_schools), None)
    markers = [view.map_data() for view in views]
    if school_category is not None:
        # The school itself, first: its marker leads to its line above the list.
        markers.insert(0, view_of_school(school, school_category, now()).map_data())
    return SchoolSection(
        feature="mon_enfant_places",
        title=_("Sur la carte"),
        template="mon_enfant_places/school_section.html",
        context={"places_items": views, "places_school": school, "places_map_data": markers,
                 "places_map_options": school_map_options(request)},
        order=40,
    )


def school_map_options(request):
    options = map_options(request, "ecole-carte")
    options["fitextent"] = True  # framed on the school and its neighbours, not on the site's centre
    return options
