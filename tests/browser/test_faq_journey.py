"""A parent's journey through /questions/ and /demarches/ of the demo (issue 14): search a word that only an
answer holds, with its accents or without, and read the answer; open a question with the keyboard alone (Tab to
its summary, Enter or Space); follow a deep link to a question; read a guide, tick its checklist by keyboard and
print it. With JavaScript and without it: the search, the questions and the deep link ``?question=<slug>#<slug>``
need none (native ``<details>``, a GET form); ``faq.js`` also opens a question reached by ``#<slug>`` alone.
axe-core reports no violation on the questions page, a search result, a guide and the guide's print view; the
questions page and a guide reflow at 320 px; no page breaks the site's strict CSP or logs a script error. (axe-core
runs in the page's JavaScript: only the pages with JavaScript are audited; without JavaScript the HTML is the
same.)"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import Answers, assert_clean, audit, reflow_problems, script_errors, tab_to

FAQ = "/questions/"
INDEX = "/demarches/"
GUIDE = "/demarches/inscrire-mon-enfant-a-l-ecole/"
GUIDE_TITLE = "Inscrire mon enfant à l'école"
GUIDE_TITLES = ["Inscrire mon enfant à l'école", "Demander une dérogation de secteur",
                "Inscrire mon enfant à la cantine (et PAI)"]
# A word that only the answer of one question holds (example_site/fixtures/saint-malo/questions-saint-malo.csv),
# and that question.
ANSWER_WORD = "goûter"
ANSWER_QUESTION = "Quels sont les horaires de l'accueil périscolaire ?"
ANSWER_SLUG = "horaires-periscolaire"
# The question the deep links lead to: far down the page, in another theme than the first.
DEEP_SLUG = "assurance-scolaire"
DEEP_QUESTION = "L'assurance scolaire est-elle obligatoire ?"
OTHER_DEEP_SLUG = "place-en-creche"
FIRST_DOCUMENT = "Livret de famille, ou acte de naissance de l'enfant"  # the guide's first piece to bring
SEARCH_BOX = "Rechercher une question"
SEARCH_BUTTON = "Rechercher"
QUESTIONS = "details.mon-enfant-faq__question"


def search(page, words):
    page.get_by_label(SEARCH_BOX).fill(words)
    with page.expect_navigation():
        page.get_by_role("button", name=SEARCH_BUTTON, exact=True).click()


def is_open(page, slug):
    return page.locator(f"details#{slug}").evaluate("(details) => details.open")


def opened_slugs(page):
    return page.locator(QUESTIONS).evaluate_all("(all) => all.filter((d) => d.open).map((d) => d.id)")


# --- Search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("words", [ANSWER_WORD, "gouter", "GOUTER"], ids=["accents", "no accents", "capitals"])
def test_the_search_finds_a_word_of_an_answer_with_or_without_accents(demo_site, either, words):
    probe, csp, answers = either
    javascript = csp is not None
    probe.page.goto(demo_site.url + FAQ)
    questions = probe.page.locator(QUESTIONS)
    assert questions.count() >= 25
    assert opened_slugs(probe.page) == []
    # The word is in an answer, not in any question: the search reads the answers.
    assert not any(re.search("go[uû]ter", text, re.I) for text in probe.page.locator(f"{QUESTIONS} > summary")
                   .all_inner_texts())
    search(probe.page, words)
    assert parse_qs(urlsplit(probe.page.url).query)["q"] == [words]
    expect(probe.page.get_by_role("status")).to_contain_text(f"1 question répond à « {words} ».")
    results = probe.page.get_by_role("region", name="Résultats de la recherche")
    expect(results.locator(QUESTIONS)).to_have_count(1)
    found = results.locator(f"details#{ANSWER_SLUG}")
    expect(found.locator("summary")).to_have_text(ANSWER_QUESTION)
    assert found.evaluate("(details) => details.open")  # a result is shown open, its answer readable
    expect(found.get_by_text(re.compile(ANSWER_WORD, re.I))).to_be_visible()
    expect(found).to_contain_text("Qui décide ? Mairie")
    assert probe.page.locator(QUESTIONS).count() == 1  # only the result: the themes are not listed under it
    assert not javascript or audit(probe.page) == []  # axe itself runs in JavaScript
    # Back to every question.
    probe.page.get_by_role("link", name="Voir toutes les questions").click()
    probe.page.wait_for_load_state("load")
    expect(probe.page.locator(QUESTIONS)).to_have_count(questions.count())
    assert_clean(probe, csp, answers)


def test_a_search_that_finds_nothing_says_so_and_suggests_the_mairie(demo_site, watched):
    page, csp, answers = watched
    page.page.goto(demo_site.url + FAQ)
    search(page.page, "hippopotame")
    status = page.page.get_by_role("status")
    expect(status).to_contain_text("Aucune question ne répond à « hippopotame ».")
    expect(status).to_contain_text("posez votre question à la mairie")
    expect(page.page.locator(QUESTIONS)).to_have_count(0)
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


def test_a_theme_keeps_only_its_questions(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + FAQ)
    probe.page.get_by_label("Thème").select_option(label="Dérogation de secteur")
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name=SEARCH_BUTTON, exact=True).click()
    assert "theme=derogation" in probe.page.url
    headings = probe.page.locator(".mon-enfant-faq__theme > h2").all_inner_texts()
    assert headings == ["Dérogation de secteur"]
    assert probe.page.locator(QUESTIONS).count() >= 3
    assert_clean(probe, csp, answers)


# --- Questions by keyboard, deep links ---------------------------------------------------------------


def test_a_keyboard_user_opens_and_closes_questions(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + FAQ)
    tab_to(probe.page, "element.tagName === 'SUMMARY'")
    first = probe.page.evaluate("document.activeElement.parentElement.id")
    assert first and not is_open(probe.page, first)
    answer = probe.page.locator(f"details#{first} .mon-enfant-faq__answer")
    expect(answer).to_be_hidden()
    probe.page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    assert opened_slugs(probe.page) == [first]
    probe.page.keyboard.press("Enter")  # and closes it again
    expect(answer).to_be_hidden()

    # The next summary is reached past the open answer's links (closed, they are skipped), and Space opens it.
    probe.page.keyboard.press("Enter")
    tab_to(probe.page, "element.tagName === 'SUMMARY'")
    second = probe.page.evaluate("document.activeElement.parentElement.id")
    assert second != first
    probe.page.keyboard.press(" ")
    expect(probe.page.locator(f"details#{second} .mon-enfant-faq__answer")).to_be_visible()
    assert opened_slugs(probe.page) == [first, second]
    # The question's own link is the deep link to it.
    link = probe.page.locator(f"details#{second}").get_by_role("link", name=re.compile("^Lien vers cette question"))
    assert link.get_attribute("href") == f"?question={second}#{second}"
    assert_clean(probe, csp, answers)


def test_a_deep_link_opens_its_question_without_javascript(demo_site, nojs_page):
    answers = Answers(nojs_page)
    nojs_page.page.goto(demo_site.url + f"{FAQ}?question={DEEP_SLUG}#{DEEP_SLUG}")
    assert opened_slugs(nojs_page.page) == [DEEP_SLUG]
    question = nojs_page.page.locator(f"details#{DEEP_SLUG}")
    expect(question.locator("summary")).to_have_text(DEEP_QUESTION)
    expect(question.locator(".mon-enfant-faq__answer")).to_be_visible()
    expect(question).to_be_in_viewport()
    expect(question).to_contain_text("Qui décide ? Éducation nationale")
    # The hash alone needs JavaScript: without it the question is reached but stays closed (the link of each
    # question carries ?question= for that reason).
    nojs_page.page.goto(demo_site.url + f"{FAQ}#{OTHER_DEEP_SLUG}")
    assert opened_slugs(nojs_page.page) == []
    assert answers.failed == []
    assert script_errors(nojs_page) == []


def test_a_deep_link_opens_its_question_with_javascript(demo_site, watched):
    page, csp, answers = watched
    page.page.goto(demo_site.url + f"{FAQ}#{DEEP_SLUG}")
    question = page.page.locator(f"details#{DEEP_SLUG}")
    expect(question).to_have_attribute("open", "")
    assert opened_slugs(page.page) == [DEEP_SLUG]
    expect(question.locator("summary")).to_be_focused()  # a keyboard user goes on from the question
    expect(question.locator(".mon-enfant-faq__answer")).to_be_visible()
    expect(question).to_be_in_viewport()
    # A link to another question on the same page (the hash changes, no new load) opens it too.
    page.page.evaluate(f"window.location.hash = '#{OTHER_DEEP_SLUG}'")
    expect(page.page.locator(f"details#{OTHER_DEEP_SLUG}")).to_have_attribute("open", "")
    expect(page.page.locator(f"details#{OTHER_DEEP_SLUG} > summary")).to_be_focused()
    # The server's deep link works as well with JavaScript.
    page.page.goto(demo_site.url + f"{FAQ}?question={OTHER_DEEP_SLUG}#{OTHER_DEEP_SLUG}")
    assert opened_slugs(page.page) == [OTHER_DEEP_SLUG]
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


# --- The questions page: axe and reflow --------------------------------------------------------------


def test_the_questions_page_passes_axe_and_fits_320_px(demo_site, watched):
    page, csp, answers = watched
    response = page.page.goto(demo_site.url + FAQ)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.page.title().startswith("Questions fréquentes")
    # The themes of the demo, each a heading, and its FAQPage JSON-LD.
    assert len(page.page.locator(".mon-enfant-faq__theme > h2").all_inner_texts()) >= 6
    expect(page.page.locator("script[type='application/ld+json']")).to_have_count(1)
    assert audit(page.page) == []
    page.page.set_viewport_size({"width": 320, "height": 800})
    assert reflow_problems(page.page) == []
    # Every answer open (its links, who decides): still no sideways scrolling, still no violation.
    page.page.locator(QUESTIONS).evaluate_all("(all) => all.forEach((details) => { details.open = true; })")
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
    # A search result, at 320 px.
    search(page.page, "dérogation")
    expect(page.page.get_by_role("status")).to_contain_text("répondent à « dérogation »")
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


# --- Guides ------------------------------------------------------------------------------------------


def test_the_procedures_lead_to_three_guides(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + INDEX)
    titles = probe.page.locator(".mon-enfant-guide__index h2").all_inner_texts()
    assert titles == GUIDE_TITLES
    assert csp is None or audit(probe.page) == []
    probe.page.get_by_role("link", name=GUIDE_TITLE, exact=True).click()
    probe.page.wait_for_load_state("load")
    assert probe.page.url == demo_site.url + GUIDE
    expect(probe.page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)
    assert_clean(probe, csp, answers)


@pytest.mark.parametrize("path", [GUIDE, "/demarches/demander-une-derogation-de-secteur/",
                                  "/demarches/inscrire-mon-enfant-a-la-cantine/"])
def test_a_guide_passes_axe_on_screen_and_in_print(demo_site, watched, path):
    page, csp, answers = watched
    page.page.goto(demo_site.url + path)
    for heading in ["Dates clés", "Étapes", "Pièces à fournir", "Combien ça coûte ?", "Et ensuite ?",
                    "Questions fréquentes"]:
        expect(page.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    dates = page.page.locator(".mon-enfant-guide__dates li")
    assert 2 <= dates.count() <= 4
    # Yearly dates, placed relative to today: each says when ("jusqu'au 15 mars 2027 (dans 99 jours)"...).
    assert all(re.search(r"\d{4}", text) for text in dates.all_inner_texts())
    assert 3 <= page.page.locator(".mon-enfant-guide__steps > li").count() <= 5
    assert 3 <= page.page.locator(".mon-enfant-guide__checklist input[type=checkbox]").count() <= 6
    assert 2 <= page.page.locator(QUESTIONS).count() <= 3
    assert audit(page.page) == []

    page.page.emulate_media(media="print")
    # On paper: no calendar link, and every related question's answer printed.
    expect(page.page.get_by_role("link", name="Ajouter ces dates à mon agenda (iCalendar)")).to_be_hidden()
    for answer in page.page.locator(f"{QUESTIONS} .mon-enfant-faq__answer").all():
        expect(answer).to_be_visible()
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


def test_a_guide_fits_320_px(demo_site, watched):
    page, csp, answers = watched
    page.page.set_viewport_size({"width": 320, "height": 800})
    page.page.goto(demo_site.url + GUIDE)
    assert reflow_problems(page.page) == []
    page.page.locator(QUESTIONS).evaluate_all("(all) => all.forEach((details) => { details.open = true; })")
    assert reflow_problems(page.page) == []
    assert audit(page.page) == []
    assert_clean(page, csp, answers)


def test_the_checklist_is_ticked_by_keyboard(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + GUIDE)
    boxes = probe.page.locator(".mon-enfant-guide__checklist input[type=checkbox]")
    total = boxes.count()
    tab_to(probe.page, "element.type === 'checkbox'")
    assert probe.page.evaluate("document.activeElement.id") == boxes.first.get_attribute("id")
    probe.page.keyboard.press(" ")
    expect(boxes.first).to_be_checked()
    # Each box is the next Tab stop, named by its document.
    for index in range(1, total):
        probe.page.keyboard.press("Tab")
        expect(boxes.nth(index)).to_be_focused()
        probe.page.keyboard.press(" ")
        expect(boxes.nth(index)).to_be_checked()
    probe.page.keyboard.press(" ")  # and unticked again
    expect(boxes.nth(total - 1)).not_to_be_checked()
    expect(probe.page.get_by_role("checkbox", name=FIRST_DOCUMENT)).to_be_checked()  # named by its label
    assert_clean(probe, csp, answers)


def test_a_related_question_of_a_guide_opens_by_keyboard_and_by_its_link(demo_site, either):
    probe, csp, answers = either
    probe.page.goto(demo_site.url + GUIDE)
    tab_to(probe.page, "element.tagName === 'SUMMARY'")
    slug = probe.page.evaluate("document.activeElement.parentElement.id")
    probe.page.keyboard.press("Enter")
    question = probe.page.locator(f"details#{slug}")
    expect(question.locator(".mon-enfant-faq__answer")).to_be_visible()
    # Its own link, followed by keyboard, leads back to the guide with this question open.
    tab_to(probe.page, "element.textContent.startsWith('Lien vers cette question')")
    with probe.page.expect_navigation():
        probe.page.keyboard.press("Enter")
    assert probe.page.url == demo_site.url + f"{GUIDE}?question={slug}#{slug}"
    assert opened_slugs(probe.page) == [slug]
    expect(question).to_be_in_viewport()
    if csp is not None:  # the hash alone opens a question with JavaScript (faq.js)
        other = probe.page.locator(QUESTIONS).last.get_attribute("id")
        probe.page.goto(demo_site.url + f"{GUIDE}#{other}")
        expect(probe.page.locator(f"details#{other}")).to_have_attribute("open", "")
        assert opened_slugs(probe.page) == [other]
    assert_clean(probe, csp, answers)
