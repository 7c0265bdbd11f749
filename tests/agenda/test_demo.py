"""The demo's agenda (example_site/home/demo/agenda.py): events around today (past ones for the archives, one
going on, others in the coming weeks), for schools and for the whole commune, news, and the page at /agenda/;
loaded twice, nothing is duplicated."""

import pytest
from django.core.management import call_command
from django.test import Client

from mon_enfant.agenda import logic, services
from mon_enfant.agenda.models import Event, NewsItem


@pytest.mark.django_db
def test_the_demo_agenda_spans_the_archives_today_and_the_next_months():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    on = services.today()
    events = list(Event.objects.filter(live=True))
    statuses = {event.span.status(on) for event in events}
    assert statuses >= {logic.PAST, logic.ONGOING, logic.UPCOMING}
    assert {event.kind for event in events} >= {"sortie", "fete", "reunion", "inscription"}
    assert any(not event.schools.exists() for event in events) and any(event.schools.exists() for event in events)
    assert len({event.title for event in events}) == len(events) == 12
    assert NewsItem.objects.filter(live=True).count() == 4
    response = Client().get("/agenda/", HTTP_HOST="localhost")
    assert response.status_code == 200 and "Fête de l&#x27;école des Corsaires" in response.content.decode()


@pytest.mark.parametrize("shift", range(7))
def test_the_demo_events_fall_on_days_such_events_take_place(shift):
    """Whatever today's day of the week: no school trip on a Sunday, holidays start on a Saturday, and a past
    event stays past, an ongoing one ongoing."""
    import datetime as dt

    from example_site.home.demo import agenda as demo

    on = dt.date(2026, 12, 7) + dt.timedelta(days=shift)  # a Monday, then each day of that week
    for spec in demo.EVENTS:
        start = demo.on_weekday(on + dt.timedelta(days=spec["start"]), spec["weekdays"])
        assert start.weekday() in spec["weekdays"] and start - on < dt.timedelta(days=spec["start"] + 7)
        assert (start < on) == (spec["start"] < 0), spec["title"]
    trips = [spec for spec in demo.EVENTS if spec["kind"] == "sortie"]
    assert trips and all(set(spec["weekdays"]) <= {demo.MON, demo.TUE, demo.THU, demo.FRI} for spec in trips)
