"""The carte scolaire in the Wagtail admin: rules and zones narrowed to the editor's communes, the import
screen (upload, dry-run report, confirmation) and the coverage report.

Commune A is Saint-Malo (35288), commune B Combourg (35085) (see ``tests/conftest.py``). The editor of A
gets the carte scolaire permissions here; every view of another commune's rule, zone or coverage answers
404, and an editor's import skips (and reports) the rows of other communes.
"""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mon_enfant.catchment.models import CatchmentImport, CatchmentRule, CatchmentZone, RulesetVersion
from mon_enfant.models import Commune, Street

from ..conftest import TEST_DATA, logged_in_client

pytestmark = pytest.mark.django_db

NATIONAL = TEST_DATA / "carte-scolaire-colleges-35-extrait.csv"
IMPORT_URL = "mon_enfant_catchment_import:import"
COVERAGE_URL = "mon_enfant_catchment_coverage:coverage"
SQUARE = {"type": "Polygon", "coordinates": [[[-2.03, 48.64], [-2.0, 48.64], [-2.0, 48.66], [-2.03, 48.64]]]}
NAMESPACES = {"rule": "mon_enfant_catchment_rule", "zone": "mon_enfant_catchment_zone"}


def grant_catchment_permissions(group):
    for model in ("catchmentrule", "catchmentzone"):
        for action in ("add", "change", "delete", "view"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="mon_enfant_catchment", codename=f"{action}_{model}")
            )


@pytest.fixture
def catchment_editor(editor_a, editor_group_a):
    grant_catchment_permissions(editor_group_a)
    return editor_a


@pytest.fixture
def client_a(catchment_editor):
    return logged_in_client(catchment_editor)


@pytest.fixture
def rules(commune_a, commune_b):
    """One rule and one zone in each commune."""
    return {
        "rule_a": CatchmentRule.objects.create(commune=commune_a, level="college", street_label="RUE DE METZ",
                                               uai="0350044H"),
        "rule_b": CatchmentRule.objects.create(commune=commune_b, level="college", street_label="RUE DE COMBOURG",
                                               uai="0350707D"),
        "zone_a": CatchmentZone.objects.create(commune=commune_a, level="maternelle", name="Intra-muros",
                                               uai="0359901A", geometry=SQUARE),
        "zone_b": CatchmentZone.objects.create(commune=commune_b, level="maternelle", name="Bourg de Combourg",
                                               uai="0351234X", geometry=SQUARE),
    }


def text_of(response):
    """The page's text as read on screen: tags removed, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def assert_denied_by_wagtail(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and an error message."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert "error" in [message.level_tag for message in get_messages(response.wsgi_request)]


def pk_patterns(namespace):
    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == namespace:
                    yield from (p for p in pattern.url_patterns if isinstance(p, URLPattern))
                else:
                    yield from walk(pattern)

    return sorted({p.name for p in walk(get_resolver()) if "pk" in p.pattern.converters})


# --- Menu -------------------------------------------------------------------------------------------


MENU_URLS = ["mon_enfant_catchment_rule:list", "mon_enfant_catchment_zone:list", COVERAGE_URL, IMPORT_URL]


def test_the_menu_offers_rules_zones_coverage_and_import_to_a_catchment_editor(client_a):
    html = client_a.get(reverse("wagtailadmin_home")).content.decode()
    for name in MENU_URLS:
        assert reverse(name) in html, name


def test_the_menu_hides_the_carte_scolaire_from_an_editor_without_its_permissions(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    for name in MENU_URLS:
        assert reverse(name) not in html, name


def test_the_import_and_coverage_screens_are_refused_without_the_permissions(editor_client):
    # editor_client's group has the school permissions only.
    assert_denied_by_wagtail(editor_client.get(reverse(IMPORT_URL)))
    assert_denied_by_wagtail(editor_client.get(reverse(COVERAGE_URL)))


def test_a_user_with_the_permissions_but_no_commune_may_not_import(user_without_commune):
    grant_catchment_permissions(user_without_commune.groups.get())
    client = logged_in_client(user_without_commune)
    assert_denied_by_wagtail(client.get(reverse(IMPORT_URL)))
    assert_denied_by_wagtail(client.get(reverse(COVERAGE_URL)))


# --- Rules and zones --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rule", "zone"])
def test_the_listing_shows_only_the_editors_communes(client_a, rules, kind):
    page = text_of(client_a.get(reverse(f"{NAMESPACES[kind]}:list")))
    own, other = {"rule": ("RUE DE METZ", "RUE DE COMBOURG"), "zone": ("Intra-muros", "Bourg de Combourg")}[kind]
    assert own in page
    assert other not in page


@pytest.mark.parametrize("kind", ["rule", "zone"])
def test_every_object_view_of_another_communes_rule_or_zone_answers_404(client_a, rules, kind):
    names = pk_patterns(NAMESPACES[kind])
    assert {"edit", "delete"} <= set(names)
    for name in names:
        other = rules[f"{kind}_b"]
        response = client_a.get(reverse(f"{NAMESPACES[kind]}:{name}", args=[other.pk]))
        assert response.status_code == 404, name
        own = rules[f"{kind}_a"]
        assert client_a.get(reverse(f"{NAMESPACES[kind]}:{name}", args=[own.pk])).status_code == 200, name


def test_another_communes_rule_cannot_be_deleted_by_post(client_a, rules):
    response = client_a.post(reverse("mon_enfant_catchment_rule:delete", args=[rules["rule_b"].pk]))
    assert response.status_code == 404
    assert CatchmentRule.objects.filter(pk=rules["rule_b"].pk).exists()


def test_the_rule_listing_filters_by_level_and_school_year_and_searches_streets(client_a, rules, commune_a):
    CatchmentRule.objects.create(commune=commune_a, level="maternelle", school_year="2026-2027",
                                 street_label="RUE MICHELET", uai="0359901A")
    url = reverse("mon_enfant_catchment_rule:list")
    page = text_of(client_a.get(url, {"level": "maternelle"}))
    assert "RUE MICHELET" in page and "RUE DE METZ" not in page
    page = text_of(client_a.get(url, {"school_year": "toutes"}))
    assert "RUE DE METZ" in page and "RUE MICHELET" not in page
    page = text_of(client_a.get(url, {"school_year": "2026-2027"}))
    assert "RUE MICHELET" in page and "RUE DE METZ" not in page
    page = text_of(client_a.get(url, {"q": "metz"}))
    assert "RUE DE METZ" in page and "RUE MICHELET" not in page


def rule_form(commune, **fields):
    return {"commune": commune.pk, "level": "college", "school_year": "", "street_label": "RUE TOULLIER",
            "street_id": "", "lieu_dit": "", "parity": "both", "first_number": "", "first_repetition": "",
            "last_number": "", "last_repetition": "", "uai": "0350044H", "priority": "0", "note": "", **fields}


def test_a_rule_added_in_the_admin_gets_its_key_normalised_indexes_and_bumps_the_stamp(client_a, commune_a):
    before = RulesetVersion.current()
    response = client_a.post(reverse("mon_enfant_catchment_rule:add"),
                             rule_form(commune_a, first_number="3", first_repetition="bis", last_number="9"))
    assert response.status_code == 302, text_of(response)[:3000]
    rule = CatchmentRule.objects.get()
    assert (rule.street_key, rule.first_repetition) == ("RUE TOULLIER", "BIS")
    assert RulesetVersion.current() > before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_number": "20", "last_number": "4"}, "Plage inversée"),
        ({"first_number": "2", "first_repetition": "zz"}, "Indice inconnu"),
    ],
)
def test_a_rule_form_refuses_what_the_import_refuses(client_a, commune_a, fields, message):
    response = client_a.post(reverse("mon_enfant_catchment_rule:add"), rule_form(commune_a, **fields))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not CatchmentRule.objects.exists()


def test_a_rule_cannot_be_created_in_another_commune(client_a, commune_b):
    response = client_a.post(reverse("mon_enfant_catchment_rule:add"), rule_form(commune_b))
    assert response.status_code == 200
    assert not CatchmentRule.objects.exists()


def test_a_zone_form_refuses_an_invalid_geometry(client_a, commune_a):
    data = {"commune": commune_a.pk, "level": "maternelle", "school_year": "", "name": "Nord", "uai": "0359901A",
            "priority": "0", "note": "",
            "geometry": '{"type": "Polygon", "coordinates": [[[-2.03, 48.64], [-2.0, 48.64], [-2.0, 48.66]]]}'}
    response = client_a.post(reverse("mon_enfant_catchment_zone:add"), data)
    assert response.status_code == 200
    assert "au moins 4 positions" in text_of(response)
    data["geometry"] = '{"type": "Feature", "properties": {}, "geometry": ' + json.dumps(SQUARE) + "}"
    assert client_a.post(reverse("mon_enfant_catchment_zone:add"), data).status_code == 302
    assert CatchmentZone.objects.get().geometry == SQUARE


# --- Import screen ---------------------------------------------------------------------------------


def two_commune_file():
    """Line 2 (Saint-Malo, ALLEE BEAUSOLEIL) and line 270 (a Tresboeuf row, moved to Combourg 35085)."""
    lines = NATIONAL.read_bytes().split(b"\r\n")
    combourg = lines[269].replace(b";35343;Tresboeuf;", b";35085;Combourg;")
    return b"\r\n".join([lines[0], lines[1], combourg]) + b"\r\n"


def upload(client, data, name="carte.csv", **fields):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, data), **fields})


def test_upload_shows_a_dry_run_report_and_changes_nothing(client_a, commune_a, commune_b):
    response = upload(client_a, two_commune_file())
    page = text_of(response)
    assert response.status_code == 200
    assert "Simulation de l'import de « carte.csv »" in page
    assert "1 lignes ignorées : la commune 35085 ne fait pas partie de vos communes." in page
    assert "Confirmer l'import" in page
    assert not CatchmentRule.objects.exists()
    assert not CatchmentImport.objects.exists()


def test_the_dry_run_report_details_the_schools_the_file_names(client_a, commune_a, commune_b):
    page = text_of(upload(client_a, two_commune_file()))
    assert "Écoles désignées par le fichier" in page
    assert "Dans l'annuaire" in page


def test_confirming_imports_only_the_editors_communes_and_leads_to_the_coverage(client_a, commune_a, commune_b,
                                                                                 catchment_editor):
    CatchmentRule.objects.create(commune=commune_b, level="college", street_label="RUE DE COMBOURG",
                                 uai="0350707D")
    response = upload(client_a, two_commune_file())
    token = re.search(r'name="confirm_token" value="([^"]+)"', response.content.decode()).group(1)
    response = client_a.post(reverse(IMPORT_URL), {"confirm_token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse(COVERAGE_URL) + "?commune=35288&level=college"
    assert list(CatchmentRule.objects.filter(commune=commune_a).values_list("street_label", flat=True)) == [
        "ALLEE BEAUSOLEIL"
    ]
    assert list(CatchmentRule.objects.filter(commune=commune_b).values_list("street_label", flat=True)) == [
        "RUE DE COMBOURG"
    ]
    record = CatchmentImport.objects.get()
    assert (record.commune, record.filename, record.imported_by) == (commune_a, "carte.csv", catchment_editor)


def test_an_editor_cannot_create_communes_from_the_import(client_a, commune_a):
    response = upload(client_a, two_commune_file(), create_communes="on")
    assert "Créer les communes absentes" not in text_of(response)
    token = re.search(r'name="confirm_token" value="([^"]+)"', response.content.decode()).group(1)
    client_a.post(reverse(IMPORT_URL), {"confirm_token": token})
    assert not Commune.objects.filter(code_insee="35085").exists()


def test_a_superuser_may_create_communes_from_the_import(superuser_client):
    response = upload(superuser_client, two_commune_file(), create_communes="on")
    token = re.search(r'name="confirm_token" value="([^"]+)"', response.content.decode()).group(1)
    superuser_client.post(reverse(IMPORT_URL), {"confirm_token": token})
    assert set(Commune.objects.values_list("code_insee", flat=True)) == {"35288", "35085"}
    assert CatchmentRule.objects.count() == 2


def test_a_refused_file_shows_its_errors_with_line_numbers(client_a, commune_a):
    data = two_commune_file().replace(b";PI;0350044H", b";X;0350044H")
    page = text_of(upload(client_a, data))
    assert "Le fichier est refusé : 1 erreur. Rien n'a été modifié." in page
    assert "Ligne 2 : parité « X » inconnue (P, I ou PI)." in page


@pytest.mark.parametrize(
    ("case", "data", "message"),
    [
        ("house number of 5,000 digits", two_commune_file().replace(b";9999;", b";" + b"9" * 5000 + b";", 1),
         "n° de fin « 9999999999999999999999999999999999999999… » hors limites (99999 au plus)."),
        ("GeoJSON nested 100,000 deep", b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000
         + b"]" * 100_000 + b"}", "imbriqués sur plus de 20 niveaux"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_a_hostile_file_gets_the_same_clean_refusal_as_any_bad_file(client_a, commune_a, case, data, message):
    response = upload(client_a, data, name="carte.geojson" if data.startswith(b"{") else "carte.csv")
    page = text_of(response)
    assert response.status_code == 200
    assert "Le fichier est refusé : 1 erreur. Rien n'a été modifié." in page
    assert message in page
    assert not CatchmentRule.objects.exists()


def test_a_file_over_the_row_limit_is_refused_in_the_admin(client_a, commune_a, settings):
    settings.MON_ENFANT_IMPORT_MAX_ROWS = 1
    page = text_of(upload(client_a, two_commune_file()))
    assert "Le fichier compte plus de 1 lignes, le maximum accepté (réglage MON_ENFANT_IMPORT_MAX_ROWS)" in page


def test_the_import_form_takes_the_level_and_school_year(client_a, commune_a):
    response = upload(client_a, two_commune_file(), level="maternelle", school_year="2026-2027")
    token = re.search(r'name="confirm_token" value="([^"]+)"', response.content.decode()).group(1)
    client_a.post(reverse(IMPORT_URL), {"confirm_token": token})
    assert list(CatchmentRule.objects.values_list("level", "school_year")) == [("maternelle", "2026-2027")]


def test_the_import_form_refuses_a_bad_school_year(client_a, commune_a):
    page = text_of(upload(client_a, two_commune_file(), school_year="2026"))
    assert "n'est pas une année scolaire" in page
    assert not CatchmentRule.objects.exists()


def test_zones_need_the_zone_permissions(client_a, commune_a, editor_group_a):
    editor_group_a.permissions.remove(*Permission.objects.filter(codename__in=["add_catchmentzone",
                                                                                "delete_catchmentzone"]))
    data = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"uai": "0359901A", '
            '"niveau": "maternelle", "code_insee": "35288"}, "geometry": ' + json.dumps(SQUARE)
            + "}]}").encode()
    page = text_of(upload(client_a, data, name="zones.geojson"))
    assert "Vous n'avez pas le droit d'importer des zones." in page


# --- Coverage report --------------------------------------------------------------------------------


def test_coverage_of_another_commune_answers_404(client_a, rules):
    response = client_a.get(reverse(COVERAGE_URL), {"commune": "35085", "level": "college"})
    assert response.status_code == 404


def test_coverage_shows_schools_unknown_uais_conflicts_and_streets_without_rule(client_a, commune_a, school_a):
    # school_a is the collège 0350916F; 0350044H is not in the directory.
    for label, first, last, uai in (("RUE DE METZ", 1, 23, "0350916F"), ("RUE DE METZ", 21, None, "0350044H"),
                                    ("RUE MICHELET", None, None, "0350916F")):
        CatchmentRule.objects.create(commune=commune_a, level="college", street_label=label, first_number=first,
                                     last_number=last, uai=uai)
    for label in ("Rue de Metz", "Rue Michelet", "Rue Toullier"):
        Street.objects.create(commune=commune_a, label=label, key=label.upper())
    page = text_of(client_a.get(reverse(COVERAGE_URL), {"commune": "35288", "level": "college"}))
    assert "3 règles, 2 voies" in page
    assert "Collège Duguay-Trouin" in page
    assert "Inconnue de l'annuaire : importez les écoles" in page
    assert "1 conflits, 0 secteurs partagés, 0 doublons." in page
    assert "du n° 1 au n° 23 → 0350916F" in page and "à partir du n° 21 → 0350044H" in page
    assert "1 voie sur 3 n'a aucun secteur pour ce niveau." in page
    assert "Rue Toullier" in page


def test_coverage_says_when_the_address_index_is_empty(client_a, rules):
    page = text_of(client_a.get(reverse(COVERAGE_URL), {"commune": "35288", "level": "college"}))
    assert "L'index des adresses n'a aucune voie pour cette commune" in page


def test_coverage_of_a_single_commune_editor_opens_on_its_commune(client_a, rules):
    page = text_of(client_a.get(reverse(COVERAGE_URL)))
    assert "Saint-Malo, collège, toutes années" in page
