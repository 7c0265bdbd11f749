"""The OpenAPI document as the contract of an operation's answers: one validator for every feature's tests.

Formats are checked too, as schemathesis checks them (tests/core/test_api_fuzzing.py): a "date" must be a date,
and a "time" or "date-time" RFC 3339's, with its offset (jsonschema checks these two only with an optional
package, so they are checked here).
"""

import re

import jsonschema

RFC3339_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
FORMAT_CHECKER = jsonschema.FormatChecker()
FORMAT_CHECKER.checks("time")(lambda value: not isinstance(value, str) or re.fullmatch(RFC3339_TIME, value))
FORMAT_CHECKER.checks("date-time")(
    lambda value: not isinstance(value, str) or re.fullmatch(r"\d{4}-\d\d-\d\d[Tt ]" + RFC3339_TIME, value))


def validate_against(document, schema, answer):
    """Validate ``answer`` against ``schema``, a part of ``document`` whose $refs point into its components."""
    jsonschema.validate(answer, {**schema, "components": document["components"]}, format_checker=FORMAT_CHECKER)


def answer_validator(client, path, method="get"):
    """A function validating a response against the schema the served document gives for its status code, and
    returning its JSON; an undocumented status fails."""
    document = client.get("/api/mon-enfant/v1/openapi.json").json()
    responses = document["paths"][path][method]["responses"]

    def validate(response):
        assert str(response.status_code) in responses, f"status {response.status_code} is not documented"
        schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
        validate_against(document, schema, response.json())
        return response.json()

    return validate
