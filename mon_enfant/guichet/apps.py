from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class GuichetConfig(features.MonEnfantFeature):
    """Mon enfant: one answer for one family, gathered from the family sections of every installed feature
    (the "guichet unique"). It names no feature: a feature added later adds its section to the answer."""

    name = "mon_enfant.guichet"
    label = "mon_enfant_guichet"
    verbose_name = _("Mon enfant")

    blocks = {"family_summary": "mon_enfant.guichet.blocks.FamilySummaryBlock"}
    starter_pages = "mon_enfant.guichet.starter.starter_pages"
