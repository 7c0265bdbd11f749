"""Admin wiring of the menus: restaurants, menus (typed dish by dish, previewed as parents see them), the
SCDL import, the weekly EGalim check and the copy of a week, in the "Mon enfant à l'école" menu and narrowed
to the editor's communes."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy
from mon_enfant.wagtail_hooks import CommuneScopedViewSet, ImportViewSet

from .admin_views import CopyWeekView, EgalimReportView, MenuImportView
from .models import Menu, Restaurant

register_permission_policy(Restaurant, CommuneScopedPermissionPolicy(Restaurant), exact_class=True)
register_permission_policy(Menu, CommuneScopedPermissionPolicy(Menu, commune_path="restaurant__commune"),
                           exact_class=True)


class RestaurantViewSet(CommuneScopedViewSet):
    model = Restaurant
    icon = "home"
    menu_label = _("Restaurants scolaires")
    list_display = ["name", "commune", "restaurant_type", Column("identifier", label=_("Identifiant"))]
    filterset_class = commune_filterset(Restaurant, fields=["restaurant_type"])
    search_fields = ["name", "identifier"]
    url_prefix = "mon-enfant/restaurants"
    url_namespace = "mon_enfant_menus_restaurant"


class MenuViewSet(CommuneScopedViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus de la cantine")
    list_display = [
        "date",
        "restaurant",
        Column("meal", label=_("Repas"), accessor="get_meal_display"),
        Column("commune", label=_("Commune"), accessor="restaurant.commune.name"),
    ]
    filterset_class = commune_filterset(Menu, "restaurant__commune", ["restaurant", "meal", "date"])
    search_fields = ["restaurant__name", "dishes__name"]
    url_prefix = "mon-enfant/menus"
    url_namespace = "mon_enfant_menus_menu"
    ordering = ["-date", "restaurant__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("restaurant__commune")


def admin_viewsets():
    """What this feature adds to the admin menu (declared in apps.py, see mon_enfant.features)."""
    return [
        RestaurantViewSet,
        MenuViewSet,
        ImportViewSet("mon_enfant_menus_import", url_prefix="mon-enfant/import-menus", view_class=MenuImportView,
                      menu_label=_("Importer des menus"), icon="upload"),
        ImportViewSet("mon_enfant_menus_copy", url_prefix="mon-enfant/copier-menus", view_class=CopyWeekView,
                      menu_label=_("Copier une semaine de menus"), icon="copy"),
        ImportViewSet("mon_enfant_menus_egalim", url_prefix="mon-enfant/menus-egalim", view_class=EgalimReportView,
                      menu_label=_("Contrôle EGalim des menus"), icon="warning"),
    ]
