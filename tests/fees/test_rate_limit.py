"""The fees under rate limits: the quote API (``fees_quote``) answers 429 as its OpenAPI document says; the
calculator page (``fees_simulation``) counts each simulation posted, not the form or the grids."""

import pytest

from tests.core.test_ratelimit import counting_cache, limits  # noqa: F401  (fixtures)
from tests.fees.data import PARIS_2020, make_grid, make_service
from tests.fees.test_pages import fee_page, form_data, paris, site  # noqa: F401  (fixtures)
from tests.openapi import answer_validator

pytestmark = pytest.mark.django_db

QUOTE_URL = "/api/mon-enfant/v1/fees/quote"
YEAR = "2026-2027"


def test_over_the_limit_the_quote_answers_429_as_documented(client, commune_a, limits):  # noqa: F811
    make_grid(make_service(commune_a, "Restauration scolaire", "repas"), YEAR, brackets=PARIS_2020)
    limits({"fees_quote": "2/h"})
    validate = answer_validator(client, QUOTE_URL, "post")
    quote = {"commune": "35288", "school_year": YEAR, "qf": "1234.56"}
    for _ in range(2):
        validate(client.post(QUOTE_URL, quote, content_type="application/json"))
    response = client.post(QUOTE_URL, quote, content_type="application/json")
    assert response.status_code == 429
    assert response["Cache-Control"] == "private, no-store"
    assert 0 < int(response["Retry-After"]) <= 3600
    detail = validate(response)["detail"]
    assert detail.startswith("Trop de demandes en peu de temps. Réessayez dans ") and "1234" not in detail


def test_a_simulation_counts_and_the_form_does_not(client, fee_page, limits):  # noqa: F811
    limits({"fees_simulation": "1/m"})
    assert [client.get(fee_page.url).status_code for _ in range(3)] == [200] * 3
    assert client.post(fee_page.url, form_data(qf="987")).status_code == 200
    response = client.post(fee_page.url, form_data(qf="987"))
    html = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "private, no-store"
    assert "<h1>Trop de demandes</h1>" in html and f'<a href="{fee_page.url}">' in html
    assert "987" not in html
    assert client.get(fee_page.url).status_code == 200
