from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class MenusConfig(features.MonEnfantFeature):
    """Menus de la cantine: the week's menus of each school, with allergens and quality labels, SCDL
    open-data import and export, a printable week and a calendar feed."""

    name = "mon_enfant.menus"
    label = "mon_enfant_menus"
    verbose_name = _("Menus de la cantine")

    api_router = "mon_enfant.menus.api.router"
    blocks = {"canteen_menu": "mon_enfant.menus.blocks.CanteenMenuBlock"}
    admin_viewsets = "mon_enfant.menus.wagtail_hooks.admin_viewsets"
    starter_pages = "mon_enfant.menus.starter.starter_pages"
    family_section = "mon_enfant.menus.services.family_section"
    school_section = "mon_enfant.menus.services.school_section"
    school_links = "mon_enfant.menus.services.school_links"
    settings_defaults = {
        # Days of the week shown (5: Monday to Friday; 7 shows the weekend, for a holiday centre).
        "MON_ENFANT_MENUS_DAYS": 5,
        # The calendar feed's window around today, in days.
        "MON_ENFANT_MENUS_FEED_PAST_DAYS": 28,
        "MON_ENFANT_MENUS_FEED_FUTURE_DAYS": 92,
    }
