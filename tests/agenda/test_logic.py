"""The agenda's pure rules (mon_enfant.agenda.logic) and their wording: months, spans, upcoming and past, the
calendar's bounds, and how a date is said."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation

from mon_enfant.agenda import logic, wording

D = dt.date
T = dt.time
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("text", "month"), [("2026-12", logic.Month(2026, 12)), (" 2027-01 ", logic.Month(2027, 1))])
def test_a_month_is_written_year_dash_month(text, month):
    assert logic.Month.parse(text) == month
    assert str(month) == text.strip()


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "12-2026", "2026-1", "0000-01", "2026-12-01", "décembre",
                                  "<script>", "9" * 500])
def test_anything_else_is_not_a_month(text):
    with pytest.raises(logic.AgendaValueError) as caught:
        logic.Month.parse(text)
    assert caught.value.code == "bad_month"


def test_a_months_first_and_last_day_and_the_next():
    assert logic.Month(2027, 2).last_day == D(2027, 2, 28)
    assert logic.Month(2026, 12).next() == logic.Month(2027, 1)


@pytest.mark.parametrize(("span", "code"), [
    (logic.Span(D(2026, 12, 5)), logic.PAST),
    (logic.Span(D(2026, 12, 6)), logic.TODAY),
    (logic.Span(D(2026, 12, 1), end_date=D(2027, 1, 15)), logic.ONGOING),
    (logic.Span(D(2026, 12, 7)), logic.UPCOMING),
])
def test_an_event_is_past_only_once_its_last_day_is_over(span, code):
    assert span.status(D(2026, 12, 6)) == code


@pytest.mark.parametrize("span", [
    logic.Span(D(2026, 12, 6), end_date=D(2026, 12, 5)),
    logic.Span(D(2026, 12, 6), T(18), end_time=T(17)),
    logic.Span(D(2026, 12, 6), end_time=T(17)),
])
def test_an_impossible_span_is_refused(span):
    with pytest.raises(logic.AgendaValueError):
        logic.check_span(span)


def test_an_end_time_before_the_start_time_is_fine_on_a_later_day():
    logic.check_span(logic.Span(D(2026, 12, 6), T(18), D(2026, 12, 7), T(9)))


def test_the_upcoming_come_soonest_first_with_the_ongoing_ones_and_the_past_latest_first():
    spans = [logic.Span(D(2026, 12, 20)), logic.Span(D(2026, 11, 2)),
             logic.Span(D(2026, 12, 1), end_date=D(2027, 1, 1)),
             logic.Span(D(2026, 12, 10), T(9)), logic.Span(D(2026, 12, 10)), logic.Span(D(2026, 11, 20))]
    upcoming, past = logic.split(spans, D(2026, 12, 6), lambda span: span)
    assert upcoming == [spans[2], spans[4], spans[3], spans[0]]
    assert past == [spans[5], spans[1]]
    groups = logic.group_by_month(upcoming, lambda span: span.shown_on(D(2026, 12, 6)))
    assert [(str(month), len(items)) for month, items in groups] == [("2026-12", 4)]


def test_a_whole_day_ends_the_next_day_in_a_calendar():
    assert logic.calendar_bounds(logic.Span(D(2026, 12, 1), end_date=D(2027, 1, 15)), PARIS) == (D(2026, 12, 1),
                                                                                                  D(2027, 1, 16))
    start, end = logic.calendar_bounds(logic.Span(D(2026, 12, 18), T(18), end_time=T(20)), PARIS)
    assert (start.isoformat(), end.isoformat()) == ("2026-12-18T18:00:00+01:00", "2026-12-18T20:00:00+01:00")
    assert logic.calendar_bounds(logic.Span(D(2026, 12, 18), T(18)), PARIS)[1] is None


@pytest.mark.parametrize(("span", "text"), [
    (logic.Span(D(2026, 12, 18)), "le 18 décembre 2026"),
    (logic.Span(D(2027, 1, 1), T(18, 30)), "le 1er janvier 2027 à 18 h 30"),
    (logic.Span(D(2026, 12, 18), T(18), end_time=T(20)), "le 18 décembre 2026, de 18 h à 20 h"),
    (logic.Span(D(2026, 12, 1), end_date=D(2027, 1, 15)), "du 1er décembre 2026 au 15 janvier 2027"),
    (logic.Span(D(2026, 12, 1), T(9), D(2026, 12, 2), T(17)),
     "du 1er décembre 2026 (9 h) au 2 décembre 2026 (17 h)"),
])
def test_when_an_event_takes_place_in_french(span, text):
    with translation.override("fr"):
        assert wording.when(span) == text


def test_a_month_is_named_in_the_pages_language():
    with translation.override("fr"):
        assert wording.month_label(logic.Month(2026, 12)) == "Décembre 2026"
    with translation.override("en"):
        assert wording.month_label(logic.Month(2026, 12)) == "December 2026"


def test_hours_are_written_the_way_of_the_pages_language():
    span = logic.Span(D(2026, 12, 18), T(18, 30), end_time=T(20))
    with translation.override("en"):
        assert wording.when(span) == "on 18 December 2026, from 18:30 to 20:00"
