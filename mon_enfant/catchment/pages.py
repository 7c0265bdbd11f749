"""The "Trouver mon école" page type: logic in an abstract mixin, so a site with its own base page model
builds its page from it. Loaded by the app's ready() (app label mon_enfant_catchment), since models.py
imports nothing above it.

A parent types an address, chooses the level and the school year, and reads the school(s) of the
sector, who decides, the mairie's note on exceptions (dérogations) and whom to call. The form is a plain
GET form: it works without JavaScript, and the street autocomplete is an enhancement on top of it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from mon_enfant import features
from mon_enfant.models import RICH_TEXT_FEATURES, ToolPageMixin
from mon_enfant.ratelimit import RateLimitedPageMixin

from . import services
from .models import CatchmentLevel


def default_levels():
    """The écoles by default: the mairie draws their sectors; collège sectors are the Éducation nationale's."""
    return [CatchmentLevel.MATERNELLE.value, CatchmentLevel.ELEMENTAIRE.value]


class CatchmentLookupPageForm(WagtailAdminPageForm):
    """Shows the offered levels as checkboxes (the model keeps them as a JSON list)."""

    levels = forms.MultipleChoiceField(
        label=_("niveaux proposés"),
        choices=CatchmentLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les niveaux que les familles peuvent choisir dans le formulaire."),
        error_messages={"required": _("Cochez au moins un niveau.")},
    )


class CatchmentLookupPageMixin(RateLimitedPageMixin, ToolPageMixin):
    """Behaviour of the lookup page, for any page model (see :class:`CatchmentLookupPage`). A page that
    answers a question is served privately (:func:`~mon_enfant.catchment.services.lookup_panel`: the address is
    in its URL); the empty form stays cacheable. Questions count against the ``catchment_lookup_page`` rate
    limit (``MON_ENFANT_RATE_LIMITS``, off by default); the empty form does not."""

    rate_limit = "catchment_lookup_page"

    levels = models.JSONField(
        _("niveaux proposés"),
        default=default_levels,
        help_text=_("Les niveaux que les familles peuvent choisir dans le formulaire."),
    )
    derogation_text = RichTextField(
        _("dérogations"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("La note de la mairie sur les demandes de dérogation (inscription hors secteur) : "
                    "à qui écrire, avant quelle date, quels motifs."),
    )

    base_form_class = CatchmentLookupPageForm

    content_panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("communes"), FieldPanel("levels"), FieldPanel("responsible_body")],
            heading=_("Ce que la page propose"),
        ),
        FieldPanel("derogation_text"),
    ]

    answer_id_prefix = "catchment"

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        levels = self.levels or []
        if not isinstance(levels, list) or not levels or any(level not in CatchmentLevel.values for level in levels):
            raise ValidationError({"levels": _("Cochez au moins un niveau parmi maternelle, élémentaire et collège.")})

    def rate_limit_counts(self, request):
        return services.is_question(request.GET)

    def get_levels(self):
        """The offered levels, in the school order."""
        return [level for level in CatchmentLevel.values if level in (self.levels or [])]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catchment"] = services.lookup_panel(
            request,
            communes=context["mon_enfant_communes"],
            levels=self.get_levels(),
            id_prefix=self.answer_id_prefix,
            derogation_text=self.derogation_text,
        )
        answer = getattr(context["catchment"], "answer", None)
        if answer is not None:
            schools = [entry["school"] for entry in answer.schools if entry["school"] is not None]
            context["mon_enfant_school_links"] = features.school_links(schools, request)
        return context


class CatchmentLookupPage(CatchmentLookupPageMixin, Page):
    template = "mon_enfant_catchment/catchment_lookup_page.html"
    subpage_types = []

    content_panels = CatchmentLookupPageMixin.content_panels

    class Meta:
        verbose_name = _("trouver mon école")
        verbose_name_plural = _("pages « Trouver mon école »")
