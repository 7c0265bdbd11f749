"""Privacy for every view that handles what a family typed (an address, incomes, a quotient familial).

One decorator, :func:`family_input`, gives such a view three things, whatever the answer's status (200,
4xx, the API's 422):

* ``Cache-Control: private, no-store`` — no shared cache, no browser disk or history copy;
* ``Referrer-Policy: no-referrer`` — an address in the URL does not leak to the answer's links. A page
  whose form is *posted* to the site (Django's CSRF check) says ``same-origin`` instead
  (:data:`POSTED_FORM_REFERRER_POLICY`): under ``no-referrer`` browsers post with ``Origin: null`` and the
  check refuses every submission; such a page has nothing typed in its URL, and ``same-origin`` still
  sends nothing to another site;
* Django's ``sensitive_post_parameters`` — error reports never show the POST body.

It decorates a function view (``@family_input()``), a django-ninja operation
(``@decorate_view(family_input())``, which also covers ninja's own 422 answers) and, through
:class:`PrivatePageMixin`, a Wagtail page's ``serve``. A StreamField block rendered inside any page calls
:func:`mark_private` while it renders; the ``on_serve_page`` hook registered here then marks the page's
response once rendered.

Logs: while such a request is served, the values it carries are remembered (in a context variable, never
stored) and :class:`TypedValueFilter` replaces them by ``[redacted]`` in every record of a logger obtained
through :func:`get_logger`, so a message built by mistake with the parent's address never reaches a log.
The same filter sits on Django's own loggers and the root logger (:func:`redact_django_loggers`): with
``django.template`` at DEBUG, a template that cannot resolve a variable logs its whole context, and a page's
template renders inside the private scope for that reason.
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import traceback
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.core.signals import request_finished
from django.views.decorators.debug import sensitive_post_parameters
from wagtail import hooks

PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
POSTED_FORM_REFERRER_POLICY = "same-origin"
REDACTED = "[redacted]"
# Values shorter than this (a level code, a checkbox's "on", a number of children) say nothing about a
# family and would, redacted, make every log line unreadable.
MIN_REDACTED_LENGTH = 3
_IGNORED_PARAMETERS = frozenset({"csrfmiddlewaretoken"})
_PRIVATE_FLAG = "mon_enfant_private_answer"
_REFERRER_FLAG = "mon_enfant_referrer_policy"


class _TypedIn:
    """The values typed in one request, read from it only when a record is about to be logged: most
    requests log nothing, and a JSON body would otherwise be parsed twice (here and by the view)."""

    __slots__ = ("request", "fields", "_values")

    def __init__(self, request, fields):
        self.request, self.fields, self._values = request, fields, None

    def values(self) -> tuple[str, ...]:
        if self._values is None:
            try:
                self._values = typed_values(self.request, self.fields)
            except SuspiciousOperation:  # too many parameters: the view refused them, nothing was understood
                self._values = ()
        return self._values


_typed_values: contextvars.ContextVar[tuple[_TypedIn, ...]] = contextvars.ContextVar("mon_enfant_typed", default=())


def remembered_values() -> tuple[str, ...]:
    """The typed values the log filter redacts now (those of the request being served)."""
    return tuple(value for source in _typed_values.get() for value in source.values())


def make_private(response, referrer_policy: str | None = None):
    """Give ``response`` the private headers (and return it); ``referrer_policy`` replaces ``no-referrer``
    for a page whose form is posted (:data:`POSTED_FORM_REFERRER_POLICY`)."""
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    if referrer_policy:
        response["Referrer-Policy"] = referrer_policy
    return response


def typed_values(request, fields: Iterable[str] | None = None) -> tuple[str, ...]:
    """The values a family typed in ``request`` (its query string, form or JSON body), ``fields`` only if
    given, longest first (so a value containing another is redacted whole)."""
    values = []
    for data in (request.GET, request.POST if request.method == "POST" else {}):
        for name in data:
            if name in _IGNORED_PARAMETERS or (fields is not None and name not in fields):
                continue
            values.extend(value for value in data.getlist(name) if isinstance(value, str))
    if request.content_type == "application/json" and request.body:
        try:
            _json_values(json.loads(request.body), fields, values)
        except ValueError:  # the view answers the malformed body; nothing typed was understood
            pass
    return tuple(sorted({v.strip() for v in values if len(v.strip()) >= MIN_REDACTED_LENGTH}, key=len, reverse=True))


def _json_values(data, fields, values, name=None):
    if isinstance(data, dict):
        for key, value in data.items():
            _json_values(value, fields, values, key)
    elif isinstance(data, list):
        for value in data:
            _json_values(value, fields, values, name)
    elif data is not None and not isinstance(data, bool) and (fields is None or name in fields):
        values.append(str(data))


def remember_typed(request, fields: Iterable[str] | None = None):
    """Add the request's typed values to those redacted from logs until the current request ends."""
    _typed_values.set(_typed_values.get() + (_TypedIn(request, fields),))


def _serve_privately(view, request, args, kwargs, fields, referrer_policy=None):
    request.sensitive_post_parameters = "__ALL__"
    try:
        token = _typed_values.set((_TypedIn(request, fields),))
        try:
            response = view(request, *args, **kwargs)
            # A template response renders after the view returned, and its template may log its whole context
            # (``django.template`` at DEBUG): render it while the typed values are known to the filter.
            if getattr(response, "is_rendered", True) is False:
                response.render()
        finally:
            _typed_values.reset(token)
    except SuspiciousOperation as exc:
        # A malformed request (too many parameters, a body too large) gets Django's own 400, private too.
        response = response_for_exception(request, exc)
    return make_private(response, referrer_policy)


def family_input(fields: Iterable[str] | None = None):
    """Decorator for a view (or a ninja operation, through ``decorate_view``) handling what a family typed.

    ``fields`` names the parameters redacted from logs; by default, every parameter of the request.
    """
    fields = None if fields is None else frozenset(fields)

    def decorator(view):
        @functools.wraps(view)
        def private_view(request, *args, **kwargs):
            return _serve_privately(view, request, args, kwargs, fields)

        # Django's own marker, for tools that check a view is decorated.
        return sensitive_post_parameters()(private_view)

    return decorator


class PrivatePageMixin:
    """For a page type whose every answer may carry what a family typed (a lookup or calculator page)."""

    family_input_fields: Iterable[str] | None = None
    #: :data:`POSTED_FORM_REFERRER_POLICY` for a page whose form is posted (see the module's docstring).
    referrer_policy: str | None = None

    def serve(self, request, *args, **kwargs):
        return _serve_privately(super().serve, request, args, kwargs, self.family_input_fields,
                                self.referrer_policy)


def mark_private(request, fields: Iterable[str] | None = None, referrer_policy: str | None = None):
    """For an answer rendered inside another page (a block): the page's response gets the private headers
    once rendered (``on_serve_page`` hook below), and the typed values are redacted from logs."""
    if request is None:
        return
    setattr(request, _PRIVATE_FLAG, True)
    if referrer_policy:
        setattr(request, _REFERRER_FLAG, referrer_policy)
    request.sensitive_post_parameters = "__ALL__"
    remember_typed(request, fields)


def is_private(request) -> bool:
    return getattr(request, _PRIVATE_FLAG, False)


@hooks.register("on_serve_page")
def private_answer_headers(serve_page):
    """A page whose content called :func:`mark_private` gets :data:`PRIVATE_HEADERS`. The block only knows
    it while the template renders, hence the post-render callback."""

    def serve(page, request, args, kwargs):
        token = _typed_values.set(_typed_values.get())
        try:
            response = serve_page(page, request, args, kwargs)

            def apply(rendered):
                if is_private(request):
                    make_private(rendered, getattr(request, _REFERRER_FLAG, None))

            if getattr(response, "is_rendered", True) is False:
                response.add_post_render_callback(apply)
            else:
                apply(response)
        finally:
            _typed_values.reset(token)
        return response

    return serve


def _forget_typed_values(**kwargs):
    """A block's values are remembered while the page renders, after the hook returned: forget them when the
    request ends, so that a worker thread keeps nothing of one family for the next."""
    _typed_values.set(())


request_finished.connect(_forget_typed_values, dispatch_uid="mon_enfant_forget_typed_values")


class TypedValueFilter(logging.Filter):
    """Replaces, in a record's message, every value the family typed in the request being served (as typed
    or URL-encoded), and drops an attached exception whose traceback mentions one."""

    def filter(self, record):
        values = _spellings(remembered_values())
        if not values:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it itself
            return True
        redacted = message
        for value in values:
            redacted = redacted.replace(value, REDACTED)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and record.exc_text is None and _mentions(record.exc_info, values):
            # An exception whose text holds the value: keep its type, drop its text and traceback.
            record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__})"
            record.exc_info = None
        return True


def _spellings(values):
    """Each value as typed and as a URL writes it (a request's text is its URL: ``17+rue+du+Gu%C3%A9``),
    longest first."""
    spellings = {spelling for value in values for spelling in (value, quote_plus(value), quote(value))}
    return sorted(spellings, key=len, reverse=True)


def _mentions(exc_info, values):
    """Whether a value shows in the exception's traceback, chained exceptions included (a template's
    ``VariableDoesNotExist`` holds the whole context in its text)."""
    text = "".join(traceback.format_exception(*exc_info))
    return any(value in text for value in values)


TYPED_VALUE_FILTER = TypedValueFilter()

# The loggers that Django itself writes to while serving a request, and the root logger (a library that
# logs through ``logging.info``): a filter applies only to the records of the logger it is attached to,
# not to those its children propagate, hence the list. ``django.template`` logs at DEBUG every variable a
# template cannot resolve, with the whole context in the exception.
DJANGO_LOGGERS = ("", "django", "django.template", "django.request", "django.db.backends", "django.server",
                  "django.security.csrf", "django.security.DisallowedHost", "django.utils.autoreload")


def get_logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` with :class:`TypedValueFilter`: every logger of the package uses this."""
    logger = logging.getLogger(name)
    if TYPED_VALUE_FILTER not in logger.filters:
        logger.addFilter(TYPED_VALUE_FILTER)
    return logger


def redact_django_loggers():
    """Attach :class:`TypedValueFilter` to :data:`DJANGO_LOGGERS` (from the core app's ``ready()``)."""
    for name in DJANGO_LOGGERS:
        get_logger(name)
