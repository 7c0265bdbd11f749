"""Views of the core that a host site plugs in through its settings."""

from django.conf import settings
from django.shortcuts import render

from .conf import layout_context


def csrf_failure(request, reason=""):
    """Django's ``CSRF_FAILURE_VIEW`` for a family's posted form (the QF of the family page, the fee
    calculator): the site's own layout and a plain explanation in the family's language, instead of Django's
    technical page. Nothing of what was posted is shown. ``reason`` (Django's, in English) is for DEBUG only."""
    context = layout_context(back_url=request.path, reason=reason if settings.DEBUG else "")
    return render(request, "mon_enfant/csrf_failure.html", context, status=403)
