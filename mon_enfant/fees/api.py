"""JSON API of the fees, mounted at /api/mon-enfant/v1/ (see docs/fees.md):

* ``POST /fees/quote``: a family's QF and the price of each service; the income travels in the body of
  a POST only, is never stored or logged, and every answer is private (:mod:`mon_enfant.privacy`);
* ``GET /fees/grids``: the published grids of a commune for a school year.

Amounts are accepted as JSON numbers or strings and converted through ``str`` to ``Decimal`` (a float
never enters the arithmetic); they are answered as strings with two decimals ("3.05"). Bad input is
answered 422 with the field at fault, never 500.
"""

import functools
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language, gettext
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut, field_error, write_json
from mon_enfant.privacy import family_input
from mon_enfant.ratelimit import rate_limited
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_expected
from mon_enfant.validators import ascii_decimal

from . import logic, wording
from .services import (
    CommuneFees,
    QuoteResult,
    choose_default_year,
    commune_fees_by_code,
    compute_quote,
    money,
)

router = Router(tags=["Tarifs"])

MAX_USAGE_ITEMS = 50


def _invalid_amount():
    return PydanticCustomError("invalid_amount",
                               gettext("Saisissez un montant : un nombre, ou un texte comme « 1050.50 »."))


_AMOUNT_TYPES = (int, float, str, Decimal)  # a tuple: a union would be built on every call


def _to_decimal(value: Any) -> Decimal:
    """JSON numbers and numeric strings to Decimal, through ``str`` so that 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, _AMOUNT_TYPES):
        raise _invalid_amount()
    number = ascii_decimal(str(value))  # Decimal() alone reads "١٠٥٠", "NaN" and "1_050"
    if number is None:
        raise _invalid_amount()
    return number


Amount = Annotated[Decimal, BeforeValidator(_to_decimal)]
def _not_a_boolean(value: Any) -> Any:
    """A count is a number: ``true`` is refused, not counted as 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", gettext("Saisissez un nombre entier, pas true ou false."))
    return value


Count = Annotated[int, BeforeValidator(_not_a_boolean), Field(ge=0, le=logic.MAX_CHILDREN)]
Rank = Annotated[int, BeforeValidator(_not_a_boolean), Field(ge=1, le=logic.MAX_CHILDREN)]


class StrictSchema(BaseModel):
    """Plain pydantic input models: unknown fields are refused, and validation skips ninja's ORM-friendly
    getters (the quote endpoint must stay close to a trivial view's speed)."""

    model_config = ConfigDict(extra="forbid")


class HouseholdIn(StrictSchema):
    method: Literal["caf", "fiscal"] | None = Field(
        None, description="Méthode de calcul de la commune (facultative) : une autre est refusée."
    )
    annual_resources: Amount | None = Field(
        None, description="CAF : ressources annuelles imposables (N-2). Fiscal : revenu fiscal de référence."
    )
    monthly_benefits: Amount | None = Field(None, description="CAF : prestations familiales mensuelles.")
    couple: bool = False
    children: Count = 0
    disabled_children: Count = 0
    tax_parts: Amount | None = Field(None, description="Fiscal : parts de l'avis d'impôt (sinon calculées).")
    case_t: bool = Field(False, description="Fiscal : parent isolé ayant coché la case T.")


class UsageIn(StrictSchema):
    service: str = Field(..., max_length=120)
    units_per_week: Amount


def _as_list(value):
    """One usage object alone stands for a list of one."""
    return [value] if isinstance(value, dict) else value


class QuoteIn(StrictSchema):
    commune: CommuneCode
    school_year: str = Field(..., max_length=20, examples=["2026-2027"])
    qf: Amount | None = Field(None, description="Le QF de l'attestation CAF/MSA.")
    household: HouseholdIn | None = None
    resident: bool = True
    child_rank: Rank = 1
    pai: bool = False
    usage: Annotated[list[UsageIn], BeforeValidator(_as_list)] = Field(
        default_factory=list, max_length=MAX_USAGE_ITEMS,
        description="Les prestations utilisées, pour l'estimation mensuelle : une liste, ou un seul objet.")


def json_body_only(run):
    """For an operation whose body is JSON: any other ``Content-Type`` (a form, plain text) is answered
    415 before the body is parsed, rather than parsed as JSON whatever it claims to be."""

    def checked(request, *args, **kwargs):
        # Without a body, ninja's 422 says what is missing. (The length, not request.body: a form's body may
        # already have been read as request.POST.)
        has_body = request.META.get("CONTENT_LENGTH") not in (None, "", "0")
        if has_body and request.content_type != "application/json":
            return JsonResponse({"detail": gettext(
                "Envoyez la demande en JSON, avec l'en-tête « Content-Type: application/json »."
            )}, status=415)
        return run(request, *args, **kwargs)

    return checked


class AnswerSchema(BaseModel):
    """Plain pydantic answer models: the quote's answer as the OpenAPI document shows it. The operation
    writes its answer once (:func:`mon_enfant.api_support.write_json`); tests/fees/test_api_schema.py
    validates every kind of answer against these models."""


class BracketOut(AnswerSchema):
    qf_min: str
    qf_max: str | None


class QuoteLineOut(AnswerSchema):
    service: str
    name: str
    unit: str
    unit_price: str
    bracket: BracketOut | None
    rule: str


class MonthlyLineOut(AnswerSchema):
    service: str
    units_per_week: str
    amount: str


class MonthlyEstimateOut(AnswerSchema):
    total: str
    weeks_per_year: str
    billed_months: str
    lines: list[MonthlyLineOut]


class QuoteOut(AnswerSchema):
    commune: str
    school_year: str
    qf: str | None
    qf_source: Literal["declared", "computed", "none"]
    parts: str | None
    quotes: list[QuoteLineOut]
    monthly_estimate: MonthlyEstimateOut | None
    notice: str


def _field_error(path, message, code):
    return field_error(["body", "payload", *path], message, code)


def _logic_path(field, code, payload):
    """Where a logic error points in the request body."""
    if field.startswith("usage:"):
        slug = field.removeprefix("usage:")
        for index, item in enumerate(payload.usage):
            if item.service == slug:
                return ["usage", index, "service" if code == "unknown_service" else "units_per_week"]
        return ["usage"]
    if field in ("qf", "declared_qf"):
        return ["qf"]
    if field in ("child_rank", "school_year", "pai"):
        return [field]
    if field == "parts":
        return ["household", "children"]
    if field == "reference_income":
        return ["household", "annual_resources"]
    return ["household", field]


def _household_method(fees, asked):
    """The method computing the household's QF: the commune's own. A commune that takes only the QF of the
    CAF/MSA certificate computes none, and a method other than the commune's would price the family on a
    QF the commune does not use: both are refused rather than answered with prices that do not apply."""
    method = fees.policy.method
    if method is logic.QfMethod.DIRECT:
        raise _field_error(["household"], gettext(
            "Cette commune applique le quotient familial de l'attestation CAF ou MSA : indiquez-le dans « qf »."),
            "qf_required")
    if asked is not None and asked != method.value:
        raise _field_error(["household", "method"], gettext(
            "Cette commune calcule le quotient familial selon la méthode « %(method)s »."
        ) % {"method": method.value}, "method_not_used")
    return method.value


def _find_fees(payload) -> CommuneFees:
    fees = commune_fees_by_code(payload.commune)
    if fees is None:
        raise _field_error(["commune"], gettext("Commune inconnue (code INSEE)."), "unknown_commune")
    return fees


@router.post(
    "/fees/quote",
    response={200: QuoteOut, 400: DetailOut, 415: DetailOut, 422: ErrorsOut, 429: DetailOut},
    summary="Tarifs d'une famille",
    openapi_extra={"security": []},
)
# family_input last: the outermost, so that the 415 and 429 answers carry the privacy headers too. The rate
# limit ("fees_quote", off unless the host sets it) counts before the body is read.
@decorate_view(json_body_only, rate_limited("fees_quote", json=True), family_input())
def quote(request, payload: QuoteIn, response: HttpResponse):
    """The QF (given, or computed from the household) and the unit price of every service of the commune
    for the school year, with the bracket and the rule applied; with ``usage``, a monthly estimate.

    Answered with ``Cache-Control: private, no-store`` whatever the status; messages in the request's
    language (``Accept-Language``), French by default.
    """
    if payload.qf is not None and payload.household is not None:
        raise _field_error(["household"], gettext("Indiquez soit le QF, soit le foyer, pas les deux."),
                           "qf_and_household")
    fees = _find_fees(payload)
    year = payload.school_year
    if year not in fees.years:  # a published year as written needs no parsing
        try:
            year = str(SchoolYear.parse(year))
        except SchoolYearError:
            raise _field_error(["school_year"], school_year_expected(), "invalid_school_year") from None
    if year not in fees.years:
        raise _field_error(["school_year"], gettext("Aucune grille tarifaire n'est publiée pour cette année scolaire."),
                           "unknown_school_year")
    household = None
    method = None
    if payload.household is not None:
        h = payload.household
        method = _household_method(fees, h.method)
        household = logic.Household(
            couple=h.couple,
            children=h.children,
            disabled_children=h.disabled_children,
            annual_resources=h.annual_resources if method == "caf" else None,
            monthly_benefits=h.monthly_benefits,
            reference_income=h.annual_resources if method == "fiscal" else None,
            tax_parts=h.tax_parts,
            case_t=h.case_t,
        )
    usage = {}
    for index, item in enumerate(payload.usage):
        if item.service in usage:
            raise _field_error(["usage", index, "service"], gettext("Cette prestation figure deux fois."), "duplicate")
        usage[item.service] = item.units_per_week
    try:
        result = compute_quote(fees, year, qf=payload.qf, household=household, method=method,
                               resident=payload.resident, child_rank=payload.child_rank, pai=payload.pai,
                               usage=usage)
    except logic.FeeInputError as exc:
        raise _field_error(_logic_path(exc.field, exc.code, payload), wording.error(exc), exc.code) from None
    return write_json(response, quote_answer(fees.code_insee, result))


def quote_answer(commune: str, result: QuoteResult) -> dict:
    """The answer to a quote (:class:`QuoteOut`), its rules worded in the active language."""
    language = get_language()
    monthly = None
    if result.monthly_total is not None:
        monthly = {
            "total": money(result.monthly_total),
            "weeks_per_year": _number(result.weeks_per_year),
            "billed_months": _number(result.billed_months),
            "lines": [{"service": line.service.slug, "units_per_week": _number(line.units_per_week),
                       "amount": money(line.monthly_amount)}
                      for line in result.estimated_lines],
        }
    return {
        "commune": commune,
        "school_year": result.school_year,
        "qf": money(result.qf_display),
        "qf_source": result.qf_source,
        "parts": None if result.parts is None else _number(result.parts),
        "quotes": [
            {
                "service": line.service.slug, "name": line.service.name, "unit": line.service.unit,
                "unit_price": money(line.quote.unit_price),
                "bracket": None if line.quote.bracket is None else {
                    "qf_min": money(line.quote.bracket.qf_min), "qf_max": money(line.quote.bracket.qf_max)},
                "rule": wording.rules(line.quote, language),
            }
            for line in result.lines
        ],
        "monthly_estimate": monthly,
        "notice": _notice(language),
    }


@functools.lru_cache(maxsize=16)
def _notice(language: str) -> str:
    """The answer's closing notice in ``language``, the active one (worded once per language)."""
    return gettext("Simulation sans valeur contractuelle.")


def _number(value: Decimal) -> str:
    """A count or a number of weeks in JSON: a string without trailing zeros ("36", "2.5")."""
    return format(value.normalize(), "f")


# --- Published grids --------------------------------------------------------------------------------


class GridBracketOut(Schema):
    qf_min: str
    qf_max: str | None
    price: str
    pai_price: str | None


class EffortRateOut(Schema):
    rate_percent: str
    floor: str
    ceiling: str


class NonResidentOut(Schema):
    mode: str
    amount: str | None
    pai_price: str | None
    brackets: list[GridBracketOut]


class SiblingOut(Schema):
    from_rank: int
    percent_off: str | None
    next_lower_bracket: bool


class ServiceGridOut(Schema):
    service: str
    name: str
    unit: str
    description: str
    responsible_body: str
    pricing: str
    brackets: list[GridBracketOut]
    effort_rate: EffortRateOut | None
    flat_price: str | None
    no_qf_price: str | None
    pai_price: str | None
    non_resident: NonResidentOut
    siblings: list[SiblingOut]
    note: str


class GridsOut(Schema):
    commune: str
    school_year: str
    school_years: list[str]
    qf_method: str
    services: list[ServiceGridOut]



def _brackets(rows):
    return [{"qf_min": money(row.qf_min), "qf_max": money(row.qf_max), "price": money(row.price),
             "pai_price": money(row.pai_price)} for row in rows]


class GridsQuery(BaseModel):
    commune: CommuneCode
    school_year: str | None = Field(None, max_length=20, examples=["2026-2027"],
                                    description="Année scolaire (défaut : l'année en cours, ou la prochaine publiée).")


@router.get("/fees/grids", response={200: GridsOut, 404: DetailOut, 422: ErrorsOut},
            summary="Grilles tarifaires publiées")
def grids(request, query: Query[GridsQuery]):
    """The live grids of a commune for a school year (by default the current one, or the next published)."""
    fees = commune_fees_by_code(query.commune)
    if fees is None:
        return Status(404, {"detail": gettext("Commune inconnue (code INSEE).")})
    if query.school_year:
        try:
            year = str(SchoolYear.parse(query.school_year))
        except SchoolYearError:
            raise field_error(["query", "school_year"], school_year_expected(), "invalid_school_year") from None
    else:
        year = choose_default_year(fees.years)
    if not year or year not in fees.years:
        return Status(404, {"detail": gettext("Aucune grille tarifaire n'est publiée pour cette année scolaire.")})
    services = []
    for service in fees.services(year):
        table = service.table
        services.append({
            "service": service.slug,
            "name": service.name,
            "unit": service.unit,
            "description": service.description,
            "responsible_body": service.responsible_body,
            "pricing": table.pricing,
            "brackets": _brackets(table.brackets),
            "effort_rate": None if table.rate_percent is None else {
                "rate_percent": format(table.rate_percent.normalize(), "f"),
                "floor": money(table.floor), "ceiling": money(table.ceiling)},
            "flat_price": money(table.flat_price),
            "no_qf_price": money(table.no_qf_price),
            "pai_price": money(table.pai_price),
            "non_resident": {
                "mode": table.non_resident_mode,
                "amount": None if table.non_resident_amount is None else format(
                    table.non_resident_amount.quantize(logic.CENT), "f"),
                "pai_price": money(table.non_resident_pai_price),
                "brackets": _brackets(table.non_resident_brackets),
            },
            "siblings": [{"from_rank": rule.from_rank, "percent_off": None if rule.percent_off is None else format(
                rule.percent_off.normalize(), "f"), "next_lower_bracket": rule.next_lower_bracket}
                for rule in table.siblings],
            "note": table.note,
        })
    return {"commune": fees.code_insee, "school_year": year, "school_years": fees.school_years,
                 "qf_method": fees.policy.method.value, "services": services}
