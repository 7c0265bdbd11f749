"""Import a commune's questions and answers from a CSV file (see docs/faq.md)."""

from django.core.management.base import CommandError

from mon_enfant.faq.importers import import_faq
from mon_enfant.management.base import ImportCommand


class Command(ImportCommand):
    help = "Importe des questions fréquentes (CSV : question, reponse, theme, identifiant...)."
    commune_help = "Commune des questions quand le fichier n'a pas de colonne code_insee."

    def run_import(self, path, data, *, communes, dry_run, **options):
        if communes and len(communes) > 1:
            raise CommandError("--commune : une seule commune par import de questions.")
        return import_faq(data, commune=communes[0] if communes else None, dry_run=dry_run)
