"""The school directory's filters: the GET form a parent narrows the directory with (the level a child is in,
public or private), rendered like every family form (:class:`~mon_enfant.forms.FamilyForm`).

The form sits below the models (``mon_enfant.models`` builds the directory page on it), so the page gives it
its choices. Its values are never quoted back: a value that is not one of the choices gets the package's
"choose one of the options" message, and the directory then lists the schools of the other filter (every
school when both are wrong).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import FamilyForm

FILTER_FIELDS = ("niveau", "secteur")


class SchoolFilterForm(FamilyForm):
    niveau = forms.ChoiceField(label=_("Niveau"), required=False)
    secteur = forms.ChoiceField(label=_("Secteur"), required=False)

    error_summary_title = _("Ce filtre n'a pas pu être appliqué")

    def __init__(self, data=None, *, levels, sectors, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["niveau"].choices = [("", _("Tous les niveaux")), *levels]
        self.fields["secteur"].choices = [("", _("Public et privé")), *sectors]

    @classmethod
    def from_query(cls, query, **kwargs):
        """The form bound to the query string when it holds a filter, unbound otherwise (the whole directory)."""
        asked = any(name in query for name in FILTER_FIELDS)
        return cls(query if asked else None, **kwargs)

    def chosen(self):
        """The valid filters as ``{"niveau": ..., "secteur": ...}``, empty values left out: a bad value in one
        field keeps the other one."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
