"""Admin wiring of the fees: services, grids (drafts, revisions, scheduled publishing), QF settings and the
CSV import, in the "Mon enfant à l'école" menu and narrowed to the editor's communes."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy, communes_for_user
from mon_enfant.wagtail_hooks import CommuneScopedForm, CommuneScopedViewSet, ImportViewSet

from . import logic, wording
from .admin_views import FeeImportView
from .models import FeeGrid, FeeSettings, Service

register_permission_policy(Service, CommuneScopedPermissionPolicy(Service), exact_class=True)
register_permission_policy(FeeSettings, CommuneScopedPermissionPolicy(FeeSettings), exact_class=True)
register_permission_policy(FeeGrid, CommuneScopedPermissionPolicy(FeeGrid, commune_path="service__commune"),
                           exact_class=True)


# --- Forms ----------------------------------------------------------------------------------------


class FeeGridForm(CommuneScopedForm):
    """Offers only the editor's services, and checks the grid as a whole with the brackets being saved.

    The model's ``clean()`` validates the brackets the instance holds; the submitted ones live in the
    inline formsets until ``save()``, so they are put on the instance (in memory) before it is cleaned.
    A problem with a bracket is also shown next to that bracket.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "service" in self.fields:
            self.fields["service"].queryset = Service.objects.filter(
                commune__in=communes_for_user(for_user)
            ).select_related("commune")

    def _post_clean(self):
        formsets_valid = all(formset.is_valid() for formset in self.formsets.values())
        if formsets_valid:
            for formset in self.formsets.values():
                formset.instance = self.instance  # as ClusterForm.save() does: an add form's formsets hold a copy
                formset.save(commit=False)
            self._check_grid()
        super()._post_clean()

    def _check_grid(self):
        if self.instance._required_fields_errors():
            return  # reported by the model's clean(), field by field
        try:
            self.instance.to_logic()
        except logic.GridError as exc:
            relation = getattr(exc, "relation", None)
            formset = self.formsets.get(relation)
            if formset is None or not exc.bracket:
                return
            # Brackets are numbered in the order they are saved: the formset's order, deleted ones left out.
            forms = formset.ordered_forms if formset.can_order else [
                form for form in formset.forms if not (formset.can_delete and formset._should_delete_form(form))
            ]
            if exc.bracket <= len(forms):
                forms[exc.bracket - 1].add_error(None, wording.grid_error(exc, relation))
        except (TypeError, ValueError):
            return


# --- Viewsets -------------------------------------------------------------------------------------


class ServiceViewSet(CommuneScopedViewSet):
    model = Service
    icon = "tag"
    menu_label = _("Prestations tarifées")
    list_display = ["name", "commune", "unit", "responsible_body", "order"]
    filterset_class = commune_filterset(Service, "commune", ["unit"])
    search_fields = ["name", "slug"]
    url_prefix = "mon-enfant/prestations"
    url_namespace = "mon_enfant_fees_service"


class FeeGridViewSet(CommuneScopedViewSet):
    model = FeeGrid
    icon = "table"
    menu_label = _("Grilles tarifaires")
    base_form_class = FeeGridForm
    list_display = [
        "service",
        "school_year",
        Column("pricing", label=_("Tarification"), accessor="get_pricing_display"),
        Column("commune", label=_("Commune"), accessor="service.commune.name"),
    ]
    filterset_class = commune_filterset(FeeGrid, "service__commune", ["school_year", "live"])
    search_fields = ["school_year", "service__name"]
    url_prefix = "mon-enfant/grilles-tarifaires"
    url_namespace = "mon_enfant_fees_grid"
    copy_view_enabled = False  # a copy would clash with its original (one grid per service and year)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service__commune")


class FeeSettingsViewSet(CommuneScopedViewSet):
    model = FeeSettings
    icon = "cog"
    menu_label = _("Réglages des tarifs")
    list_display = ["commune", "qf_method", "qf_rounding"]
    url_prefix = "mon-enfant/reglages-tarifs"
    url_namespace = "mon_enfant_fees_settings"
    copy_view_enabled = False


def admin_viewsets():
    """What this feature adds to the admin menu (declared in apps.py, see mon_enfant.features)."""
    return [
        ServiceViewSet,
        FeeGridViewSet,
        FeeSettingsViewSet,
        ImportViewSet(
            "mon_enfant_fees_import",
            url_prefix="mon-enfant/import-tarifs",
            view_class=FeeImportView,
            menu_label=_("Importer des tarifs"),
            icon="upload",
        ),
    ]
