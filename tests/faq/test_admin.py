"""The questions in the Wagtail admin: an editor of commune A writes a question as a draft, publishes it
(revisions kept), imports a file with a dry-run report; commune B's questions are never seen nor changed."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mon_enfant.faq.models import Question
from tests.faq.data import QUESTIONS_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def faq_editor_client(editor_a, editor_group_a):
    editor_group_a.permissions.add(*Permission.objects.filter(content_type__app_label="mon_enfant_faq",
                                                              content_type__model="question"))
    client = Client()
    client.force_login(editor_a)
    return client


def question_form(commune, **fields):
    return {"commune": commune.pk, "theme": "cantine", "question": "La cantine est-elle bio ?",
            "answer": '{"blocks": [{"key": "a", "type": "unstyled", "text": "En partie.", "depth": 0, '
                      '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "responsible_body": "mairie", "school_year": "", "sort_order": 100, "slug": "", **fields}


def test_an_editor_saves_a_draft_then_publishes(faq_editor_client, commune_a):
    url = reverse("mon_enfant_faq_question:add")
    response = faq_editor_client.post(url, question_form(commune_a))
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get()
    assert not question.live and question.slug == "la-cantine-est-elle-bio"
    edit = reverse("mon_enfant_faq_question:edit", args=[question.pk])
    published = faq_editor_client.post(edit, question_form(commune_a, **{"action-publish": "publish"}))
    assert published.status_code == 302
    question.refresh_from_db()
    assert question.live and question.revisions.count() == 2


def test_an_editor_never_sees_another_communes_questions(faq_editor_client, commune_a, commune_b):
    other = Question.objects.create(commune=commune_b, question="Question secrète de Combourg ?", answer="<p>R</p>")
    assert "Question secrète" not in faq_editor_client.get(reverse("mon_enfant_faq_question:list")).content.decode()
    assert faq_editor_client.get(reverse("mon_enfant_faq_question:edit", args=[other.pk])).status_code == 404
    response = faq_editor_client.post(reverse("mon_enfant_faq_question:add"), question_form(commune_b))
    assert response.status_code == 200 and "commune" in response.context["form"].errors


def test_the_import_screen_simulates_then_imports(faq_editor_client, commune_a):
    url = reverse("mon_enfant_faq_import:import")
    dry_run = faq_editor_client.post(url, {"file": SimpleUploadedFile("q.csv", QUESTIONS_CSV.read_bytes())})
    assert "Simulation : rien n'a été enregistré." in dry_run.context["report"].summary_lines()
    assert not Question.objects.exists()
    faq_editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert Question.objects.filter(live=True).count() == 6


def test_the_import_screen_is_forbidden_without_permissions(editor_client):
    assert editor_client.get(reverse("mon_enfant_faq_import:import")).status_code in (302, 403)
