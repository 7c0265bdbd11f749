"""The menus' JSON and iCalendar operations: a school's week validates against the OpenAPI document's
response schema; the calendar feed is valid RFC 5545 read by an independent parser (vobject), with one
all-day event per day with a menu; bad parameters answer 4xx naming the field, never 500."""

import datetime as dt

import pytest
import vobject

from mon_enfant.menus import services
from mon_enfant.menus.importers import import_menus
from tests.menus.data import MENUS_SCDL
from tests.openapi import answer_validator

pytestmark = pytest.mark.django_db

WEEK_URL = "/api/mon-enfant/v1/menus"
FEED_URL = "/api/mon-enfant/v1/menus.ics"


@pytest.fixture
def imported(commune_a, school_a, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: dt.date(2026, 12, 9))
    import_menus(MENUS_SCDL.read_bytes())


@pytest.fixture
def contract(client):
    """A validator of the operation's answers, status by status, from the OpenAPI document served."""
    return answer_validator(client, WEEK_URL, "get")


def test_a_schools_week(client, imported, contract):
    answer = contract(client.get(WEEK_URL, {"school": "0350916f", "week": "2026-W50"}))
    assert (answer["school"], answer["week"], answer["start"], answer["end"]) == (
        "0350916F", "2026-W50", "2026-12-07", "2026-12-13")
    assert (answer["previous_week"], answer["next_week"]) == ("2026-W49", "2026-W51")
    assert [day["date"] for day in answer["days"]] == [f"2026-12-{day:02d}" for day in range(7, 12)]
    monday = answer["days"][0]["menus"][0]
    assert (monday["meal"], monday["vegetarian"]) == ("dejeuner", False)
    turkey = monday["dishes"][2]
    assert (turkey["name"], turkey["course"], turkey["alternative"], turkey["allergens"]) == (
        "Sauté de dinde au caramel", "plat", True, ["sulfites"])
    tuesday = answer["days"][1]["menus"]
    assert [(menu["meal"], menu["vegetarian"]) for menu in tuesday] == [("dejeuner", True), ("gouter", False)]
    assert answer["days"][2]["menus"] == []


def test_the_default_week_is_this_one(client, imported, contract):
    assert contract(client.get(WEEK_URL, {"school": "0350916F"}))["week"] == "2026-W50"


@pytest.mark.parametrize("query, field", [
    ({"school": "0350916F", "week": "2026-W60"}, "week"),
    ({"school": "0350916F", "week": "x" * 500}, "week"),
    ({"school": "nope"}, "school"),
    ({}, "school"),
])
def test_bad_parameters_answer_422_with_the_field(client, imported, contract, query, field):
    answer = contract(client.get(WEEK_URL, query))
    assert field in [error["loc"][-1] for error in answer["detail"]]


def test_an_unknown_school_or_one_without_restaurant_answers_404(client, imported, contract, school_b):
    contract(client.get(WEEK_URL, {"school": "0359999Z"}))
    assert client.get(WEEK_URL, {"school": school_b.uai}).status_code == 404


def test_the_calendar_feed_is_valid_rfc5545_with_one_event_per_day(client, imported):
    response = client.get(FEED_URL, {"school": "0350916F"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    assert calendar.version.value == "2.0"
    events = calendar.vevent_list
    days = [event.dtstart.value for event in events]
    assert days == [dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 10)]
    assert all(event.dtend.value - event.dtstart.value == dt.timedelta(days=1) for event in events)
    assert len({event.uid.value for event in events}) == 3
    tuesday = events[1].description.value
    assert "Lasagnes aux légumes" in tuesday and "Pain au chocolat" in tuesday
    assert "Goûter" in tuesday  # two meals that day: each is named
    monday = events[0].description.value
    assert "Sauté de dinde au caramel (plat de substitution)" in monday
    assert "allergènes : gluten, œufs, lait" in monday


def test_the_feed_keeps_to_its_window(client, imported, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: dt.date(2027, 6, 1))
    calendar = vobject.readOne(client.get(FEED_URL, {"school": "0350916F"}).content.decode())
    assert not hasattr(calendar, "vevent")


def test_the_feed_of_an_unknown_school(client, imported):
    assert client.get(FEED_URL, {"school": "0359999Z"}).status_code == 404
    assert client.get(FEED_URL, {"school": "<script>"}).status_code == 422


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/mon-enfant/v1/openapi.json").json()["paths"]
    assert {"/api/mon-enfant/v1/menus", "/api/mon-enfant/v1/menus.csv", "/api/mon-enfant/v1/menus.ics"} <= set(paths)
    assert "text/calendar" in paths[FEED_URL]["get"]["responses"]["200"]["content"]
