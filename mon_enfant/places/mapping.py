"""The options of the services map's Leaflet maps (the parents' map and the admin's point picker).

django-leaflet's ``{% leaflet_map %}`` writes an inline script, which a strict Content-Security-Policy
refuses: its options are taken from django-leaflet's own builder instead (``LEAFLET_CONFIG`` applies: tiles,
zoom bounds, attribution prefix...), with the site's centre, zoom and tiles (the "Carte des services
enfance" site setting), and passed to the page in a JSON data block; the scripts call
``L.Map.djangoMap`` with them.
"""

import json

from django.apps import apps
from django.utils.translation import gettext
from leaflet.templatetags.leaflet_tags import leaflet_map


def map_options(request, name):
    overrides = {}
    if request is not None:
        # By name: the models module builds on this one (the admin's point picker panel).
        settings = apps.get_model("mon_enfant_places", "PlacesMapSettings").for_request(request)
        if settings.centre_latitude is not None and settings.centre_longitude is not None:
            overrides["DEFAULT_CENTER"] = (float(settings.centre_latitude), float(settings.centre_longitude))
        overrides["DEFAULT_ZOOM"] = settings.zoom
        if settings.tile_url:
            overrides["TILES"] = [("", settings.tile_url, {"attribution": settings.attribution})]
    options = json.loads(leaflet_map(name, settings_overrides=overrides)["djoptions"])
    for layer in options["layers"]:
        # django-leaflet's default tiles are protocol-relative ("//tile.openstreetmap.org/..."): on a page served
        # over http they would be fetched in clear, and a CSP naming https sources refuses them.
        if layer[1].startswith("//"):
            layer[1] = "https:" + layer[1]
    options["fitextent"] = "DEFAULT_CENTER" not in overrides
    # django-leaflet's "reset view" button returns to SPATIAL_EXTENT (the whole world by default), not to the
    # places: the script frames the places itself.
    options["resetview"] = False
    options["labels"] = {"details": gettext("Voir la fiche dans la liste"), "close": gettext("Fermer"),
                         "zoomIn": gettext("Zoomer"), "zoomOut": gettext("Dézoomer")}
    return options
