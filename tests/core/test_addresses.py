"""The local address index: ``import_addresses`` loads a Base Adresse Nationale ``adresses-XXXXX.csv``
into streets and numbered addresses.

The sample is ``tests/data/ban-adresses-38002-extrait.csv`` (Les Adrets, 38002; the 22-column
layout, ``;``, LF, no FANTOIR ids, ``nom_ld`` set). Its nine rows, line by line (line 1 is the header):

=====  ======  ===================  ==========  =========
lines  numero  nom_voie             lat         lon
=====  ======  ===================  ==========  =========
2-5    10-40   Allée des Terrasses  45.2567..   5.9955..
6-10   35-105  Chemin des Bruns     45.2721..   5.9633..
=====  ======  ===================  ==========  =========

Current BAN files add a 23rd column, ``cad_parcelles``; the tests add it to the same rows.
"""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mon_enfant.addresses.ban import BAN_COLUMNS, import_addresses
from mon_enfant.catchment import services
from mon_enfant.catchment.models import RulesetVersion
from mon_enfant.models import Address, Commune, Street

from ..conftest import TEST_DATA

pytestmark = pytest.mark.django_db

BAN_SAMPLE = TEST_DATA / "ban-adresses-38002-extrait.csv"
LES_ADRETS = "38002"


@pytest.fixture
def ban():
    return BAN_SAMPLE.read_bytes()


@pytest.fixture
def les_adrets(db):
    return Commune.objects.create(name="Les Adrets", code_insee=LES_ADRETS)


def with_cad_parcelles(data):
    """The same rows in the current 23-column layout."""
    lines = data.decode("utf-8").splitlines()
    lines = [lines[0] + ";cad_parcelles"] + [line + ";38002000AB0042" for line in lines[1:]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def replace_on_line(data, line, old, new):
    lines = data.decode("utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} is not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines).encode("utf-8")


def row(**values):
    """One BAN row of Les Adrets, with the given columns changed."""
    base = {"id": "38002_abcd_00001", "numero": "1", "nom_voie": "Route de Prapoutel", "code_postal": "38190",
            "code_insee": LES_ADRETS, "nom_commune": "Les Adrets", "lon": "5.99", "lat": "45.26"}
    base.update(values)
    return ";".join(base.get(name, "") for name in BAN_COLUMNS)


def ban_file(*rows):
    return ("\n".join([";".join(BAN_COLUMNS), *rows]) + "\n").encode("utf-8")


def run(tmp_path, data, *args):
    path = tmp_path / "adresses-38002.csv"
    path.write_bytes(data)
    out, err = StringIO(), StringIO()
    try:
        call_command("import_addresses", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def index_state():
    return (
        sorted(Street.objects.values_list("commune__code_insee", "key", "label", "lieu_dit")),
        sorted(Address.objects.values_list("street__key", "number", "repetition", "latitude", "longitude")),
        RulesetVersion.current(),
    )


# --- Loading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["22 columns", "23 columns (cad_parcelles)"])
def test_ban_file_gives_one_street_per_name_and_one_address_per_row(tmp_path, ban, les_adrets, layout):
    data = ban if layout == "22 columns" else with_cad_parcelles(ban)
    out, err, error = run(tmp_path, data)
    assert error is None, err
    assert sorted(Street.objects.values_list("label", "key", "ban_id", "postcode")) == [
        ("Allée des Terrasses", "ALLEE TERRASSES", "38002_wg4wtw", "38190"),
        ("Chemin des Bruns", "CHEMIN BRUNS", "38002_wngc6j", "38190"),
    ]
    assert Address.objects.count() == 9
    assert "2 voies et 9 adresses créées" in out


def test_an_address_keeps_its_number_its_id_and_its_position(tmp_path, ban, les_adrets):
    run(tmp_path, ban)
    address = Address.objects.get(street__key="CHEMIN BRUNS", number=105)  # line 10
    assert (address.ban_id, str(address.latitude), str(address.longitude), address.repetition) == (
        "38002_wngc6j_00105", "45.272182", "5.964291", "",
    )


def test_a_street_is_placed_at_the_mean_of_its_addresses(tmp_path, ban, les_adrets):
    run(tmp_path, ban)
    street = Street.objects.get(key="ALLEE TERRASSES")  # lines 2 to 5
    assert float(street.latitude) == pytest.approx((45.256792 + 45.256705 + 45.256751 + 45.256682) / 4, abs=1e-6)
    assert float(street.longitude) == pytest.approx((5.99575 + 5.995791 + 5.995531 + 5.995569) / 4, abs=1e-6)


@pytest.mark.parametrize(("rep", "stored"), [("bis", "BIS"), ("ter", "TER"), ("a", "A"), ("B", "B"), ("", "")])
def test_repetition_indexes_are_normalised(tmp_path, les_adrets, rep, stored):
    run(tmp_path, ban_file(row(numero="7", rep=rep)))
    assert Address.objects.get().repetition == stored


def test_a_toponym_numbered_99999_makes_a_street_without_address(tmp_path, les_adrets):
    out, _err, _error = run(tmp_path, ban_file(row(numero="99999", nom_voie="Le Bessay"), row(numero="3")))
    assert sorted(Street.objects.values_list("label", flat=True)) == ["Le Bessay", "Route de Prapoutel"]
    assert list(Address.objects.values_list("street__label", flat=True)) == ["Route de Prapoutel"]
    assert "1 lieux-dits sans numéro" in out


def test_the_same_street_name_in_two_communes_deleguees_makes_two_streets(tmp_path, les_adrets):
    run(tmp_path, ban_file(
        row(numero="1", nom_voie="Rue de l'Église", nom_ancienne_commune="Lanhelin"),
        row(numero="2", nom_voie="Rue de l'Eglise", nom_ancienne_commune="Tressé"),
        row(numero="3", nom_voie="rue de l'église", nom_ancienne_commune="Tressé"),
    ))
    assert sorted(Street.objects.values_list("key", "lieu_dit", "label")) == [
        ("RUE EGLISE", "Lanhelin", "Rue de l'Église"),
        ("RUE EGLISE", "Tressé", "Rue de l'Eglise"),  # the first spelling met is kept as the label
    ]


def test_a_repeated_address_is_kept_once(tmp_path, les_adrets):
    out, _err, _error = run(tmp_path, ban_file(row(numero="5"), row(numero="5", id="38002_abcd_00005_dup")))
    assert Address.objects.count() == 1
    assert "1 adresses en double ignorées." in out


# --- Communes, replacement, dry run -------------------------------------------------------------


def test_rows_of_an_unknown_commune_are_skipped_and_reported(tmp_path, ban):
    out, _err, error = run(tmp_path, ban)
    assert error is None
    assert not Street.objects.exists()
    assert "9 lignes ignorées : commune 38002 inconnue (utilisez --create-communes)." in out


def test_create_communes_creates_the_commune_with_its_name(tmp_path, ban):
    run(tmp_path, ban, "--create-communes")
    assert list(Commune.objects.values_list("code_insee", "name")) == [(LES_ADRETS, "Les Adrets")]


def test_commune_option_keeps_only_the_named_communes(tmp_path, les_adrets):
    data = ban_file(row(), row(code_insee="38001", nom_commune="Les Abrets"))
    out, _err, _error = run(tmp_path, data, "--commune", LES_ADRETS, "--create-communes")
    assert list(Street.objects.values_list("commune__code_insee", flat=True)) == [LES_ADRETS]
    assert "1 lignes d'autres communes ignorées (filtre --commune)." in out


def test_reimporting_replaces_the_communes_streets_and_bumps_the_stamp_once(tmp_path, ban, les_adrets):
    run(tmp_path, ban)
    before = RulesetVersion.current()
    first_ids = set(Street.objects.values_list("pk", flat=True))
    out, _err, _error = run(tmp_path, ban_file(row()))
    assert list(Street.objects.values_list("label", flat=True)) == ["Route de Prapoutel"]
    assert Address.objects.count() == 1
    assert not first_ids & set(Street.objects.values_list("pk", flat=True))
    assert RulesetVersion.current() == before + 1
    assert "(remplacent 2 voies et 9 adresses)" in out


def test_reimporting_leaves_other_communes_alone(tmp_path, ban, les_adrets):
    other = Commune.objects.create(name="Saint-Malo", code_insee="35288")
    Street.objects.create(commune=other, label="Rue de Metz", key="RUE METZ")
    run(tmp_path, ban)
    assert Street.objects.filter(commune=other).count() == 1


def test_dry_run_changes_nothing(tmp_path, ban, les_adrets):
    before = index_state()
    out, _err, _error = run(tmp_path, ban, "--dry-run")
    assert index_state() == before
    assert "2 voies et 9 adresses créées" in out and "Simulation : rien n'a été enregistré." in out


def test_streets_feed_autocomplete_with_the_communes_own_spelling(tmp_path, ban, les_adrets):
    services.reset()
    run(tmp_path, ban)
    assert services.autocomplete(LES_ADRETS, "chemin des b") == ["Chemin des Bruns"]
    services.reset()


# --- Malformed files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "breaker", "message"),
    [
        ("bad number", lambda d: replace_on_line(d, 4, ";30;", ";trente;"), "Ligne 4 : numéro « trente » invalide."),
        ("bad repetition", lambda d: replace_on_line(d, 5, ";40;;", ";40;zz;"),
         "Ligne 5 : indice de répétition « zz » inconnu."),
        ("bad latitude", lambda d: replace_on_line(d, 6, "45.272229", "452.72229"), "Ligne 6 : coordonnées"),
        ("bad longitude", lambda d: replace_on_line(d, 7, "5.963331", "est"), "Ligne 7 : coordonnées"),
        ("empty street", lambda d: replace_on_line(d, 8, ";Chemin des Bruns;", ";;"),
         "Ligne 8 : nom de voie vide ou illisible."),
        ("bad INSEE", lambda d: replace_on_line(d, 9, ";38002;", ";380;"), "Ligne 9 : code INSEE « 380 » invalide."),
        ("missing column", lambda d: replace_on_line(d, 1, ";lat;", ";latitude;"), "Ligne 1 : colonnes manquantes"),
        ("wrong column count", lambda d: replace_on_line(d, 3, ";Prapoutel;", ";"), "Ligne 3 : 21 colonnes trouvées"),
        ("latin-1 file", lambda d: d.decode("utf-8").encode("latin-1"), "n'est pas encodé en UTF-8"),
        ("empty file", lambda d: b"", "Le fichier est vide."),
    ],
)
def test_malformed_ban_file_is_refused_with_its_line_and_changes_nothing(tmp_path, ban, les_adrets, case, breaker,
                                                                         message):
    run(tmp_path, ban)
    before = index_state()
    _out, err, error = run(tmp_path, breaker(ban))
    assert error is not None and "rien n'a été modifié" in str(error)
    assert message in err
    assert index_state() == before


# --- Size -------------------------------------------------------------------------------------------


def test_a_20000_row_file_is_loaded_in_batches(les_adrets, capsys):
    rows = [
        row(id=f"38002_v{street:04d}_{number:05d}", numero=str(number), nom_voie=f"Rue numéro {street}",
            lat=f"{45.2 + street / 10000:.6f}", lon=f"{5.9 + number / 100000:.6f}")
        for street in range(400) for number in range(1, 51)
    ]
    started = time.perf_counter()
    report = import_addresses(ban_file(*rows))
    elapsed = time.perf_counter() - started
    assert (report.streets_created, report.addresses_created) == (400, 20000)
    assert Address.objects.count() == 20000
    with capsys.disabled():
        print(f"\n  import_addresses: 20,000 rows in {elapsed:.2f} s")


def test_a_house_number_of_thousands_of_digits_is_refused_with_its_line_and_changes_nothing(tmp_path, les_adrets):
    before = index_state()
    out, err, error = run(tmp_path, ban_file(row(), row(id="38002_abcd_00002", numero="9" * 5000)))
    assert "Ligne 3 : numéro de 5000 caractères : 5 chiffres au plus." in str(error) + err
    assert "9" * 50 not in str(error) + err
    assert index_state() == before
