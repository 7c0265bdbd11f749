"""Template tags of the core's templates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import school_pages as pages

register = template.Library()


@register.inclusion_tag("mon_enfant/includes/school_links.html", takes_context=True)
def school_links(context, school):
    """The links the installed features offer about ``school`` (the canteen's menus...), from the page's
    ``mon_enfant_school_links`` (:func:`mon_enfant.features.school_links`); nothing when the page gives none."""
    links = context.get("mon_enfant_school_links") or {}
    return {"school": school, "links": links.get(school.pk, ())}


@register.simple_tag(takes_context=True)
def school_page_url(context, school):
    """The URL of ``school``'s own page: from the page's ``mon_enfant_school_pages`` (``{pk: url}``, which a
    directory gives for its cards) when it has it, else from the site's directories
    (:func:`mon_enfant.school_pages.school_page_url`); "" when no page of the site serves the school."""
    known = context.get("mon_enfant_school_pages")
    if known is not None and school.pk in known:
        return known[school.pk]
    return pages.school_page_url(school, context.get("request"))


# What json_script escapes: the JSON stays inert inside a <script> element whatever its strings hold.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """``value`` as a schema.org JSON-LD block (``<script type="application/ld+json">``): a data block, which a
    strict Content-Security-Policy lets through, escaped like Django's ``json_script``."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """A feature's section (:class:`mon_enfant.features.Section`) rendered with its own context on top of the
    page's: ``{% render_section section %}``."""
    template = context.template.engine.get_template(section.template)
    with context.push(**section.context):
        return template.render(context)  # as {% include %} does: the page's context, no processor run again
