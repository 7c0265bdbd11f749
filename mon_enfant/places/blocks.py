"""``PlacesMapBlock``: the services map and its list in any page of a commune's site (its GET form reads the
page's query string, under a prefix of its own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock
from mon_enfant.models import Contact


class PlacesMapBlock(ToolBlock):
    prefix_base = "carte"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Carte des services enfance »."))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        template = "mon_enfant_places/blocks/places_map.html"
        icon = "site"
        label = _("Carte des services enfance")
        description = _("Les lieux pour les enfants de la commune, sur une carte et en liste.")
        preview_value = {"heading": "Les services enfance", "intro": "Crèches, accueils de loisirs, médiathèques…"}

    def get_tool_context(self, value, request, communes, prefix):
        from .forms import PlacesMap

        return {**PlacesMap(request, communes, prefix=prefix).get_context(),
                "places_contacts": Contact.objects.chosen_for(communes), "places_id": prefix}
