"""URLs of the app, to include once in the host's urls.py, before Wagtail's catch-all:

    path("", include("mon_enfant.urls")),

Public pages themselves are Wagtail pages; these are the JSON API and the app's plain views.
"""

from django.urls import path

from .api import api

urlpatterns = [
    path("api/mon-enfant/v1/", api.urls),
]
