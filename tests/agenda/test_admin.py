"""The agenda in the Wagtail admin: an editor of commune A writes an event as a draft and publishes it, ties it to
their own schools only, gets a French message for an end before the start; commune B's events and news are never
seen nor changed."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from mon_enfant.agenda.models import Event, NewsItem
from mon_enfant.models import School

from .data import make_event, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda_editor_client(editor_a, editor_group_a):
    editor_group_a.permissions.add(*Permission.objects.filter(content_type__app_label="mon_enfant_agenda"))
    client = Client()
    client.force_login(editor_a)
    return client


@pytest.fixture
def corsaires(commune_a):
    return School.objects.create(uai="0359901A", name="École élémentaire des Corsaires", level="elementaire",
                                 commune=commune_a)


def event_form(commune, schools=(), **fields):
    return {"commune": commune.pk, "schools": [school.pk for school in schools], "title": "Fête de l'école",
            "kind": "fete", "start_date": "2027-06-26", "start_time": "", "end_date": "", "end_time": "",
            "place": "Cour de l'école", "description": "Jeux et goûter.", "responsible_body": "ecole", "url": "",
            **fields}


def test_an_editor_saves_a_draft_then_publishes_with_its_schools(agenda_editor_client, commune_a, corsaires):
    response = agenda_editor_client.post(reverse("mon_enfant_agenda_event:add"), event_form(commune_a, [corsaires]))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert not event.live and list(event.schools.all()) == [corsaires]
    edit = reverse("mon_enfant_agenda_event:edit", args=[event.pk])
    published = agenda_editor_client.post(edit, event_form(commune_a, [corsaires], **{"action-publish": "publish"}))
    assert published.status_code == 302
    event.refresh_from_db()
    assert event.live and event.revisions.count() == 2


def test_an_end_before_the_start_is_refused_in_french(agenda_editor_client, commune_a):
    response = agenda_editor_client.post(reverse("mon_enfant_agenda_event:add"),
                                         event_form(commune_a, end_date="2027-06-25"))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["La fin ne peut pas précéder le début de l'événement."]
    assert not Event.objects.exists()


def test_the_schools_offered_are_the_editors_and_a_school_of_another_commune_is_refused(
        agenda_editor_client, superuser_client, commune_a, commune_b, corsaires, school_a, school_b):
    form = agenda_editor_client.get(reverse("mon_enfant_agenda_event:add")).context["form"]
    assert set(form.fields["schools"].queryset) == {corsaires, school_a}
    # Even a superuser ties a Saint-Malo event only to schools of Saint-Malo (or serving it).
    response = superuser_client.post(reverse("mon_enfant_agenda_event:add"), event_form(commune_a, [school_b]))
    assert response.status_code == 200
    assert "Ces écoles ne sont pas de la commune choisie" in response.context["form"].errors["schools"][0]
    school_b.served_communes.add(commune_a)
    assert superuser_client.post(reverse("mon_enfant_agenda_event:add"),
                                 event_form(commune_a, [school_b])).status_code == 302


def test_an_editor_never_sees_another_communes_events_and_news(agenda_editor_client, commune_a, commune_b):
    import datetime as dt

    event = make_event(commune_b, "Kermesse secrète de Combourg", dt.date(2026, 12, 12))
    item = make_news(commune_b, "Nouvelle secrète de Combourg", dt.date(2026, 12, 2))
    for namespace, obj in [("mon_enfant_agenda_event", event), ("mon_enfant_agenda_news", item)]:
        assert "secrète" not in agenda_editor_client.get(reverse(f"{namespace}:list")).content.decode()
        assert agenda_editor_client.get(reverse(f"{namespace}:edit", args=[obj.pk])).status_code == 404
    response = agenda_editor_client.post(reverse("mon_enfant_agenda_event:add"), event_form(commune_b))
    assert response.status_code == 200 and "commune" in response.context["form"].errors


def test_an_editor_publishes_a_news_item(agenda_editor_client, commune_a):
    body = ('{"blocks": [{"key": "a", "type": "unstyled", "text": "Pendant les vacances.", "depth": 0, '
            '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}')
    response = agenda_editor_client.post(reverse("mon_enfant_agenda_news:add"), {
        "commune": commune_a.pk, "title": "Travaux", "publication_date": "2026-12-01",
        "summary": "La cour est refaite.",
        "body": body, "responsible_body": "mairie", "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    assert NewsItem.objects.get().live


def test_the_agenda_screens_are_in_the_mon_enfant_menu(superuser_client):
    home = superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("mon_enfant_agenda_event:list") in home and reverse("mon_enfant_agenda_news:list") in home
