"""Compute a family's quotient familial and the unit price a commune charges for a service.

This is the pure, stdlib-only layer of the "Quotient familial et tarifs" feature; the Django layer
stores communes, school years and services and builds the objects below from model rows.

Domain words
------------
French terms are kept where families and town-hall staff use them:

* ``quotient_familial`` (QF): the household's monthly income divided by a number of "parts"
  (adults and children), used by communes to scale the price of school meals, after-school care,
  holiday centres...;
* ``tranche``: a QF bracket of a price grid; ``taux d'effort``: a price proportional to the QF
  (a percentage of it), bounded by a ``plancher`` (floor) and a ``plafond`` (ceiling);
* ``PAI`` (projet d'accueil individualisé): a child with a food allergy brings a packed lunch
  (``panier repas``) and pays a reduced price;
* ``fratrie``: siblings; ``non-résident``: a family living outside the commune;
* ``case T``: the income-tax box ticked by single parents, worth an extra half part;
* ``AEEH``: the allowance for a disabled child, which adds a half part.

Quotient familial
-----------------
Three methods, chosen per commune (:class:`QfMethod`):

* CAF/MSA: ``(annual taxable resources of year N-2 / 12 + monthly family benefits) / parts``, parts
  from an editable :class:`CafPartsTable` (CNAF defaults) — :func:`caf_parts`, :func:`qf_caf`;
* fiscal: ``revenu fiscal de référence / 12 / parts fiscales`` — :func:`fiscal_parts`,
  :func:`qf_fiscal`;
* direct: the family types the QF printed on its CAF certificate — :func:`validate_qf`.

A computed QF is optionally rounded (:class:`QfRounding`), half-up.  :func:`compute_qf` dispatches on
a commune's :class:`QfPolicy` with a :class:`Household`.

Grids and quotes
----------------
A :class:`Grid` composes the resident pricing (:class:`BracketGrid`, :class:`EffortRateGrid` or
:class:`FlatGrid`) with the non-resident rule, the price without QF, sibling rules and the PAI
price.  :func:`quote` applies, in this order:

1. the non-resident rule picks the pricing (own flat price, own brackets, the highest resident
   price) or a surcharge applied in step 4;
2. the base price: the bracket containing the QF (brackets are half-open ``[qf_min, qf_max)``),
   the effort rate, or the flat price; without QF, the highest bracket (or the ceiling) unless the
   grid fixes a price; a sibling rule "next lower bracket" then moves one bracket down;
3. the PAI price replaces the price (the bracket's own, or the grid's flat PAI price);
4. the non-resident surcharge (in € or in %);
5. the sibling percentage off, so that it applies to the amount the family actually pays;
6. a single rounding, half-up to the cent, so that no intermediate rounding accumulates.

Conventions and errors
----------------------
All amounts are ``Decimal``.  Inputs may be ``Decimal``, ``int`` or ``str``; ``float`` (and
``bool``) is refused with ``TypeError``, because binary floats cannot hold cents exactly (``2.675``
is stored as ``2.67499999...`` and Python's ``round`` gives 2.67 where a cashier gives 2.68).

Nothing here is a sentence: errors and the rules of a quote are :class:`Message` values (a stable key
and the numbers it is about: bounds, amounts, ranks), which the Django layer (``mon_enfant.fees.wording``)
words in the active language.  Errors also carry a stable ``code`` (the API's):
:class:`FeeInputError` is about what a family typed (it also names the ``field``), :class:`GridError`
about how a commune configured its grid or parts table (it names the ``bracket``, numbered from 1, when
one is at fault).  Wrong argument types are programming errors and raise ``TypeError``.
"""

from __future__ import annotations

import bisect
import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Amount = Decimal | int | str

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# Bounds beyond which an input is certainly a typing mistake.  They also keep every Decimal
# operation far from the context's precision and exponent limits, so nothing overflows.
MAX_ANNUAL_RESOURCES = Decimal("10000000")
MAX_MONTHLY_BENEFITS = Decimal("100000")
MAX_QF = Decimal("100000")
MAX_CHILDREN = 20
MIN_PARTS = Decimal("0.5")
MAX_PARTS = Decimal("50")
MAX_PRICE = Decimal("10000")
MAX_SURCHARGE_PERCENT = Decimal("1000")
MAX_UNITS_PER_WEEK = Decimal("336")  # half-hours in a week: the finest unit, every hour, every day
MAX_WEEKS_PER_YEAR = Decimal("53")
MAX_MONTHS = Decimal("12")


# --- Errors -------------------------------------------------------------------------------------


class FeeError(ValueError):
    """Base class: ``reason`` says what is wrong (a :class:`Message`: key and values, worded by the Django
    layer); ``code`` is the stable error code the API answers."""

    def __init__(self, reason: Message, code: str) -> None:
        super().__init__(code)
        self.reason = reason
        self.code = code


class FeeInputError(FeeError):
    """A value typed by a family is invalid; ``field`` names the offending input."""

    def __init__(self, field: str, reason: Message, code: str) -> None:
        super().__init__(reason, code)
        self.field = field


class GridError(FeeError):
    """A commune's configuration (grid, parts table) is invalid; ``bracket`` is numbered from 1."""

    def __init__(self, reason: Message, code: str, bracket: int | None = None) -> None:
        super().__init__(reason, code)
        self.bracket = bracket


# --- Enumerations -------------------------------------------------------------------------------


class Unit(enum.StrEnum):
    """What one unit price buys (the value is the slug stored in the database)."""

    REPAS = "repas"
    HEURE = "heure"
    DEMI_HEURE = "demi-heure"
    JOURNEE = "journee"
    DEMI_JOURNEE = "demi-journee"
    MOIS = "mois"
    SEANCE = "seance"


class QfMethod(enum.StrEnum):
    """How a commune computes the quotient familial."""

    CAF = "caf"
    FISCAL = "fiscal"
    DIRECT = "direct"


class QfRounding(enum.StrEnum):
    """Rounding of a computed QF, half-up; brackets then compare the rounded value."""

    NONE = "none"
    CENT = "cent"
    UNIT = "unit"


class PricingKind(enum.StrEnum):
    """How residents are priced: QF brackets, a taux d'effort, or one flat price."""

    BRACKETS = "brackets"
    EFFORT_RATE = "effort_rate"
    FLAT = "flat"


class NonResidentMode(enum.StrEnum):
    """How families living outside the commune are charged."""

    SAME = "same"
    FLAT = "flat"
    BRACKETS = "brackets"
    SURCHARGE_AMOUNT = "surcharge_amount"
    SURCHARGE_PERCENT = "surcharge_percent"
    CEILING = "ceiling"


class SiblingKind(enum.StrEnum):
    """A sibling reduction: a percentage off, or the next lower bracket."""

    PERCENT = "percent"
    NEXT_LOWER_BRACKET = "next_lower_bracket"


# --- Numbers ------------------------------------------------------------------------------------


# A tuple, not ``Decimal | int | str``: that union would be built again on every call, and every quote
# parses a few amounts.
_NUMBER_TYPES = (Decimal, int, str)


def _parse(value: object) -> Decimal:
    """Return ``value`` as a finite Decimal.

    Raises TypeError for floats, bools and other types, ValueError for text that is not a number
    and for NaN or infinities.
    """
    if isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES):
        raise TypeError(
            f"Expected Decimal, int or str, got {type(value).__name__} "
            "(floats are refused: they cannot represent cents exactly)."
        )
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"Not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return number


def _parse_count(value: object) -> int:
    # bool is an int subclass; True children is a programming error, not 1 child.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Expected int, got {type(value).__name__}.")
    return value


def round_money(value: Amount) -> Decimal:
    """Round an amount half-up to the cent: 3.115 -> 3.12, 2.605 -> 2.61, 0.005 -> 0.01.

    Negative amounts are rounded symmetrically (half away from zero: -3.115 -> -3.12), so that a
    refund mirrors the charge; prices themselves are never negative.  Zero is returned unsigned.
    """
    try:
        number = _parse(value)
    except ValueError:
        raise FeeInputError("amount", Message("amount_invalid"), "invalid") from None
    try:
        rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # quantize needs more digits than the context precision: only absurd amounts get here.
        raise FeeInputError("amount", Message("amount_too_large"), "too_large") from None
    # Decimal keeps the sign of zero; nobody should be shown "-0.00".
    return abs(rounded) if rounded == 0 else rounded


# --- What the logic says: codes and values -------------------------------------------------------


class Message(tuple):
    """Something the logic has to say, as a stable ``key`` and the ``values`` it is about (Decimals,
    ints, nested :class:`Message`); never a sentence. The Django layer (``mon_enfant.fees.wording``)
    words it in the active language. A tuple ``(key, values)``: made on every quote, it must be cheap."""

    __slots__ = ()

    def __new__(cls, key: str, **values: object) -> Message:
        return tuple.__new__(cls, (key, tuple(values.items())))

    @property
    def key(self) -> str:
        return self[0]

    @property
    def values(self) -> tuple[tuple[str, object], ...]:
        return self[1]

    def __str__(self) -> str:  # for tracebacks and logs: the code, never a family's figures
        return self[0]

    def __repr__(self) -> str:
        return f"Message({self[0]!r}, {dict(self[1])!r})"


# --- Validation helpers -------------------------------------------------------------------------


def _input_amount(value: object, field_name: str, label: Message, maximum: Decimal) -> Decimal:
    """A non-negative amount typed by a family; ``label`` completes "le montant saisi pour ..."."""
    if value is None:
        raise FeeInputError(field_name, Message("input_required", label=label), "required")
    try:
        number = _parse(value)
    except ValueError:
        raise FeeInputError(
            field_name, Message("input_invalid", label=label),
            "invalid",
        ) from None
    if number < 0:
        raise FeeInputError(
            field_name,
            Message("input_negative", label=label),
            "negative",
        )
    if number > maximum:
        raise FeeInputError(
            field_name,
            Message("input_too_large",
                 label=label, maximum=maximum),
            "too_large",
        )
    # "-0" is zero: nobody should be answered "-0.00".
    return abs(number) if number == 0 else number


def _input_number(value: object, field_name: str, low: Decimal, high: Decimal, message: Message) -> Decimal:
    """A number typed by a family that must lie in ``[low, high]``; ``message`` states the range."""
    if value is None:
        raise FeeInputError(field_name, message, "required")
    try:
        number = _parse(value)
    except ValueError:
        raise FeeInputError(field_name, message, "invalid") from None
    if not low <= number <= high:
        raise FeeInputError(field_name, message, "out_of_range")
    return number


def _config_amount(
    value: object,
    what: Message,
    *,
    maximum: Decimal = MAX_PRICE,
    suffix: str = " €",
    bracket: int | None = None,
) -> Decimal:
    """A non-negative amount set by a commune; ``what`` is a masculine subject ("Le tarif de ...")."""
    try:
        number = _parse(value)
    except ValueError:
        raise GridError(Message("setting_invalid", what=what),
                        "invalid_amount", bracket) from None
    if number < 0:
        raise GridError(Message("setting_negative", what=what),
                        "negative_amount", bracket)
    if number > maximum:
        key = {" €": "setting_too_large_euros", " %": "setting_too_large_percent"}.get(suffix, "setting_too_large")
        raise GridError(Message(key, what=what, maximum=maximum), "too_large", bracket)
    return number


def _optional_config_amount(value: object, what: Message) -> Decimal | None:
    return None if value is None else _config_amount(value, what)


def _validate_children(children: int, disabled_children: int) -> tuple[int, int]:
    children = _parse_count(children)
    disabled_children = _parse_count(disabled_children)
    if not 0 <= children <= MAX_CHILDREN:
        raise FeeInputError(
            "children",
            Message("children_out_of_range",
                 maximum=MAX_CHILDREN),
            "out_of_range",
        )
    if not 0 <= disabled_children <= children:
        raise FeeInputError(
            "disabled_children",
            Message("disabled_children_out_of_range"),
            "out_of_range",
        )
    return children, disabled_children


def _validate_parts(parts: object, field_name: str = "parts") -> Decimal:
    return _input_number(
        parts,
        field_name,
        MIN_PARTS,
        MAX_PARTS,
        Message("parts_out_of_range",
             low=MIN_PARTS, high=MAX_PARTS),
    )


# --- Quotient familial --------------------------------------------------------------------------


_ADULT_PART_FIELDS = frozenset({"adult_couple", "single_parent_with_child", "single_adult"})


@dataclass(frozen=True)
class CafPartsTable:
    """Parts counted by the CAF/MSA formula; CNAF values by default, editable per commune.

    A single parent counts ``single_parent_with_child`` parts plus the children's.  Communes that
    follow the income-tax rule ("single parent with one child = 2 parts") set it to 1.5.
    """

    adult_couple: Decimal = field(default=Decimal("2"), metadata={"label": Message("parts_couple")})
    single_parent_with_child: Decimal = field(
        default=Decimal("2"), metadata={"label": Message("parts_single_parent_with_child")}
    )
    single_adult: Decimal = field(default=Decimal("1"), metadata={"label": Message("parts_single_adult")})
    first_child: Decimal = field(default=Decimal("0.5"), metadata={"label": Message("parts_first_child")})
    second_child: Decimal = field(default=Decimal("0.5"), metadata={"label": Message("parts_second_child")})
    third_child: Decimal = field(default=Decimal("1"), metadata={"label": Message("parts_third_child")})
    further_child: Decimal = field(default=Decimal("0.5"), metadata={"label": Message("parts_further_child")})
    disabled_child: Decimal = field(
        default=Decimal("0.5"), metadata={"label": Message("parts_disabled_child")}
    )

    def __post_init__(self) -> None:
        for table_field in fields(self):
            what = Message("parts_of", label=table_field.metadata["label"])
            value = _config_amount(getattr(self, table_field.name), what, maximum=Decimal(10), suffix="")
            if value == 0 and table_field.name in _ADULT_PART_FIELDS:
                # A household with zero parts would make the QF a division by zero.
                raise GridError(Message("setting_zero", what=what), "zero_parts")
            object.__setattr__(self, table_field.name, value)

    def child_part(self, rank: int) -> Decimal:
        """Parts added by the child of the given rank (1 = eldest counted)."""
        if rank == 1:
            return self.first_child
        if rank == 2:
            return self.second_child
        if rank == 3:
            return self.third_child
        return self.further_child


CNAF_PARTS = CafPartsTable()


def caf_parts(
    *, couple: bool, children: int, disabled_children: int = 0, table: CafPartsTable = CNAF_PARTS
) -> Decimal:
    """Number of parts of a household by the CAF/MSA table; ``disabled_children`` receive the AEEH."""
    children, disabled_children = _validate_children(children, disabled_children)
    if couple:
        parts = table.adult_couple
    elif children:
        parts = table.single_parent_with_child
    else:
        parts = table.single_adult
    parts += sum((table.child_part(rank) for rank in range(1, children + 1)), Decimal(0))
    return parts + disabled_children * table.disabled_child


def fiscal_parts(*, couple: bool, children: int, disabled_children: int = 0, case_t: bool = False) -> Decimal:
    """Income-tax parts: 1 per adult, 0.5 for each of the first two children, 1 from the third,
    0.5 more for a single parent who ticked case T, 0.5 more per disabled child.

    Situations the simplified rule ignores (disabled adult, shared custody, war widows...) are
    covered by typing the parts printed on the tax notice (:attr:`Household.tax_parts`).
    """
    children, disabled_children = _validate_children(children, disabled_children)
    if case_t and couple:
        raise FeeInputError(
            "case_t", Message("case_t_couple"),
            "case_t_couple",
        )
    if case_t and not children:
        raise FeeInputError(
            "case_t", Message("case_t_without_child"), "case_t_without_child"
        )
    half = Decimal("0.5")
    parts = Decimal(2 if couple else 1) + half * min(children, 2) + max(children - 2, 0)
    if case_t:
        parts += half
    return parts + half * disabled_children


_THE_QF = Message("the_qf")


def validate_qf(qf: Amount) -> Decimal:
    """Check a QF typed by a family (or about to be used for a quote) and return it as a Decimal."""
    return _input_amount(qf, "qf", _THE_QF, MAX_QF)


def _finish_qf(raw: Decimal, rounding: QfRounding) -> Decimal:
    if not isinstance(rounding, QfRounding):
        raise TypeError(f"Expected QfRounding, got {type(rounding).__name__}.")
    if rounding is QfRounding.CENT:
        raw = raw.quantize(CENT, rounding=ROUND_HALF_UP)
    elif rounding is QfRounding.UNIT or raw.as_tuple().exponent > 0:
        # Division can yield Decimal("1.05E+3"); an exact quantize to the unit makes it "1050".
        raw = raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if raw > MAX_QF:
        raise FeeInputError(
            "qf",
            Message("computed_qf_too_large", qf=raw, maximum=MAX_QF),
            "too_large",
        )
    return raw


def qf_caf(
    *,
    annual_resources: Amount,
    monthly_benefits: Amount | None = 0,
    parts: Amount,
    rounding: QfRounding = QfRounding.NONE,
) -> Decimal:
    """CAF/MSA QF: (annual taxable resources of year N-2 / 12 + monthly family benefits) / parts.

    ``monthly_benefits`` None (a blank optional field) means no benefits.
    """
    if monthly_benefits is None:
        monthly_benefits = 0
    resources = _input_amount(
        annual_resources, "annual_resources", Message("the_annual_resources"), MAX_ANNUAL_RESOURCES
    )
    benefits = _input_amount(
        monthly_benefits, "monthly_benefits", Message("the_monthly_benefits"),
        MAX_MONTHLY_BENEFITS,
    )
    return _finish_qf((resources / 12 + benefits) / _validate_parts(parts), rounding)


def qf_fiscal(*, reference_income: Amount, parts: Amount, rounding: QfRounding = QfRounding.NONE) -> Decimal:
    """Fiscal QF: revenu fiscal de référence / 12 / parts fiscales."""
    income = _input_amount(
        reference_income, "reference_income", Message("the_reference_income"), MAX_ANNUAL_RESOURCES
    )
    return _finish_qf(income / 12 / _validate_parts(parts), rounding)


@dataclass(frozen=True)
class QfPolicy:
    """How one commune computes the QF."""

    method: QfMethod = QfMethod.CAF
    rounding: QfRounding = QfRounding.NONE
    caf_table: CafPartsTable = CNAF_PARTS


@dataclass(frozen=True)
class Household:
    """What a family declares; each method reads only the fields it needs.

    ``tax_parts`` is the number printed on the tax notice; when absent, :func:`fiscal_parts`
    computes it.  ``declared_qf`` is the QF of the CAF certificate (method "direct").
    """

    couple: bool = False
    children: int = 0
    disabled_children: int = 0
    annual_resources: Amount | None = None
    monthly_benefits: Amount | None = 0
    reference_income: Amount | None = None
    tax_parts: Amount | None = None
    case_t: bool = False
    declared_qf: Amount | None = None


def _required(value: Amount | None, field_name: str, label: Message) -> Amount:
    if value is None:
        raise FeeInputError(field_name, Message("input_required", label=label), "required")
    return value


DEFAULT_QF_POLICY = QfPolicy()


def compute_qf(household: Household, policy: QfPolicy = DEFAULT_QF_POLICY) -> Decimal:
    """The household's QF by the commune's method; a directly typed QF is checked, never rounded."""
    if household.tax_parts is not None:
        # Bounded whatever the method: a CAF quote does not use the parts of the tax notice, but refuses an
        # absurd number as the fiscal method would.
        _validate_parts(household.tax_parts, "tax_parts")
    if policy.method is QfMethod.DIRECT:
        return validate_qf(_required(household.declared_qf, "declared_qf", Message("your_qf")))
    if policy.method is QfMethod.FISCAL:
        if household.tax_parts is None:
            parts: Amount = fiscal_parts(
                couple=household.couple,
                children=household.children,
                disabled_children=household.disabled_children,
                case_t=household.case_t,
            )
        else:
            parts = _validate_parts(household.tax_parts, "tax_parts")
        income = _required(household.reference_income, "reference_income",
                           Message("your_reference_income"))
        return qf_fiscal(reference_income=income, parts=parts, rounding=policy.rounding)
    parts = caf_parts(
        couple=household.couple,
        children=household.children,
        disabled_children=household.disabled_children,
        table=policy.caf_table,
    )
    resources = _required(household.annual_resources, "annual_resources", Message("your_annual_resources"))
    return qf_caf(
        annual_resources=resources,
        monthly_benefits=household.monthly_benefits,
        parts=parts,
        rounding=policy.rounding,
    )


# --- Grids --------------------------------------------------------------------------------------


def _parse_bracket_value(value: object) -> Decimal:
    try:
        return _parse(value)
    except ValueError:
        raise GridError(
            Message("bracket_not_a_number"), "invalid_amount"
        ) from None


@dataclass(frozen=True)
class Bracket:
    """A QF bracket ``[qf_min, qf_max)`` and its price; ``qf_max=None`` means no upper bound.

    Half-open so that decimal QFs fall somewhere: a grid published "de 235 € à 384 €" is entered
    235 to 385, and a QF of 384.50 belongs to it.
    """

    qf_min: Decimal
    qf_max: Decimal | None
    price: Decimal
    pai_price: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("qf_min", "qf_max", "price", "pai_price"):
            value = getattr(self, name)
            if value is not None or name in ("qf_min", "price"):
                object.__setattr__(self, name, _parse_bracket_value(value))

    @functools.cached_property
    def rule(self) -> Message:
        """The rule a quote in this bracket applies ("Tranche de QF de 385 € à moins de 549 €"), made once
        per grid."""
        return Message("rule_bracket", range=self.qf_range)

    def contains(self, qf: Decimal) -> bool:
        return self.qf_min <= qf and (self.qf_max is None or qf < self.qf_max)

    @property
    def bounds(self) -> Message:
        """Bounds as written in a grid's error messages: "de 385 à 549", "à partir de 1 371"."""
        if self.qf_max is None:
            return Message("bounds_from", low=self.qf_min)
        return Message("bounds_between", low=self.qf_min, high=self.qf_max)

    @property
    def qf_range(self) -> Message:
        """The bracket's QF range as a family reads it (:func:`qf_range`)."""
        return qf_range(self.qf_min, self.qf_max)


def qf_range(qf_min: Decimal, qf_max: Decimal | None) -> Message:
    """A half-open QF range, the one wording of a bracket in rules, grids and messages: "de 385 € à moins
    de 549 €", "moins de 235 €", "à partir de 1 371 €", "tous les quotients familiaux"."""
    if qf_max is None:
        return Message("qf_range_all") if qf_min == 0 else Message("qf_range_from", low=qf_min)
    if qf_min == 0:
        return Message("qf_range_below", high=qf_max)
    return Message("qf_range_between", low=qf_min, high=qf_max)


def _bracket_name(number: int, bracket: Bracket) -> Message:
    return Message("bracket_name", number=number, bounds=bracket.bounds)


def validate_brackets(brackets: Sequence[Bracket]) -> None:
    """Refuse a list of brackets that does not cover every QF from 0 exactly once.

    Brackets must be given in increasing QF order, start at 0, follow each other without gap or
    overlap; only the last one may be open-ended.  Prices are non-negative; PAI prices are given for
    all brackets or for none.  Raises :class:`GridError` naming the first bracket at fault.
    """
    if not brackets:
        raise GridError(Message("grid_empty"), "empty")
    for number, bracket in enumerate(brackets, start=1):
        name = _bracket_name(number, bracket)
        _config_amount(bracket.price, Message("bracket_price", name=name), bracket=number)
        if bracket.pai_price is not None:
            _config_amount(bracket.pai_price, Message("bracket_pai_price", name=name),
                           bracket=number)
        if bracket.qf_min < 0:
            raise GridError(Message("bracket_negative_qf", name=name),
                            "negative_qf", number)
        if bracket.qf_max is not None and bracket.qf_max <= bracket.qf_min:
            raise GridError(
                Message("bracket_empty",
                     name=name),
                "empty_bracket",
                number,
            )
        if bracket.qf_max is None and number < len(brackets):
            raise GridError(
                Message("bracket_open_not_last", name=name),
                "open_not_last",
                number,
            )
        if number == 1 and bracket.qf_min != 0:
            raise GridError(
                Message("bracket_not_from_zero",
                     name=name),
                "not_from_zero",
                number,
            )
    # Order is checked over the whole list first: a misplaced bracket would otherwise be reported
    # as a gap after its predecessor, which does not tell the commune what to fix.
    for number in range(2, len(brackets) + 1):
        bracket, previous = brackets[number - 1], brackets[number - 2]
        if bracket.qf_min < previous.qf_min:
            raise GridError(
                Message("bracket_unordered",
                     name=_bracket_name(number, bracket), previous=_bracket_name(number - 1, previous)),
                "unordered",
                number,
            )
    for number in range(2, len(brackets) + 1):
        bracket, previous = brackets[number - 1], brackets[number - 2]
        assert previous.qf_max is not None  # only the last bracket may be open, checked above
        if bracket.qf_min < previous.qf_max:
            raise GridError(
                Message("bracket_overlap",
                     name=_bracket_name(number, bracket), previous=_bracket_name(number - 1, previous)),
                "overlap",
                number,
            )
        if bracket.qf_min > previous.qf_max:
            raise GridError(
                Message("bracket_gap", low=previous.qf_max, high=bracket.qf_min,
                     previous=number - 1, number=number),
                "gap",
                number,
            )
    with_pai = [bracket.pai_price is not None for bracket in brackets]
    if any(with_pai) and not all(with_pai):
        number = with_pai.index(False) + 1
        raise GridError(
            Message("bracket_pai_incomplete",
                 name=_bracket_name(number, brackets[number - 1])),
            "pai_incomplete",
            number,
        )


@dataclass(frozen=True)
class BracketGrid:
    """Prices by QF bracket; validated on construction (see :func:`validate_brackets`)."""

    brackets: tuple[Bracket, ...]

    def __post_init__(self) -> None:
        brackets = tuple(self.brackets)
        for bracket in brackets:
            if not isinstance(bracket, Bracket):
                raise TypeError(f"Expected Bracket, got {type(bracket).__name__}.")
        validate_brackets(brackets)
        object.__setattr__(self, "brackets", brackets)
        object.__setattr__(self, "_lower_bounds", tuple(bracket.qf_min for bracket in brackets))

    @property
    def has_pai_prices(self) -> bool:
        return self.brackets[0].pai_price is not None  # all or none, see validate_brackets

    def find(self, qf: Decimal) -> int | None:
        """Index of the bracket containing ``qf`` (>= 0), None above a closed last bracket."""
        # Brackets are sorted and contiguous (validate_brackets): the last one starting at or below qf.
        index = bisect.bisect_right(self._lower_bounds, qf) - 1
        if index >= 0 and self.brackets[index].contains(qf):
            return index
        return None


@dataclass(frozen=True)
class EffortRateGrid:
    """Price = QF x ``rate_percent`` / 100, bounded by ``floor`` and ``ceiling``.

    ``rate_percent`` is a percentage: ``Decimal("0.36")`` means 0.36 % of the QF.
    """

    rate_percent: Decimal
    floor: Decimal
    ceiling: Decimal

    def __post_init__(self) -> None:
        rate = _config_amount(self.rate_percent, Message("effort_rate"), maximum=HUNDRED, suffix=" %")
        if rate == 0:
            raise GridError(Message("effort_rate_zero"), "zero_rate")
        floor = _config_amount(self.floor, Message("effort_rate_floor"))
        ceiling = _config_amount(self.ceiling, Message("effort_rate_ceiling"))
        if floor > ceiling:
            raise GridError(
                Message("floor_above_ceiling",
                     floor=floor, ceiling=ceiling),
                "floor_above_ceiling",
            )
        object.__setattr__(self, "rate_percent", rate)
        object.__setattr__(self, "floor", floor)
        object.__setattr__(self, "ceiling", ceiling)

    def price_for(self, qf: Decimal) -> Decimal:
        """Unrounded price; rounding happens once, at the end of :func:`quote`."""
        return min(max(qf * self.rate_percent / HUNDRED, self.floor), self.ceiling)

    def describe(self) -> Message:
        return self._rule

    @functools.cached_property
    def _rule(self) -> Message:  # the same for every QF: made once per grid
        return Message("rule_effort_rate", rate=self.rate_percent, floor=self.floor, ceiling=self.ceiling)


@dataclass(frozen=True)
class FlatGrid:
    """One price whatever the QF."""

    price: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", _config_amount(self.price, Message("flat_price")))


Pricing = BracketGrid | EffortRateGrid | FlatGrid


@dataclass(frozen=True)
class NonResidentRule:
    """Pricing of families living outside the commune.

    ``amount`` is the flat price (FLAT), the surcharge in euros (SURCHARGE_AMOUNT) or in percent
    (SURCHARGE_PERCENT); ``brackets`` the non-residents' own grid (BRACKETS); ``pai_price`` the PAI
    price under a FLAT rule (else the grid's flat PAI price applies).  CEILING charges the highest
    resident price: the highest bracket or the effort-rate ceiling.
    """

    mode: NonResidentMode = NonResidentMode.SAME
    amount: Decimal | None = None
    brackets: BracketGrid | None = None
    pai_price: Decimal | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.mode, NonResidentMode):
            raise TypeError(f"Expected NonResidentMode, got {type(self.mode).__name__}.")
        needs_amount = self.mode in {
            NonResidentMode.FLAT,
            NonResidentMode.SURCHARGE_AMOUNT,
            NonResidentMode.SURCHARGE_PERCENT,
        }
        if needs_amount != (self.amount is not None):
            raise GridError(
                Message("non_resident_amount_mismatch"),
                "non_resident_amount",
            )
        if (self.mode is NonResidentMode.BRACKETS) != (self.brackets is not None):
            raise GridError(
                Message("non_resident_brackets_mismatch"),
                "non_resident_brackets",
            )
        if self.brackets is not None and not isinstance(self.brackets, BracketGrid):
            raise TypeError(f"Expected BracketGrid, got {type(self.brackets).__name__}.")
        if self.pai_price is not None and self.mode is not NonResidentMode.FLAT:
            raise GridError(
                Message("non_resident_pai_mismatch"),
                "non_resident_pai",
            )
        if self.mode is NonResidentMode.SURCHARGE_PERCENT:
            amount = _config_amount(
                self.amount, Message("surcharge_percent"), maximum=MAX_SURCHARGE_PERCENT, suffix=" %"
            )
        elif self.mode is NonResidentMode.SURCHARGE_AMOUNT:
            amount = _config_amount(self.amount, Message("surcharge_amount"))
        else:
            amount = _optional_config_amount(self.amount, Message("non_resident_price"))
        object.__setattr__(self, "amount", amount)
        object.__setattr__(
            self, "pai_price",
            _optional_config_amount(self.pai_price, Message("non_resident_pai_price")),
        )

    def describe(self) -> Message:
        if self.mode is NonResidentMode.SURCHARGE_AMOUNT:
            assert self.amount is not None
            return Message("rule_non_resident_surcharge_amount",
                        amount=self.amount)
        if self.mode is NonResidentMode.SURCHARGE_PERCENT:
            assert self.amount is not None
            return Message("rule_non_resident_surcharge_percent", percent=self.amount)
        if self.mode is NonResidentMode.CEILING:
            return Message("rule_non_resident_ceiling")
        return Message("rule_non_resident")


@dataclass(frozen=True)
class SiblingRule:
    """Reduction for the ``from_rank``-th child of a family and the next ones.

    Either ``percent_off`` the price, or ``next_lower_bracket``: the price of the bracket below the
    family's (a child already in the lowest bracket stays there).  "Next lower bracket" only exists
    for bracket grids; :class:`Grid` refuses it with an effort rate or a flat price.
    """

    from_rank: int
    percent_off: Decimal | None = None
    next_lower_bracket: bool = False

    def __post_init__(self) -> None:
        rank = _parse_count(self.from_rank)
        if not 2 <= rank <= MAX_CHILDREN:
            raise GridError(
                Message("sibling_rank_out_of_range", maximum=MAX_CHILDREN),
                "sibling_rank",
            )
        if (self.percent_off is None) == (not self.next_lower_bracket):
            raise GridError(
                Message("sibling_kind_missing", rank=rank),
                "sibling_kind",
            )
        if self.percent_off is not None:
            what = Message("sibling_percent",
                        rank=rank)
            percent = _config_amount(self.percent_off, what, maximum=HUNDRED, suffix=" %")
            if percent == 0:
                raise GridError(Message("setting_zero_percent", what=what),
                                "sibling_zero_percent")
            object.__setattr__(self, "percent_off", percent)

    @property
    def intro(self) -> Message:
        """Start of the explanation: "Réduction fratrie à partir du 3e enfant"."""
        return Message("sibling_intro", rank=self.from_rank)


@dataclass(frozen=True)
class Grid:
    """Everything needed to price one service for one commune and school year.

    ``no_qf_price`` is what a family pays without giving its QF; when None, the highest bracket
    (or the effort-rate ceiling).  ``pai_price`` is a flat PAI price, the alternative to a PAI price
    in every bracket.  ``siblings`` may hold several rules (e.g. -10 % from the 2nd child, -20 % from
    the 3rd): the one with the highest ``from_rank`` not above the child's rank applies.
    """

    pricing: Pricing
    non_resident: NonResidentRule = NonResidentRule()
    siblings: tuple[SiblingRule, ...] = ()
    no_qf_price: Decimal | None = None
    pai_price: Decimal | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.pricing, BracketGrid | EffortRateGrid | FlatGrid):
            raise TypeError(f"Expected a pricing grid, got {type(self.pricing).__name__}.")
        if not isinstance(self.non_resident, NonResidentRule):
            raise TypeError(f"Expected NonResidentRule, got {type(self.non_resident).__name__}.")
        siblings = tuple(self.siblings)
        ranks = [rule.from_rank for rule in siblings]
        if len(set(ranks)) != len(ranks):
            raise GridError(Message("sibling_duplicate"),
                            "sibling_duplicate")
        if any(rule.next_lower_bracket for rule in siblings) and not isinstance(self.pricing, BracketGrid):
            raise GridError(
                Message("sibling_not_applicable"),
                "sibling_not_applicable",
            )
        if self.no_qf_price is not None and isinstance(self.pricing, FlatGrid):
            raise GridError(Message("no_qf_price_with_flat"),
                            "no_qf_price_flat")
        bracket_grids = (self.pricing, self.non_resident.brackets)
        if self.pai_price is not None and any(
            isinstance(grid, BracketGrid) and grid.has_pai_prices for grid in bracket_grids
        ):
            raise GridError(
                Message("pai_conflict"),
                "pai_conflict",
            )
        object.__setattr__(self, "siblings", siblings)
        no_qf_price = _optional_config_amount(self.no_qf_price, Message("no_qf_price"))
        object.__setattr__(self, "no_qf_price", no_qf_price)
        object.__setattr__(
            self, "pai_price", _optional_config_amount(self.pai_price, Message("pai_price"))
        )

    def sibling_rule(self, child_rank: int) -> SiblingRule | None:
        """The rule for the child of that rank in the family, None if no rule applies."""
        chosen = None  # ranks are unique (checked above): the highest one not above the child's applies
        for rule in self.siblings:
            if rule.from_rank <= child_rank and (chosen is None or rule.from_rank > chosen.from_rank):
                chosen = rule
        return chosen

    @property
    def pricing_kind(self) -> PricingKind:
        if isinstance(self.pricing, BracketGrid):
            return PricingKind.BRACKETS
        if isinstance(self.pricing, EffortRateGrid):
            return PricingKind.EFFORT_RATE
        return PricingKind.FLAT


# --- What a family reads of a grid ------------------------------------------------------------------


@dataclass(frozen=True)
class BracketRow:
    number: int
    qf_min: Decimal
    qf_max: Decimal | None
    price: Decimal
    pai_price: Decimal | None


@dataclass(frozen=True)
class GridTable:
    """The published grid of one service as a family reads it, flat (formatting is the templates' job)."""

    pricing: PricingKind
    brackets: tuple[BracketRow, ...] = ()
    has_pai_column: bool = False
    rate_percent: Decimal | None = None
    floor: Decimal | None = None
    ceiling: Decimal | None = None
    flat_price: Decimal | None = None
    no_qf_price: Decimal | None = None
    pai_price: Decimal | None = None
    non_resident_mode: NonResidentMode = NonResidentMode.SAME
    non_resident_amount: Decimal | None = None
    non_resident_pai_price: Decimal | None = None
    non_resident_brackets: tuple[BracketRow, ...] = ()
    non_resident_has_pai_column: bool = False
    siblings: tuple[SiblingRule, ...] = ()
    note: str = ""


def _rows(bracket_grid: BracketGrid | None) -> tuple[BracketRow, ...]:
    if bracket_grid is None:
        return ()
    return tuple(BracketRow(number, b.qf_min, b.qf_max, b.price, b.pai_price)
                 for number, b in enumerate(bracket_grid.brackets, start=1))


def describe_grid(grid: Grid, note: str = "") -> GridTable:
    """The :class:`GridTable` of a grid (``note``: the commune's remark printed under it)."""
    pricing = grid.pricing
    non_resident = grid.non_resident
    table = GridTable(
        pricing=grid.pricing_kind,
        no_qf_price=grid.no_qf_price,
        pai_price=grid.pai_price,
        non_resident_mode=non_resident.mode,
        non_resident_amount=non_resident.amount,
        non_resident_pai_price=non_resident.pai_price,
        non_resident_brackets=_rows(non_resident.brackets),
        non_resident_has_pai_column=bool(non_resident.brackets and non_resident.brackets.has_pai_prices),
        siblings=tuple(sorted(grid.siblings, key=lambda rule: rule.from_rank)),
        note=note,
    )
    if isinstance(pricing, BracketGrid):
        return replace(table, brackets=_rows(pricing), has_pai_column=pricing.has_pai_prices)
    if isinstance(pricing, EffortRateGrid):
        return replace(table, rate_percent=pricing.rate_percent, floor=pricing.floor, ceiling=pricing.ceiling)
    return replace(table, flat_price=pricing.price)


# --- Quotes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A unit price and why: ``applied_rules`` are the rules applied (:class:`Message`: a rule kind and its
    values), in the order applied."""

    unit_price: Decimal
    bracket: Bracket | None
    bracket_number: int | None
    applied_rules: tuple[Message, ...]


def price_range(pricing: Pricing) -> tuple[Decimal, Decimal]:
    """The lowest and the highest resident price of a grid, whatever the QF (before PAI and sibling rules):
    what a family learns before it gives its QF."""
    if isinstance(pricing, BracketGrid):
        prices = [bracket.price for bracket in pricing.brackets]
        return min(prices), max(prices)
    if isinstance(pricing, EffortRateGrid):
        return pricing.floor, pricing.ceiling
    return pricing.price, pricing.price


def _highest(pricing: Pricing) -> tuple[Decimal, int | None]:
    if isinstance(pricing, BracketGrid):
        return pricing.brackets[-1].price, len(pricing.brackets) - 1
    if isinstance(pricing, EffortRateGrid):
        return pricing.ceiling, None
    return pricing.price, None


def _base_price(
    pricing: Pricing, qf: Decimal | None, no_qf_price: Decimal | None, rules: list[Message]
) -> tuple[Decimal, int | None]:
    """Price before PAI, surcharge and sibling percentage, with the index of the bracket used."""
    if isinstance(pricing, FlatGrid):
        rules.append(Message("rule_flat"))
        return pricing.price, None
    if qf is None and no_qf_price is not None:
        rules.append(Message("rule_no_qf_fixed", price=no_qf_price))
        return no_qf_price, None
    if isinstance(pricing, EffortRateGrid):
        if qf is None:
            rules.append(Message("rule_no_qf_ceiling",
                              price=pricing.ceiling))
            return pricing.ceiling, None
        rules.append(pricing.describe())
        return pricing.price_for(qf), None
    if qf is None:
        rules.append(Message("rule_no_qf_highest"))
        return _highest(pricing)
    index = pricing.find(qf)
    if index is None:
        # A closed last bracket is most likely an unfinished grid: charge its top price, like
        # a family without QF, rather than refuse to quote.
        rules.append(Message("rule_above_last_bracket"))
        return _highest(pricing)
    bracket = pricing.brackets[index]
    rules.append(bracket.rule)
    return bracket.price, index


def quote(
    grid: Grid,
    qf: Amount | None = None,
    *,
    resident: bool = True,
    child_rank: int = 1,
    pai: bool = False,
) -> Quote:
    """Unit price for a child: ``qf`` None means the family gave no QF; ``child_rank`` is 1 for the
    eldest child attending; ``pai`` asks for the packed-lunch price.

    The steps are listed in the module docstring.  Raises :class:`FeeInputError` for an invalid QF
    or rank, or a PAI price the grid does not offer.
    """
    if not isinstance(grid, Grid):
        raise TypeError(f"Expected Grid, got {type(grid).__name__}.")
    qf_value = None if qf is None else validate_qf(qf)
    return quote_validated(grid, qf_value, resident=resident, child_rank=validate_rank(child_rank), pai=pai)


def validate_rank(child_rank: int) -> int:
    """Check a child's rank among the siblings attending (1 for the eldest)."""
    rank = _parse_count(child_rank)
    if not 1 <= rank <= MAX_CHILDREN:
        raise FeeInputError("child_rank", Message("child_rank_out_of_range", maximum=MAX_CHILDREN), "out_of_range")
    return rank


def quote_validated(grid: Grid, qf: Decimal | None, *, resident: bool, child_rank: int, pai: bool) -> Quote:
    """:func:`quote` once its inputs are checked (``qf`` by :func:`validate_qf`, ``child_rank`` by
    :func:`validate_rank`): a family's quote for every service of a year checks them once, not per service.
    Raises :class:`FeeInputError` only for a PAI price the grid does not offer."""
    qf_value, rank = qf, child_rank
    rules: list[Message] = []
    pricing: Pricing = grid.pricing
    pai_price = grid.pai_price
    rule = grid.non_resident
    mode = NonResidentMode.SAME if resident else rule.mode

    if mode is not NonResidentMode.SAME:
        rules.append(rule.describe())
    if mode is NonResidentMode.CEILING:
        price, index = _highest(pricing)
    elif mode is NonResidentMode.FLAT:
        assert rule.amount is not None
        pricing = FlatGrid(rule.amount)
        price, index = rule.amount, None
        pai_price = rule.pai_price if rule.pai_price is not None else pai_price
    elif mode is NonResidentMode.BRACKETS:
        assert rule.brackets is not None
        pricing = rule.brackets
        # The commune's fixed price without QF is a resident price: non-residents without QF pay
        # their own highest bracket.
        price, index = _base_price(pricing, qf_value, None, rules)
    else:
        price, index = _base_price(pricing, qf_value, grid.no_qf_price, rules)

    sibling = grid.sibling_rule(rank)
    # Moving down a bracket happens before reading the PAI price, which then follows the bracket.
    # Without a bracket (fixed price without QF, non-residents' flat price) there is nothing to move.
    if sibling is not None and sibling.next_lower_bracket and index is not None:
        assert isinstance(pricing, BracketGrid)
        if index > 0:
            index -= 1
            price = pricing.brackets[index].price
            rules.append(Message("rule_sibling_lower_bracket", sibling=sibling.intro,
                              range=pricing.brackets[index].qf_range))
        else:
            rules.append(Message("rule_sibling_lowest_already", sibling=sibling.intro))

    if pai:
        if pai_price is not None:
            price = pai_price
        elif isinstance(pricing, BracketGrid) and pricing.has_pai_prices:
            # A family paying the fixed price without QF has no bracket: it gets the PAI price of
            # the highest one, consistent with "no QF means the top price".
            pai_bracket = pricing.brackets[-1 if index is None else index]
            assert pai_bracket.pai_price is not None
            price = pai_bracket.pai_price
        else:
            raise FeeInputError(
                "pai", Message("pai_unavailable"),
                "pai_unavailable",
            )
        rules.append(Message("rule_pai"))

    if mode is NonResidentMode.SURCHARGE_AMOUNT:
        assert rule.amount is not None
        price += rule.amount
    elif mode is NonResidentMode.SURCHARGE_PERCENT:
        assert rule.amount is not None
        price += price * rule.amount / HUNDRED

    if sibling is not None and sibling.percent_off is not None:
        price -= price * sibling.percent_off / HUNDRED
        rules.append(Message("rule_sibling_percent",
                          percent=sibling.percent_off, rank=sibling.from_rank))

    bracket = None
    if index is not None:
        assert isinstance(pricing, BracketGrid)
        bracket = pricing.brackets[index]
    return Quote(
        unit_price=round_money(price),
        bracket=bracket,
        bracket_number=None if index is None else index + 1,
        applied_rules=tuple(rules),
    )


# What the checks of a family's figures say, made once (a quote checks them on every call).
ZERO = Decimal(0)
ONE = Decimal(1)
_THE_UNIT_PRICE = Message("the_unit_price")
_UNITS_OUT_OF_RANGE = Message("units_out_of_range", maximum=MAX_UNITS_PER_WEEK)
_WEEKS_OUT_OF_RANGE = Message("weeks_out_of_range", maximum=MAX_WEEKS_PER_YEAR)
_MONTHS_OUT_OF_RANGE = Message("months_out_of_range", maximum=MAX_MONTHS)


# What one child can use of each unit in a week: at most ``maximum``, in steps of ``step`` (whole meals,
# days and sessions; hours by the half-hour). A week has 7 days, lunch is one meal a day, a day's opening is
# at most 14 hours, a day has two sessions (morning, afternoon); a monthly service is one subscription.
HOURS_PER_DAY = 14
USAGE_LIMITS: dict[Unit, tuple[Decimal, Decimal]] = {
    Unit.REPAS: (Decimal(7), ONE),
    Unit.JOURNEE: (Decimal(7), ONE),
    Unit.DEMI_JOURNEE: (Decimal(14), ONE),
    Unit.SEANCE: (Decimal(14), ONE),
    Unit.HEURE: (Decimal(7 * HOURS_PER_DAY), Decimal("0.5")),
    Unit.DEMI_HEURE: (Decimal(7 * HOURS_PER_DAY * 2), ONE),
    Unit.MOIS: (ONE, ONE),
}


def check_usage(unit: str, units_per_week: Amount, field_name: str = "units_per_week") -> Decimal:
    """The units a child uses in a week, checked against what the unit allows (:data:`USAGE_LIMITS`):
    raises :class:`FeeInputError` ``out_of_range`` (more than a week holds, or negative) or ``not_whole``
    (4.5 meals, or hours not by the half-hour)."""
    maximum, step = USAGE_LIMITS.get(unit, (MAX_UNITS_PER_WEEK, CENT))
    units = _input_number(units_per_week, field_name, ZERO, maximum,
                          Message("usage_out_of_range", maximum=maximum, units=Message(f"units_{unit}")))
    if units % step:
        key = "usage_by_half_hour" if step == Decimal("0.5") else "usage_not_whole"
        raise FeeInputError(field_name, Message(key, units=Message(f"units_{unit}")), "not_whole")
    return units


def monthly_estimate(
    unit_price: Amount,
    units_per_week: Amount,
    weeks_per_year: Amount = Decimal("36"),
    months: Amount = Decimal("10"),
) -> Decimal:
    """Average monthly bill: unit price x units per week x weeks per year / months billed.

    The defaults follow the usual school-year convention: 36 weeks of school billed over the
    10 months from September to June (4 lunches a week at 3.05 € -> 3.05 x 4 x 36 / 10 = 43.92 €).
    Communes that bill holidays or 11 months pass their own figures.  Rounded half-up to the cent,
    once, at the end.
    """
    price = _input_amount(unit_price, "unit_price", _THE_UNIT_PRICE, MAX_PRICE)
    units = _input_number(units_per_week, "units_per_week", ZERO, MAX_UNITS_PER_WEEK, _UNITS_OUT_OF_RANGE)
    weeks = _input_number(weeks_per_year, "weeks_per_year", ONE, MAX_WEEKS_PER_YEAR, _WEEKS_OUT_OF_RANGE)
    month_count = _input_number(months, "months", ONE, MAX_MONTHS, _MONTHS_OUT_OF_RANGE)
    return round_money(price * units * weeks / month_count)
