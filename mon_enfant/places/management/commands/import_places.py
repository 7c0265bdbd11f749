"""Import the places of the services map from a CSV table or a GeoJSON FeatureCollection of points."""

from django.core.management.base import CommandError

from mon_enfant.management.base import ImportCommand
from mon_enfant.places.importers import import_places


class Command(ImportCommand):
    help = "Importe les lieux de la carte des services enfance (CSV ou GeoJSON de points)."
    commune_help = ("Commune des lieux quand le fichier n'a pas de colonne code_insee ; les lieux d'autres communes "
                    "sont alors ignorés.")

    def run_import(self, path, data, *, communes, dry_run, **options):
        if communes and len(communes) > 1:
            raise CommandError("--commune : une seule commune par import de lieux.")
        return import_places(data, commune=communes[0] if communes else None, dry_run=dry_run)
