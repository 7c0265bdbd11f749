"""The "Agenda et actualités des écoles" page type: logic in an abstract mixin, so a site with its own base page
model builds its page from it. Imported by the app's ready() (app label mon_enfant_agenda)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from mon_enfant.models import MonEnfantPageMixin

from .forms import AgendaList
from .models import TEXT_FEATURES


class AgendaPageMixin(MonEnfantPageMixin):
    """The events to come by month and the latest news of the commune's schools, filtered by school, type and
    month with a GET form (no JavaScript needed); the archives of past events page by page; a calendar feed per
    commune or per school, and one per event; the schema.org Event JSON-LD."""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = [FieldPanel("title"), FieldPanel("intro"), FieldPanel("communes"), FieldPanel("responsible_body")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_url = self.get_full_url(request) or ""
        context.update(AgendaList(request, context["mon_enfant_communes"], page_url=page_url).get_context())
        return context


class AgendaPage(AgendaPageMixin, Page):
    template = "mon_enfant_agenda/agenda_page.html"
    subpage_types = []
    max_count_per_parent = 1
    content_panels = AgendaPageMixin.content_panels

    class Meta:
        verbose_name = _("agenda et actualités des écoles")
        verbose_name_plural = _("pages d'agenda et d'actualités des écoles")
