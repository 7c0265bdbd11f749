"""Export canteen menus as a SCDL "menus-collectifs" file: for the open-data portal, or to archive them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mon_enfant.menus import logic, wording
from mon_enfant.menus.importers import export_menus, menus_for_export
from mon_enfant.menus.models import Restaurant


class Command(BaseCommand):
    help = "Exporte les menus au format SCDL « menus collectifs » (CSV, séparateur « , »)."

    def add_arguments(self, parser):
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Seulement cette commune (répétable).")
        parser.add_argument("--from", dest="start", required=True, metavar="AAAA-MM-JJ", help="Premier jour.")
        parser.add_argument("--to", dest="end", required=True, metavar="AAAA-MM-JJ", help="Dernier jour.")
        parser.add_argument("-o", "--output", help="Fichier à écrire (par défaut : la sortie standard).")

    def handle(self, commune, start, end, output, **options):
        try:
            first, last = logic.parse_date(start), logic.parse_date(end)
            logic.check_range(first, last)
        except logic.MenuValueError as exc:
            raise CommandError(wording.value_error(exc, "--from/--to")) from exc
        restaurants = Restaurant.objects.all()
        if commune:
            restaurants = restaurants.filter(commune__code_insee__in=[code.upper() for code in commune])
        text = export_menus(menus_for_export(restaurants, first, last))
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
