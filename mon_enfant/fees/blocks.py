"""``FeeCalculatorBlock``: the QF and fee calculator in any page of a commune's site.

The block's form posts to the page that hosts it (no extra URL to install). The block reads the POST
while rendering and, when it answers one, calls :func:`mon_enfant.privacy.mark_private`: the page's
response gets the private headers.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock
from mon_enfant.models import Contact


class FeeCalculatorBlock(ToolBlock):
    prefix_base = "tarifs"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Quotient familial et tarifs »."))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    show_grids = blocks.BooleanBlock(required=False, default=False, label=_("Afficher les grilles complètes"))

    class Meta:
        template = "mon_enfant_fees/blocks/fee_calculator.html"
        icon = "calculator"
        label = _("Calculateur de tarifs")
        description = _("Le quotient familial et le prix de la cantine, du périscolaire, des accueils de "
                        "loisirs... selon la situation de la famille.")
        preview_value = {
            "heading": "Combien vais-je payer ?",
            "intro": "Simulez le prix de chaque service à partir de votre quotient familial.",
            "show_grids": True,
        }

    def get_tool_context(self, value, request, communes, prefix):
        from .forms import FeeCalculator

        return {**FeeCalculator(request, communes, prefix=prefix).get_context(),
                "fees_contacts": Contact.objects.chosen_for(communes)}

