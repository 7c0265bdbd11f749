"""The families' simulation form, shared by the page and the block.

Plain Django form posted without JavaScript, rendered by the package's form templates
(:mod:`mon_enfant.forms`: ``field.as_field_group`` and the error summary). Amounts are typed the French
way ("1 050,50"); every error is attached to the field it is about, so that the summary links to it and
Django's ``aria-describedby`` / ``aria-invalid`` tie it to its input. The arithmetic errors come from
:mod:`logic` as codes with the name of the input at fault (:data:`LOGIC_FIELDS`), worded by :mod:`wording`.
"""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mon_enfant.forms import AmountField, FamilyForm
from mon_enfant.privacy import POSTED_FORM_REFERRER_POLICY, mark_private

from . import logic, wording
from .models import UNIT_PHRASES
from .services import MARKER, choose_default_year, commune_fees, compute_quote, is_calculator_post

MAX_CHILD_RANK = 10
QF_KNOWN, QF_COMPUTE, QF_NONE = "known", "compute", "none"

# logic input name -> form field name
LOGIC_FIELDS = {
    "qf": "qf",
    "declared_qf": "qf",
    "annual_resources": "annual_resources",
    "monthly_benefits": "monthly_benefits",
    "reference_income": "reference_income",
    "tax_parts": "tax_parts",
    "parts": "children",
    "children": "children",
    "disabled_children": "disabled_children",
    "case_t": "case_t",
    "child_rank": "child_rank",
    "school_year": "school_year",
    "pai": "pai",
}

class FeeQuoteForm(FamilyForm):
    """The simulation form for the communes of a page (usually one).

    Fields depend on the communes' QF method: a QF field (the CAF/MSA certificate), the household fields
    of the CAF or the fiscal method, and one "units per week" field per service for the monthly
    estimate. On success :attr:`result` holds the :class:`quoting.QuoteResult`.
    """

    error_summary_title = gettext_lazy("La simulation n'a pas pu être faite")

    def __init__(self, data=None, *, fees_by_code, commune_names, prefix, initial_year=None):
        super().__init__(data, prefix=prefix)
        self.fees_by_code = fees_by_code
        self.commune_names = commune_names
        self.result = None
        self.commune_fees = None
        self.methods = {fees.policy.method for fees in fees_by_code.values()}
        years = sorted({year for fees in fees_by_code.values() for year in fees.years})
        self.single_commune = len(fees_by_code) == 1
        if not self.single_commune:
            self.fields["commune"] = forms.ChoiceField(
                label=gettext_lazy("Commune"), choices=[(code, commune_names[code]) for code in fees_by_code]
            )
        self.fields["school_year"] = forms.ChoiceField(
            label=gettext_lazy("Année scolaire"),
            choices=[(year, year) for year in years],
            initial=initial_year or choose_default_year(years),
        )
        self._add_qf_fields()
        self._add_family_fields()
        self._add_usage_fields()
        self.order_fields(["commune", "school_year"])

    # -- fields ----------------------------------------------------------------------------------

    @property
    def offers_caf(self):
        return logic.QfMethod.CAF in self.methods

    @property
    def offers_fiscal(self):
        return logic.QfMethod.FISCAL in self.methods

    @property
    def offers_computation(self):
        return self.offers_caf or self.offers_fiscal

    def _add_qf_fields(self):
        choices = [(QF_KNOWN, _("Je connais mon quotient familial"))]
        if self.offers_computation:
            choices.append((QF_COMPUTE, _("Je le calcule à partir de mes revenus")))
        choices.append((QF_NONE, _("Je ne l'indique pas (tarif sans quotient familial)")))
        self.fields["qf_source"] = forms.ChoiceField(
            label=_("Votre quotient familial (QF)"), choices=choices, initial=QF_KNOWN, widget=forms.RadioSelect
        )
        qf_help = next((fees.qf_help for fees in self.fees_by_code.values() if fees.qf_help), "")
        if logic.QfMethod.FISCAL in self.methods and len(self.methods) == 1:
            default_help = _("Revenu fiscal de référence divisé par 12 puis par le nombre de parts fiscales.")
        else:
            default_help = _("Il figure sur votre attestation de quotient familial CAF ou MSA.")
        self.fields["qf"] = AmountField(
            label=_("Quotient familial, en euros"), help_text=qf_help or default_help, example="1050"
        )
        if self.offers_caf:
            self.fields["annual_resources"] = AmountField(
                label=_("Ressources annuelles imposables du foyer, en euros"),
                help_text=_("Celles de l'avant-dernière année (revenus %(year)s pour un calcul en %(now)s), "
                            "avant abattements.") % {"year": timezone.localdate().year - 2,
                                                     "now": timezone.localdate().year},
                example="32000",
            )
            self.fields["monthly_benefits"] = AmountField(
                label=_("Prestations familiales mensuelles, en euros (facultatif)"),
                help_text=_("Allocations familiales, complément familial... Laissez vide si vous n'en recevez pas."),
                example="150",
            )
        if self.offers_fiscal:
            self.fields["reference_income"] = AmountField(
                label=_("Revenu fiscal de référence, en euros"),
                help_text=_("Il figure en première page de votre avis d'impôt sur le revenu."),
                example="32000",
            )
            self.fields["tax_parts"] = AmountField(
                label=_("Nombre de parts fiscales (facultatif)"),
                help_text=_("Indiqué sur votre avis d'impôt. Laissez vide pour le calculer à partir de votre "
                            "situation."),
                example="2,5",
            )
            self.fields["case_t"] = forms.BooleanField(
                label=_("Je vis seul(e) avec mes enfants et j'ai coché la case T de ma déclaration"),
                required=False,
            )
        if self.offers_computation:
            self.fields["couple"] = forms.ChoiceField(
                label=_("Votre situation"),
                choices=[("oui", _("En couple")), ("non", _("Seul(e)"))],
                initial="oui",
                widget=forms.RadioSelect,
            )
            self.fields["children"] = forms.IntegerField(
                label=_("Nombre d'enfants à charge"), min_value=0, max_value=logic.MAX_CHILDREN, initial=1,
                required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages=_integer_errors(logic.MAX_CHILDREN),
            )
            self.fields["disabled_children"] = forms.IntegerField(
                label=_("Dont enfants en situation de handicap (AEEH)"), min_value=0,
                max_value=logic.MAX_CHILDREN, initial=0, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages=_integer_errors(logic.MAX_CHILDREN),
            )

    def _add_family_fields(self):
        if self.single_commune:
            name = next(iter(self.commune_names.values()))
            label = _("Habitez-vous %(commune)s ?") % {"commune": name}
        else:
            label = _("Habitez-vous la commune choisie ?")
        self.fields["resident"] = forms.ChoiceField(
            label=label, choices=[("oui", _("Oui")), ("non", _("Non"))], initial="oui", widget=forms.RadioSelect
        )
        ranks = [(1, _("1er enfant inscrit (ou enfant unique)"))] + [
            (rank, _("%(rank)se enfant inscrit") % {"rank": rank}) for rank in range(2, MAX_CHILD_RANK + 1)
        ]
        self.fields["child_rank"] = forms.TypedChoiceField(
            label=_("Rang de l'enfant dans la fratrie"),
            help_text=_("Certaines prestations sont moins chères à partir du 2e ou du 3e enfant inscrit."),
            choices=ranks, coerce=int, initial=1,
        )
        if any(service.offers_pai for service in self._all_services()):
            self.fields["pai"] = forms.BooleanField(
                label=_("Mon enfant a un PAI alimentaire et apporte son panier repas"), required=False,
            )

    def _all_services(self):
        return [service for fees in self.fees_by_code.values() for services in fees.years.values()
                for service in services]

    def _add_usage_fields(self):
        self.usage_fields = []
        seen = set()
        for service in self._all_services():
            if service.slug in seen:
                continue
            seen.add(service.slug)
            name = f"usage_{service.slug}"
            per_week = UNIT_PHRASES.get(service.unit, (None, _("Unités par semaine")))[1]
            self.fields[name] = AmountField(
                label=f"{service.name} : {per_week}", example="4", maximum=logic.MAX_UNITS_PER_WEEK,
            )
            self.usage_fields.append((service.slug, name))

    # -- grouping for templates -------------------------------------------------------------------

    def qf_fields(self):
        return [self[name] for name in ("qf",) if name in self.fields]

    def household_fields(self):
        names = ["annual_resources", "monthly_benefits", "reference_income", "tax_parts", "couple",
                 "children", "disabled_children", "case_t"]
        return [self[name] for name in names if name in self.fields]

    def family_fields(self):
        return [self[name] for name in ("resident", "child_rank", "pai") if name in self.fields]

    def usage_bound_fields(self):
        return [self[name] for _slug, name in self.usage_fields]

    # -- validation -------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        code = cleaned.get("commune") or next(iter(self.fees_by_code))
        fees = self.fees_by_code[code]
        self.commune_fees = fees
        year = cleaned["school_year"]
        if year not in fees.years:
            self.add_error("school_year", _("Aucune grille n'est publiée pour cette commune et cette année."))
            return cleaned
        source = self._effective_source(cleaned)
        household = None
        method = None
        if source == QF_COMPUTE:
            method = fees.policy.method if fees.policy.method is not logic.QfMethod.DIRECT else logic.QfMethod.CAF
            if method is logic.QfMethod.CAF and "annual_resources" not in self.fields:
                method = logic.QfMethod.FISCAL
            if method is logic.QfMethod.FISCAL and "reference_income" not in self.fields:
                method = logic.QfMethod.CAF
            household = logic.Household(
                couple=cleaned.get("couple") == "oui",
                children=cleaned.get("children") or 0,
                disabled_children=cleaned.get("disabled_children") or 0,
                annual_resources=cleaned.get("annual_resources"),
                monthly_benefits=cleaned.get("monthly_benefits"),
                reference_income=cleaned.get("reference_income"),
                tax_parts=cleaned.get("tax_parts"),
                case_t=bool(cleaned.get("case_t")) and method is logic.QfMethod.FISCAL,
            )
        elif source == QF_KNOWN and cleaned.get("qf") is None:
            self.add_error("qf", _("Indiquez votre quotient familial, ou choisissez une autre option ci-dessus."))
            return cleaned
        usage = {slug: cleaned.get(name) for slug, name in self.usage_fields if cleaned.get(name) is not None}
        services = {service.slug for service in fees.years[year]}
        usage = {slug: units for slug, units in usage.items() if slug in services}
        try:
            self.result = compute_quote(
                fees,
                year,
                qf=cleaned.get("qf") if source == QF_KNOWN else None,
                household=household,
                method=method.value if method else None,
                resident=cleaned.get("resident") != "non",
                child_rank=cleaned.get("child_rank") or 1,
                pai=bool(cleaned.get("pai")),
                usage=usage,
            )
        except logic.FeeInputError as exc:
            self.add_error(self._field_for(exc.field), wording.error(exc))
        return cleaned

    def _effective_source(self, cleaned):
        """The QF option the family meant: without JavaScript every block is visible, and a family that
        fills in its income but leaves "Je connais mon QF" ticked (or the reverse) is understood."""
        source = cleaned.get("qf_source") or QF_KNOWN
        typed_income = any(cleaned.get(name) is not None for name in ("annual_resources", "reference_income"))
        if source == QF_KNOWN and cleaned.get("qf") is None and typed_income:
            return QF_COMPUTE
        if source == QF_COMPUTE and cleaned.get("qf") is not None and not typed_income:
            return QF_KNOWN
        return source

    def _field_for(self, logic_field):
        if logic_field.startswith("usage:"):
            name = f"usage_{logic_field.removeprefix('usage:')}"
            return name if name in self.fields else None
        name = LOGIC_FIELDS.get(logic_field)
        return name if name in self.fields else None


def _integer_errors(maximum):
    message = gettext_lazy("Saisissez un nombre entier entre 0 et %(max)s.") % {"max": maximum}
    return {"invalid": message, "min_value": message, "max_value": message}


class FeeCalculator:
    """One calculator on a page: ``prefix`` names its fields and its POST marker, so a page holding the
    calculator page's form and a calculator block binds each to its own submission only."""

    def __init__(self, request, communes, *, prefix, in_private_page=False):
        """``in_private_page``: the hosting page is private whatever it answers (a PrivatePageMixin, which
        sets its own headers); a block in any other page marks the answer to its POST private."""
        self.request = request
        self.prefix = prefix
        self.communes = list(communes)
        fees = [(commune, commune_fees(commune)) for commune in self.communes]
        self.fees_by_code = {commune.code_insee: data for commune, data in fees if data.years}
        self.commune_names = {commune.code_insee: commune.name for commune in self.communes}
        self.form = None
        if self.fees_by_code:
            data = request.POST if is_calculator_post(request, prefix) else None  # request may be None
            self.form = FeeQuoteForm(
                data,
                fees_by_code=self.fees_by_code,
                commune_names={code: self.commune_names[code] for code in self.fees_by_code},
                prefix=prefix,
            )
            if data is not None and not in_private_page:
                mark_private(request, referrer_policy=POSTED_FORM_REFERRER_POLICY)
                self.form.is_valid()

    @property
    def result(self):
        return self.form.result if self.form is not None else None

    def selected_school_year(self):
        """The year whose grids are printed: the one simulated, else the default one."""
        if self.form is None:
            return None
        if self.result is not None:
            return self.result.school_year
        years = sorted({year for fees in self.fees_by_code.values() for year in fees.years})
        if self.form.is_bound:
            chosen = self.form.data.get(self.form.add_prefix("school_year"))
            if chosen in years:
                return chosen
        return choose_default_year(years)

    def grids(self, school_year):
        """Per commune: its services with their published grid for the year, for the printable tables."""
        return [
            {"commune_name": self.commune_names[code], "services": fees.services(school_year)}
            for code, fees in self.fees_by_code.items()
            if fees.services(school_year)
        ]

    def get_context(self):
        school_year = self.selected_school_year()
        errors = self.form.error_summary_items() if self.form is not None and self.form.is_bound else []
        highlighted = {}
        if self.result is not None:
            highlighted = {line.service.slug: line.quote.bracket_number for line in self.result.lines
                           if self.result.resident}
        return {
            "fees_has_communes": bool(self.communes),
            "fees_form": self.form,
            "fees_prefix": self.prefix,
            "fees_marker": MARKER,
            "fees_result": self.result,
            "fees_errors": errors,
            "fees_school_year": school_year,
            "fees_grids": self.grids(school_year) if school_year else [],
            "fees_highlighted": highlighted,
            "fees_multiple_communes": len(self.fees_by_code) > 1,
            "fees_result_commune": self._result_commune_name(),
        }

    def _result_commune_name(self):
        if self.result is None or self.form.commune_fees is None:
            return ""
        return self.commune_names.get(self.form.commune_fees.code_insee, "")
