"""The Django layer of the agenda: the live events and news of communes, of a school (with the whole commune's),
upcoming or past or of a month, as views the templates read; the JSON-LD; the link to the site's agenda page;
the family section and the school section. Every listing is a constant number of queries, whatever the number
of events, news items or schools (the items, then their schools in one prefetch)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mon_enfant.conf import get_setting
from mon_enfant.features import FamilySection, SchoolSection
from mon_enfant.models import ResponsibleBody, School
from mon_enfant.utils import tool_page_url

from . import logic, wording
from .models import Event, EventKind, NewsItem

KIND_LABELS = dict(EventKind.choices)
BODY_LABELS = dict(ResponsibleBody.choices)
SECTION_EVENTS = 5
SECTION_NEWS = 3


def today():
    return timezone.localdate()


# --- Queries --------------------------------------------------------------------------------------------


def _for_audience(queryset, communes, school=None, every_school=True, home_commune=None):
    """The items of ``communes``: with ``school``, those tied to it and those of its whole commune (no school
    chosen), and of ``home_commune``'s whole (a family's, when its collège is in the next town); without, every
    item (``every_school``) or only the whole commune's."""
    model = queryset.model
    through = model.schools.through
    own_column = model._meta.get_field("schools").m2m_field_name()
    whole_commune = ~Exists(through.objects.filter(**{own_column: OuterRef("pk")}))
    if school is not None:
        tied = through.objects.filter(school=school).values(own_column)
        whole = {school.commune_id} | ({home_commune.pk} if home_commune is not None else set())
        return queryset.filter(Q(pk__in=tied) | (Q(commune_id__in=whole) & whole_commune))
    queryset = queryset.filter(commune__in=communes)
    return queryset if every_school else queryset.filter(whole_commune)


def _with_schools(queryset):
    return queryset.select_related("commune").prefetch_related(
        Prefetch("schools", queryset=School.objects.order_by("name")))


def live_events(communes, school=None, kinds=None, every_school=True, home_commune=None):
    events = _for_audience(Event.objects.filter(live=True), communes, school, every_school, home_commune)
    if kinds:
        events = events.filter(kind__in=kinds)
    return _with_schools(events)


def ends_from(day):
    """Events whose last day is ``day`` or later."""
    return Q(end_date__gte=day) | Q(end_date__isnull=True, start_date__gte=day)


def upcoming(events, on, until=None):
    """The events not over on ``on`` (ongoing ones included), starting by ``until`` if given, soonest first:
    one query, and one for their schools."""
    events = events.filter(ends_from(on))
    if until is not None:
        events = events.filter(start_date__lte=until)
    return logic.split(list(events), on, lambda event: event.span)[0]


def past(events, on):
    """The events over before ``on``, the latest ended first (a queryset: the archives paginate it)."""
    return events.exclude(ends_from(on)).order_by(Coalesce("end_date", "start_date").desc(), "-start_date", "pk")


def of_month(events, month: logic.Month):
    """The events whose days meet ``month``, in date order."""
    return events.filter(Q(start_date__lte=month.last_day) & ends_from(month.first_day)).order_by(
        "start_date", "start_time", "title")


def live_news(communes, school=None, on=None, since=None, every_school=True, home_commune=None):
    """The published news of ``communes`` (or of ``school`` and its commune), the latest first."""
    news = NewsItem.objects.filter(live=True, publication_date__lte=on or today())
    if since is not None:
        news = news.filter(publication_date__gte=since)
    return _with_schools(_for_audience(news, communes, school, every_school, home_commune)).order_by(
        "-publication_date", "-pk")


# --- Views ----------------------------------------------------------------------------------------------


@dataclass
class EventView:
    """An event as a listing shows it, relative to ``on``."""

    event: Event
    on: dt.date

    @property
    def span(self):
        return self.event.span

    @property
    def status(self):
        return self.span.status(self.on)

    @property
    def is_past(self):
        return self.status == logic.PAST

    @property
    def when(self):
        return wording.when(self.span)

    @property
    def status_text(self):
        return wording.status_text(self.status)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.event.kind, "")

    @property
    def body_label(self):
        return BODY_LABELS.get(self.event.responsible_body, "")

    @property
    def schools(self):
        return list(self.event.schools.all())

    @property
    def datetime(self):
        """The ``datetime`` attribute of the event's ``<time>``: its first day, with its hour if it has one."""
        if self.span.all_day:
            return self.span.start_date.isoformat()
        return f"{self.span.start_date.isoformat()}T{self.span.start_time:%H:%M}"


def event_views(events, on=None):
    on = on or today()
    return [EventView(event, on) for event in events]


def by_month(views, upcoming_list=True):
    """``[(month label, [views])]``: an upcoming list by the day each is listed under, the archives by start."""
    if upcoming_list:
        groups = logic.group_by_month(views, lambda view: view.span.shown_on(view.on))
    else:
        groups = logic.group_by_month(views, lambda view: view.span.start_date)
    return [(wording.month_label(month), str(month), listed) for month, listed in groups]


def json_ld(views, page_url=""):
    """schema.org ``Event`` of each event shown: dates, place, who organises it."""
    graph = []
    for view in views:
        event, span = view.event, view.span
        start, end = logic.calendar_bounds(span, timezone.get_current_timezone())
        item = {
            "@type": "Event",
            "name": event.title,
            "startDate": start.isoformat(),
            "endDate": (end.isoformat() if not span.all_day and end else span.last_day.isoformat()),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": {"@type": "Organization", "name": view.body_label},
        }
        if event.place:
            item["location"] = {"@type": "Place", "name": event.place, "address": event.place}
        if event.description:
            item["description"] = event.description
        if event.url or page_url:
            item["url"] = event.url or f"{page_url}#evenement-{event.pk}"
        graph.append(item)
    return {"@context": "https://schema.org", "@graph": graph}


# --- Links and sections ---------------------------------------------------------------------------------


def agenda_page_url(request):
    """The URL of the site's live agenda page (the first one), or "" when the site has none."""
    # Looked up by name: the page type (pages.py) builds on this module through forms.py.
    return tool_page_url(apps.get_model("mon_enfant_agenda", "AgendaPage"), request)


def _section_context(request, school, events, news):
    url = agenda_page_url(request)
    if url and school is not None:
        url = f"{url}?ecole={school.uai}"
    return {"agenda_events": event_views(events), "agenda_news": news, "agenda_url": url,
            "agenda_school": school}


def family_section(context):
    """The events of the family's school, of its commune's whole and of the family's commune's whole in the next
    ``MON_ENFANT_AGENDA_FAMILY_DAYS`` days (at most five), and the latest news of the same period; without a
    school, the family's commune's whole."""
    if context.commune is None:
        return None
    days = get_setting("MON_ENFANT_AGENDA_FAMILY_DAYS")
    on = today()
    school = context.school
    events = upcoming(live_events([context.commune], school, every_school=False, home_commune=context.commune), on,
                      until=on + dt.timedelta(days=days))[:SECTION_EVENTS]
    news = list(live_news([context.commune], school, on=on, since=on - dt.timedelta(days=days),
                          every_school=False, home_commune=context.commune)[:SECTION_NEWS])
    if not events and not news:
        return None
    return FamilySection(
        feature="mon_enfant_agenda",
        title=_("L'agenda de l'école") if school is not None else _("L'agenda des écoles de la commune"),
        template="mon_enfant_agenda/family_section.html",
        context=_section_context(context.request, school, events, news),
        order=50,
    )


def school_section(school, request):
    """A school's upcoming events and recent news, its commune's whole included (at most five and three)."""
    on = today()
    days = get_setting("MON_ENFANT_AGENDA_FAMILY_DAYS")
    events = upcoming(live_events([school.commune], school), on)[:SECTION_EVENTS]
    news = list(live_news([school.commune], school, on=on, since=on - dt.timedelta(days=days))[:SECTION_NEWS])
    if not events and not news:
        return None
    return SchoolSection(
        feature="mon_enfant_agenda",
        title=_("Agenda et actualités"),
        template="mon_enfant_agenda/school_section.html",
        context=_section_context(request, school, events, news),
        order=50,
    )
