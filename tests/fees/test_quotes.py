"""Quotes end to end, through the JSON API and through the page's form: published grids reproduced to the
cent (Paris 2020 school meals, a taux d'effort grid), every bracket boundary, half-up rounding, the QF
computed from a household, the rules that combine, and the 422 answers to bad input."""

from decimal import Decimal

import pytest
from wagtail.models import Site

from mon_enfant.fees import logic, services
from mon_enfant.fees.models import FeeSettings, NonResidentMode, PricingKind, SiblingKind
from mon_enfant.fees.pages import FeeCalculatorPage
from mon_enfant.forms import ErrorSummaryItem
from tests.fees.data import PARIS_2020, make_grid, make_service

pytestmark = pytest.mark.django_db

QUOTE_URL = "/api/mon-enfant/v1/fees/quote"
GRIDS_URL = "/api/mon-enfant/v1/fees/grids"
YEAR = "2026-2027"


@pytest.fixture
def paris(commune_a):
    service = make_service(commune_a, "Restauration scolaire", "repas", order=1)
    return make_grid(service, YEAR, brackets=PARIS_2020)


@pytest.fixture
def effort(commune_a):
    service = make_service(commune_a, "Accueil périscolaire", "heure", order=2)
    return make_grid(service, YEAR, pricing=PricingKind.EFFORT_RATE, rate_percent=Decimal("0.36"),
                     floor_price=Decimal("2.60"), ceiling_price=Decimal("4.50"))


@pytest.fixture
def fee_page(commune_a, contact_a):
    site = Site.objects.get(is_default_site=True)
    commune_a.sites.add(site)
    page = FeeCalculatorPage(title="Quotient familial et tarifs", slug="tarifs")
    site.root_page.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


def api_quote(client, **body):
    return client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, **body}, content_type="application/json")


def prices(response):
    assert response.status_code == 200, response.content
    return {quote["service"]: quote["unit_price"] for quote in response.json()["quotes"]}


def form_data(**fields):
    data = {"qf_source": "known", "school_year": YEAR, "resident": "oui", "child_rank": "1", "couple": "oui"}
    data.update(fields)
    return {"mon_enfant_fees": "tarifs", **{f"tarifs-{name}": value for name, value in data.items()}}


def form_result(client, page, **fields):
    response = client.post(page.url, form_data(**fields))
    assert response.status_code == 200
    result = response.context["fees_result"]
    assert result is not None, response.context["fees_errors"]
    return {line.service.slug: format(line.quote.unit_price, "f") for line in result.lines}


# --- Published grids, to the cent ------------------------------------------------------------------

PARIS_BOUNDARIES = [
    ("0", "0.13"), ("234.99", "0.13"),
    ("235", "0.85"), ("384.99", "0.85"),
    ("385", "1.62"), ("548.99", "1.62"),
    ("549", "2.28"), ("959.99", "2.28"),
    ("960", "3.62"), ("1370.99", "3.62"),
    ("1371", "4.61"), ("1900.99", "4.61"),
    ("5000", "4.61"),  # above the last (closed) bracket: its price
]


@pytest.mark.parametrize(("qf", "price"), PARIS_BOUNDARIES)
def test_api_reproduces_paris_2020_at_every_bracket_boundary(client, paris, qf, price):
    assert prices(api_quote(client, qf=qf)) == {"restauration-scolaire": price}


@pytest.mark.parametrize("qf", ["\u0663\u0660\u0660", "３００", "1_000", "1e3", "5E2"])
def test_form_refuses_an_amount_in_another_scripts_digits(client, paris, fee_page, qf):
    """Nor an exponent: a family types no "1e3" (a JSON client's "1e-05" stays accepted by the API)."""
    response = client.post(fee_page.url, form_data(qf=qf))
    assert response.status_code == 200
    assert "Saisissez un nombre, par exemple" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize(("qf", "price"), PARIS_BOUNDARIES)
def test_form_reproduces_paris_2020_at_every_bracket_boundary(client, paris, fee_page, qf, price):
    assert form_result(client, fee_page, qf=qf.replace(".", ",")) == {"restauration-scolaire": price}


def test_api_names_the_bracket_and_the_rule(client, paris):
    quote = api_quote(client, qf="384.99").json()["quotes"][0]
    assert quote["bracket"] == {"qf_min": "235.00", "qf_max": "385.00"}
    assert quote["rule"] == "Tranche de QF : de 235 € à moins de 385 €"
    assert quote["unit"] == "repas"


EFFORT_EXAMPLES = [
    ("600", "2.60"),  # 2.16, below the floor
    ("1111", "4.00"),  # 3.9996
    ("1500", "4.50"),  # 5.40, above the ceiling
    ("722.22", "2.60"),  # 2.599992: the floor
    ("1249.99", "4.50"),  # 4.499964 rounds to the ceiling
    ("1112.5", "4.01"),  # 4.005: half-up (Python's round gives 4.00)
    ("865.25", "3.11"),  # 3.1149: down
    ("865.28", "3.12"),  # 3.115008: up
]


@pytest.mark.parametrize(("qf", "price"), EFFORT_EXAMPLES)
def test_api_applies_the_taux_d_effort_with_floor_ceiling_and_half_up(client, effort, qf, price):
    assert prices(api_quote(client, qf=qf)) == {"accueil-periscolaire": price}


@pytest.mark.parametrize(("qf", "price"), EFFORT_EXAMPLES)
def test_form_applies_the_taux_d_effort_with_floor_ceiling_and_half_up(client, effort, fee_page, qf, price):
    assert form_result(client, fee_page, qf=qf) == {"accueil-periscolaire": price}


def test_amounts_are_strings_with_two_decimals(client, paris, effort):
    body = api_quote(client, qf="1050").json()
    assert body["qf"] == "1050.00"
    assert [quote["unit_price"] for quote in body["quotes"]] == ["3.62", "3.78"]


@pytest.mark.parametrize("qf", [1050, 1050.0, "1050", "1050.00", " 1050 "])
def test_json_numbers_and_strings_are_both_accepted(client, paris, qf):
    assert api_quote(client, qf=qf).json()["qf"] == "1050.00"


def test_a_float_is_read_through_its_decimal_text(client, effort):
    # 1112.5 is exact in binary, 865.28 is not: both must price as their decimal text says.
    assert prices(api_quote(client, qf=865.28)) == {"accueil-periscolaire": "3.12"}


def test_the_qf_shown_is_cut_not_rounded_so_it_stays_in_its_bracket(client, paris):
    # 4619.94 / 12 / 1 part = 384.995: shown 384.99, not 385.00 which would be the next bracket.
    body = api_quote(client, household={"annual_resources": "4619.94", "couple": False, "children": 0}).json()
    assert body["qf"] == "384.99"
    assert body["quotes"][0]["bracket"] == {"qf_min": "235.00", "qf_max": "385.00"}


# --- QF from the household ---------------------------------------------------------------------


def test_api_computes_the_caf_qf_from_the_household(client, paris):
    # (36 000 / 12 + 150) / (2 + 0.5 + 0.5) = 1050
    body = api_quote(client, household={"method": "caf", "annual_resources": 36000, "monthly_benefits": "150",
                                        "couple": True, "children": 2}).json()
    assert (body["qf"], body["parts"], body["qf_source"]) == ("1050.00", "3", "computed")
    assert body["quotes"][0]["unit_price"] == "3.62"


def test_api_uses_the_communes_parts_table(client, paris, commune_a):
    # Income-tax rule: a single parent with one child counts 2 parts (1.5 + 0.5) instead of 2.5.
    FeeSettings.objects.create(commune=commune_a, parts_single_parent=Decimal("1.5"))
    body = api_quote(client, household={"annual_resources": 24000, "couple": False, "children": 1}).json()
    assert (body["qf"], body["parts"]) == ("1000.00", "2")


def test_api_computes_the_fiscal_qf(client, paris, commune_a):
    FeeSettings.objects.create(commune=commune_a, qf_method="fiscal")
    # 30 000 / 12 / (2 + 0.5 + 0.5) = 833.33...
    body = api_quote(client, household={"method": "fiscal", "annual_resources": 30000, "couple": True,
                                        "children": 2}).json()
    assert (body["qf"], body["parts"]) == ("833.33", "3")
    assert body["quotes"][0]["unit_price"] == "2.28"


def test_the_communes_rounding_applies_to_a_computed_qf(client, paris, commune_a):
    FeeSettings.objects.create(commune=commune_a, qf_rounding="unit")
    # 4619.88 / 12 = 384.99 -> 385 once rounded to the euro: the next bracket.
    body = api_quote(client, household={"annual_resources": "4619.88"}).json()
    assert body["qf"] == "385.00"
    assert body["quotes"][0]["unit_price"] == "1.62"


def test_form_computes_the_caf_qf_from_the_household(client, paris, fee_page):
    response = client.post(fee_page.url, form_data(qf_source="compute", annual_resources="36 000",
                                                    monthly_benefits="150", couple="oui", children="2"))
    result = response.context["fees_result"]
    assert (result.qf, result.parts) == (Decimal("1050"), Decimal("3"))
    html = response.content.decode()
    assert "1\xa0050,00\xa0€" in html
    assert "3 parts" in html


def test_form_understands_income_typed_under_the_qf_option(client, paris, fee_page):
    """Without JavaScript both blocks show: a family that fills in its income is understood."""
    response = client.post(fee_page.url, form_data(qf_source="known", annual_resources="36000", children="2"))
    assert response.context["fees_result"].qf_source == "computed"


# --- Rules that combine ----------------------------------------------------------------------


@pytest.fixture
def canteen(commune_a):
    service = make_service(commune_a, "Cantine", "repas")
    return make_grid(
        service, YEAR,
        brackets=[(0, 500, "2.00", "0.50"), (500, 1000, "3.00", "1.00"), (1000, None, "4.00", "1.50")],
        non_resident_mode=NonResidentMode.FLAT, non_resident_amount=Decimal("6.20"),
        non_resident_pai_price=Decimal("3.10"),
        siblings=[(3, SiblingKind.NEXT_LOWER_BRACKET, None)],
    )


@pytest.mark.parametrize(("body", "price", "rule"), [
    ({"qf": "750"}, "3.00", "Tranche de QF : de 500 € à moins de 1 000 €"),
    ({"qf": "750", "pai": True}, "1.00", "Tranche de QF : de 500 € à moins de 1 000 € · Panier repas (PAI)"),
    ({"qf": "750", "resident": False}, "6.20", "Tarif non-résident"),
    ({"qf": "750", "resident": False, "pai": True}, "3.10", "Tarif non-résident · Panier repas (PAI)"),
    ({"qf": "750", "child_rank": 3}, "2.00",
     "Tranche de QF : de 500 € à moins de 1 000 € · "
     "Réduction fratrie à partir du 3e enfant : tranche inférieure (QF : moins de 500 €)"),
    ({}, "4.00", "Sans QF : tarif de la tranche la plus haute"),
])
def test_api_applies_non_resident_sibling_pai_and_no_qf_rules(client, canteen, body, price, rule):
    quote = api_quote(client, **body).json()["quotes"][0]
    assert (quote["unit_price"], quote["rule"]) == (price, rule)


def test_pai_only_changes_the_services_that_offer_it(client, canteen, effort):
    assert prices(api_quote(client, qf="1111", pai=True)) == {"cantine": "1.50", "accueil-periscolaire": "4.00"}


def test_percentage_sibling_rule_applies_after_the_surcharge(client, commune_a):
    service = make_service(commune_a, "Accueil de loisirs", "journee")
    make_grid(service, YEAR, pricing=PricingKind.FLAT, flat_price=Decimal("10.00"),
              non_resident_mode=NonResidentMode.SURCHARGE_PERCENT, non_resident_amount=Decimal("20"),
              siblings=[(2, SiblingKind.PERCENT, "10")])
    # 10 x 1.20 = 12, minus 10 % = 10.80
    assert prices(api_quote(client, qf="700", resident=False, child_rank=2)) == {"accueil-de-loisirs": "10.80"}


def test_monthly_estimate_follows_the_school_year_convention(client, commune_a):
    service = make_service(commune_a, "Cantine", "repas")
    make_grid(service, YEAR, pricing=PricingKind.FLAT, flat_price=Decimal("3.05"))
    body = api_quote(client, qf="800", usage=[{"service": "cantine", "units_per_week": 4}]).json()
    # 3.05 x 4 x 36 weeks / 10 months = 43.92
    assert body["monthly_estimate"] == {
        "total": "43.92", "weeks_per_year": "36", "billed_months": "10",
        "lines": [{"service": "cantine", "units_per_week": "4", "amount": "43.92"}],
    }


def test_monthly_estimate_is_shown_by_the_form(client, paris, fee_page):
    response = client.post(fee_page.url, form_data(qf="1050", **{"usage_restauration-scolaire": "4"}))
    # 3.62 x 4 x 36 / 10 = 52.128 -> 52.13
    assert response.context["fees_result"].monthly_total == Decimal("52.13")
    assert "52,13\xa0€" in response.content.decode()


def test_without_usage_there_is_no_monthly_estimate(client, paris):
    assert api_quote(client, qf="1050").json()["monthly_estimate"] is None


# --- Bad input: 422 with the field ----------------------------------------------------------


@pytest.mark.parametrize(("body", "loc"), [
    ({"qf": "-1"}, ["qf"]),
    ({"qf": "1e9"}, ["qf"]),
    ({"qf": "abc"}, ["qf"]),
    ({"qf": "NaN"}, ["qf"]),
    ({"qf": True}, ["qf"]),
    ({"commune": "99999"}, ["commune"]),
    ({"school_year": "2030-2031"}, ["school_year"]),
    ({"school_year": "2026"}, ["school_year"]),
    ({"qf": "1000", "household": {"annual_resources": 1}}, ["household"]),
    ({"household": {"annual_resources": -5}}, ["household", "annual_resources"]),
    ({"household": {"annual_resources": 30000, "method": "fiscal"}}, ["household", "method"]),
    ({"household": {"annual_resources": 30000, "children": 1, "disabled_children": 2}},
     ["household", "disabled_children"]),
    ({"household": {"children": 2}}, ["household", "annual_resources"]),
    ({"household": {"annual_resources": 30000, "children": 21}}, ["household", "children"]),
    ({"qf": "1000", "child_rank": 0}, ["child_rank"]),
    ({"qf": "1000", "usage": [{"service": "piscine", "units_per_week": 1}]}, ["usage", 0, "service"]),
    ({"qf": "1000", "usage": [{"service": "restauration-scolaire", "units_per_week": 400}]},
     ["usage", 0, "units_per_week"]),
    ({"qf": "1000", "surprise": 1}, ["surprise"]),
    # Decimal() and "\\d" read other scripts' digits; an amount or a year is written in ASCII digits.
    ({"qf": "\u0663\u0660\u0660"}, ["qf"]),
    ({"qf": "３００"}, ["qf"]),
    ({"qf": "1_000"}, ["qf"]),
    ({"household": {"annual_resources": "\u0663\u0660000"}}, ["household", "annual_resources"]),
    ({"school_year": "\u0662\u0660\u0662\u0665-\u0662\u0660\u0662\u0666"}, ["school_year"]),
])
def test_bad_input_is_answered_422_naming_the_field(client, paris, body, loc):
    response = api_quote(client, **body)
    assert response.status_code == 422, response.content
    assert any(error["loc"][2:] == loc for error in response.json()["detail"]), response.json()


def test_zero_tax_parts_are_refused_by_a_fiscal_commune(client, paris, commune_a):
    FeeSettings.objects.create(commune=commune_a, qf_method="fiscal")
    response = api_quote(client, household={"annual_resources": 30000, "tax_parts": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][2:] == ["household", "tax_parts"]


def test_the_api_computes_the_qf_with_the_commune_s_method_only(client, paris, commune_a):
    """A commune prices families on one QF: the API computes no other (the page offers no other either)."""
    settings = FeeSettings.objects.create(commune=commune_a, qf_method="fiscal")
    household = {"annual_resources": 30000, "couple": True, "children": 2}
    assert api_quote(client, household=household).json()["qf"] == "833.33"  # the commune's method by default
    refused = api_quote(client, household={**household, "method": "caf"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [{
        "loc": ["body", "payload", "household", "method"], "type": "method_not_used",
        "msg": "Cette commune calcule le quotient familial selon la méthode « fiscal »."}]
    settings.qf_method = "direct"
    settings.save()
    refused = api_quote(client, household=household)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][2:] == ["household"]
    assert refused.json()["detail"][0]["type"] == "qf_required"
    assert prices(api_quote(client, qf="833.33")) == {"restauration-scolaire": "2.28"}


def test_one_usage_object_stands_for_a_list_of_one(client, paris):
    usage = {"service": "restauration-scolaire", "units_per_week": 4}
    alone = api_quote(client, qf="1050", usage=usage)
    assert alone.status_code == 200, alone.content
    assert alone.json() == api_quote(client, qf="1050", usage=[usage]).json()
    assert alone.json()["monthly_estimate"]["lines"][0]["service"] == "restauration-scolaire"


def test_negative_amount_error_is_in_french(client, paris):
    detail = api_quote(client, qf="-1").json()["detail"][0]
    assert detail["msg"] == "Le montant saisi pour le quotient familial ne peut pas être négatif."


def test_malformed_json_is_not_a_server_error(client, paris):
    response = client.post(QUOTE_URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


# --- Published grids ---------------------------------------------------------------------------


def test_grids_endpoint_publishes_the_brackets(client, paris, effort):
    body = client.get(GRIDS_URL, {"commune": "35288", "school_year": YEAR}).json()
    assert body["school_year"] == YEAR
    restauration, periscolaire = body["services"]
    assert restauration["brackets"][1] == {"qf_min": "235.00", "qf_max": "385.00", "price": "0.85",
                                           "pai_price": None}
    assert periscolaire["effort_rate"] == {"rate_percent": "0.36", "floor": "2.60", "ceiling": "4.50"}


def test_grids_endpoint_defaults_to_the_current_school_year(client, paris):
    assert client.get(GRIDS_URL, {"commune": "35288"}).json()["school_years"] == [YEAR]


@pytest.mark.parametrize("params", [{"commune": "99999"}, {"commune": "35288", "school_year": "2010-2011"}])
def test_grids_endpoint_answers_404_for_unknown_commune_or_year(client, paris, params):
    assert client.get(GRIDS_URL, params).status_code == 404


# --- Quotes kept by bracket are the logic's quotes --------------------------------------------

@pytest.fixture
def every_rule(commune_a):
    make_grid(make_service(commune_a, "Cantine", "repas"), YEAR,
              brackets=[(0, 500, "2.00", "0.50"), (500, 1000, "3.00", "1.00"), (1000, 1500, "4.00", "1.50")],
              non_resident_mode=NonResidentMode.BRACKETS, non_resident_brackets=[(0, 800, "5"), (800, None, "7")],
              siblings=[(2, SiblingKind.PERCENT, "10"), (3, SiblingKind.NEXT_LOWER_BRACKET, None)],
              no_qf_price=Decimal("3.50"))
    make_grid(make_service(commune_a, "Garderie", "heure"), YEAR, pricing=PricingKind.EFFORT_RATE,
              rate_percent=Decimal("0.36"), floor_price=Decimal("2.60"), ceiling_price=Decimal("4.50"),
              non_resident_mode=NonResidentMode.SURCHARGE_PERCENT, non_resident_amount=Decimal("15"),
              pai_price=Decimal("1.00"), siblings=[(2, SiblingKind.PERCENT, "5")])
    make_grid(make_service(commune_a, "Étude", "seance"), YEAR, pricing=PricingKind.FLAT, flat_price=Decimal("1.50"),
              non_resident_mode=NonResidentMode.CEILING)
    services.clear_cache()
    return services.commune_fees_by_code("35288").years[YEAR]


def test_a_pai_request_leaves_services_without_pai_price_alone(client, every_rule):
    body = api_quote(client, qf="700", resident=False, pai=True).json()
    rules = {quote["service"]: quote["rule"] for quote in body["quotes"]}
    assert rules["cantine"] == "Tarif non-résident · Tranche de QF : moins de 800 €"


def test_the_openapi_schema_documents_both_request_shapes(client):
    schema = client.get("/api/mon-enfant/v1/openapi.json").json()
    operation = schema["paths"]["/api/mon-enfant/v1/fees/quote"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert {"commune", "school_year", "qf", "household", "usage"} <= set(body["properties"])
    household = str(body["properties"]["household"])
    assert "HouseholdIn" in household  # the household's own shape is documented too
    assert schema["components"]["schemas"]["HouseholdIn"]["properties"]["annual_resources"]
    assert "200" in operation["responses"] and "422" in operation["responses"]


def test_the_api_explains_prices_in_the_language_asked(client, paris, effort):
    french = api_quote(client, qf="300").json()
    english = client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": "300"},
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [line["rule"] for line in french["quotes"]] == [
        "Tranche de QF : de 235 € à moins de 385 €", "Taux d'effort 0,36 % du QF, plancher 2,60 €, plafond 4,50 €"]
    assert [line["rule"] for line in english["quotes"]] == [
        "Family quotient band: from €235 to under €385",
        "Effort rate 0.36% of the family quotient, floor €2.60, ceiling €4.50"]
    assert english["notice"] == "This estimate is not binding."
    assert french["notice"] == "Simulation sans valeur contractuelle."
    # Kept per language: asking in French again still answers in French.
    assert api_quote(client, qf="300").json()["quotes"][0]["rule"] == "Tranche de QF : de 235 € à moins de 385 €"


def test_sibling_and_non_resident_explanations_in_english(commune_a):
    from django.utils import translation

    from mon_enfant.fees import wording

    grid = logic.Grid(
        pricing=logic.BracketGrid((logic.Bracket(0, 500, "2.00"), logic.Bracket(500, None, "4.00"))),
        non_resident=logic.NonResidentRule(logic.NonResidentMode.SURCHARGE_PERCENT, Decimal("20")),
        siblings=(logic.SiblingRule(2, percent_off=Decimal("10")),),
    )
    result = logic.quote(grid, Decimal("600"), resident=False, child_rank=2)
    with translation.override("en"):
        assert wording.rules(result) == ("Non-resident price: surcharge of 20% · Family quotient band: from €500 · "
                                         "Sibling reduction of 10% from the 2nd child")
    with translation.override("fr"):
        assert wording.rules(result) == (
            "Tarif non-résident : majoration de 20 % · Tranche de QF : à partir de 500 € · "
            "Réduction fratrie de 10 % à partir du 2e enfant")


def test_input_errors_are_given_in_the_language_asked(client, paris):
    def first_error(**headers):
        response = client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": "-1"},
                               content_type="application/json", **headers)
        assert response.status_code == 422
        return response.json()["detail"][0]["msg"]

    assert first_error() == "Le montant saisi pour le quotient familial ne peut pas être négatif."
    assert first_error(HTTP_ACCEPT_LANGUAGE="en") == "The amount entered for the family quotient cannot be negative."


def test_grid_errors_are_written_in_the_webmaster_s_language():
    from django.utils import translation

    from mon_enfant.fees import wording

    def error(brackets):
        with pytest.raises(logic.GridError) as caught:
            logic.BracketGrid(tuple(logic.Bracket(*row) for row in brackets))
        return caught.value

    gap = error([(0, 500, "2.00"), (600, None, "4.00")])
    overlap = error([(0, 500, "2.00"), (400, None, "4.00")])
    with translation.override("fr"):
        assert wording.error(gap) == "Il manque les QF de 500 à 600 entre la tranche 1 et la tranche 2."
        assert wording.error(overlap) == "La tranche 2 (à partir de 400) chevauche la tranche 1 (de 0 à 500)."
    with translation.override("en"):
        assert wording.error(gap) == (
            "Family quotients from 500 to 600 are missing between band 1 and band 2.")
        assert wording.grid_error(overlap) == "Band 2 (from 400) overlaps band 1 (from 0 to 500)."
        assert wording.grid_error(overlap, "non_resident_brackets").endswith(
            "Band 2 (from 400) overlaps band 1 (from 0 to 500).")


def test_the_compiled_grids_follow_a_new_grid(client, paris):
    assert prices(api_quote(client, qf="300")) == {"restauration-scolaire": "0.85"}
    grid = paris.brackets.get(qf_min=Decimal("235"))
    grid.price = Decimal("0.90")
    grid.save()
    paris.save_revision().publish()
    assert prices(api_quote(client, qf="300")) == {"restauration-scolaire": "0.90"}


def test_the_page_explains_prices_and_errors_in_the_language_asked(client, paris, effort, fee_page):
    french = client.post(fee_page.url, form_data(qf="300")).content.decode()
    assert "Tranche de QF : de 235 € à moins de 385 €" in french
    assert "Taux d&#x27;effort 0,36 % du QF, plancher 2,60 €, plafond 4,50 €" in french
    english = client.post(fee_page.url, form_data(qf="300"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Family quotient band: from €235 to under €385" in english
    assert "Effort rate 0.36% of the family quotient, floor €2.60, ceiling €4.50" in english
    assert "Tranche de QF" not in english
    refused = client.post(fee_page.url, form_data(qf="-1"), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.context["fees_errors"] == [ErrorSummaryItem("Enter zero or a positive number.", "#id_tarifs-qf")]
    # A rank the logic refuses is worded by the same path as the API's errors.
    refused = client.post(fee_page.url, form_data(qf="300", child_rank="40"), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.context["fees_errors"] and "Tranche" not in refused.content.decode()


# --- Usage bounded by its unit (issue 11, point 12) ----------------------------------------------------


@pytest.mark.parametrize(("unit", "units", "code"), [
    ("repas", "7", None), ("repas", "8", "out_of_range"), ("repas", "4.5", "not_whole"),
    ("repas", "100", "out_of_range"), ("repas", "-1", "out_of_range"),
    ("journee", "5", None), ("journee", "2.5", "not_whole"), ("demi-journee", "10", None),
    ("heure", "6.5", None), ("heure", "6.25", "not_whole"), ("heure", "98", None), ("heure", "98.5", "out_of_range"),
    ("demi-heure", "13", None), ("demi-heure", "13.5", "not_whole"), ("mois", "1", None), ("mois", "2", "out_of_range"),
    ("seance", "3", None), ("seance", "15", "out_of_range"),
])
def test_usage_is_bounded_by_its_unit(unit, units, code):
    if code is None:
        assert logic.check_usage(unit, Decimal(units)) == Decimal(units)
    else:
        with pytest.raises(logic.FeeInputError) as caught:
            logic.check_usage(unit, Decimal(units))
        assert caught.value.code == code


@pytest.mark.parametrize(("units", "message"), [
    (100, "Indiquez de 0 à 7 repas par semaine."),
    ("4.5", "Indiquez un nombre entier de repas."),
])
def test_the_api_refuses_an_implausible_usage(client, paris, units, message):
    response = api_quote(client, qf="1000", usage=[{"service": "restauration-scolaire", "units_per_week": units}])
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == [{"loc": ["body", "payload", "usage", 0, "units_per_week"],
                                          "msg": message, "type": "out_of_range" if units == 100 else "not_whole"}]


def test_the_api_prices_the_most_a_week_holds(client, paris):
    response = api_quote(client, qf="1000", usage=[{"service": "restauration-scolaire", "units_per_week": 7}])
    assert response.status_code == 200, response.content


def test_the_form_refuses_an_implausible_usage(client, paris, fee_page):
    data = {"mon_enfant_fees": "tarifs", "tarifs-qf_source": "known", "tarifs-school_year": YEAR,
            "tarifs-qf": "1000", "tarifs-resident": "oui", "tarifs-child_rank": "1", "tarifs-couple": "oui",
            "tarifs-usage_restauration-scolaire": "100"}
    response = client.post(fee_page.url, data)
    assert response.status_code == 200
    assert response.context["fees_result"] is None
    assert "Indiquez de 0 à 7 repas par semaine." in response.content.decode()
    assert "1 267,20" not in response.content.decode()
