"""The "Menus de la cantine" page type: logic in an abstract mixin, so a site with its own base page model
builds its page from it. Imported by the app's ready() (app label mon_enfant_menus)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from mon_enfant.models import MonEnfantPageMixin

from .forms import CanteenMenu


class CanteenMenuPageMixin(MonEnfantPageMixin):
    """A school's week of menus: school choice, previous and next weeks, allergen filter (a GET form that
    works without JavaScript), a print view of the week on one A4 page, and the calendar feed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("communes"),
        FieldPanel("responsible_body"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(CanteenMenu(request, context["mon_enfant_communes"]).get_context())
        return context


class CanteenMenuPage(CanteenMenuPageMixin, Page):
    template = "mon_enfant_menus/canteen_menu_page.html"
    subpage_types = []
    max_count_per_parent = 1

    content_panels = CanteenMenuPageMixin.content_panels

    class Meta:
        verbose_name = _("menus de la cantine")
        verbose_name_plural = _("pages des menus de la cantine")
