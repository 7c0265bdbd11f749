"""Small Django-aware helpers shared by the feature apps."""

import datetime as dt
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.translation import gettext as _

from .conf import school_year_start
from .echo import echo
from .school_year import SchoolYear, SchoolYearError

# (start setting and time zone, epoch second of the next local midnight, school year): every lookup asks
# for the current school year, and today's date in the site's time zone costs more than the lookup.
_today_year = (None, 0.0, None)


def current_school_year(today: dt.date | None = None) -> SchoolYear:
    """The school year in progress, using ``MON_ENFANT_SCHOOL_YEAR_START`` (default 1 September)."""
    global _today_year
    month, day = school_year_start()
    if today is not None:
        return SchoolYear.containing(today, month, day)
    key = (month, day, settings.TIME_ZONE)
    cached_key, expires, year = _today_year
    if cached_key == key and time.time() < expires:
        return year
    now = timezone.localtime()
    year = SchoolYear.containing(now.date(), month, day)
    next_midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    _today_year = (key, next_midnight.timestamp(), year)
    return year


def forget_today():
    """Compute today's school year again on the next call (settings or clock changed: tests)."""
    global _today_year
    _today_year = (None, 0.0, None)


def _on_setting_changed(setting, **kwargs):
    if setting in ("TIME_ZONE", "USE_TZ", "MON_ENFANT_SCHOOL_YEAR_START"):
        forget_today()


setting_changed.connect(_on_setting_changed, dispatch_uid="mon_enfant_forget_today")


def school_year_options(today: dt.date | None = None) -> list[tuple[str, str]]:
    """The current school year and the next one (families enrol in spring for the next rentrée), for a
    family's form."""
    current = current_school_year(today)
    return [
        (str(current), _("%(year)s (année en cours)") % {"year": current}),
        (str(current.next()), _("%(year)s (prochaine rentrée)") % {"year": current.next()}),
    ]


def school_year_error(error: SchoolYearError) -> str:
    """Why a text is not a school year, in the active language, quoting the text (cut to 40 characters): a
    file's cell or an editor's field, which they must find. What a family or a client typed is never
    repeated: :func:`school_year_expected`."""
    message = {
        "not_consecutive": _("« %(text)s » : la seconde année doit suivre la première (ex. 2026-2027)."),
        "implausible": _("« %(text)s » n'est pas une année scolaire plausible."),
    }.get(error.code) or _("« %(text)s » n'est pas une année scolaire (format attendu : 2026-2027).")
    return message % {"text": echo(error.text)}


def long_date(day: dt.date) -> str:
    """"1er juin 2027", "15 mars 2027" in French (Django's format writes "1 juin"); "1 June 2027" in English."""
    from django.utils.formats import date_format
    from django.utils.translation import pgettext

    text = date_format(day, "j F Y")
    return pgettext("the first day of a month", "1er") + text[1:] if day.day == 1 else text


def time_text(moment: dt.time) -> str:
    """"9 h", "8 h 30", as French typography writes an hour; "9:00", "8:30" in English (the catalogue)."""
    if moment.minute == 0:
        return _("%(hour)s h") % {"hour": moment.hour}
    return _("%(hour)s h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}


def validate_school_year(value):
    """A model field's validator: a school year written "2026-2027" (the second year must follow the first)."""
    from django.core.exceptions import ValidationError

    try:
        SchoolYear.parse(value)
    except SchoolYearError as exc:
        raise ValidationError(school_year_error(exc), code="invalid_school_year") from exc


def school_year_expected() -> str:
    """What a malformed school year typed by a family or sent to the API gets: the form, not the value."""
    return _("Ce n'est pas une année scolaire : écrivez-la comme « 2026-2027 ».")


def tool_page_url(page_model, request) -> str:
    """The URL of the first live page of ``page_model`` (a feature's tool page) on the request's site, or "" when
    the site has none: how a section, a card or a feed links to a tool. Without a request, any site's."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    pages = page_model.objects.live()
    if site is not None:
        pages = pages.in_site(site)
    page = pages.order_by("path").first()
    return page.get_url(request) if page is not None else ""
