"""Admin wiring of the agenda: the events and the news (drafts, revisions, scheduled publishing), narrowed to the
editor's communes and their schools, in the "Mon enfant à l'école" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy
from mon_enfant.wagtail_hooks import CommuneScopedForm, CommuneScopedViewSet

from .models import Event, NewsItem

register_permission_policy(Event, CommuneScopedPermissionPolicy(Event), exact_class=True)
register_permission_policy(NewsItem, CommuneScopedPermissionPolicy(NewsItem), exact_class=True)


class AgendaItemForm(CommuneScopedForm):
    """The schools of an event or a news item are schools of its commune (or serving it, an RPI): a Combourg
    event is not shown on a Saint-Malo school's page."""

    def clean(self):
        cleaned = super().clean()
        commune = cleaned.get("commune")
        schools = cleaned.get("schools") or []
        if commune is not None:
            strangers = [school for school in schools if school.commune_id != commune.pk
                         and commune not in school.served_communes.all()]
            if strangers:
                self.add_error("schools", _("Ces écoles ne sont pas de la commune choisie : %(names)s.") % {
                    "names": ", ".join(school.name for school in strangers)})
        return cleaned


class EventViewSet(CommuneScopedViewSet):
    model = Event
    icon = "date"
    menu_label = _("Agenda des écoles")
    base_form_class = AgendaItemForm
    list_display = ["title", Column("kind", label=_("Type"), accessor="get_kind_display"), "start_date", "commune"]
    filterset_class = commune_filterset(Event, fields=["kind", "responsible_body", "live"])
    search_fields = ["title", "place"]
    url_prefix = "mon-enfant/agenda"
    url_namespace = "mon_enfant_agenda_event"
    ordering = ["-start_date", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune")


class NewsItemViewSet(CommuneScopedViewSet):
    model = NewsItem
    icon = "doc-full"
    menu_label = _("Actualités des écoles")
    base_form_class = AgendaItemForm
    list_display = ["title", "publication_date", "commune"]
    filterset_class = commune_filterset(NewsItem, fields=["responsible_body", "live"])
    search_fields = ["title", "summary"]
    url_prefix = "mon-enfant/actualites"
    url_namespace = "mon_enfant_agenda_news"
    ordering = ["-publication_date", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune")


def admin_viewsets():
    return [EventViewSet, NewsItemViewSet]
