from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class AgendaConfig(features.MonEnfantFeature):
    """Agenda et actualités des écoles: the commune's school events (sorties, fêtes d'école, réunions
    d'information, périodes d'inscription) and news, per school or for the whole commune, with a listing that
    filters without JavaScript, its archives, and calendar feeds (RFC 5545) per school and per commune."""

    name = "mon_enfant.agenda"
    label = "mon_enfant_agenda"
    verbose_name = _("Agenda et actualités des écoles")

    api_router = "mon_enfant.agenda.api.router"
    blocks = {"agenda": "mon_enfant.agenda.blocks.AgendaBlock"}
    admin_viewsets = "mon_enfant.agenda.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.agenda.starter.starter_pages"
    family_section = "mon_enfant.agenda.services.family_section"
    school_section = "mon_enfant.agenda.services.school_section"
    settings_defaults = {
        # The family section and a school's page: the events of the next this-many days.
        "MON_ENFANT_AGENDA_FAMILY_DAYS": 60,
        # The calendar feeds: the events ended at most this many days ago, and every event to come.
        "MON_ENFANT_AGENDA_FEED_PAST_DAYS": 92,
        # The archives: past events per page.
        "MON_ENFANT_AGENDA_ARCHIVE_PAGE_SIZE": 20,
        # The agenda page: the latest news items shown.
        "MON_ENFANT_AGENDA_NEWS_COUNT": 10,
    }
