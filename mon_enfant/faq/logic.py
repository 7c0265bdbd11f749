"""Pure logic of the questions and procedures: search terms, slugs, and the key dates of a procedure relative
to today ("dans 12 jours", "clos depuis le 15 mars"). Plain Python, no Django: functions return codes and
values; ``wording.py`` words them.

A key date is either a calendar date (``2027-03-15``) or a yearly date (``--03-15``, every 15 March): a yearly
date is placed in the school year being prepared (the next occurrence for an upcoming deadline, the last one
for a closed window, see :func:`occurrence`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY = 200  # characters of a search kept; a longer one is cut, never refused
MAX_TERMS = 12
_WORD = re.compile(r"[a-z0-9]+")


class FaqValueError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def fold(text: str) -> str:
    """Lower case, without accents: what both the index and the query are made of, so that "derogation" finds
    "Dérogation" whatever the search backend."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("œ", "oe").replace("æ", "ae")


def search_terms(query: str) -> list[str]:
    """The words of a search: folded, letters and digits only, at most :data:`MAX_TERMS` of them (a search of
    3,000 characters or of punctuation only gives a few words or none, never an error)."""
    return _WORD.findall(fold((query or "")[:MAX_QUERY]))[:MAX_TERMS]


def slugify(text: str, max_length: int = 80) -> str:
    return "-".join(_WORD.findall(fold(text)))[:max_length].strip("-")


# --- Key dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    """``day``: a calendar date, or None for a yearly date given by ``month`` and ``month_day``."""

    label: str
    day: dt.date | None = None
    month: int | None = None
    month_day: int | None = None
    kind: str = "deadline"  # deadline (until), opening (from), event (on)


def parse_key_date(text: str) -> tuple[dt.date | None, int | None, int | None]:
    """``2027-03-15`` -> (date, None, None); ``--03-15`` or ``15/03`` -> (None, 3, 15)."""
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(*map(int, match.groups())), None, None
        except ValueError:
            raise FaqValueError("bad_date", value=text) from None
    match = re.fullmatch(r"--(\d{2})-(\d{2})", text) or re.fullmatch(r"(\d{1,2})/(\d{1,2})", text)
    if match:
        first, second = map(int, match.groups())
        month, day = (first, second) if text.startswith("--") else (second, first)
        try:
            dt.date(2024, month, day)  # a leap year: 29 February is a day of the year
        except ValueError:
            raise FaqValueError("bad_date", value=text) from None
        return None, month, day
    raise FaqValueError("bad_date", value=text)


def occurrence(key: KeyDate, today: dt.date) -> dt.date:
    """The date a key date falls on, seen from ``today``: a calendar date as it is; a yearly date this year, or
    next year once this year's is more than 60 days gone (a window closed in March is "closed since" until
    May, then announced for next year)."""
    if key.day is not None:
        return key.day
    for year in (today.year, today.year + 1):
        try:
            day = dt.date(year, key.month, key.month_day)
        except ValueError:  # 29 February of a common year
            day = dt.date(year, key.month, 28)
        if (today - day).days <= 60:
            return day
    return day


UPCOMING = "upcoming"
TODAY = "today"
PAST = "past"


@dataclass(frozen=True)
class DateStatus:
    """``code``: upcoming (``days`` to go), today, or past (``days`` since)."""

    code: str
    day: dt.date
    days: int


def date_status(key: KeyDate, today: dt.date) -> DateStatus:
    day = occurrence(key, today)
    delta = (day - today).days
    if delta > 0:
        return DateStatus(UPCOMING, day, delta)
    if delta == 0:
        return DateStatus(TODAY, day, 0)
    return DateStatus(PAST, day, -delta)


def open_deadlines(keys, today: dt.date, horizon_days: int = 120) -> list[tuple[KeyDate, DateStatus]]:
    """The deadlines still to come within ``horizon_days``, soonest first: what a family must do now."""
    found = []
    for key in keys:
        status = date_status(key, today)
        if key.kind == "deadline" and status.code in (UPCOMING, TODAY) and status.days <= horizon_days:
            found.append((key, status))
    return sorted(found, key=lambda pair: pair[1].day)
