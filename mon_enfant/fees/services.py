"""Quotes from the published grids: the glue between the models and the pure arithmetic of logic.py,
shared by the page, the block and the JSON API.

A quote reads the database only to learn which grids are live; they are compiled once per process into
:class:`CommuneFees` (logic objects, ready to price) and reused until :class:`FeeDataVersion` changes
(see :class:`_Cache`), so a warm quote makes no query: it is Decimal arithmetic, and for bracket grids
a dictionary lookup. Nothing a family types reaches the database, the logs or the cache: the cache holds
the commune's grids and quotes by bracket number, never a QF or an income.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from mon_enfant.features import FamilySection
from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.privacy import get_logger
from mon_enfant.utils import current_school_year, tool_page_url

from . import logic, wording
from .models import FEES_STAMP, FeeGrid, FeeSettings, Unit

logger = get_logger(__name__)

CENT = logic.CENT
DEFAULT_WEEKS = Decimal("36")
DEFAULT_MONTHS = Decimal("10")
MAX_CACHED_COMMUNES = 500


# --- Calculator posts ---------------------------------------------------------------------------
# What a family types arrives in a POST body only (never a URL), is used for the answer and dropped; the
# views answering it are private (:mod:`mon_enfant.privacy`).

# The hidden input naming the calculator a POST is for (a page may hold a calculator block too).
MARKER = "mon_enfant_fees"


def is_calculator_post(request, prefix=None):
    """Whether ``request`` submits a calculator (``prefix``: that one); ``request`` may be None."""
    if request is None or request.method != "POST":
        return False
    marker = request.POST.get(MARKER)
    return marker is not None and (prefix is None or marker == prefix)



# --- Compiled grids of a commune ------------------------------------------------------------------


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

    def quote(self, qf: Decimal | None, *, resident: bool, child_rank: int, pai: bool) -> logic.Quote:
        """``logic.quote`` on this compiled grid; ``qf`` and ``child_rank`` must already be validated
        (``logic.validate_qf``, ``logic.validate_rank``)."""
        return logic.quote_validated(self.grid, qf, resident=resident, child_rank=child_rank, pai=pai)

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

    @property
    def school_years(self) -> list[str]:
        return sorted(self.years)

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
    is noticed through the shared stamp :data:`~mon_enfant.fees.models.FEES_STAMP`, read at most once per
    ``MON_ENFANT_REFRESH_SECONDS`` (see :mod:`mon_enfant.stamps`): a warm quote makes no database query.
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
    units_per_week: Decimal | None = None
    monthly_amount: Decimal | None = None

    @property
    def rule(self) -> str:
        """Why this price, in the active language."""
        return wording.rules(self.quote)


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
    # The parts of the tax notice are bounded whatever the method, even where the method does not use them.
    tax_parts = None if household.tax_parts is None else logic._validate_parts(household.tax_parts, "tax_parts")
    if method is logic.QfMethod.FISCAL:
        if tax_parts is not None:
            return tax_parts
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
        raise logic.FeeInputError("school_year", logic.Message("no_grid_for_year"), "unknown_year")
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

    child_rank = logic.validate_rank(child_rank)
    slugs = {service.slug for service in services} if usage else ()
    for slug in usage or {}:
        if slug not in slugs:
            raise logic.FeeInputError(f"usage:{slug}", logic.Message("no_price_for_service"), "unknown_service")

    lines = []
    total = None
    for service in services:
        service_pai = pai and service.pai_available(resident)
        result = service.quote(qf_value, resident=resident, child_rank=child_rank, pai=service_pai)
        units = amount = None
        if usage and usage.get(service.slug) is not None:
            units = logic.check_usage(service.unit, usage[service.slug], f"usage:{service.slug}")
            # A monthly service is counted in subscriptions: price x units, with no weeks to spread.
            weeks, months = (ONE, ONE) if service.monthly_unit else (fees.weeks_per_year, fees.billed_months)
            amount = monthly_amount(result.unit_price, units, weeks, months, f"usage:{service.slug}")
            units = Decimal(units)
            total = (total or Decimal(0)) + amount
        lines.append(QuoteLine(service, result, service_pai, units, amount))

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


ONE = Decimal(1)


def monthly_amount(unit_price: Decimal, units, weeks: Decimal, months: Decimal, field_name: str) -> Decimal:
    """``logic.monthly_estimate``, its errors naming the form's or the API's ``field_name``."""
    try:
        return logic.monthly_estimate(unit_price, units, weeks, months)
    except logic.FeeInputError as exc:
        raise logic.FeeInputError(field_name, exc.reason, exc.code) from None


def money(value: Decimal | None) -> str | None:
    """Amounts in JSON: a string with two decimals ("3.05"), never a float."""
    if value is None:
        return None
    return format(value.quantize(CENT), "f")


# --- The family summary (mon_enfant.features: family_section) ------------------------------------


@dataclass(frozen=True, slots=True)
class FamilyPrice:
    """One service in a family's answer: its price for the family's QF, or its range before the QF is given."""

    service: ServiceFees
    price: Decimal | None = None
    rule: str = ""
    lowest: Decimal | None = None
    highest: Decimal | None = None


def family_section(context):
    """The price of each service of the family's school year: for its QF when the family gave it (by POST,
    never in a URL), else from the lowest to the highest price, with the way to learn one's own."""
    if context.commune is None or not context.school_year:
        return None
    fees = commune_fees(context.commune)
    if not fees.years:
        return None
    page_url = tool_page_url(apps.get_model("mon_enfant_fees", "FeeCalculatorPage"), context.request)
    if not fees.services(context.school_year):
        # Next year's grids are voted in spring: say so rather than nothing.
        return FamilySection(
            feature="mon_enfant_fees", title=_("Les tarifs des services"),
            template="mon_enfant_fees/family_section.html",
            context={"fees_prices": [], "fees_school_year": context.school_year, "fees_page_url": page_url},
            order=20)
    prices = []
    if context.quotient_familial is not None:
        result = compute_quote(fees, context.school_year, qf=context.quotient_familial)
        prices = [FamilyPrice(line.service, price=line.quote.unit_price, rule=line.rule) for line in result.lines]
    else:
        for service in fees.services(context.school_year):
            lowest, highest = logic.price_range(service.grid.pricing)
            prices.append(FamilyPrice(service, lowest=lowest, highest=highest))
    return FamilySection(
        feature="mon_enfant_fees",
        title=_("Les tarifs des services"),
        template="mon_enfant_fees/family_section.html",
        context={"fees_prices": prices, "fees_qf": qf_display(context.quotient_familial),
                 "fees_school_year": context.school_year, "fees_page_url": page_url,
                 # The commune's services are its écoles' and its accueils': a collège's canteen is not one.
                 "fees_for_college": context.level == "college"},
        order=20,
        uses_qf=True,
    )
