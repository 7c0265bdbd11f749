"""Demo data of "Trouver mon école" for the demo commune (called by ``manage.py load_demo``).

Loads, from ``example_site/fixtures/saint-malo/``: the local address index (a synthetic extract in the BAN format),
the collège sectorisation (verbatim rows of the national file) and the écoles' sectorisation (our simple
format). Idempotent: each import replaces what the previous run loaded, and the previous runs' import
records of these files are dropped so the history does not grow with every ``load_demo``.
"""

from mon_enfant.addresses.ban import import_addresses
from mon_enfant.catchment.importers import import_catchment
from mon_enfant.catchment.models import CatchmentImport
from mon_enfant.catchment.pages import CatchmentLookupPage

ADDRESSES_FILE = "adresses-35288-demo.csv"
COLLEGES_FILE = "carte-scolaire-colleges-saint-malo.csv"
ECOLES_FILE = "sectorisation-ecoles-saint-malo.csv"


def load_demo(command, commune, home, folder):
    """Load the demo commune's address index and carte scolaire (collèges, maternelles, élémentaires)."""
    addresses = folder / ADDRESSES_FILE
    if addresses.is_file():
        report = import_addresses(addresses.read_bytes(), communes=[commune.code_insee])
        command.stdout.write(" ".join(report.summary_lines()))
    CatchmentImport.objects.filter(commune=commune, filename__in=[COLLEGES_FILE, ECOLES_FILE]).delete()
    for filename, level in ((COLLEGES_FILE, "college"), (ECOLES_FILE, None)):
        path = folder / filename
        if not path.is_file():
            continue
        report = import_catchment(path.read_bytes(), filename=filename, communes=[commune.code_insee], level=level)
        command.stdout.write(" ".join(report.summary_lines()))

    command.ensure_child(
        home, CatchmentLookupPage, slug="trouver-mon-ecole", title="Trouver mon école",
        search_description="L'école ou le collège de votre secteur, à partir de votre adresse.",
        communes=[commune], levels=["maternelle", "elementaire", "college"],
        intro="<p>Tapez votre adresse et choisissez le niveau : vous saurez de quelle école publique ou de quel "
              "collège elle dépend (données de démonstration).</p>",
        derogation_text="<p>Vous souhaitez inscrire votre enfant dans une autre école que celle de votre secteur ? "
                        "Adressez une demande de dérogation motivée au service Éducation – Enfance avant le "
                        "31 mars. Pour le collège, la demande se fait auprès de la direction académique, via "
                        "l'école de votre enfant.</p>",
    )
