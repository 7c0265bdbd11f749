"""Accessible forms for families, rendered the same way by every feature.

Built on Django 5.2's form rendering: :class:`FamilyForm` (or :class:`FamilyFormMixin` on another form
class) renders through :class:`FamilyFormRenderer`, whose ``field_template_name`` is the package's one
field template (``mon_enfant/forms/field.html``, reached by ``{{ field.as_field_group }}``) and whose
form template puts the one error summary (``mon_enfant/forms/error_summary.html``) first. Django's
``BoundField.aria_describedby`` ties each input to its hint and its error by id; the summary links each
message to its field.
"""

import re
from dataclasses import dataclass

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validators import ascii_decimal, normalise_code

# Django's "Select a valid choice. %(value)s is not one of the available choices." repeats what was posted.
INVALID_CHOICE = gettext_lazy("Choisissez l'une des options proposées.")


class FamilyFormRenderer(DjangoTemplates):
    """Django's own renderer (the apps' templates, so a host may override ours) with the package's templates."""

    form_template_name = "mon_enfant/forms/form.html"
    field_template_name = "mon_enfant/forms/field.html"


@dataclass(frozen=True)
class ErrorSummaryItem:
    message: str
    href: str = ""  # "#<input id>", empty for an error about the whole form


class FamilyFormMixin:
    """Give a form the package's rendering; ``error_summary`` renders the summary where a page wants it."""

    default_renderer = FamilyFormRenderer
    template_name = FamilyFormRenderer.form_template_name
    error_summary_template_name = "mon_enfant/forms/error_summary.html"
    # The summary's heading: a form whose errors may come from the answer itself (no grid for that year)
    # rather than from a missing field says so in its own words.
    error_summary_title = gettext_lazy("Votre demande est incomplète")

    def full_clean(self):
        self.hide_posted_choices()
        super().full_clean()

    def hide_posted_choices(self):
        """No message repeats what was posted: a choice field's "invalid choice" message that would quote
        the value (Django's) says which options to pick instead. Done before each cleaning, so that fields
        a form adds after ``__init__`` are covered too."""
        for field in self.fields.values():
            message = field.error_messages.get("invalid_choice")
            if message is not None and "%(value)" in str(message):
                field.error_messages["invalid_choice"] = INVALID_CHOICE

    def error_summary_items(self) -> list[ErrorSummaryItem]:
        """The form's errors in display order: the whole form's first, then each field's, linked to it."""
        items = [ErrorSummaryItem(str(message)) for message in self.non_field_errors()]
        for field in self:
            if field.is_hidden:
                items.extend(ErrorSummaryItem(str(message)) for message in field.errors)
            else:
                items.extend(ErrorSummaryItem(str(message), f"#{_first_input_id(field)}") for message in field.errors)
        return items

    @property
    def error_summary_id(self) -> str:
        return f"{self.prefix or 'form'}-error-summary"

    def error_summary(self) -> SafeString:
        items = self.error_summary_items() if self.is_bound else []
        if not items:
            return SafeString("")
        context = {"form": self, "items": items, "summary_id": self.error_summary_id, "title": self.error_summary_title}
        return SafeString(self.renderer.render(self.error_summary_template_name, context))


def _first_input_id(field):
    """Where a summary link leads: the input, or a group's first choice (a radio group's label points nowhere)."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


class CodeChoiceField(forms.ChoiceField):
    """A choice among codes (UAI, INSEE) that a link or a family may write in any case: "0350916f" is
    0350916F."""

    def to_python(self, value):
        return normalise_code(super().to_python(value))


class FamilyForm(FamilyFormMixin, forms.Form):
    """Base class of every form a family fills in (lookup, calculator...)."""


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text):
    """A number typed by a family: "1050", "1 050,50", "1050.5 €". Returns a Decimal, None if blank.

    Raises ValueError for anything else (including "1.050,50", which is ambiguous).
    """
    text = _SPACES.sub("", (text or "").strip()).removesuffix("€").removesuffix("EUR")
    if not text:
        return None
    if text.count(",") + text.count(".") > 1:
        raise ValueError(text)
    value = ascii_decimal(text.replace(",", "."), exponent=False)  # Decimal() alone reads "١٠٥٠", "NaN" and "1_050"
    if value is None:
        raise ValueError(text)
    return value


class AmountField(forms.Field):
    """A text input for amounts (``inputmode="decimal"``: a number keypad on phones, no spinner), never
    remembered by the browser's form history."""

    widget = forms.TextInput
    max_length = 30

    def __init__(self, *, example="1050", maximum=None, **kwargs):
        self.example = example
        self.maximum = maximum
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}

    def to_python(self, value):
        text = str(value or "").strip()
        try:
            if len(text) > self.max_length:
                raise ValueError(text)
            return parse_amount(text)
        except ValueError:
            raise forms.ValidationError(
                _("Saisissez un nombre, par exemple %(example)s.") % {"example": self.example}, code="invalid"
            ) from None

    def validate(self, value):
        # Obvious mistakes are reported with every other field's; the arithmetic checks the rest.
        super().validate(value)
        if value is not None and value < 0:
            raise forms.ValidationError(_("Saisissez un nombre positif ou nul."), code="negative")
        if value is not None and self.maximum is not None and value > self.maximum:
            raise forms.ValidationError(
                _("Saisissez un nombre inférieur ou égal à %(max)s.") % {"max": self.maximum}, code="too_large"
            )
