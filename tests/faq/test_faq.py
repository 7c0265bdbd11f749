"""Questions fréquentes et démarches: the import (line errors, atomic, dry run, updates by identifier with a
new published revision), the page's search without JavaScript through Wagtail's search backend (a word of the
answer, with or without accents), hostile searches, deep links, the FAQPage JSON-LD, a constant number of
queries, the API, and a procedure guide with its key dates relative to today and its calendar feed."""

import datetime as dt
import html
import json
import re

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from mon_enfant import features
from mon_enfant.csvfiles import ImportFileError
from mon_enfant.faq import logic, services
from mon_enfant.faq.importers import import_faq
from mon_enfant.faq.models import Question
from mon_enfant.faq.pages import FaqPage, ProcedureGuidePage, ProcedureIndexPage
from tests.core.wording import NOT_CONFIGURED
from tests.faq.data import QUESTIONS_CSV

TODAY = dt.date(2027, 3, 3)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def faq(commune_a, contact_a, site):
    commune_a.sites.add(site)
    import_faq(QUESTIONS_CSV.read_bytes())
    page = FaqPage(title="Questions fréquentes", slug="questions")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def shown(response):
    return re.findall(r'<details class="mon-enfant-faq__question" id="([^"]+)"', response.content.decode())


# --- import -------------------------------------------------------------------------------------------


def test_the_import_publishes_each_question_with_a_revision(commune_a):
    report = import_faq(QUESTIONS_CSV.read_bytes())
    assert len(report.created) == 6
    question = Question.objects.get(slug="inscrire-en-maternelle")
    assert question.live and question.latest_revision is not None
    assert question.answer.startswith("<p>L&#x27;inscription se fait en deux temps")
    assert "<ul><li>Au guichet unique" in question.answer


def test_a_reimport_updates_by_identifier_and_never_duplicates(commune_a):
    import_faq(QUESTIONS_CSV.read_bytes())
    again = import_faq(QUESTIONS_CSV.read_bytes())
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 6)
    changed = import_faq(QUESTIONS_CSV.read_bytes().replace(b"ouvre \xc3\xa0 7 h 30", b"ouvre \xc3\xa0 7 h 15"))
    assert changed.updated == ["À quelle heure ouvre la garderie du matin ?"]
    assert Question.objects.count() == 6
    assert Question.objects.get(slug="garderie-horaires").revisions.count() == 2


def test_a_dry_run_changes_nothing(commune_a):
    report = import_faq(QUESTIONS_CSV.read_bytes(), dry_run=True)
    assert len(report.created) == 6 and not Question.objects.exists()


@pytest.mark.parametrize(("row", "message"), [
    (";35288;zoo;Q ?;R;;;", "Ligne 3 : theme « zoo » inconnu"),
    (";35288;;;R;;;", "Ligne 3 : question est obligatoire."),
    (";35288;;Q ?;;;;", "Ligne 3 : reponse est obligatoire."),
    (";35288;;Q ?;R;maire;;", "Ligne 3 : responsable « maire » inconnu"),
    (";35288;;Q ?;R;;2027-2029;", "Ligne 3 : annee_scolaire : « 2027-2029 »"),
    (";35288;;Q ?;R;;;abc", "Ligne 3 : ordre « abc »"),
    (";35288;;Question ?;R;;;", "Ligne 3 : l'identifiant « question » est déjà celui de la ligne 2."),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_changes(commune_a, row, message):
    data = ("identifiant;code_insee;theme;question;reponse;responsable;annee_scolaire;ordre\n"
            f";35288;;Question ?;Réponse;;;\n{row}\n").encode()
    with pytest.raises(ImportFileError) as caught:
        import_faq(data)
    assert any(str(error).startswith(message) for error in caught.value.errors), caught.value.errors
    assert not Question.objects.exists()


def test_markup_in_a_file_is_shown_as_text(commune_a):
    import_faq(b"question;reponse\nQ ?;<script>alert(1)</script>\n", commune="35288")
    assert Question.objects.get().answer == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


# --- the page -----------------------------------------------------------------------------------------


def test_the_page_lists_the_questions_by_theme_in_details(client, faq):
    response = client.get(faq.url)
    assert response.status_code == 200
    assert shown(response)[:2] == ["inscrire-en-maternelle", "derogation-secteur"]
    page = text(response)
    assert "Inscription scolaire" in page and "Dérogation de secteur" in page
    assert "Qui décide ? Éducation nationale" in page
    assert "La réponse ne suffit pas ? Contactez la mairie" in page and "Une question ? Contactez-nous" in page


@pytest.mark.parametrize("query", ["derogation", "DÉROGATION", "dérogation", "Derogation commission"])
def test_the_search_finds_a_word_of_the_answer_with_or_without_accents(client, faq, query):
    response = client.get(faq.url, {"q": query})
    assert "derogation-secteur" in shown(response)
    assert "inscrire-en-maternelle" not in shown(response)
    assert 'role="status"' in response.content.decode()


def test_the_search_finds_a_word_only_in_the_answer(client, faq):
    assert shown(client.get(faq.url, {"q": "commission"})) == ["derogation-secteur"]
    assert shown(client.get(faq.url, {"q": "livret"})) == ["inscrire-en-maternelle"]


@pytest.mark.parametrize("query", ["x" * 3000, "<script>alert(1)</script>", "!!!???", "'; DROP TABLE x; --", "\x00",
                                   "dérogation " * 400])
def test_any_search_answers_200_with_a_clear_message(client, faq, query):
    response = client.get(faq.url, {"q": query, "theme": "zoo"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "Tapez au moins un mot" in body or "répond" in body or "mon-enfant-form__error-summary" in body


def test_a_deep_link_opens_its_question_without_javascript(client, faq):
    body = client.get(faq.url, {"question": "pai-cantine"}).content.decode()
    assert '<details class="mon-enfant-faq__question" id="pai-cantine" open>' in body
    assert body.count(" open>") == 1
    assert 'href="?question=pai-cantine#pai-cantine"' in body


def test_the_json_ld_is_a_faq_page(client, faq):
    body = client.get(faq.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "FAQPage" and len(data["mainEntity"]) == 6
    first = data["mainEntity"][0]
    assert first["@type"] == "Question" and first["acceptedAnswer"]["@type"] == "Answer"
    assert first["name"] == "Comment inscrire mon enfant en maternelle ?"


def test_drafts_and_other_years_are_not_shown(client, faq, commune_a):
    question = Question.objects.get(slug="pai-cantine")
    question.question = "Brouillon secret ?"
    question.save_revision()  # a draft: the live question stays
    Question.objects.filter(slug="tarif-cantine").update(school_year="2020-2021")
    body = client.get(faq.url).content.decode()
    assert "Brouillon secret" not in body and "tarif-cantine" not in body and "pai-cantine" in body


def test_the_page_makes_a_fixed_number_of_queries(client, faq, commune_a):
    client.get(faq.url)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(faq.url)
        return len(captured)

    few = count()
    for number in range(40):
        question = Question(commune=commune_a, question=f"Question {number} ?", answer="<p>Réponse.</p>",
                            theme="vacances")
        question.save()
        question.save_revision().publish()
    assert count() == few


def test_a_page_without_commune_says_it_is_not_configured(client, site):
    page = FaqPage(title="Questions", slug="questions")
    site.root_page.add_child(instance=page)
    assert NOT_CONFIGURED in text(client.get(page.url))


# --- API ------------------------------------------------------------------------------------------------


def test_the_api_searches_without_accents(client, faq):
    answer = client.get("/api/mon-enfant/v1/faq", {"commune": "35288", "q": "DEROGATION"}).json()
    assert [item["slug"] for item in answer["questions"]][0] in ("derogation-secteur", "college-secteur")
    assert answer["count"] == 2 and answer["query"] == "derogation"
    everything = client.get("/api/mon-enfant/v1/faq", {"commune": "35288", "theme": "cantine"}).json()
    assert [item["slug"] for item in everything["questions"]] == ["pai-cantine"]


@pytest.mark.parametrize(("query", "status"), [({}, 422), ({"commune": "99999"}, 404),
                                               ({"commune": "35288", "theme": "zoo"}, 422),
                                               ({"commune": "35288", "q": "x" * 5000}, 422)])
def test_the_api_refuses_bad_parameters(client, faq, query, status):
    assert client.get("/api/mon-enfant/v1/faq", query).status_code == status


# --- guides ---------------------------------------------------------------------------------------------


@pytest.fixture
def guide(site, commune_a, faq):
    index = ProcedureIndexPage(title="Démarches", slug="demarches")
    site.root_page.add_child(instance=index)
    page = ProcedureGuidePage(
        title="Inscrire mon enfant à l'école", slug="inscription", summary="<p>En deux temps.</p>",
        key_dates=[("key_date", {"label": "Inscriptions pour la rentrée", "kind": "deadline", "date": None,
                                 "day": 15, "month": 3}),
                   ("key_date", {"label": "Ouverture des inscriptions", "kind": "opening",
                                 "date": dt.date(2027, 1, 10), "day": None, "month": None})],
        steps=[("step", {"title": "Au guichet unique", "text": "<p>Venez avec les pièces.</p>", "place": "Mairie",
                         "contact": None, "link": "", "link_label": ""})],
        documents=[("document", "Livret de famille"), ("document", "Justificatif de domicile")],
        related_questions=[("question", Question.objects.get(slug="inscrire-en-maternelle"))],
    )
    index.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


def test_a_guide_says_its_dates_relative_to_today_and_prints_a_checklist(client, guide):
    response = client.get(guide.url)
    page = text(response)
    assert "Inscriptions pour la rentrée : jusqu'au 15 mars 2027 (dans 12 jours)" in page
    assert "Ouverture des inscriptions : ouvert depuis le 10 janvier 2027" in page
    body = response.content.decode()
    assert '<input type="checkbox" id="piece-1"><label for="piece-1">Livret de famille</label>' in body
    assert 'id="inscrire-en-maternelle"' in body


def test_a_closed_window_says_since_when(client, guide, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: dt.date(2027, 4, 1))
    assert "clos depuis le 15 mars 2027" in text(client.get(guide.url))


def test_the_guides_calendar_feed(client, guide):
    response = client.get(f"/api/mon-enfant/v1/faq/guides/{guide.pk}.ics")
    calendar = vobject.readOne(response.content.decode())
    summaries = sorted((event.dtstart.value.isoformat(), event.summary.value) for event in calendar.vevent_list)
    assert summaries == [
        ("2027-01-10", "Ouverture : Ouverture des inscriptions – Inscrire mon enfant à l'école"),
        ("2027-03-15", "Date limite : Inscriptions pour la rentrée – Inscrire mon enfant à l'école"),
        ("2028-03-15", "Date limite : Inscriptions pour la rentrée – Inscrire mon enfant à l'école"),
    ]
    assert client.get("/api/mon-enfant/v1/faq/guides/999999.ics").status_code == 404


def test_the_family_section_gives_the_open_deadlines(guide, commune_a):
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027")
    [section] = [s for s in features.family_sections(context) if s.feature == "mon_enfant_faq"]
    [(found, date)] = section.context["faq_deadlines"]
    assert found.pk == guide.pk and date.status.days == 12
    assert {question.theme for question in section.context["faq_questions"]} <= set(services.FAMILY_THEMES)


def test_a_guide_serves_the_communes_it_chose_or_else_those_of_its_site(guide, commune_a, commune_b, site,
                                                                       django_assert_num_queries):
    with django_assert_num_queries(2):  # the commune's sites, then the guides
        assert [found.pk for found in services.guides_for(commune_a)] == [guide.pk]
    assert list(services.guides_for(commune_b)) == []
    guide.communes.set([])
    guide.save()
    assert [found.pk for found in services.guides_for(commune_a)] == [guide.pk]  # chose none: its site's
    assert list(services.guides_for(commune_b)) == []  # Combourg is on no site
    commune_b.sites.add(site)
    assert [found.pk for found in services.guides_for(commune_b)] == [guide.pk]
    commune_a.sites.remove(site)
    assert list(services.guides_for(commune_a)) == []
    guide.communes.set([commune_a, commune_b])
    guide.save()
    assert [found.pk for found in services.guides_for(commune_b)] == [guide.pk]  # once, though two chosen
    guide.unpublish()
    assert list(services.guides_for(commune_a)) == []


def test_key_dates_logic():
    yearly = logic.KeyDate("Inscriptions", month=3, month_day=15)
    assert logic.occurrence(yearly, dt.date(2027, 5, 1)) == dt.date(2027, 3, 15)  # 47 days ago: still this one
    assert logic.occurrence(yearly, dt.date(2027, 6, 1)) == dt.date(2028, 3, 15)  # then next year's
    assert logic.parse_key_date("--02-29") == (None, 2, 29)
    with pytest.raises(logic.FaqValueError):
        logic.parse_key_date("--02-30")
    assert logic.search_terms("Dérogation, SECTEUR !") == ["derogation", "secteur"]
    assert logic.search_terms("!!!") == []


def test_the_block_shows_one_theme_with_its_search(rf, faq, commune_a):
    from mon_enfant.faq.blocks import FaqBlock

    block = FaqBlock()
    value = block.to_python({"commune": commune_a.pk, "heading": "Vos questions sur la cantine", "theme": "cantine",
                             "questions": []})
    html = block.render(value, {"request": rf.get("/")})
    assert "Vos questions sur la cantine" in html and 'id="pai-cantine"' in html
    assert 'id="derogation-secteur"' not in html
    searched = block.render(value, {"request": rf.get("/", {"faq-35288-q": "allergie"})})
    assert 'id="pai-cantine" open' in searched


def test_the_guide_pages_are_wagtail_pages(client, guide, site):
    index = ProcedureIndexPage.objects.get()
    assert ProcedureGuidePage.can_create_at(index) and not ProcedureGuidePage.can_create_at(site.root_page)
    body = text(client.get(index.url))
    assert "Inscrire mon enfant à l'école" in body and "Inscriptions pour la rentrée : jusqu'au 15 mars 2027" in body
