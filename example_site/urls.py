from django.conf import settings
from django.http import JsonResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from mon_enfant import urls as mon_enfant_urls


def ping(request):
    """A trivial JSON view: health check, and the baseline the benchmarks compare endpoints with."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("_ping", ping),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Mon enfant à l'école: the JSON API and the app's own views, before Wagtail's catch-all.
    path("", include(mon_enfant_urls)),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
