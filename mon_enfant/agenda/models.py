"""The commune's school agenda and news: events (a school trip, a fête d'école, an information meeting, a period
of inscriptions...) and news items, each tied to one or several schools, or to the whole commune when no school
is chosen.

Both are snippets (commune data, like the questions of the FAQ and the canteen's restaurants), not pages: an
event belongs to a commune and to its schools, and is shown in many places at once (the agenda page, each
school's page, a family's summary, the calendar feeds, the API); the per-commune permission policy narrows them
to the editor's communes, which Wagtail's page permissions (by subtree) cannot do. They keep drafts, revisions
and scheduled publishing, so that next term's agenda is prepared now; ``schools`` is a
``ParentalManyToManyField`` so that a draft keeps its schools in its revision.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from mon_enfant.models import RICH_TEXT_FEATURES, Commune, ResponsibleBody

from . import logic, wording


class EventKind(models.TextChoices):
    SORTIE = "sortie", _("Sortie scolaire")
    FETE = "fete", _("Fête d'école")
    REUNION = "reunion", _("Réunion d'information")
    INSCRIPTION = "inscription", _("Période d'inscription")
    SPECTACLE = "spectacle", _("Spectacle, exposition")
    VACANCES = "vacances", _("Vacances, pont, fermeture")
    AUTRE = "autre", _("Autre événement")


def schools_field(related_name):
    return ParentalManyToManyField(
        "mon_enfant.School", blank=True, related_name=related_name, verbose_name=_("écoles"),
        help_text=_("Les écoles concernées. Aucune : toute la commune (toutes ses écoles)."),
    )


def responsible_body_field():
    return models.CharField(
        _("qui organise ou décide ?"), max_length=30, choices=ResponsibleBody.choices,
        default=ResponsibleBody.MAIRIE,
        help_text=_("Affiché pour que les familles sachent à qui s'adresser : la mairie, l'école, "
                    "l'Éducation nationale..."),
    )


class Event(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A date of the school year families should know: a sortie, a fête d'école, an information meeting, a
    period of inscriptions, a closing. Whole days without a start time; an end date for a period."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="agenda_events",
                                verbose_name=_("commune"))
    schools = schools_field("agenda_events")
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices, default=EventKind.AUTRE)
    start_date = models.DateField(_("date de début"))
    start_time = models.TimeField(_("heure de début"), null=True, blank=True,
                                  help_text=_("Vide : l'événement dure toute la journée."))
    end_date = models.DateField(_("date de fin"), null=True, blank=True,
                                help_text=_("Pour un événement sur plusieurs jours (une période d'inscription)."))
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True,
                             help_text=_("Ex. « Préau de l'école », « Hôtel de ville, salle du conseil »."))
    description = models.TextField(_("description"), max_length=2000, blank=True,
                                   help_text=_("Quelques lignes : ce qu'il faut savoir, apporter ou prévoir."))
    responsible_body = responsible_body_field()
    url = models.URLField(_("lien"), blank=True, help_text=_("Facultatif : une page qui en dit plus."))
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("commune"),
        FieldPanel("schools"),
        FieldPanel("title"),
        FieldPanel("kind"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
            FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
        ], heading=_("Quand")),
        FieldPanel("place"),
        FieldPanel("description"),
        FieldPanel("responsible_body"),
        FieldPanel("url"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements de l'agenda")
        ordering = ["start_date", "start_time", "title"]
        indexes = [models.Index(fields=["commune", "start_date"], name="mon_enfant_agenda_event_idx")]

    def __str__(self):
        return self.title

    @property
    def span(self) -> logic.Span:
        return logic.Span(self.start_date, self.start_time, self.end_date, self.end_time)

    def clean(self):
        super().clean()
        if self.start_date is None:
            return  # the field's own error says it is required
        try:
            logic.check_span(self.span)
        except logic.AgendaValueError as exc:
            field = "end_time" if exc.code == "end_time_without_start" or self.end_date in (None, self.start_date) \
                else "end_date"
            raise ValidationError({field: wording.value_error(exc)}) from None


class NewsItem(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A piece of school news from the commune or a school: works in the school yard, a new canteen provider, the
    result of a council vote."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="agenda_news",
                                verbose_name=_("commune"))
    schools = schools_field("agenda_news")
    title = models.CharField(_("titre"), max_length=200)
    publication_date = models.DateField(_("date de publication"), default=timezone.localdate,
                                        help_text=_("L'actualité est affichée à partir de ce jour."))
    summary = models.TextField(_("en bref"), max_length=500, help_text=_("Une ou deux phrases, lues en premier."))
    body = RichTextField(_("texte"), blank=True, features=RICH_TEXT_FEATURES)
    responsible_body = responsible_body_field()
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("commune"),
        FieldPanel("schools"),
        FieldPanel("title"),
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("responsible_body"),
    ]

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités des écoles")
        ordering = ["-publication_date", "title"]
        indexes = [models.Index(fields=["commune", "publication_date"], name="mon_enfant_agenda_news_idx")]

    def __str__(self):
        return self.title
