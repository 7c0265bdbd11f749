"""The "Trouver mon école" form as a StreamField block, so a commune embeds it in any page (its home page,
an "Inscriptions scolaires" page...).

The block's form goes back to the page that holds it (plain GET, no JavaScript needed) and the answer is
shown in place, in the block. Each block names itself in the query (``lookup``), so two blocks on one page
do not both answer; the page's response gets the private headers
(see :func:`~mon_enfant.catchment.services.lookup_panel`).
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.models import Commune

from .models import CatchmentLevel
from .pages import RICH_TEXT_FEATURES, default_levels
from .services import lookup_panel

_KEY_CHARACTERS = re.compile(r"[^0-9a-z]")


class CatchmentLookupBlock(blocks.StructBlock):
    """Address, level and school year in; the sector's school(s), who decides and whom to call out."""

    heading = blocks.CharBlock(required=False, default=_("Trouver mon école"), label=_("Titre"))
    commune = SnippetChooserBlock(
        "mon_enfant.Commune", required=False, label=_("Commune"),
        help_text=_("Laisser vide pour les communes du site (les familles choisissent alors la leur)."),
    )
    levels = blocks.MultipleChoiceBlock(
        choices=CatchmentLevel.choices,
        default=default_levels(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Niveaux proposés"),
    )
    derogation_text = blocks.RichTextBlock(
        required=False, features=RICH_TEXT_FEATURES, label=_("Dérogations"),
        help_text=_("La note de la mairie sur les inscriptions hors secteur, montrée avec la réponse."),
    )

    class Meta:
        template = "mon_enfant_catchment/blocks/catchment_lookup.html"
        icon = "site"
        label = _("Trouver mon école")
        description = _("Le formulaire « Trouver mon école » : les familles tapent leur adresse et lisent "
                        "l'école ou le collège de leur secteur.")
        preview_value = {
            "heading": "Trouver mon école",
            "commune": None,
            "levels": ["maternelle", "elementaire"],
            "derogation_text": "<p>Les demandes de dérogation sont à adresser au service Éducation "
                               "avant le 31 mars.</p>",
        }

    @staticmethod
    def lookup_key(parent_context):
        """A short name for this block, from its StreamField id: it tells its answers from another block's."""
        block_id = _KEY_CHARACTERS.sub("", str((parent_context or {}).get("id") or "").lower())
        return block_id[:8]

    def get_communes(self, value, request):
        if value.get("commune"):
            return [value["commune"]]
        site = Site.find_for_request(request) if request is not None else None
        return list(Commune.objects.for_site(site))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = context.get("request")
        key = self.lookup_key(parent_context)
        panel = lookup_panel(
            request,
            communes=self.get_communes(value, request),
            levels=value.get("levels") or default_levels(),
            id_prefix=f"catchment-{key}" if key else "catchment-block",
            lookup_key=key,
            derogation_text=value.get("derogation_text") or "",
        )
        context["catchment"] = panel
        return context
