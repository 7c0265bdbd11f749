"""URLs of the app, to include once in the host's urls.py, before Wagtail's catch-all:

    path("", include("mon_enfant.urls")),

Public pages themselves are Wagtail pages; these are the JSON API and the app's plain views.

The API's operations are mounted here directly, each under :data:`API_PREFIX`, rather than through a
nested ``path(API_PREFIX, api.urls)``: Django resolves a URL one include level at a time, and every level
builds a ``ResolverMatch`` of its own, a measurable share of a hot operation (docs/performance.md). This
module is the API's URL namespace (``mon_enfant_api``, as ``reverse("mon_enfant_api:catchment_lookup")``
and ninja's own documentation page use it), named by the host's ``include()``.
"""

from django.urls import path

from .api import api

API_PREFIX = "api/mon-enfant/v1/"

app_name = api.urls_namespace

urlpatterns = [
    path(API_PREFIX + str(pattern.pattern), pattern.callback, pattern.default_args, name=pattern.name)
    for pattern in api.urls[0]
]
