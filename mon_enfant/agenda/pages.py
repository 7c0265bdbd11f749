"""The "Agenda et actualités des écoles" page type: logic in an abstract mixin, so a site with its own base page
model builds its page from it. Imported by the app's ready() (app label mon_enfant_agenda)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from mon_enfant.models import ToolPageMixin

from .forms import AgendaList


class AgendaPageMixin(ToolPageMixin):
    """The events to come by month and the latest news of the commune's schools, filtered by school, type and
    month with a GET form (no JavaScript needed); the archives of past events page by page; a calendar feed per
    commune or per school, and one per event; the schema.org Event JSON-LD."""

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        return AgendaList(request, communes, page_url=self.get_full_url(request) or "").get_context()


class AgendaPage(AgendaPageMixin, Page):
    template = "mon_enfant_agenda/agenda_page.html"
    subpage_types = []
    max_count_per_parent = 1
    content_panels = AgendaPageMixin.content_panels

    class Meta:
        verbose_name = _("agenda et actualités des écoles")
        verbose_name_plural = _("pages d'agenda et d'actualités des écoles")
