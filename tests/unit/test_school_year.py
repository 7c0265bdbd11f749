"""School years ("2026-2027"): parsing, the year in progress on a date, and the Django helper that
reads ``MON_ENFANT_SCHOOL_YEAR_START``."""

import datetime as dt

import pytest

from mon_enfant.school_year import SchoolYear, SchoolYearError, school_year_choices
from mon_enfant.utils import current_school_year, forget_today


@pytest.mark.parametrize("text", ["2026-2027", "2026/2027", " 2026 - 2027 ", "2026 /2027"])
def test_parse_accepts_a_dash_or_a_slash(text):
    assert SchoolYear.parse(text) == SchoolYear(2026)


@pytest.mark.parametrize(
    "text, code",
    [
        ("2026-2028", "not_consecutive"),
        ("2027-2026", "not_consecutive"),
        ("abc", "format"),
        ("", "format"),
        ("2026", "format"),
        ("26-27", "format"),
        ("٢٠٢٦-٢٠٢٧", "format"),
        ("1850-1851", "implausible"),
    ],
)
def test_parse_refuses_what_is_not_a_school_year_with_a_code_and_no_sentence(text, code):
    """Pure logic says why with a code; the Django layer words it (tests/core/test_school_year_wording.py)."""
    with pytest.raises(SchoolYearError) as refused:
        SchoolYear.parse(text)
    assert refused.value.code == code and str(refused.value) == code and refused.value.text == text


def test_parse_refuses_none():
    with pytest.raises(ValueError):
        SchoolYear.parse(None)


def test_str_is_written_with_a_dash():
    assert str(SchoolYear(2026)) == "2026-2027"


def test_str_round_trips_through_parse():
    assert SchoolYear.parse(str(SchoolYear(2031))) == SchoolYear(2031)


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2026, 8, 31), 2025),
        (dt.date(2026, 9, 1), 2026),
        (dt.date(2026, 9, 2), 2026),
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 1, 1), 2026),
        (dt.date(2027, 7, 4), 2026),
    ],
)
def test_containing_changes_year_on_1_september_by_default(day, expected):
    assert SchoolYear.containing(day) == SchoolYear(expected)


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2026, 8, 24), 2025),
        (dt.date(2026, 8, 25), 2026),
        (dt.date(2026, 9, 1), 2026),
    ],
)
def test_containing_uses_a_custom_start(day, expected):
    """A rentrée on 25 August (as in La Réunion)."""
    assert SchoolYear.containing(day, start_month=8, start_day=25) == SchoolYear(expected)


def test_next_and_previous():
    year = SchoolYear(2026)
    assert str(year.next()) == "2027-2028"
    assert str(year.previous()) == "2025-2026"
    assert year.next().previous() == year


def test_school_years_are_ordered():
    assert sorted([SchoolYear(2027), SchoolYear(2025), SchoolYear(2026)]) == [
        SchoolYear(2025), SchoolYear(2026), SchoolYear(2027)
    ]


def test_starts_on():
    assert SchoolYear(2026).starts_on() == dt.date(2026, 9, 1)
    assert SchoolYear(2026).starts_on(8, 25) == dt.date(2026, 8, 25)


def test_choices_around_the_current_year():
    assert school_year_choices(SchoolYear(2026)) == [
        ("2025-2026", "2025-2026"), ("2026-2027", "2026-2027"), ("2027-2028", "2027-2028")
    ]


# --- the Django helper ------------------------------------------------------------------------


def test_current_school_year_defaults_to_a_1_september_start(settings):
    del settings.MON_ENFANT_SCHOOL_YEAR_START
    assert current_school_year(dt.date(2026, 8, 31)) == SchoolYear(2025)
    assert current_school_year(dt.date(2026, 9, 1)) == SchoolYear(2026)


def test_current_school_year_reads_the_start_setting(settings):
    settings.MON_ENFANT_SCHOOL_YEAR_START = "08-25"
    assert current_school_year(dt.date(2026, 8, 24)) == SchoolYear(2025)
    assert current_school_year(dt.date(2026, 8, 25)) == SchoolYear(2026)


def test_current_school_year_uses_today_in_the_sites_time_zone(settings, monkeypatch):
    settings.MON_ENFANT_SCHOOL_YEAR_START = "09-01"
    settings.TIME_ZONE = "Europe/Paris"
    # 31 August 23:30 UTC is already 1 September in Paris: the new school year has begun there.
    monkeypatch.setattr("django.utils.timezone.now", lambda: dt.datetime(2026, 8, 31, 23, 30, tzinfo=dt.UTC))
    forget_today()
    assert current_school_year() == SchoolYear(2026)
    settings.TIME_ZONE = "UTC"
    assert current_school_year() == SchoolYear(2025)


def test_current_school_year_is_kept_until_local_midnight(settings, monkeypatch):
    settings.TIME_ZONE = "Europe/Paris"
    clock = {"now": dt.datetime(2026, 8, 31, 21, 59, tzinfo=dt.UTC)}  # 23:59 in Paris
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    monkeypatch.setattr("mon_enfant.utils.time.time", lambda: clock["now"].timestamp())
    forget_today()
    assert current_school_year() == SchoolYear(2025)
    clock["now"] = dt.datetime(2026, 8, 31, 21, 59, 59, tzinfo=dt.UTC)
    assert current_school_year() == SchoolYear(2025)
    clock["now"] = dt.datetime(2026, 8, 31, 22, 0, tzinfo=dt.UTC)  # midnight in Paris
    assert current_school_year() == SchoolYear(2026)
