"""``CanteenMenuBlock``: a school's week of canteen menus in any page of a commune's site (its GET form
reads the page's query string, under a prefix of its own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock
from mon_enfant.models import Contact


class CanteenMenuBlock(ToolBlock):
    prefix_base = "menus"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Menus de la cantine »."))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        template = "mon_enfant_menus/blocks/canteen_menu.html"
        icon = "list-ul"
        label = _("Menus de la cantine")
        description = _("Les menus de la semaine de chaque école, avec les allergènes et les labels.")
        preview_value = {"heading": "Au menu cette semaine", "intro": "Choisissez l'école de votre enfant."}

    def get_tool_context(self, value, request, communes, prefix):
        from .forms import CanteenMenu

        return {**CanteenMenu(request, communes, prefix=prefix).get_context(),
                "menus_contacts": Contact.objects.chosen_for(communes), "menus_block_id": prefix}
