"""Contact.objects.chosen_for: which contact a page, a block or an answer shows for its communes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mon_enfant.models import Contact, ResponsibleBody

pytestmark = pytest.mark.django_db

EN = ResponsibleBody.EDUCATION_NATIONALE


def contact(commune, name, *, primary=True, body=ResponsibleBody.MAIRIE):
    return Contact.objects.create(commune=commune, service_name=name, is_primary=primary, responsible_body=body)


def test_a_page_shows_the_primary_contacts_of_each_commune_in_one_query(commune_a, commune_b):
    education = contact(commune_a, "Service Éducation")
    accueil = contact(commune_a, "Accueil de la mairie")
    contact(commune_a, "Restauration", primary=False)
    combourg = contact(commune_b, "Mairie de Combourg")
    with CaptureQueriesContext(connection) as queries:
        chosen = Contact.objects.chosen_for([commune_a, commune_b])
    assert chosen == [combourg, accueil, education]  # by commune name, then service name
    assert len(queries) == 1


def test_a_commune_without_a_primary_contact_still_shows_one(commune_a):
    first = contact(commune_a, "A – Scolarité", primary=False)
    contact(commune_a, "B – Périscolaire", primary=False)
    assert Contact.objects.chosen_for(commune_a) == [first]


def test_a_question_goes_to_the_deciding_bodys_contact_when_the_commune_lists_one(commune_a):
    mairie = contact(commune_a, "Service Éducation")
    dsden = contact(commune_a, "DSDEN d'Ille-et-Vilaine", primary=False, body=EN)
    assert Contact.objects.chosen_for(commune_a, responsible_body=EN) == [dsden]
    assert Contact.objects.chosen_for(commune_a, responsible_body=ResponsibleBody.MAIRIE) == [mairie]


def test_without_a_contact_of_the_deciding_body_the_first_contact_answers(commune_a):
    mairie = contact(commune_a, "Service Éducation")
    assert Contact.objects.chosen_for(commune_a, responsible_body=EN) == [mairie]


def test_no_contact_no_answer(commune_a):
    assert Contact.objects.chosen_for(commune_a) == []
    assert commune_a.primary_contact() is None


def test_the_communes_primary_contact_is_the_first_chosen(commune_a):
    contact(commune_a, "Z – Restauration", primary=False)
    education = contact(commune_a, "Service Éducation")
    assert commune_a.primary_contact() == education
