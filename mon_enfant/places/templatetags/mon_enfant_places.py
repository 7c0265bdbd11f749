"""Template tags of the services map."""

import json

from django import template
from django.utils.translation import gettext
from leaflet.templatetags.leaflet_tags import leaflet_map

register = template.Library()


@register.simple_tag(takes_context=True)
def places_map_options(context, name):
    """django-leaflet's map options (``LEAFLET_CONFIG``: tiles, zoom bounds, attribution...), with the site's
    own centre, zoom and tiles (the "Carte des services enfance" site setting), for the map's script.

    ``leaflet_map`` itself writes an inline script, which a strict Content-Security-Policy refuses: its options
    go in a JSON data block instead (``json_script``) and ``places-map.js`` calls ``L.Map.djangoMap`` with them.
    """
    from ..models import PlacesMapSettings

    request = context.get("request")
    overrides = {}
    if request is not None:
        settings = PlacesMapSettings.for_request(request)
        if settings.centre_latitude is not None and settings.centre_longitude is not None:
            overrides["DEFAULT_CENTER"] = (float(settings.centre_latitude), float(settings.centre_longitude))
        overrides["DEFAULT_ZOOM"] = settings.zoom
        if settings.tile_url:
            overrides["TILES"] = [("", settings.tile_url, {"attribution": settings.attribution})]
    options = json.loads(leaflet_map(name, settings_overrides=overrides)["djoptions"])
    options["fitextent"] = "DEFAULT_CENTER" not in overrides
    options["labels"] = {"details": gettext("Voir la fiche dans la liste")}
    return options
