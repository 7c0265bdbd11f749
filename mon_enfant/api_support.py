"""What the API operations share: the 422 answer (:class:`ErrorsOut`, :func:`field_error`) and a ready JSON
answer (:func:`json_response`) for a hot operation that serializes its answer once, at the API edge.

Operations are django-ninja operations with typed parameters (``Query[Model]``) and response schemas.
:func:`plain_route` and :func:`plain_urlpatterns` (a plain Django view in front of ninja) remain only
while the fee quote still uses them; no new operation should.

This module imports nothing of the feature apps, so that their ``api`` modules can import it first.
"""

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import HttpError, ValidationError
from pydantic import ValidationError as PydanticValidationError

# --- Errors and input validation shared by the operations ------------------------------------------


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorsOut(Schema):
    detail: list[FieldError]


def field_error(loc, message, code):
    """A 422 answer naming one field: ``loc`` as ninja writes it (``["query", "commune"]``)."""
    return ValidationError([{"loc": list(loc), "msg": message, "type": code}])


def field_errors(exc: PydanticValidationError, *prefix):
    """pydantic's errors as ninja's 422 answer, without the value typed (an address, an income)."""
    return ValidationError([
        {"loc": [*prefix, *error["loc"]], "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_url=False)
    ])


def json_response(text, headers=None):
    """An answer whose JSON is already written. JSON is UTF-8 (RFC 8259): naming the charset spares Django
    parsing it out of the content type for every answer (a third of building a response)."""
    return HttpResponse(text, content_type="application/json", charset="utf-8", headers=headers)


# --- Plain Django views in front of ninja (see the module docstring) --------------------------------

_plain_routes = []


def plain_route(route, methods=("GET",)):
    """Also serve this operation (a function of ``request`` only) at ``route`` through a plain view."""

    def register(function):
        _plain_routes.append((route, function, tuple(methods)))
        return function

    return register


def plain_view(function, methods):
    def view(request):
        if request.method not in methods:
            return HttpResponseNotAllowed(methods)
        try:
            return function(request)
        except ValidationError as exc:
            return JsonResponse({"detail": exc.errors}, status=422)
        except HttpError as exc:
            return JsonResponse({"detail": str(exc.message)}, status=exc.status_code)

    view.__name__ = view.__qualname__ = f"plain_{function.__name__}"
    view.__doc__ = function.__doc__
    return csrf_exempt(view)  # as ninja's own views: no session authentication, nothing to forge


def plain_urlpatterns(prefix):
    return [path(prefix + route, plain_view(function, methods)) for route, function, methods in _plain_routes]
