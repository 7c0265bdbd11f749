"""A parent's journey on /tarifs/ of the demo: with JavaScript, without it, and with the keyboard alone;
axe-core reports no violation before submitting, on the result, and with errors shown; nothing typed
ever appears in the URL, and the strict CSP raises no console error."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PHONE_WIDTHS, audit, reflow_problems

PATH = "/tarifs/"


def result_text(page):
    """The text of the result region, once the answer to the POST is displayed."""
    status = page.get_by_role("status")
    expect(status).to_contain_text("Simulation sans valeur contractuelle.")
    return status.inner_text()


def submit(page):
    page.get_by_role("button", name="Calculer mes tarifs").click()
    page.wait_for_url(re.compile(r"#tarifs-simulation$"))
    page.wait_for_load_state("load")


def assert_no_amount_in_url(page, *amounts):
    # Path, query and fragment only: the live server's random port may well contain "36".
    parts = urlsplit(page.url)
    url = parts._replace(scheme="", netloc="").geturl()
    assert "?" not in page.url
    for amount in amounts:
        assert amount not in url


def test_the_page_has_no_axe_violation_before_submitting(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    assert audit(page.page) == []


def test_a_parent_reads_the_announced_result_with_javascript(demo_site, page):
    failed = []
    page.page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.page.goto(demo_site.url + PATH)
    # JavaScript shows only the QF block of the option chosen.
    assert page.page.locator('[data-fees-panel="compute"]').is_hidden()
    page.page.get_by_label("Quotient familial, en euros").fill("1050")
    page.page.get_by_label("Restauration scolaire : Repas par semaine").fill("4")
    submit(page.page)
    status = result_text(page.page)
    assert "Simulation sans valeur contractuelle." in status
    assert "1 050,00 €" in status.replace("\u00a0", " ").replace("\u202f", " ")
    assert re.search(r"3,52\s€\s*par repas", status.replace("\u00a0", " "))
    assert "50,69" in status  # 3.52 x 4 x 36 / 10
    # The focus moved to the result, so a screen reader reads it first.
    expect(page.page.locator("[data-fees-result-title]")).to_be_focused()
    assert page.page.title().startswith("Résultat :")
    assert_no_amount_in_url(page.page, "1050")
    assert audit(page.page) == []
    # The app's own files all load, and the strict CSP blocks nothing (the example site's own stylesheet
    # is not collected by the live server: its 404 is not the app's).
    assert [url for url in failed if "example_site/site.css" not in url] == []
    assert [error for error in page.errors if "404" not in error] == []


def test_a_parent_computes_the_qf_from_income_with_javascript(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    page.page.get_by_label("Je le calcule à partir de mes revenus").check()
    assert page.page.locator('[data-fees-panel="known"]').is_hidden()
    assert page.page.locator('[data-fees-panel="compute"]').is_visible()
    page.page.get_by_label("Ressources annuelles imposables du foyer, en euros").fill("36 000")
    page.page.get_by_label("Prestations familiales mensuelles, en euros (facultatif)").fill("150")
    page.page.get_by_label("Nombre d'enfants à charge").fill("2")
    submit(page.page)
    status = result_text(page.page).replace("\u00a0", " ").replace("\u202f", " ")
    assert "1 050,00 €" in status
    assert "3 parts" in status
    assert_no_amount_in_url(page.page, "36", "150")


def test_a_parent_reads_the_result_without_javascript(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + PATH)
    # Without JavaScript every block is shown, and the form still works.
    assert nojs_page.page.locator('[data-fees-panel="compute"]').is_visible()
    nojs_page.page.get_by_label("Quotient familial, en euros").fill("450,50")
    nojs_page.page.get_by_label("Non", exact=True).check()  # non-resident
    submit(nojs_page.page)
    status = result_text(nojs_page.page).replace("\u00a0", " ")
    assert "Famille non résidente" in status
    assert "6,35 €" in status  # the canteen's non-resident flat price
    assert nojs_page.page.title().startswith("Résultat :")
    assert_no_amount_in_url(nojs_page.page, "450")


def test_errors_are_summarised_focused_and_accessible(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    page.page.get_by_label("Quotient familial, en euros").fill("douze cents")
    submit(page.page)
    summary = page.page.get_by_role("alert")
    expect(summary).to_contain_text("Saisissez un nombre, par exemple 1050.")
    expect(summary).to_be_focused()
    field = page.page.get_by_label("Quotient familial, en euros")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.page.title().startswith("Erreur :")
    assert audit(page.page) == []
    summary.get_by_role("link").click()
    expect(field).to_be_focused()


def test_errors_without_our_script_have_no_axe_violation(demo_site, page):
    """The page as rendered without JavaScript (every block shown), audited: axe itself needs JavaScript,
    so only the calculator's script is blocked."""
    page.page.route("**/mon_enfant_fees/fee_calculator.js", lambda route: route.abort())
    page.page.goto(demo_site.url + PATH)
    assert page.page.locator('[data-fees-panel="compute"]').is_visible()
    page.page.get_by_label("Quotient familial, en euros").fill("-3")
    submit(page.page)
    expect(page.page.get_by_role("alert")).to_contain_text("Saisissez un nombre positif ou nul.")
    assert audit(page.page) == []


def test_the_result_without_our_script_has_no_axe_violation(demo_site, page):
    """The result as a browser without JavaScript shows it (every block of the form shown, the printable
    grids), audited with the calculator's script blocked (axe itself needs JavaScript)."""
    page.page.route("**/mon_enfant_fees/fee_calculator.js", lambda route: route.abort())
    page.page.goto(demo_site.url + PATH)
    page.page.get_by_label("Quotient familial, en euros").fill("450,50")
    page.page.get_by_label("Non", exact=True).check()  # non-resident
    submit(page.page)
    assert "6,35" in result_text(page.page)
    assert page.page.locator('[data-fees-panel="compute"]').is_visible()
    assert audit(page.page) == []


def tab_until(page, predicate, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    pytest.fail(f"Not reachable with the keyboard: {predicate}")


def test_a_keyboard_user_completes_the_simulation(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    tab_until(page.page, "document.activeElement.id === 'id_tarifs-qf'")
    page.page.keyboard.type("800")
    tab_until(page.page, "document.activeElement.id === 'id_tarifs-child_rank'")
    page.page.keyboard.press("ArrowDown")  # 2nd child
    tab_until(page.page, "document.activeElement.type === 'submit'")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url(re.compile(r"#tarifs-simulation$"))
    status = result_text(page.page).replace("\u00a0", " ")
    assert "2e enfant inscrit" in status
    assert "Réduction fratrie" in status


def test_the_grids_print_without_the_form(demo_site, page):
    page.page.goto(demo_site.url + PATH)
    assert page.page.get_by_role("button", name="Imprimer les grilles").is_visible()
    page.page.emulate_media(media="print")
    assert page.page.evaluate(
        "getComputedStyle(document.querySelector('.mon-enfant-fees__form')).display") == "none"
    assert page.page.get_by_role("table", name=re.compile("Restauration scolaire : tarif par repas")).is_visible()
    assert page.page.pdf(format="A4").startswith(b"%PDF")


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("state", ["empty", "errors", "answer"])
def test_the_page_fits_a_phone_without_horizontal_scrolling(demo_site, page, width, state):
    """WCAG 1.4.10 (reflow): at 320 and 390 px wide, in every state, nothing scrolls sideways (issue 11,
    point 11: the "Vos tarifs" table was 469 px wide at 390)."""
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(demo_site.url + PATH)
    if state != "empty":
        page.page.get_by_label("Quotient familial, en euros").fill("1050" if state == "answer" else "douze")
        page.page.get_by_label("Restauration scolaire : Repas par semaine").fill("4")
        submit(page.page)
        if state == "answer":
            result_text(page.page)
            expect(page.page.get_by_role("table", name="Vos tarifs")).to_be_visible()
        else:
            expect(page.page.get_by_role("alert")).to_be_visible()
    assert reflow_problems(page.page) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_without_javascript_the_whole_form_fits_a_phone(demo_site, nojs_page, width):
    """Without JavaScript both ways of giving the QF are shown at once, and the printable grids below."""
    nojs_page.page.set_viewport_size({"width": width, "height": 800})
    nojs_page.page.goto(demo_site.url + PATH)
    expect(nojs_page.page.locator('[data-fees-panel="compute"]')).to_be_visible()
    assert reflow_problems(nojs_page.page) == []
