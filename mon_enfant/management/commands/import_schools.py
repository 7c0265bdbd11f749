"""Import schools from the national "établissements d'enseignement" CSV or the simple format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.csvfiles import ImportFileError
from mon_enfant.importers import import_schools


class Command(BaseCommand):
    help = "Importe des écoles (fichier national des établissements ou CSV simple)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Ne garder que les écoles de cette commune (répétable).")
        parser.add_argument("--create-communes", action="store_true",
                            help="Créer les communes absentes au lieu d'ignorer leurs lignes.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien enregistrer.")

    def handle(self, file, commune, create_communes, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = import_schools(
                path.read_bytes(), communes=commune or None, create_communes=create_communes, dry_run=dry_run
            )
        except ImportFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Fichier refusé ({len(exc.errors)} erreur(s)) : rien n'a été modifié.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
