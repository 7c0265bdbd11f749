"""The "Menus de la cantine" page type: logic in an abstract mixin, so a site with its own base page model
builds its page from it. Imported by the app's ready() (app label mon_enfant_menus)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from mon_enfant.models import ToolPageMixin

from .forms import CanteenMenu


class CanteenMenuPageMixin(ToolPageMixin):
    """A school's week of menus: school choice, previous and next weeks, allergen filter (a GET form that
    works without JavaScript), a print view of the week on one A4 page, and the calendar feed."""

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        return CanteenMenu(request, communes).get_context()


class CanteenMenuPage(CanteenMenuPageMixin, Page):
    template = "mon_enfant_menus/canteen_menu_page.html"
    subpage_types = []
    max_count_per_parent = 1

    content_panels = CanteenMenuPageMixin.content_panels

    class Meta:
        verbose_name = _("menus de la cantine")
        verbose_name_plural = _("pages des menus de la cantine")
