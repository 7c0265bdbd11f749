"""The family's form: where it lives, its child's level and school year, optionally its school, and (only by
POST, never in a URL) its quotient familial.

Address, level and year travel by GET, so that the answer can be kept as a link; the QF is added by a
second, posted form holding the same answers hidden (:attr:`FamilyForm.with_qf`).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mon_enfant.forms import AmountField, CodeChoiceField, FamilyForm
from mon_enfant.models import School, SchoolLevel
from mon_enfant.utils import current_school_year, school_year_options

MAX_ADDRESS_LENGTH = 200
# A QF above this is a typing mistake (the highest brackets start around 2,000 to 3,000 euros).
MAX_QF = 100_000
CHILD_LEVELS = [(value, label) for value, label in SchoolLevel.choices if value != SchoolLevel.PRIMAIRE]


class ForgottenInput(forms.TextInput):
    """A text input that never shows what was typed again: the family's QF is used for one answer, then
    forgotten, and a refused one is not repeated either."""

    def format_value(self, value):
        return None


class FamilyAnswerForm(FamilyForm):
    """The question of one family. ``communes`` are the page's; ``with_qf`` makes the posted form that adds the
    QF: the question's fields are then hidden, carrying what the family already answered."""

    error_summary_title = _("Nous ne pouvons pas encore vous répondre")

    commune = forms.ChoiceField(
        label=_("Commune"),
        error_messages={"required": _("Choisissez votre commune."),
                        "invalid_choice": _("Choisissez votre commune parmi celles proposées.")},
    )
    # Needed unless the family names its school (then clean() drops the "required" error).
    address = forms.CharField(
        label=_("Votre adresse"),
        max_length=MAX_ADDRESS_LENGTH,
        help_text=_("Le numéro puis le nom de la voie, par exemple : 14 bis rue de Trichet. Sans adresse, "
                    "choisissez son école plus bas."),
        error_messages={"required": _("Indiquez votre adresse, ou choisissez l'école de votre enfant."),
                        "max_length": _("L'adresse est trop longue (%(limit_value)d caractères au plus).")},
    )
    level = forms.ChoiceField(
        label=_("Niveau de votre enfant"),
        error_messages={"required": _("Choisissez le niveau : maternelle, élémentaire ou collège."),
                        "invalid_choice": _("Choisissez un niveau parmi ceux proposés.")},
    )
    school_year = forms.ChoiceField(
        label=_("Année scolaire"),
        required=False,
        error_messages={"invalid_choice": _("Choisissez l'année scolaire parmi celles proposées.")},
    )
    school = CodeChoiceField(
        label=_("Son école, s'il y est déjà inscrit"),
        required=False,
        help_text=_("Sans adresse, la réponse porte sur cette école."),
        error_messages={"invalid_choice": _("Choisissez l'école parmi celles proposées.")},
    )

    def __init__(self, data=None, *, communes, prefix=None, with_qf=False, initial=None, schools=None):
        """``schools`` (UAI → School) are those the question form already read, for the posted QF form."""
        # The posted form repeats the question's fields, hidden: ids of their own, not the question form's.
        auto_id = f"{prefix or 'famille'}-qf-%s" if with_qf else "id_%s"
        super().__init__(data, prefix=prefix, initial=initial, auto_id=auto_id)
        self.communes = list(communes)
        self.with_qf = with_qf
        self.default_school_year = str(current_school_year())
        self.fields["level"].choices = [("", _("Choisissez le niveau"))] + CHILD_LEVELS
        self.fields["school_year"].choices = school_year_options()
        self.fields["school_year"].initial = self.default_school_year
        if len(self.communes) > 1:
            self.fields["commune"].choices = [("", _("Choisissez votre commune"))] + [
                (commune.code_insee, commune.name) for commune in self.communes]
        else:
            del self.fields["commune"]
        if schools is None:
            schools = {school.uai: school for school in (
                School.objects.filter(Q(commune__in=self.communes) | Q(served_communes__in=self.communes))
                .select_related("commune").distinct().order_by("name")
                if self.communes else ())}
        self.schools = schools
        self.fields["school"].choices = [("", _("Je ne sais pas / pas encore"))] + [
            (uai, school.name) for uai, school in self.schools.items()]
        self.fields["address"].widget.attrs.update({"autocomplete": "street-address", "spellcheck": "false"})
        if with_qf:
            self.error_summary_title = _("Votre quotient familial n'a pas été pris en compte")
            for name in list(self.fields):
                self.fields[name].widget = forms.HiddenInput()
            self.fields["quotient_familial"] = AmountField(
                label=_("Votre quotient familial, en euros"), maximum=MAX_QF, widget=ForgottenInput,
                help_text=_("Il figure sur votre attestation CAF ou MSA. Il n'est ni enregistré ni mis dans "
                            "l'adresse de la page."))

    @property
    def has_communes(self):
        return bool(self.communes)

    def is_valid(self):
        return self.has_communes and super().is_valid()

    def clean_school_year(self):
        return self.cleaned_data.get("school_year") or self.default_school_year

    def clean_commune(self):
        code = self.cleaned_data.get("commune")
        return next(commune for commune in self.communes if commune.code_insee == code)

    def clean_school(self):
        uai = self.cleaned_data.get("school")
        return self.schools.get(uai) if uai else None

    def clean(self):
        cleaned = super().clean()
        if "commune" not in self.fields and self.communes:
            cleaned["commune"] = self.communes[0]
        school, level = cleaned.get("school"), cleaned.get("level")
        if school is not None and level and not school.teaches(level):
            self.add_error("school", _("Cette école n'accueille pas les enfants de ce niveau : choisissez-en une "
                                       "autre, ou aucune."))
        if school is not None and self.has_error("address", "required"):
            del self.errors["address"]
            cleaned["address"] = ""
        return cleaned

    def question(self):
        """The question's values as they travel in the answer's link (codes, never the QF)."""
        data = self.cleaned_data
        values = {"address": data.get("address") or "", "level": data["level"], "school_year": data["school_year"]}
        if "commune" in self.fields:
            values["commune"] = data["commune"].code_insee
        if data.get("school") is not None:
            values["school"] = data["school"].uai
        return {name: value for name, value in values.items() if value}
