"""The explanations of :mod:`mon_enfant.fees.logic` in the active language.

The pure logic writes French sentences (``logic.Text``) that keep their gettext template and their parts;
here the template goes through gettext (the msgids are in the app's catalogue, marked in logic.py with
``gettext_noop``) and the parts are written for the language: numbers and amounts in French notation
("0,36", "2,60 €") for French, with a decimal point ("0.36", "€2.60") otherwise; ranks "2e" or "2nd".
"""

from decimal import ROUND_HALF_UP

from django.utils.translation import get_language, gettext

from . import logic


def _writes_french():
    return (get_language() or "fr").startswith("fr")


def _english_ordinal(rank):
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def render(text, french=None):
    """One explanation (a ``logic.Text`` or one of its parts) in the active language."""
    if french is None:
        french = _writes_french()
    if french:
        return str(text)  # the logic's own sentence
    if isinstance(text, logic.Text):
        template = gettext(text.template)
        written = template % {name: render(part, french) for name, part in text.parts.items()} if text.parts \
            else template
        return written[:1].upper() + written[1:] if text.capital else written
    if isinstance(text, logic.Number):
        if text.euros:
            return "€" + format(text.value.quantize(logic.CENT, rounding=ROUND_HALF_UP), "f")
        return format(text.value.normalize(), "f")
    if isinstance(text, logic.Ordinal):
        return _english_ordinal(text.rank)
    return str(text)


def rules(quote, french=None):
    """The rules applied to a quote, as one line."""
    if french is None:
        french = _writes_french()
    if french:
        return quote.rule
    return " · ".join(render(rule, french) for rule in quote.applied_rules)


def language_key():
    """What a cache of rendered explanations must be keyed by: "fr" for any French, else the language."""
    language = get_language() or "fr"
    return "fr" if language.startswith("fr") else language
