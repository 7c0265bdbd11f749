"""The OpenAPI document as the contract of an operation's answers: one validator for every feature's tests."""

import jsonschema


def answer_validator(client, path, method="get"):
    """A function validating a response against the schema the served document gives for its status code, and
    returning its JSON; an undocumented status fails."""
    document = client.get("/api/mon-enfant/v1/openapi.json").json()
    responses = document["paths"][path][method]["responses"]

    def validate(response):
        assert str(response.status_code) in responses, f"status {response.status_code} is not documented"
        schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
        jsonschema.validate(response.json(), {**schema, "components": document["components"]})
        return response.json()

    return validate
