from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatchmentConfig(AppConfig):
    """Trouver mon école: the carte scolaire (sectorisation) and the lookup by address."""

    name = "mon_enfant.catchment"
    label = "mon_enfant_catchment"
    verbose_name = _("Trouver mon école")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pages, signals  # noqa: F401
