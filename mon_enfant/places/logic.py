"""Pure logic of the services map: opening hours (parsed, written, "open now"), positions in France,
distances, phone numbers, age ranges. Plain Python, no Django: every function returns codes and values,
and raises :class:`PlaceValueError` with a code and its parameters; ``wording.py`` words them.

Opening hours are written in one short text format, the same in the import file, the export and the
admin's help, close to OpenStreetMap's ``opening_hours``::

    lu-ve 08:30-12:00,13:30-18:00; sa 09:00-12:00

Days are French (``lu ma me je ve sa di``) or English (``Mo Tu We Th Fr Sa Su``) abbreviations, alone, as a
range (``lu-ve``) or a list (``lu,ma,je``); times are ``08:30``, ``8h30`` or ``8h``. Exceptions (holidays,
summer hours) are periods, each a date or ``start/end`` interval, optional hours (none: closed), and a label::

    2026-12-24/2027-01-01 Vacances de Noël; 2027-07-01/2027-08-31 09:00-12:00 Horaires d'été
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)  # ISO: Monday = 1
DAY_WORDS = {
    "lu": 1, "ma": 2, "me": 3, "je": 4, "ve": 5, "sa": 6, "di": 7,
    "mo": 1, "tu": 2, "we": 3, "th": 4, "fr": 5, "su": 7,
}
DAY_CODES = {1: "lu", 2: "ma", 3: "me", 4: "je", 5: "ve", 6: "sa", 7: "di"}
MAX_SLOTS_PER_DAY = 6
MAX_CLOSURES = 60
MAX_LABEL = 120
MAX_AGE = 25

_TIME = re.compile(r"^(\d{1,2})(?:[:hH](\d{2})?)?$")


class PlaceValueError(ValueError):
    """A value that cannot be read: ``code`` says why, ``params`` what (for the message)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def fold(text: str) -> str:
    """Lower case without accents or repeated spaces: "Médiathèque  Pôle Sud" -> "mediatheque pole sud"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def slug_key(text: str, max_length: int = 60) -> str:
    """A stable key from a name: "Crèche Les P'tits Loups" -> "creche-les-p-tits-loups"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:max_length].strip("-")


# --- Opening hours ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Slot:
    """Open on ``weekday`` (ISO, 1 = Monday) from ``opens`` to ``closes``."""

    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Closure:
    """From ``start`` to ``end`` (included) the week's hours do not apply: closed, or open only ``hours``."""

    start: dt.date
    end: dt.date
    hours: tuple = ()  # ((opens, closes), ...); empty: closed
    label: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_time(text: str) -> dt.time:
    match = _TIME.match(text.strip())
    if not match:
        raise PlaceValueError("bad_time", value=text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour == 24 and minute == 0:
        return dt.time(23, 59)
    if hour > 23 or minute > 59:
        raise PlaceValueError("bad_time", value=text)
    return dt.time(hour, minute)


def parse_time_ranges(text: str) -> list[tuple[dt.time, dt.time]]:
    """``"08:30-12:00,13:30-18:00"`` -> [(08:30, 12:00), (13:30, 18:00)], in order, not overlapping."""
    ranges = []
    for part in text.split(","):
        part = part.strip()
        if part.count("-") != 1:
            raise PlaceValueError("bad_time_range", value=part)
        opens, closes = (parse_time(piece) for piece in part.split("-"))
        if closes <= opens:
            raise PlaceValueError("closes_before_opens", value=part)
        ranges.append((opens, closes))
    ranges.sort()
    for (_o1, c1), (o2, _c2) in zip(ranges, ranges[1:], strict=False):
        if o2 < c1:
            raise PlaceValueError("overlapping_hours", value=text.strip())
    if len(ranges) > MAX_SLOTS_PER_DAY:
        raise PlaceValueError("too_many_slots", max=MAX_SLOTS_PER_DAY)
    return ranges


def parse_days(text: str) -> list[int]:
    """``"lu-ve"`` -> [1..5], ``"lu,me,ve"`` -> [1, 3, 5], ``"sa"`` -> [6]."""
    days = []
    for part in text.split(","):
        bounds = [fold(piece)[:2] for piece in part.split("-")]
        if len(bounds) > 2 or any(bound not in DAY_WORDS for bound in bounds):
            raise PlaceValueError("bad_day", value=part.strip())
        first, last = DAY_WORDS[bounds[0]], DAY_WORDS[bounds[-1]]
        span = range(first, last + 1) if first <= last else [*range(first, 8), *range(1, last + 1)]
        days.extend(day for day in span if day not in days)
    return days


def parse_week_hours(text: str) -> list[Slot]:
    """The week's hours (see the module docstring); an empty text gives no hours (unknown, not closed)."""
    slots = {}
    for rule in (piece.strip() for piece in (text or "").split(";")):
        if not rule:
            continue
        days_text, _space, hours_text = rule.partition(" ")
        if not hours_text.strip():
            raise PlaceValueError("rule_without_hours", value=rule)
        days = parse_days(days_text)
        hours_text = hours_text.strip()
        if fold(hours_text) in ("ferme", "closed", "off"):
            for day in days:
                slots[day] = []
            continue
        ranges = parse_time_ranges(hours_text)
        for day in days:
            if slots.get(day):
                raise PlaceValueError("day_given_twice", day=DAY_CODES[day])
            slots[day] = ranges
    return sorted(Slot(day, opens, closes) for day, ranges in slots.items() for opens, closes in ranges)


def _time_text(moment: dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def ranges_text(ranges) -> str:
    return ",".join(f"{_time_text(opens)}-{_time_text(closes)}" for opens, closes in ranges)


def week_groups(slots) -> list[tuple[list[int], tuple]]:
    """Consecutive days with the same hours, grouped: [([1, 2, 3, 4, 5], ((08:30, 12:00), ...)), ([6], ...)]."""
    by_day = {}
    for slot in sorted(slots):
        by_day.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
    groups = []
    for day in WEEKDAYS:
        if day not in by_day:
            continue
        hours = tuple(by_day[day])
        if groups and groups[-1][1] == hours and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], hours))
    return groups


def format_week_hours(slots) -> str:
    """The inverse of :func:`parse_week_hours`: ``"lu-ve 08:30-12:00,13:30-18:00; sa 09:00-12:00"``."""
    parts = []
    for days, hours in week_groups(slots):
        days_text = DAY_CODES[days[0]] if len(days) == 1 else f"{DAY_CODES[days[0]]}-{DAY_CODES[days[-1]]}"
        parts.append(f"{days_text} {ranges_text(hours)}")
    return "; ".join(parts)


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise PlaceValueError("bad_date", value=text)


def parse_closures(text: str) -> list[Closure]:
    """The exceptions (see the module docstring): ``"2026-12-24/2027-01-01 Vacances de Noël; ..."``."""
    closures = []
    for rule in (piece.strip() for piece in (text or "").split(";")):
        if not rule:
            continue
        period, _space, rest = rule.partition(" ")
        start_text, _slash, end_text = period.partition("/")
        start = parse_date(start_text)
        end = parse_date(end_text) if end_text else start
        if end < start:
            raise PlaceValueError("period_ends_before_start", value=period)
        rest = rest.strip()
        hours = ()
        first, _space, label = rest.partition(" ")
        if first and first[0].isdigit() and "-" in first:
            hours = tuple(parse_time_ranges(first))
            rest = label.strip()
        if len(rest) > MAX_LABEL:
            raise PlaceValueError("label_too_long", max=MAX_LABEL)
        closures.append(Closure(start, end, hours, rest))
    if len(closures) > MAX_CLOSURES:
        raise PlaceValueError("too_many_closures", max=MAX_CLOSURES)
    return sorted(closures, key=closure_order)


def closure_order(closure: Closure):
    """The one order of a place's exceptions, wherever they come from (a file, the database)."""
    return (closure.start, closure.end, closure.label, closure.hours)


def format_closures(closures) -> str:
    parts = []
    for closure in closures:
        period = closure.start.isoformat()
        if closure.end != closure.start:
            period += "/" + closure.end.isoformat()
        words = [period]
        if closure.hours:
            words.append(ranges_text(closure.hours))
        if closure.label:
            words.append(closure.label)
        parts.append(" ".join(words))
    return "; ".join(parts)


def hours_on(day: dt.date, slots, closures) -> tuple[tuple, Closure | None]:
    """The hours of one day ((opens, closes), ...) and the exception that sets them, if any."""
    for closure in closures:
        if closure.covers(day):
            return closure.hours, closure
    return tuple((slot.opens, slot.closes) for slot in slots if slot.weekday == day.isoweekday()), None


OPEN = "open"
CLOSED = "closed"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class OpeningStatus:
    """``code``: open, closed or unknown (no hours given). ``until``: when it closes (open) ;
    ``next_day``/``next_time``: when it opens next, within a fortnight (closed); ``closure``: the exception
    that applies today."""

    code: str
    until: dt.time | None = None
    next_day: dt.date | None = None
    next_time: dt.time | None = None
    closure: Closure | None = None


def opening_status(slots, closures, moment: dt.datetime) -> OpeningStatus:
    if not slots and not closures:
        return OpeningStatus(UNKNOWN)
    today, now = moment.date(), moment.time()
    hours, closure = hours_on(today, slots, closures)
    for opens, closes in hours:
        if opens <= now < closes:
            return OpeningStatus(OPEN, until=closes, closure=closure)
    for offset in range(15):
        day = today + dt.timedelta(days=offset)
        day_hours = hours if offset == 0 else hours_on(day, slots, closures)[0]
        for opens, _closes in day_hours:
            if offset > 0 or opens > now:
                return OpeningStatus(CLOSED, next_day=day, next_time=opens, closure=closure)
    return OpeningStatus(CLOSED, closure=closure)


# --- Positions --------------------------------------------------------------------------------------

# Where a commune's place can be: metropolitan France and Corsica, then the overseas départements and
# collectivités (lat_min, lat_max, lon_min, lon_max).
FRANCE_BOXES = (
    (41.2, 51.2, -5.3, 9.7),  # métropole
    (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    (14.3, 14.9, -61.3, -60.7),  # Martinique
    (2.0, 5.9, -54.7, -51.5),  # Guyane
    (-21.5, -20.8, 55.1, 55.9),  # La Réunion
    (-13.1, -12.5, 44.9, 45.4),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (17.8, 18.2, -63.2, -62.7),  # Saint-Martin, Saint-Barthélemy
)


def in_france(latitude: float, longitude: float) -> bool:
    return any(lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max
               for lat_min, lat_max, lon_min, lon_max in FRANCE_BOXES)


def check_position(latitude, longitude) -> None:
    """Raise ``swapped_coordinates`` when the point lies in France once latitude and longitude are swapped
    (the commonest mistake: GeoJSON is longitude first), ``outside_france`` when it is nowhere in France."""
    latitude, longitude = float(latitude), float(longitude)
    if in_france(latitude, longitude):
        return
    if in_france(longitude, latitude):
        raise PlaceValueError("swapped_coordinates", latitude=latitude, longitude=longitude)
    raise PlaceValueError("outside_france", latitude=latitude, longitude=longitude)


EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine): within a commune, a few metres of error at most."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def rounded_distance(metres: float) -> int:
    """What a parent reads: to 10 m under 1 km, to 100 m beyond (the caller words "1,2 km")."""
    step = 10 if metres < 1000 else 100
    return int(Decimal(metres / step).quantize(Decimal(1), rounding="ROUND_HALF_UP")) * step


# --- Contact details ---------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalise_phone(text: str) -> str:
    """A French phone number as written in France: "0299407171" or "+33 2 99 40 71 71" -> "02 99 40 71 71";
    short numbers (3939, 115) stay as they are. Raises ``bad_phone``."""
    raw = (text or "").strip()
    if not raw:
        return ""
    digits = _PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+33"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0033"):
        digits = "0" + digits[4:].removeprefix("0")
    if not (digits.isascii() and digits.isdigit()):
        raise PlaceValueError("bad_phone", value=raw)
    if len(digits) == 10 and digits.startswith("0") and digits[1] != "0":
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    if 2 <= len(digits) <= 4 and not digits.startswith("0"):
        return digits
    raise PlaceValueError("bad_phone", value=raw)


def phone_uri(phone: str) -> str:
    digits = phone.replace(" ", "")
    return f"tel:+33{digits[1:]}" if len(digits) == 10 and digits.startswith("0") else f"tel:{digits}"


def parse_age(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 2 or int(text) > MAX_AGE:
        raise PlaceValueError("bad_age", value=text, max=MAX_AGE)
    return int(text)


def check_age_range(age_min, age_max) -> None:
    if age_min is not None and age_max is not None and age_max < age_min:
        raise PlaceValueError("age_range_reversed", age_min=age_min, age_max=age_max)


def welcomes_age(age_min, age_max, age) -> bool:
    """Whether a child of ``age`` (whole years) is welcome; a place with no range welcomes every age."""
    return (age_min is None or age >= age_min) and (age_max is None or age <= age_max)
