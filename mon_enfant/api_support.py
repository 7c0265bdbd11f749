"""What the API operations share: the codes they take (:data:`CommuneCode`, :data:`SchoolCode`), the times
they answer (:data:`LocalTime`), the 422 answer (:class:`ErrorsOut`, :func:`field_error`) and the one
serializer of a hot operation's answer (:func:`write_json`), at the API edge.

Operations are django-ninja operations with typed parameters (``Query[Model]``) and response schemas.
No plain view stands in front of ninja.

This module imports nothing of the feature apps, so that their ``api`` modules can import it first.
"""

import datetime as dt
from typing import Annotated

from django.http import HttpResponse
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import to_json

from .validators import INSEE_PATTERN, UAI_PATTERN, normalise_code

# A commune's INSEE code as every operation takes it, normalised before the pattern is checked: " 2a004 " is
# the valid code 2A004. (A before-validator wraps what precedes it, so it comes after the pattern, which
# then shows in the OpenAPI parameters.)
CommuneCode = Annotated[
    str,
    StringConstraints(pattern=INSEE_PATTERN),
    BeforeValidator(normalise_code),
    Field(description="Code INSEE de la commune (5 caractères, ex. 35288 ou 2A004).", examples=["35288"]),
]

# A school's UAI as every operation takes it, normalised the same way (" 0350916f " is 0350916F).
SchoolCode = Annotated[
    str,
    StringConstraints(pattern=UAI_PATTERN),
    BeforeValidator(normalise_code),
    Field(description="Code UAI de l'école (7 chiffres et une lettre).", examples=["0350916F"]),
]

# A time of day on the commune's clock ("18:30:00"), as answers write it. JSON Schema's "time" format, which
# pydantic declares for a time, is RFC 3339's full-time and requires an offset ("18:30:00+01:00"): the answers,
# local wall-clock times, would not match the document.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$",
                    "examples": ["18:30:00"]}),
]

# --- Errors and input validation shared by the operations ------------------------------------------


class DetailOut(Schema):
    """A refusal in one sentence: an unknown commune, school or year (404), a body not JSON (400, 415)."""

    detail: str


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


def write_json(response: HttpResponse, answer: dict) -> HttpResponse:
    """A hot operation's answer, serialized once into ninja's temporal response (the ``response`` parameter
    ninja builds for every request anyway: a second ``HttpResponse`` costs a fifth of an operation), which
    ninja returns as it is rather than validating it again against the response schema. The operation's
    tests validate every kind of answer against that schema instead (``test_api_schema.py``); the privacy
    headers come from :func:`mon_enfant.privacy.family_input` around the operation.

    The serializer is pydantic's (``pydantic_core.to_json``, Rust, the one behind ninja's own models):
    compact UTF-8 JSON, as ``json.dumps(answer, ensure_ascii=False, separators=(",", ":"))`` writes it, in a
    third of the time; it is already a dependency."""
    response.content = to_json(answer)
    return response
