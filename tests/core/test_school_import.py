"""School import: the ``import_schools`` command and the admin import screen, on the national
"adresse et géolocalisation des établissements d'enseignement" file as downloaded
(``tests/data/etablissements-35-extrait.csv``) and on the simple format of ``SIMPLE_COLUMNS``.

The extract, line by line (line 1 is the header; UTF-8 with BOM, ``;``, CRLF):

====  ========  ==========================================  ================  =====
line  UAI       name                                        commune           INSEE
====  ========  ==========================================  ================  =====
2     0350707D  Collège François René de Chateaubriand      Combourg          35085
3     0351053E  Collège Jean Monnet                         Janzé             35136
4     0350916F  Collège Duguay-Trouin                       Saint-Malo        35288
5     0350896J  Collège Jean Charcot                        Saint-Malo        35288
6     0350044H  Collège Chateaubriand                       Saint-Malo        35288
7     0350708E  Collège Paul Féval                          Dol-de-Bretagne   35095
8     0350970P  Collège Le Chêne Vert                       Bain-de-Bretagne  35012
====  ========  ==========================================  ================  =====

Malformed files are built from these real bytes (BOM, CRLF and all), breaking one named line.
"""

from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from mon_enfant.importers import SIMPLE_COLUMNS
from mon_enfant.models import Commune, School, SchoolLevel, SchoolSector

pytestmark = pytest.mark.django_db

ALL_UAI = {"0350707D", "0351053E", "0350916F", "0350896J", "0350044H", "0350708E", "0350970P"}
SAINT_MALO_UAI = {"0350916F", "0350896J", "0350044H"}
IMPORT_URL = "mon_enfant_school_import:import"


def variant(data, line, old, new):
    """The file with ``old`` replaced by ``new`` (first occurrence) on physical ``line`` (1 = header)."""
    lines = data.split(b"\r\n")
    assert old in lines[line - 1], f"{old!r} is not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"\r\n".join(lines)


def run_import(tmp_path, data, *args):
    """Run ``import_schools`` on ``data``; return (stdout, stderr, CommandError or None)."""
    path = tmp_path / "etablissements.csv"
    path.write_bytes(data)
    out, err = StringIO(), StringIO()
    try:
        call_command("import_schools", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def database_state():
    return (
        Commune.objects.count(),
        School.objects.count(),
        sorted(School.objects.values_list("uai", "name", "commune__code_insee", "latitude")),
    )


@pytest.fixture
def existing_data(school_a, school_b):
    """Saint-Malo and Combourg, each with one school, renamed so any write would show."""
    School.objects.filter(pk__in=[school_a.pk, school_b.pk]).update(name="Nom avant import")
    return database_state()


# --- the national file ------------------------------------------------------------------------


def test_national_file_with_create_communes_imports_the_seven_colleges(tmp_path, etablissements_bytes):
    out, _, error = run_import(tmp_path, etablissements_bytes, "--create-communes")
    assert error is None
    assert set(School.objects.values_list("uai", flat=True)) == ALL_UAI
    assert set(School.objects.values_list("level", flat=True)) == {SchoolLevel.COLLEGE}
    assert not School.objects.filter(latitude__isnull=True).exists()
    assert Commune.objects.count() == 5
    assert "7 écoles créées, 0 mises à jour, 0 inchangées." in out


def test_national_file_coordinates_are_kept_to_six_decimals(tmp_path, etablissements_bytes):
    """Line 4 (0350916F, Collège Duguay-Trouin): Latitude 48.65621634852129, Longitude -1.9730994711418013."""
    run_import(tmp_path, etablissements_bytes, "--create-communes")
    school = School.objects.get(uai="0350916F")
    assert school.latitude == Decimal("48.656216")
    assert school.longitude == Decimal("-1.973099")


def test_national_file_fields_are_read_from_their_columns(tmp_path, etablissements_bytes):
    """Line 3 (0351053E): Collège Jean Monnet, Public, 2 rue ARMAND JOUAULT, 35150 JANZE, commune Janzé 35136."""
    run_import(tmp_path, etablissements_bytes, "--create-communes")
    school = School.objects.select_related("commune").get(uai="0351053E")
    assert (school.name, school.sector, school.address, school.postcode, school.city) == (
        "Collège Jean Monnet", SchoolSector.PUBLIC, "2 rue ARMAND JOUAULT", "35150", "JANZE"
    )
    assert (school.commune.code_insee, school.commune.name) == ("35136", "Janzé")


def test_reimport_updates_schools_by_uai_without_duplicates(tmp_path, etablissements_bytes):
    run_import(tmp_path, etablissements_bytes, "--create-communes")
    renamed = variant(
        etablissements_bytes, 4, "Collège Duguay-Trouin".encode(), "Collège Duguay-Trouin (rénové)".encode()
    )
    out, _, error = run_import(tmp_path, renamed, "--create-communes")
    assert error is None
    assert School.objects.count() == 7
    assert Commune.objects.count() == 5
    assert School.objects.get(uai="0350916F").name == "Collège Duguay-Trouin (rénové)"
    assert "0 écoles créées, 1 mises à jour, 6 inchangées." in out


def test_commune_option_keeps_only_that_communes_schools(tmp_path, etablissements_bytes, commune_a):
    out, _, error = run_import(tmp_path, etablissements_bytes, "--commune", "35288")
    assert error is None
    assert set(School.objects.values_list("uai", flat=True)) == SAINT_MALO_UAI
    assert set(School.objects.values_list("commune", flat=True)) == {commune_a.pk}
    assert "4 lignes d'autres communes ignorées (filtre --commune)." in out


def test_commune_option_with_create_communes_creates_only_that_commune(tmp_path, etablissements_bytes):
    run_import(tmp_path, etablissements_bytes, "--commune", "35288", "--create-communes")
    assert list(Commune.objects.values_list("code_insee", "name")) == [("35288", "Saint-Malo")]
    assert School.objects.count() == 3


def test_without_create_communes_unknown_communes_are_skipped_and_reported(tmp_path, etablissements_bytes, commune_a):
    out, _, error = run_import(tmp_path, etablissements_bytes)
    assert error is None
    assert set(School.objects.values_list("uai", flat=True)) == SAINT_MALO_UAI
    assert Commune.objects.count() == 1
    for code in ("35012", "35085", "35095", "35136"):
        assert f"1 lignes ignorées : commune {code} inconnue (utilisez --create-communes)." in out


def test_dry_run_reports_everything_and_changes_nothing(tmp_path, etablissements_bytes, existing_data):
    out, _, error = run_import(tmp_path, etablissements_bytes, "--create-communes", "--dry-run")
    assert error is None
    assert database_state() == existing_data
    assert "5 écoles créées, 2 mises à jour, 0 inchangées." in out
    assert "Communes créées : Janzé (35136), Dol-de-Bretagne (35095), Bain-de-Bretagne (35012)." in out
    assert "Simulation : rien n'a été enregistré." in out


def test_lycees_are_skipped_and_reported(tmp_path, etablissements_bytes):
    """Line 8 turned into a lycée (Code nature 300)."""
    data = variant(etablissements_bytes, 8, b";340;COLLEGE;", b";300;LYCEE;")
    out, _, error = run_import(tmp_path, data, "--create-communes")
    assert error is None
    assert set(School.objects.values_list("uai", flat=True)) == ALL_UAI - {"0350970P"}
    assert "Ligne 8 : 0350970P ignoré, niveau non géré (LYCEE)." in out


def test_closed_schools_are_skipped_and_reported(tmp_path, etablissements_bytes):
    """Line 7 marked closed (Etat établissement FERME)."""
    data = variant(etablissements_bytes, 7, b";1;OUVERT;", b";2;FERME;")
    out, _, error = run_import(tmp_path, data, "--create-communes")
    assert error is None
    assert not School.objects.filter(uai="0350708E").exists()
    assert "Ligne 7 : 0350708E ignoré, établissement fermé." in out


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_schools", str(tmp_path / "absent.csv"))


# --- malformed files: refused with line numbers, nothing changed -----------------------------

BOM = b"\xef\xbb\xbf"


MALFORMED = {
    # id: (how to break the real file, expected message in the errors)
    "unknown header": (
        lambda d: variant(d, 1, "Code établissement".encode(), b"Code"),
        "Ligne 1 : en-tête non reconnu",
    ),
    "missing column": (
        lambda d: variant(d, 1, b";Latitude;", b";Lat;"),
        "Ligne 1 : colonnes manquantes pour le format national (établissements d'enseignement) : Latitude.",
    ),
    "bad uai": (
        lambda d: variant(d, 5, b"0350896J", b"035089J"),
        "Ligne 5 : code UAI « 035089J » invalide (7 chiffres et une lettre).",
    ),
    "latitude as text": (
        lambda d: variant(d, 3, b"47.9614021425062", b"quarante-sept"),
        "Ligne 3 : Latitude « quarante-sept » n'est pas un nombre.",
    ),
    "latitude out of range": (
        lambda d: variant(d, 7, b"48.53894707804135", b"148.53894707804135"),
        "Ligne 7 : Latitude « 148.53894707804135 » hors de l'intervalle [-90, 90].",
    ),
    "longitude out of range": (
        lambda d: variant(d, 8, b"-1.6881903092642563", b"-181.6881903092642563"),
        "Ligne 8 : Longitude « -181.6881903092642563 » hors de l'intervalle [-180, 180].",
    ),
    "latin-1 bytes": (
        lambda d: variant(d, 6, "Collège Chateaubriand".encode(), "Collège Chateaubriand".encode("latin-1")),
        "Ligne 6 : le fichier n'est pas encodé en UTF-8",
    ),
    "extra field": (
        lambda d: variant(d, 8, b";1970-03-12", b";1970-03-12;en trop"),
        "Ligne 8 : 36 colonnes trouvées, 35 attendues (séparateur « ; »).",
    ),
    "missing field": (
        lambda d: variant(d, 2, b";1966-11-08", b""),
        "Ligne 2 : 34 colonnes trouvées, 35 attendues (séparateur « ; »).",
    ),
    "duplicate uai": (
        lambda d: variant(d, 7, b"0350708E", b"0350916F"),
        "Ligne 7 : le code UAI 0350916F figure déjà ligne 4.",
    ),
    "bad commune code": (
        lambda d: variant(d, 4, b";35288;", b";3528;"),
        "Ligne 4 : code INSEE « 3528 » invalide.",
    ),
    "empty file": (lambda d: b"", "Le fichier est vide."),
    "only a BOM": (lambda d: BOM, "Le fichier est vide."),
    "only blank lines": (lambda d: BOM + b"\r\n\r\n", "Le fichier est vide."),
    "binary file": (
        lambda d: b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
        "Ce fichier n'est pas un fichier texte CSV (fichier binaire ?).",
    ),
}


@pytest.mark.parametrize("breakage", MALFORMED)
def test_malformed_national_file_is_refused_and_changes_nothing(
    tmp_path, etablissements_bytes, existing_data, breakage
):
    make, message = MALFORMED[breakage]
    _, err, error = run_import(tmp_path, make(etablissements_bytes), "--create-communes")
    assert error is not None
    assert "rien n'a été modifié" in str(error)
    assert message in err
    assert database_state() == existing_data


def test_every_error_of_a_file_is_reported_with_its_line(tmp_path, etablissements_bytes, existing_data):
    data = variant(etablissements_bytes, 3, b"0351053E", b"XXXX")
    data = variant(data, 6, b"48.65055490209744", b"n/a")
    _, err, error = run_import(tmp_path, data, "--create-communes")
    assert "2 erreur(s)" in str(error)
    assert err.splitlines() == [
        "Ligne 3 : code UAI « XXXX » invalide (7 chiffres et une lettre).",
        "Ligne 6 : Latitude « n/a » n'est pas un nombre.",
    ]
    assert database_state() == existing_data


# --- the simple format ------------------------------------------------------------------------

SIMPLE_HEADER = ";".join(SIMPLE_COLUMNS.values())
SIMPLE_ROW = {
    "uai": "0359901A",
    "nom": "École élémentaire Jean Macé",
    "niveau": "élémentaire",
    "secteur": "public",
    "adresse": "4 rue Jean Macé",
    "code_postal": "35400",
    "localite": "SAINT-MALO",
    "code_insee": "35288",
    "commune": "Saint-Malo",
    "latitude": "48,6478",
    "longitude": "-2,0071",
    "telephone": "02 99 56 00 01",
    "courriel": "ecole.jean-mace@example.org",
    "site_web": "https://jean-mace.example.org/",
    "ent": "https://ent.example.org/jean-mace",
    "direction": "Mme Martin",
    "horaires": "8 h 30 – 11 h 45, 13 h 30 – 16 h 15",
    "accessibilite": "Accès de plain-pied.",
}


def simple_file(*rows, delimiter=";"):
    lines = [delimiter.join(SIMPLE_COLUMNS.values())]
    lines += [delimiter.join(row[column] for column in SIMPLE_COLUMNS.values()) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_simple_format_round_trip_keeps_every_field(tmp_path, commune_a):
    _, _, error = run_import(tmp_path, simple_file(SIMPLE_ROW))
    assert error is None
    school = School.objects.get(uai="0359901A")
    assert {
        "uai": school.uai, "nom": school.name, "niveau": school.level, "secteur": school.sector,
        "adresse": school.address, "code_postal": school.postcode, "localite": school.city,
        "code_insee": school.commune.code_insee, "commune": school.commune.name,
        "latitude": school.latitude, "longitude": school.longitude, "telephone": school.phone,
        "courriel": school.email, "site_web": school.website, "ent": school.ent_url,
        "direction": school.director, "horaires": school.opening_hours, "accessibilite": school.accessibility,
    } == {
        **SIMPLE_ROW, "niveau": SchoolLevel.ELEMENTAIRE, "latitude": Decimal("48.647800"),
        "longitude": Decimal("-2.007100"),
    }


def test_simple_format_reimport_of_the_same_file_changes_nothing(tmp_path, commune_a):
    run_import(tmp_path, simple_file(SIMPLE_ROW))
    out, _, error = run_import(tmp_path, simple_file(SIMPLE_ROW))
    assert error is None
    assert "0 écoles créées, 0 mises à jour, 1 inchangées." in out


def test_simple_format_accepts_a_spreadsheets_comma_separated_export(tmp_path, commune_a):
    row = {**SIMPLE_ROW, "latitude": "48.6478", "longitude": "-2.0071", "horaires": "8 h 30 – 16 h 15"}
    _, _, error = run_import(tmp_path, simple_file(row, delimiter=","))
    assert error is None
    assert School.objects.get(uai="0359901A").latitude == Decimal("48.647800")


def test_simple_format_needs_only_its_required_columns(tmp_path, commune_a):
    data = "uai;nom;niveau;code_insee\r\n0359902b;École maternelle du Sillon;Maternelle;35288\r\n".encode()
    _, _, error = run_import(tmp_path, data)
    assert error is None
    school = School.objects.get(uai="0359902B")
    assert (school.level, school.sector, school.latitude) == (SchoolLevel.MATERNELLE, SchoolSector.PUBLIC, None)


SIMPLE_MALFORMED = {
    "unknown level": ({"niveau": "lycée"}, "niveau « lycée » inconnu"),
    "bad email": ({"courriel": "ecole.example.org"}, "courriel « ecole.example.org » invalide."),
    "bad website": ({"site_web": "javascript:alert(1)"}, "site web « javascript:alert(1) » invalide."),
    "bad sector": ({"secteur": "associatif"}, "secteur « associatif » inconnu (public ou privé)."),
    "bad postcode": ({"code_postal": "354"}, "code postal « 354 » invalide."),
    "latitude without longitude": ({"longitude": ""}, "latitude et longitude doivent être renseignées ensemble."),
    "missing name": ({"nom": ""}, "nom de l'établissement manquant."),
    "phone too long": (
        {"telephone": "02 99 56 00 01 (secrétariat) / 06 00"}, "téléphone : 30 caractères au plus (36 trouvés)."
    ),
}


@pytest.mark.parametrize("breakage", SIMPLE_MALFORMED)
def test_malformed_simple_file_is_refused_with_the_line_and_changes_nothing(
    tmp_path, existing_data, breakage
):
    """Line 2 is valid; line 3 carries the error."""
    change, message = SIMPLE_MALFORMED[breakage]
    data = simple_file(SIMPLE_ROW, {**SIMPLE_ROW, "uai": "0359903C", **change})
    _, err, error = run_import(tmp_path, data)
    assert error is not None
    assert err.startswith("Ligne 3 : ")
    assert message in err
    assert database_state() == existing_data


def test_simple_file_without_required_columns_is_refused(tmp_path, existing_data):
    _, err, error = run_import(tmp_path, b"uai;nom;code_insee\r\n0359901A;Ecole;35288\r\n")
    assert error is not None
    assert "Ligne 1 : colonnes manquantes pour le format simple (écoles) : niveau." in err
    assert database_state() == existing_data


# --- the admin import screen ------------------------------------------------------------------


def upload(data, name="etablissements.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_superuser_may_import_before_any_commune_exists(superuser_client):
    assert not Commune.objects.exists()
    assert superuser_client.get(reverse(IMPORT_URL)).status_code == 200
    assert reverse(IMPORT_URL) in superuser_client.get(reverse("wagtailadmin_home")).content.decode()


def test_upload_shows_the_dry_run_report_and_writes_nothing(superuser_client, etablissements_bytes):
    response = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload(etablissements_bytes), "create_communes": "on"}
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Simulation de l'import de « etablissements.csv »" in html
    assert "7 écoles créées, 0 mises à jour, 0 inchangées." in html
    assert "Simulation : rien n'a été enregistré." in html
    assert f'name="confirm_token" value="{response.context["confirm_token"]}"' in html
    assert (Commune.objects.count(), School.objects.count()) == (0, 0)


def test_confirming_the_dry_run_writes_the_import(superuser_client, etablissements_bytes):
    url = reverse(IMPORT_URL)
    dry_run = superuser_client.post(url, {"file": upload(etablissements_bytes), "create_communes": "on"})
    response = superuser_client.post(url, {"confirm_token": dry_run.context["confirm_token"]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mon_enfant_school:list")
    assert set(School.objects.values_list("uai", flat=True)) == ALL_UAI
    assert "7 écoles créées" in response.content.decode()


def test_a_confirmation_token_is_used_once(superuser_client, etablissements_bytes, commune_a):
    url = reverse(IMPORT_URL)
    token = superuser_client.post(url, {"file": upload(etablissements_bytes)}).context["confirm_token"]
    superuser_client.post(url, {"confirm_token": token})
    School.objects.all().delete()
    response = superuser_client.post(url, {"confirm_token": token}, follow=True)
    assert "Cette simulation a expiré" in response.content.decode()
    assert School.objects.count() == 0


def test_an_unknown_confirmation_token_writes_nothing(editor_client, existing_data):
    response = editor_client.post(reverse(IMPORT_URL), {"confirm_token": "inventé"}, follow=True)
    assert "Cette simulation a expiré" in response.content.decode()
    assert database_state() == existing_data


def test_create_communes_is_ignored_for_an_editor(editor_client, etablissements_bytes, commune_a):
    url = reverse(IMPORT_URL)
    dry_run = editor_client.post(url, {"file": upload(etablissements_bytes), "create_communes": "on"})
    editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert list(Commune.objects.values_list("code_insee", flat=True)) == ["35288"]
    assert set(School.objects.values_list("uai", flat=True)) == SAINT_MALO_UAI


def test_malformed_upload_shows_the_errors_with_lines_and_writes_nothing(
    superuser_client, etablissements_bytes, existing_data
):
    data = variant(etablissements_bytes, 5, b"0350896J", b"035089J")
    data = variant(data, 7, b"0350708E", b"0350916F")
    response = superuser_client.post(reverse(IMPORT_URL), {"file": upload(data), "create_communes": "on"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Le fichier est refusé : 2 erreurs. Rien n'a été modifié." in html
    assert "Ligne 5 : code UAI « 035089J » invalide" in html
    assert "Ligne 7 : le code UAI 0350916F figure déjà ligne 4." in html
    assert "confirm_token" not in response.context
    assert database_state() == existing_data


def test_upload_larger_than_the_setting_is_refused(superuser_client, etablissements_bytes, settings):
    settings.MON_ENFANT_IMPORT_MAX_BYTES = 100
    response = superuser_client.post(reverse(IMPORT_URL), {"file": upload(etablissements_bytes)})
    assert response.context["form"].errors["file"] == ["Fichier trop volumineux."]
    assert School.objects.count() == 0
