"""Import a carte scolaire: the national collèges file, the simple écoles CSV or GeoJSON zones."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.catchment.importers import import_catchment
from mon_enfant.catchment.logic import LEVELS
from mon_enfant.csvfiles import ImportFileError


class Command(BaseCommand):
    help = (
        "Importe une carte scolaire (fichier national des collèges, CSV simple des écoles ou zones GeoJSON). "
        "Les règles de chaque commune, niveau et année scolaire du fichier sont remplacées."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Ne garder que les lignes de cette commune (répétable).")
        parser.add_argument("--create-communes", action="store_true",
                            help="Créer les communes absentes au lieu d'ignorer leurs lignes.")
        parser.add_argument("--level", choices=LEVELS, default=None,
                            help="Niveau du fichier national (collège par défaut) ; niveau par défaut des lignes "
                                 "du CSV simple et des zones qui n'en donnent pas.")
        parser.add_argument("--school-year", default="", metavar="AAAA-AAAA",
                            help="Année scolaire des règles qui n'en donnent pas (vide : toutes les années).")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien enregistrer.")

    def handle(self, file, commune, create_communes, level, school_year, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = import_catchment(
                path.read_bytes(), filename=path.name, communes=commune or None, create_communes=create_communes,
                level=level, school_year=school_year, dry_run=dry_run,
            )
        except ImportFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Fichier refusé ({len(exc.errors)} erreur(s)) : rien n'a été modifié.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
