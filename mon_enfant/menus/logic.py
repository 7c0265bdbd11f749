"""The canteen menus' domain rules, in plain Python (no Django import): the open-data vocabulary of the
SCDL "Menus des services de restauration collective" (``menus-collectifs`` 1.2.x), the 14 allergens of
Regulation (EU) 1169/2011 (annex II), ISO weeks, and the loi EGalim's weekly vegetarian menu.

Values are stored as the codes below (ASCII, stable); :data:`MEALS`, :data:`COURSES`, :data:`SIQO` and
:data:`ALLERGENS` map each code to its spelling in the SCDL files, which the export writes back. Reading a
cell accepts the spellings communes and caterers actually use (capitals, accents or not, "fruits à
coques", "graines de sésame", "anhydride sulfureux et sulfites"...). What fails is said by a code
(:class:`MenuValueError`), worded by the Django layer (:mod:`mon_enfant.menus.wording`).

The SCDL has no column for "the dish offered instead of another one": an alternative dish (sans porc,
végétarien...) is written with the precision :data:`ALTERNATIVE_PRECISION` in ``menuPlatPrecision``, so
that the flag survives an export and an import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- Vocabulary -----------------------------------------------------------------------------------------

# code -> SCDL spelling (menuRepasType), in the order of a day.
MEALS = {
    "petit-dejeuner": "petit-déjeuner",
    "collation": "collation",
    "dejeuner": "déjeuner",
    "pique-nique": "pique-nique",
    "gouter": "goûter",
    "diner": "dîner",
    "autre": "autre",
}

# code -> SCDL spelling (menuPlatType), in the order dishes are served and shown.
COURSES = {
    "entree": "entrée",
    "plat": "plat principal",
    "garniture": "garniture",
    "produit-laitier": "produit laitier",
    "dessert": "dessert",
    "pain": "pain",
    "autre": "autre",
}

# Official signs of quality and origin (menuPlatSiqo): code -> SCDL spelling, with the other spellings read.
SIQO = {
    "bio": "agriculture biologique",
    "aop": "appellation d'origine protégée",
    "igp": "indication géographique protégée",
    "stg": "spécialité traditionnelle garantie",
    "label-rouge": "label rouge",
}
SIQO_ALIASES = {
    "bio": "bio", "ab": "bio", "biologique": "bio", "agriculture biologique": "bio",
    "aop": "aop", "aoc": "aop", "aop/aoc": "aop", "aoc/aop": "aop", "appellation d'origine protegee": "aop",
    "appellation d'origine controlee": "aop", "appellation d'origine protegee/controlee": "aop",
    "igp": "igp", "indication geographique protegee": "igp",
    "stg": "stg", "specialite traditionnelle garantie": "stg",
    "label rouge": "label-rouge", "labelrouge": "label-rouge",
}

# The 14 allergens of Regulation (EU) 1169/2011, annex II, in the annex's order: code -> SCDL spelling.
ALLERGENS = {
    "gluten": "gluten",
    "crustaces": "crustacés",
    "oeufs": "œufs",
    "poissons": "poissons",
    "arachides": "arachides",
    "soja": "soja",
    "lait": "lait",
    "fruits-a-coque": "fruits à coque",
    "celeri": "céleri",
    "moutarde": "moutarde",
    "sesame": "sésame",
    "sulfites": "sulfites",
    "lupin": "lupin",
    "mollusques": "mollusques",
}
ALLERGEN_ALIASES = {
    **{key: code for code in ALLERGENS for key in (code, code.replace("-", " "))},
    "cereales contenant du gluten": "gluten", "ble": "gluten",
    "crustace": "crustaces",
    "oeuf": "oeufs",
    "poisson": "poissons",
    "arachide": "arachides", "cacahuete": "arachides", "cacahuetes": "arachides",
    "lactose": "lait", "produits laitiers": "lait",
    "fruits a coques": "fruits-a-coque", "fruit a coque": "fruits-a-coque", "fruit a coques": "fruits-a-coque",
    "noix": "fruits-a-coque",
    "graines de sesame": "sesame", "graine de sesame": "sesame",
    "anhydride sulfureux et sulfites": "sulfites", "anhydride sulfureux": "sulfites", "sulfite": "sulfites",
    "mollusque": "mollusques",
}

RESTAURANT_ID_TYPES = ("SIRET", "EN", "autre", "sans")
RESTAURANT_TYPES = (
    "crèche", "maternelle", "élémentaire", "collège", "lycée", "université", "centre de formation",
    "administration", "résidence sénior", "EHPAD", "repas à domicile", "centre de loisirs",
    "restaurant d'entreprise", "autre",
)
NUTRISCORES = ("A", "B", "C", "D", "E")

# A dish with this precision is offered instead of another one of its course (see the module docstring).
ALTERNATIVE_PRECISION = "plat de substitution"

# Diets (menuPlatRegime, free text) that make a dish vegetarian, compared without accents or capitals.
VEGETARIAN_DIETS = frozenset({"vegetarien", "vegetarienne", "vegetalien", "vegan", "sans viande ni poisson"})

MAX_DISH_NAME = 159  # the SCDL: "moins de 160 caractères"
MAX_DISH_CODE = 15
MAX_LIST_ITEM = 100


class MenuValueError(ValueError):
    """A cell the rules refuse: ``code`` says why, ``value`` is the faulty item (to be quoted, cut)."""

    def __init__(self, code: str, value: str = ""):
        super().__init__(code)
        self.code = code
        self.value = value


def fold(text: str) -> str:
    """Text compared without accents, capitals, surrounding or doubled spaces, typographic apostrophes, or the
    ligature œ ("Œufs" and "oeufs" are one word)."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _lookup(spellings: dict[str, str]) -> dict[str, str]:
    """code by folded spelling, for the codes themselves and their SCDL spellings."""
    table = {fold(code): code for code in spellings}
    table.update({fold(spelling): code for code, spelling in spellings.items()})
    return table


_MEALS = _lookup(MEALS)
_COURSES = _lookup(COURSES)
_SIQO = {**_lookup(SIQO), **{fold(alias): code for alias, code in SIQO_ALIASES.items()}}
_ALLERGENS = {**_lookup(ALLERGENS), **{fold(alias): code for alias, code in ALLERGEN_ALIASES.items()}}
_RESTAURANT_ID_TYPES = {fold(value): value for value in RESTAURANT_ID_TYPES}
_RESTAURANT_TYPES = {fold(value): value for value in RESTAURANT_TYPES}


def _reader(table: dict[str, str], error: str):
    """A reader of one enumerated cell: its code, or :class:`MenuValueError` ``error`` quoting the cell."""

    def read(text: str) -> str:
        code = table.get(fold(text))
        if code is None:
            raise MenuValueError(error, text)
        return code

    return read


meal_code = _reader(_MEALS, "unknown_meal")
course_code = _reader(_COURSES, "unknown_course")
restaurant_id_type = _reader(_RESTAURANT_ID_TYPES, "unknown_id_type")
restaurant_type = _reader(_RESTAURANT_TYPES, "unknown_restaurant_type")
allergen_code = _reader(_ALLERGENS, "unknown_allergen")
siqo_code = _reader(_SIQO, "unknown_siqo")


def nutriscore(text: str) -> str:
    value = text.strip().upper()
    if value and value not in NUTRISCORES:
        raise MenuValueError("unknown_nutriscore", text)
    return value






# --- Lists -------------------------------------------------------------------------------------------


def split_list(text: str) -> list[str]:
    """A SCDL list cell: ``["lait","fruits à coques"]`` (the schema's form), or, as files also write it,
    items separated by ``,`` or ``;`` without brackets. Empty items are dropped; the order is kept."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            raise MenuValueError("bad_list", text) from None
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise MenuValueError("bad_list", text)
    else:
        items = re.split(r"[;,]", text)
    return _cleaned_items(items)


def split_semicolons(text: str) -> list[str]:
    """A free SCDL cell holding several values separated by ``;`` (``menuPlatLabel``, ``menuPlatPrecision``)."""
    return _cleaned_items(text.split(";"))


def _cleaned_items(items: Iterable[str]) -> list[str]:
    cleaned = []
    for item in items:
        item = " ".join(item.split())
        if len(item) > MAX_LIST_ITEM:
            raise MenuValueError("item_too_long", item)
        if item and item not in cleaned:
            cleaned.append(item)
    return cleaned


def write_list(items: Sequence[str]) -> str:
    """A SCDL list cell, as the schema writes it: ``["lait","fruits à coque"]`` (empty when no item)."""
    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":")) if items else ""


def allergen_codes(text: str) -> list[str]:
    """The allergens of a cell, as codes in the annex's order (each once)."""
    found = {allergen_code(item) for item in split_list(text)}
    return [code for code in ALLERGENS if code in found]


def siqo_codes(text: str) -> list[str]:
    found = {siqo_code(item) for item in split_list(text)}
    return [code for code in SIQO if code in found]


def precisions(text: str) -> tuple[list[str], bool]:
    """The precisions of a dish and whether it is an alternative (:data:`ALTERNATIVE_PRECISION`)."""
    items = split_semicolons(text)
    alternative = [item for item in items if fold(item) == ALTERNATIVE_PRECISION]
    return [item for item in items if item not in alternative], bool(alternative)


def is_vegetarian(diets: Iterable[str]) -> bool:
    return any(fold(diet) in VEGETARIAN_DIETS for diet in diets)


# --- Dates and weeks ---------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?"
)
_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{2})", re.IGNORECASE)


def parse_date(text: str) -> dt.date:
    """``AAAA-MM-JJ`` (the SCDL's ``%Y-%m-%d``), nothing else."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise MenuValueError("bad_date", text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise MenuValueError("bad_date", text) from None


def parse_datetime(text: str) -> dt.datetime:
    """An ISO 8601 date and time (``2026-11-20T08:00:00+01:00``, ``2026-11-20 08:00``, ``2026-11-20``);
    naive when the cell gives no offset (the Django layer takes the site's time zone)."""
    text = text.strip()
    match = _ISO_DATETIME.fullmatch(text)
    if not match:
        raise MenuValueError("bad_datetime", text)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise MenuValueError("bad_datetime", text) from None


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week (Monday to Sunday), written ``2026-W49``."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        match = _ISO_WEEK.fullmatch(text.strip())
        if not match:
            raise MenuValueError("bad_week", text)
        year, number = int(match.group(1)), int(match.group(2))
        try:
            dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise MenuValueError("bad_week", text) from None
        if not 2000 <= year <= 2100:
            raise MenuValueError("bad_week", text)
        return cls(year, number)

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        year, number, _weekday = day.isocalendar()
        return cls(year, number)

    @classmethod
    def to_show(cls, today: dt.date) -> Week:
        """The week a parent wants by default: this one, or the next one on a Saturday or a Sunday."""
        if today.isoweekday() >= 6:
            today += dt.timedelta(days=7)
        return cls.containing(today)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def days(self, count: int = 7) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=offset) for offset in range(count)]

    def shifted(self, weeks: int) -> Week:
        return Week.containing(self.monday + dt.timedelta(weeks=weeks))

    def __str__(self):
        return f"{self.year:04d}-W{self.number:02d}"


MAX_RANGE_DAYS = 366


def check_range(start: dt.date, end: dt.date) -> None:
    """A period asked of the export: in order, and a year at most."""
    if end < start:
        raise MenuValueError("range_reversed")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise MenuValueError("range_too_long")


# --- EGalim ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DishFacts:
    """What the weekly checks need of a dish."""

    course: str
    diets: tuple[str, ...]
    siqo: tuple[str, ...]
    labels: tuple[str, ...]
    alternative: bool


@dataclass(frozen=True)
class WeekCheck:
    """A restaurant's week as the loi EGalim asks: a vegetarian menu at least once (school canteens, since
    1 November 2019), and how many dishes carry a quality sign or label."""

    lunches: int
    vegetarian_days: tuple[dt.date, ...]
    dishes: int
    dishes_with_quality: int

    @property
    def missing_vegetarian(self) -> bool:
        return self.lunches > 0 and not self.vegetarian_days


def is_vegetarian_menu(dishes: Sequence[DishFacts]) -> bool:
    """A menu is vegetarian when its main course, as served to everyone (alternatives left out), is: every
    non-alternative ``plat`` is vegetarian, and there is one. A menu whose only vegetarian main course is
    an alternative offers a substitute, not the weekly vegetarian menu."""
    mains = [dish for dish in dishes if dish.course == "plat" and not dish.alternative]
    return bool(mains) and all(is_vegetarian(dish.diets) for dish in mains)


def check_week(menus: Iterable[tuple[dt.date, str, Sequence[DishFacts]]]) -> WeekCheck:
    """``menus``: (date, meal code, dishes) of one restaurant's week."""
    lunches, vegetarian, dishes, quality = 0, set(), 0, 0
    for day, meal, menu_dishes in menus:
        dishes += len(menu_dishes)
        quality += sum(1 for dish in menu_dishes if dish.siqo or dish.labels)
        if meal != "dejeuner":
            continue
        lunches += 1
        if is_vegetarian_menu(menu_dishes):
            vegetarian.add(day)
    return WeekCheck(lunches, tuple(sorted(vegetarian)), dishes, quality)


def filter_allergens(allergens: Iterable[str], avoided: Iterable[str]) -> list[str]:
    """The allergens of a dish that a child must avoid, in the annex's order."""
    avoided = set(avoided)
    return [code for code in allergens if code in avoided]
