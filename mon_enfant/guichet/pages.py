"""The "Mon enfant" page type: one answer for one family. Logic in an abstract mixin, so a site with its own
base page model builds its page from it. Imported by the app's ready() (app label mon_enfant_guichet)."""

from http import HTTPMethod

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from mon_enfant.models import ToolPageMixin
from mon_enfant.privacy import PrivatePageMixin
from mon_enfant.ratelimit import RateLimitedPageMixin

from .services import REFERRER_POLICY, FamilySummary, asks_question


class FamilyPageMixin(PrivatePageMixin, RateLimitedPageMixin, ToolPageMixin):
    """The family's form (address, level, year, school; the QF by POST) and its answer: the school, this
    week's menu, the prices, the services nearby, the deadlines and the questions, as the installed features
    give them. Every response is private (never stored by a cache or the browser's history). An answer asked
    (GET with a question, or the QF posted) counts against the ``guichet_family`` rate limit
    (``MON_ENFANT_RATE_LIMITS``, off by default); the empty form does not."""

    referrer_policy = REFERRER_POLICY
    rate_limit = "guichet_family"

    def rate_limit_counts(self, request):
        return request.method == "POST" or asks_question(request)

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        return FamilySummary(request, communes).get_context()


class FamilyPage(FamilyPageMixin, Page):
    template = "mon_enfant_guichet/family_page.html"
    subpage_types = []
    max_count_per_parent = 1
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    content_panels = FamilyPageMixin.content_panels

    class Meta:
        verbose_name = _("mon enfant (réponse personnalisée)")
        verbose_name_plural = _("pages « mon enfant »")
