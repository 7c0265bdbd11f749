"""The "Trouver mon école" JSON API: one answer per lookup status (200 for any well-formed question, an
unknown commune included), 422 with the field at fault for malformed ones, never 500 whatever the text,
no caching of answers. Data: tests/catchment/data.py."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mon_enfant.catchment import services
from mon_enfant.catchment.models import CatchmentRule, CatchmentZone
from mon_enfant.models import Street
from mon_enfant.utils import current_school_year
from tests.catchment.data import CORSAIRES, DECOUVERTE, ROCHER, UNKNOWN_UAI, make_catchment

pytestmark = pytest.mark.django_db

CATCHMENT_URL = "/api/mon-enfant/v1/catchment"
STREETS_URL = "/api/mon-enfant/v1/streets"


@pytest.fixture(autouse=True)
def fresh_index():
    services.reset()
    yield
    services.reset()


@pytest.fixture
def catchment(commune_a):
    return make_catchment(commune_a)


def lookup(client, address, level="elementaire", commune="35288", **params):
    response = client.get(CATCHMENT_URL, {"commune": commune, "address": address, "level": level, **params})
    assert response.status_code == 200, response.content
    return response.json()


# --- one answer per status -------------------------------------------------------------------------


def test_found_gives_the_school_with_its_card_and_the_rule_note(client, catchment):
    answer = lookup(client, "34 bis rue Guy-Ropartz")
    assert answer == {
        "status": "found",
        "message": "Cette adresse dépend de : École élémentaire publique des Corsaires.",
        "commune": "35288",
        "level": "elementaire",
        "school_year": str(current_school_year()),
        "street": "Rue Guy Ropartz",
        "house_number": "34 bis",
        "schools": [
            {
                "uai": CORSAIRES,
                "name": "École élémentaire publique des Corsaires",
                "address": "14 rue des Corsaires",
                "postcode": "35400",
                "city": "Saint-Malo",
                "phone": "02 99 00 00 01",
                "email": "",
                "website": "",
                "ent_url": "",
                "latitude": 48.6452,
                "longitude": -2.0071,
                "known": True,
                "note": "Entrée des élèves rue des Corsaires.",
            }
        ],
        "suggestions": [],
        "needs_number": False,
        "needs_lieu_dit": False,
        "needs_location": False,
        "location_notice": "",
    }


def test_the_other_side_of_the_range_goes_to_the_other_school(client, catchment):
    assert [s["uai"] for s in lookup(client, "50 rue Guy Ropartz")["schools"]] == [ROCHER]


def test_shared_sector_gives_every_school_an_unknown_one_by_its_uai(client, catchment):
    answer = lookup(client, "12 avenue du Rocher")
    assert answer["status"] == "found"
    assert [(s["uai"], s["known"]) for s in answer["schools"]] == [
        (ROCHER, True), (DECOUVERTE, True), (UNKNOWN_UAI, False)]
    unknown = answer["schools"][2]
    assert unknown["name"] == "" and unknown["latitude"] is None
    assert answer["message"].startswith("Secteur partagé")


def test_number_outside_every_range_has_no_sector(client, catchment):
    answer = lookup(client, "25 rue des Corsaires")
    assert (answer["status"], answer["schools"], answer["street"]) == ("no_sector", [], "Rue des Corsaires")
    assert "aucun secteur" in answer["message"]


def test_unknown_commune_is_no_sector_with_a_clear_message(client, catchment):
    answer = lookup(client, "34 rue Guy Ropartz", commune="99999")
    assert answer["status"] == "no_sector"
    assert answer["message"] == "Aucune commune de code 99999 n'est servie par ce site."


def test_known_commune_without_map_for_the_level_says_it_is_not_published(client, catchment):
    answer = lookup(client, "34 rue Guy Ropartz", level="college")
    assert answer["status"] == "no_sector"
    assert "n'est pas publiée ici pour ce niveau" in answer["message"]


def test_did_you_mean_offers_only_streets_with_a_rule_for_the_level(client, catchment, commune_a):
    # Known to the address index, one letter from what is typed, but no école rule: "no sector" if picked.
    Street.objects.create(commune=commune_a, label="Rue Guy Roparts", key="RUE GUY ROPARTS")
    answer = lookup(client, "3 rue Gui Roparts")
    assert answer["status"] == "unknown_street"
    assert answer["suggestions"] == ["Rue Guy Ropartz"]


def test_unknown_street_gives_did_you_mean_suggestions(client, catchment):
    answer = lookup(client, "34 rue Gui Roparz")
    assert answer["status"] == "unknown_street"
    assert answer["suggestions"][0] == "Rue Guy Ropartz"
    assert answer["message"].startswith("Voie inconnue. Vouliez-vous dire : Rue Guy Ropartz")


def test_street_split_between_sectors_needs_the_number(client, catchment):
    answer = lookup(client, "rue Guy Ropartz")
    assert (answer["status"], answer["needs_number"]) == ("ambiguous", True)
    assert answer["suggestions"] == [f"du n° 1 au n° 49 : {CORSAIRES}", f"à partir du n° 50 : {ROCHER}"]


def test_name_of_two_streets_is_ambiguous_with_both_streets(client, catchment):
    answer = lookup(client, "du Moulin")
    assert (answer["status"], answer["needs_number"]) == ("ambiguous", False)
    assert answer["suggestions"] == ["Impasse du Moulin", "Rue du Moulin"]


def test_map_zones_without_point_need_a_location(client, catchment, commune_a, monkeypatch):
    monkeypatch.setattr("mon_enfant.catchment.services.locate", lambda commune, parsed: None)
    ring = [[-2.03, 48.63], [-1.97, 48.63], [-1.97, 48.66], [-2.03, 48.66], [-2.03, 48.63]]
    CatchmentZone.objects.create(commune=commune_a, level="college", uai="0350916F",
                                 geometry={"type": "Polygon", "coordinates": [ring]})
    answer = lookup(client, "34 rue Guy Ropartz", level="college")
    assert (answer["status"], answer["needs_location"]) == ("no_sector", True)


def test_school_year_selects_that_years_rules(client, catchment, commune_a):
    CatchmentRule.objects.create(commune=commune_a, level="elementaire", street_label="RUE GUY ROPARTZ", uai=ROCHER,
                                 school_year="2031-2032")
    assert [s["uai"] for s in lookup(client, "34 rue Guy Ropartz")["schools"]] == [CORSAIRES]
    answer = lookup(client, "34 rue Guy Ropartz", school_year="2031-2032")
    assert (answer["school_year"], [s["uai"] for s in answer["schools"]]) == ("2031-2032", [ROCHER])


def test_commune_code_is_trimmed_and_upper_cased(client, catchment):
    assert lookup(client, "34 rue Guy Ropartz", commune=" 35288 ")["status"] == "found"
    assert lookup(client, "1 rue X", commune="2a004")["commune"] == "2A004"


def test_answers_are_neither_cached_nor_sent_as_referrer(client, catchment):
    for response in (client.get(CATCHMENT_URL, {"commune": "35288", "address": "1 rue X", "level": "college"}),
                     client.get(STREETS_URL, {"commune": "35288", "q": "rue"})):
        assert response["Cache-Control"] == "private, no-store"
        assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("url, params, status", [
    (CATCHMENT_URL, {"commune": "35288", "address": "1 rue X", "level": "college"}, 200),
    (STREETS_URL, {"commune": "35288", "q": "rue"}, 200),
    (CATCHMENT_URL, {"commune": "35288", "address": "1 rue X", "level": "lycee"}, 422),
    (STREETS_URL, {"commune": "3528", "q": "rue"}, 422),
    (CATCHMENT_URL, {"commune": "35288", "address": "1 rue X", "level": "college", "a": "1", "b": "2"}, 400),
])
def test_every_answer_is_private_whatever_its_status(client, catchment, settings, url, params, status):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 4
    response = client.get(url, params)
    assert response.status_code == status
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


# --- malformed questions: 422 with the field -------------------------------------------------------

GOOD = {"commune": "35288", "address": "34 rue Guy Ropartz", "level": "elementaire"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"commune": None}, "commune"),
        ({"address": None}, "address"),
        ({"level": None}, "level"),
        ({"level": "lycee"}, "level"),
        ({"level": "Elementaire"}, "level"),
        ({"commune": "3528"}, "commune"),
        ({"commune": "352888"}, "commune"),
        ({"commune": "ABCDE"}, "commune"),
        ({"commune": "2C004"}, "commune"),
        ({"school_year": "2026"}, "school_year"),
        ({"school_year": "2026-2028"}, "school_year"),
        ({"school_year": "26-27"}, "school_year"),
        ({"address": ""}, "address"),
        ({"address": "   "}, "address"),
        ({"address": "1 rue " + "x" * 195}, "address"),
    ],
)
def test_malformed_question_gives_422_with_the_field(client, catchment, change, field):
    params = {**GOOD, **change}
    response = client.get(CATCHMENT_URL, {key: value for key, value in params.items() if value is not None})
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_address_of_200_characters_is_accepted(client, catchment):
    assert client.get(CATCHMENT_URL, {**GOOD, "address": "1 rue " + "x" * 194}).status_code == 200


@given(
    address=st.text(max_size=250),
    commune=st.one_of(st.just("35288"), st.text(max_size=8)),
    level=st.one_of(st.sampled_from(["maternelle", "elementaire", "college"]), st.text(max_size=12)),
    school_year=st.one_of(st.none(), st.just("2027-2028"), st.text(max_size=12)),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_text_ever_gives_a_server_error(client, catchment, address, commune, level, school_year):
    params = {"commune": commune, "address": address, "level": level}
    if school_year is not None:
        params["school_year"] = school_year
    response = client.get(CATCHMENT_URL, params)  # a 500 would raise here (the test client re-raises)
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["status"] in {"found", "no_sector", "unknown_street", "ambiguous"}


@given(
    q=st.text(max_size=250),
    commune=st.one_of(st.just("35288"), st.text(max_size=6)),
    level=st.one_of(st.none(), st.sampled_from(["maternelle", "elementaire", "college"]), st.text(max_size=12)),
    school_year=st.one_of(st.none(), st.just("2027-2028"), st.text(max_size=12)),
)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_text_ever_breaks_the_street_autocomplete(client, catchment, q, commune, level, school_year):
    params = {"commune": commune, "q": q, "level": level, "school_year": school_year}
    response = client.get(STREETS_URL, {name: value for name, value in params.items() if value is not None})
    assert response.status_code in (200, 422)


# --- streets ---------------------------------------------------------------------------------------


def test_streets_complete_a_prefix(client, catchment):
    response = client.get(STREETS_URL, {"commune": "35288", "q": "rue gu"})
    assert response.status_code == 200
    assert response.json() == {"house_number": "", "streets": ["Rue Guy Ropartz"]}


def test_streets_give_back_the_house_number_typed_first(client, catchment):
    assert client.get(STREETS_URL, {"commune": "35288", "q": "34bis rue des cors"}).json() == {
        "house_number": "34 bis", "streets": ["Rue des Corsaires"]}


def test_streets_find_a_name_typed_without_its_street_type(client, catchment):
    assert client.get(STREETS_URL, {"commune": "35288", "q": "moul"}).json()["streets"] == [
        "Impasse du Moulin", "Rue du Moulin"]


def test_streets_of_a_level_are_those_its_map_serves(client, catchment, commune_a):
    Street.objects.create(commune=commune_a, label="Allée des Tilleuls", key="ALLEE TILLEULS")

    def offered(**params):
        return client.get(STREETS_URL, {"commune": "35288", "q": "al", **params}).json()["streets"]

    assert offered() == ["Allée des Tilleuls"]                      # no level: every known street
    assert offered(level="elementaire") == []                       # no école rule on it
    assert offered(level="maternelle") == ["Allée des Tilleuls"]    # a secteur unique serves every street
    assert offered(level="college", q="rue") == []                  # no collège map published


def test_streets_refuse_a_malformed_level_or_school_year(client, catchment):
    for params in ({"level": "lycee"}, {"level": "elementaire", "school_year": "2026-2028"}):
        response = client.get(STREETS_URL, {"commune": "35288", "q": "rue", **params})
        assert response.status_code == 422, params


def test_streets_are_limited_to_ten(client, catchment, commune_a):
    from mon_enfant.addresses.parsing import street_key

    for number in range(15):
        label = f"Allée des Tilleuls {number:02d}"
        Street.objects.create(commune=commune_a, label=label, key=street_key(label))
    assert len(client.get(STREETS_URL, {"commune": "35288", "q": "allee"}).json()["streets"]) == 10


def test_streets_of_an_unknown_commune_are_none(client, catchment):
    assert client.get(STREETS_URL, {"commune": "99999", "q": "rue"}).json() == {"house_number": "", "streets": []}


def test_streets_without_text_are_none(client, catchment):
    assert client.get(STREETS_URL, {"commune": "35288"}).json()["streets"] == []


@pytest.mark.parametrize("params", [{"q": "rue"}, {"commune": "3528", "q": "rue"},
                                    {"commune": "35288", "q": "r" * 201}])
def test_streets_malformed_question_gives_422(client, params):
    assert client.get(STREETS_URL, params).status_code == 422


# --- documentation ---------------------------------------------------------------------------------


def test_openapi_schema_lists_both_endpoints_with_their_parameters(client):
    schema = client.get("/api/mon-enfant/v1/openapi.json").json()
    lookup_operation = schema["paths"]["/api/mon-enfant/v1/catchment"]["get"]
    streets_operation = schema["paths"]["/api/mon-enfant/v1/streets"]["get"]
    assert {p["name"] for p in lookup_operation["parameters"]} == {"commune", "address", "level", "school_year",
                                                                   "lieu_dit"}
    assert {p["name"] for p in streets_operation["parameters"]} == {"commune", "q", "level", "school_year"}
    assert lookup_operation["tags"] == ["Trouver mon école"]


# --- a street shared by communes déléguées ----------------------------------------------------------


@pytest.fixture
def deleguees(catchment, commune_a):
    from tests.catchment.data import rule

    rule(commune_a, "RUE DE LA MAIRIE", CORSAIRES, lieu_dit="Paramé")
    rule(commune_a, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan")


def test_a_street_of_several_communes_deleguees_asks_which_one(client, deleguees):
    answer = lookup(client, "3 rue de la Mairie")
    assert (answer["status"], answer["needs_lieu_dit"]) == ("ambiguous", True)
    assert answer["suggestions"] == ["Paramé", "Saint-Servan"]
    assert answer["schools"] == []


@pytest.mark.parametrize(("lieu_dit", "uai"), [("Paramé", CORSAIRES), ("  saint servan ", ROCHER)])
def test_giving_the_commune_deleguee_settles_it(client, deleguees, lieu_dit, uai):
    answer = lookup(client, "3 rue de la Mairie", lieu_dit=lieu_dit)
    assert (answer["status"], [school["uai"] for school in answer["schools"]]) == ("found", [uai])


def test_a_commune_deleguee_of_another_street_changes_nothing(client, deleguees):
    assert [s["uai"] for s in lookup(client, "34 rue Guy Ropartz", lieu_dit="Paramé")["schools"]] == [CORSAIRES]


def test_a_too_long_commune_deleguee_is_refused(client, deleguees):
    response = client.get(CATCHMENT_URL, {**GOOD, "lieu_dit": "x" * 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "lieu_dit"]
