"""The JSON API (django-ninja, with its OpenAPI schema at /api/mon-enfant/v1/openapi.json, documented at
/api/mon-enfant/v1/docs).

Each feature app mounts its router here from its ``ready()`` (see :mod:`mon_enfant.features`), as the core
mounts its own (:mod:`mon_enfant.schools_api`): this module imports no model. Answers
never contain or log what parents typed beyond the request itself, and malformed questions get 422 with
field errors, never 500.

Operations take typed parameters and declare their response schemas; the OpenAPI document is the contract
(tests validate answers against it). What operations share is in :mod:`mon_enfant.api_support`.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from pydantic_core import from_json


class PackagedSwagger(Swagger):
    """Swagger UI served from the package's static files (``static/mon_enfant/swagger-ui``, vendored), not
    from a third-party host, and started by ``api-docs.js``, not by an inline script: the page works under
    a site's strict Content-Security-Policy (``script-src 'self'``) and tells no other host who reads it.
    ninja's own templates need ``ninja`` in ``INSTALLED_APPS`` and fall back to a CDN otherwise."""

    template = "mon_enfant/api_docs.html"
    # No online validator: Swagger UI would send the schema's URL to validator.swagger.io for a badge.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        context = {"api": api, "openapi_url": openapi_url, "swagger_settings": {**self.settings, "url": openapi_url}}
        # Without the request: the host's context processors (a site menu...) have nothing to give this page,
        # and it needs no database.
        return HttpResponse(render_to_string(self.template, context))


class JsonParser(Parser):
    """Request bodies parsed by pydantic's JSON parser (Rust), faster than ``json.loads`` on the hot
    operations; a malformed body still raises (ninja answers 400). Numbers keep ``json.loads``'s types
    (a JSON float is a Python float, converted to Decimal through ``str`` by the operations)."""

    def parse_body(self, request):
        return from_json(request.body)


api = NinjaAPI(
    title="Mon enfant à l'école",
    version="1",
    urls_namespace="mon_enfant_api",
    docs=PackagedSwagger(),
    docs_url="/docs",
    parser=JsonParser(),
)
