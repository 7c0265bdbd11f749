from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    """Quotient familial et tarifs: the QF calculator and the fee grids of the municipal child services."""

    name = "mon_enfant.fees"
    label = "mon_enfant_fees"
    verbose_name = _("Quotient familial et tarifs")
    default_auto_field = "django.db.models.BigAutoField"
