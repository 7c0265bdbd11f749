"""Formatting of amounts and brackets for the fee templates, in the active language ("1 050,50 €" in
French), so that templates hold no logic."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..models import UNIT_PHRASES

register = template.Library()

NBSP = "\u00a0"


def _number(value, decimals):
    return number_format(Decimal(value), decimals, use_l10n=True, force_grouping=True)


@register.filter
def euros(value):
    """An amount in euros with cents: "3,05 €"."""
    if value is None or value == "":
        return ""
    return f"{_number(value, 2)}{NBSP}€"


@register.filter
def qf_euros(value):
    """A QF bound: whole euros without cents ("1 371 €"), cents when there are some ("384,50 €")."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{_number(value, decimals)}{NBSP}€"


@register.filter
def number(value):
    """A plain number without useless zeros: "2,5", "4", "0,36"."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return _number(value, decimals)


@register.filter
def bracket_label(row):
    """A half-open bracket in words: "moins de 235 €", "de 235 € à moins de 385 €", "à partir de 1 371 €"."""
    if row.qf_max is None:
        if row.qf_min == 0:
            return _("tous les quotients familiaux")
        return _("à partir de %(min)s") % {"min": qf_euros(row.qf_min)}
    if row.qf_min == 0:
        return _("moins de %(max)s") % {"max": qf_euros(row.qf_max)}
    return _("de %(min)s à moins de %(max)s") % {"min": qf_euros(row.qf_min), "max": qf_euros(row.qf_max)}


@register.filter
def per_unit(unit):
    """ "par repas", "par demi-heure"..."""
    phrases = UNIT_PHRASES.get(unit)
    return phrases[0] if phrases else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
