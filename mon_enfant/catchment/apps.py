from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class CatchmentConfig(features.MonEnfantFeature):
    """Trouver mon école: the carte scolaire (sectorisation) and the lookup by address."""

    name = "mon_enfant.catchment"
    label = "mon_enfant_catchment"
    verbose_name = _("Trouver mon école")

    school_section = "mon_enfant.catchment.sector.school_section"
    api_router = "mon_enfant.catchment.api.router"
    blocks = {"catchment_lookup": "mon_enfant.catchment.blocks.CatchmentLookupBlock"}
    admin_viewsets = "mon_enfant.catchment.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.catchment.starter.starter_pages"
    family_school = "mon_enfant.catchment.services.family_school"
    family_section = "mon_enfant.catchment.services.family_section"

    def ready(self):
        super().ready()
        from . import signals  # noqa: F401
