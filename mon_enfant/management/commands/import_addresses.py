"""Load a Base Adresse Nationale file (adresses-XXXXX.csv) into the local address index."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.addresses.ban import import_addresses
from mon_enfant.csvfiles import ImportFileError


class Command(BaseCommand):
    help = (
        "Charge un fichier de la Base Adresse Nationale (adresses-XXXXX.csv, 22 ou 23 colonnes) dans l'index "
        "local des adresses. Les voies et adresses des communes du fichier sont remplacées."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Ne garder que les adresses de cette commune (répétable).")
        parser.add_argument("--create-communes", action="store_true",
                            help="Créer les communes absentes au lieu d'ignorer leurs lignes.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien enregistrer.")

    def handle(self, file, commune, create_communes, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = import_addresses(
                path.read_bytes(), communes=commune or None, create_communes=create_communes, dry_run=dry_run
            )
        except ImportFileError as exc:
            for error in exc.errors[:200]:
                self.stderr.write(str(error))
            raise CommandError(f"Fichier refusé ({len(exc.errors)} erreur(s)) : rien n'a été modifié.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
