"""Formatting of amounts and brackets for the fee templates, in the active language ("1 050,50 €" in
French), so that templates hold no logic."""

import re
from decimal import Decimal

from django import template
from django.utils.formats import number_format

from .. import logic, wording
from ..models import UNIT_PHRASES

register = template.Library()

NBSP = "\u00a0"
# In a page, an amount does not break across lines: its thousands ("1 371") nor before its sign ("235 €").
_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=[\d€])")


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
    """A half-open bracket in words, as in the quote's rules: "moins de 235 €", "de 235 € à moins de 385 €",
    "à partir de 1 371 €" (:func:`logic.qf_range`)."""
    return _AMOUNT_SPACE.sub(NBSP, wording.word(logic.qf_range(row.qf_min, row.qf_max)))


@register.filter
def per_unit(unit):
    """ "par repas", "par demi-heure"..."""
    phrases = UNIT_PHRASES.get(unit)
    return phrases[0] if phrases else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
