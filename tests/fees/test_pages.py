"""The fee calculator page and block: a Wagtail page like any other, an accessible form (errors tied to
their fields, summary linking to them), printable grids as real tables, a constant number of queries
whatever the number of services, and the demo at /tarifs/."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from mon_enfant.fees import services
from mon_enfant.fees.blocks import FeeCalculatorBlock
from mon_enfant.fees.models import FeeGrid, PricingKind, Service
from mon_enfant.fees.pages import FeeCalculatorPage
from mon_enfant.forms import ErrorSummaryItem
from mon_enfant.models import Commune
from tests.core.wording import NOT_CONFIGURED
from tests.fees.data import PARIS_2020, make_grid, make_service

YEAR = "2026-2027"


def form_data(**fields):
    data = {"qf_source": "known", "school_year": YEAR, "resident": "oui", "child_rank": "1", "couple": "oui"}
    data.update(fields)
    return {"mon_enfant_fees": "tarifs", **{f"tarifs-{name}": value for name, value in data.items()}}


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def paris(commune_a):
    return make_grid(make_service(commune_a, "Restauration scolaire", "repas"), YEAR, brackets=PARIS_2020)


def add_page(site, communes, slug="tarifs", **fields):
    page = FeeCalculatorPage(title="Quotient familial et tarifs", slug=slug, **fields)
    site.root_page.add_child(instance=page)
    page.communes.set(communes)
    page.save_revision().publish()
    return page


@pytest.fixture
def fee_page(site, commune_a, contact_a, paris):
    commune_a.sites.add(site)
    return add_page(site, [commune_a])


class TestFeeCalculatorPageIsAWagtailPage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = Site.objects.get(is_default_site=True)
        cls.commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        cls.commune.sites.add(cls.site)
        make_grid(make_service(cls.commune), YEAR, brackets=PARIS_2020)
        cls.home = HomePage(title="Accueil", slug="accueil-test")
        cls.site.root_page.add_child(instance=cls.home)
        cls.page = FeeCalculatorPage(title="Tarifs", slug="tarifs")
        cls.home.add_child(instance=cls.page)

    def test_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, FeeCalculatorPage)

    def test_has_no_subpages(self):
        self.assertCanNotCreateAt(FeeCalculatorPage, FeeCalculatorPage)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.page)

    def test_answers_a_post(self):
        self.assertPageIsRenderable(self.page, post_data=form_data(qf="500"))

    def test_is_editable(self):
        self.assertPageIsEditable(self.page)

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.page)


# --- The form, accessible ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_errors_are_tied_to_their_fields_and_summarised_with_links(client, fee_page):
    html = client.post(fee_page.url, form_data(qf="douze", **{"usage_restauration-scolaire": "-2"})).content.decode()
    summary = re.search(r'<div class="mon-enfant-form__error-summary".*?</div>', html, re.S).group(0)
    assert 'role="alert"' in summary
    assert "La simulation n&#x27;a pas pu être faite" in summary
    assert '<a href="#id_tarifs-qf">Saisissez un nombre, par exemple 1050.</a>' in summary
    assert '<a href="#id_tarifs-usage_restauration-scolaire">Saisissez un nombre positif ou nul.</a>' in summary
    field = re.search(r'<input [^>]*id="id_tarifs-qf"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_tarifs-qf_helptext id_tarifs-qf_error"' in field
    assert 'id="id_tarifs-qf_helptext"' in html and 'id="id_tarifs-qf_error"' in html
    assert "<title>Erreur :" in html


@pytest.mark.django_db
def test_an_empty_qf_asks_for_it(client, fee_page):
    response = client.post(fee_page.url, form_data(qf=""))
    assert response.context["fees_errors"] == [
        ErrorSummaryItem("Indiquez votre quotient familial, ou choisissez une autre option ci-dessus.",
                         "#id_tarifs-qf")]


@pytest.mark.django_db
def test_the_result_is_a_status_region_with_notice_rule_and_contact(client, fee_page):
    html = client.post(fee_page.url, form_data(qf="400")).content.decode()
    region = re.search(r'<div class="mon-enfant-fees__result"[^>]*role="status">(.*?)</div>\s*<form', html, re.S)
    assert region, "the result must be inside the role=status region"
    result = region.group(1)
    assert "Simulation sans valeur contractuelle." in result
    assert "1,62\xa0€</strong> par repas" in result
    assert "Tranche de QF : de 385 € à moins de 549 €" in result
    assert "Service Éducation de Saint-Malo" in result and 'href="tel:0299407111"' in result
    assert "<title>Résultat :" in html


@pytest.mark.django_db
def test_without_qf_the_family_sees_the_highest_price(client, fee_page):
    result = client.post(fee_page.url, form_data(qf_source="none")).context["fees_result"]
    assert result.lines[0].quote.unit_price == Decimal("4.61")


@pytest.mark.django_db
def test_the_school_year_select_lists_only_published_years(client, fee_page, commune_a):
    make_grid(Service.objects.get(), "2027-2028", brackets=[(0, None, "9")], publish=False)
    make_grid(Service.objects.get(), "2025-2026", brackets=[(0, None, "2")])
    form = client.get(fee_page.url).context["fees_form"]
    assert [value for value, _label in form.fields["school_year"].choices] == ["2025-2026", YEAR]
    assert form.fields["school_year"].initial == YEAR  # the current school year


@pytest.mark.django_db
def test_a_fiscal_commune_asks_for_the_reference_income(client, fee_page, commune_a):
    from mon_enfant.fees.models import FeeSettings

    FeeSettings.objects.create(commune=commune_a, qf_method="fiscal")
    response = client.post(fee_page.url, form_data(qf_source="compute", reference_income="30 000", children="2"))
    assert "annual_resources" not in response.context["fees_form"].fields
    assert response.context["fees_result"].qf.quantize(Decimal("0.01")) == Decimal("833.33")


@pytest.mark.django_db
def test_a_direct_qf_commune_only_asks_for_the_qf(client, fee_page, commune_a):
    from mon_enfant.fees.models import FeeSettings

    FeeSettings.objects.create(commune=commune_a, qf_method="direct")
    form = client.get(fee_page.url).context["fees_form"]
    assert [value for value, _label in form.fields["qf_source"].choices] == ["known", "none"]
    assert "annual_resources" not in form.fields


@pytest.mark.django_db
def test_a_page_for_two_communes_lets_the_family_choose(client, site, commune_a, commune_b, paris):
    make_grid(make_service(commune_b, "Restauration scolaire"), YEAR, brackets=[(0, None, "2.00")])
    page = add_page(site, [commune_a, commune_b])
    response = client.post(page.url, form_data(qf="100", commune="35085"))
    assert response.context["fees_result"].lines[0].quote.unit_price == Decimal("2.00")
    html = response.content.decode()
    assert "<h3>Saint-Malo</h3>" in html and "<h3>Combourg</h3>" in html


@pytest.mark.django_db
def test_a_page_without_grids_says_so(client, site, commune_b):
    page = add_page(site, [commune_b])
    html = client.get(page.url).content.decode()
    assert "Aucune grille tarifaire n'est encore publiée" in html
    assert NOT_CONFIGURED not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_page_without_commune_says_it_is_not_configured(client, site, paris, method):
    """Issue 11 point 4: a page whose commune set is empty (none chosen, none attached to its site) says
    so in every state, not that no grid is published yet, even while another commune has grids."""
    page = add_page(site, [])
    response = getattr(client, method)(page.url, form_data(qf="400") if method == "post" else None)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_CONFIGURED in html
    assert "Aucune grille tarifaire" not in html
    assert 'name="tarifs-qf"' not in html and 'role="status"' not in html


# --- Printable grids ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_grids_are_tables_with_caption_and_header_scopes(client, fee_page):
    html = client.get(fee_page.url).content.decode()
    table = re.search(r'<section class="mon-enfant-fees__grids".*?<table.*?</table>', html, re.S).group(0)
    assert "<caption>Restauration scolaire : tarif par repas selon le quotient familial (2026-2027)</caption>" in table
    assert table.count('<th scope="col">') == 2
    assert table.count('<th scope="row">') == 6
    assert '<th scope="row">moins de 235\xa0€' in table
    assert '<th scope="row">de 235\xa0€ à moins de 385\xa0€' in table


@pytest.mark.django_db
def test_the_familys_bracket_is_marked_in_words(client, fee_page):
    html = client.post(fee_page.url, form_data(qf="400")).content.decode()
    assert re.search(r'<tr class="mon-enfant-fees__mine">\s*<th scope="row">de 385\xa0€ à moins de 549\xa0€ '
                     r'<span class="mon-enfant-fees__tag">\(votre tranche\)</span>', html)


@pytest.mark.django_db
def test_effort_rate_and_flat_grids_are_described(client, fee_page, commune_a):
    make_grid(make_service(commune_a, "Garderie", "heure"), YEAR, pricing=PricingKind.EFFORT_RATE,
              rate_percent=Decimal("0.36"), floor_price=Decimal("2.60"), ceiling_price=Decimal("4.50"))
    make_grid(make_service(commune_a, "Étude", "seance"), YEAR, pricing=PricingKind.FLAT, flat_price=Decimal("1.5"))
    html = client.get(fee_page.url).content.decode()
    assert "Tarif par heure : 0,36 % de votre quotient familial, au minimum 2,60\xa0€ et au maximum 4,50\xa0€." in html
    assert "Tarif unique : 1,50\xa0€ par séance, quel que soit le quotient familial." in html


# --- Queries ------------------------------------------------------------------------------------


def page_queries(client, page):
    """Queries of one answer with the grids compiled afresh, Wagtail's site paths being already cached."""
    client.get(page.url)
    services.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(page.url, form_data(qf="700")).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_page_makes_as_many_queries_for_6_services_as_for_2(client, fee_page, commune_a):
    make_grid(make_service(commune_a, "Service 2", "heure"), YEAR, brackets=[(0, 500, "1"), (500, None, "2")],
              siblings=[(2, "percent", "10")])
    with_two = page_queries(client, fee_page)
    for number in range(3, 7):
        make_grid(make_service(commune_a, f"Service {number}", "journee"), YEAR,
                  brackets=[(0, 500, "1"), (500, None, "2")], non_resident_mode="brackets",
                  non_resident_brackets=[(0, None, "5")], siblings=[(2, "percent", "10")])
    assert FeeGrid.objects.filter(live=True).count() == 6
    assert page_queries(client, fee_page) == with_two


@pytest.mark.django_db
def test_once_compiled_the_grids_cost_one_query_per_page(client, fee_page, settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 60  # the stamp read on the first page is not read again
    first = page_queries(client, fee_page)
    with CaptureQueriesContext(connection) as queries:
        client.post(fee_page.url, form_data(qf="700"))
    # The settings, the grids, their three inline lists and the version stamp: all from the cache.
    assert len(queries) == first - 6


# --- Block --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_block_renders_the_same_form_in_any_page(client, site, commune_a, paris):
    block = {"commune": commune_a, "heading": "Combien vais-je payer ?", "intro": "", "show_grids": True}
    home = HomePage(title="Accueil", slug="accueil-bloc", body=[("fee_calculator", block)])
    site.root_page.add_child(instance=home)
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert "Combien vais-je payer ?" in html
    assert 'name="tarifs-35288-qf"' in html
    assert 'value="tarifs-35288"' in html
    response = client.post(home.url, {"mon_enfant_fees": "tarifs-35288", "tarifs-35288-school_year": YEAR,
                                      "tarifs-35288-qf_source": "known", "tarifs-35288-qf": "400",
                                      "tarifs-35288-resident": "oui", "tarifs-35288-child_rank": "1"})
    assert "1,62\xa0€" in response.content.decode()


@pytest.mark.django_db
def test_the_block_always_gives_a_person_to_ask(client, site, commune_a, contact_a, paris):
    """The block lives in pages that have no contact box of their own: its contact line is there before
    any simulation, and the result's own line replaces it after one."""
    block = {"commune": commune_a, "heading": "", "intro": "", "show_grids": False}
    home = HomePage(title="Accueil", slug="accueil-contact", body=[("fee_calculator", block)])
    site.root_page.add_child(instance=home)
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert html.count('class="mon-enfant-fees__contact"') == 1
    assert "Une question ? Contactez :" in html
    assert 'href="tel:0299407111"' in html and "mailto:education@saint-malo.example" in html
    html = client.post(home.url, {"mon_enfant_fees": "tarifs-35288", "tarifs-35288-school_year": YEAR,
                                  "tarifs-35288-qf_source": "known", "tarifs-35288-qf": "400",
                                  "tarifs-35288-resident": "oui", "tarifs-35288-child_rank": "1",
                                  "tarifs-35288-couple": "oui"}).content.decode()
    assert 'role="status"' in html, "a result"
    assert html.count('class="mon-enfant-fees__contact"') == 1
    assert "Pour vous inscrire ou connaître votre tarif définitif :" in html


def block_page(site, commune, slug):
    block = {"commune": commune, "heading": "", "intro": "", "show_grids": True}
    home = HomePage(title="Accueil", slug=slug, body=[("fee_calculator", block)])
    site.root_page.add_child(instance=home)
    home.save_revision().publish()
    return home


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_block_without_commune_says_it_is_not_configured(client, site, method):
    home = block_page(site, None, "accueil-sans-commune")
    data = {"mon_enfant_fees": "tarifs", "tarifs-qf_source": "known", "tarifs-qf": "400"}
    response = getattr(client, method)(home.url, data if method == "post" else None)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_CONFIGURED in html
    assert "Aucune grille tarifaire" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_block_of_a_commune_without_grids_says_none_is_published(client, site, commune_b, method):
    home = block_page(site, commune_b, "accueil-sans-grille")
    data = {"mon_enfant_fees": "tarifs-35085", "tarifs-35085-qf_source": "known", "tarifs-35085-qf": "400"}
    html = getattr(client, method)(home.url, data if method == "post" else None).content.decode()
    assert "Aucune grille tarifaire n'est encore publiée" in html
    assert NOT_CONFIGURED not in html


@pytest.mark.django_db
def test_the_block_has_a_preview_and_a_description(rf, site, commune_a, paris):
    """The block picker's preview has no commune: it shows the calculator of the site's communes."""
    commune_a.sites.add(site)
    block = FeeCalculatorBlock()
    assert block.meta.description
    assert block.meta.preview_value["heading"]
    html = block.render(block.to_python({**block.meta.preview_value, "commune": None}),
                        context={"request": rf.get("/")})
    assert "Simuler vos tarifs" in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_block_without_commune_never_shows_another_sites_commune(client, site, paris, method):
    """commune_a has grids but is not a commune of this site: the block does not borrow it."""
    home = block_page(site, None, "accueil-autre-site")
    data = {"mon_enfant_fees": "tarifs", "tarifs-qf_source": "known", "tarifs-qf": "400"}
    html = getattr(client, method)(home.url, data if method == "post" else None).content.decode()
    assert NOT_CONFIGURED in html
    assert "Restauration scolaire" not in html and "Simuler vos tarifs" not in html


# --- Demo ---------------------------------------------------------------------------------------


@pytest.fixture
def forget_site_root_paths():
    """The demo replaces the site's root page; Wagtail caches site root paths outside the transaction
    that the test rolls back, so forget them afterwards."""
    yield
    cache.clear()


@pytest.mark.django_db
def test_demo_serves_the_calculator_at_tarifs_and_reloads_without_duplicates(client, forget_site_root_paths):
    call_command("load_demo", verbosity=0)
    counts = (Service.objects.count(), FeeGrid.objects.count(), FeeCalculatorPage.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Service.objects.count(), FeeGrid.objects.count(), FeeCalculatorPage.objects.count()) == counts == (4, 8, 1)
    Site.objects.filter(is_default_site=True).update(hostname="testserver")
    response = client.get("/tarifs/")
    assert response.status_code == 200
    assert [service.slug for service in response.context["fees_grids"][0]["services"]] == [
        "restauration-scolaire", "accueil-periscolaire", "accueil-de-loisirs", "etude-surveillee"]
    assert Page.objects.get(slug="tarifs").specific.communes.get().code_insee == "35288"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["school_year", "resident", "qf_source", "child_rank", "couple"])
def test_an_invalid_choice_is_not_repeated(client, fee_page, field):
    """Issue 11, point 13: no message repeats what was posted."""
    response = client.post(fee_page.url, form_data(qf="700", **{field: "peut-etre-xyz"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["fees_result"] is None
    assert "peut-etre-xyz" not in html
    assert "Choisissez l&#x27;une des options proposées." in html or "Choisissez l'une des options proposées." in html


@pytest.mark.django_db
def test_a_computed_qf_shows_its_calculation_in_one_pair_of_parentheses(client, fee_page):
    """Issue 11, point 10: "((ressources … ÷ 12 + prestations …) ÷ 3 parts)" had two pairs."""
    html = client.post(fee_page.url, form_data(qf_source="compute", annual_resources="36000", monthly_benefits="150",
                                               couple="oui", children="2")).content.decode()
    assert "soit : (ressources 36\xa0000,00\xa0€ ÷ 12 + prestations 150,00\xa0€) ÷ 3 parts" in html
    assert "((" not in html


@pytest.mark.django_db
def test_a_bracket_reads_the_same_in_the_rule_and_in_the_grid(client, fee_page):
    """Issue 11, point 10: one wording of a QF range, thousands grouped, in the quote's rule and the grid."""
    html = client.post(fee_page.url, form_data(qf="400")).content.decode()
    assert "Tranche de QF : de 385 € à moins de 549 €" in html
    assert "de 385\xa0€ à moins de 549\xa0€" in html  # the printed grid's row, amounts kept on one line
    # Thousands grouped in both ("1 371", never "1371"), the grid's amounts on one line.
    html = client.post(fee_page.url, form_data(qf="1500")).content.decode()
    assert "Tranche de QF : de 1 371 € à moins de 1 901 €" in html
    assert "de 1\xa0371\xa0€ à moins de 1\xa0901\xa0€" in html
    assert "1371" not in html and "1901" not in html
