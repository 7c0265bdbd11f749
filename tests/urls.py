"""URLs of the test project: the Wagtail admin and documents, then the package's URLs before Wagtail's
catch-all, as the README tells a host to do."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("mon_enfant.urls")),
    path("", include(wagtail_urls)),
]
