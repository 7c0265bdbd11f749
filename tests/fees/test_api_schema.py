"""The quote operation's OpenAPI document is its contract: every kind of answer (each rule of a quote, the
household with its monthly estimate, each kind of refusal) validates against the response schema the
document gives for its status code, in French and in English."""

from decimal import Decimal

import pytest

from mon_enfant.fees.models import NonResidentMode, PricingKind, SiblingKind
from tests.fees.data import make_grid, make_service
from tests.openapi import answer_validator

pytestmark = pytest.mark.django_db

QUOTE_URL = "/api/mon-enfant/v1/fees/quote"
YEAR = "2026-2027"


@pytest.fixture
def grids(commune_a):
    """One service for each pricing, with every non-resident and sibling rule between them."""
    make_grid(make_service(commune_a, "Cantine", "repas", order=1), YEAR,
              brackets=[(0, 500, "2.00", "0.50"), (500, 1000, "3.00", "1.00"), (1000, 1500, "4.00", "1.50")],
              non_resident_mode=NonResidentMode.BRACKETS, non_resident_brackets=[(0, 800, "5"), (800, None, "7")],
              siblings=[(2, SiblingKind.PERCENT, "10"), (3, SiblingKind.NEXT_LOWER_BRACKET, None)],
              no_qf_price=Decimal("3.50"))
    make_grid(make_service(commune_a, "Garderie", "heure", order=2), YEAR, pricing=PricingKind.EFFORT_RATE,
              rate_percent=Decimal("0.36"), floor_price=Decimal("2.60"), ceiling_price=Decimal("4.50"),
              non_resident_mode=NonResidentMode.SURCHARGE_PERCENT, non_resident_amount=Decimal("15"),
              pai_price=Decimal("1.00"), siblings=[(2, SiblingKind.PERCENT, "5")])
    make_grid(make_service(commune_a, "Étude", "seance", order=3), YEAR, pricing=PricingKind.FLAT,
              flat_price=Decimal("1.50"), non_resident_mode=NonResidentMode.CEILING)
    make_grid(make_service(commune_a, "Centre de loisirs", "journee", order=4), YEAR, pricing=PricingKind.FLAT,
              flat_price=Decimal("9.00"), non_resident_mode=NonResidentMode.SURCHARGE_AMOUNT,
              non_resident_amount=Decimal("2.50"))


@pytest.fixture
def contract(client):
    """A validator of the operation's answers, status by status, from the OpenAPI document served."""
    return answer_validator(client, QUOTE_URL, "post")


ANSWERS = {
    "bracket": {"qf": "750"},
    "effort rate, floor and ceiling": {"qf": "300"},
    "above the last bracket": {"qf": "2000"},
    "without QF": {},
    "non-resident (each mode)": {"qf": "700", "resident": False},
    "non-resident without QF": {"resident": False},
    "sibling percentage": {"qf": "750", "child_rank": 2},
    "sibling next lower bracket": {"qf": "750", "child_rank": 3},
    "sibling already in the lowest bracket": {"qf": "100", "child_rank": 3},
    "PAI": {"qf": "750", "pai": True},
    "household with a monthly estimate": {
        "household": {"annual_resources": "36000", "monthly_benefits": "150", "couple": True, "children": 2},
        "usage": [{"service": "cantine", "units_per_week": 4}, {"service": "garderie", "units_per_week": "6.5"}],
    },
}

REFUSALS = {
    "not an amount": {"qf": "beaucoup"},
    "negative QF": {"qf": "-1"},
    "unknown field": {"qf": "750", "salaire": "2000"},
    "QF and household": {"qf": "750", "household": {"annual_resources": "36000"}},
    "unknown commune": {"commune": "99999"},
    "unknown school year": {"school_year": "2031-2032"},
    "malformed school year": {"school_year": "l'an prochain"},
    "rank out of range": {"child_rank": 40},
    "usage of an unknown service": {"usage": [{"service": "piscine", "units_per_week": 1}]},
    "usage given twice": {"usage": [{"service": "cantine", "units_per_week": 1},
                                    {"service": "cantine", "units_per_week": 2}]},
    "too many units": {"usage": [{"service": "cantine", "units_per_week": 1000}]},
}


def ask(client, language, **body):
    body = {"commune": "35288", "school_year": YEAR, **body}
    return client.post(QUOTE_URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("body", ANSWERS.values(), ids=ANSWERS.keys())
def test_every_kind_of_quote_matches_the_documented_answer(client, grids, contract, language, body):
    answer = contract(ask(client, language, **body))
    assert answer["quotes"] and all(line["rule"] for line in answer["quotes"])


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("body", REFUSALS.values(), ids=REFUSALS.keys())
def test_every_refusal_matches_the_documented_422(client, grids, contract, language, body):
    response = ask(client, language, **body)
    assert response.status_code == 422
    assert contract(response)["detail"][0]["msg"]


def test_the_answers_cover_every_rule_kind(client, grids, contract):
    """The table above is complete: together its answers apply every rule a quote can explain."""
    said = {line["rule"] for body in ANSWERS.values() for line in contract(ask(client, "fr", **body))["quotes"]}
    text = " · ".join(said)
    for rule in ("Tranche de QF", "Taux d'effort", "Tarif unique", "Sans QF : tarif fixé à",
                 "Sans QF : tarif plafond", "Sans QF : tarif de la tranche la plus haute",
                 "QF au-delà de la dernière tranche", "Tarif non-résident : majoration de 2,50 €",
                 "Tarif non-résident : majoration de 15 %", "Tarif non-résident : tarif le plus élevé",
                 "Tarif non-résident ·", "Réduction fratrie de 10 % à partir du 2e enfant",
                 "tranche inférieure (QF", "déjà dans la tranche la plus basse", "Panier repas (PAI)"):
        assert rule in text, rule


def test_english_answers_are_in_english(client, grids, contract):
    answer = contract(ask(client, "en", qf="750", child_rank=2, resident=False))
    rules = [line["rule"] for line in answer["quotes"]]
    assert rules[1] == ("Non-resident price: surcharge of 15% · Effort rate 0.36% of the family quotient, "
                        "floor €2.60, ceiling €4.50 · Sibling reduction of 5% from the 2nd child")
    assert answer["notice"] != "Simulation sans valeur contractuelle."
    refused = contract(ask(client, "en", qf="-1"))
    assert refused["detail"][0]["msg"] == "The amount entered for the family quotient cannot be negative."


# --- Issue 10, findings 10 and 12: what a refusal says and what it accepts ----------------------------


def post(client, body, **kwargs):
    return client.post(QUOTE_URL, body, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


@pytest.mark.parametrize("school_year", ["../../etc/passwd", "2026-2029", "1066-1067"])
def test_a_refused_school_year_is_not_repeated(client, grids, contract, school_year):
    response = post(client, {"commune": "35288", "school_year": school_year, "qf": "700"})
    assert response.status_code == 422
    assert school_year not in response.content.decode()
    assert contract(response)["detail"][0]["loc"] == ["body", "payload", "school_year"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_refused_school_year_of_the_grids_is_not_repeated(client, grids):
    response = client.get("/api/mon-enfant/v1/fees/grids", {"commune": "35288", "school_year": "../secret"})
    assert response.status_code == 422
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_a_body_that_is_not_declared_json_is_refused_415(client, grids, contract, content_type):
    body = '{"commune": "35288", "school_year": "2026-2027", "qf": "700"}'
    if content_type == "multipart/form-data":  # a real form upload, with its boundary
        response = client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": "700"})
    else:
        response = client.generic("POST", QUOTE_URL, body, content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in contract(response)["detail"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_json_body_declared_with_a_charset_is_accepted(client, grids):
    response = post(client, '{"commune": "35288", "school_year": "2026-2027", "qf": "700"}',
                    content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_a_malformed_json_body_matches_the_documented_400(client, grids, contract):
    response = post(client, "{not json")
    assert response.status_code == 400
    contract(response)


@pytest.mark.parametrize("parts", ["0", "51", "1000000"])
def test_tax_parts_are_bounded_under_the_caf_method(client, grids, contract, parts):
    household = {"annual_resources": "30000", "children": 2, "couple": True, "tax_parts": parts}
    response = post(client, {"commune": "35288", "school_year": YEAR, "household": household})
    assert response.status_code == 422, response.content
    assert contract(response)["detail"][0]["loc"] == ["body", "payload", "household", "tax_parts"]


@pytest.mark.parametrize("qf", ["-0", "-0.00", -0.0])
def test_a_negative_zero_qf_is_answered_zero(client, grids, contract, qf):
    response = post(client, {"commune": "35288", "school_year": YEAR, "qf": qf})
    assert response.status_code == 200
    assert contract(response)["qf"] == "0.00"


@pytest.mark.parametrize(("path", "body"), [
    (["household", "children"], {"household": {"annual_resources": "30000", "children": True}}),
    (["household", "disabled_children"], {"household": {"annual_resources": "30000", "children": 2,
                                                         "disabled_children": True}}),
    (["child_rank"], {"qf": "700", "child_rank": True}),
    (["qf"], {"qf": True}),
    (["usage", 0, "units_per_week"], {"qf": "700", "usage": [{"service": "cantine", "units_per_week": True}]}),
])
def test_a_boolean_is_refused_where_a_number_is_expected(client, grids, contract, path, body):
    response = post(client, {"commune": "35288", "school_year": YEAR, **body})
    assert response.status_code == 422, response.content
    assert contract(response)["detail"][0]["loc"] == ["body", "payload", *path]


def test_the_schema_lists_the_refusals(client):
    responses = client.get("/api/mon-enfant/v1/openapi.json").json()["paths"][QUOTE_URL]["post"]["responses"]
    assert {"200", "400", "415", "422"} <= set(responses)


def test_an_empty_body_is_answered_422(client, grids, contract):
    response = client.generic("POST", QUOTE_URL, b"")
    assert response.status_code == 422
    contract(response)
