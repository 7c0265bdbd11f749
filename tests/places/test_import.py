"""import_places: CSV and GeoJSON in, validated with line (or feature) numbers, atomic, a dry run that
changes nothing, re-imports that update by key instead of duplicating, and the coordinates of a place
typed without them taken from the commune's address index."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mon_enfant.addresses.models import Street
from mon_enfant.addresses.parsing import street_key
from mon_enfant.csvfiles import ImportFileError
from mon_enfant.places.importers import import_places
from mon_enfant.places.models import OpeningSlot, Place
from tests.places.data import PLACES_CSV

HEADER = "nom;categorie;adresse;latitude;longitude;telephone;courriel;site_web;age_min;age_max;horaires;fermetures"


def csv(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def refusal(data, **options):
    with pytest.raises(ImportFileError) as caught:
        import_places(data, **options)
    return [str(error) for error in caught.value.errors]


def geojson(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def point(lon, lat, **properties):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"nom": "Crèche du Port", "categorie": "creche", **properties}}


@pytest.fixture
def saint_malo(commune_a):
    return commune_a


def test_the_csv_file_imports_every_place_with_its_hours(saint_malo):
    report = import_places(PLACES_CSV.read_bytes())
    assert len(report.created) == 7
    assert Place.objects.filter(commune=saint_malo).count() == 7
    creche = Place.objects.get(key="creche-rocabey")
    assert creche.category.code == "creche"
    assert (creche.latitude, creche.longitude) == (Decimal("48.644000"), Decimal("-2.007000"))
    assert creche.phone == "02 99 40 71 71"
    assert [(s.weekday, s.opens.isoformat(), s.closes.isoformat()) for s in creche.opening_slots.all()] == [
        (day, "07:30:00", "18:30:00") for day in range(1, 6)]
    closure = creche.closures.get()
    assert (closure.start.isoformat(), closure.end.isoformat(), closure.hours, closure.label) == (
        "2026-12-24", "2027-01-01", "", "Vacances de Noël")
    # A category given by its label, a phone in the international form.
    assert Place.objects.get(key="rpe-intra-muros").category.code == "relais-petite-enfance"
    assert Place.objects.get(key="alsh-marville").phone == "02 99 81 00 00"
    assert Place.objects.get(key="alsh-marville").closures.get().hours == "08:00-18:00"


def test_a_reimport_updates_by_key_and_never_duplicates(saint_malo):
    import_places(PLACES_CSV.read_bytes())
    again = import_places(PLACES_CSV.read_bytes())
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 7)
    changed = PLACES_CSV.read_bytes().replace(b"lu-ve 07:30-18:30", b"lu-ve 07:30-19:00")
    third = import_places(changed)
    assert third.updated == ["Multi-accueil de Rocabey"] and len(third.unchanged) == 6
    assert Place.objects.count() == 7
    assert OpeningSlot.objects.filter(place__key="creche-rocabey", closes="19:00").count() == 5


def test_a_dry_run_reports_and_changes_nothing(saint_malo):
    report = import_places(PLACES_CSV.read_bytes(), dry_run=True)
    assert len(report.created) == 7 and "Simulation : rien n'a été enregistré." in report.summary_lines()
    assert not Place.objects.exists() and not OpeningSlot.objects.exists()


def test_the_key_defaults_to_the_name(saint_malo):
    import_places(csv("Crèche Les P'tits Loups;creche;;48.65;-2.01;;;;;;;"), commune="35288")
    assert Place.objects.get().key == "creche-les-p-tits-loups"


@pytest.mark.parametrize(("row", "message"), [
    ("Crèche;inconnue;;48.65;-2.01;;;;;;;", "Ligne 3 : categorie « inconnue » inconnue ; les catégories sont :"),
    ("Crèche;creche;;-2.01;48.65;;;;;;;", "semblent inversées"),
    ("Crèche;creche;;40.7;-74.0;;;;;;;", "Ligne 3 : Latitude 40.7, longitude -74.0 : ce point n'est pas en France."),
    ("Crèche;creche;;48.65;;;;;;;;", "Ligne 3 : latitude et longitude : donnez les deux, ou aucune."),
    ("Crèche;creche;;48.65;-2.01;12 34 56;;;;;;", "Ligne 3 : telephone : « 12 34 56 » n'est pas un numéro"),
    ("Crèche;creche;;48.65;-2.01;;pas-une-adresse;;;;;", "Ligne 3 : courriel « pas-une-adresse » n'est pas une"),
    ("Crèche;creche;;48.65;-2.01;;;javascript:alert(1);;;;", "Ligne 3 : site_web « javascript:alert(1) »"),
    ("Crèche;creche;;48.65;-2.01;;;;6;3;;", "l'âge maximum (3 ans) est inférieur à l'âge minimum (6 ans)"),
    ("Crèche;creche;;48.65;-2.01;;;;x;;;", "Ligne 3 : age_min : âge « x » : un nombre entier d'années"),
    ("Crèche;creche;;48.65;-2.01;;;;;;lu-ve 18:00-08:00;", "horaires : « 18:00-08:00 » : l'heure de fermeture"),
    ("Crèche;creche;;48.65;-2.01;;;;;;xx 08:00-12:00;", "horaires : « xx » n'est pas un jour"),
    ("Crèche;creche;;48.65;-2.01;;;;;;;2027-02-30 Fermé", "fermetures : « 2027-02-30 » n'est pas une date"),
    ("Crèche;ecole;;48.65;-2.01;;;;;;;", "les écoles viennent de l'annuaire des écoles"),
    (";creche;;48.65;-2.01;;;;;;;", "Ligne 3 : nom est obligatoire."),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_changes(saint_malo, row, message):
    good = "Crèche du Port;creche;;48.65;-2.01;;;;;;;"
    errors = refusal(csv(good, row), commune="35288")
    assert any(message in error for error in errors), errors
    assert not Place.objects.exists()


def test_a_key_given_twice_is_refused(saint_malo):
    errors = refusal(csv("Crèche;creche;;48.65;-2.01;;;;;;;", "Crèche;creche;;48.66;-2.01;;;;;;;"), commune="35288")
    assert errors == ["Ligne 3 : l'identifiant « creche » est déjà celui du lieu 2."]


def test_rows_of_other_communes_are_skipped_for_an_editor(saint_malo, commune_b):
    data = csv("Crèche A;creche;;48.65;-2.01;;;;;;;", "Crèche B;creche;;48.40;-1.76;;;;;;;",
               header=HEADER.replace("nom;", "nom;code_insee;", 1)).replace(b"A;creche", b"A;35288;creche").replace(
        b"B;creche", b"B;35085;creche")
    report = import_places(data, allowed_communes=[saint_malo])
    assert [place.name for place in Place.objects.all()] == ["Crèche A"]
    assert report.skipped_not_allowed == {"35085": 1}


def test_geojson_points_import_longitude_first(saint_malo):
    report = import_places(geojson(point(-2.01, 48.65, identifiant="port", horaires="lu-ve 08:00-18:00")),
                           commune="35288")
    place = Place.objects.get()
    assert report.format == "GeoJSON" and (place.latitude, place.longitude) == (Decimal("48.65"), Decimal("-2.01"))
    assert place.opening_slots.count() == 5


@pytest.mark.parametrize(("feature", "message"), [
    ({**point(-2.01, 48.65), "geometry": None}, "Lieu n° 1 (« Crèche du Port ») : pas de géométrie"),
    ({**point(-2.01, 48.65), "geometry": {"type": "Polygon", "coordinates": []}}, "géométrie « Polygon »"),
    (point(48.65, -2.01), "semblent inversées"),
    (point(-2.01, 48.65, categorie="zoo"), "categorie « zoo » inconnue"),
    (point(-2.01, 48.65, telephone=["02"]), "telephone : un texte ou un nombre est attendu."),
    ({**point(-2.01, 48.65), "geometry": {"type": "Point", "coordinates": ["-2", "48"]}}, "[longitude, latitude]"),
    ("not a feature", "Lieu n° 1 : une Feature est attendue."),
])
def test_a_bad_feature_is_refused_with_its_number(saint_malo, feature, message):
    errors = refusal(geojson(point(-2.0, 48.6, identifiant="ok"), feature), commune="35288")
    assert any(message.replace("n° 1", "n° 2") in error for error in errors), errors
    assert not Place.objects.exists()


def test_broken_json_is_refused_with_its_line(saint_malo):
    errors = refusal(b'{"type": "FeatureCollection",\n "features": [\n}', commune="35288")
    assert errors[0].startswith("Ligne 3 : JSON illisible")


def test_an_export_school_feature_is_skipped(saint_malo):
    report = import_places(geojson(point(-2.0, 48.6), point(-2.0, 48.6, nom="École", categorie="ecole",
                                                            source="ecole")), commune="35288")
    assert report.schools_skipped == 1 and Place.objects.count() == 1


def test_a_place_without_coordinates_takes_its_address_point(saint_malo):
    Street.objects.create(commune=saint_malo, key=street_key("Rue de la Gare"), label="Rue de la Gare",
                          latitude=Decimal("48.64"), longitude=Decimal("-2.00"))
    report = import_places(csv("Crèche de la gare;creche;rue de la Gare;;;;;;;;;",
                               "Crèche perdue;creche;rue Inconnue;;;;;;;;;"), commune="35288")
    assert report.located_from_address == ["Crèche de la gare"]
    assert report.without_position == ["Crèche perdue"]
    assert Place.objects.get(name="Crèche de la gare").latitude == Decimal("48.64")


def test_the_command_imports_and_refuses(saint_malo, tmp_path, capsys):
    call_command("import_places", str(PLACES_CSV), "--dry-run")
    assert "7 lieux créés" in capsys.readouterr().out and not Place.objects.exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv("Crèche;zoo;;48.65;-2.01;;;;;;;"))
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("import_places", str(bad), "--commune", "35288")


def test_the_site_starts_with_the_default_categories_and_keeps_the_webmasters_choice(db):
    from mon_enfant.places.defaults import DEFAULT_CATEGORIES, create_default_categories
    from mon_enfant.places.models import PlaceCategory

    assert sorted(PlaceCategory.objects.values_list("code", flat=True)) == sorted(c[0] for c in DEFAULT_CATEGORIES)
    PlaceCategory.objects.filter(code="pmi").delete()
    create_default_categories()  # a later migrate brings nothing back
    assert not PlaceCategory.objects.filter(code="pmi").exists()
    PlaceCategory.objects.all().delete()
    create_default_categories()  # an empty site (a flushed database) gets them again
    assert PlaceCategory.objects.count() == len(DEFAULT_CATEGORIES)
