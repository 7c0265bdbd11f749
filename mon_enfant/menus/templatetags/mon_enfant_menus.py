"""Template tags of the menus' templates."""

from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("mon_enfant_menus/includes/week.html")
def menus_preview_week(menu):
    """The week of a menu being edited in the admin, as parents will see it (see ``services.preview_week``)."""
    return {**services.preview_week(menu), "links": None}
