"""Links to a school's own page (``<directory>/<uai>/``, see :class:`mon_enfant.models.SchoolDirectoryPageMixin`)
from anywhere on a site: the school card, a feature's answer ("Voir les rues du secteur").

:func:`school_page_url` finds the site's live directory page that serves the school's commune (or, failing
that, one of the communes the school also serves). The site's directory pages and the communes each serves
are read once per request (three queries at most, whatever the number of schools linked) and kept on the
request.
"""

from django.apps import apps
from wagtail.models import Site

from .models import Commune, SchoolDirectoryPageMixin

_DIRECTORIES = "_mon_enfant_school_directories"


def directory_page_models():
    """Every concrete page type built on the directory mixin (the core's, a host's own)."""
    return [model for model in apps.get_models() if issubclass(model, SchoolDirectoryPageMixin)]


def site_directories(request):
    """The site's live directory pages, in tree order, as ``[(page, {commune pk, ...}), ...]``; read once per
    request. A page that names no commune serves its site's communes."""
    if request is None:
        return []
    kept = getattr(request, _DIRECTORIES, None)
    if kept is not None:
        return kept
    site = Site.find_for_request(request)
    pages = []
    if site is not None:
        for model in directory_page_models():
            pages.extend(model.objects.live().in_site(site).prefetch_related("communes"))
    pages.sort(key=lambda page: page.path)
    site_communes = None
    directories = []
    for page in pages:
        communes = {commune.pk for commune in page.communes.all()}
        if not communes:
            if site_communes is None:
                site_communes = set(Commune.objects.for_site(site).values_list("pk", flat=True))
            communes = site_communes
        directories.append((page, communes))
    setattr(request, _DIRECTORIES, directories)
    return directories


def school_page_url(school, request):
    """The URL of ``school``'s page on the request's site, or "" when no directory page of the site serves it.

    The school's own commune is looked for first; then the communes it also serves, read from
    ``served_communes`` when the list was prefetched (one query for that school otherwise, and only when no
    directory serves its own commune)."""
    directories = site_directories(request)
    if not directories:
        return ""
    page = next((page for page, communes in directories if school.commune_id in communes), None)
    if page is None:
        served = {commune.pk for commune in school.served_communes.all()}
        page = next((page for page, communes in directories if communes & served), None)
    return page.school_url(school.uai, request) if page is not None else ""
