"""The shape every import command shares: a FILE, ``--commune INSEE`` (repeatable), ``--dry-run``, a
refusal that lists every error with its line and changes nothing, and the report's lines."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.csvfiles import ImportFileError

MAX_ERRORS_SHOWN = 200


class ImportCommand(BaseCommand):
    commune_help = "Ne garder que les lignes de cette commune (répétable)."
    create_communes = False  # offer --create-communes

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE", help=self.commune_help)
        if self.create_communes:
            parser.add_argument("--create-communes", action="store_true",
                                help="Créer les communes absentes au lieu d'ignorer leurs lignes.")
        self.add_import_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien enregistrer.")

    def add_import_arguments(self, parser):
        """Options of one import, besides the shared ones."""

    def run_import(self, path, data, *, communes, dry_run, **options):
        """Import ``data`` (the file's bytes) and return a report with ``summary_lines()``."""
        raise NotImplementedError

    def handle(self, file, commune, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = self.run_import(path, path.read_bytes(), communes=commune or None, dry_run=dry_run, **options)
        except ImportFileError as exc:
            for error in exc.errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(str(error))
            raise CommandError(f"Fichier refusé ({len(exc.errors)} erreur(s)) : rien n'a été modifié.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
