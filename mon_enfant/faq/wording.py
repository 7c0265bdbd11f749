"""What the questions and procedures say to people, in the page's language: key dates relative to today."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mon_enfant.utils import long_date

from . import logic


def date_text(status: logic.DateStatus, kind: str) -> str:
    """"jusqu'au 15 mars 2027 (dans 12 jours)", "clos depuis le 15 mars 2027", "aujourd'hui"."""
    day = long_date(status.day)
    if status.code == logic.TODAY:
        return {"deadline": _("aujourd'hui, dernier jour"), "opening": _("à partir d'aujourd'hui")}.get(
            kind, _("aujourd'hui"))
    if status.code == logic.UPCOMING:
        when = ngettext("dans %(count)s jour", "dans %(count)s jours", status.days) % {"count": status.days}
        if kind == "deadline":
            return _("jusqu'au %(day)s (%(when)s)") % {"day": day, "when": when}
        if kind == "opening":
            return _("à partir du %(day)s (%(when)s)") % {"day": day, "when": when}
        return _("le %(day)s (%(when)s)") % {"day": day, "when": when}
    if kind == "deadline":
        return _("clos depuis le %(day)s") % {"day": day}
    if kind == "opening":
        return _("ouvert depuis le %(day)s") % {"day": day}
    return _("passé (le %(day)s)") % {"day": day}


def value_error(exc: logic.FaqValueError, column: str = "") -> str:
    messages = {"bad_date": _("« %(value)s » n'est pas une date (AAAA-MM-JJ, ou --MM-JJ pour chaque année).")}
    message = messages[exc.code] % exc.params
    return f"{column} : {message}" if column else message


def calendar_label(key: logic.KeyDate) -> str:
    """A key date as a calendar event's title, saying what the day is: "Date limite : Inscriptions..."."""
    if key.kind == "deadline":
        return _("Date limite : %(label)s") % {"label": key.label}
    if key.kind == "opening":
        return _("Ouverture : %(label)s") % {"label": key.label}
    return key.label
