"""Pure logic of the school agenda: months (``2026-12``), an event's span of days and hours, its status
relative to a day (upcoming, ongoing, past), the upcoming/past split and the grouping by month, and the
calendar bounds of an event (RFC 5545: an all-day event ends the day after its last day). Plain Python, no
Django: functions return codes and values; ``wording.py`` words them.

Rules:

* an event without a start time lasts whole days, from its start date to its end date (or its start date);
* an event is *past* once its last day is over: an event of today, or one still going on (a period of
  inscriptions from 10 January to 15 March), is *upcoming*, shown with the events to come;
* a month filter keeps the events whose days meet that month (a period across two months is in both);
* the end never comes before the start (same day: the end time not before the start time), and an end time
  needs a start time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

UPCOMING = "upcoming"
TODAY = "today"
ONGOING = "ongoing"
PAST = "past"

_MONTH = re.compile(r"(\d{4})-(\d{2})")
MIN_YEAR, MAX_YEAR = 1900, 2999  # a month outside is a typing error, not a question about the agenda


class AgendaValueError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``2026-12`` (the value of an HTML ``<input type="month">``)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.fullmatch((text or "").strip())
        if not match:
            raise AgendaValueError("bad_month")
        year, month = map(int, match.groups())
        if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
            raise AgendaValueError("bad_month")
        return cls(year, month)

    @classmethod
    def containing(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Span:
    """When an event takes place: ``start_time`` None means whole days."""

    start_date: dt.date
    start_time: dt.time | None = None
    end_date: dt.date | None = None
    end_time: dt.time | None = None

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def several_days(self) -> bool:
        return self.last_day != self.start_date

    def meets(self, first: dt.date, last: dt.date) -> bool:
        """Whether one of the event's days falls between ``first`` and ``last`` (both included)."""
        return self.start_date <= last and self.last_day >= first

    def status(self, today: dt.date) -> str:
        if self.last_day < today:
            return PAST
        if self.start_date > today:
            return UPCOMING
        return TODAY if not self.several_days else ONGOING

    def shown_on(self, today: dt.date) -> dt.date:
        """The day an upcoming event is listed under: its start, or today for one already going on."""
        return max(self.start_date, today)


def check_span(span: Span) -> None:
    """Raise :class:`AgendaValueError` (``end_time_without_start``, ``end_before_start``) for an impossible span."""
    if span.end_time is not None and span.start_time is None:
        raise AgendaValueError("end_time_without_start")
    if span.end_date is not None and span.end_date < span.start_date:
        raise AgendaValueError("end_before_start")
    if span.end_time is not None and not span.several_days and span.end_time < span.start_time:
        raise AgendaValueError("end_before_start")


def split(items: Iterable[T], today: dt.date, span_of: Callable[[T], Span]) -> tuple[list[T], list[T]]:
    """``(upcoming, past)``: the upcoming soonest first (ongoing ones first of all), the past latest first."""
    upcoming, past = [], []
    for item in items:
        (past if span_of(item).status(today) == PAST else upcoming).append(item)
    upcoming.sort(key=lambda item: (span_of(item).shown_on(today), _time_key(span_of(item))))
    past.sort(key=lambda item: (span_of(item).last_day, span_of(item).start_date), reverse=True)
    return upcoming, past


def _time_key(span: Span) -> dt.time:
    return span.start_time or dt.time.min  # a whole day first, then by the hour


def group_by_month(items: Iterable[T], day_of: Callable[[T], dt.date]) -> list[tuple[Month, list[T]]]:
    """Consecutive items of the same month together, in the items' order."""
    groups: list[tuple[Month, list[T]]] = []
    for item in items:
        month = Month.containing(day_of(item))
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(item)
    return groups


def calendar_bounds(span: Span, tz: dt.tzinfo) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """DTSTART and DTEND of the event (RFC 5545, 3.6.1): dates for whole days, the end exclusive (the day after
    the last); aware datetimes in ``tz`` otherwise, the end None when no end time is known on a single day (the
    event then has no duration). A timed event over several days without an end time ends with its last day."""
    if span.all_day:
        return span.start_date, span.last_day + dt.timedelta(days=1)
    start = dt.datetime.combine(span.start_date, span.start_time, tzinfo=tz)
    if span.end_time is not None:
        return start, dt.datetime.combine(span.last_day, span.end_time, tzinfo=tz)
    if span.several_days:
        return start, dt.datetime.combine(span.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, None
