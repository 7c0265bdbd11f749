"""JSON and iCalendar API of the school agenda, mounted at /api/mon-enfant/v1/ (docs/agenda.md):

* ``GET /agenda?commune=<INSEE>[&school=<UAI>][&month=<YYYY-MM>][&kind=...]``: the upcoming events (or a
  month's) and the latest news of a commune, or of a school with its whole commune's;
* ``GET /agenda.ics?commune=<INSEE>[&school=<UAI>]``: the same events as a calendar feed (RFC 5545), those ended
  up to ``MON_ENFANT_AGENDA_FEED_PAST_DAYS`` ago and every one to come, for a calendar application to subscribe to;
* ``GET /agenda/events/<id>.ics``: one event, for a family to add to its own calendar.

Bad parameters answer 422 naming the field, an unknown commune, school or event 404, never 500.
"""

import datetime as dt

import icalendar
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BaseModel

from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut, LocalTime, SchoolCode, field_error
from mon_enfant.conf import get_setting
from mon_enfant.models import Commune, School

from . import logic, services, wording
from .models import EventKind

router = Router(tags=["Agenda et actualités des écoles"])

BODIES = "mairie, education_nationale, ecole, intercommunalite ou caf"


class EventOut(Schema):
    id: int
    title: str
    kind: str = Field(description="Type : " + ", ".join(EventKind.values) + ".")
    kind_label: str
    start_date: dt.date
    start_time: LocalTime | None = Field(description="Vide : l'événement dure toute la journée.")
    end_date: dt.date = Field(description="Dernier jour (le premier pour un événement d'un jour).")
    end_time: LocalTime | None
    when: str = Field(description="Les dates en toutes lettres.")
    place: str
    description: str
    responsible_body: str = Field(description=f"Qui organise ou décide : {BODIES}.")
    url: str
    schools: list[str] = Field(description="Codes UAI des écoles concernées ; vide : toute la commune.")
    calendar_url: str = Field(description="L'événement au format iCalendar.")


class NewsOut(Schema):
    id: int
    title: str
    publication_date: dt.date
    summary: str
    body_html: str
    responsible_body: str = Field(description=f"Qui publie : {BODIES}.")
    schools: list[str] = Field(description="Codes UAI des écoles concernées ; vide : toute la commune.")


class AgendaOut(Schema):
    commune: str
    school: str | None
    month: str | None
    count: int
    events: list[EventOut]
    news: list[NewsOut]


class AgendaQuery(BaseModel):
    commune: CommuneCode
    school: SchoolCode | None = None
    month: str | None = Field(None, max_length=7, examples=["2026-12"],
                              description="Un mois (AAAA-MM) : ses événements, passés ou à venir. Défaut : les "
                                          "événements à venir.")
    kind: EventKind | None = None


def _place(query):
    """(commune, school or None), or a 404 answer."""
    commune = Commune.objects.filter(code_insee=query.commune).first()
    if commune is None:
        return None, None, Status(404, {"detail": gettext("Commune inconnue (code INSEE).")})
    school = None
    if query.school:
        school = (School.objects.filter(uai=query.school).filter(Q(commune=commune) | Q(served_communes=commune))
                  .select_related("commune").first())
        if school is None:
            return commune, None, Status(404, {"detail": gettext("École inconnue dans cette commune (code UAI).")})
    return commune, school, None


def _uais(item):
    return [school.uai for school in item.schools.all()]


@router.get("/agenda", response={200: AgendaOut, 404: DetailOut, 422: ErrorsOut},
            summary="Agenda et actualités des écoles", url_name="agenda_list")
def agenda(request, query: Query[AgendaQuery]):
    """The upcoming events of a commune (or of a school, with its whole commune's), soonest first, or those of a
    month; and the latest news."""
    month = None
    if query.month:
        try:
            month = logic.Month.parse(query.month)
        except logic.AgendaValueError as exc:
            raise field_error(["query", "month"], wording.value_error(exc), exc.code) from None
    commune, school, refusal = _place(query)
    if refusal is not None:
        return refusal
    events = services.live_events([commune], school, [query.kind] if query.kind else None)
    on = services.today()
    listed = list(services.of_month(events, month)) if month else services.upcoming(events, on)
    news = services.live_news([commune], school, on=on)[:get_setting("MON_ENFANT_AGENDA_NEWS_COUNT")]
    return {
        "commune": commune.code_insee,
        "school": school.uai if school else None,
        "month": str(month) if month else None,
        "count": len(listed),
        "events": [{
            "id": event.pk, "title": event.title, "kind": event.kind,
            "kind_label": str(services.KIND_LABELS[event.kind]),
            "start_date": event.start_date, "start_time": event.start_time, "end_date": event.span.last_day,
            "end_time": event.end_time, "when": wording.when(event.span), "place": event.place,
            "description": event.description, "responsible_body": event.responsible_body, "url": event.url,
            "schools": _uais(event),
            "calendar_url": request.build_absolute_uri(reverse("mon_enfant_api:agenda_event_feed",
                                                               kwargs={"event_id": event.pk})),
        } for event in listed],
        "news": [{"id": item.pk, "title": item.title, "publication_date": item.publication_date,
                  "summary": item.summary, "body_html": item.body, "responsible_body": item.responsible_body,
                  "schools": _uais(item)} for item in news],
    }


ICS_DOC = {"responses": {200: {"description": "Calendrier iCalendar (RFC 5545) des événements.",
                               "content": {"text/calendar": {"schema": {"type": "string"}}}}}}


class FeedQuery(BaseModel):
    commune: CommuneCode
    school: SchoolCode | None = None


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Mon enfant a l'ecole//Agenda des ecoles//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event, request, stamp, page_url):
    start, end = logic.calendar_bounds(event.span, timezone.get_current_timezone())
    item = icalendar.Event()
    # Stable per event: a calendar application updates the event it already has when the mairie changes it.
    item.add("uid", f"agenda-event-{event.pk}@{request.get_host().split(':')[0] or 'localhost'}")
    item.add("dtstamp", stamp)
    item.add("last-modified", event.updated_at)
    item.add("dtstart", start if event.span.all_day else start.astimezone(dt.UTC))
    if end is not None:
        item.add("dtend", end if event.span.all_day else end.astimezone(dt.UTC))
    item.add("summary", event.title)
    if event.place:
        item.add("location", event.place)
    schools = ", ".join(school.name for school in event.schools.all()) or gettext(
        "Toutes les écoles de %(commune)s") % {"commune": event.commune.name}
    lines = [event.description, gettext("Pour qui : %(schools)s") % {"schools": schools},
             gettext("Qui décide : %(body)s") % {"body": services.BODY_LABELS.get(event.responsible_body, "")}]
    item.add("description", "\n".join(line for line in lines if line))
    url = event.url or (f"{page_url}#evenement-{event.pk}" if page_url else "")
    if url:
        item.add("url", url)
    item.add("categories", [str(services.KIND_LABELS.get(event.kind, event.kind))])
    if event.span.all_day:
        item.add("transp", "TRANSPARENT")  # a whole day does not make the family busy all day
    return item


def _answer(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _page_url(request):
    path = services.agenda_page_url(request)
    return request.build_absolute_uri(path) if path else ""


@router.get("/agenda.ics", response={404: DetailOut, 422: ErrorsOut}, summary="Calendrier de l'agenda des écoles",
            openapi_extra=ICS_DOC, url_name="agenda_feed")
def feed(request, query: Query[FeedQuery]):
    """The events of a commune, or of a school with its whole commune's, as a calendar feed: those ended up to
    ``MON_ENFANT_AGENDA_FEED_PAST_DAYS`` days ago, and every one to come."""
    commune, school, refusal = _place(query)
    if refusal is not None:
        return refusal
    since = services.today() - dt.timedelta(days=get_setting("MON_ENFANT_AGENDA_FEED_PAST_DAYS"))
    events = services.live_events([commune], school).filter(services.ends_from(since)).order_by("start_date", "pk")
    name = school.name if school else commune.name
    calendar = _calendar(gettext("Agenda des écoles – %(name)s") % {"name": name})
    stamp, page_url = timezone.now(), _page_url(request)
    for event in events:
        calendar.add_component(_vevent(event, request, stamp, page_url))
    return _answer(calendar, f"agenda-{school.uai if school else commune.code_insee}.ics")


@router.get("/agenda/events/{event_id}.ics", response={404: DetailOut, 422: ErrorsOut},
            summary="Un événement de l'agenda (iCalendar)", openapi_extra=ICS_DOC, url_name="agenda_event_feed")
def event_feed(request, event_id: int):
    """One published event, for a family to add to its calendar."""
    event = (services.live_events(Commune.objects.all()).filter(pk=event_id).first()
             if 0 < event_id < 2**63 else None)
    if event is None:
        return Status(404, {"detail": gettext("Événement inconnu.")})
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, request, timezone.now(), _page_url(request)))
    return _answer(calendar, f"evenement-{event.pk}.ics")
