"""The simulation as the page and the block run it: load the communes' live grids, bind the form to a
POST addressed to this calculator, and give templates the form, the result and the printable grids.

Privacy rules, in one place: what a family types arrives in a POST body only (never a URL), is used for
the answer and dropped; responses carrying it are marked ``no-store``; the request is marked so that
Django's error reports never show the POST body.
"""

from .forms import FeeQuoteForm
from .quoting import choose_default_year, commune_fees

# The hidden input naming the calculator a POST is for (a page may hold a calculator block too).
MARKER = "mon_enfant_fees"


def protect_request(request):
    """Hide every POST parameter from Django's error reports (as ``@sensitive_post_parameters()``)."""
    request.sensitive_post_parameters = "__ALL__"


NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def protect_response(response):
    """Forbid any cache (browser history included) to keep the response: ``Cache-Control: no-store``
    (what Django's ``add_never_cache_headers`` sends, without its date arithmetic on the hot path)."""
    response["Cache-Control"] = NO_STORE
    response["Expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
    return response


def is_calculator_post(request, prefix=None):
    """Whether ``request`` submits a calculator (``prefix``: that one); ``request`` may be None."""
    if request is None or request.method != "POST":
        return False
    marker = request.POST.get(MARKER)
    return marker is not None and (prefix is None or marker == prefix)


class FeeCalculator:
    """One calculator on a page: ``prefix`` names its fields and its POST marker, so a page holding the
    calculator page's form and a calculator block binds each to its own submission only."""

    def __init__(self, request, communes, *, prefix):
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
            if data is not None:
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
        errors = self.form.error_list() if self.form is not None and self.form.is_bound else []
        highlighted = {}
        if self.result is not None:
            highlighted = {line.service.slug: line.quote.bracket_number for line in self.result.lines
                           if self.result.resident}
        return {
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
