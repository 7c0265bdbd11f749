"""StreamField blocks shared by every feature, so communes embed the tools in any existing page.

Each feature app declares its tool blocks in the feature registry (:mod:`mon_enfant.features`);
:func:`mon_enfant_blocks` gathers those installed, for a host's StreamField.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .addresses.display import fill_display_addresses
from .features import feature_blocks, school_links
from .models import Commune, ResponsibleBody, School, SchoolLevel


class ResponsibleBodyBlock(blocks.StructBlock):
    """A "Qui décide ?" label with an optional sentence, so parents tell the mairie's decisions from
    the Éducation nationale's."""

    body = blocks.ChoiceBlock(choices=ResponsibleBody.choices, default=ResponsibleBody.MAIRIE,
                              label=_("Qui décide ?"))
    explanation = blocks.TextBlock(required=False, label=_("Précision"))

    class Meta:
        template = "mon_enfant/blocks/responsible_body.html"
        icon = "help"
        label = _("Qui décide ?")
        description = _("Indique qui prend la décision (mairie, Éducation nationale, école...).")
        preview_value = {"body": ResponsibleBody.EDUCATION_NATIONALE,
                         "explanation": "L'affectation en collège est décidée par la direction académique."}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["label"] = dict(ResponsibleBody.choices).get(value.get("body"), "")
        return context


class ContactBlock(blocks.StructBlock):
    """The human contact of a service, a click away."""

    contact = SnippetChooserBlock("mon_enfant.Contact", label=_("Contact"))

    class Meta:
        template = "mon_enfant/blocks/contact.html"
        icon = "user"
        label = _("Contact")
        description = _("Le service à contacter : téléphone, courriel, horaires.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["contacts"] = [value["contact"]] if value.get("contact") else []
        return context


class SchoolListBlock(blocks.StructBlock):
    """The cards of a commune's schools, optionally of one level."""

    commune = SnippetChooserBlock("mon_enfant.Commune", label=_("Commune"))
    level = blocks.ChoiceBlock(choices=SchoolLevel.choices, required=False, label=_("Niveau"),
                               help_text=_("Laisser vide pour toutes les écoles."))
    heading = blocks.CharBlock(required=False, label=_("Titre"))

    class Meta:
        template = "mon_enfant/blocks/school_list.html"
        icon = "list-ul"
        label = _("Liste des écoles")
        description = _("Les fiches des écoles d'une commune (adresse, horaires, direction, ENT).")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        schools = School.objects.none()
        if value.get("commune"):
            schools = School.objects.filter(commune=value["commune"]).select_related("commune")
            if value.get("level"):
                schools = schools.teaching(value["level"])
        context["schools"] = list(schools.order_by("level", "name"))
        fill_display_addresses(context["schools"])
        context["mon_enfant_school_links"] = school_links(context["schools"], (parent_context or {}).get("request"))
        return context


def mon_enfant_blocks():
    """All the app's blocks, for a host StreamField: ``StreamField(mon_enfant_blocks() + [...])``."""
    return [
        ("responsible_body", ResponsibleBodyBlock()),
        ("contact", ContactBlock()),
        ("school_list", SchoolListBlock()),
        *feature_blocks(),
    ]


def block_communes(commune, request):
    """The communes a tool's block serves: the one chosen, else (the block picker's preview, a deleted commune)
    the communes of the page's site, never another site's."""
    if commune:
        return [commune]
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    return list(Commune.objects.for_site(site))


class ToolBlock(blocks.StructBlock):
    """A tool in any page of a commune's site. A subclass declares its fields (``commune`` among them) and
    :meth:`get_tool_context`, which gets the communes the block serves (:func:`block_communes`) and a prefix of
    its own, ``<prefix_base>-<INSEE>``, under which the tool reads the page's query string: two tools on one page
    each answer their own form."""

    prefix_base = "outil"

    def get_tool_context(self, value, request, communes, prefix):
        """The tool's part of the block's context: its form, its answer, its contacts."""
        return {}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        communes = block_communes(value.get("commune"), request)
        prefix = f"{self.prefix_base}-{communes[0].code_insee}" if communes else self.prefix_base
        context.update(self.get_tool_context(value, request, communes, prefix))
        return context
