"""What the API operations share: the 422 answer (:class:`ErrorsOut`, :func:`field_error`) and a ready JSON
answer (:func:`json_response`) for a hot operation that serializes its answer once, at the API edge.

Operations are django-ninja operations with typed parameters (``Query[Model]``) and response schemas.
No plain view stands in front of ninja.

This module imports nothing of the feature apps, so that their ``api`` modules can import it first.
"""

from django.http import HttpResponse
from ninja import Schema
from ninja.errors import ValidationError
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
