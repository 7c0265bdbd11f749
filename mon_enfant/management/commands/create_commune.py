"""Create (or update) a commune from the command line, for scripted set-ups. Idempotent."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mon_enfant.management.sites import find_site
from mon_enfant.models import Commune


class Command(BaseCommand):
    help = "Crée ou met à jour une commune : create_commune INSEE NOM [--site HÔTE|ID]."

    def add_arguments(self, parser):
        parser.add_argument("code_insee")
        parser.add_argument("name")
        parser.add_argument("--site", action="append", default=[],
                            help="Un site Wagtail : son nom d'hôte, hôte:port ou son id (répétable).")
        parser.add_argument("--postal-codes", default=None, help="Ex. « 35400,35800 ».")

    def handle(self, code_insee, name, site, postal_codes, **options):
        code_insee = code_insee.strip().upper()
        sites = [find_site(value) for value in site]
        commune = Commune.objects.filter(code_insee=code_insee).first()
        created = commune is None
        commune = commune or Commune(code_insee=code_insee)
        commune.name = name.strip()
        if postal_codes is not None:
            commune.postal_codes = postal_codes
        try:
            commune.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k} : {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        commune.save()
        commune.sites.add(*sites)
        verb = "créée" if created else "mise à jour"
        self.stdout.write(self.style.SUCCESS(f"Commune {commune} {verb}."))
