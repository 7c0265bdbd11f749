"""Issue 10, finding 11: the API documentation page (/api/mon-enfant/v1/docs) works under the site's own
strict Content-Security-Policy (``script-src 'self'``, ``style-src 'self'``): Swagger UI comes from the
package's static files and starts from a static script, so the page lists the operations, with no CSP
violation, no script error and no request to another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PHONE_WIDTHS, reflow_problems

DOCS_PATH = "/api/mon-enfant/v1/docs"
OPERATIONS = ["/api/mon-enfant/v1/catchment", "/api/mon-enfant/v1/fees/quote", "/api/mon-enfant/v1/schools"]


@pytest.fixture
def requested_hosts(page):
    hosts = []
    page.page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    return hosts


@pytest.fixture
def csp_violations(page):
    """Violations as the page itself sees them (``securitypolicyviolation`` events), besides the console."""
    page.page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )
    return lambda: page.page.evaluate("window.cspViolations")


def test_the_docs_page_lists_the_operations_under_the_strict_csp(live_server, page, requested_hosts, csp_violations):
    response = page.page.goto(live_server.url + DOCS_PATH)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for operation in OPERATIONS:
        expect(page.page.locator(".opblock-summary-path", has_text=operation).first).to_be_visible()
    page.page.wait_for_load_state("networkidle")
    assert csp_violations() == []
    assert page.errors == []
    assert set(requested_hosts) == {urlsplit(live_server.url).netloc}


def test_without_javascript_the_docs_page_links_to_the_schema(live_server, nojs_page):
    nojs_page.page.goto(live_server.url + DOCS_PATH)
    nojs_page.page.get_by_role("link", name="Le schéma OpenAPI (JSON) de l'API").click()
    assert nojs_page.page.url.endswith("/api/mon-enfant/v1/openapi.json")


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_docs_page_fits_a_phone_without_horizontal_scrolling(live_server, page, width):
    """WCAG 1.4.10 (reflow), issue 11 point 11: the operations listed, then every one of them opened with
    its parameters and responses tables (Swagger UI's "Links" column stuck out at 320 px)."""
    page.page.set_viewport_size({"width": width, "height": 800})
    page.page.goto(live_server.url + DOCS_PATH)
    summaries = page.page.locator(".opblock-summary-control")
    expect(summaries.first).to_be_visible()
    assert reflow_problems(page.page) == []
    for index in range(summaries.count()):
        summaries.nth(index).click()
    expect(page.page.locator(".opblock-body")).to_have_count(summaries.count())
    expect(page.page.locator(".responses-table").first).to_be_visible()
    assert reflow_problems(page.page) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_without_javascript_the_docs_page_fits_a_phone(live_server, nojs_page, width):
    nojs_page.page.set_viewport_size({"width": width, "height": 800})
    nojs_page.page.goto(live_server.url + DOCS_PATH)
    assert reflow_problems(nojs_page.page) == []
