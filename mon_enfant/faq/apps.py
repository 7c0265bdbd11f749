from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class FaqConfig(features.MonEnfantFeature):
    """Questions fréquentes et démarches: the questions parents ask the mairie, by theme, searchable without
    accents through Wagtail's search backend, and step-by-step guides through school procedures with their
    key dates, a printable checklist and a calendar feed."""

    name = "mon_enfant.faq"
    label = "mon_enfant_faq"
    verbose_name = _("Questions fréquentes et démarches")

    api_router = "mon_enfant.faq.api.router"
    blocks = {"faq": "mon_enfant.faq.blocks.FaqBlock"}
    admin_viewsets = "mon_enfant.faq.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.faq.starter.starter_pages"
    family_section = "mon_enfant.faq.services.family_section"
    settings_defaults = {
        # The family section: the deadlines within this many days.
        "MON_ENFANT_FAQ_DEADLINE_HORIZON_DAYS": 120,
    }
