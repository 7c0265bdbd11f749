from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonEnfantConfig(AppConfig):
    """Core app: communes (the tenants), schools, contacts, shared blocks and templates."""

    name = "mon_enfant"
    label = "mon_enfant"
    verbose_name = _("Mon enfant à l'école")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, privacy  # noqa: F401  (registers the system checks and the page hook)
        from .api import api
        from .schools_api import router

        privacy.redact_django_loggers()
        api.add_router("/", router)
