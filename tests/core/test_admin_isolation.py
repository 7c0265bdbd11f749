"""Per-commune isolation in the admin against a hostile editor of commune A (Saint-Malo), for every model
the package registers (core and features): no link made to commune B (Combourg) without holding it,
no name of B's objects in bulk-action screens, no 500 from a chooser's "create" URL.

The models come from Wagtail's snippet registry (``PACKAGE_MODELS``): a model added later without an
entry in ``OBJECTS_OF_B`` fails ``test_every_package_model_is_covered``.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from mon_enfant.agenda.models import Event, NewsItem
from mon_enfant.catchment.models import CatchmentRule, CatchmentZone
from mon_enfant.faq.models import Question
from mon_enfant.fees.models import FeeSettings
from mon_enfant.menus.models import Menu, Restaurant
from mon_enfant.models import School
from mon_enfant.permissions import scoped_models
from mon_enfant.places.models import Place, PlaceCategory
from tests.fees.data import make_grid, make_service

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[-2.0, 48.6], [-1.9, 48.6], [-1.9, 48.7], [-2.0, 48.6]]]}

PACKAGE_MODELS = sorted(
    (model for model in scoped_models() if model._meta.app_label.startswith("mon_enfant")),
    key=lambda model: model._meta.label_lower,
)

# model label -> a builder of commune B's object, and the text naming it (which must not leak)
OBJECTS_OF_B = {
    "mon_enfant.commune": (lambda data: data["commune_b"], "Combourg"),
    "mon_enfant.school": (lambda data: data["school_b"], "Chateaubriand"),
    "mon_enfant.contact": (lambda data: data["contact_b"], "Service Scolaire de Combourg"),
    "mon_enfant_catchment.catchmentrule": (
        lambda data: CatchmentRule.objects.create(commune=data["commune_b"], level="college",
                                                  street_label="RUE SECRETE DE COMBOURG", uai="0350707D"),
        "RUE SECRETE DE COMBOURG",
    ),
    "mon_enfant_catchment.catchmentzone": (
        lambda data: CatchmentZone.objects.create(commune=data["commune_b"], level="maternelle",
                                                  name="Zone secrète de Combourg", uai="0351234X", geometry=SQUARE),
        "Zone secrète de Combourg",
    ),
    "mon_enfant_fees.service": (
        lambda data: make_service(data["commune_b"], "Garderie secrète de Combourg"),
        "Garderie secrète de Combourg",
    ),
    "mon_enfant_fees.feegrid": (
        lambda data: make_grid(make_service(data["commune_b"], "Cantine secrète de Combourg"), "2026-2027",
                               brackets=[(0, None, "2.00")], publish=False),
        "Cantine secrète de Combourg",
    ),
    "mon_enfant_fees.feesettings": (
        lambda data: FeeSettings.objects.create(commune=data["commune_b"]),
        "Combourg",
    ),
    "mon_enfant_menus.restaurant": (lambda data: secret_restaurant(data), "Cantine secrète de Combourg"),
    "mon_enfant_menus.menu": (
        lambda data: Menu.objects.create(restaurant=secret_restaurant(data), date=datetime.date(2026, 12, 7)),
        "Cantine secrète de Combourg",
    ),
    "mon_enfant_places.place": (
        lambda data: Place.objects.create(commune=data["commune_b"], key="secret",
                                          name="Ludothèque secrète de Combourg",
                                          category=PlaceCategory.objects.get(code="ludotheque")),
        "Ludothèque secrète de Combourg",
    ),
    "mon_enfant_faq.question": (
        lambda data: Question.objects.create(commune=data["commune_b"], question="Question secrète de Combourg ?",
                                             answer="<p>Réponse.</p>"),
        "Question secrète de Combourg",
    ),
    "mon_enfant_agenda.event": (
        lambda data: Event.objects.create(commune=data["commune_b"], title="Kermesse secrète de Combourg",
                                          start_date=datetime.date(2026, 12, 12)),
        "Kermesse secrète de Combourg",
    ),
    "mon_enfant_agenda.newsitem": (
        lambda data: NewsItem.objects.create(commune=data["commune_b"], title="Nouvelle secrète de Combourg",
                                             summary="En bref."),
        "Nouvelle secrète de Combourg",
    ),
}


def secret_restaurant(data):
    return Restaurant.objects.get_or_create(
        commune=data["commune_b"], name="Cantine secrète de Combourg",
        defaults={"collectivity_name": "Combourg", "collectivity_siret": "21350085400017", "kitchen_name": "Cuisine"},
    )[0]


@pytest.fixture
def data(commune_a, commune_b, school_a, school_b, contact_a, contact_b):
    return {"commune_a": commune_a, "commune_b": commune_b, "school_a": school_a, "school_b": school_b,
            "contact_a": contact_a, "contact_b": contact_b}


@pytest.fixture
def hostile_client(editor_client, editor_group_a):
    """Commune A's editor, given every permission of every package model: only the communes hold them back."""
    editor_group_a.permissions.add(*Permission.objects.filter(content_type__app_label__startswith="mon_enfant"))
    return editor_client


def object_of_b(model, data):
    build, text = OBJECTS_OF_B[model._meta.label_lower]
    return build(data), text


# Site-wide lists that belong to no commune: editors get no permission on them (superusers edit them).
SITE_WIDE_MODELS = {"mon_enfant_places.placecategory"}


def test_every_package_model_is_covered():
    assert {model._meta.label_lower for model in PACKAGE_MODELS} == set(OBJECTS_OF_B)


def test_the_site_wide_lists_are_the_only_models_not_narrowed_to_communes():
    scoped = {model._meta.label_lower for model in scoped_models()}
    snippets = {model._meta.label_lower for model in get_snippet_models()
                if model._meta.app_label.startswith("mon_enfant")}
    assert snippets - scoped == SITE_WIDE_MODELS


@pytest.mark.parametrize("label", sorted(SITE_WIDE_MODELS))
def test_an_editor_cannot_open_a_site_wide_list(editor_client, label):
    model = apps.get_model(label)
    assert editor_client.get(reverse(model.snippet_viewset.get_url_name("list"))).status_code in (302, 403)


# --- 1. links to another commune ----------------------------------------------------------------


def school_form(school, **overrides):
    return {"uai": school.uai, "name": school.name, "level": school.level, "sector": school.sector,
            "commune": school.commune_id, **overrides}


def test_editor_cannot_make_own_school_serve_another_commune(editor_client, school_a, commune_b):
    response = editor_client.post(reverse("mon_enfant_school:edit", args=[school_a.pk]),
                                  school_form(school_a, served_communes=[commune_b.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["served_communes"]
    assert not school_a.served_communes.exists()


def test_the_served_communes_field_offers_only_the_editors_communes(editor_client, school_a, commune_a, commune_b):
    response = editor_client.get(reverse("mon_enfant_school:edit", args=[school_a.pk]))
    assert list(response.context["form"].fields["served_communes"].queryset) == [commune_a]
    assert "Combourg" not in response.content.decode()


def test_an_edit_keeps_a_link_to_another_commune_the_editor_does_not_hold(editor_client, school_a, commune_b):
    school_a.served_communes.add(commune_b)  # made by someone holding Combourg (an RPI)
    response = editor_client.post(reverse("mon_enfant_school:edit", args=[school_a.pk]),
                                  school_form(school_a, name="Collège Duguay-Trouin (RPI)"))
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.name == "Collège Duguay-Trouin (RPI)"
    assert list(school_a.served_communes.all()) == [commune_b]


def test_a_superuser_links_a_school_to_any_commune(superuser_client, school_a, commune_b):
    response = superuser_client.post(reverse("mon_enfant_school:edit", args=[school_a.pk]),
                                     school_form(school_a, served_communes=[commune_b.pk]))
    assert response.status_code == 302
    assert list(school_a.served_communes.all()) == [commune_b]


def test_an_editor_holding_both_communes_links_them(editor_client, editor_group_a, school_a, commune_b):
    commune_b.editor_groups.add(editor_group_a)
    response = editor_client.post(reverse("mon_enfant_school:edit", args=[school_a.pk]),
                                  school_form(school_a, served_communes=[commune_b.pk]))
    assert response.status_code == 302
    assert list(School.objects.get(pk=school_a.pk).served_communes.all()) == [commune_b]


@pytest.mark.parametrize("model", PACKAGE_MODELS, ids=lambda model: model._meta.label_lower)
def test_every_relation_to_a_scoped_model_offers_only_the_editors_objects(hostile_client, data, model):
    """Every choice field of every add form (a commune, a service...) lists nothing of commune B."""
    object_of_b(model, data)
    namespace = model.snippet_viewset.get_url_name("add")
    response = hostile_client.get(reverse(namespace))
    if response.status_code != 200:  # adding a commune is for superusers
        return
    form = response.context["form"]
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        offered = {str(obj) for obj in queryset}
        assert not any("Combourg" in text for text in offered), (name, offered)


# --- 2. names in bulk actions ---------------------------------------------------------------------


@pytest.mark.parametrize("model", PACKAGE_MODELS, ids=lambda model: model._meta.label_lower)
def test_bulk_delete_does_not_name_another_communes_objects(hostile_client, data, model):
    obj, text = object_of_b(model, data)
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"])
    response = hostile_client.get(f"{url}?id={obj.pk}")
    assert response.status_code in (200, 404)
    assert text not in response.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", PACKAGE_MODELS, ids=lambda model: model._meta.label_lower)
def test_bulk_delete_by_post_leaves_another_communes_objects(hostile_client, data, model):
    obj, _ = object_of_b(model, data)
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"])
    hostile_client.post(f"{url}?id={obj.pk}")
    assert model.objects.filter(pk=obj.pk).exists()


def test_bulk_delete_still_lists_own_objects(hostile_client, data):
    url = reverse("wagtail_bulk_action", args=["mon_enfant", "school", "delete"])
    response = hostile_client.get(f"{url}?id={data['school_a'].pk}&id={data['school_b'].pk}")
    html = response.content.decode()
    assert "Duguay-Trouin" in html
    assert "Chateaubriand" not in html


# --- 3. chooser "create" --------------------------------------------------------------------------


@pytest.mark.parametrize("model", PACKAGE_MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_choosers_create_url_never_answers_500(hostile_client, data, model, method):
    url = f"/admin/snippets/choose/{model._meta.app_label}/{model._meta.model_name}/create/"
    before = model.objects.count()
    response = getattr(hostile_client, method)(url, {"name": "Créé", "commune": data["commune_b"].pk})
    assert response.status_code < 500
    assert model.objects.count() == before


@pytest.mark.parametrize("model", PACKAGE_MODELS, ids=lambda model: model._meta.label_lower)
def test_a_chooser_offers_no_creation(hostile_client, data, model):
    url = f"/admin/snippets/choose/{model._meta.app_label}/{model._meta.model_name}/"
    response = hostile_client.get(url)
    assert response.status_code == 200
    assert "/create/" not in response.content.decode()


def test_a_superusers_chooser_create_url_never_answers_500(superuser_client, data):
    response = superuser_client.post("/admin/snippets/choose/mon_enfant/school/create/", {"name": "Créé"})
    assert response.status_code < 500



# --- 2. names in the site history ----------------------------------------------------------------


@pytest.fixture
def edits(data, editor_a, superuser):
    """An edit logged for every object of both communes: A's by A's editor, B's by another user."""
    from wagtail.log_actions import log

    objects = {
        "a": [data["commune_a"], data["school_a"], data["contact_a"]],
        "b": [data["commune_b"], data["school_b"], data["contact_b"]],
    }
    for obj in objects["a"]:
        log(obj, "wagtail.edit", user=editor_a)
    for obj in objects["b"]:
        log(obj, "wagtail.edit", user=superuser)
    return objects


@pytest.mark.parametrize("export", ["", "?export=csv"])
def test_the_site_history_lists_only_the_editors_communes_edits(editor_client, edits, export):
    response = editor_client.get(reverse("wagtailadmin_reports:site_history") + export)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Duguay-Trouin" in text
    assert "Chateaubriand" not in text
    assert "Service Scolaire de Combourg" not in text
    assert "Combourg" not in text


def test_a_superuser_sees_every_communes_edits_in_the_site_history(superuser_client, edits):
    html = superuser_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Duguay-Trouin" in html
    assert "Chateaubriand" in html
