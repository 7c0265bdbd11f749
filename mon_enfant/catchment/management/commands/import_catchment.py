"""Import a carte scolaire: the national collèges file, the simple écoles CSV or GeoJSON zones."""

from mon_enfant.catchment.importers import import_catchment
from mon_enfant.catchment.logic import LEVELS
from mon_enfant.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe une carte scolaire (fichier national des collèges, CSV simple des écoles ou zones GeoJSON). "
        "Les règles de chaque commune, niveau et année scolaire du fichier sont remplacées."
    )
    create_communes = True

    def add_import_arguments(self, parser):
        parser.add_argument("--level", choices=LEVELS, default=None,
                            help="Niveau du fichier national (collège par défaut) ; niveau par défaut des lignes "
                                 "du CSV simple et des zones qui n'en donnent pas.")
        parser.add_argument("--school-year", default="", metavar="AAAA-AAAA",
                            help="Année scolaire des règles qui n'en donnent pas (vide : toutes les années).")

    def run_import(self, path, data, *, communes, dry_run, create_communes, level, school_year, **options):
        return import_catchment(data, filename=path.name, communes=communes, create_communes=create_communes,
                                level=level, school_year=school_year, dry_run=dry_run)
