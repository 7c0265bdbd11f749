"""The parent's question ("which school for my address?"): the lookup form of the page and the block.

A plain GET form, so that it works without JavaScript and can be bookmarked or shared; the address
therefore travels in the URL, and the page and the block serve it privately (:mod:`mon_enfant.privacy`).
Rendering, hints, error ids and the error summary are the package's (:class:`mon_enfant.forms.FamilyForm`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from mon_enfant.forms import FamilyForm
from mon_enfant.utils import current_school_year, school_year_options

from .models import CatchmentLevel

MAX_ADDRESS_LENGTH = 200
MAX_LIEU_DIT_LENGTH = 100
# What a family types or picks that says where it lives: redacted from logs while a question is served.
FAMILY_INPUT_FIELDS = ("address", "lieu_dit")


def ordered_levels(levels):
    """The offered levels in the school order, as (value, label) pairs; unknown values are dropped."""
    offered = set(levels or ())
    return [(value, label) for value, label in CatchmentLevel.choices if value in offered]


class LookupForm(FamilyForm):
    """Address, level, school year and (when the page serves several communes) commune.

    ``communes`` may be empty (a page whose site has no commune attached): the form is then never valid
    and the page says that the mairie must configure it, whatever was typed.
    """

    address = forms.CharField(
        label=_("Votre adresse"),
        max_length=MAX_ADDRESS_LENGTH,
        help_text=_("Le numéro puis le nom de la voie, par exemple : 14 bis rue de Trichet."),
        error_messages={
            "required": _("Indiquez votre adresse : le numéro et le nom de la voie."),
            "max_length": _("L'adresse est trop longue (%(limit_value)d caractères au plus)."),
        },
    )
    level = forms.ChoiceField(
        label=_("Niveau"),
        error_messages={
            "required": _("Choisissez le niveau : maternelle, élémentaire ou collège."),
            "invalid_choice": _("Choisissez un niveau parmi ceux proposés."),
        },
    )
    school_year = forms.ChoiceField(
        label=_("Année scolaire"),
        required=False,
        error_messages={"invalid_choice": _("Choisissez l'année scolaire parmi celles proposées.")},
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        error_messages={
            "required": _("Choisissez votre commune."),
            "invalid_choice": _("Choisissez votre commune parmi celles proposées."),
        },
    )

    def __init__(self, data=None, *, communes, levels, id_prefix="catchment", today=None):
        super().__init__(data, auto_id=f"{id_prefix}-%s")
        self.id_prefix = id_prefix
        self.communes = list(communes)
        self.level_choices = ordered_levels(levels)
        self.default_school_year = str(current_school_year(today))

        level = self.fields["level"]
        if len(self.level_choices) == 1:
            level.choices = self.level_choices
            level.required = False
            level.initial = self.level_choices[0][0]
        else:
            level.choices = [("", _("Choisissez le niveau"))] + self.level_choices

        self.fields["school_year"].choices = school_year_options(today)
        self.fields["school_year"].initial = self.default_school_year

        if len(self.communes) > 1:
            self.fields["commune"].choices = [("", _("Choisissez votre commune"))] + [
                (commune.code_insee, commune.name) for commune in self.communes
            ]
        else:
            del self.fields["commune"]

        self.fields["address"].widget.attrs.update({"autocomplete": "street-address", "spellcheck": "false"})

    @property
    def error_summary_id(self):
        # Two lookup blocks on one page each have their own summary.
        return f"{self.id_prefix}-error-summary"

    @property
    def has_communes(self):
        return bool(self.communes)

    def is_valid(self):
        # No commune to ask about: nothing typed can be answered (the template says why, not an error).
        return self.has_communes and super().is_valid()

    def clean_level(self):
        return self.cleaned_data.get("level") or (self.level_choices[0][0] if len(self.level_choices) == 1 else "")

    def clean_school_year(self):
        return self.cleaned_data.get("school_year") or self.default_school_year

    def clean_commune(self):
        code = self.cleaned_data.get("commune")
        return next(commune for commune in self.communes if commune.code_insee == code)

    def clean(self):
        cleaned = super().clean()
        if "commune" not in self.fields and self.communes:
            cleaned["commune"] = self.communes[0]
        return cleaned
