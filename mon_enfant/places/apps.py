from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class PlacesConfig(features.MonEnfantFeature):
    """Carte des services enfance: the commune's places for children (crèches, accueils de loisirs,
    médiathèques...) and its schools, on a django-leaflet map that always comes with an accessible list,
    filtered by category and age and sorted by distance from an address; GeoJSON and CSV in, GeoJSON out."""

    name = "mon_enfant.places"
    label = "mon_enfant_places"
    verbose_name = _("Carte des services enfance")

    api_router = "mon_enfant.places.api.router"
    blocks = {"places_map": "mon_enfant.places.blocks.PlacesMapBlock"}
    admin_viewsets = "mon_enfant.places.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.places.starter.starter_pages"
    family_section = "mon_enfant.places.services.family_section"
    school_section = "mon_enfant.places.services.school_section"
    settings_defaults = {
        # Places listed (and shown on the map) per page: the page stays light whatever the commune's size.
        "MON_ENFANT_PLACES_PER_PAGE": 50,
        # The family section: the nearest places of each category, within this distance.
        "MON_ENFANT_PLACES_FAMILY_PER_CATEGORY": 1,
        "MON_ENFANT_PLACES_FAMILY_MAX_METRES": 5000,
        # The "itinéraire" link: {lat} and {lon} are the place's (never the family's address).
        "MON_ENFANT_PLACES_DIRECTIONS_URL": "https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lon}",
        # The cache that keeps each version of the GeoJSON export (under its ETag): one shared by every process
        # (Redis...) serves a new version once for all of them.
        "MON_ENFANT_PLACES_EXPORT_CACHE": "default",
    }

    def import_models(self):
        # Runs before any app's ready(), hence before the Django admin's autodiscovery would crash on a
        # host without GDAL: fail first, with a message that says what to change.
        from .checks import admin_autodiscovery_problem

        problem = admin_autodiscovery_problem()
        if problem:
            raise ImproperlyConfigured(problem)
        super().import_models()

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .defaults import create_default_categories

        post_migrate.connect(create_default_categories, sender=self)
        super().ready()
