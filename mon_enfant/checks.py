"""System checks that fail early, with a message saying what to change in the host settings."""

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conf import get_setting

REQUIRED_APPS = [
    "wagtail",
    "wagtail.snippets",
    "wagtail.admin",
    "modelcluster",
    "leaflet",
]


def _gdal_available():
    try:
        from django.contrib.gis import gdal

        return gdal.HAS_GDAL
    except Exception:  # ImproperlyConfigured or OSError when libgdal is missing
        return False


@checks.register()
def check_required_apps(app_configs=None, **kwargs):
    errors = []
    for name in REQUIRED_APPS:
        if not apps.is_installed(name):
            errors.append(
                checks.Error(
                    f"'{name}' must be in INSTALLED_APPS to use Mon enfant à l'école.",
                    hint=f"Add '{name}' to INSTALLED_APPS (see docs/install.md).",
                    id="mon_enfant.E001",
                )
            )
    return errors


def admin_autodiscovery_problem():
    """django-leaflet's admin module imports GeoDjango, which needs GDAL. Django's admin autodiscovery
    (``AdminConfig``) imports it at start-up, and the host then crashes with an obscure GDAL error.
    Returns a message saying what to change, or None when the configuration is safe."""
    if not apps.is_installed("django.contrib.admin") or not apps.is_installed("leaflet"):
        return None
    from django.contrib.admin.apps import AdminConfig

    if isinstance(apps.get_app_config("admin"), AdminConfig) and not _gdal_available():
        return (
            "Mon enfant à l'école: 'django.contrib.admin' autodiscovers django-leaflet's admin module, "
            "which needs GDAL, and GDAL is not installed. Replace 'django.contrib.admin' by "
            "'django.contrib.admin.apps.SimpleAdminConfig' in INSTALLED_APPS, remove the Django admin, "
            "or install GDAL."
        )
    return None


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    name = get_setting("MON_ENFANT_BASE_TEMPLATE")
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            checks.Warning(
                f"MON_ENFANT_BASE_TEMPLATE is '{name}', and no such template exists.",
                hint="Set MON_ENFANT_BASE_TEMPLATE to your site's base template; it must define the "
                "blocks title, extra_css, content and extra_js.",
                id="mon_enfant.W001",
            )
        ]
    return []


@checks.register()
def check_import_max_rows(app_configs=None, **kwargs):
    value = get_setting("MON_ENFANT_IMPORT_MAX_ROWS")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return [
            checks.Error(
                f"MON_ENFANT_IMPORT_MAX_ROWS is {value!r}; it must be a whole number of rows, 1 or more.",
                hint="Set MON_ENFANT_IMPORT_MAX_ROWS to the most rows an import file may hold (default "
                "1_000_000), or remove it.",
                id="mon_enfant.E002",
            )
        ]
    return []
