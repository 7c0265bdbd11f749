"""``AgendaBlock``: the agenda of a commune's schools in any page (its GET filters read the page's query string,
under a prefix of its own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock


class AgendaBlock(ToolBlock):
    prefix_base = "agenda"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"),
                               help_text=_("Vide : « Agenda et actualités des écoles »."))

    class Meta:
        template = "mon_enfant_agenda/blocks/agenda.html"
        icon = "date"
        label = _("Agenda des écoles")
        description = _("Les événements à venir et les actualités des écoles, à filtrer par école, type et mois.")
        preview_value = {"heading": "Agenda des écoles"}

    def get_tool_context(self, value, request, communes, prefix):
        from .forms import AgendaList

        return {**AgendaList(request, communes, prefix=prefix).get_context(), "agenda_id": prefix}
