"""A parent's journey to a school's own page in the demo (/ecoles/<uai>/): from the directory, filtered by level
with its GET form (with JavaScript and without), or from the "Trouver mon école" answer ("Voir les rues du
secteur"). The page's table of contents and the map's markers are reached with the keyboard alone; without
JavaScript the map stays hidden and its list says the same; the sector's long list of streets prints in columns.
axe-core reports no violation on a school's page and on the filtered directory (an error included); both reflow
at 320 px, run under the site's strict CSP without a violation or a script error, and no request leaves the
loopback (the map's tiles are answered with a blank image). (axe-core runs in the page's JavaScript: only the
pages with JavaScript are audited.)"""

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import audit, reflow_problems
from .test_places_journey import CspWatch, Offline, assert_clean

MATERNELLE = "0359901A"  # École maternelle publique des Corsaires: streets, menus and places
MATERNELLE_NAME = "École maternelle publique des Corsaires"
COLLEGE = "0350916F"  # Collège Duguay-Trouin: a long list of streets
SCHOOL_PAGE = f"/ecoles/{MATERNELLE}/"
DIRECTORY = "/ecoles/"
MARKERS = ".mon-enfant-places__marker"


@pytest.fixture
def watched(page):
    return page, Offline(page), CspWatch(page)


def tab_to(page, predicate, limit=120):
    """Press Tab until ``predicate`` (a JavaScript expression on ``element``, the focused one) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"((element) => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"Not reachable with the keyboard: {predicate}")


def test_a_school_page_shows_its_parts_and_its_map_and_passes_axe(demo_site, watched):
    page, offline, csp = watched
    page.page.goto(demo_site.url + SCHOOL_PAGE)
    expect(page.page.get_by_role("heading", level=1)).to_have_text(MATERNELLE_NAME)
    assert page.page.title().startswith(f"{MATERNELLE_NAME} – ")
    parts = ["L'établissement", "Les rues du secteur", "Menus de la cantine", "Sur la carte"]
    assert [text for text in page.page.locator("h2").all_inner_texts() if text in parts] == parts
    breadcrumb = page.page.get_by_role("navigation", name="Fil d'Ariane")
    expect(breadcrumb.get_by_role("link")).to_have_attribute("href", DIRECTORY)
    # The map: the school and the places the list names, one marker each.
    expect(page.page.locator("#ecole-carte")).to_be_visible()
    markers = json.loads(page.page.locator("#ecole-carte-lieux").text_content())
    expect(page.page.locator(MARKERS)).to_have_count(len(markers))
    assert markers[0]["name"] == MATERNELLE_NAME
    expect(page.page.locator("#ecole-lieux li")).to_have_count(len(markers) - 1)
    page.page.wait_for_load_state("networkidle")
    assert audit(page.page) == []
    assert_clean(page, offline, csp)


def test_a_keyboard_user_reaches_the_streets_and_a_markers_place(demo_site, watched):
    page, offline, csp = watched
    page.page.goto(demo_site.url + SCHOOL_PAGE)
    tab_to(page.page, "element.getAttribute('href') === '#ecole-mon_enfant_catchment'")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url(re.compile("#ecole-mon_enfant_catchment$"))
    expect(page.page.locator("#ecole-mon_enfant_catchment")).to_be_in_viewport()
    expect(page.page.locator(".mon-enfant-catchment__streets")).to_contain_text("Rue Toullier")

    # On to the map: a marker opens its popup with Enter, whose link leads to the place's line in the list.
    tab_to(page.page, "element.classList.contains('mon-enfant-places__marker')")
    page.page.keyboard.press("Enter")
    link = page.page.locator(".leaflet-popup").get_by_role("link", name="Voir la fiche dans la liste")
    expect(link).to_be_focused()
    target = link.get_attribute("href")
    page.page.keyboard.press("Enter")
    expect(page.page.locator(target)).to_be_focused()
    page.page.wait_for_load_state("networkidle")
    assert_clean(page, offline, csp)


def test_without_javascript_the_map_is_hidden_and_its_list_says_the_same(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + SCHOOL_PAGE)
    expect(nojs_page.page.locator("#ecole-carte")).to_be_hidden()
    places = nojs_page.page.locator("#ecole-lieux")
    expect(places).to_contain_text(MATERNELLE_NAME)
    expect(places.locator("li").first).to_contain_text(" à ")  # each place with its distance from the school
    expect(nojs_page.page.get_by_role("link", name=re.compile("^Voir sur une carte"))).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/"))


@pytest.mark.parametrize("path", [SCHOOL_PAGE, f"/ecoles/{COLLEGE}/", f"{DIRECTORY}?niveau=college"])
def test_the_pages_fit_320_px(demo_site, watched, path):
    page, _offline, _csp = watched
    page.page.set_viewport_size({"width": 320, "height": 800})
    page.page.goto(demo_site.url + path)
    page.page.wait_for_load_state("networkidle")
    assert reflow_problems(page.page) == []


def test_the_long_list_of_streets_prints_in_columns_without_the_map(demo_site, watched):
    page, _offline, _csp = watched
    page.page.goto(demo_site.url + f"/ecoles/{COLLEGE}/")
    streets = page.page.locator(".mon-enfant-catchment__streets").first
    assert streets.locator("li").count() > 100
    page.page.emulate_media(media="print")
    assert streets.evaluate("(list) => getComputedStyle(list).columnCount") == "2"
    expect(page.page.locator("#ecole-carte")).to_be_hidden()
    expect(page.page.get_by_role("navigation", name="Fil d'Ariane")).to_be_hidden()


@pytest.fixture(params=[True, False], ids=["with JavaScript", "without JavaScript"])
def either(request, page, nojs_page):
    return page if request.param else nojs_page, request.param


def test_the_directory_is_filtered_by_level_with_its_form(demo_site, either):
    probe, javascript = either
    probe.page.goto(demo_site.url + DIRECTORY)
    probe.page.get_by_role("combobox", name="Niveau").select_option(label="Collège")
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name="Afficher les écoles").click()
    assert "niveau=college" in probe.page.url
    expect(probe.page.get_by_role("status")).to_contain_text("3 établissements (collège).")
    expect(probe.page.locator("article.mon-enfant__school")).to_have_count(3)
    assert not javascript or audit(probe.page) == []
    # A school's name leads to its page.
    probe.page.get_by_role("link", name="Collège Duguay-Trouin", exact=True).click()
    probe.page.wait_for_url(re.compile(f"/ecoles/{COLLEGE}/$"))
    expect(probe.page.get_by_role("heading", level=1)).to_have_text("Collège Duguay-Trouin")


def test_a_bad_filter_value_is_said_plainly(demo_site, watched):
    page, _offline, csp = watched
    page.page.goto(demo_site.url + f"{DIRECTORY}?niveau=lycee&secteur=public")
    expect(page.page.get_by_role("alert")).to_contain_text("Choisissez l'une des options proposées.")
    expect(page.page.get_by_role("status")).to_contain_text("(public)")
    assert page.page.title().startswith("Erreur :")
    assert audit(page.page) == []
    assert csp.violations == []


def test_the_answer_leads_to_the_streets_of_the_sector(demo_site, watched):
    page, offline, csp = watched
    page.page.goto(demo_site.url + "/trouver-mon-ecole/?address=12+rue+Toullier&level=maternelle")
    page.page.get_by_role("link", name=f"Voir les rues du secteur ({MATERNELLE_NAME})").click()
    page.page.wait_for_url(re.compile(f"/ecoles/{MATERNELLE}/#ecole-mon_enfant_catchment$"))
    expect(page.page.locator(".mon-enfant-catchment__streets")).to_contain_text("Rue Toullier")
    page.page.wait_for_load_state("networkidle")
    assert_clean(page, offline, csp)
