"""Admin wiring of the carte scolaire: rules and zones (narrowed to the editor's communes), the import
screen and the coverage report, all in the "Mon enfant à l'école" menu."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import register_permission_policy

from mon_enfant.addresses.parsing import normalize_repetition
from mon_enfant.filters import CommuneScopedFilterSet, commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy
from mon_enfant.wagtail_hooks import (
    CommuneScopedForm,
    CommuneScopedViewSet,
    ImportViewSet,
    PermissionMenuItem,
)

from .admin_views import CatchmentImportView, CoverageView
from .logic import Parity, Rule, RuleError, geometry_from_geojson
from .models import CatchmentLevel, CatchmentRule, CatchmentZone
from .wording import rule_error

register_permission_policy(CatchmentRule, CommuneScopedPermissionPolicy(CatchmentRule), exact_class=True)
register_permission_policy(CatchmentZone, CommuneScopedPermissionPolicy(CatchmentZone), exact_class=True)


class CatchmentRuleForm(CommuneScopedForm):
    """Checks a rule as the import does: known repetition indexes, a range that does not run backwards."""

    def clean(self):
        cleaned = super().clean()
        for name in ("first_repetition", "last_repetition"):
            try:
                cleaned[name] = normalize_repetition(cleaned.get(name) or "")
            except ValueError:
                self.add_error(name, _("Indice inconnu : bis, ter, quater, quinquies ou une lettre de A à Z."))
        if self.errors or cleaned.get("whole_commune") or not cleaned.get("street_label"):
            return cleaned
        try:
            Rule.from_bounds(
                commune="-", level=cleaned.get("level") or CatchmentLevel.COLLEGE, uai=cleaned.get("uai") or "-",
                street_label=cleaned["street_label"], parity=Parity(cleaned.get("parity") or Parity.BOTH),
                first_number=cleaned.get("first_number"), first_repetition=cleaned["first_repetition"],
                last_number=cleaned.get("last_number"), last_repetition=cleaned["last_repetition"],
            )
        except RuleError as exc:
            self.add_error("last_number", rule_error(exc))
        return cleaned


class CatchmentZoneForm(CommuneScopedForm):
    """Accepts a GeoJSON Polygon or MultiPolygon (or a Feature holding one), checked like an imported zone."""

    def clean_geometry(self):
        geometry = self.cleaned_data.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        try:
            geometry_from_geojson(geometry if geometry is not None else {})
        except RuleError as exc:
            raise ValidationError(rule_error(exc)) from exc
        return {"type": geometry["type"], "coordinates": geometry["coordinates"]}


EVERY_YEAR = "toutes"


class SchoolYearFilterSet(CommuneScopedFilterSet):
    """Adds the school year filter: the years present, and "Toutes années" for the rules valid every year
    (they have no year)."""

    school_year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année scolaire"), choices=(), method="filter_school_year"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        years = sorted(set(self._meta.model.objects.values_list("school_year", flat=True)) - {""})
        self.filters["school_year"].extra["choices"] = [(EVERY_YEAR, _("Toutes années"))] + [
            (year, year) for year in years
        ]

    def filter_school_year(self, queryset, name, value):
        return queryset.filter(school_year="" if value == EVERY_YEAR else value)


def catchment_filterset(model_class):
    """Filters by commune (the user's), level and school year."""
    return commune_filterset(model_class, fields=["level", "school_year"], base=SchoolYearFilterSet)


def _rule_street(rule):
    return rule.street_label or _("Toute la commune")


def _rule_range(rule):
    if rule.whole_commune:
        return _("toute la commune")
    first = f"{rule.first_number or ''} {rule.first_repetition.lower()}".strip() or "…"
    last = f"{rule.last_number or ''} {rule.last_repetition.lower()}".strip() or "…"
    return f"{first} – {last} ({rule.get_parity_display().lower()})"


class CatchmentRuleViewSet(CommuneScopedViewSet):
    model = CatchmentRule
    icon = "list-ul"
    menu_label = gettext_lazy("Règles de sectorisation")
    url_prefix = "mon-enfant/carte-scolaire/regles"
    url_namespace = "mon_enfant_catchment_rule"
    base_form_class = CatchmentRuleForm
    filterset_class = catchment_filterset(CatchmentRule)
    search_fields = ["street_label", "lieu_dit", "uai"]
    search_backend_name = None  # plain database search: rules are not in the Wagtail search index
    list_per_page = 50
    list_display = [
        Column("street", label=gettext_lazy("Voie"), accessor=_rule_street),
        Column("range", label=gettext_lazy("Numéros"), accessor=_rule_range),
        "uai",
        "level",
        Column("school_year", label=gettext_lazy("Année"), accessor=lambda rule: rule.school_year or "–"),
        "priority",
        "commune",
    ]
    panels = [
        MultiFieldPanel(
            [FieldPanel("commune"), FieldPanel("level"), FieldPanel("school_year")], heading=gettext_lazy("Portée")
        ),
        MultiFieldPanel(
            [
                FieldPanel("whole_commune"),
                FieldPanel("street_label"),
                FieldPanel("lieu_dit"),
                FieldPanel("street_id"),
                FieldPanel("parity"),
                FieldRowPanel([FieldPanel("first_number"), FieldPanel("first_repetition")]),
                FieldRowPanel([FieldPanel("last_number"), FieldPanel("last_repetition")]),
            ],
            heading=gettext_lazy("Adresses concernées"),
        ),
        MultiFieldPanel(
            [FieldPanel("uai"), FieldPanel("priority"), FieldPanel("note")], heading=gettext_lazy("École")
        ),
    ]


class CatchmentZoneViewSet(CommuneScopedViewSet):
    model = CatchmentZone
    icon = "site"
    menu_label = gettext_lazy("Zones de sectorisation")
    url_prefix = "mon-enfant/carte-scolaire/zones"
    url_namespace = "mon_enfant_catchment_zone"
    base_form_class = CatchmentZoneForm
    filterset_class = catchment_filterset(CatchmentZone)
    search_fields = ["name", "uai"]
    search_backend_name = None
    list_display = [
        Column("name", label=pgettext_lazy("catchment area", "Secteur"), accessor=lambda zone: zone.name or zone.uai),
        "uai",
        "level",
        Column("school_year", label=gettext_lazy("Année"), accessor=lambda zone: zone.school_year or "–"),
        "priority",
        "commune",
    ]
    panels = [
        MultiFieldPanel(
            [FieldPanel("commune"), FieldPanel("level"), FieldPanel("school_year")], heading=gettext_lazy("Portée")
        ),
        FieldPanel("name"),
        FieldPanel("uai"),
        FieldPanel("priority"),
        FieldPanel(
            "geometry",
            widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
            help_text=gettext_lazy("GeoJSON Polygon ou MultiPolygon, coordonnées [longitude, latitude] (WGS84)."),
        ),
        FieldPanel("note"),
    ]


class CoverageViewSet(ViewSet):
    """The coverage report: one screen, shown in the menu to users who may read the rules."""

    def get_urlpatterns(self):
        return [path("", CoverageView.as_view(), name="coverage")]

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            permission_check=CoverageView.user_may_view,
        )


def admin_viewsets():
    """What this feature adds to the admin menu (declared in apps.py, see mon_enfant.features)."""
    return [
        CatchmentRuleViewSet,
        CatchmentZoneViewSet,
        CoverageViewSet(
            "mon_enfant_catchment_coverage",
            url_prefix="mon-enfant/carte-scolaire/couverture",
            menu_label=gettext_lazy("Couverture de la carte scolaire"),
            icon="tasks",
        ),
        ImportViewSet(
            "mon_enfant_catchment_import",
            url_prefix="mon-enfant/carte-scolaire/import",
            view_class=CatchmentImportView,
            menu_label=gettext_lazy("Importer une carte scolaire"),
            icon="upload",
        ),
    ]
