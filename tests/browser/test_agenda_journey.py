"""A parent's journey through /agenda/ of the demo: choose the school of their child, a type of event or a month,
with JavaScript and without it (a GET form); read when, where, for whom and who decides; go to the archives and
page through them; reach everything with the keyboard alone; print. axe-core reports no violation on the agenda,
a filtered view, the archives, a refused filter and the print view; the page reflows at 320 px; no page breaks the
site's strict CSP or logs a script error. (axe-core runs in the page's JavaScript: only the pages with JavaScript
are audited; without JavaScript the HTML is the same.)"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean, audit, reflow_problems, tab_to

AGENDA = "/agenda/"
SCHOOL = "École élémentaire publique des Corsaires"
SCHOOL_UAI = "0359902B"
SCHOOL_EVENT = "Fête de l'école des Corsaires"  # tied to the Corsaires schools (example_site/home/demo/agenda.py)
OTHER_SCHOOLS_EVENT = "Sortie à la ferme pédagogique"  # the Rocher maternelle's
WHOLE_COMMUNE_EVENT = "Inscriptions scolaires pour la rentrée de septembre"  # going on, for the whole commune
PAST_EVENT = "Sortie au Grand Aquarium"
EVENTS = ".mon-enfant-agenda__event"
SHOW = "Afficher"


def shown(page):
    return page.locator(f"{EVENTS} h3, {EVENTS} h4").all_inner_texts()


def submit(page):
    with page.expect_navigation():
        page.get_by_role("button", name=SHOW, exact=True).click()


def test_a_school_keeps_its_events_and_the_whole_communes(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + AGENDA)
    everything = shown(probe.page)
    assert SCHOOL_EVENT in everything and OTHER_SCHOOLS_EVENT in everything and PAST_EVENT not in everything
    assert everything[0] == WHOLE_COMMUNE_EVENT  # going on: first
    probe.page.get_by_label("École (facultatif)", exact=True).select_option(label=SCHOOL)
    submit(probe.page)
    assert parse_qs(urlsplit(probe.page.url).query)["ecole"] == [SCHOOL_UAI]
    expect(probe.page.get_by_role("status")).to_contain_text(f"à venir pour {SCHOOL} et toute sa commune.")
    listed = shown(probe.page)
    assert SCHOOL_EVENT in listed and WHOLE_COMMUNE_EVENT in listed and OTHER_SCHOOLS_EVENT not in listed
    # The calendar feed offered is the school's.
    feed = probe.page.get_by_role("link", name=re.compile(f"S'abonner à l'agenda : {SCHOOL}"))
    assert feed.get_attribute("href").endswith(f"school={SCHOOL_UAI}")
    event = probe.page.locator(EVENTS, has_text=SCHOOL_EVENT)
    expect(event).to_contain_text("Qui décide ? École")
    expect(event).to_contain_text("Cour de l'école des Corsaires")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T17:00", event.locator("time").get_attribute("datetime"))
    assert csp is None or audit(probe.page) == []
    assert_clean(probe, csp, answers)


def test_a_type_and_a_month(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + AGENDA)
    probe.page.get_by_label("Type d'événement (facultatif)", exact=True).select_option(label="Sortie scolaire")
    submit(probe.page)
    assert shown(probe.page) == [OTHER_SCHOOLS_EVENT]
    # The month of the past school trip: its events, past ones too.
    probe.page.goto(demo_site.url + AGENDA + "?archives=1")
    day = probe.page.locator(EVENTS, has_text=PAST_EVENT).locator("time").get_attribute("datetime")[:7]
    probe.page.get_by_label("Mois (facultatif)", exact=True).select_option(day)
    submit(probe.page)
    assert PAST_EVENT in shown(probe.page)
    expect(probe.page.get_by_role("status")).to_contain_text("en ")
    assert_clean(probe, csp, answers)


def test_the_archives_list_past_events_and_come_back(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + AGENDA)
    probe.page.get_by_role("link", name="Voir les événements passés (archives)").click()
    probe.page.wait_for_load_state("load")
    expect(probe.page.get_by_role("heading", name="Archives : événements passés")).to_be_visible()
    past = shown(probe.page)
    assert PAST_EVENT in past and SCHOOL_EVENT not in past and len(past) == 4
    expect(probe.page.get_by_role("status")).to_have_text("4 événements passés.")
    assert csp is None or audit(probe.page) == []
    probe.page.get_by_role("link", name="Voir les événements à venir").click()
    probe.page.wait_for_load_state("load")
    assert SCHOOL_EVENT in shown(probe.page)
    assert_clean(probe, csp, answers)


def test_a_keyboard_user_filters_reads_the_news_and_reaches_the_calendar(demo_site, either):
    probe, csp, answers = either
    page = probe.page
    page.goto(demo_site.url + AGENDA)
    tab_to(page, "element.tagName === 'SELECT' && element.name === 'type'")
    page.keyboard.press("ArrowDown")  # "Sortie scolaire", the first type
    tab_to(page, "element.tagName === 'BUTTON'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "type=sortie" in page.url
    assert shown(page) == [OTHER_SCHOOLS_EVENT]
    page.goto(demo_site.url + AGENDA)
    # A news item's full text opens from its summary, by keyboard.
    tab_to(page, "element.tagName === 'SUMMARY'")
    more = page.locator("details.mon-enfant-agenda__more").first
    page.keyboard.press("Enter")
    expect(more.locator(".mon-enfant-agenda__body")).to_be_visible()
    # Each event's calendar link is named after it.
    page.goto(demo_site.url + AGENDA)
    link = page.get_by_role("link", name=f"Ajouter à mon agenda (iCalendar) : {SCHOOL_EVENT}")
    assert re.search(r"/api/mon-enfant/v1/agenda/events/\d+\.ics$", link.get_attribute("href"))
    assert_clean(probe, csp, answers)


def test_a_bad_month_is_said_and_the_page_passes_axe(demo_site, watched):
    page, csp, answers = watched
    response = page.page.goto(demo_site.url + AGENDA + "?mois=2026-13&type=fete")
    assert response.status == 200
    summary = page.page.get_by_role("alert")
    expect(summary).to_contain_text("Ce n'est pas un mois")
    assert shown(page.page) == [SCHOOL_EVENT]  # the other filter still applies
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


@pytest.mark.parametrize("width", [320])
def test_the_agenda_passes_axe_fits_320_px_and_prints(demo_site, watched, width):
    page, csp, answers = watched
    response = page.page.goto(demo_site.url + AGENDA)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.page.title().startswith("Agenda et actualités des écoles")
    expect(page.page.locator("script[type='application/ld+json']")).to_have_count(1)
    assert audit(page.page) == []
    page.page.set_viewport_size({"width": width, "height": 800})
    assert reflow_problems(page.page) == []
    page.page.locator("details").evaluate_all("(all) => all.forEach((details) => { details.open = true; })")
    assert reflow_problems(page.page) == []
    page.page.goto(demo_site.url + AGENDA + "?archives=1")
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
    page.page.goto(demo_site.url + AGENDA)
    page.page.emulate_media(media="print")
    expect(page.page.get_by_role("button", name=SHOW, exact=True)).to_be_hidden()
    for body in page.page.locator(".mon-enfant-agenda__body").all():
        expect(body).to_be_visible()  # every news item in full on paper
    assert audit(page.page) == []
    assert_clean(page, csp, answers)
