"""The services map's start-up checks: it needs django-leaflet, and django-leaflet's admin module needs GDAL.
They belong to this app, not to the core: a site without the map needs neither."""

from django.apps import apps
from django.core import checks


def _gdal_available():
    try:
        from django.contrib.gis import gdal

        return gdal.HAS_GDAL
    except Exception:  # ImproperlyConfigured or OSError when libgdal is missing
        return False


def admin_autodiscovery_problem():
    """django-leaflet's admin module imports GeoDjango, which needs GDAL. Django's admin autodiscovery
    (``AdminConfig``) imports it at start-up, and the host then crashes with an obscure GDAL error.
    Returns a message saying what to change, or None when the configuration is safe."""
    if not apps.is_installed("django.contrib.admin") or not apps.is_installed("leaflet"):
        return None
    from django.contrib.admin.apps import AdminConfig

    if isinstance(apps.get_app_config("admin"), AdminConfig) and not _gdal_available():
        return (
            "Mon enfant à l'école (carte des services): 'django.contrib.admin' autodiscovers django-leaflet's "
            "admin module, which needs GDAL, and GDAL is not installed. Replace 'django.contrib.admin' by "
            "'django.contrib.admin.apps.SimpleAdminConfig' in INSTALLED_APPS, remove the Django admin, "
            "or install GDAL."
        )
    return None


@checks.register()
def check_leaflet_installed(app_configs=None, **kwargs):
    if apps.is_installed("leaflet"):
        return []
    return [
        checks.Error(
            "'leaflet' must be in INSTALLED_APPS to use the services map (mon_enfant.places).",
            hint="Add 'leaflet' (django-leaflet) to INSTALLED_APPS, or remove 'mon_enfant.places'.",
            id="mon_enfant_places.E001",
        )
    ]
