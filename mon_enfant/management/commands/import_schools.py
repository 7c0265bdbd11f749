"""Import schools from the national "établissements d'enseignement" CSV or the simple format."""

from mon_enfant.importers import import_schools
from mon_enfant.management.base import ImportCommand


class Command(ImportCommand):
    help = "Importe des écoles (fichier national des établissements ou CSV simple)."
    commune_help = "Ne garder que les écoles de cette commune (répétable)."
    create_communes = True

    def run_import(self, path, data, *, communes, dry_run, create_communes, **options):
        return import_schools(data, communes=communes, create_communes=create_communes, dry_run=dry_run)
