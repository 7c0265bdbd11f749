"""Admin wiring of the services map: the places (narrowed to the editor's communes), the categories (one list
for the site, changed by those the permission allows: superusers by default) and the import."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy
from mon_enfant.wagtail_hooks import CommuneScopedViewSet, ImportViewSet

from .admin_views import PlaceForm, PlaceImportView
from .models import Place, PlaceCategory

register_permission_policy(Place, CommuneScopedPermissionPolicy(Place), exact_class=True)


class PlaceViewSet(CommuneScopedViewSet):
    model = Place
    icon = "site"
    menu_label = _("Lieux de la carte")
    base_form_class = PlaceForm
    list_display = ["name", "category", "commune", Column("address", label=_("Adresse"))]
    filterset_class = commune_filterset(Place, fields=["category"])
    search_fields = ["name", "address", "key"]
    url_prefix = "mon-enfant/lieux"
    url_namespace = "mon_enfant_places_place"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune", "category")


class PlaceCategoryViewSet(SnippetViewSet):
    model = PlaceCategory
    icon = "tag"
    menu_label = _("Catégories de lieux")
    list_display = ["label", "code", "sort_order", "for_schools"]
    url_prefix = "mon-enfant/categories-lieux"
    url_namespace = "mon_enfant_places_category"


def admin_viewsets():
    """What this feature adds to the admin menu (declared in apps.py, see mon_enfant.features)."""
    return [
        PlaceViewSet,
        PlaceCategoryViewSet,
        ImportViewSet("mon_enfant_places_import", url_prefix="mon-enfant/import-lieux", view_class=PlaceImportView,
                      menu_label=_("Importer des lieux"), icon="upload"),
    ]
