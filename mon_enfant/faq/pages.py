"""Page types of the questions and procedures, each on an abstract mixin (a site with its own base page model
builds its pages from them): the questions page, the procedures' index and a procedure guide. Imported by
the app's ready() (app label mon_enfant_faq)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from mon_enfant.models import RICH_TEXT_FEATURES as TEXT_FEATURES
from mon_enfant.models import MonEnfantPageMixin, ToolPageMixin

from . import services
from .forms import FaqList


class KeyDateBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Intitulé"), help_text=_("Ex. « Inscriptions pour la rentrée »."))
    kind = blocks.ChoiceBlock(choices=[("deadline", _("Date limite (jusqu'au)")),
                                       ("opening", _("Ouverture (à partir du)")),
                                       ("event", _("Événement (le)"))], default="deadline", label=_("Type"))
    date = blocks.DateBlock(required=False, label=_("Date"), help_text=_("Une date précise ; ou bien le jour et le "
                                                                           "mois ci-dessous, chaque année."))
    day = blocks.IntegerBlock(required=False, min_value=1, max_value=31, label=_("Jour (chaque année)"))
    month = blocks.IntegerBlock(required=False, min_value=1, max_value=12, label=_("Mois (chaque année)"))

    class Meta:
        icon = "date"
        label = _("Date clé")

    def clean(self, value):
        value = super().clean(value)
        yearly = value.get("day") and value.get("month")
        if not value.get("date") and not yearly:
            raise blocks.StructBlockValidationError({"date": ValidationError(
                _("Donnez une date, ou un jour et un mois (chaque année)."))})
        if yearly:
            try:
                dt.date(2024, value["month"], value["day"])
            except ValueError:
                raise blocks.StructBlockValidationError({"day": ValidationError(
                    _("Ce jour n'existe pas dans ce mois."))}) from None
        return value


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Étape"))
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("Ce qu'il faut faire"))
    place = blocks.CharBlock(required=False, label=_("Où"), help_text=_("Ex. « Guichet unique, hôtel de ville »."))
    contact = SnippetChooserBlock("mon_enfant.Contact", required=False, label=_("Contact"))
    link = blocks.URLBlock(required=False, label=_("Démarche en ligne"))
    link_label = blocks.CharBlock(required=False, label=_("Texte du lien"))

    class Meta:
        icon = "list-ol"
        label = _("Étape")


class FaqPageMixin(ToolPageMixin):
    """The commune's questions by theme (native ``<details>``), a search that works without JavaScript and
    finds a word of a question or an answer with or without accents, deep links, and the FAQPage JSON-LD."""

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        return FaqList(request, communes).get_context()


class FaqPage(FaqPageMixin, Page):
    template = "mon_enfant_faq/faq_page.html"
    subpage_types = []
    max_count_per_parent = 1
    content_panels = FaqPageMixin.content_panels

    class Meta:
        verbose_name = _("questions fréquentes")
        verbose_name_plural = _("pages de questions fréquentes")


class ProcedureGuidePageMixin(MonEnfantPageMixin):
    """A procedure, step by step: for whom, key dates relative to today, steps, the documents as a checklist
    to print and tick, costs, what happens next, related questions; a calendar feed of its key dates."""

    summary = RichTextField(_("en bref"), features=TEXT_FEATURES)
    audience = RichTextField(_("pour qui ?"), blank=True, features=TEXT_FEATURES)
    key_dates = StreamField([("key_date", KeyDateBlock())], blank=True, verbose_name=_("dates clés"))
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name=_("étapes"))
    documents = StreamField([("document", blocks.CharBlock(label=_("Pièce à fournir")))], blank=True,
                            verbose_name=_("pièces à fournir"))
    costs = RichTextField(_("combien ça coûte ?"), blank=True, features=TEXT_FEATURES)
    next_steps = RichTextField(_("et ensuite ?"), blank=True, features=TEXT_FEATURES)
    related_questions = StreamField([("question", SnippetChooserBlock("mon_enfant_faq.Question"))], blank=True,
                                    verbose_name=_("questions liées"))

    content_panels = [
        FieldPanel("title"), FieldPanel("summary"), FieldPanel("audience"), FieldPanel("key_dates"),
        FieldPanel("steps"), FieldPanel("documents"), FieldPanel("costs"), FieldPanel("next_steps"),
        FieldPanel("related_questions"), FieldPanel("communes"), FieldPanel("responsible_body"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_dates"] = services.key_dates(self.key_dates)
        context["guide_questions"] = [block.value for block in self.related_questions
                                      if block.value is not None and block.value.live]
        # A related question's own link (?question=slug#slug) leads back here: open it, as the questions page does.
        context["faq_opened"] = request.GET.get("question", "")
        return context


class ProcedureGuidePage(ProcedureGuidePageMixin, Page):
    template = "mon_enfant_faq/procedure_guide_page.html"
    parent_page_types = ["mon_enfant_faq.ProcedureIndexPage"]
    subpage_types = []
    content_panels = ProcedureGuidePageMixin.content_panels

    class Meta:
        verbose_name = _("guide de démarche")
        verbose_name_plural = _("guides de démarches")


class ProcedureIndexPage(ToolPageMixin, Page):
    """The procedures of the commune: each guide with its summary and its next key date."""

    template = "mon_enfant_faq/procedure_index_page.html"
    subpage_types = ["mon_enfant_faq.ProcedureGuidePage"]
    max_count_per_parent = 1
    content_panels = ToolPageMixin.content_panels

    class Meta:
        verbose_name = _("démarches")
        verbose_name_plural = _("pages de démarches")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = ProcedureGuidePage.objects.live().child_of(self).order_by("path")
        context["guides"] = [(guide, [view for view in services.key_dates(guide.key_dates) if not view.is_past][:1])
                             for guide in guides]
        return context
