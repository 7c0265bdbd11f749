"""``FamilySummaryBlock``: the family's form and answer in any page of a commune's site (its GET form reads
the page's query string, under a prefix of its own; its QF form posts to the page)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock
from mon_enfant.models import Contact


class FamilySummaryBlock(ToolBlock):
    prefix_base = "famille"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Mon enfant à l'école »."))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        template = "mon_enfant_guichet/blocks/family_summary.html"
        icon = "user"
        label = _("Mon enfant à l'école")
        description = _("Une réponse personnalisée : l'école, les menus, les tarifs, les services proches et "
                        "les démarches d'une famille.")
        preview_value = {"heading": "Mon enfant à l'école", "intro": "Indiquez votre adresse."}

    def get_tool_context(self, value, request, communes, prefix):
        from .services import FamilySummary

        return {**FamilySummary(request, communes, prefix=prefix).get_context(),
                "family_contacts": Contact.objects.chosen_for(communes)}
