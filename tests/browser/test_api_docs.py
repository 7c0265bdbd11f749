"""Issue 10, finding 11: the API documentation page (/api/mon-enfant/v1/docs) works under the site's own
strict Content-Security-Policy (``script-src 'self'``, ``style-src 'self'``): Swagger UI comes from the
package's static files and starts from a static script, so the page lists the operations, with no CSP
violation, no script error and no request to another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

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
