"""Per-commune permissions in the Wagtail admin: an editor of commune A (Saint-Malo) manages A's
communes, schools and contacts, and nothing of commune B (Combourg); a superuser manages everything.

Every view of the three viewsets is covered: ``test_every_object_view_is_covered`` fails when a view is
added to a viewset (inspect, for example) without being added to ``OBJECT_VIEWS`` here.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Site

from mon_enfant.models import Commune, Contact, School

pytestmark = pytest.mark.django_db

# model label -> (URL namespace, fixture of commune A's object, fixture of commune B's object,
# ASCII text naming B's object, ASCII text naming A's object; ASCII because chooser answers are JSON)
VIEWSETS = {
    "commune": ("mon_enfant_commune", "commune_a", "commune_b", "Combourg", "Saint-Malo"),
    "school": ("mon_enfant_school", "school_a", "school_b", "0350707D", "0350916F"),
    "contact": ("mon_enfant_contact", "contact_a", "contact_b", "Service Scolaire de Combourg", "Saint-Malo"),
}
MODELS = {"commune": Commune, "school": School, "contact": Contact}
OBJECT_VIEWS = ["edit", "delete", "usage", "history", "history_results", "copy"]
LIST_VIEWS = ["list", "list_results"]
IMPORT_URL = "mon_enfant_school_import:import"


@pytest.fixture(autouse=True)
def data(two_communes_data):
    return two_communes_data


def object_url(request, model, view, side):
    namespace, fixture_a, fixture_b, _, _ = VIEWSETS[model]
    obj = request.getfixturevalue(fixture_a if side == "a" else fixture_b)
    return reverse(f"{namespace}:{view}", args=[obj.pk])


def upload(data, name="etablissements.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def bulk_url(model, action, *pks):
    ids = "&".join(f"id={pk}" for pk in pks)
    return f"{reverse('wagtail_bulk_action', args=['mon_enfant', model, action])}?{ids}"


def _patterns(resolver, namespace):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == namespace:
                yield from (p for p in pattern.url_patterns if isinstance(p, URLPattern))
            else:
                yield from _patterns(pattern, namespace)


@pytest.mark.parametrize("model", VIEWSETS)
def test_every_object_view_is_covered(model):
    namespace = VIEWSETS[model][0]
    names = {p.name for p in _patterns(get_resolver(), namespace)}
    object_views = {p.name for p in _patterns(get_resolver(), namespace) if "pk" in p.pattern.converters}
    assert object_views == set(OBJECT_VIEWS)
    assert names == set(OBJECT_VIEWS) | set(LIST_VIEWS) | {"add"}


# --- views of another commune's objects -------------------------------------------------------


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("model", VIEWSETS)
def test_editor_cannot_open_any_view_of_another_communes_object(request, editor_client, model, view):
    response = editor_client.get(object_url(request, model, view, "b"))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("view", ["edit", "delete", "copy"])
@pytest.mark.parametrize("model", VIEWSETS)
def test_editor_cannot_post_to_another_communes_object(request, editor_client, model, view):
    obj_b = request.getfixturevalue(VIEWSETS[model][2])
    before = (MODELS[model].objects.count(), str(obj_b))
    response = editor_client.post(
        object_url(request, model, view, "b"), {"name": "Piraté", "service_name": "Piraté", "uai": "0359999Z"}
    )
    assert response.status_code in (403, 404)
    obj_b.refresh_from_db()  # still there
    assert (MODELS[model].objects.count(), str(obj_b)) == before


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("model", VIEWSETS)
def test_editor_opens_every_view_of_own_communes_object(request, editor_client, model, view):
    expected = (302, 403) if (model, view) == ("commune", "copy") else (200,)  # a copy adds a commune
    assert editor_client.get(object_url(request, model, view, "a")).status_code in expected


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("model", VIEWSETS)
def test_superuser_opens_every_view_of_any_communes_object(request, superuser_client, model, view):
    assert superuser_client.get(object_url(request, model, view, "b")).status_code == 200


# --- listings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("view", LIST_VIEWS)
@pytest.mark.parametrize("model", VIEWSETS)
def test_listing_shows_editor_only_own_communes_objects(request, editor_client, model, view):
    namespace, fixture_a, _, b_text, _ = VIEWSETS[model]
    html = editor_client.get(reverse(f"{namespace}:{view}")).content.decode()
    assert reverse(f"{namespace}:edit", args=[request.getfixturevalue(fixture_a).pk]) in html
    assert b_text not in html
    assert "Combourg" not in html  # not even in the "commune" filter of the listing


@pytest.mark.parametrize("model", VIEWSETS)
def test_listing_search_finds_nothing_of_another_commune(editor_client, model):
    namespace, _, _, b_text, _ = VIEWSETS[model]
    html = editor_client.get(reverse(f"{namespace}:list_results"), {"q": "Combourg"}).content.decode()
    assert b_text not in html


@pytest.mark.parametrize("model", VIEWSETS)
def test_listing_shows_superuser_every_communes_objects(request, superuser_client, model):
    namespace, fixture_a, fixture_b, b_text, _ = VIEWSETS[model]
    html = superuser_client.get(reverse(f"{namespace}:list")).content.decode()
    for fixture in (fixture_a, fixture_b):
        assert reverse(f"{namespace}:edit", args=[request.getfixturevalue(fixture).pk]) in html
    assert b_text in html


# --- creating in, and moving to, another commune ----------------------------------------------


def school_form(commune, **overrides):
    return {"uai": "0359999Z", "name": "École de test", "level": "primaire", "sector": "public",
            "commune": commune.pk, **overrides}


def contact_form(commune, **overrides):
    return {"commune": commune.pk, "service_name": "Service de test", "responsible_body": "mairie",
            "is_primary": "on", **overrides}


FORMS = {"school": school_form, "contact": contact_form}


@pytest.mark.parametrize("model", FORMS)
def test_editor_cannot_create_in_another_commune(editor_client, commune_b, model):
    before = MODELS[model].objects.count()
    response = editor_client.post(reverse(f"{VIEWSETS[model][0]}:add"), FORMS[model](commune_b))
    assert response.status_code == 200
    assert response.context["form"].errors["commune"]
    assert MODELS[model].objects.count() == before


@pytest.mark.parametrize("model", FORMS)
def test_editor_creates_in_own_commune(editor_client, commune_a, model):
    before = MODELS[model].objects.count()
    response = editor_client.post(reverse(f"{VIEWSETS[model][0]}:add"), FORMS[model](commune_a))
    assert response.status_code == 302
    assert MODELS[model].objects.count() == before + 1


def test_editor_cannot_move_own_school_to_another_commune(editor_client, school_a, commune_a, commune_b):
    form = school_form(commune_b, uai=school_a.uai, name=school_a.name, level=school_a.level)
    response = editor_client.post(reverse("mon_enfant_school:edit", args=[school_a.pk]), form)
    assert response.status_code == 200
    assert response.context["form"].errors["commune"]
    school_a.refresh_from_db()
    assert school_a.commune == commune_a


def test_editor_cannot_move_own_contact_to_another_commune(editor_client, contact_a, commune_a, commune_b):
    form = contact_form(commune_b, service_name=contact_a.service_name)
    response = editor_client.post(reverse("mon_enfant_contact:edit", args=[contact_a.pk]), form)
    assert response.status_code == 200
    assert response.context["form"].errors["commune"]
    contact_a.refresh_from_db()
    assert contact_a.commune == commune_a


def commune_form(**overrides):
    return {"name": "Cancale", "code_insee": "35049", "postal_codes": "35260", "siret": "", **overrides}


def test_only_superusers_create_communes(editor_client, superuser_client):
    """A commune joins the site by the site's decision, and an editor would lose sight of a commune no
    group of theirs is given yet: even with the "add commune" permission, editors get no add button, no
    add form, and their POST creates nothing."""
    add_url = reverse("mon_enfant_commune:add")
    assert add_url not in editor_client.get(reverse("mon_enfant_commune:list")).content.decode()
    assert editor_client.get(add_url).status_code in (302, 403)
    editor_client.post(add_url, commune_form())
    assert not Commune.objects.filter(code_insee="35049").exists()

    assert add_url in superuser_client.get(reverse("mon_enfant_commune:list")).content.decode()
    assert superuser_client.post(add_url, commune_form()).status_code == 302
    assert Commune.objects.filter(code_insee="35049").exists()


def test_school_form_offers_editor_only_own_communes(editor_client):
    form = editor_client.get(reverse("mon_enfant_school:add")).context["form"]
    assert [c.name for c in form.fields["commune"].queryset] == ["Saint-Malo"]


# --- bulk actions -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", VIEWSETS)
def test_editor_cannot_bulk_delete_another_communes_objects(request, editor_client, model):
    obj_b = request.getfixturevalue(VIEWSETS[model][2])
    editor_client.post(bulk_url(model, "delete", obj_b.pk))
    assert MODELS[model].objects.filter(pk=obj_b.pk).exists()


def test_bulk_delete_of_every_contact_deletes_only_editors_own(editor_client, contact_a, contact_b):
    editor_client.post(bulk_url("contact", "delete", contact_a.pk, contact_b.pk))
    assert list(Contact.objects.all()) == [contact_b]


def test_superuser_bulk_deletes_any_communes_contact(superuser_client, contact_b):
    response = superuser_client.post(bulk_url("contact", "delete", contact_b.pk))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact_b.pk).exists()


# --- choosers (the modal behind the "commune" field, and snippet chooser blocks) --------------


@pytest.mark.parametrize("view", ["choose", "choose_results"])
@pytest.mark.parametrize("model", VIEWSETS)
def test_chooser_lists_only_editors_own_communes_objects(editor_client, model, view):
    _, _, _, b_text, a_text = VIEWSETS[model]
    html = editor_client.get(reverse(f"wagtailsnippetchoosers_mon_enfant_{model}:{view}")).content.decode()
    assert a_text in html
    assert b_text not in html


@pytest.mark.parametrize("model", VIEWSETS)
def test_chooser_cannot_choose_another_communes_object(request, editor_client, model):
    obj_b = request.getfixturevalue(VIEWSETS[model][2])
    url = reverse(f"wagtailsnippetchoosers_mon_enfant_{model}:chosen", args=[obj_b.pk])
    assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize("model", VIEWSETS)
def test_chooser_cannot_choose_several_including_another_communes_object(request, editor_client, model):
    _, fixture_a, fixture_b, b_text, a_text = VIEWSETS[model]
    ids = [request.getfixturevalue(fixture_a).pk, request.getfixturevalue(fixture_b).pk]
    url = reverse(f"wagtailsnippetchoosers_mon_enfant_{model}:chosen_multiple")
    answer = editor_client.get(url, {"id": ids}).content.decode()
    assert a_text in answer
    assert b_text not in answer


@pytest.mark.parametrize("model", VIEWSETS)
def test_superuser_chooses_any_communes_object(request, superuser_client, model):
    obj_b = request.getfixturevalue(VIEWSETS[model][2])
    url = reverse(f"wagtailsnippetchoosers_mon_enfant_{model}:chosen", args=[obj_b.pk])
    assert superuser_client.get(url).status_code == 200


# --- the commune's own settings ---------------------------------------------------------------


def test_commune_form_hides_sites_and_editor_groups_from_editors(editor_client, commune_a):
    form = editor_client.get(reverse("mon_enfant_commune:edit", args=[commune_a.pk])).context["form"]
    assert "sites" not in form.fields
    assert "editor_groups" not in form.fields


def test_commune_form_shows_sites_and_editor_groups_to_superusers(superuser_client, commune_a):
    form = superuser_client.get(reverse("mon_enfant_commune:edit", args=[commune_a.pk])).context["form"]
    assert {"sites", "editor_groups"} <= set(form.fields)


def test_editor_cannot_change_sites_or_editor_groups_of_own_commune(editor_client, commune_a, editor_group_a):
    other_group = Group.objects.create(name="Intrus")
    site = Site.objects.get(is_default_site=True)
    response = editor_client.post(
        reverse("mon_enfant_commune:edit", args=[commune_a.pk]),
        {"name": "Saint-Malo", "code_insee": "35288", "postal_codes": "35400", "siret": "",
         "sites": [site.pk], "editor_groups": [other_group.pk]},
    )
    assert response.status_code == 302
    assert list(commune_a.editor_groups.all()) == [editor_group_a]
    assert not commune_a.sites.exists()


# --- the import screen ------------------------------------------------------------------------


def assert_denied_by_wagtail(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and an error message
    (a bare 403 only to XMLHttpRequest)."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_import_view_is_denied_to_a_user_without_commune(no_commune_client):
    assert_denied_by_wagtail(no_commune_client.get(reverse(IMPORT_URL)))


def test_import_view_answers_403_to_a_script_of_a_user_without_commune(no_commune_client):
    response = no_commune_client.get(reverse(IMPORT_URL), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403


def test_import_upload_of_a_user_without_commune_imports_nothing(no_commune_client, etablissements_bytes):
    response = no_commune_client.post(reverse(IMPORT_URL), {"file": upload(etablissements_bytes)})
    assert_denied_by_wagtail(response)
    assert School.objects.count() == 2


def test_import_menu_item_is_hidden_from_a_user_without_commune(no_commune_client):
    html = no_commune_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(IMPORT_URL) not in html


def test_import_menu_item_is_shown_to_an_editor(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(IMPORT_URL) in html


def test_import_offers_create_communes_only_to_superusers(editor_client, superuser_client):
    url = reverse(IMPORT_URL)
    assert "create_communes" not in editor_client.get(url).context["form"].fields
    assert "create_communes" in superuser_client.get(url).context["form"].fields


def test_editor_import_skips_and_reports_other_communes_rows(editor_client, school_b, etablissements_bytes):
    """The extract has 3 Saint-Malo rows (lines 4-6) and one Combourg row (line 2, school_b's UAI)."""
    School.objects.filter(pk=school_b.pk).update(name="Nom local de Combourg")
    url = reverse(IMPORT_URL)
    dry_run = editor_client.post(url, {"file": upload(etablissements_bytes)})
    report = dry_run.context["report"]
    assert report.skipped_not_allowed["35085"] == 1
    assert "la commune 35085 ne fait pas partie de vos communes" in dry_run.content.decode()

    response = editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert response.status_code == 302
    assert set(School.objects.filter(commune__code_insee="35288").values_list("uai", flat=True)) == {
        "0350916F", "0350896J", "0350044H"
    }
    assert School.objects.get(pk=school_b.pk).name == "Nom local de Combourg"
    assert School.objects.count() == 4
    assert Commune.objects.count() == 2
