"""GeoJSON export of the services map, mounted at /api/mon-enfant/v1/ (see docs/places.md):

* ``GET /places.geojson?commune=<INSEE>[&category=<code>...]``: the commune's places and schools as an
  RFC 7946 FeatureCollection (WGS 84, longitude first), with ``ETag`` and ``Last-Modified``; a conditional
  request (``If-None-Match``, ``If-Modified-Since``) whose data has not changed answers 304 without reading
  a single place.

Bad parameters answer 422 with the field at fault, an unknown commune or category 404, never 500.
"""

import json

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.gzip import gzip_page
from ninja import Field, Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status
from pydantic import BaseModel

from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut
from mon_enfant.conf import get_setting
from mon_enfant.models import Commune

from . import services

router = Router(tags=["Carte des services enfance"])
CACHE_PREFIX = "mon_enfant:places-geojson:"
CACHE_SECONDS = 24 * 3600

GEOJSON_DOC = {"responses": {
    200: {"description": "FeatureCollection GeoJSON (RFC 7946) : un point par lieu, les propriétés sont les "
                         "colonnes de l'import.",
          "content": {"application/geo+json": {"schema": {"type": "object"}}}},
    304: {"description": "Inchangé depuis la version que le client détient (If-None-Match, If-Modified-Since)."},
}}


class GeoJsonQuery(BaseModel):
    commune: CommuneCode
    category: list[str] = Field(default_factory=list, max_length=40,
                                description="Codes de catégories (répétable) ; aucun : toutes.")


def _document(etag, communes, chosen):
    """The export's bytes, built once per version and kept in the cache under its ETag (the version of the
    data, nothing typed by anyone): every process sharing the cache answers a new client at once, and a
    change of the data is a new tag, so nothing stale is ever served."""
    key = f"{CACHE_PREFIX}{etag.strip(chr(34))}"
    cache = caches[get_setting("MON_ENFANT_PLACES_EXPORT_CACHE")]
    document = cache.get(key)
    if document is None:
        features = services.feature_collection(services.export_views(communes, chosen))
        document = json.dumps(features, ensure_ascii=False, separators=(",", ":")).encode()
        cache.set(key, document, CACHE_SECONDS)
    return document


@router.get("/places.geojson", response={404: DetailOut, 422: ErrorsOut}, summary="Lieux de la carte (GeoJSON)",
            openapi_extra=GEOJSON_DOC, url_name="places_geojson")
@decorate_view(gzip_page)  # a big commune's document compresses tenfold; it holds nothing secret (no BREACH risk)
def places_geojson(request, query: Query[GeoJsonQuery]):
    """The places and schools of a commune (optionally of some categories) as GeoJSON, which the import reads
    back; conditional requests answer 304."""
    commune = Commune.objects.filter(code_insee=query.commune).first()
    if commune is None:
        return Status(404, {"detail": gettext("Commune inconnue (code INSEE).")})
    codes = {category.code for category in services.categories()}
    chosen = sorted({code.strip().lower() for code in query.category})
    if any(code not in codes for code in chosen):
        return Status(404, {"detail": gettext("Catégorie inconnue ; les catégories sont : %(list)s.")
                            % {"list": ", ".join(sorted(codes))}})
    etag, last_modified = services.data_version([commune], chosen)
    modified = int(last_modified.timestamp()) if last_modified else None  # HTTP dates have whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        response = HttpResponse(_document(etag, [commune], chosen), content_type="application/geo+json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="lieux-{commune.code_insee}.geojson"'
    # A 304 carries the validators and the caching rule its 200 would have (RFC 9110, 15.4.5).
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
