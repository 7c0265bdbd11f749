"""Create, under a site's root page, one published page per installed tool, with neutral texts.

The pages are the core's school directory and every installed feature's ``starter_pages`` (read through
:func:`mon_enfant.features.starter_pages`, so a feature written elsewhere gets its page too). A tool
that already has a page of its type under the root keeps it untouched: running the command again
creates nothing, so it can sit in a deployment script. The pages serve every commune of the site
(their commune list is left empty); the webmaster then edits their texts in the admin.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext

from mon_enfant import features
from mon_enfant.management.sites import find_site, site_label
from mon_enfant.models import Commune, SchoolDirectoryPage

CREATED, KEPT, SKIPPED = "created", "kept", "skipped"


def core_starter_pages():
    """The core's own tool, the school directory, which a site without any feature also offers."""
    return [
        features.StarterPage(
            page_model=SchoolDirectoryPage,
            slug="ecoles",
            title=gettext("Les écoles"),
            fields={"intro": "<p>{}</p>".format(gettext(
                "Les écoles publiques de la commune, avec leurs horaires, leur direction et leurs contacts."
            ))},
        )
    ]


class Command(BaseCommand):
    help = ("Crée sous la page racine d'un site une page publiée par outil installé (annuaire des écoles, "
            "Trouver mon école, tarifs…), avec des textes neutres à compléter. Ne touche pas aux pages "
            "existantes.")

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="Le site Wagtail : son nom d'hôte, hôte:port ou son id.")
        parser.add_argument("--dry-run", action="store_true", help="Dit ce qui serait créé, sans rien enregistrer.")

    def handle(self, site, dry_run, **options):
        site = find_site(site)
        root = site.root_page.specific
        outcomes = []
        planned = set()  # page types a dry run would create, so that a second starter of that type is kept
        with transaction.atomic():
            for starter in [*core_starter_pages(), *features.starter_pages()]:
                outcomes.append(self.ensure_page(root, starter, dry_run, planned))
        created, skipped = outcomes.count(CREATED), outcomes.count(SKIPPED)
        if dry_run and created:
            self.stdout.write(self.style.WARNING(f"Essai : {created} page(s) seraient créées ; rien n'est enregistré."))
        elif created:
            self.stdout.write(self.style.SUCCESS(
                f"{created} page(s) créée(s) et publiée(s) sous « {root.title} » ; modifiez leurs textes dans "
                "l'administration."
            ))
        elif skipped:
            self.stdout.write(self.style.WARNING(f"Aucune page créée : {skipped} outil(s) ignoré(s), voir ci-dessus."))
        else:
            self.stdout.write(f"Aucune page créée : chaque outil a déjà sa page sous « {root.title} ».")
        if not Commune.objects.for_site(site).exists():
            self.stdout.write(self.style.WARNING(
                f"Aucune commune n'est rattachée au site {site_label(site)} : les pages resteront vides tant que "
                f"« create_commune CODE_INSEE NOM --site {site.pk} » n'est pas lancé."
            ))

    def ensure_page(self, root, starter, dry_run, planned):
        """Create the starter page unless its type already has a page under ``root``: CREATED, KEPT or
        SKIPPED (the type is not allowed there, or its slug is taken)."""
        model = starter.page_model
        existing = model.objects.child_of(root).first()
        if existing is not None:
            self.stdout.write(f"Déjà présente, gardée : « {existing.title} » ({existing.url}).")
            return KEPT
        if model in planned:
            return KEPT
        if not model.can_create_at(root):
            self.stdout.write(self.style.WARNING(
                f"« {starter.title} » ignorée : ce type de page n'est pas permis sous « {root.title} »."
            ))
            return SKIPPED
        if root.get_children().filter(slug=starter.slug).exists():
            self.stdout.write(self.style.WARNING(
                f"« {starter.title} » ignorée : une autre page a déjà l'adresse « {starter.slug} » sous "
                f"« {root.title} »."
            ))
            return SKIPPED
        if dry_run:
            self.stdout.write(f"Serait créée : « {starter.title} » ({starter.slug}/).")
            planned.add(model)
            return CREATED
        page = model(title=starter.title, slug=starter.slug, show_in_menus=True, **starter.fields)
        try:
            root.add_child(instance=page)
        except ValidationError as exc:
            self.stdout.write(self.style.WARNING(f"« {starter.title} » ignorée : {' '.join(exc.messages)}"))
            return SKIPPED
        page.save_revision().publish()
        self.stdout.write(self.style.SUCCESS(f"Créée et publiée : « {page.title} » ({page.url})."))
        return CREATED
