"""The Django layer of the menus: a school's week as parents read it, the family section, the school page's
section, the school card's link, and the admin's weekly EGalim check. Every function reads a week in a constant
number of queries, whatever the number of dishes, menus or schools (the restaurants, the menus, their dishes)."""

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from mon_enfant.conf import get_setting
from mon_enfant.features import FamilySection, SchoolLink, SchoolSection
from mon_enfant.utils import tool_page_url

from . import logic
from .models import ALLERGEN_WORDING, Allergen, Course, Dish, Meal, Menu, Restaurant, Siqo

MEAL_ORDER = {code: rank for rank, code in enumerate(logic.MEALS)}
COURSE_ORDER = {code: rank for rank, code in enumerate(logic.COURSES)}
COURSE_LABELS = dict(Course.choices)
MEAL_LABELS = dict(Meal.choices)
SIQO_LABELS = dict(Siqo.choices)
ALLERGEN_LABELS = dict(Allergen.choices)


def today():
    return timezone.localdate()


@dataclass
class DishView:
    dish: Dish
    avoided: list  # the allergens of the dish the family asked to avoid: [(code, label)]

    @property
    def allergens(self):
        return [(code, ALLERGEN_LABELS[code]) for code in self.dish.allergens if code in ALLERGEN_LABELS]

    @property
    def siqo(self):
        return [SIQO_LABELS[code] for code in self.dish.siqo if code in SIQO_LABELS]


@dataclass
class CourseView:
    code: str
    label: str
    dishes: list


@dataclass
class MenuView:
    menu: Menu
    courses: list
    vegetarian: bool

    @property
    def meal_label(self):
        return MEAL_LABELS.get(self.menu.meal, self.menu.meal)


@dataclass
class DayView:
    date: dt.date
    menus: list = field(default_factory=list)

    @property
    def is_today(self):
        return self.date == today()


@dataclass
class WeekView:
    week: logic.Week
    days: list
    restaurants: list
    avoided: list

    @property
    def has_menus(self):
        return any(day.menus for day in self.days)

    @property
    def previous(self):
        return self.week.shifted(-1)

    @property
    def next(self):
        return self.week.shifted(1)

    @property
    def last_day(self):
        return self.days[-1].date if self.days else self.week.sunday

    @property
    def avoided_dishes(self):
        """How many dishes of the week hold an allergen the family avoids."""
        return sum(1 for day in self.days for item in day.menus for course in item.courses
                   for entry in course.dishes if entry.avoided)

    @property
    def several_restaurants(self):
        return len(self.restaurants) > 1


def restaurants_of_school(school):
    return list(Restaurant.objects.filter(schools=school).order_by("name"))


def menus_between(restaurants, start, end):
    """The menus of ``restaurants`` from ``start`` to ``end``, with their dishes: two queries."""
    return list(
        Menu.objects.filter(restaurant__in=restaurants, date__range=(start, end))
        .select_related("restaurant")
        .prefetch_related(Prefetch("dishes", queryset=Dish.objects.order_by("sort_order", "pk")))
    )


def menu_view(menu, dishes, avoided):
    courses = {}
    for dish in sorted(dishes, key=lambda dish: (COURSE_ORDER.get(dish.course, 99), dish.sort_order)):
        hits = logic.filter_allergens(dish.allergens, avoided)
        courses.setdefault(dish.course, []).append(
            DishView(dish, [(code, ALLERGEN_LABELS[code]) for code in hits])
        )
    facts = [dish.facts() for dish in dishes]
    return MenuView(
        menu,
        [CourseView(code, COURSE_LABELS.get(code, code), listed) for code, listed in courses.items()],
        logic.is_vegetarian_menu(facts),
    )


def build_week(restaurants, week, avoided=(), menus=None):
    """A school's week (the restaurants serving it) as parents read it: each day shown (``MON_ENFANT_MENUS_DAYS``,
    and any later day that has a menu), its menus in the order of the day, each dish with its allergens and
    those the family avoids."""
    avoided = [code for code in logic.ALLERGENS if code in set(avoided)]
    if menus is None:
        menus = menus_between(restaurants, week.monday, week.sunday) if restaurants else []
    by_day = {}
    for menu in menus:
        by_day.setdefault(menu.date, []).append(menu)
    shown = get_setting("MON_ENFANT_MENUS_DAYS")
    days = []
    for day in week.days(7):
        if day.isoweekday() > shown and day not in by_day:
            continue
        listed = sorted(by_day.get(day, []), key=lambda menu: (MEAL_ORDER.get(menu.meal, 99), menu.restaurant.name))
        days.append(DayView(day, [menu_view(menu, list(menu.dishes.all()), avoided) for menu in listed]))
    return WeekView(week, days, list(restaurants), avoided)


def allergen_choices():
    """(code, short label, the annex's wording) of the 14 allergens."""
    return [(code, label, ALLERGEN_WORDING[code]) for code, label in Allergen.choices]


def preview_week(menu):
    """The week of a menu being edited, as parents will see it: the other menus of its restaurant that week
    from the database, this one from the form (not saved)."""
    week = logic.Week.containing(menu.date)
    others = [other for other in menus_between([menu.restaurant], week.monday, week.sunday)
              if not (other.date == menu.date and other.meal == menu.meal) and other.pk != menu.pk]
    # The menu's dishes as the editor typed them (the form's in-memory relation).
    days = build_week([menu.restaurant], week, menus=others)
    dishes = list(menu.dishes.all())
    view = menu_view(menu, dishes, [])
    for day in days.days:
        if day.date == menu.date:
            day.menus.append(view)
            day.menus.sort(key=lambda item: MEAL_ORDER.get(item.menu.meal, 99))
    return {"week": days, "menus_restaurant": menu.restaurant}


# --- Pages, links and family section -------------------------------------------------------------------


def canteen_page_url(request):
    """The URL of the site's live canteen menu page (the first one), or "" when the site has none."""
    # Looked up by name: the page type (pages.py) builds on this module through forms.py.
    return tool_page_url(apps.get_model("mon_enfant_menus", "CanteenMenuPage"), request)


def school_links(schools, request):
    """"Menus de la cantine de cette école" for every school a restaurant serves, when the site has a
    canteen page: two queries for the whole list."""
    ids = set(Restaurant.schools.through.objects.filter(school__in=[school.pk for school in schools])
              .values_list("school_id", flat=True))
    if not ids:
        return {}
    url = canteen_page_url(request)
    if not url:
        return {}
    label = _("Menus de la cantine de cette école")
    return {school.pk: [SchoolLink(label, f"{url}?ecole={school.uai}")] for school in schools if school.pk in ids}


def this_weeks_menus(school):
    """This week's menus of ``school`` (next week's from Saturday), or None when no restaurant serves it."""
    restaurants = restaurants_of_school(school) if school is not None else []
    return build_week(restaurants, logic.Week.to_show(today())) if restaurants else None


def family_section(context):
    """This week's menu of the family's school, with a link to the canteen page."""
    week = this_weeks_menus(context.school)
    if week is None:
        return None
    return FamilySection(
        feature="mon_enfant_menus",
        title=_("Menus de la cantine"),
        template="mon_enfant_menus/family_section.html",
        context={"menus_week": week, "menus_school": context.school},
        order=30,
    )


def school_section(school, request):
    """This week's menus of the school, on its page, with a link to the other weeks on the canteen page."""
    week = this_weeks_menus(school)
    if week is None:
        return None
    url = canteen_page_url(request)
    return SchoolSection(
        feature="mon_enfant_menus",
        title=_("Menus de la cantine"),
        template="mon_enfant_menus/school_section.html",
        context={"menus_week": week, "menus_school": school,
                 "menus_page_url": f"{url}?ecole={school.uai}" if url else ""},
        order=30,
    )


# --- EGalim -------------------------------------------------------------------------------------------


@dataclass
class WeekCheckRow:
    restaurant: Restaurant
    week: logic.Week
    check: logic.WeekCheck


def week_checks(restaurants, first_week, last_week):
    """Per restaurant and week with menus: the loi EGalim's vegetarian menu and the dishes with a quality
    sign or label. Three queries."""
    menus = menus_between(restaurants, first_week.monday, last_week.sunday)
    grouped = {}
    for menu in menus:
        key = (menu.restaurant_id, logic.Week.containing(menu.date))
        grouped.setdefault(key, (menu.restaurant, []))[1].append(
            (menu.date, menu.meal, [dish.facts() for dish in menu.dishes.all()])
        )
    rows = [WeekCheckRow(restaurant, week, logic.check_week(entries))
            for (_id, week), (restaurant, entries) in grouped.items()]
    rows.sort(key=lambda row: (row.week, row.restaurant.name))
    return rows
