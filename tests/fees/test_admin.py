"""The fees in the Wagtail admin: an editor of commune A (Saint-Malo) manages A's services, grids and QF
settings and nothing of commune B (Combourg); a grid with a gap or an overlap is refused naming the
bracket; drafts and publication; the CSV import screen."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mon_enfant.fees.models import FeeGrid, FeeSettings, Service
from tests.fees.data import make_grid, make_service

pytestmark = pytest.mark.django_db

FEE_PERMISSIONS = [
    *[f"{action}_{model}" for model in ("service", "feegrid", "feesettings")
      for action in ("add", "change", "delete", "view")],
    "publish_feegrid", "lock_feegrid", "unlock_feegrid",
]
GRID_OBJECT_VIEWS = ["edit", "delete", "usage", "history", "history_results", "unpublish", "lock", "unlock",
                     "preview_on_edit"]
YEAR = "2026-2027"


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def add_fee_permissions(group, codenames=FEE_PERMISSIONS):
    group.permissions.add(*Permission.objects.filter(content_type__app_label="mon_enfant_fees",
                                                     codename__in=codenames))


@pytest.fixture
def fees_editor_client(editor_a, editor_group_a):
    add_fee_permissions(editor_group_a)
    return logged_in_client(editor_a)


@pytest.fixture
def grid_a(commune_a):
    return make_grid(make_service(commune_a, "Cantine de Saint-Malo"), YEAR, brackets=[(0, None, "3.00")])


@pytest.fixture
def grid_b(commune_b):
    return make_grid(make_service(commune_b, "Cantine de Combourg"), YEAR, brackets=[(0, None, "2.00")])


@pytest.fixture
def settings_b(commune_b):
    return FeeSettings.objects.create(commune=commune_b)


def grid_form(service, brackets, **fields):
    data = {"service": service.pk, "school_year": YEAR, "pricing": "brackets", "non_resident_mode": "same",
            "note": "", "brackets-TOTAL_FORMS": len(brackets), "brackets-INITIAL_FORMS": 0,
            "brackets-MIN_NUM_FORMS": 0, "brackets-MAX_NUM_FORMS": 1000}
    for index, (low, high, price) in enumerate(brackets):
        data.update({f"brackets-{index}-qf_min": low, f"brackets-{index}-qf_max": high,
                     f"brackets-{index}-price": price, f"brackets-{index}-ORDER": index + 1,
                     f"brackets-{index}-id": "", f"brackets-{index}-DELETE": ""})
    for relation in ("non_resident_brackets", "sibling_rules"):
        data.update({f"{relation}-TOTAL_FORMS": 0, f"{relation}-INITIAL_FORMS": 0,
                     f"{relation}-MIN_NUM_FORMS": 0, f"{relation}-MAX_NUM_FORMS": 1000})
    data.update(fields)
    return data


# --- Commune scoping --------------------------------------------------------------------------------


def test_the_fee_menu_items_are_shown_to_an_editor(fees_editor_client):
    html = fees_editor_client.get(reverse("wagtailadmin_home")).content.decode()
    for namespace in ("mon_enfant_fees_service", "mon_enfant_fees_grid", "mon_enfant_fees_settings"):
        assert reverse(f"{namespace}:list") in html
    assert reverse("mon_enfant_fees_import:import") in html


@pytest.mark.parametrize("view", ["list", "list_results"])
def test_grid_listing_shows_only_the_editors_communes(fees_editor_client, grid_a, grid_b, view):
    html = fees_editor_client.get(reverse(f"mon_enfant_fees_grid:{view}")).content.decode()
    assert reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk]) in html
    assert "Combourg" not in html  # neither the grid nor the commune filter


@pytest.mark.parametrize("view", GRID_OBJECT_VIEWS)
def test_editor_cannot_open_another_communes_grid(fees_editor_client, grid_b, view):
    assert fees_editor_client.get(reverse(f"mon_enfant_fees_grid:{view}", args=[grid_b.pk])).status_code in (403, 404)


@pytest.mark.parametrize("view", ["edit", "history", "usage"])
def test_editor_opens_own_communes_grid(fees_editor_client, grid_a, view):
    assert fees_editor_client.get(reverse(f"mon_enfant_fees_grid:{view}", args=[grid_a.pk])).status_code == 200


def test_editor_cannot_compare_another_communes_revisions(fees_editor_client, grid_b):
    url = reverse("mon_enfant_fees_grid:revisions_compare",
                  kwargs={"pk": grid_b.pk, "revision_id_a": "earliest", "revision_id_b": "latest"})
    assert fees_editor_client.get(url).status_code in (403, 404)


def test_editor_cannot_view_or_revert_another_communes_revision(fees_editor_client, grid_b):
    revision = grid_b.latest_revision
    for view in ("revisions_revert", "revisions_unschedule"):
        url = reverse(f"mon_enfant_fees_grid:{view}", args=[grid_b.pk, revision.pk])
        assert fees_editor_client.get(url).status_code in (403, 404)


def test_editor_cannot_change_another_communes_grid(fees_editor_client, grid_b, commune_b):
    service = grid_b.service
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:edit", args=[grid_b.pk]),
                                       grid_form(service, [(0, "", "0.01")], **{"action-publish": "1"}))
    assert response.status_code in (403, 404)
    grid_b.refresh_from_db()
    assert [b.price for b in grid_b.brackets.all()] == [Decimal("2.00")]


def test_editor_cannot_bulk_delete_or_unpublish_another_communes_grid(fees_editor_client, grid_b):
    for action in ("delete", "unpublish"):
        url = reverse("wagtail_bulk_action", args=["mon_enfant_fees", "feegrid", action]) + f"?id={grid_b.pk}"
        fees_editor_client.post(url)
    grid_b.refresh_from_db()
    assert grid_b.live


@pytest.mark.parametrize(("namespace", "fixture"), [("mon_enfant_fees_service", "grid_b"),
                                                    ("mon_enfant_fees_settings", "settings_b")])
def test_editor_cannot_open_another_communes_service_or_settings(request, fees_editor_client, namespace, fixture):
    obj = request.getfixturevalue(fixture)
    pk = obj.service.pk if fixture == "grid_b" else obj.pk
    assert fees_editor_client.get(reverse(f"{namespace}:edit", args=[pk])).status_code in (403, 404)
    assert "Combourg" not in fees_editor_client.get(reverse(f"{namespace}:list")).content.decode()


def test_grid_form_offers_only_the_editors_services(fees_editor_client, grid_a, grid_b):
    form = fees_editor_client.get(reverse("mon_enfant_fees_grid:add")).context["form"]
    assert list(form.fields["service"].queryset) == [grid_a.service]


def test_editor_cannot_create_a_grid_for_another_communes_service(fees_editor_client, grid_b):
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"),
                                       grid_form(grid_b.service, [(0, "", "1")], school_year="2027-2028"))
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert FeeGrid.objects.count() == 1


def test_a_user_without_commune_sees_no_grid(user_without_commune, editor_group_a, grid_a):
    group = user_without_commune.groups.get()
    add_fee_permissions(group)
    client = logged_in_client(user_without_commune)
    assert client.get(reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk])).status_code in (403, 404)
    assert reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk]) not in client.get(
        reverse("mon_enfant_fees_grid:list")).content.decode()


# --- Editing grids --------------------------------------------------------------------------------


def test_a_grid_with_a_gap_is_refused_naming_the_bracket(fees_editor_client, commune_a):
    service = make_service(commune_a, "Cantine")
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"), grid_form(
        service, [(0, 235, "0.13"), (235, 385, "0.85"), (400, "", "1.62")]))
    assert response.status_code == 200
    form = response.context["form"]
    message = "Il manque les QF de 385 à 400 entre la tranche 2 et la tranche 3."
    assert message in form.non_field_errors()
    assert message in form.formsets["brackets"].forms[2].non_field_errors()
    assert not FeeGrid.objects.exists()


def test_a_grid_with_an_overlap_is_refused_naming_the_bracket(fees_editor_client, commune_a):
    service = make_service(commune_a, "Cantine")
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"), grid_form(
        service, [(0, 500, "1"), (450, "", "2")]))
    assert "La tranche 2 (à partir de 450) chevauche la tranche 1 (de 0 à 500)." in response.context[
        "form"].non_field_errors()


def test_an_effort_rate_grid_needs_its_rate_floor_and_ceiling(fees_editor_client, commune_a):
    service = make_service(commune_a, "Garderie", "heure")
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"),
                                       grid_form(service, [], pricing="effort_rate", rate_percent="0.36"))
    errors = response.context["form"].errors
    assert "floor_price" in errors and "ceiling_price" in errors


def test_saving_a_draft_does_not_change_what_families_are_quoted(fees_editor_client, client, commune_a):
    service = make_service(commune_a, "Cantine")
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"), grid_form(service, [(0, "", "3.05")]))
    assert response.status_code == 302
    grid = FeeGrid.objects.get()
    assert grid.live is False
    quote = client.post("/api/mon-enfant/v1/fees/quote", {"commune": "35288", "school_year": YEAR, "qf": "1"},
                        content_type="application/json")
    assert quote.status_code == 422


def test_publishing_from_the_admin_makes_the_grid_quoted(fees_editor_client, client, commune_a):
    service = make_service(commune_a, "Cantine")
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"),
                                       grid_form(service, [(0, 500, "1.00"), (500, "", "3.05")],
                                                 **{"action-publish": "1"}))
    assert response.status_code == 302
    assert FeeGrid.objects.get().live
    quote = client.post("/api/mon-enfant/v1/fees/quote", {"commune": "35288", "school_year": YEAR, "qf": "600"},
                        content_type="application/json")
    assert quote.json()["quotes"][0]["unit_price"] == "3.05"


def test_editing_brackets_of_a_live_grid_keeps_the_live_prices_until_published(fees_editor_client, grid_a, client):
    bracket = grid_a.brackets.get()
    data = grid_form(grid_a.service, [(0, "", "9.99")])
    data.update({"brackets-INITIAL_FORMS": 1, "brackets-0-id": bracket.pk})
    assert fees_editor_client.post(reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk]), data).status_code == 302
    body = {"commune": "35288", "school_year": YEAR, "qf": "100"}
    url = "/api/mon-enfant/v1/fees/quote"
    assert client.post(url, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "3.00"
    data["action-publish"] = "1"
    assert fees_editor_client.post(reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk]), data).status_code == 302
    assert client.post(url, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "9.99"


def test_a_grid_scheduled_in_the_admin_is_quoted_from_its_date(fees_editor_client, grid_a, client, monkeypatch):
    """Next year's prices prepared in the admin and published on a date: until then families are quoted the
    live prices; publish_scheduled (the site's cron) then publishes them."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Revision

    bracket = grid_a.brackets.get()
    data = grid_form(grid_a.service, [(0, "", "9.99")])
    go_live_at = timezone.localtime() + dt.timedelta(days=30)
    data.update({"brackets-INITIAL_FORMS": 1, "brackets-0-id": bracket.pk, "action-publish": "1",
                 "go_live_at": go_live_at.strftime("%Y-%m-%d %H:%M")})
    assert fees_editor_client.post(reverse("mon_enfant_fees_grid:edit", args=[grid_a.pk]), data).status_code == 302
    body = {"commune": "35288", "school_year": YEAR, "qf": "100"}
    url = "/api/mon-enfant/v1/fees/quote"
    assert client.post(url, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "3.00"
    scheduled = Revision.objects.for_instance(grid_a).get(approved_go_live_at__isnull=False)
    assert abs(scheduled.approved_go_live_at - go_live_at) < dt.timedelta(minutes=1)
    call_command("publish_scheduled")  # not yet: nothing changes
    assert client.post(url, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "3.00"
    # The date comes.
    later = timezone.now() + dt.timedelta(days=30, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    assert client.post(url, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "9.99"


def test_the_grid_preview_shows_the_table(fees_editor_client, grid_a):
    data = grid_form(grid_a.service, [(0, 500, "1.00"), (500, "", "3.05")])
    data.update({"brackets-INITIAL_FORMS": 1, "brackets-0-id": grid_a.brackets.get().pk})
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:preview_on_edit", args=[grid_a.pk]), data)
    assert response.json()["is_valid"]
    html = fees_editor_client.get(reverse("mon_enfant_fees_grid:preview_on_edit", args=[grid_a.pk])).content.decode()
    assert "moins de 500\xa0€" in html
    assert "3,05\xa0€" in html


def test_a_second_grid_for_the_same_service_and_year_is_refused(fees_editor_client, grid_a):
    response = fees_editor_client.post(reverse("mon_enfant_fees_grid:add"), grid_form(grid_a.service, [(0, "", "1")]))
    assert "school_year" in response.context["form"].errors


def test_settings_refuse_zero_parts_for_a_couple(fees_editor_client, commune_a):
    data = {"commune": commune_a.pk, "qf_method": "caf", "qf_rounding": "none", "parts_couple": "0",
            "parts_single_parent": "2", "parts_single_adult": "1", "parts_first_child": "0.5",
            "parts_second_child": "0.5", "parts_third_child": "1", "parts_further_child": "0.5",
            "parts_disabled_child": "0.5", "weeks_per_year": "36", "billed_months": "10", "qf_help": ""}
    response = fees_editor_client.post(reverse("mon_enfant_fees_settings:add"), data)
    assert response.status_code == 200
    assert "doit être supérieur à 0" in str(response.context["form"].errors)
    data["parts_couple"] = "2"
    assert fees_editor_client.post(reverse("mon_enfant_fees_settings:add"), data).status_code == 302


def test_service_slug_comes_from_the_name(fees_editor_client, commune_a):
    response = fees_editor_client.post(reverse("mon_enfant_fees_service:add"), {
        "commune": commune_a.pk, "name": "Accueil de loisirs", "slug": "", "unit": "journee", "description": "",
        "responsible_body": "mairie", "order": "0"})
    assert response.status_code == 302
    assert Service.objects.get().slug == "accueil-de-loisirs"


# --- Import screen ----------------------------------------------------------------------------------

CSV = ("code_insee;annee_scolaire;prestation;unite;public;qf_min;qf_max;prix\n"
       "35288;2026-2027;Cantine;repas;resident;0;;3,05\n"
       "35085;2026-2027;Cantine;repas;resident;0;;2,00\n")


def upload(data):
    return SimpleUploadedFile("tarifs.csv", data.encode(), content_type="text/csv")


def test_import_screen_refuses_another_communes_rows(fees_editor_client, commune_b):
    response = fees_editor_client.post(reverse("mon_enfant_fees_import:import"), {"file": upload(CSV)})
    assert "Ligne 3 : la commune 35085 ne fait pas partie de vos communes." in [str(e) for e in response.context[
        "errors"]]


def test_import_screen_simulates_then_publishes(fees_editor_client, commune_a):
    url = reverse("mon_enfant_fees_import:import")
    dry_run = fees_editor_client.post(url, {"file": upload(CSV.rsplit("35085", 1)[0])})
    assert "Simulation : rien n'a été enregistré." in dry_run.context["report"].summary_lines()
    assert not FeeGrid.objects.exists()
    confirmed = fees_editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert confirmed.status_code == 302
    grid = FeeGrid.objects.get()
    assert grid.live
    assert grid.latest_revision.user.username == "editeur-a"


def test_import_screen_keeps_drafts_for_an_editor_who_cannot_publish(editor_a, editor_group_a, commune_a):
    add_fee_permissions(editor_group_a, [code for code in FEE_PERMISSIONS if code != "publish_feegrid"])
    client = logged_in_client(editor_a)
    url = reverse("mon_enfant_fees_import:import")
    dry_run = client.post(url, {"file": upload(CSV.rsplit("35085", 1)[0])})
    client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert FeeGrid.objects.get().live is False


def test_import_screen_is_forbidden_without_fee_permissions(editor_client):
    response = editor_client.get(reverse("mon_enfant_fees_import:import"))
    assert response.status_code in (302, 403)  # Wagtail turns the refusal into a redirect with a message
    assert "Simuler" not in response.content.decode()

