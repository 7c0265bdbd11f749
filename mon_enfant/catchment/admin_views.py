"""Admin screens of the carte scolaire that are not plain model CRUD: the import (upload, dry-run report,
confirmation) and the coverage report of a commune, level and school year.

Both are narrowed to the user's communes: an editor's import skips (and reports) the rows of other
communes, and the coverage of another commune answers 404.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mon_enfant.admin_views import BaseImportView, ImportUploadForm
from mon_enfant.csvfiles import ImportFileError, LineError
from mon_enfant.geojson import looks_like_geojson
from mon_enfant.permissions import communes_for_user, user_may, user_may_add_communes, user_may_any
from mon_enfant.school_year import SchoolYearError
from mon_enfant.utils import school_year_error

from .coverage import build_coverage, school_years
from .importers import import_catchment, parse_school_year
from .models import CatchmentLevel, CatchmentRule, CatchmentZone

COVERAGE_URL = "mon_enfant_catchment_coverage:coverage"
RULE_ACTIONS = ("add", "change", "delete", "view")


def coverage_url(commune_code, level, school_year=""):
    query = {"commune": commune_code, "level": level}
    if school_year:
        query["school_year"] = school_year
    return f"{reverse(COVERAGE_URL)}?{urlencode(query)}"


class CatchmentImportForm(ImportUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Fichier de sectorisation"),
        help_text=gettext_lazy(
            "Fichier national de la carte scolaire des collèges (CSV), CSV simple des écoles ou zones GeoJSON."
        ),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Niveau"),
        required=False,
        choices=[("", gettext_lazy("Celui du fichier (collège pour le fichier national)"))]
        + list(CatchmentLevel.choices),
        help_text=gettext_lazy(
            "Niveau des règles du fichier national, et niveau des lignes du CSV simple qui n'en donnent pas."
        ),
    )
    school_year = forms.CharField(
        label=gettext_lazy("Année scolaire"),
        required=False,
        max_length=9,
        help_text=gettext_lazy(
            "Ex. 2026-2027, pour les règles qui n'en donnent pas. Vide : les règles valent pour toutes les années."
        ),
    )
    field_order = ["file", "level", "school_year", "create_communes"]

    def clean_school_year(self):
        try:
            return parse_school_year(self.cleaned_data["school_year"])
        except SchoolYearError as exc:
            raise ValidationError(school_year_error(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        # Kept with the options in the session, so the confirmed import records the file's name.
        cleaned["filename"] = upload.name if upload else ""
        return cleaned


class CatchmentImportView(BaseImportView):
    page_title = gettext_lazy("Importer une carte scolaire")
    template_name = "mon_enfant_catchment/admin/import.html"
    form_class = CatchmentImportForm
    format_help_template = "mon_enfant_catchment/admin/import_help.html"
    last_report = None
    # An import replaces rules: it creates and deletes them (zones too, for a GeoJSON file: run_import).
    required_permissions = [(CatchmentRule, ["add", "delete"])]

    def run_import(self, data, *, dry_run, options):
        user = self.request.user
        if looks_like_geojson(data) and not user_may(user, ["add", "delete"], CatchmentZone):
            raise ImportFileError([LineError(None, _("Vous n'avez pas le droit d'importer des zones."))])
        self.last_report = import_catchment(
            data,
            dry_run=dry_run,
            filename=options.get("filename", ""),
            level=options.get("level") or None,
            school_year=options.get("school_year", ""),
            user=user,
            **self.import_options(options),
        )
        return self.last_report

    def get_success_url(self):
        scopes = self.last_report.scopes if self.last_report else []
        if scopes:
            return coverage_url(scopes[0].commune, scopes[0].level, scopes[0].school_year)
        return reverse(COVERAGE_URL)


class CoverageForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=gettext_lazy("Commune"), queryset=None, to_field_name="code_insee", empty_label=None
    )
    level = forms.ChoiceField(label=gettext_lazy("Niveau"), choices=CatchmentLevel.choices)
    school_year = forms.ChoiceField(label=gettext_lazy("Année scolaire"), required=False, choices=())

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        years = sorted(
            set(CatchmentRule.objects.filter(commune__in=communes).values_list("school_year", flat=True)) - {""}
        )
        self.fields["school_year"].choices = [("", _("Toutes années"))] + [(year, year) for year in years]


class CoverageView(WagtailAdminTemplateMixin, TemplateView):
    """What the rules of a commune cover for one level and year: schools, overlaps, streets left out."""

    page_title = gettext_lazy("Couverture de la carte scolaire")
    template_name = "mon_enfant_catchment/admin/coverage.html"
    header_icon = "list-ul"

    @staticmethod
    def user_may_view(user):
        return user_may_any(user, RULE_ACTIONS, CatchmentRule) and (
            user_may_add_communes(user) or communes_for_user(user).exists())

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communes = communes_for_user(self.request.user)
        code = self.request.GET.get("commune")
        if code and not communes.filter(code_insee=code).exists():
            raise Http404  # another commune's data: as if it did not exist
        data = self.request.GET if code else None
        if data is None and communes.count() == 1:
            data = {"commune": communes.get().code_insee, "level": CatchmentLevel.COLLEGE}
        form = CoverageForm(data, communes=communes)
        context["form"] = form
        if data is not None and form.is_valid():
            commune = form.cleaned_data["commune"]
            level = form.cleaned_data["level"]
            context["coverage"] = build_coverage(commune, level, form.cleaned_data["school_year"])
            context["years"] = school_years(commune, level)
            context["level_label"] = dict(CatchmentLevel.choices)[level]
        return context
