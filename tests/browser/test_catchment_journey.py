"""The parent's journey on "Trouver mon école", in a real browser: without JavaScript (type the address,
choose the level, submit, read the answer; follow a "Vouliez-vous dire… ?" link) and with JavaScript using
the keyboard only (the street field is an ARIA combobox). axe reports no violation on the empty form, a
found answer, an unknown street with suggestions, the error state and the open suggestion list.

Data: the demo (load_demo) plus the hand-written carte scolaire of tests/catchment/data.py, at a priority
above any demo rule, so the answers below hold whatever the demo ships.
"""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from mon_enfant.catchment import services
from mon_enfant.catchment.pages import CatchmentLookupPage
from mon_enfant.models import Commune
from tests.catchment.data import make_rules, make_schools, make_streets

from .conftest import PHONE_WIDTHS, audit, reflow_problems

SLUG = "trouver-mon-ecole"
CORSAIRES = "École élémentaire publique des Corsaires"
# The example site's own stylesheet is not found by the live server (example_site/static is in no app and
# not in STATICFILES_DIRS): a host issue, not this page's.
HOST_RESOURCES_NOT_SERVED = ("/static/example_site/site.css",)


@pytest.fixture
def failed_loads(page):
    """Resources the page failed to load (the console only says "Failed to load resource", not which)."""
    failures = []
    page.page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    return failures


def problems(probe, failed_loads):
    """Console errors (CSP violations, script errors) and failed loads, the host's known one aside."""
    errors = [error for error in probe.errors if not error.startswith("Failed to load resource")]
    return errors + [url for url in failed_loads if not url.endswith(HOST_RESOURCES_NOT_SERVED)]


@pytest.fixture
def lookup_url(demo_site):
    """The demo's lookup page (created here when the demo does not have it yet), with known rules."""
    services.reset()
    commune = Commune.objects.get(code_insee="35288")
    make_schools(commune)
    make_rules(commune, priority=100)
    make_streets(commune)
    home = Site.objects.get(is_default_site=True).root_page.specific
    page = CatchmentLookupPage.objects.child_of(home).filter(slug=SLUG).first()
    if page is None:
        page = CatchmentLookupPage(title="Trouver mon école", slug=SLUG, levels=["maternelle", "elementaire"],
                                   intro="<p>Tapez votre adresse pour connaître l'école de votre secteur.</p>",
                                   derogation_text="<p>Les dérogations se demandent avant le 31 mars.</p>")
        home.add_child(instance=page)
        page.communes.set([commune])
        page.save_revision().publish()
    yield f"{demo_site.url}/{SLUG}/"
    services.reset()
    Site.clear_site_root_paths_cache()


def submit(probe, url, address, level="elementaire"):
    page = probe.page
    page.goto(url)
    page.get_by_label("Votre adresse").fill(address)
    page.get_by_label("Niveau").select_option(level)
    page.get_by_role("button", name="Trouver mon école").click()
    page.wait_for_load_state()
    return page


# --- without JavaScript ----------------------------------------------------------------------------


def test_parent_finds_the_school_without_javascript(lookup_url, nojs_page):
    page = submit(nojs_page, lookup_url, "34 bis rue Guy-Ropartz")
    assert page.url.endswith("#catchment-answer")
    answer = page.locator("#catchment-answer")
    assert answer.get_attribute("role") == "status"
    assert answer.get_by_role("heading", name="Votre établissement de secteur").is_visible()
    assert answer.get_by_role("heading", name=CORSAIRES, level=3).is_visible()
    assert "Entrée des élèves rue des Corsaires." in answer.inner_text()
    assert "Qui décide ?" in answer.inner_text()
    # No script ran: the address field is still a plain text field.
    assert page.get_by_label("Votre adresse").get_attribute("role") is None


def test_parent_follows_a_did_you_mean_link_without_javascript(lookup_url, nojs_page):
    page = submit(nojs_page, lookup_url, "34 bis rue Gui Roparz")
    answer = page.locator("#catchment-answer")
    assert answer.get_by_role("heading", name="Nous ne trouvons pas cette voie").is_visible()
    answer.get_by_role("link", name="Rue Guy Ropartz").click()
    page.wait_for_load_state()
    assert page.get_by_label("Votre adresse").input_value() == "34 bis Rue Guy Ropartz"
    assert page.locator("#catchment-answer").get_by_role("heading", name=CORSAIRES).is_visible()


def test_parent_picks_the_commune_deleguee(lookup_url, page):
    """A street of two communes déléguées served by different schools: each is a plain link (no script
    needed), the answer then names it; axe (which needs JavaScript to run) finds nothing on either state."""
    from tests.catchment.data import CORSAIRES as CORSAIRES_UAI
    from tests.catchment.data import ROCHER, rule

    commune = Commune.objects.get(code_insee="35288")
    rule(commune, "RUE DE LA MAIRIE", CORSAIRES_UAI, lieu_dit="Paramé", priority=100)
    rule(commune, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan", priority=100)
    page = submit(page, lookup_url, "3 rue de la Mairie")
    answer = page.locator("#catchment-answer")
    assert answer.get_by_role("heading", name="Précisez la commune déléguée").is_visible()
    assert audit(page) == []
    answer.get_by_role("link", name="Paramé").click()
    page.wait_for_load_state()
    answer = page.locator("#catchment-answer")
    assert answer.get_by_role("heading", name=CORSAIRES).is_visible()
    assert "Commune déléguée : Paramé." in answer.inner_text()
    assert audit(page) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_commune_deleguee_states_fit_a_phone(lookup_url, page, width):
    """Issue 11, point 11: the "which commune déléguée?" question and its answer fit 320 and 390 px too."""
    from tests.catchment.data import CORSAIRES as CORSAIRES_UAI
    from tests.catchment.data import ROCHER, rule

    commune = Commune.objects.get(code_insee="35288")
    rule(commune, "RUE DE LA MAIRIE", CORSAIRES_UAI, lieu_dit="Paramé", priority=100)
    rule(commune, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan", priority=100)
    page.page.set_viewport_size({"width": width, "height": 800})
    browser_page = submit(page, lookup_url, "3 rue de la Mairie")
    answer = browser_page.locator("#catchment-answer")
    expect(answer.get_by_role("heading", name="Précisez la commune déléguée")).to_be_visible()
    assert reflow_problems(browser_page) == []
    answer.get_by_role("link", name="Saint-Servan").click()
    browser_page.wait_for_load_state()
    expect(browser_page.locator("#catchment-answer").get_by_text("Commune déléguée : Saint-Servan.")).to_be_visible()
    assert reflow_problems(browser_page) == []


def test_error_summary_links_to_the_field_without_javascript(lookup_url, nojs_page):
    page = submit(nojs_page, lookup_url, "")
    assert page.title().startswith("Erreur : ")
    field = page.get_by_label("Votre adresse")
    assert field.get_attribute("aria-invalid") == "true"
    page.get_by_role("link", name=re.compile("Indiquez votre adresse")).click()
    assert page.evaluate("document.activeElement.name") == "address"


# --- with JavaScript, keyboard only ----------------------------------------------------------------


def tab_to(page, name, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            return
    pytest.fail(f"the {name!r} field cannot be reached with the keyboard")


def test_parent_uses_the_street_autocomplete_with_the_keyboard_only(lookup_url, page, failed_loads):
    browser_page = page.page
    browser_page.goto(lookup_url)
    tab_to(browser_page, "address")
    field = browser_page.get_by_role("combobox", name="Votre adresse")
    assert field.get_attribute("aria-expanded") == "false"

    browser_page.keyboard.type("34 bis rue guy rop", delay=30)
    option = browser_page.get_by_role("option", name="Rue Guy Ropartz")
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    listbox_id = field.get_attribute("aria-controls")
    assert browser_page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"
    live = browser_page.locator(".mon-enfant-combobox [aria-live=polite]")
    assert live.inner_text() == "1 voie proposée : flèche bas pour la choisir, Entrée pour valider."

    browser_page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    browser_page.keyboard.press("Enter")
    assert field.input_value() == "34 bis Rue Guy Ropartz"  # the number typed first is kept
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None

    browser_page.keyboard.press("Tab")  # the level select
    assert browser_page.evaluate("document.activeElement.name") == "level"
    browser_page.keyboard.press("ArrowDown")
    browser_page.keyboard.press("ArrowDown")
    assert browser_page.get_by_label("Niveau").input_value() == "elementaire"
    tab_to(browser_page, "")  # the submit button has no name
    assert browser_page.evaluate("document.activeElement.type") == "submit"
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert browser_page.locator("#catchment-answer").get_by_role("heading", name=CORSAIRES).is_visible()
    assert problems(page, failed_loads) == []


def test_the_street_autocomplete_offers_the_streets_of_the_chosen_level(lookup_url, page, failed_loads):
    browser_page = page.page
    browser_page.goto(lookup_url)
    field = browser_page.get_by_role("combobox", name="Votre adresse")
    browser_page.get_by_label("Niveau").select_option("elementaire")
    field.focus()
    browser_page.keyboard.type("ville", delay=30)
    browser_page.get_by_role("option", name="Rue de la Ville Jouan").wait_for()
    # The demo's collège map has many "LA VILLE ..." lieux-dits; no école rule serves them.
    listbox = browser_page.locator(f"#{field.get_attribute('aria-controls')}")
    assert listbox.get_by_role("option").all_inner_texts() == ["Rue de la Ville Jouan"]

    browser_page.get_by_label("Niveau").select_option("college")
    field.fill("")
    field.focus()
    browser_page.keyboard.type("ville", delay=30)
    browser_page.get_by_role("option", name="LA VILLE ES LOUPS").wait_for()
    assert problems(page, failed_loads) == []


def test_escape_closes_the_suggestions_and_keeps_the_text(lookup_url, page):
    browser_page = page.page
    browser_page.goto(lookup_url)
    field = browser_page.get_by_role("combobox", name="Votre adresse")
    field.focus()
    browser_page.keyboard.type("rue", delay=30)
    browser_page.get_by_role("option").first.wait_for()
    browser_page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert browser_page.get_by_role("listbox").is_hidden()
    assert field.input_value() == "rue"


def test_enter_without_a_chosen_suggestion_submits_what_was_typed(lookup_url, page):
    browser_page = page.page
    browser_page.goto(lookup_url)
    browser_page.get_by_label("Niveau").select_option("elementaire")
    field = browser_page.get_by_role("combobox", name="Votre adresse")
    field.focus()
    browser_page.keyboard.type("12 avenue du Rocher", delay=20)
    browser_page.get_by_role("option").first.wait_for()
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert browser_page.locator("#catchment-answer").get_by_role("heading", name="Vos établissements de secteur") \
        .is_visible()


def test_lookup_page_runs_under_strict_csp_without_console_error(lookup_url, page, failed_loads):
    response = page.page.goto(lookup_url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.page.get_by_role("combobox", name="Votre adresse").wait_for()  # the script ran
    page.page.keyboard.press("Tab")
    page.page.get_by_role("combobox", name="Votre adresse").focus()
    page.page.keyboard.type("rue", delay=30)
    page.page.get_by_role("option").first.wait_for()  # the API answered
    page.page.wait_for_load_state("networkidle")
    assert problems(page, failed_loads) == []


# --- accessibility audits --------------------------------------------------------------------------


def test_empty_form_has_no_axe_violation(lookup_url, page):
    page.page.goto(lookup_url)
    page.page.get_by_role("combobox", name="Votre adresse").wait_for()
    assert audit(page.page) == []


def test_open_suggestion_list_has_no_axe_violation(lookup_url, page):
    page.page.goto(lookup_url)
    page.page.get_by_role("combobox", name="Votre adresse").focus()
    page.page.keyboard.type("rue", delay=30)
    page.page.get_by_role("option").first.wait_for()
    page.page.keyboard.press("ArrowDown")
    assert audit(page.page) == []


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("34 bis rue Guy-Ropartz", "Votre établissement de secteur"),
        ("12 avenue du Rocher", "Vos établissements de secteur"),
        ("34 bis rue Gui Roparz", "Nous ne trouvons pas cette voie"),
        ("rue Guy Ropartz", "Précisez le numéro"),
        ("25 rue des Corsaires", "Aucun secteur trouvé"),
        ("", "Votre demande est incomplète"),
    ],
    ids=["found", "shared-sector", "unknown-street", "needs-number", "no-sector", "error"],
)
def test_answer_has_no_axe_violation(lookup_url, page, address, expected):
    # axe is a script: the audit runs with JavaScript on (the answer is the same page either way).
    page = submit(page, lookup_url, address)
    assert page.locator("#catchment-answer").get_by_role("heading", name=expected).is_visible()
    assert audit(page) == []


# --- reflow (WCAG 1.4.10) --------------------------------------------------------------------------


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (None, None),
        ("34 bis rue Guy-Ropartz", "Votre établissement de secteur"),
        ("12 avenue du Rocher", "Vos établissements de secteur"),
        ("du Moulin", "Plusieurs voies portent ce nom"),
        ("34 bis rue Gui Roparz", "Nous ne trouvons pas cette voie"),
        ("8 chemin Zzyzx", "Nous ne trouvons pas cette voie"),
        ("rue Guy Ropartz", "Précisez le numéro"),
        ("25 rue des Corsaires", "Aucun secteur trouvé"),
        ("", "Votre demande est incomplète"),
    ],
    ids=["empty-form", "found", "shared-sector", "several-streets", "did-you-mean", "unknown-street",
         "needs-number", "no-sector", "error"],
)
def test_every_state_fits_a_phone_without_horizontal_scrolling(lookup_url, page, width, address, expected):
    """Issue 11, point 11: at 320 and 390 px wide nothing scrolls sideways, whatever the answer."""
    page.page.set_viewport_size({"width": width, "height": 800})
    if address is None:
        page.page.goto(lookup_url)
        page.page.get_by_role("combobox", name="Votre adresse").wait_for()
    else:
        submit(page, lookup_url, address)
        expect(page.page.locator("#catchment-answer").get_by_role("heading", name=expected)).to_be_visible()
    assert reflow_problems(page.page) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_open_suggestion_list_fits_a_phone(lookup_url, page, width):
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(lookup_url)
    page.page.get_by_role("combobox", name="Votre adresse").focus()
    page.page.keyboard.type("rue", delay=30)
    page.page.get_by_role("option").first.wait_for()
    assert reflow_problems(page.page) == []


def test_answer_prints_without_the_form(lookup_url, page):
    browser_page = submit(page, lookup_url, "34 bis rue Guy-Ropartz")
    browser_page.emulate_media(media="print")
    assert browser_page.evaluate(
        "getComputedStyle(document.querySelector('.mon-enfant-catchment__form')).display") == "none"
    assert browser_page.locator("#catchment-answer").get_by_role("heading", name=CORSAIRES).is_visible()
    assert browser_page.pdf(format="A4").startswith(b"%PDF")
