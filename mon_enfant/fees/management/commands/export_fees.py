"""Export fee grids in the import format: to archive them, or to prepare next year's in a spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.fees.importers import export_fees
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_error


class Command(BaseCommand):
    help = "Exporte les grilles tarifaires publiées au format d'import (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Seulement cette commune (répétable).")
        parser.add_argument("--school-year", action="append", default=[], metavar="2026-2027",
                            help="Seulement cette année scolaire (répétable).")
        parser.add_argument("--drafts", action="store_true",
                            help="Exporter la dernière version de chaque grille, brouillons compris.")
        parser.add_argument("-o", "--output", help="Fichier à écrire (par défaut : la sortie standard).")

    def handle(self, commune, school_year, drafts, output, **options):
        try:
            years = [str(SchoolYear.parse(year)) for year in school_year]
        except SchoolYearError as exc:
            raise CommandError(school_year_error(exc)) from exc
        text = export_fees(communes=commune or None, school_years=years or None, drafts=drafts)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
