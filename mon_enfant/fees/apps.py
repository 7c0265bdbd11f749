from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class FeesConfig(features.MonEnfantFeature):
    """Quotient familial et tarifs: the QF calculator and the fee grids of the municipal child services."""

    name = "mon_enfant.fees"
    label = "mon_enfant_fees"
    verbose_name = _("Quotient familial et tarifs")

    api_router = "mon_enfant.fees.api.router"
    blocks = {"fee_calculator": "mon_enfant.fees.blocks.FeeCalculatorBlock"}
    admin_viewsets = "mon_enfant.fees.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.fees.starter.starter_pages"
    family_section = "mon_enfant.fees.services.family_section"
