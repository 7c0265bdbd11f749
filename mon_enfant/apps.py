from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class MonEnfantConfig(AppConfig):
    """Core app: communes (the tenants), schools, contacts, shared blocks and templates."""

    name = "mon_enfant"
    label = "mon_enfant"
    verbose_name = _("Mon enfant à l'école")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        # Runs before any app's ready(), hence before the Django admin's autodiscovery would crash
        # on a host without GDAL: fail first, with a message that says what to change.
        from .checks import admin_autodiscovery_problem

        problem = admin_autodiscovery_problem()
        if problem:
            raise ImproperlyConfigured(problem)
        super().import_models()

    def ready(self):
        from . import checks, privacy  # noqa: F401  (registers the system checks and the page hook)
        from .api import api
        from .schools_api import router

        privacy.redact_django_loggers()
        api.add_router("/", router)
