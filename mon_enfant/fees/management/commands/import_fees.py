"""Import fee grids from a CSV file (format in docs/fees.md): publish them, schedule them, or keep them
as drafts to review in the admin."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mon_enfant.csvfiles import ImportFileError
from mon_enfant.fees.importers import import_fees


def parse_go_live(text):
    """ "2027-07-01" (midnight, local time) or "2027-07-01 08:00"."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return timezone.make_aware(moment)
    raise CommandError(f"Date de publication « {text} » invalide (attendu AAAA-MM-JJ ou AAAA-MM-JJ HH:MM).")


class Command(BaseCommand):
    help = "Importe des grilles tarifaires (CSV, une ligne par tranche) et les publie."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commune", action="append", default=[], metavar="INSEE",
                            help="Ne garder que les grilles de cette commune (répétable).")
        parser.add_argument("--draft", action="store_true",
                            help="Enregistrer comme brouillons, à relire et publier dans l'administration.")
        parser.add_argument("--go-live", metavar="DATE",
                            help="Programmer la publication à cette date (AAAA-MM-JJ [HH:MM], heure locale) ; "
                                 "la commande publish_scheduled la fait le moment venu.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien enregistrer.")

    def handle(self, file, commune, draft, go_live, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        if draft and go_live:
            raise CommandError("--draft et --go-live s'excluent : un brouillon n'a pas de date de publication.")
        go_live_at = parse_go_live(go_live) if go_live else None
        try:
            report = import_fees(path.read_bytes(), communes=commune or None, publish=not draft,
                                 go_live_at=go_live_at, dry_run=dry_run)
        except ImportFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Fichier refusé ({len(exc.errors)} erreur(s)) : rien n'a été modifié.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
