"""The agenda's API: the JSON listing against its OpenAPI schema, the calendar feeds of a commune, of a school
and of one event, read by two independent parsers (vobject and icalendar), and the refusals (404, 422, never
500)."""

import datetime as dt

import icalendar
import pytest
import vobject

from tests.openapi import answer_validator

API = "/api/mon-enfant/v1"


def test_the_listing_gives_the_events_to_come_and_the_news(client, agenda):
    validate = answer_validator(client, f"{API}/agenda")
    answer = validate(client.get(f"{API}/agenda", {"commune": "35288"}))
    assert [event["title"] for event in answer["events"]] == [
        "Inscriptions scolaires pour la rentrée 2027", "Fête de Noël", "Réunion d'information sur la petite section"]
    noel = answer["events"][1]
    assert noel["start_time"] == "18:00:00" and noel["end_date"] == "2026-12-18" and noel["schools"] == ["0359901A"]
    assert noel["when"] == "le 18 décembre 2026, de 18 h à 20 h" and noel["responsible_body"] == "ecole"
    assert noel["calendar_url"] == f"http://testserver{API}/agenda/events/{agenda['events']['noel'].pk}.ics"
    assert answer["events"][0]["schools"] == [] and answer["count"] == 3
    assert [item["title"] for item in answer["news"]] == ["Travaux dans la cour des Corsaires",
                                                          "Nouveau prestataire de cantine"]


def test_an_events_times_are_wall_clock_times_as_the_document_declares(client, agenda):
    """Found by schemathesis: the document declared JSON Schema's "time" (RFC 3339, with an offset) for times
    written "18:00:00"; it declares a wall-clock time now, and the validator checks formats."""
    document = client.get(f"{API}/openapi.json").json()
    declared = document["components"]["schemas"]["EventOut"]["properties"]["start_time"]["anyOf"][0]
    assert "format" not in declared and declared["type"] == "string"
    validate = answer_validator(client, f"{API}/agenda")
    answer = validate(client.get(f"{API}/agenda", {"commune": "35288"}))
    assert [(event["start_time"], event["end_time"]) for event in answer["events"]][1] == ("18:00:00", "20:00:00")


def test_the_listing_of_a_school_a_month_and_a_kind(client, agenda):
    validate = answer_validator(client, f"{API}/agenda")
    answer = validate(client.get(f"{API}/agenda", {"commune": "35288", "school": "0359903c", "month": "2027-01"}))
    assert answer["school"] == "0359903C" and answer["month"] == "2027-01"
    assert [event["title"] for event in answer["events"]] == ["Inscriptions scolaires pour la rentrée 2027",
                                                              "Réunion d'information sur la petite section"]
    past = validate(client.get(f"{API}/agenda", {"commune": "35288", "month": "2026-11", "kind": "sortie"}))
    assert [event["title"] for event in past["events"]] == ["Sortie au Grand Aquarium"]


@pytest.mark.parametrize(("query", "status"), [
    ({}, 422), ({"commune": "99999"}, 404), ({"commune": "35288", "school": "0350707D"}, 404),
    ({"commune": "35288", "school": "9999999Z"}, 404), ({"commune": "35288", "month": "2026-13"}, 422),
    ({"commune": "35288", "month": "x" * 5000}, 422), ({"commune": "35288", "kind": "zoo"}, 422),
    ({"commune": "<script>"}, 422),
])
def test_the_listing_refuses_bad_parameters_in_french(client, agenda, query, status):
    validate = answer_validator(client, f"{API}/agenda")
    response = client.get(f"{API}/agenda", query)
    assert response.status_code == status
    answer = validate(response)
    if status == 404:
        assert answer["detail"] in ("Commune inconnue (code INSEE).", "École inconnue dans cette commune (code UAI).")


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {event.summary.value: event for event in vobject.readOne(response.content.decode()).vevent_list}


def test_the_communes_feed_is_valid_rfc_5545(client, agenda):
    response = client.get(f"{API}/agenda.ics", {"commune": "35288"})
    events = events_of(response)
    assert set(events) == {"Sortie au Grand Aquarium", "Inscriptions scolaires pour la rentrée 2027", "Fête de Noël",
                           "Réunion d'information sur la petite section"}
    inscriptions = events["Inscriptions scolaires pour la rentrée 2027"]
    # A whole-day period: dates, the end the day after the last day.
    assert inscriptions.dtstart.value == dt.date(2026, 12, 1) and inscriptions.dtend.value == dt.date(2027, 1, 16)
    assert inscriptions.location.value == "Guichet unique, Hôtel de ville"
    assert inscriptions.categories.value == ["Période d'inscription"]
    assert "Pour qui : Toutes les écoles de Saint-Malo" in inscriptions.description.value
    assert "Qui décide : Mairie" in inscriptions.description.value
    noel = events["Fête de Noël"]
    assert noel.dtstart.value == dt.datetime(2026, 12, 18, 17, tzinfo=dt.UTC)  # 18:00 in Paris
    assert noel.dtend.value == dt.datetime(2026, 12, 18, 19, tzinfo=dt.UTC)
    assert noel.url.value == "https://corsaires.example/noel"
    assert noel.uid.value == f"agenda-event-{agenda['events']['noel'].pk}@testserver"
    assert "Brouillon secret" not in events and "Kermesse secrète de Combourg" not in events

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Agenda des écoles – Saint-Malo"
    assert all({"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event) for event in calendar.walk("VEVENT"))


def test_a_uid_stays_the_same_from_one_download_to_the_next(client, agenda):
    def uids():
        return sorted(event.uid.value for event in events_of(client.get(f"{API}/agenda.ics", {"commune": "35288"}))
                      .values())

    assert uids() == uids()


def test_a_schools_feed_holds_its_events_and_its_communes_whole(client, agenda):
    response = client.get(f"{API}/agenda.ics", {"commune": "35288", "school": "0359901A"})
    assert set(events_of(response)) == {"Sortie au Grand Aquarium", "Inscriptions scolaires pour la rentrée 2027",
                                        "Fête de Noël"}
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Agenda des écoles – École élémentaire des Corsaires"


def test_the_feed_leaves_out_events_long_past(client, agenda, settings):
    settings.MON_ENFANT_AGENDA_FEED_PAST_DAYS = 7
    assert "Sortie au Grand Aquarium" not in events_of(client.get(f"{API}/agenda.ics", {"commune": "35288"}))


def test_one_events_calendar(client, agenda):
    reunion = agenda["events"]["reunion"]
    [event] = events_of(client.get(f"{API}/agenda/events/{reunion.pk}.ics")).values()
    assert event.dtstart.value == dt.datetime(2027, 1, 12, 17, 30, tzinfo=dt.UTC)
    assert not hasattr(event, "dtend")  # no end time known: no duration invented


@pytest.mark.parametrize("which", ["draft", "combourg_missing", "unknown", "huge"])
def test_a_draft_or_unknown_event_has_no_calendar(client, agenda, which):
    event_id = {"draft": agenda["events"]["draft"].pk, "combourg_missing": 0, "unknown": 999999,
                "huge": 10**30}[which]
    response = client.get(f"{API}/agenda/events/{event_id}.ics")
    assert response.status_code in (404, 422)


@pytest.mark.parametrize(("query", "status"), [({}, 422), ({"commune": "99999"}, 404),
                                               ({"commune": "35288", "school": "0350707D"}, 404)])
def test_the_feed_refuses_bad_parameters(client, agenda, query, status):
    assert client.get(f"{API}/agenda.ics", query).status_code == status
