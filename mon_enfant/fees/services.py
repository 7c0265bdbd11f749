"""Quotes from the published grids: the glue between the models and the pure arithmetic of logic.py,
shared by the page, the block and the JSON API.

A quote reads the database only to learn which grids are live; they are compiled once per process into
:class:`CommuneFees` (logic objects, ready to price) and reused until :class:`FeeDataVersion` changes
(see :class:`_Cache`), so a warm quote makes no query: it is Decimal arithmetic, and for bracket grids
a dictionary lookup. Nothing a family types reaches the database, the logs or the cache: the cache holds
the commune's grids and quotes by bracket number, never a QF or an income.
"""

from __future__ import annotations

import bisect
import json
import logging
import threading
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext

from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.utils import current_school_year

from . import logic, texts
from .models import FEES_STAMP, FeeGrid, FeeSettings, Unit

logger = logging.getLogger(__name__)

CENT = logic.CENT
DEFAULT_WEEKS = Decimal("36")
DEFAULT_MONTHS = Decimal("10")
MAX_CACHED_COMMUNES = 500


# --- Privacy ------------------------------------------------------------------------------------
# What a family types arrives in a POST body only (never a URL), is used for the answer and dropped;
# responses carrying it are marked ``no-store``; the request is marked so that Django's error reports
# never show the POST body.

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



# --- Compiled grids of a commune ------------------------------------------------------------------


MAX_MEMO = 4096
_CONSTANT = ("constant",)
_NO_QF = ("no_qf",)
_FLOOR = ("floor",)
_CEILING = ("ceiling",)


def _qf_pricing(grid: logic.Grid, resident: bool) -> logic.BracketGrid | logic.EffortRateGrid | None:
    """The pricing in which ``logic.quote`` looks this family's QF up, or None when its price ignores the QF
    (a flat price, a non-resident's flat or ceiling price)."""
    mode = logic.NonResidentMode.SAME if resident else grid.non_resident.mode
    if mode in (logic.NonResidentMode.FLAT, logic.NonResidentMode.CEILING):
        return None
    pricing = grid.non_resident.brackets if mode is logic.NonResidentMode.BRACKETS else grid.pricing
    return None if isinstance(pricing, logic.FlatGrid) else pricing


def _qf_bucket(grid: logic.Grid, qf: Decimal | None, resident: bool):
    """A key shared by all the QFs that ``logic.quote`` prices identically (same price, bracket and
    rule), or None when the price depends on the QF itself."""
    pricing = _qf_pricing(grid, resident)
    if pricing is None:
        return _CONSTANT
    if qf is None:
        return _NO_QF
    if isinstance(pricing, logic.EffortRateGrid):
        # Clamped to the floor or the ceiling, the price (and the rule) no longer depends on the QF.
        raw = qf * pricing.rate_percent / logic.HUNDRED
        if raw <= pricing.floor:
            return _FLOOR
        if raw >= pricing.ceiling:
            return _CEILING
        return None
    return ("bracket", pricing.find(qf))


@dataclass(frozen=True)
class ServiceFees:
    """A service and its live grid for one school year, ready to price."""

    slug: str
    name: str
    unit: str
    unit_label: str
    description: str
    responsible_body: str
    responsible_body_label: str
    grid: logic.Grid
    table: logic.GridTable
    # Quotes already computed, by QF bucket (see quote()): never a QF itself, only a bracket number.
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    json_memo: dict = field(default_factory=dict, compare=False, repr=False)

    def quote(self, qf: Decimal | None, *, resident: bool, child_rank: int, pai: bool):
        """``(logic.quote(...), memo key)`` for this grid; ``qf`` must already be validated.

        Every QF of a bracket gets the same quote (the rule names the bracket, not the QF), so quotes are
        kept by bracket: a warm quote is a dictionary lookup. The key holds a bracket number, never the
        QF itself; it is None for a taux d'effort, whose price follows the QF and is always computed.
        """
        bucket = _qf_bucket(self.grid, qf, resident)
        if bucket is None:
            if self.plain_rate(resident=resident, child_rank=child_rank, pai=pai):
                return self._plain_rate_quote(qf), None
            return logic.quote(self.grid, qf, resident=resident, child_rank=child_rank, pai=pai), None
        key = (bucket, resident, child_rank, pai)
        result = self.memo.get(key)
        if result is None:
            # Computed with the family's QF: an invalid rank or PAI request raises here and is never kept.
            result = logic.quote(self.grid, qf, resident=resident, child_rank=child_rank, pai=pai)
            if len(self.memo) >= MAX_MEMO:
                self.memo.clear()
                self.json_memo.clear()
            self.memo[key] = result
        return result, key

    def _plain_rate_quote(self, qf: Decimal) -> logic.Quote:
        """``logic.quote`` for a resident with a QF inside the taux d'effort's bounds, no sibling rule and no
        PAI: the price is QF x rate, rounded once (tests/unit/test_fees_quoting.py proves it equal)."""
        pricing = self.grid.pricing
        return logic.Quote(unit_price=logic.round_money(pricing.price_for(qf)), bracket=None, bracket_number=None,
                           applied_rules=(pricing.describe(),))

    def quote_json(self, result: logic.Quote, key, language: str | None = None) -> str:
        """The API's JSON object for a quote of this service (its rule in the active language), kept with the
        quote when it is kept.

        A quote that is not kept (a taux d'effort: its price follows the QF) is written from a template
        kept by its rule, which holds no QF: only the price is filled in."""
        language = language or texts.language_key()
        if key is None and result.bracket is None:
            before, after = self.rule_frame(result, language)
            return f'{before}"{money(result.unit_price)}"{after}'
        text = self.json_memo.get((key, language)) if key is not None else None
        if text is None:
            bracket = result.bracket
            text = json.dumps({
                "service": self.slug,
                "name": self.name,
                "unit": self.unit,
                "unit_price": money(result.unit_price),
                "bracket": None if bracket is None else {"qf_min": money(bracket.qf_min),
                                                         "qf_max": money(bracket.qf_max)},
                "rule": texts.rules(result),
            }, ensure_ascii=False)
            if key is not None:
                self.json_memo[(key, language)] = text
        return text

    def rule_frame(self, result: logic.Quote, language: str) -> tuple[str, str]:
        """The JSON of a quote without bracket, before and after its price: kept by its rule, never a QF."""
        around = self.json_memo.get(("rule", language, result.rule))
        if around is None:
            text = json.dumps({"service": self.slug, "name": self.name, "unit": self.unit, "unit_price": "\0",
                               "bracket": None, "rule": texts.rules(result)}, ensure_ascii=False)
            before, _price, after = text.partition('"\\u0000"')
            around = self.json_memo[("rule", language, result.rule)] = (before, after)
        return around

    def plain_rate(self, *, resident: bool, child_rank: int, pai: bool) -> bool:
        """Whether :meth:`quote` prices this family by the taux d'effort alone (:meth:`_plain_rate_quote`)."""
        return (resident and not pai and isinstance(self.grid.pricing, logic.EffortRateGrid)
                and type(child_rank) is int and 1 <= child_rank <= logic.MAX_CHILDREN
                and not (self.grid.siblings and self.grid.sibling_rule(child_rank)))

    @property
    def offers_pai(self) -> bool:
        """Whether a family of the commune can get a PAI price here (the form shows the PAI question)."""
        return self.pai_available(resident=True)

    def pai_available(self, resident: bool) -> bool:
        """Whether ``logic.quote(..., pai=True)`` has a PAI price for this family (else it would refuse):
        a PAI request only changes the services that have one."""
        grid = self.grid
        if grid.pai_price is not None:
            return True
        mode = logic.NonResidentMode.SAME if resident else grid.non_resident.mode
        if mode is logic.NonResidentMode.FLAT:
            return grid.non_resident.pai_price is not None
        pricing = grid.non_resident.brackets if mode is logic.NonResidentMode.BRACKETS else grid.pricing
        return isinstance(pricing, logic.BracketGrid) and pricing.has_pai_prices

    @property
    def monthly_unit(self) -> bool:
        return self.unit == Unit.MOIS


@dataclass(frozen=True)
class CommuneFees:
    """Everything needed to quote a commune's families: QF policy, billing convention, live grids."""

    commune_id: int
    code_insee: str
    policy: logic.QfPolicy
    weeks_per_year: Decimal
    billed_months: Decimal
    qf_help: str
    years: dict[str, tuple[ServiceFees, ...]] = field(default_factory=dict)
    # One YearQuotes per school year, made on its first quote.
    year_plans: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def school_years(self) -> list[str]:
        return sorted(self.years)

    def year_quotes(self, school_year: str) -> YearQuotes:
        """The kept answers of the year's services (``school_year`` must be one of :attr:`years`)."""
        plan = self.year_plans.get(school_year)
        if plan is None:
            plan = self.year_plans[school_year] = YearQuotes(self.years[school_year])
        return plan

    def default_school_year(self) -> str | None:
        """The school year in progress if it has grids, else the next one that has, else the latest."""
        if not self.years:
            return None
        return choose_default_year(self.years)

    def services(self, school_year: str) -> tuple[ServiceFees, ...]:
        return self.years.get(school_year, ())


def choose_default_year(years) -> str | None:
    years = sorted(years)
    if not years:
        return None
    current = str(current_school_year())
    if current in years:
        return current
    upcoming = [year for year in years if year > current]
    return upcoming[0] if upcoming else years[-1]


def _load(commune) -> CommuneFees:
    settings = FeeSettings.objects.filter(commune_id=commune.pk).first()
    try:
        policy = settings.qf_policy() if settings else logic.DEFAULT_QF_POLICY
    except (logic.GridError, TypeError, ValueError):
        logger.warning("Invalid fee settings for commune id=%s: default QF policy used.", commune.pk)
        policy = logic.DEFAULT_QF_POLICY
    grids = (
        FeeGrid.objects.filter(service__commune_id=commune.pk, live=True)
        .select_related("service")
        .prefetch_related("brackets", "non_resident_brackets", "sibling_rules")
        .order_by("school_year", "service__order", "service__name")
    )
    years: dict[str, list[ServiceFees]] = {}
    for grid_model in grids:
        try:
            grid = grid_model.to_logic()
        except (logic.GridError, TypeError, ValueError):
            # Saving refuses such grids; one changed behind the admin's back is left out, not a 500.
            logger.warning("Invalid live fee grid id=%s left out of quotes.", grid_model.pk)
            continue
        service = grid_model.service
        years.setdefault(grid_model.school_year, []).append(
            ServiceFees(
                slug=service.slug,
                name=service.name,
                unit=service.unit,
                unit_label=Unit(service.unit).label,
                description=service.description,
                responsible_body=service.responsible_body,
                responsible_body_label=ResponsibleBody(service.responsible_body).label,
                grid=grid,
                table=logic.describe_grid(grid, grid_model.note),
            )
        )
    weeks, months = (settings.weeks_per_year, settings.billed_months) if settings else (DEFAULT_WEEKS, DEFAULT_MONTHS)
    try:
        logic.monthly_estimate(0, 0, weeks, months)  # checked once here, so quotes need not
    except (logic.FeeInputError, TypeError):
        logger.warning("Invalid billing convention for commune id=%s: 36 weeks over 10 months used.", commune.pk)
        weeks, months = DEFAULT_WEEKS, DEFAULT_MONTHS
    return CommuneFees(
        commune_id=commune.pk,
        code_insee=commune.code_insee,
        policy=policy,
        weeks_per_year=weeks,
        billed_months=months,
        qf_help=settings.qf_help if settings else "",
        years={year: tuple(services) for year, services in years.items()},
    )


class _Cache:
    """Compiled grids by commune INSEE code, for this process.

    A write to fee data in this process empties it at once (see models.py); a write in another process
    is noticed through the shared stamp :data:`~mon_enfant.fees.models.FEES_STAMP`: on the next quote
    where the host mirrors stamps (``MON_ENFANT_STAMP_DIR``), else within
    :data:`~mon_enfant.fees.models.STAMP_CHECK_SECONDS`. Either way a warm quote makes no database query.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: dict[str, CommuneFees] = {}
        self.token: str | None = None

    def check_stamp(self):
        token = FEES_STAMP.current()
        if token != self.token:
            with self.lock:
                if token != self.token:
                    self.entries = {}
                    self.token = token

    def get(self, code):
        self.check_stamp()
        return self.entries.get(code)

    def put(self, code, fees):
        with self.lock:
            if len(self.entries) >= MAX_CACHED_COMMUNES:
                self.entries = {}
            self.entries[code] = fees

    def clear(self):
        with self.lock:
            self.entries = {}
        FEES_STAMP.forget()


_cache = _Cache()


def commune_fees(commune) -> CommuneFees:
    """The compiled live grids of a commune (a :class:`Commune`), from this process's cache."""
    fees = _cache.get(commune.code_insee)
    if fees is None or fees.commune_id != commune.pk:
        fees = _load(commune)
        _cache.put(commune.code_insee, fees)
    return fees


def commune_fees_by_code(code: str) -> CommuneFees | None:
    """Same, by INSEE code; None for an unknown commune. A warm call makes no query."""
    fees = _cache.get(code)
    if fees is not None:
        return fees
    commune = Commune.objects.filter(code_insee=code).first()
    if commune is None:
        return None
    return commune_fees(commune)


def clear_cache():
    """Forget every compiled grid of this process (called on every write to fee data)."""
    _cache.clear()


# --- Quotes -------------------------------------------------------------------------------------


@dataclass(slots=True)
class QuoteLine:
    service: ServiceFees
    quote: logic.Quote
    pai: bool
    key: tuple | None = None  # the service's memo key of this quote (no amount in it)
    units_per_week: Decimal | None = None
    monthly_amount: Decimal | None = None

    def json(self, language: str | None = None) -> str:
        return self.service.quote_json(self.quote, self.key, language)

    @property
    def rule(self) -> str:
        """Why this price, in the active language."""
        return texts.rules(self.quote)


@dataclass(slots=True)
class QuoteResult:
    """A family's QF and the price of each service, with the optional monthly estimate."""

    school_year: str
    qf: Decimal | None
    qf_source: str  # "declared", "computed" or "none"
    method: str | None
    parts: Decimal | None
    household: logic.Household | None
    resident: bool
    child_rank: int
    pai: bool
    lines: tuple[QuoteLine, ...]
    monthly_total: Decimal | None
    weeks_per_year: Decimal
    billed_months: Decimal

    @property
    def qf_display(self) -> Decimal | None:
        return qf_display(self.qf)

    @property
    def estimated_lines(self) -> tuple[QuoteLine, ...]:
        return tuple(line for line in self.lines if line.monthly_amount is not None)


def household_parts(household: logic.Household, method: logic.QfMethod, policy: logic.QfPolicy) -> Decimal:
    if method is logic.QfMethod.FISCAL:
        if household.tax_parts is not None:
            return logic._validate_parts(household.tax_parts, "tax_parts")
        return logic.fiscal_parts(
            couple=household.couple,
            children=household.children,
            disabled_children=household.disabled_children,
            case_t=household.case_t,
        )
    return logic.caf_parts(
        couple=household.couple,
        children=household.children,
        disabled_children=household.disabled_children,
        table=policy.caf_table,
    )


def household_qf(household: logic.Household, parts: Decimal, policy: logic.QfPolicy) -> Decimal:
    """``logic.compute_qf`` with the parts already counted (they are shown to the family too)."""
    if policy.method is logic.QfMethod.FISCAL and household.reference_income is not None:
        return logic.qf_fiscal(reference_income=household.reference_income, parts=parts, rounding=policy.rounding)
    if policy.method is logic.QfMethod.CAF and household.annual_resources is not None:
        return logic.qf_caf(annual_resources=household.annual_resources, monthly_benefits=household.monthly_benefits,
                            parts=parts, rounding=policy.rounding)
    return logic.compute_qf(household, policy)  # a missing amount: its own message


def compute_quote(
    fees: CommuneFees,
    school_year: str,
    *,
    qf: logic.Amount | None = None,
    household: logic.Household | None = None,
    method: str | None = None,
    resident: bool = True,
    child_rank: int = 1,
    pai: bool = False,
    usage: dict[str, logic.Amount] | None = None,
) -> QuoteResult:
    """Quote every service of ``school_year`` for a family.

    Give the QF (``qf``, from the CAF/MSA certificate), or a ``household`` whose QF is computed by
    ``method`` ("caf" or "fiscal"; default: the commune's, CAF for a commune taking declared QFs only),
    or neither (the price without QF). ``usage`` maps service slugs to units per week (for a monthly
    service: the number of subscriptions). PAI prices apply to the services that offer one.

    Raises :class:`logic.FeeInputError`; a usage error names the field ``usage:<slug>``, an unknown
    school year the field ``school_year``.
    """
    services = fees.years.get(school_year)
    if not services:
        raise logic.FeeInputError(
            "school_year", gettext("Aucune grille tarifaire n'est publiée pour cette année scolaire."), "unknown_year"
        )
    parts = None
    chosen_method = None
    if household is not None:
        chosen_method = logic.QfMethod(method) if method else fees.policy.method
        if chosen_method is logic.QfMethod.DIRECT:
            chosen_method = logic.QfMethod.CAF
        policy = logic.QfPolicy(chosen_method, fees.policy.rounding, fees.policy.caf_table)
        parts = household_parts(household, chosen_method, policy)
        qf_value = household_qf(household, parts, policy)
        source = "computed"
    elif qf is not None:
        qf_value = logic.validate_qf(qf)
        source = "declared"
    else:
        qf_value = None
        source = "none"

    slugs = {service.slug for service in services} if usage else ()
    for slug in usage or {}:
        if slug not in slugs:
            raise logic.FeeInputError(
                f"usage:{slug}", gettext("Cette prestation n'a pas de tarif pour cette année scolaire."),
                "unknown_service",
            )

    lines = []
    total = None
    for service in services:
        service_pai = pai and service.pai_available(resident)
        result, key = service.quote(qf_value, resident=resident, child_rank=child_rank, pai=service_pai)
        units = amount = None
        if usage and usage.get(service.slug) is not None:
            units = usage[service.slug]
            # A monthly service is counted in subscriptions: price x units, with no weeks to spread.
            weeks, months = (ONE, ONE) if service.monthly_unit else (fees.weeks_per_year, fees.billed_months)
            amount = monthly_amount(result.unit_price, units, weeks, months, f"usage:{service.slug}")
            units = Decimal(units)
            total = (total or Decimal(0)) + amount
        lines.append(QuoteLine(service, result, service_pai, key, units, amount))

    return QuoteResult(
        school_year=school_year,
        qf=qf_value,
        qf_source=source,
        method=chosen_method.value if chosen_method else None,
        parts=parts,
        household=household,
        resident=resident,
        child_rank=child_rank,
        pai=pai,
        lines=tuple(lines),
        monthly_total=total,
        weeks_per_year=fees.weeks_per_year,
        billed_months=fees.billed_months,
    )


def qf_display(qf: Decimal | None) -> Decimal | None:
    """The QF cut (not rounded) to the cent, so the figure shown always lies in the bracket shown."""
    return None if qf is None else qf.quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class _RatePiece:
    """A taux d'effort quote as :meth:`ServiceFees.quote_json` writes it for a plain family
    (:meth:`ServiceFees.plain_rate`): its kept rule frame around QF x rate, bounded and rounded once."""

    before: str
    after: str
    pricing: logic.EffortRateGrid

    def json(self, qf: Decimal) -> str:
        return f'{self.before}"{format(logic.round_money(self.pricing.price_for(qf)), "f")}"{self.after}'


class YearQuotes:
    """The API's "quotes" array of one commune's services for one school year, kept by QF segment.

    The QF line is cut at every bound of every bracket in which a service looks this family's QF up
    (resident or not, see :func:`_qf_pricing`). Between two cuts each such service finds the same bracket,
    so it gives the same quote (the memo of :meth:`ServiceFees.quote` rests on the same fact): the services'
    JSON is written once per segment, family situation and language, and a later question in that segment
    costs one bisect and one dictionary lookup. Only a taux d'effort, whose price follows the QF, is still
    computed for each question. The key holds the segment's number, never the QF.

    ``answer_frames`` is kept for :mod:`mon_enfant.fees.api`: the text of its answer around the figures.
    """

    def __init__(self, services: tuple[ServiceFees, ...]):
        self.services = services
        self.memo: dict = {}
        self.answer_frames: dict = {}
        self._cuts = {}
        self._follows_qf = {}
        for resident in (True, False):
            cuts = set()
            follows = []
            for service in services:
                pricing = _qf_pricing(service.grid, resident)
                if isinstance(pricing, logic.BracketGrid):
                    for bracket in pricing.brackets:
                        cuts.add(bracket.qf_min)
                        if bracket.qf_max is not None:
                            cuts.add(bracket.qf_max)
                follows.append(isinstance(pricing, logic.EffortRateGrid))
            self._cuts[resident] = tuple(sorted(cuts))
            self._follows_qf[resident] = tuple(follows)

    def quotes_json(self, qf: Decimal | None, *, resident: bool, child_rank: int, pai: bool,
                    language: str | None = None) -> str:
        """The inside of the "quotes" array for a family without usage, as :func:`compute_quote` and
        :meth:`QuoteLine.json` write it; ``qf`` must already be validated. An invalid rank raises
        :class:`logic.FeeInputError` (and is never kept)."""
        language = language or texts.language_key()
        resident = bool(resident)
        segment = -1 if qf is None else bisect.bisect_right(self._cuts[resident], qf)
        key = (segment, resident, child_rank, bool(pai), language)
        kept = self.memo.get(key)
        if kept is None:
            kept = self._write(qf, key)
        if type(kept) is str:
            return kept
        return ", ".join(piece if type(piece) is str else piece.json(qf) if type(piece) is _RatePiece
                         else self._one(piece, qf, key) for piece in kept)

    @staticmethod
    def _one(service: ServiceFees, qf, key) -> str:
        _segment, resident, child_rank, pai, language = key
        return service.quote_json(*service.quote(qf, resident=resident, child_rank=child_rank,
                                                 pai=pai and service.pai_available(resident)), language)

    def _write(self, qf, key):
        """Quote every service for this question and keep what holds for its whole segment: the JSON of
        the services whose quote does not follow the QF, and a place for the others."""
        pieces = []
        follows_qf = self._follows_qf[key[1]]
        for service, follows in zip(self.services, follows_qf, strict=True):
            text = self._one(service, qf, key)  # raises before anything is kept
            if follows and qf is not None:
                _segment, resident, child_rank, pai, language = key
                if service.plain_rate(resident=resident, child_rank=child_rank,
                                      pai=pai and service.pai_available(resident)):
                    result = service._plain_rate_quote(qf)
                    pieces.append(_RatePiece(*service.rule_frame(result, language), service.grid.pricing))
                else:
                    pieces.append(service)
            elif pieces and type(pieces[-1]) is str:
                pieces[-1] = f"{pieces[-1]}, {text}"
            else:
                pieces.append(text)
        kept = pieces[0] if len(pieces) == 1 and type(pieces[0]) is str else ("" if not pieces else tuple(pieces))
        if len(self.memo) >= MAX_MEMO:
            self.memo.clear()
        self.memo[key] = kept
        return kept


ONE = Decimal(1)
ZERO = Decimal(0)


def monthly_amount(unit_price: Decimal, units, weeks: Decimal, months: Decimal, field_name: str) -> Decimal:
    """``logic.monthly_estimate`` for a price and a billing convention already validated.

    The usual case (a Decimal number of units in range) is computed directly, with the same formula and
    the same single rounding, without rebuilding logic's error messages on every call; anything else goes
    through ``logic.monthly_estimate`` for its checks and its French message, under ``field_name``.
    """
    if isinstance(units, Decimal) and units.is_finite() and ZERO <= units <= logic.MAX_UNITS_PER_WEEK:
        return logic.round_money(unit_price * units * weeks / months)
    try:
        return logic.monthly_estimate(unit_price, units, weeks, months)
    except logic.FeeInputError as exc:
        raise logic.FeeInputError(field_name, exc.message, exc.code) from None


def money(value: Decimal | None) -> str | None:
    """Amounts in JSON: a string with two decimals ("3.05"), never a float."""
    if value is None:
        return None
    return format(value.quantize(CENT), "f")
