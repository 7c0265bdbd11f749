"""A parent's journey on /menus/ of the demo: choose the school, read the week, tick the allergens to avoid,
go to the next week, print the week; with JavaScript and without it, with the keyboard alone, at phone
widths. axe-core reports no violation on the page, the filtered page and the print view; the printed week
fits one A4 page. (axe-core runs in the page's JavaScript: the pages audited with JavaScript are the same
HTML as without it.)"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE_WIDTHS, audit, reflow_problems

PATH = "/menus/"
SCHOOL = "École élémentaire publique des Corsaires"


def choose_and_filter(page, allergens=("Lait",)):
    page.get_by_label("École").select_option(label=SCHOOL)
    page.locator("summary", has_text="Signaler des allergènes").click()
    for allergen in allergens:
        page.get_by_label(allergen, exact=True).check()
    page.get_by_role("button", name="Afficher les menus").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_parent_reads_the_week_and_flags_an_allergen(demo_site, page, nojs_page, javascript):
    probe = page if javascript else nojs_page
    probe.page.goto(demo_site.url + PATH)
    expect(probe.page.get_by_role("status")).to_contain_text("Choisissez l'école de votre enfant")
    assert not javascript or audit(probe.page) == []  # axe itself runs in JavaScript
    choose_and_filter(probe.page)
    status = probe.page.get_by_role("status")
    expect(status).to_contain_text(f"Menus de {SCHOOL}, semaine du")
    expect(status).to_contain_text("contiennent un allergène signalé")
    assert "ecole=0359902B" in probe.page.url and "allergenes=lait" in probe.page.url
    warnings = probe.page.locator(".mon-enfant-menus__warning")
    assert warnings.count() > 0
    assert all("lait" in text for text in warnings.all_inner_texts())
    # Allergens are written out, not only shown as a symbol.
    assert probe.page.get_by_text(re.compile(r"^Allergènes : .*lait")).first.is_visible()
    assert not javascript or audit(probe.page) == []  # axe itself runs in JavaScript
    # The next week keeps the school and the allergens.
    probe.page.get_by_role("link", name=re.compile("^Semaine suivante")).click()
    probe.page.wait_for_load_state("load")
    assert "allergenes=lait" in probe.page.url and "ecole=0359902B" in probe.page.url
    expect(probe.page.get_by_role("status")).to_contain_text(SCHOOL)
    assert not javascript or audit(probe.page) == []  # axe itself runs in JavaScript
    assert [error for error in probe.errors if "404" not in error] == []


def test_the_print_view_fits_one_a4_page_and_passes_axe(demo_site, page):
    page.page.goto(demo_site.url + PATH + "?ecole=0359902B&allergenes=lait")
    page.page.emulate_media(media="print")
    assert page.page.evaluate(
        "getComputedStyle(document.querySelector('.mon-enfant-menus__form')).display") == "none"
    columns = page.page.evaluate(
        "getComputedStyle(document.querySelector('.mon-enfant-menus__days')).gridTemplateColumns")
    assert len(columns.split()) == 5
    assert audit(page.page) == []
    pdf = page.page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_a_keyboard_user_chooses_the_school_and_submits(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    for _ in range(30):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.name") == "ecole":
            break
    else:
        pytest.fail("The school choice is not reachable with the keyboard")
    page.page.keyboard.press("ArrowDown")
    select_value = page.page.evaluate("document.activeElement.value")
    for _ in range(10):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.page.evaluate("document.activeElement.textContent").strip() == "Afficher les menus"
    with page.page.expect_navigation():
        page.page.keyboard.press("Enter")
    assert f"ecole={select_value}" in page.page.url
    expect(page.page.get_by_role("status")).to_contain_text("semaine du")


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_week_fits_a_phone(demo_site, page, width):
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(demo_site.url + PATH + "?ecole=0359902B&allergenes=lait&allergenes=gluten")
    page.page.locator("summary", has_text="Signaler des allergènes").click()
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []


def test_the_school_card_leads_to_its_menus(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + "/ecoles/")
    nojs_page.page.get_by_role("link", name=f"Menus de la cantine de cette école ({SCHOOL})").click()
    nojs_page.page.wait_for_load_state("load")
    expect(nojs_page.page.get_by_role("status")).to_contain_text(f"Menus de {SCHOOL}")
