"""Template tags of the core's templates."""

from django import template

register = template.Library()


@register.inclusion_tag("mon_enfant/includes/school_links.html", takes_context=True)
def school_links(context, school):
    """The links the installed features offer about ``school`` (the canteen's menus...), from the page's
    ``mon_enfant_school_links`` (:func:`mon_enfant.features.school_links`); nothing when the page gives none."""
    links = context.get("mon_enfant_school_links") or {}
    return {"school": school, "links": links.get(school.pk, ())}
