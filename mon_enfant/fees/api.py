"""JSON API of the fees, mounted at /api/mon-enfant/v1/ (see docs/fees.md):

* ``POST /fees/quote``: a family's QF and the price of each service; the income travels in the body of
  a POST only, is never stored or logged, and the answer is ``no-store``;
* ``GET /fees/grids``: the published grids of a commune for a school year.

Amounts are accepted as JSON numbers or strings and converted through ``str`` to ``Decimal`` (a float
never enters the arithmetic); they are answered as strings with two decimals ("3.05"). Bad input is
answered 422 with the field at fault, never 500.
"""

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.utils.translation import gettext, gettext_noop
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from mon_enfant.api_support import ErrorsOut, field_error, field_errors, json_response, plain_route
from mon_enfant.school_year import SchoolYear

from . import logic, texts
from .services import (
    CommuneFees,
    choose_default_year,
    commune_fees_by_code,
    compute_quote,
    money,
    protect_request,
    protect_response,
    qf_display,
)

router = Router(tags=["Tarifs"])

MAX_USAGE_ITEMS = 50


def _invalid_amount():
    return PydanticCustomError("invalid_amount",
                               gettext("Saisissez un montant : un nombre, ou un texte comme « 1050.50 »."))


def _to_decimal(value: Any) -> Decimal:
    """JSON numbers and numeric strings to Decimal, through ``str`` so that 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _invalid_amount()
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _invalid_amount() from None
    if not number.is_finite():
        raise _invalid_amount()
    return number


Amount = Annotated[Decimal, BeforeValidator(_to_decimal)]
Count = Annotated[int, Field(ge=0, le=logic.MAX_CHILDREN)]


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
    commune: str = Field(..., max_length=10, description="Code INSEE de la commune.")
    school_year: str = Field(..., max_length=20, examples=["2026-2027"])
    qf: Amount | None = Field(None, description="Le QF de l'attestation CAF/MSA.")
    household: HouseholdIn | None = None
    resident: bool = True
    child_rank: int = Field(1, ge=1, le=logic.MAX_CHILDREN)
    pai: bool = False
    usage: Annotated[list[UsageIn], BeforeValidator(_as_list)] = Field(
        default_factory=list, max_length=MAX_USAGE_ITEMS,
        description="Les prestations utilisées, pour l'estimation mensuelle : une liste, ou un seul objet.")


class BracketOut(Schema):
    qf_min: str
    qf_max: str | None


class QuoteLineOut(Schema):
    service: str
    name: str
    unit: str
    unit_price: str
    bracket: BracketOut | None
    rule: str


class MonthlyLineOut(Schema):
    service: str
    units_per_week: str
    amount: str


class MonthlyEstimateOut(Schema):
    total: str
    weeks_per_year: str
    billed_months: str
    lines: list[MonthlyLineOut]


class QuoteOut(Schema):
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
    fees = commune_fees_by_code(payload.commune.strip().upper())
    if fees is None:
        raise _field_error(["commune"], gettext("Commune inconnue (code INSEE)."), "unknown_commune")
    return fees


def _inline_refs(schema, definitions=None):
    """A JSON schema with its ``$defs`` references inlined, to document a body parsed by hand."""
    if definitions is None:
        definitions = schema.get("$defs", {})
        schema = {key: value for key, value in schema.items() if key != "$defs"}
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline_refs(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inline_refs(value, definitions) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inline_refs(item, definitions) for item in schema]
    return schema


QUOTE_REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": _inline_refs(QuoteIn.model_json_schema())}},
}


def _parse_quote(body: bytes) -> QuoteIn:
    """The request body, validated by pydantic's own JSON parser (the fastest path); errors as ninja's 422,
    without echoing the values typed."""
    try:
        return QuoteIn.model_validate_json(body)
    except PydanticValidationError as exc:
        raise field_errors(exc, "body", "payload") from None


@router.post(
    "/fees/quote",
    response={200: QuoteOut, 422: ErrorsOut},
    summary="Tarifs d'une famille",
    openapi_extra={"security": [], "requestBody": QUOTE_REQUEST_BODY},
)
@plain_route("fees/quote", methods=("POST",))
def quote(request):
    """The QF (given, or computed from the household) and the unit price of every service of the commune
    for the school year, with the bracket and the rule applied; with ``usage``, a monthly estimate.

    The body is parsed here rather than declared as a parameter, and the answer serialised here rather
    than by ``QuoteOut`` (which documents it); the operation is served by a plain Django view
    (``plain_route``, see :mod:`mon_enfant.api`): together, most of the time of a quote.
    """
    protect_request(request)
    payload = _parse_quote(request.body)
    if payload.qf is not None and payload.household is not None:
        raise _field_error(["household"], gettext("Indiquez soit le QF, soit le foyer, pas les deux."),
                           "qf_and_household")
    fees = _find_fees(payload)
    year = payload.school_year
    if year not in fees.years:  # a published year as written needs no parsing
        try:
            year = str(SchoolYear.parse(year))
        except ValueError as exc:
            raise _field_error(["school_year"], str(exc), "invalid_school_year") from None
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
    language = texts.language_key()
    try:
        if household is None and not usage:
            # The usual question (a QF from the certificate, or none): the same answer as compute_quote's,
            # from the year's kept quotes (see quoting.YearQuotes), without building the result objects.
            qf_value = None if payload.qf is None else logic.validate_qf(payload.qf)
            plan = fees.year_quotes(year)
            quotes = plan.quotes_json(qf_value, resident=payload.resident, child_rank=payload.child_rank,
                                      pai=payload.pai, language=language)
            return _direct_answer(plan, fees.code_insee, year, qf_value, quotes, language)
        result = compute_quote(fees, year, qf=payload.qf, household=household, method=method,
                               resident=payload.resident, child_rank=payload.child_rank, pai=payload.pai,
                               usage=usage)
    except logic.FeeInputError as exc:
        raise _field_error(_logic_path(exc.field, exc.code, payload), texts.render(exc.message), exc.code) from None
    monthly = None
    if result.monthly_total is not None:
        monthly = {
            "total": money(result.monthly_total),
            "weeks_per_year": format(result.weeks_per_year.normalize(), "f"),
            "billed_months": format(result.billed_months.normalize(), "f"),
            "lines": [
                {"service": line.service.slug, "units_per_week": format(line.units_per_week.normalize(), "f"),
                 "amount": money(line.monthly_amount)}
                for line in result.estimated_lines
            ],
        }
    tail = _tail_without_estimate(language) if monthly is None else json.dumps(
        {"monthly_estimate": monthly, "notice": gettext(NOTICE)}, ensure_ascii=False)
    # Each quote's JSON is kept with the quote by bracket (see ServiceFees.quote_json).
    quotes = ", ".join(line.json(language) for line in result.lines)
    return _answer(fees.code_insee, year, result.qf, result.qf_source, result.parts, quotes, tail)


def _answer(commune, year, qf, qf_source, parts, quotes, tail):
    """The answer's JSON, written by hand around json.dumps of each value (encoding the whole dict was a
    tenth of a quote's time): ``quotes`` is the inside of the array, ``tail`` the closing object."""
    parts = None if parts is None else format(parts.normalize(), "f")
    return _framed_response(_frame(commune, year, qf_source, parts, tail), qf, quotes)


def _direct_answer(plan, commune, year, qf, quotes, language):
    """:func:`_answer` for a declared QF or none, in a frame kept by the year's ``plan``."""
    source = "none" if qf is None else "declared"
    frame = plan.answer_frames.get((source, language))
    if frame is None:
        frame = plan.answer_frames[(source, language)] = _frame(commune, year, source, None,
                                                                _tail_without_estimate(language))
    return _framed_response(frame, qf, quotes)


def _frame(commune, year, qf_source, parts, tail):
    """The answer's text around its QF and the inside of its "quotes" array."""
    dumps = json.dumps
    return (f'{{"commune": {dumps(commune)}, "school_year": {dumps(year)}, "qf": ',
            f', "qf_source": {dumps(qf_source)}, "parts": {dumps(parts)}, "quotes": [',
            f"], {tail[1:]}")


def _framed_response(frame, qf, quotes):
    before_qf, before_quotes, after_quotes = frame
    qf_json = "null" if qf is None else f'"{money(qf_display(qf))}"'
    return _json_response(f"{before_qf}{qf_json}{before_quotes}{quotes}{after_quotes}")


NOTICE = gettext_noop("Simulation sans valeur contractuelle.")
_tails = {}


def _tail_without_estimate(language):
    """The end of most answers, written once per language."""
    tail = _tails.get(language)
    if tail is None:
        tail = _tails[language] = json.dumps({"monthly_estimate": None, "notice": gettext(NOTICE)},
                                             ensure_ascii=False)
    return tail


def _json_response(text):
    return protect_response(json_response(text))


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


class NotFoundOut(Schema):
    detail: str


def _brackets(rows):
    return [{"qf_min": money(row.qf_min), "qf_max": money(row.qf_max), "price": money(row.price),
             "pai_price": money(row.pai_price)} for row in rows]


@router.get("/fees/grids", response={200: GridsOut, 404: NotFoundOut}, summary="Grilles tarifaires publiées")
def grids(request, commune: str, school_year: str | None = None):
    """The live grids of a commune for a school year (by default the current one, or the next published)."""
    fees = commune_fees_by_code(commune.strip().upper()[:10])
    if fees is None:
        return Status(404, {"detail": "Commune inconnue."})
    if school_year:
        try:
            year = str(SchoolYear.parse(school_year[:20]))
        except ValueError as exc:
            raise HttpError(422, str(exc)) from None
    else:
        year = choose_default_year(fees.years)
    if not year or year not in fees.years:
        return Status(404, {"detail": "Aucune grille tarifaire publiée pour cette année scolaire."})
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
