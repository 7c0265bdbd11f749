"""Load the demo commune (example_site/fixtures/) into a site: commune, schools, contacts and the pages of every
tool. Idempotent: running it again updates what it created and duplicates nothing."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from mon_enfant.importers import import_schools
from mon_enfant.models import Commune, Contact, SchoolDirectoryPage

from ...demo import DEMO_LOADERS
from ...demo.schools import load_school_details
from ...models import HomePage

DEFAULT_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "saint-malo"
DEMO_ADMIN = ("admin", "demo-admin")


class Command(BaseCommand):
    help = "Charge la commune de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="Dossier des données de démo.")
        parser.add_argument("--admin", action="store_true",
                            help="Créer aussi un compte administrateur de démonstration et afficher ses identifiants.")

    def handle(self, fixtures, admin, **options):
        folder = Path(fixtures)
        if not (folder / "commune.json").is_file():
            raise CommandError(f"Données de démo introuvables dans {folder}")
        with transaction.atomic():
            site = self.ensure_site()
            commune = self.load_commune(folder, site)
            report = import_schools(
                (folder / "etablissements-saint-malo.csv").read_bytes(), communes=[commune.code_insee]
            )
            self.stdout.write(" ".join(str(line) for line in report.summary_lines()))
            load_school_details(self, commune, folder)
            home = self.ensure_home(site)
            self.ensure_child(home, SchoolDirectoryPage, slug="ecoles", title="Les écoles de la ville",
                              search_description="Adresses, horaires, direction et ENT de chaque école.",
                              communes=[commune])
            for app, loader in DEMO_LOADERS.items():
                if apps.is_installed(app):
                    import_string(loader)(self, commune=commune, home=home, folder=folder)
        if admin:
            self.ensure_admin()
        self.stdout.write(self.style.SUCCESS(f"Démo chargée : {commune}."))

    def ensure_site(self):
        # Wagtail's migrations create a locale, a root page and a default site; a flushed database
        # (or a host that removed them) has none, and the demo still loads.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True,
                                       site_name="Ville de démonstration")
        return site

    def load_commune(self, folder, site):
        data = json.loads((folder / "commune.json").read_text(encoding="utf-8"))
        commune, _ = Commune.objects.update_or_create(
            code_insee=data["code_insee"],
            defaults={"name": data["name"], "postal_codes": data.get("postal_codes", "")},
        )
        commune.full_clean()
        commune.sites.add(site)
        for contact in data.get("contacts", []):
            Contact.objects.update_or_create(
                commune=commune, service_name=contact["service_name"], defaults=contact
            )
        return commune

    def ensure_home(self, site):
        root_page = site.root_page.specific
        if isinstance(root_page, HomePage):
            return root_page
        tree_root = Page.get_first_root_node()
        home = HomePage.objects.child_of(tree_root).first()
        if home is None:
            # Wagtail's "Welcome" page owns the slug "home" at this level: rename it before replacing it.
            old = root_page
            if old.depth == 2 and old.slug == "home":
                old.slug = "ancienne-accueil"
                old.save()
            home = HomePage(
                title="Ville de démonstration",
                slug="accueil",
                intro="<p>Bienvenue sur le site de démonstration de <b>Mon enfant à l'école</b>.</p>",
            )
            tree_root.add_child(instance=home)
        site.root_page = home
        site.save()
        for leftover in Page.objects.child_of(tree_root).exclude(pk=home.pk).filter(slug="ancienne-accueil"):
            leftover.delete()
        return home

    def ensure_child(self, parent, page_class, *, slug, title, communes=(), **fields):
        page = page_class.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created:
            page = page_class(slug=slug, title=title, show_in_menus=True, **fields)
            parent.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        page.communes.set(communes)
        page.save_revision().publish()
        return page

    def ensure_admin(self):
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user_model.objects.create_superuser(username, "admin@example.org", password)
        self.stdout.write(self.style.WARNING(
            f"Compte d'administration de démonstration : identifiant « {username} », "
            f"mot de passe « {password} » (administration : /admin/ du site)"
        ))

