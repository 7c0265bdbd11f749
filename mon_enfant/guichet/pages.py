"""The "Mon enfant" page type: one answer for one family. Logic in an abstract mixin, so a site with its own
base page model builds its page from it. Imported by the app's ready() (app label mon_enfant_guichet)."""

from http import HTTPMethod

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from mon_enfant.models import MonEnfantPageMixin
from mon_enfant.privacy import PrivatePageMixin

from .services import REFERRER_POLICY, FamilySummary


class FamilyPageMixin(PrivatePageMixin, MonEnfantPageMixin):
    """The family's form (address, level, year, school; the QF by POST) and its answer: the school, this
    week's menu, the prices, the services nearby, the deadlines and the questions, as the installed features
    give them. Every response is private (never stored by a cache or the browser's history)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("communes"),
        FieldPanel("responsible_body"),
    ]

    referrer_policy = REFERRER_POLICY

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(FamilySummary(request, context["mon_enfant_communes"]).get_context())
        return context


class FamilyPage(FamilyPageMixin, Page):
    template = "mon_enfant_guichet/family_page.html"
    subpage_types = []
    max_count_per_parent = 1
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    content_panels = FamilyPageMixin.content_panels

    class Meta:
        verbose_name = _("mon enfant (réponse personnalisée)")
        verbose_name_plural = _("pages « mon enfant »")
