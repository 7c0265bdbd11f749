"""Demo data of the fees, loaded by ``load_demo``: the commune's QF settings, two school years of grids
(example_site/fixtures/saint-malo/tarifs-*.csv, in the import format) and the page at /tarifs/. Idempotent: grids are
re-imported (replaced), services and settings updated in place."""

from mon_enfant.fees.importers import import_fees
from mon_enfant.fees.models import FeeSettings, Service
from mon_enfant.fees.pages import FeeCalculatorPage

DESCRIPTIONS = {
    "restauration-scolaire": "Le déjeuner à l'école, de la petite section au CM2. Un PAI alimentaire permet "
                             "d'apporter un panier repas à tarif réduit.",
    "accueil-periscolaire": "Matin (7 h 30 – 8 h 30) et soir (16 h 30 – 18 h 30), facturé à la demi-heure.",
    "accueil-de-loisirs": "Mercredis et vacances scolaires, à la journée, repas compris.",
    "etude-surveillee": "Après la classe, de 16 h 30 à 17 h 30, du CP au CM2.",
}


def load_demo(command, commune, home, folder):
    FeeSettings.objects.update_or_create(
        commune=commune,
        defaults={"qf_help": "Il figure sur votre attestation de quotient familial CAF ou MSA (espace « Mon "
                             "compte » du site caf.fr ou msa.fr)."},
    )
    for path in sorted(folder.glob("tarifs-*.csv")):
        report = import_fees(path.read_bytes(), communes=[commune.code_insee])
        command.stdout.write(f"{path.name} : " + " ".join(str(line) for line in report.summary_lines()))
    for service in Service.objects.filter(commune=commune, slug__in=DESCRIPTIONS):
        if service.description != DESCRIPTIONS[service.slug]:
            service.description = DESCRIPTIONS[service.slug]
            service.save()
    command.ensure_child(
        home,
        FeeCalculatorPage,
        slug="tarifs",
        title="Quotient familial et tarifs",
        search_description="Le prix de la cantine, du périscolaire, de l'accueil de loisirs et de l'étude "
                           "selon votre quotient familial.",
        intro="<p>Simulez le prix de chaque service à partir de votre quotient familial, et consultez les "
              "grilles votées par le conseil municipal.</p>",
        communes=[commune],
    )
