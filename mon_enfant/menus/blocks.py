"""``CanteenMenuBlock``: a school's week of canteen menus in any page of a commune's site (its GET form
reads the page's query string, under a prefix of its own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import block_communes
from mon_enfant.models import Contact


class CanteenMenuBlock(blocks.StructBlock):
    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Menus de la cantine »."))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        template = "mon_enfant_menus/blocks/canteen_menu.html"
        icon = "list-ul"
        label = _("Menus de la cantine")
        description = _("Les menus de la semaine de chaque école, avec les allergènes et les labels.")
        preview_value = {"heading": "Au menu cette semaine", "intro": "Choisissez l'école de votre enfant."}

    def get_context(self, value, parent_context=None):
        from .forms import CanteenMenu

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        communes = block_communes(value.get("commune"), request)
        prefix = f"menus-{communes[0].code_insee}" if communes else "menus"
        context.update(CanteenMenu(request, communes, prefix=prefix).get_context())
        context["menus_contacts"] = Contact.objects.chosen_for(communes)
        context["menus_block_id"] = prefix
        return context
