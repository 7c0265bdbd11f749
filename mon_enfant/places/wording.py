"""What the services map says to people, in the page's language: the messages of :mod:`.logic`'s codes, the
opening hours and the "open now" status, distances and ages."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mon_enfant.echo import echo
from mon_enfant.utils import long_date, time_text

from . import logic

DAY_NAMES = {
    1: lambda: _("lundi"), 2: lambda: _("mardi"), 3: lambda: _("mercredi"), 4: lambda: _("jeudi"),
    5: lambda: _("vendredi"), 6: lambda: _("samedi"), 7: lambda: _("dimanche"),
}


def value_error(exc: logic.PlaceValueError, column: str = "") -> str:
    params = {key: echo(str(value)) if isinstance(value, str) else value for key, value in exc.params.items()}
    messages = {
        "bad_time": _("« %(value)s » n'est pas une heure (ex. 08:30 ou 8h30)."),
        "bad_time_range": _("« %(value)s » n'est pas une plage horaire (ex. 08:30-12:00)."),
        "closes_before_opens": _("« %(value)s » : l'heure de fermeture doit suivre l'heure d'ouverture."),
        "overlapping_hours": _("« %(value)s » : des plages horaires se chevauchent."),
        "too_many_slots": _("%(max)s plages horaires par jour au plus."),
        "bad_day": _("« %(value)s » n'est pas un jour (lu, ma, me, je, ve, sa, di ; ex. lu-ve)."),
        "rule_without_hours": _("« %(value)s » : des jours sans horaires (ex. « lu-ve 08:30-18:00 »)."),
        "day_given_twice": _("le jour « %(day)s » est donné deux fois."),
        "bad_date": _("« %(value)s » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."),
        "period_ends_before_start": _("« %(value)s » : la période finit avant de commencer."),
        "label_too_long": _("motif de plus de %(max)s caractères."),
        "too_many_closures": _("%(max)s périodes exceptionnelles au plus."),
        "swapped_coordinates": _("latitude %(latitude)s et longitude %(longitude)s semblent inversées (le lieu "
                                 "serait hors de France) : en GeoJSON la longitude vient en premier."),
        "outside_france": _("latitude %(latitude)s, longitude %(longitude)s : ce point n'est pas en France."),
        "bad_phone": _("« %(value)s » n'est pas un numéro de téléphone français (ex. 02 99 40 71 71)."),
        "bad_age": _("âge « %(value)s » : un nombre entier d'années, de 0 à %(max)s, est attendu."),
        "age_range_reversed": _("l'âge maximum (%(age_max)s ans) est inférieur à l'âge minimum (%(age_min)s ans)."),
    }
    message = messages[exc.code] % params
    return f"{column} : {message}" if column else message[:1].upper() + message[1:]


def day_name(weekday: int) -> str:
    return DAY_NAMES[weekday]()


def ranges_text(ranges) -> str:
    parts = [_("de %(opens)s à %(closes)s") % {"opens": time_text(opens), "closes": time_text(closes)}
             for opens, closes in ranges]
    return _(" et ").join(parts)


def days_text(days) -> str:
    if len(days) == 1:
        return day_name(days[0]).capitalize()
    if len(days) == 2:
        return _("%(first)s et %(last)s") % {"first": day_name(days[0]).capitalize(), "last": day_name(days[1])}
    return _("Du %(first)s au %(last)s") % {"first": day_name(days[0]), "last": day_name(days[-1])}


def week_lines(slots) -> list[str]:
    """["Du lundi au vendredi : de 8 h 30 à 12 h et de 13 h 30 à 18 h", "Samedi : de 9 h à 12 h"]."""
    return [_("%(days)s : %(hours)s") % {"days": days_text(days), "hours": ranges_text(hours)}
            for days, hours in logic.week_groups(slots)]


def closure_line(closure: logic.Closure) -> str:
    if closure.start == closure.end:
        period = _("Le %(day)s") % {"day": long_date(closure.start)}
    else:
        period = _("Du %(start)s au %(end)s") % {"start": long_date(closure.start),
                                                 "end": long_date(closure.end)}
    what = ranges_text(closure.hours) if closure.hours else _("fermé")
    line = _("%(period)s : %(what)s") % {"period": period, "what": what}
    return f"{line} ({closure.label})" if closure.label else line


def status_text(status: logic.OpeningStatus, today) -> str:
    if status.code == logic.OPEN:
        return _("Ouvert maintenant, jusqu'à %(time)s") % {"time": time_text(status.until)}
    if status.code == logic.CLOSED:
        if status.next_day is None:
            return _("Fermé actuellement")
        if status.next_day == today:
            when = _("aujourd'hui à %(time)s") % {"time": time_text(status.next_time)}
        elif (status.next_day - today).days == 1:
            when = _("demain à %(time)s") % {"time": time_text(status.next_time)}
        else:
            when = _("%(day)s à %(time)s") % {"day": day_name(status.next_day.isoweekday()),
                                               "time": time_text(status.next_time)}
        if status.closure is not None and status.closure.label and not status.closure.hours:
            return _("Fermé (%(label)s), ouvre %(when)s") % {"label": status.closure.label, "when": when}
        return _("Fermé actuellement, ouvre %(when)s") % {"when": when}
    return ""


def distance_text(metres: float) -> str:
    rounded = logic.rounded_distance(metres)
    if rounded < 1000:
        return _("à %(distance)s m") % {"distance": rounded}
    return _("à %(distance)s km") % {"distance": number_format(rounded / 1000, decimal_pos=1)}


def ages_text(age_min, age_max) -> str:
    if age_min is None and age_max is None:
        return ""
    if age_min is None or age_min == 0:
        if age_max is None:
            return _("Tous âges")
        return ngettext("Jusqu'à %(max)s an", "Jusqu'à %(max)s ans", age_max) % {"max": age_max}
    if age_max is None:
        return ngettext("À partir de %(min)s an", "À partir de %(min)s ans", age_min) % {"min": age_min}
    return _("De %(min)s à %(max)s ans") % {"min": age_min, "max": age_max}
