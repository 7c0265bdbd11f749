"""Every public page of the demo passes an axe-core audit, runs under a strict CSP without errors,
and works without JavaScript and with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.core.wording import NOT_CONFIGURED

from .conftest import PHONE_WIDTHS, audit, reflow_problems

PUBLIC_PATHS = ["/", "/ecoles/", "/page-qui-n-existe-pas/"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_axe_violation(demo_site, page, path):
    page.page.goto(demo_site.url + path)
    assert audit(page.page) == []


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_runs_under_strict_csp_without_console_error(demo_site, page, path):
    response = page.page.goto(demo_site.url + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.page.wait_for_load_state("networkidle")
    # The 404 page logs its own status as a console error in Chromium; anything else is a failure.
    errors = [error for error in page.errors if "404" not in error]
    assert errors == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_fits_a_phone_without_horizontal_scrolling(demo_site, page, path, width):
    """WCAG 1.4.10 (reflow), issue 11 point 11: the home page, the school directory and the 404 page."""
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(demo_site.url + path)
    assert reflow_problems(page.page) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_a_school_card_with_a_long_address_and_email_fits_a_phone(demo_site, page, width):
    """An e-mail address or a URL is one long word: it wraps in the card instead of widening the page."""
    from mon_enfant.models import Commune, School

    School.objects.create(
        uai="0351999Z", name="École élémentaire publique de la Découverte", level="elementaire",
        commune=Commune.objects.get(code_insee="35288"),
        email="secretariat.ecoleelementairepubliquedeladecouverte@acrennes.example",
        website="https://ecoleelementairepubliquedeladecouverte.acrennes.example/accueil/informationspratiques",
    )
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(demo_site.url + "/ecoles/")
    expect(page.page.get_by_role("heading", name="École élémentaire publique de la Découverte").first).to_be_visible()
    assert reflow_problems(page.page) == []


TOOL_PATHS = ["/ecoles/", "/tarifs/", "/trouver-mon-ecole/", "/menus/", "/carte/", "/questions/", "/agenda/",
              "/mon-enfant/"]


@pytest.fixture
def site_without_commune(demo_site):
    """The demo with its tool pages serving no commune: none chosen on the pages, none attached to the site."""
    from wagtail.models import Site

    from mon_enfant.models import Commune

    for page in Site.objects.get(is_default_site=True).root_page.get_children().specific():
        if hasattr(page, "communes"):
            page.communes.set([])
            page.save()
    for commune in Commune.objects.all():
        commune.sites.clear()
    return demo_site


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("path", TOOL_PATHS)
def test_a_tool_without_commune_says_so_fits_a_phone_and_passes_axe(site_without_commune, page, path, width):
    """Issue 11, points 4 and 11: the "not configured yet" state is a state like the others."""
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(site_without_commune.url + path)
    expect(page.page.get_by_text(NOT_CONFIGURED)).to_be_visible()
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []


def test_school_directory_works_without_javascript(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + "/ecoles/")
    heading = nojs_page.page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Les écoles de la ville"
    assert nojs_page.page.get_by_role("heading", name="Collège Jean Charcot").is_visible()
    assert nojs_page.page.get_by_role("link", name="02 99 00 00 00").get_attribute("href") == "tel:0299000000"


def test_keyboard_user_reaches_content_then_the_schools_by_tab(demo_site, page):
    page.page.goto(demo_site.url + "/ecoles/")
    page.page.keyboard.press("Tab")
    skip = page.page.evaluate("document.activeElement.textContent")
    assert skip.strip() == "Aller au contenu"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("document.activeElement.id") == "contenu"
    # Past the filters (two fields, their button, five shortcuts), the level table of contents, whose links lead
    # to the sections.
    for _ in range(20):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.getAttribute('href')") == "#niveau-college":
            break
    else:
        pytest.fail("The collège section link is not reachable with the keyboard")
    page.page.keyboard.press("Enter")
    assert page.page.url.endswith("#niveau-college")


def test_home_page_links_to_every_tool(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + "/")
    links = nojs_page.page.locator("main ul.tools a")
    assert "Les écoles de la ville" in links.all_inner_texts()


def test_school_directory_prints_with_link_targets(demo_site, page):
    page.page.goto(demo_site.url + "/ecoles/")
    page.page.emulate_media(media="print")
    toc_display = page.page.evaluate("getComputedStyle(document.querySelector('.mon-enfant__toc')).display")
    assert toc_display == "none"
    pdf = page.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_the_axe_audit_itself_catches_violations(page):
    """Guards the guard: a page with an unlabelled image and field must fail the audit."""
    page.page.set_content("<html><head><title>x</title></head><body><img src='x.png'><input></body></html>")
    violations = audit(page.page)
    assert any(v.startswith("image-alt") for v in violations)
    assert any(v.startswith("label") for v in violations)


def test_the_human_contact_is_one_click_from_the_top_of_a_tool(demo_site, nojs_page):
    nojs_page.page.goto(demo_site.url + "/ecoles/")
    nojs_page.page.get_by_role("link", name="Une question ? Contacter un agent").click()
    assert nojs_page.page.url.endswith("#mon-enfant-contact")
    assert nojs_page.page.locator("#mon-enfant-contact").get_by_role("link", name="02 99 00 00 00").is_visible()
