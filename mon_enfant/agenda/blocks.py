"""``AgendaBlock``: the agenda of a commune's schools in any page (its GET filters read the page's query string,
under a prefix of its own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import block_communes


class AgendaBlock(blocks.StructBlock):
    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"),
                               help_text=_("Vide : « Agenda et actualités des écoles »."))

    class Meta:
        template = "mon_enfant_agenda/blocks/agenda.html"
        icon = "date"
        label = _("Agenda des écoles")
        description = _("Les événements à venir et les actualités des écoles, à filtrer par école, type et mois.")
        preview_value = {"heading": "Agenda des écoles"}

    def get_context(self, value, parent_context=None):
        from .forms import AgendaList

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        communes = block_communes(value.get("commune"), request)
        prefix = f"agenda-{communes[0].code_insee}" if communes else "agenda"
        context.update(AgendaList(request, communes, prefix=prefix).get_context())
        context["agenda_id"] = prefix
        return context
