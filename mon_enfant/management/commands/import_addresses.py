"""Load a Base Adresse Nationale file (adresses-XXXXX.csv) into the local address index."""

from mon_enfant.addresses.ban import import_addresses
from mon_enfant.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Charge un fichier de la Base Adresse Nationale (adresses-XXXXX.csv, 22 ou 23 colonnes) dans l'index "
        "local des adresses. Les voies et adresses des communes du fichier sont remplacées."
    )
    commune_help = "Ne garder que les adresses de cette commune (répétable)."
    create_communes = True

    def run_import(self, path, data, *, communes, dry_run, create_communes, **options):
        return import_addresses(data, communes=communes, create_communes=create_communes, dry_run=dry_run)
