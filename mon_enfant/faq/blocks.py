"""``FaqBlock``: one theme's questions, or questions chosen one by one, in any page (the catchment page shows
the catchment questions, the fee page the fee questions), with the same search."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.blocks import ToolBlock

from .models import Theme


class FaqBlock(ToolBlock):
    prefix_base = "faq"

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    heading = blocks.CharBlock(required=False, label=_("Titre"), help_text=_("Vide : « Questions fréquentes »."))
    theme = blocks.ChoiceBlock(choices=Theme.choices, required=False, label=_("Thème"),
                               help_text=_("Les questions publiées de ce thème ; vide : celles choisies ci-dessous."))
    questions = blocks.ListBlock(SnippetChooserBlock("mon_enfant_faq.Question"), required=False, default=[],
                                 label=_("Questions choisies"))

    class Meta:
        template = "mon_enfant_faq/blocks/faq.html"
        icon = "help"
        label = _("Questions fréquentes")
        description = _("Les questions d'un thème, ou des questions choisies, avec leurs réponses.")
        preview_value = {"heading": "Questions fréquentes"}

    def get_tool_context(self, value, request, communes, prefix):
        from .forms import FaqList

        theme = value.get("theme")
        chosen = [question for question in value.get("questions") or [] if question is not None]
        faq = FaqList(request, communes, prefix=prefix, themes=[theme] if theme else None,
                      chosen=None if theme or not chosen else chosen)
        return {**faq.get_context(), "faq_id": prefix}
