"""The questions parents ask the mairie, as commune data with drafts and revision history (like the fee
grids), indexed by Wagtail's search backend on an accent-free copy of their text, so that "derogation" finds
"Dérogation" on every backend (PostgreSQL's full-text search on a site that uses it)."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.utils import validate_school_year

from . import logic


class Theme(models.TextChoices):
    INSCRIPTION = "inscription", _("Inscription scolaire")
    DEROGATION = "derogation", _("Dérogation de secteur")
    CANTINE = "cantine", _("Cantine et PAI")
    PERISCOLAIRE = "periscolaire", _("Périscolaire et accueils de loisirs")
    TRANSPORT = "transport", _("Transports scolaires")
    SANTE = "sante", _("Santé")
    ASSURANCE = "assurance", _("Assurance")
    VACANCES = "vacances", _("Vacances scolaires")
    GARDE = "garde", _("Modes de garde")
    TARIFS = "tarifs", _("Tarifs et quotient familial")
    AUTRE = "autre", _("Autres questions")


THEME_ORDER = {code: rank for rank, code in enumerate(Theme.values)}


class Question(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("commune"))
    slug = models.SlugField(
        _("identifiant"), max_length=80, blank=True,
        help_text=_("Sert de lien direct vers la question (#identifiant) et aux imports. Vide : tiré de la question."),
    )
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("réponse"), features=["bold", "italic", "link", "ol", "ul"])
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices, default=Theme.AUTRE)
    responsible_body = models.CharField(_("qui est responsable ?"), max_length=30, choices=ResponsibleBody.choices,
                                        default=ResponsibleBody.MAIRIE)
    school_year = models.CharField(
        _("année scolaire"), max_length=9, blank=True, validators=[validate_school_year],
        help_text=_("Vide : valable chaque année. Sinon la question ne s'affiche que cette année scolaire."),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("commune"),
        FieldPanel("theme"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("responsible_body"),
        FieldPanel("school_year"),
        FieldPanel("sort_order"),
        FieldPanel("slug"),
    ]

    search_fields = [
        index.SearchField("search_text"),
        index.FilterField("commune"),
        index.FilterField("live"),
        index.FilterField("theme"),
        index.FilterField("school_year"),
    ]

    class Meta:
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")
        ordering = ["theme", "sort_order", "question"]
        constraints = [models.UniqueConstraint(fields=["commune", "slug"], name="mon_enfant_faq_unique_slug")]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = logic.slugify(self.question)
        super().save(*args, **kwargs)

    @property
    def search_text(self):
        """The question and its answer, folded: the index holds no accent, and the query is folded alike."""
        return logic.fold(f"{self.question} {strip_tags(self.answer)}")

    @property
    def answer_text(self):
        return " ".join(strip_tags(self.answer).split())
