"""A parent's journey on /carte/ of the demo (issue 13): the services map and its list. With JavaScript the map
shows the same places as the list (one marker for each place with a position), filtering by a category and
typing an address change both the same way, and a marker's popup opens with the keyboard and leads to the
place's card; without JavaScript the map stays hidden and the same filter and address give the same list.
axe-core reports no violation in any state, the page reflows at 320 px, runs under the site's strict CSP
without a violation or a script error, and no request leaves the loopback: the map's tiles are answered by
the test with a blank image. (axe-core runs in the page's JavaScript: only the pages with JavaScript are
audited; without JavaScript the HTML is the same, but the map stays hidden.)"""

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import audit, reflow_problems

PATH = "/carte/"
CATEGORY = "Crèches et multi-accueils"
CATEGORY_CODE = "creche"
ADDRESS = "1 rue de Metz"  # in the demo's address index (example_site/fixtures/saint-malo/adresses-35288-demo.csv)
UNKNOWN_ADDRESS = "99 rue de Nulle Part"
SUBMIT = "Afficher les lieux"
MAP = "[data-places-map]"
MARKERS = ".mon-enfant-places__marker"
CARDS = ".mon-enfant-places__list article"
MAP_DATA = "#carte-carte-lieux"

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
# The demo host's own stylesheet, which the test settings do not serve (no STATICFILES_DIRS): not the map's.
HOST_STYLESHEET = "/static/example_site/site.css"
# A transparent 1x1 PNG: every map tile, so that the test never calls the tile server.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c02"
    "0000000b4944415478da6364600000000600023081d02f0000000049454e44ae426082"
)


def is_tile_host(host):
    return host == "tile.openstreetmap.org" or host.endswith(".tile.openstreetmap.org")


class Offline:
    """Routes every request of a page: loopback goes through, a tile is answered with BLANK_PNG, anything else
    is aborted. Installed before the first navigation."""

    def __init__(self, probe):
        self.passed = []  # requests let through (to the live server)
        self.tiles = []  # tile requests answered here
        self.refused = []  # any other host: aborted, and a failure
        self.not_found = []  # answers of the live server with an error status
        probe.page.route("**/*", self.handle)
        probe.page.on("response", self.check_status)

    def handle(self, route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if host in LOOPBACK:
            self.passed.append(url)
            route.continue_()
        elif is_tile_host(host):
            self.tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            self.refused.append(url)
            route.abort()

    def check_status(self, response):
        if response.status >= 400 and urlsplit(response.url).path != HOST_STYLESHEET:
            self.not_found.append(f"{response.status} {response.url}")

    def left_loopback(self):
        """The requests that went out to a host other than the live server's: none may."""
        return [url for url in self.passed if (urlsplit(url).hostname or "") not in LOOPBACK] + self.refused


class CspWatch:
    """``securitypolicyviolation`` events, as the page sees them, kept across navigations (the console's
    "Refused to ..." errors land in the probe's errors too)."""

    def __init__(self, probe):
        self.violations = []
        probe.page.expose_function("monEnfantCspViolation", lambda violation: self.violations.append(violation))
        probe.page.add_init_script(
            "document.addEventListener('securitypolicyviolation', (event) => window.monEnfantCspViolation("
            "event.violatedDirective + ' ' + event.blockedURI"
            " + ' (' + event.sourceFile + ':' + event.lineNumber + ')'));"
        )


@pytest.fixture
def watched(page):
    """The JavaScript page, offline but for the live server and the blank tiles, with its CSP violations."""
    return page, Offline(page), CspWatch(page)


def submit(page):
    with page.expect_navigation():
        page.get_by_role("button", name=SUBMIT).click()


def filter_by_category(page):
    categories = page.locator("details.mon-enfant-places__categories")
    if categories.get_attribute("open") is None:
        categories.locator("summary").click()
    page.get_by_label(CATEGORY, exact=True).check()
    submit(page)


def sort_by_address(page, address=ADDRESS):
    page.get_by_label("Votre adresse").fill(address)
    submit(page)


def card_ids(page):
    cards = page.locator(CARDS)
    return [cards.nth(index).get_attribute("id") for index in range(cards.count())]


def card_categories(page):
    return page.locator(f"{CARDS} .mon-enfant-places__category").all_inner_texts()


def map_data(page):
    return json.loads(page.locator(MAP_DATA).text_content())


def distances_in_metres(page):
    """The distance each card shows, in metres (None where a card shows none)."""
    result = []
    for meta in page.locator(f"{CARDS} .mon-enfant-places__meta").all_inner_texts():
        match = re.search(r"à ([\d\s\u202f\u00a0,.]+?) ?(k?m)\b", meta)
        if match is None:
            result.append(None)
            continue
        number = float(re.sub(r"[\s\u202f\u00a0]", "", match.group(1)).replace(",", "."))
        result.append(number * 1000 if match.group(2) == "km" else number)
    return result


def assert_the_map_shows_the_list(page):
    """The map is visible, with one marker for each place of the list that has a position (the list's JSON
    for the map holds exactly those, in the list's order), named as the list names them."""
    expect(page.locator(MAP)).to_be_visible()
    places = map_data(page)
    assert places, "the demo's list has places with a position"
    expect(page.locator(MARKERS)).to_have_count(len(places))
    ids = card_ids(page)
    assert [place["id"] for place in places] == [id_ for id_ in ids if id_ in {place["id"] for place in places}]
    for place in places:
        heading = page.locator(f"#{place['id']} h3")
        assert heading.inner_text().strip() == place["name"]
    labels = sorted(page.locator(MARKERS).evaluate_all("nodes => nodes.map((node) => node.getAttribute('aria-label'))"))
    assert labels == sorted(f"{place['name']} ({place['category']})" for place in places)
    return places


def script_errors(probe):
    """The console's errors and the uncaught exceptions, but for the missing host stylesheet's 404, which
    Chromium logs without its address (every other error answer is in ``Offline.not_found``, with it)."""
    return [error for error in probe.errors if "status of 404" not in error]


def assert_clean(page, offline, csp):
    assert csp.violations == []
    assert offline.not_found == []
    assert script_errors(page) == []
    assert offline.left_loopback() == []


def test_with_javascript_the_map_follows_the_filter_and_the_address(demo_site, watched):
    page, offline, csp = watched
    response = page.page.goto(demo_site.url + PATH)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.page.get_by_role("status")).to_contain_text("lieux")
    everything = assert_the_map_shows_the_list(page.page)
    page.page.wait_for_load_state("networkidle")
    assert offline.tiles, f"the map asks for its tiles (answered by the test); CSP violations: {csp.violations[:3]}"
    assert audit(page.page) == []

    # A category: the list and the map keep only its places.
    filter_by_category(page.page)
    assert f"categorie={CATEGORY_CODE}" in page.page.url
    filtered = assert_the_map_shows_the_list(page.page)
    assert 0 < len(filtered) < len(everything)
    assert set(card_categories(page.page)) == {CATEGORY}
    assert {place["category"] for place in filtered} == {CATEGORY}
    page.page.wait_for_load_state("networkidle")
    assert audit(page.page) == []

    # An address: the same places, from the nearest to the farthest, on the list and in the popups' data.
    sort_by_address(page.page)
    expect(page.page.get_by_role("status")).to_contain_text("du plus proche au plus éloigné de votre adresse")
    sorted_places = assert_the_map_shows_the_list(page.page)
    assert sorted(place["id"] for place in sorted_places) == sorted(place["id"] for place in filtered)
    first_card = page.page.locator(CARDS).first
    expect(first_card.locator(".mon-enfant-places__meta")).to_contain_text(re.compile(r"à \d+ m\b"))
    distances = distances_in_metres(page.page)
    known = [distance for distance in distances if distance is not None]
    assert distances[: len(known)] == known == sorted(known)
    assert all(place["distance"] for place in sorted_places)
    page.page.wait_for_load_state("networkidle")
    assert audit(page.page) == []
    assert_clean(page, offline, csp)


def test_a_keyboard_user_opens_a_popup_and_reaches_the_card(demo_site, watched):
    page, offline, csp = watched
    page.page.goto(demo_site.url + PATH)
    expect(page.page.locator(MARKERS).first).to_be_attached()
    for _ in range(80):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.classList.contains('mon-enfant-places__marker')"):
            break
    else:
        pytest.fail("No marker of the map is reachable with the keyboard")
    label = page.page.evaluate("document.activeElement.getAttribute('aria-label')")
    place = next(place for place in map_data(page.page) if label == f"{place['name']} ({place['category']})")

    page.page.keyboard.press("Enter")
    popup = page.page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(place["name"])
    link = popup.get_by_role("link", name="Voir la fiche dans la liste")
    expect(link).to_be_focused()
    assert link.get_attribute("href") == f"#{place['id']}"
    expect(popup).to_have_css("opacity", "1")  # faded in: axe measures the contrast of the final colours
    assert audit(page.page) == []

    # Escape closes the popup and gives the focus back to the marker: no trap.
    page.page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    assert page.page.evaluate("document.activeElement.getAttribute('aria-label')") == label

    # So does its close button, the next stop after the link (the popup fades out before it leaves the page).
    page.page.keyboard.press("Enter")
    expect(link).to_be_focused()
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.classList.contains('leaflet-popup-close-button')")
    page.page.keyboard.press("Enter")
    expect(popup).to_have_count(0)
    assert page.page.evaluate("document.activeElement.getAttribute('aria-label')") == label

    # Space opens it too, as it does any button; the zoom buttons speak the page's language.
    page.page.keyboard.press("Space")
    expect(link).to_be_focused()
    assert page.page.get_attribute(".leaflet-control-zoom-in", "aria-label") == "Zoomer"
    page.page.keyboard.press("Escape")
    expect(popup).to_have_count(0)

    # Open it again, follow the link: the card is the target, focused and on screen.
    page.page.keyboard.press("Enter")
    expect(link).to_be_focused()
    page.page.keyboard.press("Enter")
    page.page.wait_for_url(re.compile(f"#{re.escape(place['id'])}$"))
    card = page.page.locator(f"#{place['id']}")
    expect(card).to_be_focused()
    expect(card).to_be_in_viewport()
    expect(card.get_by_role("heading", name=place["name"])).to_be_visible()
    page.page.wait_for_load_state("networkidle")
    assert_clean(page, offline, csp)


def test_without_javascript_the_same_filter_and_address_give_the_same_list(demo_site, watched, nojs_page):
    page, offline, csp = watched
    nojs_offline = Offline(nojs_page)
    states = []
    for probe in (page, nojs_page):
        probe.page.goto(demo_site.url + PATH)
        initial = card_ids(probe.page)
        filter_by_category(probe.page)
        filtered = card_ids(probe.page)
        sort_by_address(probe.page)
        expect(probe.page.get_by_role("status")).to_contain_text("du plus proche au plus éloigné de votre adresse")
        expect(probe.page.locator(CARDS).first.locator(".mon-enfant-places__meta")).to_contain_text(
            re.compile(r"à \d+ m\b"))
        states.append({"initial": initial, "filtered": filtered, "sorted": card_ids(probe.page),
                       "url": probe.page.url.replace(demo_site.url, "")})
    with_javascript, without_javascript = states
    assert with_javascript == without_javascript
    assert 0 < len(with_javascript["filtered"]) < len(with_javascript["initial"])
    assert sorted(with_javascript["sorted"]) == sorted(with_javascript["filtered"])
    assert with_javascript["sorted"] != with_javascript["filtered"]  # the address changed the order
    expect(nojs_page.page.locator(MAP)).to_be_hidden()
    expect(nojs_page.page.get_by_role("link", name="Passer la carte et aller à la liste des lieux")).to_be_visible()
    assert nojs_offline.tiles == []
    assert nojs_offline.left_loopback() == []
    assert nojs_offline.not_found == []
    assert script_errors(nojs_page) == []
    assert_clean(page, offline, csp)


@pytest.mark.parametrize("mistake", ["unknown address", "age not a number"])
def test_an_error_is_said_and_the_map_still_shows_the_list(demo_site, watched, mistake):
    page, offline, csp = watched
    page.page.goto(demo_site.url + PATH)
    if mistake == "unknown address":  # typed in the form, as a parent would
        sort_by_address(page.page, UNKNOWN_ADDRESS)
        error = "Nous ne trouvons pas cette adresse dans la commune"
    else:  # a number field cannot be typed "x" into: the query string of a hand-edited link
        page.page.goto(demo_site.url + PATH + f"?categorie={CATEGORY_CODE}&age=x")
        error = "nombre entier"
    assert page.page.title().startswith("Erreur")
    expect(page.page.get_by_text(error).first).to_be_visible()
    assert_the_map_shows_the_list(page.page)
    if mistake == "age not a number":  # what can be read still filters
        assert set(card_categories(page.page)) == {CATEGORY}
    page.page.wait_for_load_state("networkidle")
    assert audit(page.page) == []
    assert_clean(page, offline, csp)


@pytest.mark.parametrize("state", ["initial", "sorted by address", "filtered and popup open"])
def test_the_map_page_fits_320_px(demo_site, watched, state):
    """WCAG 1.4.10 (reflow): the map, the form and the list at 320 CSS px, in each state."""
    page, offline, csp = watched
    page.page.set_viewport_size({"width": 320, "height": 800})
    page.page.goto(demo_site.url + PATH)
    page.page.locator("details.mon-enfant-places__categories summary").click()
    if state == "sorted by address":
        sort_by_address(page.page)
        expect(page.page.locator(CARDS).first.locator(".mon-enfant-places__meta")).to_contain_text(
            re.compile(r"à \d+ m\b"))
    elif state == "filtered and popup open":
        filter_by_category(page.page)
        page.page.locator(MARKERS).first.focus()
        page.page.keyboard.press("Enter")
        expect(page.page.locator(".leaflet-popup")).to_have_css("opacity", "1")
        expect(page.page.get_by_role("link", name="Voir la fiche dans la liste")).to_be_focused()
    assert_the_map_shows_the_list(page.page)
    page.page.wait_for_load_state("networkidle")
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
    assert_clean(page, offline, csp)
