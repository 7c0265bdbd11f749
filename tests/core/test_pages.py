"""Page types: every page type can be created where it belongs, rendered, edited and previewed
(Wagtail's ``WagtailPageTestCase`` assertions), and the school directory shows what parents need."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from example_site.home.models import HomePage
from mon_enfant.blocks import SchoolListBlock
from mon_enfant.models import (
    Commune,
    Contact,
    ResponsibleBody,
    School,
    SchoolDirectoryPage,
    SchoolLevel,
)
from tests.core.wording import NOT_CONFIGURED

MAX_QUERIES_DIRECTORY_PAGE = 15  # 11 measured on a cold cache (site lookup, page, communes, schools, contacts, menu)


def build_site_tree(communes=()):
    """A home page as the default site's root, with a school directory page under it."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Ville de test", slug="ville", intro="<p>Bienvenue</p>"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    directory = home.add_child(
        instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles", intro="<p>Toutes les écoles.</p>",
                                     responsible_body=ResponsibleBody.MAIRIE, show_in_menus=True)
    )
    directory.communes.set(communes)
    directory.save_revision().publish()
    return home, directory


class PageTypeTests(WagtailPageTestCase):
    """The Wagtail assertions, for each page type of the project.

    The edit and preview assertions post the edit form as the browser would: Wagtail's
    ``querydict_from_html`` cannot read a StreamField (drawn by JavaScript), so an empty stream is
    posted for each one, and the edit must then publish without form errors."""

    @classmethod
    def setUpTestData(cls):
        commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        School.objects.create(uai="0350916F", name="Collège Duguay-Trouin", level=SchoolLevel.COLLEGE, commune=commune)
        Contact.objects.create(commune=commune, service_name="Service Éducation", phone="02 99 40 71 11")
        cls.home, cls.directory = build_site_tree([commune])
        cls.superuser = cls.create_superuser("editeur-pages")

    def test_home_page_can_be_created_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)

    def test_school_directory_page_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, SchoolDirectoryPage)

    def test_school_directory_page_has_no_subpages(self):
        self.assertCanNotCreateAt(SchoolDirectoryPage, SchoolDirectoryPage)
        self.assertCanNotCreateAt(SchoolDirectoryPage, HomePage)

    def test_home_page_is_renderable(self):
        self.assertPageIsRenderable(self.home)

    def test_school_directory_page_is_renderable(self):
        self.assertPageIsRenderable(self.directory)

    def edit_form_data(self, page):
        self.client.force_login(self.superuser)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for field in page.specific_class._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in data:
                data[f"{field.name}-count"] = "0"
        self.client.logout()
        return data

    def assertEditPublishes(self, page):
        data = self.edit_form_data(page)
        data["action-publish"] = "action-publish"  # the button's value: Wagtail ignores an empty one
        self.client.force_login(self.superuser)
        before = Page.objects.get(pk=page.pk).live_revision_id
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)  # a form error would answer 200
        self.assertNotEqual(Page.objects.get(pk=page.pk).live_revision_id, before)

    def test_home_page_is_editable(self):
        self.assertPageIsEditable(self.home, post_data=self.edit_form_data(self.home))
        self.assertEditPublishes(self.home)

    def test_school_directory_page_is_editable(self):
        self.assertPageIsEditable(self.directory, post_data=self.edit_form_data(self.directory))
        self.assertEditPublishes(self.directory)

    def test_home_page_is_previewable(self):
        self.assertPageIsPreviewable(self.home, post_data=self.edit_form_data(self.home))

    def test_school_directory_page_is_previewable(self):
        self.assertPageIsPreviewable(self.directory, post_data=self.edit_form_data(self.directory))

    def test_home_page_links_to_the_directory_page(self):
        response = self.client.get(self.home.url)
        self.assertContains(response, f'href="{self.directory.url}"')


# --- what the school directory shows ----------------------------------------------------------


@pytest.fixture
def directory_page(commune_a):
    return build_site_tree([commune_a])[1]


def school(commune, uai, name, level, **fields):
    return School.objects.create(uai=uai, name=name, level=level, commune=commune, **fields)


@pytest.mark.django_db
def test_directory_groups_schools_by_level_in_the_levels_order(client, directory_page, commune_a):
    school(commune_a, "0359901A", "Collège Duguay-Trouin", SchoolLevel.COLLEGE)
    school(commune_a, "0359902B", "École maternelle du Sillon", SchoolLevel.MATERNELLE)
    school(commune_a, "0359903C", "École élémentaire Jean Macé", SchoolLevel.ELEMENTAIRE)
    school(commune_a, "0359904D", "École maternelle Gasnier-Duparc", SchoolLevel.MATERNELLE)
    html = client.get(directory_page.url).content.decode()
    headings = re.findall(r'<h2 id="niveau-(\w+)">', html)
    assert headings == ["maternelle", "elementaire", "college"]
    maternelle = html[html.index('id="niveau-maternelle"'):html.index('id="niveau-elementaire"')]
    assert maternelle.index("Gasnier-Duparc") < maternelle.index("du Sillon")  # by name within a level
    assert "Jean Macé" not in maternelle


@pytest.mark.django_db
def test_directory_shows_a_school_card(client, directory_page, commune_a):
    school(commune_a, "0350916F", "Collège Duguay-Trouin", SchoolLevel.COLLEGE, address="5 rue HENRI LEMARIE",
           postcode="35400", city="ST MALO", latitude=Decimal("48.656216"), longitude=Decimal("-1.973099"),
           phone="02 99 56 12 34")
    html = client.get(directory_page.url).content.decode()
    assert "5 rue Henri Lemarie, 35400 Saint-Malo" in html  # the annuaire's capitals in their usual case
    assert "HENRI LEMARIE" not in html
    assert 'href="tel:0299561234"' in html
    assert "https://www.openstreetmap.org/?mlat=48.656216&amp;mlon=-1.973099" in html
    assert "0350916F" in html


@pytest.mark.django_db
def test_directory_shows_the_communes_contact_with_a_phone_link(client, directory_page, contact_a):
    html = client.get(directory_page.url).content.decode()
    assert "Service Éducation de Saint-Malo" in html
    assert '<a href="tel:0299407111">02 99 40 71 11</a>' in html
    assert 'href="mailto:education@saint-malo.example"' in html


@pytest.mark.django_db
def test_directory_says_who_decides(client, directory_page):
    html = client.get(directory_page.url).content.decode()
    assert '<span class="mon-enfant__decides-label">Qui décide ?</span> Mairie' in html


@pytest.mark.django_db
def test_directory_shows_no_school_of_another_commune(client, directory_page, school_a, school_b, contact_b):
    html = client.get(directory_page.url).content.decode()
    assert school_a.name in html
    assert school_b.uai not in html
    assert contact_b.service_name not in html


@pytest.mark.django_db
def test_directory_shows_a_school_of_another_commune_serving_its_commune(client, directory_page, commune_a, school_b):
    school_b.served_communes.add(commune_a)
    assert school_b.uai in client.get(directory_page.url).content.decode()


@pytest.mark.django_db
def test_directory_without_chosen_communes_shows_the_communes_of_its_site(client, commune_a, school_a, school_b):
    _, directory = build_site_tree([])
    commune_a.sites.add(Site.objects.get(is_default_site=True))
    html = client.get(directory.url).content.decode()
    assert school_a.uai in html
    assert school_b.uai not in html


@pytest.mark.django_db
def test_directory_without_schools_says_so(client, directory_page):
    html = client.get(directory_page.url).content.decode()
    assert "Aucune école n'est encore enregistrée" in html
    assert NOT_CONFIGURED not in html


@pytest.mark.django_db
def test_directory_without_commune_says_it_is_not_configured(client, school_b):
    """Issue 11 point 4: a page whose commune set is empty (none chosen, none attached to its site) says
    so plainly, not that no school is recorded yet."""
    _, directory = build_site_tree([])
    html = client.get(directory.url).content.decode()
    assert NOT_CONFIGURED in html
    assert "Aucune école" not in html
    assert school_b.uai not in html


@pytest.mark.django_db
def test_school_list_block_without_commune_says_it_is_not_configured(school_a):
    block = SchoolListBlock()
    html = block.render(block.to_python({"commune": None, "level": "", "heading": "Nos écoles"}))
    assert NOT_CONFIGURED in html
    assert school_a.uai not in html


def add_schools(commune, count, start=0):
    levels = list(SchoolLevel)
    for number in range(start, start + count):
        school(commune, f"{9000000 + number:07d}A", f"École {number:02d}", levels[number % len(levels)],
               phone="02 99 00 00 00", address="1 rue de l'École", latitude=Decimal("48.6"), longitude=Decimal("-2"))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_directory_query_count_is_bounded(client, directory_page, commune_a, contact_a, django_assert_max_num_queries):
    add_schools(commune_a, 3)
    with django_assert_max_num_queries(MAX_QUERIES_DIRECTORY_PAGE):
        client.get(directory_page.url)


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_the_number_of_schools(client, directory_page, commune_a, contact_a):
    add_schools(commune_a, 3)
    client.get(directory_page.url)  # warm the site and page caches
    with_3 = count_queries(client, directory_page.url)
    add_schools(commune_a, 27, start=3)
    with_30 = count_queries(client, directory_page.url)
    assert with_30 == with_3
