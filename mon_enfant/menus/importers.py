"""Canteen menus in and out in the open-data standard "Menus des services de restauration collective"
(SCDL ``menus-collectifs`` 1.2.x, https://schema.data.gouv.fr/scdl/menus-collectifs/): one row per dish.

``import_menus`` reads the whole file before writing anything: every problem is reported with its line
(missing column, bad date, unknown allergen, bad SIRET, a dish given twice, a name over 160 characters...)
and then nothing changes. A file replaces, for each of its restaurants, the menus of the period it covers
(from its first to its last date for that restaurant), in one transaction; ``dry_run`` rolls it back, so
the report says exactly what the import would do. The cost is linear in the file: every row is read once,
every lookup is a dictionary, and the writes are bulk inserts.

``export_menus`` writes the same format (every column of the schema, ``,`` separated as the open-data
portals publish it); importing the export gives the same menus (see docs/menus.md for the fields kept).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mon_enfant.csvfiles import CommuneCounts, ImportFileError, LineError, read_csv, require_columns, write_csv
from mon_enfant.echo import echo
from mon_enfant.models import Commune, School
from mon_enfant.validators import ascii_decimal, is_valid_insee, is_valid_siret, is_valid_uai

from . import logic, wording
from .models import Dish, Menu, Restaurant

COLUMNS = [
    "menuCollNom", "menuCollSiret", "menuEtablissementNom", "menuEtablissementSiret", "menuRestaurantNom",
    "menuRestaurantInsee", "menuRestaurantId", "menuRestaurantIdType", "menuRestaurantType",
    "menuRestaurantConvive", "menuDate", "menuRepasType", "menuPlatType", "menuPlatNom", "menuPlatCode",
    "menuPlatSiqo", "menuPlatLabel", "menuPlatPrecision", "menuPlatRegime", "menuPlatAllergene",
    "menuPlatTexture", "menuPlatNutriscore", "menuPlatPrix", "menuPublicationDate", "menuModificationDate",
    "menuModificationInfo",
]
REQUIRED_COLUMNS = [
    "menuCollNom", "menuCollSiret", "menuEtablissementNom", "menuRestaurantNom", "menuRestaurantIdType",
    "menuRestaurantType", "menuRestaurantConvive", "menuDate", "menuRepasType", "menuPlatType", "menuPlatNom",
    "menuPublicationDate",
]
NUMBER_COLUMNS = ["menuPlatPrix"]
FORMAT_NAME = "SCDL menus-collectifs"
CENT = Decimal("0.01")
MAX_COST = Decimal("999999.99")


@dataclass
class RestaurantRow:
    """What a row says of its restaurant (the same on every row of that restaurant)."""

    code_insee: str
    name: str
    identifier_type: str
    identifier: str
    restaurant_type: str
    diners: str
    collectivity_name: str
    collectivity_siret: str
    kitchen_name: str
    kitchen_siret: str

    def key(self):
        if self.identifier_type != "sans" and self.identifier:
            return (self.code_insee, "id", self.identifier_type, self.identifier)
        return (self.code_insee, "name", logic.fold(self.name))


@dataclass
class DishRow:
    line: int
    restaurant: RestaurantRow
    date: dt.date
    meal: str
    published_at: dt.datetime
    modified_at: dt.datetime | None
    modification_info: str
    dish: dict


@dataclass
class MenuImportReport(CommuneCounts):
    dry_run: bool = False
    rows_read: int = 0
    dishes: int = 0
    menus: int = 0
    days: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    restaurants_created: list = field(default_factory=list)
    restaurants_updated: list = field(default_factory=list)
    restaurants_kept: list = field(default_factory=list)
    menus_replaced: int = 0
    schools_matched: list = field(default_factory=list)
    unknown_schools: list = field(default_factory=list)
    schools_of_other_communes: list = field(default_factory=list)
    weeks_without_vegetarian: list = field(default_factory=list)  # (restaurant name, week)

    def summary_lines(self):
        lines = [
            _("Format : %(format)s.") % {"format": FORMAT_NAME},
            _("%(count)s lignes lues : %(dishes)s plats, %(menus)s menus sur %(days)s jours.")
            % {"count": self.rows_read, "dishes": self.dishes, "menus": self.menus, "days": self.days},
        ]
        if self.first_date:
            lines.append(_("Période : du %(first)s au %(last)s.") % {
                "first": self.first_date.strftime("%d/%m/%Y"), "last": self.last_date.strftime("%d/%m/%Y")})
        for label, names in ((_("Restaurants créés : %(list)s."), self.restaurants_created),
                             (_("Restaurants mis à jour : %(list)s."), self.restaurants_updated),
                             (_("Restaurants inchangés : %(list)s."), self.restaurants_kept)):
            if names:
                lines.append(label % {"list": ", ".join(names)})
        if self.menus_replaced:
            lines.append(_("%(count)s menus déjà enregistrés sur cette période remplacés.") % {
                "count": self.menus_replaced})
        if self.schools_matched:
            lines.append(_("Écoles reconnues par leur code UAI : %(list)s.") % {
                "list": ", ".join(self.schools_matched)})
        if self.unknown_schools:
            lines.append(_("Codes UAI sans école enregistrée (restaurant non relié) : %(list)s.") % {
                "list": ", ".join(self.unknown_schools)})
        if self.schools_of_other_communes:
            lines.append(_("Écoles d'une autre commune, non reliées : %(list)s.") % {
                "list": ", ".join(self.schools_of_other_communes)})
        for name, week in self.weeks_without_vegetarian:
            lines.append(_("Attention (loi EGalim) : aucun menu végétarien la semaine %(week)s à %(name)s.") % {
                "week": week, "name": name})
        lines.extend(self.commune_lines())
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


# --- Reading ------------------------------------------------------------------------------------------


def _value(values, column, problems, parse):
    try:
        return parse(values.get(column, ""))
    except logic.MenuValueError as exc:
        problems.append(wording.value_error(exc, column))
        return None


def _aware(moment):
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _cost(text, problems):
    text = text.strip().replace(",", ".")
    if not text:
        return None
    number = ascii_decimal(text, exponent=False)
    if number is None or number < 0 or number > MAX_COST:
        problems.append(_("menuPlatPrix : « %(value)s » n'est pas un prix en euros (ex. 1.25).") % {
            "value": echo(text)})
        return None
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def _text(values, column, problems, max_length, required=False):
    text = " ".join(values.get(column, "").split())
    if required and not text:
        problems.append(_("%(column)s est obligatoire.") % {"column": column})
    elif len(text) > max_length:
        problems.append(_("%(column)s : %(max)s caractères au plus (%(count)s trouvés).") % {
            "column": column, "max": max_length, "count": len(text)})
    return text


def _read_row(row, default_commune):
    """A :class:`DishRow`, or the list of what is wrong with the row."""
    values, problems = row.values, []
    code_insee = values.get("menuRestaurantInsee", "").strip().upper()
    if code_insee and not is_valid_insee(code_insee):
        problems.append(_("menuRestaurantInsee : code INSEE « %(value)s » invalide.") % {"value": echo(code_insee)})
    siret = values.get("menuCollSiret", "").strip()
    if not is_valid_siret(siret):
        problems.append(_("menuCollSiret : « %(value)s » n'est pas un SIRET (14 chiffres).") % {"value": echo(siret)})
    kitchen_siret = values.get("menuEtablissementSiret", "").strip()
    if kitchen_siret and not is_valid_siret(kitchen_siret):
        problems.append(_("menuEtablissementSiret : « %(value)s » n'est pas un SIRET (14 chiffres).") % {
            "value": echo(kitchen_siret)})
    id_type = _value(values, "menuRestaurantIdType", problems, logic.restaurant_id_type)
    identifier = values.get("menuRestaurantId", "").strip()
    if id_type == "EN":
        identifier = identifier.upper()
        if not is_valid_uai(identifier):
            problems.append(_("menuRestaurantId : « %(value)s » n'est pas un code UAI (7 chiffres et une lettre), "
                              "attendu pour le type EN.") % {"value": echo(identifier)})
    elif id_type == "SIRET" and not is_valid_siret(identifier):
        problems.append(_("menuRestaurantId : « %(value)s » n'est pas un SIRET (14 chiffres), attendu pour le "
                          "type SIRET.") % {"value": echo(identifier)})
    elif len(identifier) > 30:
        problems.append(_("menuRestaurantId : 30 caractères au plus."))
    restaurant = RestaurantRow(
        code_insee=code_insee or (default_commune or ""),
        name=_text(values, "menuRestaurantNom", problems, 200, required=True),
        identifier_type=id_type or "",
        identifier="" if id_type == "sans" else identifier,
        restaurant_type=_value(values, "menuRestaurantType", problems, logic.restaurant_type) or "",
        diners=_text(values, "menuRestaurantConvive", problems, 100) or "tous",
        collectivity_name=_text(values, "menuCollNom", problems, 200, required=True),
        collectivity_siret=siret,
        kitchen_name=_text(values, "menuEtablissementNom", problems, 200, required=True),
        kitchen_siret=kitchen_siret,
    )
    day = _value(values, "menuDate", problems, logic.parse_date)
    meal = _value(values, "menuRepasType", problems, logic.meal_code)
    course = _value(values, "menuPlatType", problems, logic.course_code)
    name = _text(values, "menuPlatNom", problems, logic.MAX_DISH_NAME, required=True)
    code = _text(values, "menuPlatCode", problems, logic.MAX_DISH_CODE)
    published = _value(values, "menuPublicationDate", problems, logic.parse_datetime)
    modified_text = values.get("menuModificationDate", "").strip()
    modified = _value(values, "menuModificationDate", problems, logic.parse_datetime) if modified_text else None
    precision = _value(values, "menuPlatPrecision", problems, logic.precisions)
    dish = {
        "course": course,
        "name": name,
        "code": code,
        "siqo": _value(values, "menuPlatSiqo", problems, logic.siqo_codes),
        "labels": _value(values, "menuPlatLabel", problems, logic.split_semicolons),
        "diets": _value(values, "menuPlatRegime", problems, logic.split_list),
        "allergens": _value(values, "menuPlatAllergene", problems, logic.allergen_codes),
        "textures": _value(values, "menuPlatTexture", problems, logic.split_list),
        "nutriscore": _value(values, "menuPlatNutriscore", problems, logic.nutriscore),
        "cost": _cost(values.get("menuPlatPrix", ""), problems),
        "precisions": precision[0] if precision else [],
        "is_alternative": bool(precision and precision[1]),
    }
    info = _text(values, "menuModificationInfo", problems, 200)
    if problems:
        return problems
    return DishRow(row.line, restaurant, day, meal, _aware(published), _aware(modified), info, dish)


# --- Importing ----------------------------------------------------------------------------------------


def import_menus(data: bytes, *, commune=None, allowed_communes=None, dry_run=False) -> MenuImportReport:
    """Import a SCDL menus file's bytes.

    ``commune``: the INSEE code of the commune whose restaurants the rows describe when they do not say
    (``menuRestaurantInsee``); rows naming another commune are then skipped. ``allowed_communes``: when given
    (an editor's upload), rows of other communes are skipped and reported. Raises :class:`ImportFileError`
    listing every problem; then nothing has changed.
    """
    table = read_csv(data, delimiters=",;\t")
    require_columns(table, REQUIRED_COLUMNS, format_name=FORMAT_NAME)
    default_commune = commune.strip().upper() if commune else None
    if default_commune is not None and not is_valid_insee(default_commune):
        raise ImportFileError([LineError(None, _("Code INSEE « %(code)s » invalide.") % {"code": echo(commune)})])
    report = MenuImportReport(dry_run=dry_run, rows_read=len(table.rows))
    errors, rows, seen = [], [], {}
    restaurants_seen = {}
    for row in table.rows:
        result = _read_row(row, default_commune)
        if isinstance(result, list):
            errors.extend(LineError(row.line, problem) for problem in result)
            continue
        key = result.restaurant.key()
        first = restaurants_seen.setdefault(key, result)
        if first.restaurant != result.restaurant:
            errors.append(LineError(row.line, _(
                "le restaurant « %(name)s » est décrit autrement ligne %(other)s (collectivité, cuisine, type ou "
                "convives) : une seule description par restaurant.") % {"name": echo(result.restaurant.name),
                                                                         "other": first.line}))
            continue
        dish_key = (key, result.date, result.meal, result.dish["course"], logic.fold(result.dish["name"]))
        if dish_key in seen:
            errors.append(LineError(row.line, _("ce plat figure déjà ligne %(other)s (même restaurant, jour, repas, "
                                                "type et nom).") % {"other": seen[dish_key]}))
            continue
        seen[dish_key] = row.line
        if not result.restaurant.code_insee:
            errors.append(LineError(row.line, _(
                "commune du restaurant inconnue : renseignez menuRestaurantInsee, ou choisissez la commune de "
                "l'import.")))
            continue
        rows.append(result)
    if errors:
        raise ImportFileError(errors)

    communes = {commune.code_insee: commune for commune in Commune.objects.all()}
    allowed = None if allowed_communes is None else {commune.code_insee for commune in allowed_communes}
    kept = []
    for row in rows:
        code = row.restaurant.code_insee
        if default_commune is not None and code != default_commune:
            report.skipped_filtered += 1
        elif code not in communes:
            report.skipped_unknown_communes[code] += 1
        elif allowed is not None and code not in allowed:
            report.skipped_not_allowed[code] += 1
        else:
            kept.append(row)
    with transaction.atomic():
        _write(kept, communes, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


RESTAURANT_FIELDS = ["name", "restaurant_type", "identifier_type", "identifier", "diners", "collectivity_name",
                     "collectivity_siret", "kitchen_name", "kitchen_siret"]


def _write(rows, communes, report):
    by_restaurant = defaultdict(list)
    for row in rows:
        by_restaurant[row.restaurant.key()].append(row)
    commune_ids = {communes[key[0]].pk for key in by_restaurant}
    existing = list(Restaurant.objects.filter(commune_id__in=commune_ids))
    by_identifier = {(r.commune_id, r.identifier_type, r.identifier): r for r in existing if r.identifier}
    by_name = {(r.commune_id, logic.fold(r.name)): r for r in existing}
    uais = {row.restaurant.identifier for row in rows if row.restaurant.identifier_type == "EN"}
    schools = {school.uai: school for school in School.objects.filter(uai__in=uais)}
    menus, dishes, days = [], [], set()
    for restaurant_rows in by_restaurant.values():
        described = restaurant_rows[0].restaurant
        commune = communes[described.code_insee]
        restaurant = _restaurant(described, commune, by_identifier, by_name, report)
        if described.identifier_type == "EN":
            _link_school(restaurant, schools.get(described.identifier), described.identifier, report)
        first = min(row.date for row in restaurant_rows)
        last = max(row.date for row in restaurant_rows)
        _total, by_model = Menu.objects.filter(restaurant=restaurant, date__range=(first, last)).delete()
        report.menus_replaced += by_model.get(Menu._meta.label, 0)
        grouped = {}
        for row in restaurant_rows:
            menu_key = (row.date, row.meal)
            if menu_key not in grouped:
                grouped[menu_key] = (Menu(restaurant=restaurant, date=row.date, meal=row.meal,
                                          published_at=row.published_at, modified_at=row.modified_at,
                                          modification_info=row.modification_info), [])
            menu, menu_dishes = grouped[menu_key]
            menu.published_at = max(menu.published_at, row.published_at)
            if row.modified_at and (menu.modified_at is None or row.modified_at > menu.modified_at):
                menu.modified_at, menu.modification_info = row.modified_at, row.modification_info
            menu_dishes.append(Dish(menu=menu, sort_order=len(menu_dishes), **row.dish))
            days.add(row.date)
        menus.extend(grouped.values())
        _check_weeks(restaurant.name, grouped, report)
    Menu.objects.bulk_create([menu for menu, _dishes in menus], batch_size=1000)
    for menu, menu_dishes in menus:
        for dish in menu_dishes:
            dish.menu = menu  # the menu's primary key, set by bulk_create
        dishes.extend(menu_dishes)
    Dish.objects.bulk_create(dishes, batch_size=2000)
    report.menus, report.dishes, report.days = len(menus), len(dishes), len(days)
    if days:
        report.first_date, report.last_date = min(days), max(days)


def _restaurant(described, commune, by_identifier, by_name, report):
    restaurant = None
    if described.identifier:
        restaurant = by_identifier.get((commune.pk, described.identifier_type, described.identifier))
    if restaurant is None:
        restaurant = by_name.get((commune.pk, logic.fold(described.name)))
    values = {name: getattr(described, name) for name in RESTAURANT_FIELDS}
    if restaurant is None:
        restaurant = Restaurant.objects.create(commune=commune, **values)
        report.restaurants_created.append(restaurant.name)
        return restaurant
    changed = [name for name, value in values.items() if getattr(restaurant, name) != value]
    if changed:
        for name in changed:
            setattr(restaurant, name, values[name])
        restaurant.save(update_fields=changed)
        report.restaurants_updated.append(restaurant.name)
    else:
        report.restaurants_kept.append(restaurant.name)
    return restaurant


def _link_school(restaurant, school, uai, report):
    """Tie the restaurant to the school its UAI names, when that school is of the restaurant's commune (a
    link to another commune's school is made in the admin by someone holding both)."""
    if school is None:
        report.unknown_schools.append(uai)
    elif school.commune_id != restaurant.commune_id:
        report.schools_of_other_communes.append(uai)
    else:
        restaurant.schools.add(school)
        report.schools_matched.append(uai)


def _check_weeks(name, grouped, report):
    weeks = defaultdict(list)
    for (day, meal), (_menu, menu_dishes) in grouped.items():
        weeks[logic.Week.containing(day)].append((day, meal, [dish.facts() for dish in menu_dishes]))
    for week in sorted(weeks):
        if logic.check_week(weeks[week]).missing_vegetarian:
            report.weeks_without_vegetarian.append((name, str(week)))


# --- Exporting ----------------------------------------------------------------------------------------


def _datetime(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def export_rows(menus):
    """The SCDL rows of ``menus`` (with their restaurant, commune and dishes prefetched)."""
    for menu in menus:
        restaurant = menu.restaurant
        common = {
            "menuCollNom": restaurant.collectivity_name,
            "menuCollSiret": restaurant.collectivity_siret,
            "menuEtablissementNom": restaurant.kitchen_name,
            "menuEtablissementSiret": restaurant.kitchen_siret,
            "menuRestaurantNom": restaurant.name,
            "menuRestaurantInsee": restaurant.commune.code_insee,
            "menuRestaurantId": restaurant.identifier,
            "menuRestaurantIdType": restaurant.identifier_type,
            "menuRestaurantType": restaurant.restaurant_type,
            "menuRestaurantConvive": restaurant.diners,
            "menuDate": menu.date.isoformat(),
            "menuRepasType": logic.MEALS[menu.meal],
            "menuPublicationDate": _datetime(menu.published_at or menu.modified_at) or _datetime(timezone.now()),
            "menuModificationDate": _datetime(menu.modified_at),
            "menuModificationInfo": menu.modification_info,
        }
        for dish in menu.dishes.all():
            precisions = [*dish.precisions, *([logic.ALTERNATIVE_PRECISION] if dish.is_alternative else [])]
            yield {
                **common,
                "menuPlatType": logic.COURSES[dish.course],
                "menuPlatNom": dish.name,
                "menuPlatCode": dish.code,
                "menuPlatSiqo": logic.write_list([logic.SIQO[code] for code in dish.siqo]),
                "menuPlatLabel": ";".join(dish.labels),
                "menuPlatPrecision": ";".join(precisions),
                "menuPlatRegime": logic.write_list(dish.diets),
                "menuPlatAllergene": logic.write_list([logic.ALLERGENS[code] for code in dish.allergens]),
                "menuPlatTexture": logic.write_list(dish.textures),
                "menuPlatNutriscore": dish.nutriscore,
                "menuPlatPrix": "" if dish.cost is None else format(dish.cost, "f"),
            }


def export_menus(menus) -> str:
    """``menus`` as a SCDL file (``,`` separated, UTF-8). Text cells a spreadsheet would run as a formula are
    neutralised (:func:`mon_enfant.csvfiles.write_csv`)."""
    return write_csv(COLUMNS, export_rows(menus), number_columns=NUMBER_COLUMNS, delimiter=",")


def menus_for_export(restaurants, start, end):
    return (Menu.objects.filter(restaurant__in=restaurants, date__range=(start, end))
            .select_related("restaurant__commune").prefetch_related("dishes")
            .order_by("restaurant__commune__code_insee", "restaurant__name", "date", "meal"))
