"""The agenda's GET filter form (school, type, month) and :class:`AgendaList`, which the page and the block share:
the upcoming events by month, a month's events, or the archives of past events page by page; the news; the
calendar feeds; the JSON-LD of what is shown. Any value typed in the address bar answers with a message, never
an error page."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from mon_enfant.conf import get_setting
from mon_enfant.forms import CodeChoiceField, FamilyForm
from mon_enfant.models import School

from . import logic, services, wording
from .models import EventKind

MONTHS_AROUND = 12  # the month list: this many months before and after the current one


class MonthField(forms.ChoiceField):
    """A month among those listed, or any month written ``2026-12`` (a bookmarked link): the list is a help,
    not a limit."""

    def validate(self, value):
        forms.Field.validate(self, value)
        if value:
            try:
                logic.Month.parse(value)
            except logic.AgendaValueError as exc:
                raise ValidationError(wording.value_error(exc), code=exc.code) from None


class AgendaFilterForm(FamilyForm):
    error_summary_title = gettext_lazy("Le filtre n'a pas pu être appliqué")

    ecole = CodeChoiceField(label=gettext_lazy("École"), required=False,
                              help_text=gettext_lazy("Les événements de cette école et ceux de toute sa commune."))
    type = forms.ChoiceField(label=gettext_lazy("Type d'événement"), required=False,
                             choices=[("", gettext_lazy("Tous les types")), *EventKind.choices])
    mois = MonthField(label=gettext_lazy("Mois"), required=False)
    # Set by the "archives" link, carried by the form as a hidden field: any value but "0"/"false" means yes,
    # and the page writes back "1", never what was sent.
    archives = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, schools=(), on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ecole"].choices = [("", gettext_lazy("Toutes les écoles")),
                                        *[(school.uai, school.name) for school in schools]]
        on = on or services.today()
        month = logic.Month.containing(on)
        months = []
        for _step in range(MONTHS_AROUND):
            month = logic.Month(month.year - (month.month == 1), (month.month - 2) % 12 + 1)
        for _step in range(2 * MONTHS_AROUND + 1):
            months.append(month)
            month = month.next()
        asked = self.data.get(self.add_prefix("mois"), "") if self.is_bound else ""
        try:
            asked_month = logic.Month.parse(asked) if isinstance(asked, str) and asked else None
        except logic.AgendaValueError:
            asked_month = None
        if asked_month is not None and asked_month not in months:
            months = sorted([*months, asked_month])
        self.fields["mois"].choices = [("", gettext_lazy("Tous les mois")),
                                       *[(str(month), wording.month_label(month)) for month in months]]


class AgendaList:
    """The events and news of ``communes`` as a listing shows them, from the request's filters."""

    def __init__(self, request, communes, *, prefix=None, page_url=""):
        self.request = request
        self.communes = list(communes)
        self.prefix = prefix
        self.page_url = page_url

    def name(self, field):
        return f"{self.prefix}-{field}" if self.prefix else field

    def schools(self):
        if not self.communes:
            return []
        return list(School.objects.filter(Q(commune__in=self.communes) | Q(served_communes__in=self.communes))
                    .select_related("commune").distinct().order_by("name"))

    def get_context(self):
        data = self.request.GET if self.request is not None else {}
        on = services.today()
        schools = self.schools()
        fields = ("ecole", "type", "mois", "archives")
        bound = any(self.name(field) in data for field in fields)
        form = AgendaFilterForm(data if bound else None, prefix=self.prefix, schools=schools, on=on)
        chosen = {}
        if bound:
            form.is_valid()  # a bad value of one filter leaves the others applied
            chosen = form.cleaned_data
        school = next((s for s in schools if s.uai == chosen.get("ecole")), None)
        kind = chosen.get("type") or ""
        month = logic.Month.parse(chosen["mois"]) if chosen.get("mois") else None
        archives = bool(chosen.get("archives")) and month is None
        # The links (archives, pages) carry the filters applied, never a value that was refused.
        self.applied = {"ecole": school.uai if school else "", "type": kind, "mois": str(month) if month else "",
                        "archives": "1" if archives else ""}
        context = {
            "agenda_form": form,
            "agenda_has_communes": bool(self.communes),
            "agenda_school": school,
            "agenda_feeds": self.feeds(school),
            "agenda_archives_url": self.query(archives="1", mois=""),
            "agenda_upcoming_url": self.query(archives=""),
            "agenda_page_obj": None,
            "agenda_news": [],
        }
        if not self.communes:
            return context
        events = services.live_events(self.communes, school, [kind] if kind else None)
        page_obj = None
        if month is not None:
            mode, views = wording.MONTH_MODE, services.event_views(services.of_month(events, month), on)
            count = len(views)
        elif archives:
            mode = wording.ARCHIVES_MODE
            paginator = Paginator(services.past(events, on), get_setting("MON_ENFANT_AGENDA_ARCHIVE_PAGE_SIZE"))
            page_obj = paginator.get_page(data.get(self.name("page")))
            views, count = services.event_views(page_obj.object_list, on), paginator.count
        else:
            mode = wording.UPCOMING_MODE
            views = services.event_views(services.upcoming(events, on), on)
            count = len(views)
        context.update({
            "agenda_mode": mode,
            "agenda_groups": services.by_month(views, upcoming_list=mode == wording.UPCOMING_MODE),
            "agenda_count": count,
            "agenda_count_text": wording.count_text(
                mode, count, month=wording.month_label(month).lower() if month else "",
                school=school.name if school else "", kind=services.KIND_LABELS.get(kind, "")),
            "agenda_page_obj": page_obj,
            "agenda_previous_url": self.query(page=page_obj.previous_page_number())
            if page_obj and page_obj.has_previous() else "",
            "agenda_next_url": self.query(page=page_obj.next_page_number())
            if page_obj and page_obj.has_next() else "",
            "agenda_json_ld": services.json_ld(views, self.page_url),
        })
        if mode == wording.UPCOMING_MODE:
            context["agenda_news"] = list(services.live_news(self.communes, school, on=on)[
                :get_setting("MON_ENFANT_AGENDA_NEWS_COUNT")])
        return context

    def query(self, **changes):
        """A link's ``href``: the filters applied with ``changes`` (an empty value drops a filter), in the block's
        prefix; the page number only when given."""
        values = {**self.applied, **changes}
        return "?" + urlencode({self.name(field): value for field, value in values.items() if value})

    def feeds(self, school):
        """The calendar feeds offered: the chosen school's, or each commune's."""
        url = reverse("mon_enfant_api:agenda_feed")
        if school is not None:
            query = urlencode({"commune": school.commune.code_insee, "school": school.uai})
            return [(wording.feed_label(school.name), f"{url}?{query}")]
        return [(wording.feed_label(commune.name), f"{url}?{urlencode({'commune': commune.code_insee})}")
                for commune in self.communes]
