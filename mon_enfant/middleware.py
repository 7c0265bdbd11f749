"""A database that is down or does not answer gives a clear 503, not a server error.

When PostgreSQL refuses connections, or does not answer within the connect or statement timeouts the host
sets (docs/deploy.md), Django raises ``OperationalError`` (or ``InterfaceError`` on a connection that
died): without this middleware the family sees the site's 500 page, and the API answers 500. With it:

* a page answers **503** with ``mon_enfant/503.html``, in the site's layout (``MON_ENFANT_BASE_TEMPLATE``)
  when that layout renders without the database: it is rendered without the request, so no context
  processor (a menu read from the page tree...) runs; a layout that still needs the database (a template
  tag that reads it) gives way to ``mon_enfant/503_plain.html``, which extends nothing;
* the JSON API answers **503** with ``{"detail": "..."}``;
* both send ``Retry-After`` and are never cached: the service comes back by itself as soon as the
  database does (each request opens its own connection).

What needs no database (an answer a feature computes from the data it keeps in memory) is not concerned:
it does not fail. Install it in ``MIDDLEWARE`` (anywhere: it only answers view exceptions)::

    MIDDLEWARE.append("mon_enfant.middleware.DatabaseUnavailableMiddleware")
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from .conf import layout_context
from .privacy import get_logger

logger = get_logger(__name__)

# The URL namespace of the JSON API (mon_enfant.urls): its failures answer JSON wherever the host mounts it.
API_NAMESPACE = "mon_enfant_api"


class DatabaseUnavailableMiddleware:
    """Answers a view's ``OperationalError`` / ``InterfaceError`` with a 503 page or JSON (see the module)."""

    # Seconds a client is asked to wait before trying again (the ``Retry-After`` header).
    retry_after = 30
    template_name = "mon_enfant/503.html"
    plain_template_name = "mon_enfant/503_plain.html"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        # The path only: a lookup's query string holds the family's address.
        logger.warning("Database unavailable (%s): 503 for %s", type(exception).__name__, request.path)
        if self.wants_json(request):
            response = JsonResponse({"detail": self.message()}, status=503)
        else:
            response = HttpResponse(self.render_page(), status=503)
        response["Retry-After"] = str(self.retry_after)
        add_never_cache_headers(response)
        return response

    @staticmethod
    def wants_json(request):
        match = getattr(request, "resolver_match", None)
        if match is not None and API_NAMESPACE in match.namespaces:
            return True
        accept = request.headers.get("Accept", "")
        return "application/json" in accept and "text/html" not in accept

    @staticmethod
    def message():
        return gettext(
            "Service momentanément indisponible : réessayez dans quelques instants. "
            "Si le problème persiste, contactez la mairie."
        )

    def render_page(self):
        context = layout_context(message=self.message())
        try:
            return render_to_string(self.template_name, context)
        except Exception as exc:  # noqa: BLE001 - the layout needs what is down: the page without it
            logger.warning("The site's layout failed without the database (%s): plain 503 page.",
                           type(exc).__name__)
            return render_to_string(self.plain_template_name, context)
