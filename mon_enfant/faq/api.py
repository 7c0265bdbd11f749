"""JSON and iCalendar API of the questions and procedures, mounted at /api/mon-enfant/v1/ (docs/faq.md):

* ``GET /faq?commune=<INSEE>[&q=...][&theme=...]``: the commune's published questions, or those a search
  finds (a word of the question or the answer, with or without accents);
* ``GET /faq/guides/<id>.ics``: a procedure guide's key dates as a calendar (RFC 5545), one all-day event
  per date, so that a family puts "inscriptions jusqu'au 15 mars" in its own calendar.

Bad parameters answer 422 naming the field, an unknown commune or guide 404, never 500.
"""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BaseModel

from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut
from mon_enfant.models import Commune

from . import logic, services, wording
from .models import Theme
from .pages import ProcedureGuidePage

router = Router(tags=["Questions fréquentes et démarches"])


class QuestionOut(Schema):
    slug: str
    theme: str = Field(description="Code du thème : " + ", ".join(Theme.values) + ".")
    theme_label: str
    question: str
    answer_html: str
    answer_text: str
    responsible_body: str = Field(description="Qui est responsable : mairie, education_nationale, ecole, "
                                              "intercommunalite ou caf.")


class FaqOut(Schema):
    commune: str
    query: str
    count: int
    questions: list[QuestionOut]


class FaqQuery(BaseModel):
    commune: CommuneCode
    q: str = Field("", max_length=3000, description="Des mots de la question ou de la réponse (accents facultatifs).")
    theme: Theme | None = None


@router.get("/faq", response={200: FaqOut, 404: DetailOut, 422: ErrorsOut}, summary="Questions fréquentes",
            url_name="faq_questions")
def questions(request, query: Query[FaqQuery]):
    """The published questions of a commune (valid this school year), or those holding every word searched,
    best first."""
    commune = Commune.objects.filter(code_insee=query.commune).first()
    if commune is None:
        return Status(404, {"detail": gettext("Commune inconnue (code INSEE).")})
    themes = [query.theme] if query.theme else None
    found = services.live_questions([commune], themes=themes)
    terms = logic.search_terms(query.q)
    listed = services.search(found, terms) if terms else services.by_theme(found)
    if not terms:
        listed = [question for group in listed for question in group.questions]
    return {
        "commune": commune.code_insee,
        "query": " ".join(terms),
        "count": len(listed),
        "questions": [{"slug": item.slug, "theme": item.theme, "theme_label": str(services.THEME_LABELS[item.theme]),
                       "question": item.question, "answer_html": item.answer, "answer_text": item.answer_text,
                       "responsible_body": item.responsible_body} for item in listed],
    }


ICS_DOC = {"responses": {200: {"description": "Calendrier iCalendar (RFC 5545) des dates clés de la démarche.",
                               "content": {"text/calendar": {"schema": {"type": "string"}}}}}}


@router.get("/faq/guides/{guide_id}.ics", response={404: DetailOut, 422: ErrorsOut},
            summary="Calendrier des dates clés d'une démarche", openapi_extra=ICS_DOC, url_name="faq_guide_feed")
def guide_feed(request, guide_id: int):
    """A guide's key dates, one all-day event each (a yearly date this year and the next)."""
    guide = ProcedureGuidePage.objects.live().filter(pk=guide_id).first() if 0 < guide_id < 2**31 else None
    if guide is None:
        return Status(404, {"detail": gettext("Démarche inconnue.")})
    calendar = Calendar()
    calendar.add("prodid", "-//Mon enfant a l'ecole//Demarches//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", guide.title)
    host = request.get_host().split(":")[0] or "localhost"
    stamp, today = timezone.now(), services.today()
    url = request.build_absolute_uri(guide.url) if guide.url else ""
    for view in services.key_dates(guide.key_dates, today):
        days = [view.status.day]
        if view.key.day is None:  # a yearly date: the next year's too
            next_key = logic.KeyDate(view.key.label, month=view.key.month, month_day=view.key.month_day)
            days.append(logic.occurrence(next_key, view.status.day + dt.timedelta(days=61)))
        for day in dict.fromkeys(days):
            event = Event()
            event.add("uid", f"guide-{guide.pk}-{day:%Y%m%d}-{logic.slugify(view.key.label)}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", f"{wording.calendar_label(view.key)} – {guide.title}")
            if url:
                event.add("url", url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="demarche-{guide.pk}.ics"'
    return response
