"""The "Trouver mon école" page type: logic in an abstract mixin, so a site with its own base page model
builds its page from it. Imported by models.py (app label mon_enfant_catchment)."""

from wagtail.models import Page

from mon_enfant.models import MonEnfantPageMixin


class CatchmentLookupPageMixin(MonEnfantPageMixin):
    class Meta:
        abstract = True


class CatchmentLookupPage(CatchmentLookupPageMixin, Page):
    template = "mon_enfant_catchment/catchment_lookup_page.html"
    subpage_types = []
