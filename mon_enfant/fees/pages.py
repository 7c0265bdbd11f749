"""The "Quotient familial et tarifs" page type: logic in an abstract mixin, so a site with its own base page
model builds its page from it. Imported by the app's ready() (app label mon_enfant_fees), since models.py
imports nothing above it.
"""

from http import HTTPMethod

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from mon_enfant.models import ToolPageMixin
from mon_enfant.privacy import POSTED_FORM_REFERRER_POLICY, PrivatePageMixin
from mon_enfant.ratelimit import RateLimitedPageMixin

from .forms import FeeCalculator


class FeeCalculatorPageMixin(PrivatePageMixin, RateLimitedPageMixin, ToolPageMixin):
    """The "Quotient familial et tarifs" page: a POST-only simulation form and the printable grids.

    What a family types is used for the answer and forgotten: never stored, logged or put in a URL, and
    every response is private (:class:`~mon_enfant.privacy.PrivatePageMixin`: ``Cache-Control: private,
    no-store``) so that the browser's back button on a shared computer does not show the figures again.
    Abstract, so a site with its own base page model builds its page from it. A simulation (a POST) counts
    against the ``fees_simulation`` rate limit (``MON_ENFANT_RATE_LIMITS``, off by default); the form and the
    grids (GET) do not.
    """

    rate_limit = "fees_simulation"

    show_grids = models.BooleanField(_("afficher les grilles complètes"), default=True,
                                     help_text=_("Les tranches de chaque prestation, imprimables."))

    content_panels = [*ToolPageMixin.content_panels, FieldPanel("show_grids")]

    class Meta:
        abstract = True

    form_prefix = "tarifs"

    # The page posts its form to itself (CSRF): see mon_enfant.privacy.
    referrer_policy = POSTED_FORM_REFERRER_POLICY

    def rate_limit_counts(self, request):
        return request.method == "POST"

    def get_calculator(self, request, communes):
        return FeeCalculator(request, communes, prefix=self.form_prefix, in_private_page=True)

    def get_tool_context(self, request, communes):
        return {**self.get_calculator(request, communes).get_context(), "show_grids": self.show_grids}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fees_contacts"] = context["mon_enfant_contacts"]
        return context


class FeeCalculatorPage(FeeCalculatorPageMixin, Page):
    template = "mon_enfant_fees/fee_calculator_page.html"
    subpage_types = []
    max_count_per_parent = 1
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    content_panels = FeeCalculatorPageMixin.content_panels

    class Meta:
        verbose_name = _("calculateur de tarifs")
        verbose_name_plural = _("calculateurs de tarifs")
