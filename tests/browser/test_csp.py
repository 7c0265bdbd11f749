"""Issue 16: every public page of the demo runs under the site's Content-Security-Policy (django-csp with the
demo host's ``CONTENT_SECURITY_POLICY``: no inline script or style, no 'unsafe-inline') without a single
violation. Chromium visits every live page of the demo's site (the home page and each tool's page: the
school directory, the agenda, the questions, the services map...), then the pages that exist only with a
question: a school's own page, the family's answer on /mon-enfant/, the carte scolaire's answer, the API
documentation, the 404 page. Each page's ``securitypolicyviolation`` events (``conftest.CspWatch``) and the
console's "Content Security Policy" messages are collected: none. The map's tiles are
answered with a blank image, so no request leaves the loopback."""

from urllib.parse import urlencode

from .conftest import CspWatch
from .test_places_journey import Offline

# Besides the site's live pages: the pages a question opens.
FAMILY_QUESTION = urlencode({"address": "14 bis rue de Trichet", "level": "elementaire"})
CATCHMENT_QUESTION = urlencode({"commune": "35288", "address": "14 bis rue de Trichet", "level": "elementaire"})
ANSWER_PATHS = [
    "/ecoles/0359901A/",  # École maternelle publique des Corsaires: its streets, menus and map
    f"/mon-enfant/?{FAMILY_QUESTION}",
    f"/trouver-mon-ecole/?{CATCHMENT_QUESTION}",
    "/api/mon-enfant/v1/docs",
    "/page-qui-n-existe-pas/",
]
# The demo's pages that the walk must find among the live pages (a page renamed or lost would go unvisited).
DEMO_PAGES = {"/", "/ecoles/", "/trouver-mon-ecole/", "/tarifs/", "/menus/", "/carte/", "/questions/",
              "/demarches/", "/agenda/", "/mon-enfant/"}

def live_page_paths():
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    pages = Page.objects.live().public().descendant_of(root, inclusive=True).specific()
    return sorted(page.get_url_parts()[2] for page in pages)


def test_every_public_page_runs_under_the_csp_without_a_violation(demo_site, page):
    paths = live_page_paths()
    assert DEMO_PAGES <= set(paths)
    offline = Offline(page)
    csp = CspWatch(page)
    console = []
    page.page.on("console", lambda message: "Content Security Policy" in message.text and console.append(
        f"{page.page.url}: {message.text}"))
    violations = {}
    policies = {}
    for path in paths + ANSWER_PATHS:
        response = page.page.goto(demo_site.url + path)
        policies[path] = response.headers.get("content-security-policy", "")
        page.page.wait_for_load_state("networkidle")
        if csp.violations:
            violations[path], csp.violations[:] = list(csp.violations), []
    assert violations == {}
    assert console == []
    assert {path: policy for path, policy in policies.items()
            if "script-src 'self'" not in policy or "unsafe-inline" in policy} == {}
    assert offline.left_loopback() == []


def test_the_watch_itself_catches_an_inline_script(live_server, page):
    """Guards the guard: an inline script added to a page under the policy is reported by both means."""
    csp = CspWatch(page)
    console = []
    page.page.on("console", lambda message: "Content Security Policy" in message.text and console.append(
        message.text))
    page.page.goto(live_server.url + "/api/mon-enfant/v1/docs")
    page.page.evaluate("""() => { const script = document.createElement('script');
        script.textContent = 'window.ran = true'; document.body.append(script); }""")
    for _ in range(100):  # the event reaches Python through the exposed function, a moment later
        if csp.violations:
            break
        page.page.wait_for_timeout(50)
    assert page.page.evaluate("window.ran") is None
    assert csp.violations[0].startswith("script-src-elem inline")
    assert console
