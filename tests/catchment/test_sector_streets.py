"""The streets of a school's sector on the school's page (``mon_enfant.catchment.sector``): per level and school
year, the current year first, each street once with its ranges in words, sorted by name, the whole commune,
the commune déléguée and the map zones said; a year's rules replace the year-less ones street by street, as the
lookup reads them. The lookup's answer links each school found to that list. Data: tests/catchment/data.py."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mon_enfant import features
from mon_enfant.catchment import services
from mon_enfant.catchment.models import CatchmentZone
from mon_enfant.catchment.sector import sector_parts, years_shown
from mon_enfant.models import School, SchoolDirectoryPage, SchoolLevel
from mon_enfant.utils import current_school_year
from tests.catchment.data import CORSAIRES, CORSAIRES_MATERNELLE, ROCHER, make_catchment, rule
from tests.catchment.test_page import add_lookup_page, ask, build_home

pytestmark = pytest.mark.django_db

CURRENT = str(current_school_year())
NEXT = str(current_school_year().next())
PAST = str(current_school_year().previous())
SQUARE = {"type": "Polygon", "coordinates": [[[-2.02, 48.63], [-2.0, 48.63], [-2.0, 48.65], [-2.02, 48.63]]]}


@pytest.fixture(autouse=True)
def fresh_caches():
    services.reset()
    yield
    services.reset()


@pytest.fixture
def schools(commune_a):
    return make_catchment(commune_a)


def lines(part):
    """A part's streets as the page reads them: "Label (lieu-dit) : ranges"."""
    return [(f"{street.label}{f' ({street.lieu_dit})' if street.lieu_dit else ''} : " if street.label else "")
            + " ; ".join(street.ranges) for commune in part.communes for street in commune.streets]


def only_part(uai):
    [part] = sector_parts(uai)
    return part


def test_each_street_once_with_its_ranges_in_words_sorted_by_name(schools):
    """By the street's name, not its type: "Avenue du Rocher" would come between them, under R."""
    part = only_part(CORSAIRES)
    assert (part.level, part.school_year) == ("elementaire", None)
    assert lines(part) == [
        "Rue des Corsaires : du n° 1 au n° 20",
        "Rue Guy Ropartz : du n° 1 au n° 49",
        "Rue du Moulin : tous les numéros",
    ]
    assert part.heading == "Élémentaire, toutes les années scolaires"
    assert part.count_sentence == "3 voies."


def test_streets_are_sorted_by_name_whatever_their_type(schools):
    assert [line.split(" :")[0] for line in lines(only_part(ROCHER))] == [
        "Rue Guy Ropartz", "Impasse du Moulin", "Avenue du Rocher"]


def test_a_street_with_several_ranges_lists_them_in_order(schools, commune_a):
    rule(commune_a, "RUE SURCOUF", ROCHER, 2, 30, parity="even")
    rule(commune_a, "RUE SURCOUF", ROCHER, 1, 9, parity="odd")
    assert "Rue Surcouf : du n° 1 au n° 9, côté impair ; du n° 2 au n° 30, côté pair" in lines(only_part(ROCHER))


def test_a_street_the_index_does_not_know_keeps_its_published_label_in_its_usual_case(schools, commune_a):
    rule(commune_a, "BOULEVARD DES TALARDS", ROCHER, 5, None)
    assert "Boulevard des Talards : à partir du n° 5" in lines(only_part(ROCHER))


def test_the_whole_commune_is_said_so(schools):
    part = only_part(CORSAIRES_MATERNELLE)
    assert lines(part) == ["toute la commune"]
    assert part.street_count == 0


def test_the_commune_deleguee_is_shown(schools, commune_a):
    rule(commune_a, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan")
    assert "Rue de la Mairie (Saint-Servan) : tous les numéros" in lines(only_part(ROCHER))


def test_a_note_of_the_rule_is_kept(schools):
    street = next(street for street in only_part(CORSAIRES).communes[0].streets if street.label == "Rue Guy Ropartz")
    assert street.notes == ["Entrée des élèves rue des Corsaires."]


def test_a_primaire_school_has_one_part_per_level_in_the_levels_order(commune_a):
    School.objects.create(uai="0359906F", name="École primaire du Port", level=SchoolLevel.PRIMAIRE, commune=commune_a)
    rule(commune_a, "RUE DU PORT", "0359906F", level="elementaire")
    rule(commune_a, "RUE DU PORT", "0359906F", level="maternelle")
    assert [part.level for part in sector_parts("0359906F")] == ["maternelle", "elementaire"]


def test_the_current_year_comes_first_then_the_next_one_published(schools, commune_a):
    rule(commune_a, "RUE DES CORSAIRES", CORSAIRES, 1, 30, school_year=NEXT)
    parts = sector_parts(CORSAIRES)
    assert [part.school_year for part in parts] == [CURRENT, NEXT]
    assert parts[0].heading == f"Élémentaire, année scolaire {CURRENT}"
    # Next year, the year's own rule replaces the year-less one of that street; the other streets stay.
    assert "Rue des Corsaires : du n° 1 au n° 20" in lines(parts[0])
    assert "Rue des Corsaires : du n° 1 au n° 30" in lines(parts[1])
    assert "Rue du Moulin : tous les numéros" in lines(parts[1])


def test_another_schools_rule_for_a_year_takes_the_street_away_that_year(schools, commune_a):
    rule(commune_a, "RUE DU MOULIN", ROCHER, school_year=NEXT)
    parts = sector_parts(CORSAIRES)
    assert "Rue du Moulin : tous les numéros" in lines(parts[0])
    assert not [line for line in lines(parts[1]) if line.startswith("Rue du Moulin")]
    assert "Rue du Moulin : tous les numéros" in lines(sector_parts(ROCHER)[-1])


def test_years_gone_by_are_left_out(schools, commune_a):
    rule(commune_a, "RUE DES REMPARTS", CORSAIRES, school_year=PAST)
    part = only_part(CORSAIRES)
    assert part.school_year is None
    assert not [line for line in lines(part) if "Remparts" in line]


@pytest.mark.parametrize(("years", "shown"), [
    (set(), [None]), ({None}, [None]), ({CURRENT}, [CURRENT]), ({NEXT}, [CURRENT, NEXT]), ({PAST}, [None]),
])
def test_years_shown(years, shown):
    assert years_shown(years, CURRENT) == shown


def test_a_named_map_zone_is_said(schools, commune_a):
    CatchmentZone.objects.create(commune=commune_a, level="college", name="Secteur de Paramé", uai="0350916F",
                                 geometry=SQUARE)
    part = only_part("0350916F")
    assert (part.level, part.zones, part.communes) == ("college", ["Secteur de Paramé"], [])


def test_a_sector_over_several_communes_lists_each_communes_streets(schools, commune_a, commune_b):
    rule(commune_b, "RUE DE LA GARE", CORSAIRES)
    part = only_part(CORSAIRES)
    assert part.several_communes
    assert [commune.name for commune in part.communes] == ["Combourg", "Saint-Malo"]


def test_the_section_is_silent_for_a_school_no_rule_names(schools, school_b):
    assert not [section for section in features.school_sections(school_b) if section.feature == "mon_enfant_catchment"]


def test_the_sector_is_read_in_a_constant_number_of_queries(schools, commune_a, commune_b):
    def count():
        with CaptureQueriesContext(connection) as queries:
            sector_parts(CORSAIRES)
        return len(queries)

    before = count()
    for number in range(40):
        rule(commune_a, f"RUE NUMERO {number}", CORSAIRES, number, None, school_year=NEXT if number % 2 else "")
    rule(commune_b, "RUE DE LA GARE", CORSAIRES)
    CatchmentZone.objects.create(commune=commune_a, level="elementaire", name="Zone", uai=CORSAIRES, geometry=SQUARE)
    assert count() <= before + 2  # the zones' year scopes, read once there are zones
    assert count() <= 6


# --- On the school's page, and from the lookup's answer ----------------------------------------------------


@pytest.fixture
def pages(schools, commune_a):
    home = build_home()
    directory = home.add_child(instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles"))
    directory.communes.set([commune_a])
    directory.save_revision().publish()
    return directory, add_lookup_page(home, [commune_a])


def test_the_school_page_lists_the_streets_of_its_sector_printable(client, pages):
    directory, _lookup = pages
    html = client.get(f"{directory.url}{CORSAIRES}/").content.decode()
    section = html[html.index('id="ecole-mon_enfant_catchment"'):]
    assert ">Les rues du secteur</h2>" in section
    assert '<h3 id="secteur-elementaire-toutes-annees">Élémentaire, toutes les années scolaires</h3>' in section
    assert re.search(r'<ul class="mon-enfant-catchment__streets">\s*<li><span class="mon-enfant-catchment__street">'
                     r"Rue des Corsaires</span> : du n° 1 au n° 20</li>", section)
    assert 'catchment-print.css" media="print"' in html


def test_the_answer_links_each_school_found_to_the_streets_of_its_sector(client, pages):
    directory, lookup = pages
    html = ask(client, lookup, address="12 rue Guy Ropartz").content.decode()
    assert (f'<a href="{directory.url}{CORSAIRES}/#ecole-mon_enfant_catchment">Voir les rues du secteur'
            in html)


def test_no_link_when_no_directory_serves_the_school(client, schools, commune_a):
    lookup = add_lookup_page(build_home(), [commune_a])
    assert "Voir les rues du secteur" not in ask(client, lookup, address="12 rue Guy Ropartz").content.decode()


def test_the_answers_links_cost_no_query_per_school(client, pages, commune_a):
    _directory, lookup = pages
    ask(client, lookup, address="avenue du Rocher")  # warm the index and the caches
    with CaptureQueriesContext(connection) as shared:
        ask(client, lookup, address="avenue du Rocher")  # three schools
    with CaptureQueriesContext(connection) as single:
        ask(client, lookup, address="12 rue Guy Ropartz")  # one school
    assert len(shared) == len(single)

