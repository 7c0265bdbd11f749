"""What the agenda says to people, in the page's language: when an event takes place ("le 12 décembre 2026,
de 18 h 30 à 20 h", "du 2 mars 2027 au 13 mars 2027"), the months' names, the status of an event and the
logic's errors."""

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mon_enfant.utils import long_date, time_text

from . import logic


def when(span: logic.Span) -> str:
    """The event's dates and hours as a sentence's complement."""
    start = long_date(span.start_date)
    if not span.several_days:
        if span.all_day:
            return _("le %(day)s") % {"day": start}
        if span.end_time is None:
            return _("le %(day)s à %(time)s") % {"day": start, "time": time_text(span.start_time)}
        return _("le %(day)s, de %(start)s à %(end)s") % {"day": start, "start": time_text(span.start_time),
                                                           "end": time_text(span.end_time)}
    end = long_date(span.last_day)
    if span.all_day:
        return _("du %(start)s au %(end)s") % {"start": start, "end": end}
    if span.end_time is None:
        return _("du %(start)s (%(time)s) au %(end)s") % {"start": start, "time": time_text(span.start_time),
                                                            "end": end}
    return _("du %(start)s (%(start_time)s) au %(end)s (%(end_time)s)") % {
        "start": start, "start_time": time_text(span.start_time), "end": end, "end_time": time_text(span.end_time)}


def month_label(month: logic.Month) -> str:
    """"Décembre 2026" (a heading)."""
    return capfirst(date_format(month.first_day, "F Y"))


def status_text(code: str) -> str:
    """What a listing adds to an event happening now; nothing for the others."""
    return {logic.TODAY: _("aujourd'hui"), logic.ONGOING: _("en cours")}.get(code, "")


def value_error(exc: logic.AgendaValueError) -> str:
    messages = {
        "bad_month": _("Ce n'est pas un mois : choisissez-le dans la liste (ou écrivez-le comme « 2026-12 »)."),
        "end_before_start": _("La fin ne peut pas précéder le début de l'événement."),
        "end_time_without_start": _("Une heure de fin demande une heure de début (sinon, l'événement dure toute "
                                    "la journée)."),
    }
    return messages[exc.code] % exc.params


UPCOMING_MODE, MONTH_MODE, ARCHIVES_MODE = "upcoming", "month", "archives"


def count_text(mode: str, count: int, *, month: str = "", school: str = "", kind: str = "") -> str:
    """The result of a listing, announced to screen readers: "3 événements à venir pour l'école X (Fête
    d'école).", "Aucun événement en décembre 2026."."""
    if mode == MONTH_MODE:
        text = (ngettext("%(count)s événement en %(month)s", "%(count)s événements en %(month)s", count)
                if count else _("Aucun événement en %(month)s"))
    elif mode == ARCHIVES_MODE:
        text = (ngettext("%(count)s événement passé", "%(count)s événements passés", count)
                if count else _("Aucun événement passé"))
    else:
        text = (ngettext("%(count)s événement à venir", "%(count)s événements à venir", count)
                if count else _("Aucun événement à venir"))
    text = text % {"count": count, "month": month}
    if school:
        text += " " + _("pour %(school)s et toute sa commune") % {"school": school}
    if kind:
        text += f" ({kind})"
    return text + "."


def feed_label(name: str) -> str:
    return _("S'abonner à l'agenda : %(name)s (iCalendar)") % {"name": name}
