"""The admin's import of places (upload, dry-run report, confirm: see
:class:`~mon_enfant.admin_views.BaseImportView`), and the place form that places a place from its address."""

from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from mon_enfant.addresses.geocoding import LocalGeocoder
from mon_enfant.addresses.parsing import parse_address
from mon_enfant.admin_views import BaseImportView
from mon_enfant.permissions import communes_for_user
from mon_enfant.wagtail_hooks import CommuneScopedForm

from .models import Place

MICRO = Decimal("0.000001")


class PlaceForm(CommuneScopedForm):
    """A place typed with its address and no coordinates gets its address's point from the commune's address
    index (the editor adjusts it afterwards if need be)."""

    def clean(self):
        cleaned = super().clean()
        commune, address = cleaned.get("commune"), cleaned.get("address")
        if commune and address and cleaned.get("latitude") is None and cleaned.get("longitude") is None:
            found = LocalGeocoder().geocode(commune.code_insee, parse_address(address))
            if found is not None:
                cleaned["latitude"] = Decimal(str(found.latitude)).quantize(MICRO)
                cleaned["longitude"] = Decimal(str(found.longitude)).quantize(MICRO)
                self.instance.latitude, self.instance.longitude = cleaned["latitude"], cleaned["longitude"]
        return cleaned


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou GeoJSON des lieux"),
        help_text=gettext_lazy("CSV (UTF-8, séparateur « ; » ou « , ») ou FeatureCollection GeoJSON de points."),
    )
    commune = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Commune des lieux"),
        help_text=gettext_lazy("Pour un fichier sans colonne code_insee. Les lieux d'autres communes sont alors "
                               "ignorés."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for_user(user) if user is not None else None


class PlaceImportView(BaseImportView):
    page_title = gettext_lazy("Importer des lieux")
    form_class = PlaceImportForm
    format_help_template = "mon_enfant_places/admin/import_help.html"
    required_permissions = [(Place, ["add", "change"])]

    def run_import(self, data, *, dry_run, options):
        from .importers import import_places

        return import_places(data, commune=options.get("commune"), dry_run=dry_run,
                             allowed_communes=self.import_options(options)["allowed_communes"])

    def form_valid(self, form):
        # The session keeps the options as JSON: the commune by its INSEE code.
        commune = form.cleaned_data.get("commune")
        form.cleaned_data["commune"] = commune.code_insee if commune else None
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("mon_enfant_places_place:list")


