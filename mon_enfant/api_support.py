"""What the API operations share: the 422 answer, input validation, and plain views for the busiest ones.

ninja's per-request machinery (parameter models, a temporary
response, the answer validated again against its model) costs as much as a catchment lookup or a fee
quote, and those are what a page calls on every keystroke or a partner calls in bulk. Such an operation
takes only ``request``, validates its input itself with the pydantic model that documents it
(:func:`parse_query`, or ``model_validate_json`` for a body) and returns a ready ``HttpResponse``; decorated
with :func:`plain_route`, the very same function is also served by a plain Django view mounted before the
ninja URLs (:func:`plain_urlpatterns`, see :mod:`mon_enfant.urls`), which turns ninja's errors into the
same 422/4xx answers. One function, one behaviour, documented by ninja, served without its overhead.

This module imports nothing of the feature apps, so that their ``api`` modules can import it first.
"""

from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
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


def query_values(request):
    """The query string as a dict, the last value of a repeated parameter winning (as ``request.GET[key]``
    and ninja). An ASCII query string (any percent-encoded one) is parsed directly, as Django would,
    without building a ``QueryDict``: on the busiest endpoints that alone was 4 % of the throughput."""
    raw = request.META.get("QUERY_STRING", "")
    if "GET" in request.__dict__ or not raw.isascii():
        query = request.GET
        return {key: query[key] for key in query}
    try:
        return dict(parse_qsl(raw, keep_blank_values=True, encoding=request.encoding or settings.DEFAULT_CHARSET,
                              errors="replace", max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    except ValueError:  # too many fields: Django's own answer (400)
        raise TooManyFieldsSent("The number of GET/POST parameters exceeded "
                                "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.") from None


def parse_query(request, model):
    """The query string validated by ``model``."""
    try:
        return model.model_validate(query_values(request))
    except PydanticValidationError as exc:
        raise field_errors(exc, "query") from None


def query_parameters(model):
    """OpenAPI parameters documenting a query ``model`` that an operation validates itself."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = []
    for name, field_schema in schema["properties"].items():
        field_schema = dict(field_schema)
        description = field_schema.pop("description", "")
        field_schema.pop("title", None)
        parameter = {"in": "query", "name": name, "required": name in required, "schema": field_schema}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


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
