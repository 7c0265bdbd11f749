"""What the agenda says to a family (the summary page's section) and on a school's page (its school section),
through the feature registry."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

from mon_enfant import features
from mon_enfant.agenda import services

from .data import make_event


def agenda_section(sections):
    found = [section for section in sections if section.feature == "mon_enfant_agenda"]
    return found[0] if found else None


def family(commune, school=None, request=None):
    return agenda_section(features.family_sections(features.FamilyContext(
        commune=commune, school_year="2026-2027", school=school, request=request)))


def titles(section):
    return [view.event.title for view in section.context["agenda_events"]]


def test_a_family_of_a_school_sees_its_events_and_the_communes_whole(agenda, commune_a):
    section = family(commune_a, agenda["corsaires"])
    assert section.title == "L'agenda de l'école" and section.order == 50
    assert section.template == "mon_enfant_agenda/family_section.html"
    assert titles(section) == ["Inscriptions scolaires pour la rentrée 2027", "Fête de Noël"]
    assert [item.title for item in section.context["agenda_news"]] == ["Travaux dans la cour des Corsaires",
                                                                      "Nouveau prestataire de cantine"]


def test_a_family_without_a_school_sees_the_whole_communes(agenda, commune_a):
    section = family(commune_a)
    assert section.title == "L'agenda des écoles de la commune"
    assert titles(section) == ["Inscriptions scolaires pour la rentrée 2027"]


def test_the_family_sees_the_next_days_only_and_five_at_most(agenda, commune_a, settings):
    settings.MON_ENFANT_AGENDA_FAMILY_DAYS = 20
    assert titles(family(commune_a, agenda["rocher"])) == ["Inscriptions scolaires pour la rentrée 2027"]
    for day in range(8):
        make_event(commune_a, f"Atelier {day}", dt.date(2026, 12, 7 + day))
    assert len(titles(family(commune_a))) == 5


def test_a_commune_with_nothing_to_say_is_silent(commune_b, school_b):
    assert family(commune_b, school_b) is None
    assert family(None) is None


def test_the_section_links_to_the_agenda_page_of_the_site(agenda_page, agenda, commune_a, rf):
    request = rf.get("/", HTTP_HOST="localhost")
    section = family(commune_a, agenda["corsaires"], request)
    assert section.context["agenda_url"] == "/agenda/?ecole=0359901A"
    html = render_to_string(section.template, section.context)
    assert 'href="/agenda/?ecole=0359901A"' in html and "Fête de Noël" in html
    assert '<time datetime="2026-12-18T18:00">' in html
    assert f'href="/agenda/?ecole=0359901A#actualite-{agenda["news"]["travaux"].pk}"' in html


def test_without_a_request_the_section_has_no_link(agenda, commune_a):
    section = family(commune_a, agenda["corsaires"])
    assert section.context["agenda_url"] == ""
    assert "href=" not in render_to_string(section.template, section.context)


def test_a_schools_page_shows_its_events_and_news_with_the_communes_whole(agenda):
    section = agenda_section(features.school_sections(agenda["rocher"]))
    assert section.title == "Agenda et actualités" and section.order == 50
    assert titles(section) == ["Inscriptions scolaires pour la rentrée 2027",
                               "Réunion d'information sur la petite section"]
    assert [item.title for item in section.context["agenda_news"]] == ["Nouveau prestataire de cantine"]
    html = render_to_string(section.template, section.context)
    assert "Réunion d'information sur la petite section" in html.replace("&#x27;", "'")


def test_a_school_with_nothing_to_say_is_silent(school_b):
    assert agenda_section(features.school_sections(school_b)) is None


@pytest.mark.parametrize("count", [1, 20])
def test_a_section_is_a_constant_number_of_queries(agenda, commune_a, count, django_assert_num_queries):
    for number in range(count):
        make_event(commune_a, f"Sortie {number}", dt.date(2026, 12, 10), schools=[agenda["corsaires"],
                                                                                  agenda["rocher"]])
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027", school=agenda["corsaires"])
    with django_assert_num_queries(5):  # the events, their schools, the news, their schools, the agenda page
        section = services.family_section(context)
        render_to_string(section.template, section.context)


def test_a_family_whose_college_is_in_the_next_town_sees_both_communes_whole(agenda, commune_a, commune_b,
                                                                              school_b):
    make_event(commune_b, "Réunion du collège de Combourg", dt.date(2026, 12, 14), schools=[school_b])
    section = family(commune_a, school_b)
    assert titles(section) == ["Inscriptions scolaires pour la rentrée 2027", "Kermesse secrète de Combourg",
                               "Réunion du collège de Combourg"]
