"""School years ("année scolaire") written "2026-2027", the key of data that changes at the rentrée.

Pure Python: no Django import, so it is unit-tested directly. The Django-aware
``current_school_year()`` lives in :mod:`mon_enfant.utils`, which reads the configured start date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ASCII digits only: "\d" would also read "٢٠٢٦".
_PATTERN = re.compile(r"\s*([0-9]{4})\s*[-/]\s*([0-9]{4})\s*")


class SchoolYearError(ValueError):
    """Why a text is not a school year: ``code`` is ``"format"`` (not "2026-2027"), ``"not_consecutive"``
    ("2026-2028") or ``"implausible"`` ("1850-1851"); ``text`` is what was given. Worded by the Django
    layer (:func:`mon_enfant.utils.school_year_error`)."""

    def __init__(self, code: str, text: object):
        super().__init__(code)
        self.code = code
        self.text = text


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year, identified by the calendar year in which it starts."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """Parse "2026-2027" (or "2026/2027"); the two years must follow each other. Raises
        :class:`SchoolYearError`."""
        match = _PATTERN.fullmatch(text or "") if isinstance(text, str | None) else None
        if not match:
            raise SchoolYearError("format", text)
        first, second = int(match.group(1)), int(match.group(2))
        if second != first + 1:
            raise SchoolYearError("not_consecutive", text)
        if not 1900 <= first <= 2200:
            raise SchoolYearError("implausible", text)
        return cls(first)

    @classmethod
    def containing(cls, day: dt.date, start_month: int = 9, start_day: int = 1) -> SchoolYear:
        """The school year in progress on ``day``, for a year starting on start_month/start_day."""
        started_this_year = (day.month, day.day) >= (start_month, start_day)
        return cls(day.year if started_this_year else day.year - 1)

    def next(self) -> SchoolYear:
        return SchoolYear(self.start_year + 1)

    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)

    def starts_on(self, start_month: int = 9, start_day: int = 1) -> dt.date:
        return dt.date(self.start_year, start_month, start_day)

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"


def school_year_choices(current: SchoolYear, before: int = 1, after: int = 1) -> list[tuple[str, str]]:
    """Choices around the current year, for forms (last year, this year, next year by default)."""
    years = [SchoolYear(current.start_year + offset) for offset in range(-before, after + 1)]
    return [(str(year), str(year)) for year in years]
