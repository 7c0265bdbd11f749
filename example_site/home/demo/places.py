"""Demo data of the services map, loaded by ``load_demo``: 32 places of the demo commune in 11 categories
(crèches, relais petite enfance, accueils périscolaires and de loisirs, médiathèques, ludothèques,
équipements sportifs, conservatoire, PMI, aires de jeux, accueils de la mairie) with their hours and
exceptions, imported from ``lieux-saint-malo.csv`` by the package's importer as a commune imports its own
file; the schools appear from the school directory; and the page at /carte/. Idempotent: a re-import
updates the places by their key."""

from mon_enfant.places.importers import import_places
from mon_enfant.places.pages import PlacesMapPage

PLACES_FILE = "lieux-saint-malo.csv"


def load_demo(command, commune, home, folder):
    report = import_places((folder / PLACES_FILE).read_bytes(), commune=commune.code_insee)
    command.stdout.write("Lieux : " + " ".join(str(line) for line in report.summary_lines()))
    command.ensure_child(
        home,
        PlacesMapPage,
        slug="carte",
        title="Carte des services enfance",
        search_description="Crèches, accueils de loisirs, médiathèques, équipements sportifs : les services pour "
                           "les enfants de Saint-Malo, sur une carte et en liste.",
        intro="<p>Trouvez les services pour les enfants près de chez vous : filtrez par catégorie et par âge, ou "
              "indiquez votre adresse pour voir les plus proches. Pour toute question, le guichet unique famille "
              "vous répond.</p>",
        communes=[commune],
    )
