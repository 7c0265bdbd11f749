"""JSON, CSV and iCalendar API of the canteen menus, mounted at /api/mon-enfant/v1/ (see docs/menus.md):

* ``GET /menus?school=<UAI>&week=<YYYY-Www>``: a school's week, dish by dish;
* ``GET /menus.csv?commune=<INSEE>&from=<date>&to=<date>[&school=<UAI>]``: the SCDL open-data file (the
  import's format), a year at most;
* ``GET /menus.ics?school=<UAI>``: a calendar feed, one all-day event per day with a menu (RFC 5545), from
  ``MON_ENFANT_MENUS_FEED_PAST_DAYS`` before today to ``MON_ENFANT_MENUS_FEED_FUTURE_DAYS`` after.

Bad parameters answer 422 with the field at fault, an unknown school or commune 404, never 500.
"""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BaseModel

from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut, SchoolCode, field_error
from mon_enfant.conf import get_setting
from mon_enfant.models import Commune, School

from . import logic, services, wording
from .importers import export_menus, menus_for_export
from .models import Restaurant

router = Router(tags=["Menus de la cantine"])



class DishOut(Schema):
    course: str = Field(description="entree, plat, garniture, produit-laitier, dessert, pain ou autre")
    name: str
    alternative: bool = Field(description="Plat proposé à la place d'un autre du même type.")
    vegetarian: bool
    siqo: list[str] = Field(description="Signes officiels de qualité : bio, aop, igp, stg, label-rouge.")
    labels: list[str]
    diets: list[str]
    allergens: list[str] = Field(description="Codes des 14 allergènes réglementaires présents.")
    textures: list[str]
    nutriscore: str


class MenuOut(Schema):
    restaurant: str
    meal: str = Field(description="petit-dejeuner, collation, dejeuner, pique-nique, gouter, diner ou autre")
    vegetarian: bool
    dishes: list[DishOut]


class DayOut(Schema):
    date: dt.date
    menus: list[MenuOut]


class WeekOut(Schema):
    school: str
    school_name: str
    week: str
    start: dt.date
    end: dt.date
    previous_week: str
    next_week: str
    days: list[DayOut]


class WeekQuery(BaseModel):
    school: SchoolCode
    week: str | None = Field(None, max_length=10, examples=["2026-W49"],
                             description="Semaine ISO (défaut : la semaine en cours, ou la suivante le week-end).")


def _school(uai):
    return School.objects.filter(uai=uai).first()


def _week(text):
    if not text:
        return logic.Week.to_show(services.today())
    try:
        return logic.Week.parse(text)
    except logic.MenuValueError as exc:
        raise field_error(["query", "week"], wording.value_error(exc), "invalid_week") from None


def _unknown_school():
    return Status(404, {"detail": gettext("École inconnue (code UAI), ou sans restaurant scolaire.")})


@router.get("/menus", response={200: WeekOut, 404: DetailOut, 422: ErrorsOut},
            summary="Menus d'une école pour une semaine",
            url_name="menus_week")
def week_menus(request, query: Query[WeekQuery]):
    """The menus of a school's restaurants for an ISO week, course by course."""
    week = _week(query.week)
    school = _school(query.school)
    restaurants = services.restaurants_of_school(school) if school else []
    if not restaurants:
        return _unknown_school()
    view = services.build_week(restaurants, week)
    days = []
    for day in view.days:
        menus = []
        for item in day.menus:
            dishes = []
            for course in item.courses:
                for entry in course.dishes:
                    dish = entry.dish
                    dishes.append({
                        "course": dish.course, "name": dish.name, "alternative": dish.is_alternative,
                        "vegetarian": dish.is_vegetarian, "siqo": dish.siqo, "labels": dish.labels,
                        "diets": dish.diets, "allergens": dish.allergens, "textures": dish.textures,
                        "nutriscore": dish.nutriscore,
                    })
            menus.append({"restaurant": item.menu.restaurant.name, "meal": item.menu.meal,
                          "vegetarian": item.vegetarian, "dishes": dishes})
        days.append({"date": day.date, "menus": menus})
    return {"school": school.uai, "school_name": school.name, "week": str(week), "start": week.monday,
            "end": week.sunday, "previous_week": str(view.previous), "next_week": str(view.next), "days": days}


class ExportQuery(BaseModel):
    commune: CommuneCode
    start: dt.date = Field(alias="from", description="Premier jour (AAAA-MM-JJ).")
    end: dt.date = Field(alias="to", description="Dernier jour (AAAA-MM-JJ), un an au plus après le premier.")
    school: SchoolCode | None = None


CSV_DOC = {"responses": {200: {"description": "Fichier SCDL menus-collectifs (CSV, UTF-8, séparateur « , »).",
                               "content": {"text/csv": {"schema": {"type": "string"}}}}}}


@router.get("/menus.csv", response={404: DetailOut, 422: ErrorsOut}, summary="Export SCDL des menus",
            openapi_extra=CSV_DOC, url_name="menus_export")
def export_csv(request, query: Query[ExportQuery]):
    """The menus of a commune's restaurants (or of one school's) over a period, in the SCDL format
    "Menus des services de restauration collective", which the import reads back."""
    try:
        logic.check_range(query.start, query.end)
    except logic.MenuValueError as exc:
        raise field_error(["query", "to"], wording.value_error(exc), exc.code) from None
    commune = Commune.objects.filter(code_insee=query.commune).first()
    if commune is None:
        return Status(404, {"detail": gettext("Commune inconnue (code INSEE).")})
    restaurants = Restaurant.objects.filter(commune=commune)
    if query.school:
        school = _school(query.school)
        if school is None:
            return _unknown_school()
        restaurants = restaurants.filter(schools=school)
    text = export_menus(menus_for_export(restaurants, query.start, query.end))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"menus-{commune.code_insee}-{query.start:%Y%m%d}-{query.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class FeedQuery(BaseModel):
    school: SchoolCode


ICS_DOC = {"responses": {200: {"description": "Calendrier iCalendar (RFC 5545) : un événement par jour de menu.",
                               "content": {"text/calendar": {"schema": {"type": "string"}}}}}}


def _describe(day):
    lines = []
    for item in day.menus:
        if len(day.menus) > 1:
            lines.append(f"{item.meal_label} ({item.menu.restaurant.name})")
        for course in item.courses:
            names = []
            for entry in course.dishes:
                name = entry.dish.name
                if entry.dish.is_alternative:
                    name += " " + gettext("(plat de substitution)")
                if entry.allergens:
                    name += " – " + gettext("allergènes : %(list)s") % {
                        "list": ", ".join(str(label).lower() for _code, label in entry.allergens)}
                names.append(name)
            lines.append(f"{course.label} : {' ; '.join(names)}")
    return "\n".join(lines)


@router.get("/menus.ics", response={404: DetailOut, 422: ErrorsOut}, summary="Calendrier des menus d'une école",
            openapi_extra=ICS_DOC, url_name="menus_feed")
def feed(request, query: Query[FeedQuery]):
    """An iCalendar feed of a school's menus: one all-day event per day with a menu, the menu in its
    description; a calendar application subscribes to it."""
    school = _school(query.school)
    restaurants = services.restaurants_of_school(school) if school else []
    if not restaurants:
        return _unknown_school()
    today = services.today()
    start = today - dt.timedelta(days=get_setting("MON_ENFANT_MENUS_FEED_PAST_DAYS"))
    end = today + dt.timedelta(days=get_setting("MON_ENFANT_MENUS_FEED_FUTURE_DAYS"))
    menus = services.menus_between(restaurants, start, end)
    by_week = {}
    for menu in menus:
        by_week.setdefault(logic.Week.containing(menu.date), []).append(menu)
    calendar = Calendar()
    calendar.add("prodid", "-//Mon enfant a l'ecole//Menus de la cantine//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("Menus de la cantine – %(school)s") % {"school": school.name})
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now()
    for week in sorted(by_week):
        view = services.build_week(restaurants, week, menus=by_week[week])
        for day in view.days:
            if not day.menus:
                continue
            event = Event()
            event.add("uid", f"menu-{school.uai}-{day.date:%Y%m%d}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day.date)
            event.add("dtend", day.date + dt.timedelta(days=1))
            event.add("summary", gettext("Menu de la cantine"))
            event.add("description", _describe(day))
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="menus-{school.uai}.ics"'
    return response
