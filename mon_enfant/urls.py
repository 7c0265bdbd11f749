"""URLs of the app, to include once in the host's urls.py, before Wagtail's catch-all:

    path("", include("mon_enfant.urls")),

Public pages themselves are Wagtail pages; these are the JSON API and the app's plain views.
"""

from django.urls import path

from .api import api

API_PREFIX = "api/mon-enfant/v1/"

urlpatterns = [
    path(API_PREFIX, api.urls),
]
