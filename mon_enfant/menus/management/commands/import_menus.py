"""Import canteen menus from a SCDL "menus-collectifs" file (one row per dish): the file a caterer or a cuisine
centrale sends, or a commune's open-data file."""

from django.core.management.base import CommandError

from mon_enfant.management.base import ImportCommand
from mon_enfant.menus.importers import import_menus


class Command(ImportCommand):
    help = "Importe des menus au format SCDL « menus collectifs » (CSV, une ligne par plat)."
    commune_help = ("Commune des restaurants quand le fichier n'a pas de colonne menuRestaurantInsee ; les lignes "
                    "d'autres communes sont alors ignorées.")

    def run_import(self, path, data, *, communes, dry_run, **options):
        if communes and len(communes) > 1:
            raise CommandError("--commune : une seule commune par import de menus.")
        return import_menus(data, commune=communes[0] if communes else None, dry_run=dry_run)
