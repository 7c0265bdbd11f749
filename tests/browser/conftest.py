"""Browser tests: Playwright (Python) driving Debian's Chromium (/usr/bin/chromium, never a downloaded
browser) against the example site served by pytest-django's live server, with an axe-core audit.

Set MON_ENFANT_REQUIRE_BROWSER=1 (CI does) to turn a missing Chromium into a failure, not a skip.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by fixtures are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MON_ENFANT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.1 A and AA (what RGAA 4 maps to) plus axe's best practices (landmarks, heading order, one main...).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("MON_ENFANT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProbe:
    """A Playwright page that records console errors (CSP violations included) and page errors."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The demo commune loaded into the live server's database. The per-process data built from an earlier
    test's database (the carte scolaire's index, the compiled fee grids) is dropped first: each test's database
    is flushed and reloaded, so its version stamps count again from the same numbers and would match the old
    data's, whose schools and communes have other ids."""
    from mon_enfant.catchment import services as catchment_services
    from mon_enfant.fees import services as fee_services

    catchment_services.reset()
    fee_services.clear_cache()
    call_command("load_demo", verbosity=0)
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server


def _new_page(browser, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="fr-FR")
    page = context.new_page()
    return context, PageProbe(page)


@pytest.fixture
def page(browser):
    context, probe = _new_page(browser, javascript=True)
    yield probe
    context.close()


@pytest.fixture
def nojs_page(browser):
    context, probe = _new_page(browser, javascript=False)
    yield probe
    context.close()


def audit(page):
    """Run axe-core (WCAG 2.1 A and AA rules, and best practices) on the current page; return readable
    violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']}: {violation['help']} → "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


# WCAG 1.4.10 (reflow): every page and state fits these widths without horizontal scrolling (issue 11,
# point 11). 320 CSS px is the criterion's own width; 390 px a common phone.
PHONE_WIDTHS = [320, 390]

# The elements that stick out on the right, innermost first, so that a failure names its culprit.
_STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll("body *")].filter(
        (element) => element.getBoundingClientRect().right > width + 0.5);
    const innermost = out.filter((element) => !out.some((other) => other !== element && element.contains(other)));
    return innermost.slice(0, 5).map((element) => {
        const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
            + (element.classList.length ? "." + [...element.classList].join(".") : "");
        return name + " ends at " + Math.round(element.getBoundingClientRect().right) + " px";
    });
}"""


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def reflow_problems(page):
    """An empty list when the current page scrolls not sideways; otherwise the overflow and the elements
    that stick out on the right (innermost first)."""
    overflow = horizontal_overflow(page)
    if overflow <= 0:
        return []
    return [f"{overflow} px wider than the viewport", *page.evaluate(_STICKING_OUT)]


# --- Watching a journey: what a page must not do (shared by the features' journeys) ---------------------------

HOST_STYLESHEET_404 = "status of 404"  # the demo host's own stylesheet, which the test settings do not serve


class CspWatch:
    """``securitypolicyviolation`` events as the page sees them, kept across navigations (the console's
    "Refused to ..." errors land in the probe's errors too, with JavaScript or without)."""

    def __init__(self, probe):
        self.violations = []
        probe.page.expose_function("monEnfantCspViolation", lambda violation: self.violations.append(violation))
        probe.page.add_init_script(
            "document.addEventListener('securitypolicyviolation', (event) => window.monEnfantCspViolation("
            "event.violatedDirective + ' ' + event.blockedURI"
            " + ' (' + event.sourceFile + ':' + event.lineNumber + ')'));"
        )


class Answers:
    """The live server's answers with an error status (the host stylesheet apart)."""

    def __init__(self, probe):
        self.failed = []
        probe.page.on("response", self.check)

    def check(self, response):
        if response.status >= 400 and not response.url.endswith("/static/example_site/site.css"):
            self.failed.append(f"{response.status} {response.url}")


@pytest.fixture
def watched(page):
    return page, CspWatch(page), Answers(page)


@pytest.fixture(params=[True, False], ids=["with JavaScript", "without JavaScript"])
def either(request, page, nojs_page):
    """The page with JavaScript (its CSP violations watched) or without it."""
    probe = page if request.param else nojs_page
    csp = CspWatch(probe) if request.param else None
    return probe, csp, Answers(probe)


def script_errors(probe):
    return [error for error in probe.errors if HOST_STYLESHEET_404 not in error]


def assert_clean(probe, csp, answers):
    assert csp is None or csp.violations == []
    assert answers.failed == []
    assert script_errors(probe) == []


def tab_to(page, predicate, limit=80):
    """Press Tab until ``predicate`` (a JavaScript expression on ``document.activeElement``) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"((element) => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"Not reachable with the keyboard: {predicate}")
