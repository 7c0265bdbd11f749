"""Template tags of the services map."""

from django import template

from ..mapping import map_options

register = template.Library()


@register.simple_tag(takes_context=True)
def places_map_options(context, name):
    """The map's options for ``places-map.js`` (see :func:`mon_enfant.places.mapping.map_options`)."""
    return map_options(context.get("request"), name)
