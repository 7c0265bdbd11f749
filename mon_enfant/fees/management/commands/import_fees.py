"""Import fee grids from a CSV file (format in docs/fees.md): publish them, schedule them, or keep them
as drafts to review in the admin."""

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from mon_enfant.fees.importers import import_fees
from mon_enfant.management.base import ImportCommand


def parse_go_live(text):
    """ "2027-07-01" (midnight, local time) or "2027-07-01 08:00"."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return timezone.make_aware(moment)
    raise CommandError(f"Date de publication « {text} » invalide (attendu AAAA-MM-JJ ou AAAA-MM-JJ HH:MM).")


class Command(ImportCommand):
    help = "Importe des grilles tarifaires (CSV, une ligne par tranche) et les publie."
    commune_help = "Ne garder que les grilles de cette commune (répétable)."

    def add_import_arguments(self, parser):
        parser.add_argument("--draft", action="store_true",
                            help="Enregistrer comme brouillons, à relire et publier dans l'administration.")
        parser.add_argument("--go-live", metavar="DATE",
                            help="Programmer la publication à cette date (AAAA-MM-JJ [HH:MM], heure locale) ; "
                                 "la commande publish_scheduled la fait le moment venu.")

    def run_import(self, path, data, *, communes, dry_run, draft, go_live, **options):
        if draft and go_live:
            raise CommandError("--draft et --go-live s'excluent : un brouillon n'a pas de date de publication.")
        go_live_at = parse_go_live(go_live) if go_live else None
        return import_fees(data, communes=communes, publish=not draft, go_live_at=go_live_at, dry_run=dry_run)
