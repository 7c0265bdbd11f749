"""The "Carte des services enfance" page type: logic in an abstract mixin, so a site with its own base page
model builds its page from it. Imported by the app's ready() (app label mon_enfant_places)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from mon_enfant.models import ToolPageMixin

from .forms import PlacesMap


class PlacesMapPageMixin(ToolPageMixin):
    """The commune's services for children on a map and, always, as a list: filters by category and age,
    sorting by distance from an address (a GET form that works without JavaScript), a print view."""

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        return PlacesMap(request, communes).get_context()


class PlacesMapPage(PlacesMapPageMixin, Page):
    template = "mon_enfant_places/places_map_page.html"
    subpage_types = []
    max_count_per_parent = 1

    content_panels = PlacesMapPageMixin.content_panels

    class Meta:
        verbose_name = _("carte des services enfance")
        verbose_name_plural = _("cartes des services enfance")
