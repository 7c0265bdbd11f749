"""A demo family's whole journey on /mon-enfant/: from the home page, the address and the level give one
answer (the school, this week's menu, the prices, the services nearby, the school's agenda, the deadlines and
questions), the QF added by the posted form gives the family's own prices, and the answer leads on to the
procedure guide of a deadline and to the school's agenda; with JavaScript and without it, with the keyboard
alone, at phone widths; axe-core reports no violation; the printed answer is one A4 sheet."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE_WIDTHS, audit, reflow_problems

PATH = "/mon-enfant/"
ADDRESS = "14 bis rue de Trichet"
QUESTION = f"?address={ADDRESS.replace(' ', '+')}&level=elementaire"
# The sections of the demo's answer, in order.
SECTIONS = ["L'école de secteur", "Les tarifs des services", "Menus de la cantine",
            "Les services enfance près de chez vous", "L'agenda de l'école", "Démarches et questions"]


def section_titles(page):
    return [title.strip() for title in page.locator(".mon-enfant-guichet__section > h2").all_inner_texts()]


def ask(page):
    page.get_by_label("Votre adresse").fill(ADDRESS)
    page.get_by_label("Niveau de votre enfant").select_option(label="Élémentaire")
    page.get_by_role("button", name="Voir ma réponse").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_family_gets_one_answer_then_its_own_prices(demo_site, page, nojs_page, javascript):
    probe = page if javascript else nojs_page
    probe.page.goto(demo_site.url + "/")
    probe.page.get_by_role("link", name="Mon enfant à l'école").first.click()
    probe.page.wait_for_load_state("load")
    assert probe.page.url.endswith(PATH)
    assert not javascript or audit(probe.page) == []
    ask(probe.page)
    expect(probe.page.get_by_role("status")).to_contain_text(f"Votre réponse pour {ADDRESS} (Saint-Malo)")
    titles = section_titles(probe.page)
    assert [title for title in titles if title in SECTIONS] == SECTIONS
    answer = probe.page.locator(".mon-enfant-guichet")
    expect(answer).to_contain_text("Qui décide ? Mairie")
    expect(answer).to_contain_text("selon le quotient familial")
    assert not javascript or audit(probe.page) == []
    # The QF, by the posted form: the family's prices, and the link to keep still holds no income.
    probe.page.get_by_label("Votre quotient familial, en euros").fill("850")
    probe.page.get_by_role("button", name="Voir mes tarifs").click()
    probe.page.wait_for_load_state("load")
    expect(answer).to_contain_text("pour un quotient familial de 850,00 €")
    assert "850" not in probe.page.url
    link = probe.page.get_by_role("link", name="Lien vers cette réponse").get_attribute("href")
    assert "850" not in link and "address=" in link and "level=elementaire" in link
    assert not javascript or audit(probe.page) == []
    # On from the answer: a deadline's procedure guide, then the school's whole agenda (the answer, private,
    # is not kept in the browser's history: no going back to it).
    agenda = probe.page.get_by_role("link", name=re.compile("^Tout l'agenda : ")).get_attribute("href")
    probe.page.locator(".mon-enfant-faq__deadlines a").first.click()
    probe.page.wait_for_load_state("load")
    expect(probe.page.locator("h1")).to_contain_text("Inscrire mon enfant")
    probe.page.goto(demo_site.url + agenda)
    assert "/agenda/?ecole=" in probe.page.url
    expect(probe.page.get_by_role("status").first).to_contain_text("événement")
    assert [error for error in probe.errors if "404" not in error] == []


def test_the_printed_answer_is_one_a4_sheet_and_passes_axe(demo_site, page):
    page.page.goto(demo_site.url + PATH + QUESTION)
    page.page.emulate_media(media="print")
    assert page.page.evaluate(
        "getComputedStyle(document.querySelector('.mon-enfant-guichet__form')).display") == "none"
    assert audit(page.page) == []
    pdf = page.page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_a_keyboard_user_asks_and_reaches_the_answer(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    for _ in range(30):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.name") == "address":
            break
    else:
        pytest.fail("The address field is not reachable with the keyboard")
    page.page.keyboard.type(ADDRESS)
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.name") == "level"
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("ArrowDown")
    for _ in range(10):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.page.evaluate("document.activeElement.textContent").strip() == "Voir ma réponse"
    with page.page.expect_navigation():
        page.page.keyboard.press("Enter")
    expect(page.page.get_by_role("status")).to_contain_text("Votre réponse pour")


def test_a_missing_address_is_said_and_tied_to_its_field(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + PATH + "?address=&level=elementaire")
    summary = nojs_page.page.locator(".mon-enfant-form__error-summary")
    expect(summary).to_contain_text("Indiquez votre adresse, ou choisissez l'école de votre enfant.")
    field = nojs_page.page.get_by_label("Votre adresse")
    assert field.get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_answer_fits_a_phone(demo_site, page, width):
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(demo_site.url + PATH + QUESTION)
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
