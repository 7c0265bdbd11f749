"""Fee grids in and out as CSV, one row per bracket (the format is documented in docs/fees.md).

``import_fees`` checks the whole file before writing anything: every problem is reported with its line
number (bad numbers, unknown unit or commune, a gap between two brackets naming both lines...) and then
nothing changes. A grid already in the database (same commune, school year and service) is replaced as
a whole, through a new revision: published at once, scheduled (``go_live_at``), or kept as a draft to
review. ``export_fees`` writes the same format, so a commune can edit last year's grid in a spreadsheet
and import it as next year's.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mon_enfant.csvfiles import (
    CommuneCounts,
    ImportFileError,
    LineError,
    bounded_integer,
    read_csv,
    require_columns,
    write_csv,
)
from mon_enfant.echo import echo
from mon_enfant.models import Commune
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_error
from mon_enfant.validators import ascii_decimal, is_valid_insee

from . import logic, wording
from .models import (
    FeeBracket,
    FeeGrid,
    NonResidentBracket,
    NonResidentMode,
    PricingKind,
    Service,
    SiblingKind,
    SiblingRule,
    Unit,
)

REQUIRED_COLUMNS = ["code_insee", "annee_scolaire", "prestation", "unite", "public", "qf_min", "qf_max", "prix"]
OPTIONAL_COLUMNS = ["methode", "prix_pai", "taux", "plancher", "plafond", "sans_qf", "fratrie"]
COLUMNS = REQUIRED_COLUMNS[:5] + ["methode"] + REQUIRED_COLUMNS[5:] + ["prix_pai", "taux", "plancher", "plafond",
                                                                        "sans_qf", "fratrie"]
# The columns export_fees writes from numbers (the others are text).
NUMBER_COLUMNS = ["qf_min", "qf_max", "prix", "prix_pai", "taux", "plancher", "plafond", "sans_qf"]
FORMAT_NAME = "tarifs"

RESIDENT, NON_RESIDENT = "resident", "non_resident"
BRACKETS, RATE, FLAT = "tranches", "taux", "forfait"
SURCHARGE_EUROS, SURCHARGE_PERCENT, CEILING = "majoration_euros", "majoration_pourcent", "plafond"
RESIDENT_METHODS = {BRACKETS: PricingKind.BRACKETS, RATE: PricingKind.EFFORT_RATE, FLAT: PricingKind.FLAT}
NON_RESIDENT_METHODS = {
    BRACKETS: NonResidentMode.BRACKETS,
    FLAT: NonResidentMode.FLAT,
    SURCHARGE_EUROS: NonResidentMode.SURCHARGE_AMOUNT,
    SURCHARGE_PERCENT: NonResidentMode.SURCHARGE_PERCENT,
    CEILING: NonResidentMode.CEILING,
}
NEXT_LOWER_WORDS = {"tranche", "tranche_inferieure", "tranche-inferieure", "tranche inferieure"}


def _plain(text):
    """Lower case without accents, so "Journée", "journee" and "JOURNÉE" read the same."""
    text = unicodedata.normalize("NFKD", (text or "").strip().lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


UNIT_WORDS = {}
for _unit in Unit:
    UNIT_WORDS[_unit.value] = _unit.value
    UNIT_WORDS[_unit.value.replace("-", " ")] = _unit.value
    UNIT_WORDS[_unit.value.replace("-", "_")] = _unit.value
PUBLIC_WORDS = {
    "resident": RESIDENT, "residents": RESIDENT,
    "non_resident": NON_RESIDENT, "non-resident": NON_RESIDENT, "non resident": NON_RESIDENT,
    "non_residents": NON_RESIDENT, "non-residents": NON_RESIDENT, "exterieur": NON_RESIDENT,
}


class RowError(ValueError):
    """A problem with one cell; the message is complete and French."""


def parse_decimal(text, column, *, percent=False):
    """A number of the file: "3,05", "3.05", "1 371", "0,36 %" or "4 €", in ASCII digits. None when the cell
    is empty."""
    cleaned = (text or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    cleaned = cleaned.removesuffix("%" if percent else "€").removesuffix("€").strip()
    if not cleaned:
        return None
    quoted = {"column": column, "value": echo(text)}
    value = ascii_decimal(cleaned.replace(",", "."))
    if value is None:
        raise RowError(_("%(column)s « %(value)s » n'est pas un nombre.") % quoted)
    if value < 0:
        raise RowError(_("%(column)s « %(value)s » ne peut pas être négatif.") % quoted)
    if value >= Decimal("1000000"):
        raise RowError(_("%(column)s « %(value)s » est trop grand.") % quoted)
    if value.as_tuple().exponent < -4:
        raise RowError(_("%(column)s « %(value)s » a trop de décimales.") % quoted)
    return value


# A rank has a digit or two; four leave the "too many children" message to the grid's validation.
_RANK_DIGITS = 4


def parse_siblings(text):
    """ "2:10%|3:tranche" -> [(2, "percent", 10), (3, "next_lower_bracket", None)]."""
    rules = []
    for item in (text or "").split("|"):
        item = item.strip()
        if not item:
            continue
        rank_text, _sep, value = item.partition(":")
        rank = bounded_integer(rank_text, _RANK_DIGITS)
        if rank is None:
            raise RowError(
                _("fratrie « %(value)s » : écrivez le rang puis la réduction, ex. « 2:10%% » ou « 3:tranche ».")
                % {"value": echo(item)}
            )
        if _plain(value) in NEXT_LOWER_WORDS:
            rules.append((rank, SiblingKind.NEXT_LOWER_BRACKET, None))
        else:
            percent = parse_decimal(value, _("fratrie"), percent=True)
            if percent is None:
                raise RowError(_("fratrie « %(value)s » : réduction manquante.") % {"value": echo(item)})
            rules.append((rank, SiblingKind.PERCENT, percent))
    return rules


@dataclass
class Row:
    line: int
    method: str
    qf_min: Decimal | None
    qf_max: Decimal | None
    price: Decimal | None
    pai_price: Decimal | None
    rate: Decimal | None
    floor: Decimal | None
    ceiling: Decimal | None
    no_qf_price: Decimal | None
    siblings: list | None
    siblings_text: str = ""


@dataclass
class GridPlan:
    """The rows of one grid (commune, school year, service) as read from the file."""

    code_insee: str
    school_year: str
    name: str
    slug: str
    unit: str
    first_line: int
    resident: list = field(default_factory=list)
    non_resident: list = field(default_factory=list)
    grid: FeeGrid | None = None
    service: Service | None = None

    @property
    def label(self):
        return f"{self.name} {self.school_year} ({self.code_insee})"


@dataclass
class FeeImportReport(CommuneCounts):
    dry_run: bool = False
    publish: bool = True
    go_live_at: object = None
    rows_read: int = 0
    created: list = field(default_factory=list)
    replaced: list = field(default_factory=list)
    services_created: list = field(default_factory=list)

    def summary_lines(self):
        lines = [
            _("%(count)s lignes lues.") % {"count": self.rows_read},
            _("%(created)s grilles créées, %(replaced)s remplacées.")
            % {"created": len(self.created), "replaced": len(self.replaced)},
        ]
        if self.services_created:
            lines.append(_("Prestations créées : %(list)s.") % {"list": ", ".join(self.services_created)})
        grids = ", ".join(self.created + self.replaced)
        if grids:
            if not self.publish:
                lines.append(_("Enregistrées comme brouillons, à publier depuis l'administration : %(list)s.")
                             % {"list": grids})
            elif self.go_live_at:
                lines.append(_("Publication programmée le %(date)s : %(list)s.")
                             % {"date": timezone.localtime(self.go_live_at).strftime("%d/%m/%Y %H:%M"),
                                "list": grids})
            else:
                lines.append(_("Publiées : %(list)s.") % {"list": grids})
        lines.extend(self.commune_lines())
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


# --- Reading ------------------------------------------------------------------------------------


def _read_row(csv_row, errors):
    values = csv_row.values
    problems = []

    def cell(name):
        return (values.get(name) or "").strip()

    def number(name, label, **kwargs):
        try:
            return parse_decimal(cell(name), label, **kwargs)
        except RowError as exc:
            problems.append(str(exc))
            return None

    code = cell("code_insee").upper()
    if not is_valid_insee(code):
        problems.append(_("code INSEE « %(code)s » invalide (5 caractères, ex. 35288).")
                        % {"code": echo(cell("code_insee"))})
    try:
        year = str(SchoolYear.parse(cell("annee_scolaire")))
    except SchoolYearError as exc:
        problems.append(school_year_error(exc))
        year = None
    name = cell("prestation")
    if not name or not slugify(name):
        problems.append(_("nom de la prestation manquant."))
    elif len(name) > 120:
        problems.append(_("nom de la prestation trop long (120 caractères au plus)."))
    unit = UNIT_WORDS.get(_plain(cell("unite")))
    if unit is None:
        problems.append(
            _("unité « %(value)s » inconnue (%(choices)s).")
            % {"value": echo(cell("unite")), "choices": ", ".join(choice.value for choice in Unit)}
        )
    public = PUBLIC_WORDS.get(_plain(cell("public")))
    if public is None:
        problems.append(_("public « %(value)s » inconnu (resident ou non_resident).") % {"value": echo(cell("public"))})
    row = Row(
        line=csv_row.line,
        method=_plain(cell("methode")).replace(" ", "_").replace("-", "_"),
        qf_min=number("qf_min", "qf_min"),
        qf_max=number("qf_max", "qf_max"),
        price=number("prix", "prix"),
        pai_price=number("prix_pai", "prix_pai"),
        rate=number("taux", "taux", percent=True),
        floor=number("plancher", "plancher"),
        ceiling=number("plafond", "plafond"),
        no_qf_price=number("sans_qf", "sans_qf"),
        siblings=None,
        siblings_text=cell("fratrie"),
    )
    if row.siblings_text:
        try:
            row.siblings = parse_siblings(row.siblings_text)
        except RowError as exc:
            problems.append(str(exc))
    errors.extend(LineError(csv_row.line, problem) for problem in problems)
    if problems:
        return None
    return code, year, name, unit, public, row


def _raw_key(csv_row):
    """The grid a row belongs to, read as leniently as possible (for a row with errors)."""
    values = csv_row.values
    year = (values.get("annee_scolaire") or "").strip()
    try:
        year = str(SchoolYear.parse(year))
    except ValueError:
        pass
    return ((values.get("code_insee") or "").strip().upper(), year, slugify(values.get("prestation") or "")[:120])


def _resident_method(row):
    if row.method:
        return row.method
    if row.rate is not None:
        return RATE
    if row.qf_min is not None or row.qf_max is not None:
        return BRACKETS
    return FLAT


def _non_resident_method(row):
    if row.method:
        return row.method
    if row.qf_min is not None or row.qf_max is not None:
        return BRACKETS
    return FLAT


def _check_rows(plan, errors):
    """Check the shape of a grid's rows (one method, the cells each method needs); False on error."""
    ok = True

    def error(line, message):
        nonlocal ok
        ok = False
        errors.append(LineError(line, message))

    if not plan.resident:
        error(plan.first_line, _("la prestation « %(name)s » %(year)s n'a aucune ligne « resident ».")
              % {"name": echo(plan.name), "year": plan.school_year})
        return False
    methods = set()
    for row in plan.resident:
        row.method = _resident_method(row)
        if row.method not in RESIDENT_METHODS:
            error(row.line, _("méthode « %(value)s » inconnue pour les résidents (tranches, taux ou forfait).")
                  % {"value": echo(row.method)})
            continue
        methods.add(row.method)
    for row in plan.non_resident:
        row.method = _non_resident_method(row)
        if row.method not in NON_RESIDENT_METHODS:
            error(row.line, _("méthode « %(value)s » inconnue pour les non-résidents (%(choices)s).")
                  % {"value": echo(row.method), "choices": ", ".join(NON_RESIDENT_METHODS)})
        if row.no_qf_price is not None or row.siblings_text:
            error(row.line, _("sans_qf et fratrie se renseignent sur les lignes « resident »."))
    if not ok:
        return False
    if len(methods) > 1:
        error(plan.resident[0].line, _("les lignes « resident » de « %(name)s » %(year)s mélangent plusieurs "
                                       "méthodes (%(methods)s).")
              % {"name": echo(plan.name), "year": plan.school_year, "methods": ", ".join(sorted(methods))})
        return False
    non_resident_methods = {row.method for row in plan.non_resident}
    if len(non_resident_methods) > 1:
        error(plan.non_resident[0].line, _("les lignes « non_resident » mélangent plusieurs méthodes."))
        return False
    for rows, single_methods in ((plan.resident, {RATE, FLAT}),
                                 (plan.non_resident, {FLAT, SURCHARGE_EUROS, SURCHARGE_PERCENT, CEILING})):
        if rows and rows[0].method in single_methods and len(rows) > 1:
            error(rows[1].line,
                  _("la méthode « %(method)s » s'écrit sur une seule ligne.") % {"method": rows[0].method})
    for row in plan.resident + plan.non_resident:
        if row.method == BRACKETS:
            if row.qf_min is None:
                error(row.line, _("qf_min manquant (0 pour la première tranche)."))
            if row.price is None:
                error(row.line, _("prix manquant."))
            if any(value is not None for value in (row.rate, row.floor, row.ceiling)):
                error(row.line, _("taux, plancher et plafond ne s'utilisent qu'avec la méthode « taux »."))
        elif row.method == RATE:
            for value, column in ((row.rate, "taux"), (row.floor, "plancher"), (row.ceiling, "plafond")):
                if value is None:
                    error(row.line, _("%(column)s manquant pour la méthode « taux ».") % {"column": column})
            if any(value is not None for value in (row.qf_min, row.qf_max, row.price)):
                error(row.line, _("la méthode « taux » n'a ni qf_min, ni qf_max, ni prix."))
        else:
            if row.method in (FLAT, SURCHARGE_EUROS, SURCHARGE_PERCENT) and row.price is None:
                error(row.line, _("prix manquant pour la méthode « %(method)s ».") % {"method": row.method})
            if row.method == CEILING and row.price is not None:
                error(row.line, _("la méthode « plafond » n'a pas de prix."))
            if any(value is not None for value in (row.qf_min, row.qf_max, row.rate, row.floor, row.ceiling)):
                error(row.line, _("la méthode « %(method)s » n'a ni qf_min, ni qf_max, ni taux, ni plancher, "
                                  "ni plafond.") % {"method": row.method})
            if row.pai_price is not None and row.method not in (FLAT,):
                error(row.line, _("prix_pai ne s'utilise pas avec la méthode « %(method)s ».") % {"method": row.method})
    for attribute, column in (("no_qf_price", "sans_qf"), ("siblings_text", "fratrie")):
        given = [(row.line, getattr(row, attribute)) for row in plan.resident if getattr(row, attribute)]
        if len({value for _line, value in given}) > 1:
            error(given[1][0], _("%(column)s diffère de celui de la ligne %(line)s pour la même grille.")
                  % {"column": column, "line": given[0][0]})
    return ok


def _grid_level(plan, attribute):
    return next((getattr(row, attribute) for row in plan.resident if getattr(row, attribute)), None)


def _fill_grid(plan, grid):
    """Put the file's content on a grid in memory (children included): nothing is written here."""
    first = plan.resident[0]
    grid.pricing = RESIDENT_METHODS[first.method]
    grid.rate_percent = first.rate if first.method == RATE else None
    grid.floor_price = first.floor if first.method == RATE else None
    grid.ceiling_price = first.ceiling if first.method == RATE else None
    grid.flat_price = first.price if first.method == FLAT else None
    grid.no_qf_price = _grid_level(plan, "no_qf_price")
    grid.pai_price = first.pai_price if first.method in (RATE, FLAT) else None
    grid.brackets = [
        FeeBracket(qf_min=row.qf_min, qf_max=row.qf_max, price=row.price, pai_price=row.pai_price, sort_order=index)
        for index, row in enumerate(plan.resident) if first.method == BRACKETS
    ]
    if plan.non_resident:
        rows = plan.non_resident
        grid.non_resident_mode = NON_RESIDENT_METHODS[rows[0].method]
        grid.non_resident_amount = rows[0].price if rows[0].method != BRACKETS else None
        grid.non_resident_pai_price = rows[0].pai_price if rows[0].method == FLAT else None
        grid.non_resident_brackets = [
            NonResidentBracket(qf_min=row.qf_min, qf_max=row.qf_max, price=row.price, pai_price=row.pai_price,
                               sort_order=index)
            for index, row in enumerate(rows) if rows[0].method == BRACKETS
        ]
    else:
        grid.non_resident_mode = NonResidentMode.SAME
        grid.non_resident_amount = None
        grid.non_resident_pai_price = None
        grid.non_resident_brackets = []
    siblings = _grid_level(plan, "siblings") or []
    grid.sibling_rules = [
        SiblingRule(from_rank=rank, kind=kind, percent_off=percent, sort_order=index)
        for index, (rank, kind, percent) in enumerate(siblings)
    ]


def _validate_grid(plan, grid, errors):
    """Validate the grid as the admin would, reporting problems on the lines they come from."""
    try:
        grid.to_logic()
    except logic.GridError as exc:
        relation = getattr(exc, "relation", None)
        rows = {"brackets": plan.resident, "non_resident_brackets": plan.non_resident}.get(relation)
        line = plan.first_line
        message = wording.grid_error(exc, relation)
        if relation == "sibling_rules":
            line = next((row.line for row in plan.resident if row.siblings_text), line)
        elif rows and exc.bracket and exc.bracket <= len(rows):
            line = rows[exc.bracket - 1].line
            if exc.code in ("gap", "overlap", "unordered") and exc.bracket > 1:
                message = _("%(message)s (tranche précédente : ligne %(line)s)") % {
                    "message": message, "line": rows[exc.bracket - 2].line}
        elif exc.code.startswith("non_resident") and plan.non_resident:
            line = plan.non_resident[0].line
        errors.append(LineError(line, message))
        return
    except (TypeError, ValueError) as exc:
        errors.append(LineError(plan.first_line, str(exc)))
        return
    try:
        grid.full_clean(exclude=["service", "school_year"], validate_unique=False)
        for relation in ("brackets", "non_resident_brackets", "sibling_rules"):
            for child in getattr(grid, relation).all():
                child.clean_fields(exclude=["grid"])
    except ValidationError as exc:
        for message in exc.messages:
            errors.append(LineError(plan.first_line, message))


def _plans(table, errors, keep, report):
    """The file's grids; those with a faulty row are left out (their other rows would only add errors
    caused by the first one, such as a gap where the faulty bracket was)."""
    plans = {}
    faulty = set()
    for csv_row in table.rows:
        parsed = _read_row(csv_row, errors)
        if parsed is None:
            faulty.add(_raw_key(csv_row))
            continue
        code, year, name, unit, public, row = parsed
        if keep is not None and code not in keep:
            report.skipped_filtered += 1
            continue
        key = (code, year, slugify(name)[:120])
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = GridPlan(code, year, name, key[2], unit, csv_row.line)
        elif plan.unit != unit:
            errors.append(LineError(csv_row.line, _("unité « %(unit)s » différente de celle de la ligne %(line)s "
                                                    "pour la même prestation.")
                                    % {"unit": unit, "line": plan.first_line}))
            faulty.add(key)
            continue
        (plan.resident if public == RESIDENT else plan.non_resident).append(row)
    return [plan for key, plan in plans.items() if key not in faulty]


def import_fees(data: bytes, *, communes=None, allowed_communes=None, publish=True, go_live_at=None,
                dry_run=False, user=None) -> FeeImportReport:
    """Import fee grids from a CSV file's bytes (see docs/fees.md).

    ``communes``: INSEE codes to keep (rows of others are skipped). ``allowed_communes``: when given (an
    editor's upload), a row of any other commune refuses the file. ``publish`` False keeps what is
    imported as drafts; ``go_live_at`` schedules the publication. Raises :class:`ImportFileError` listing
    every problem; then nothing has changed.
    """
    table = read_csv(data)
    require_columns(table, REQUIRED_COLUMNS, format_name=FORMAT_NAME)
    unknown = [column for column in table.columns if column and column not in COLUMNS]
    if unknown:
        raise ImportFileError([LineError(1, _("colonnes inconnues : %(columns)s (colonnes possibles : %(all)s).")
                                         % {"columns": ", ".join(unknown), "all": ";".join(COLUMNS)})])
    report = FeeImportReport(dry_run=dry_run, publish=publish, go_live_at=go_live_at, rows_read=len(table.rows))
    keep = {code.upper() for code in communes} if communes else None
    errors = []
    plans = _plans(table, errors, keep, report)

    known = {commune.code_insee: commune for commune in Commune.objects.filter(
        code_insee__in={plan.code_insee for plan in plans})}
    allowed = None if allowed_communes is None else {commune.code_insee for commune in allowed_communes}
    services = {(service.commune.code_insee, service.slug): service for service in Service.objects.filter(
        commune__in=known.values()).select_related("commune")}
    grids = {(grid.service_id, grid.school_year): grid for grid in FeeGrid.objects.filter(
        service__in=services.values())}
    for plan in plans:
        if plan.code_insee not in known:
            errors.append(LineError(plan.first_line, _("commune %(code)s inconnue : créez-la d'abord.")
                                    % {"code": plan.code_insee}))
            continue
        if allowed is not None and plan.code_insee not in allowed:
            errors.append(LineError(plan.first_line, _("la commune %(code)s ne fait pas partie de vos communes.")
                                    % {"code": plan.code_insee}))
            continue
        if not _check_rows(plan, errors):
            continue
        plan.service = services.get((plan.code_insee, plan.slug))
        if plan.service is not None and plan.service.unit != plan.unit:
            errors.append(LineError(plan.first_line, _("la prestation « %(name)s » existe déjà avec l'unité "
                                                       "« %(unit)s » : corrigez l'unité ou renommez la prestation.")
                                    % {"name": plan.service.name, "unit": plan.service.unit}))
            continue
        existing = grids.get((plan.service.pk, plan.school_year)) if plan.service else None
        if existing is not None and existing.locked:
            errors.append(LineError(plan.first_line, _("la grille « %(grid)s » est verrouillée dans "
                                                       "l'administration : déverrouillez-la d'abord.")
                                    % {"grid": plan.label}))
            continue
        plan.grid = existing or FeeGrid(school_year=plan.school_year)
        _fill_grid(plan, plan.grid)
        _validate_grid(plan, plan.grid, errors)
    if errors:
        raise ImportFileError(sorted(errors, key=lambda error: error.line or 0))

    with transaction.atomic():
        _write(plans, known, report, publish=publish, go_live_at=go_live_at, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(plans, communes, report, *, publish, go_live_at, user):
    next_order = defaultdict(int)
    for plan in plans:
        commune = communes[plan.code_insee]
        if plan.service is None:
            if commune.pk not in next_order:
                last = Service.objects.filter(commune=commune).order_by("-order").values_list("order", flat=True)
                next_order[commune.pk] = (last.first() or 0) + 10
            plan.service = Service.objects.create(
                commune=commune, name=plan.name, slug=plan.slug, unit=plan.unit, order=next_order[commune.pk]
            )
            next_order[commune.pk] += 10
            report.services_created.append(f"{plan.name} ({plan.code_insee})")
        elif plan.service.name != plan.name:
            plan.service.name = plan.name
            plan.service.save(update_fields=["name"])
        grid = plan.grid
        grid.service = plan.service
        if publish:
            grid.go_live_at = go_live_at  # None publishes now, even a grid once scheduled for later
        if grid.pk is None:
            grid.live = False
            grid.has_unpublished_changes = True
            grid.save()
            report.created.append(plan.label)
        else:
            report.replaced.append(plan.label)
        revision = grid.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)


# --- Export -------------------------------------------------------------------------------------


def _money(value):
    return "" if value is None else format(value.quantize(Decimal("0.01")), "f")


def _number(value):
    """QF bounds and rates without useless zeros: "235", "384.5", "0.36"."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _bracket_rows(brackets, pai_price=None):
    for bracket in sorted(brackets, key=lambda b: b.sort_order or 0):
        yield {"methode": BRACKETS, "qf_min": _number(bracket.qf_min), "qf_max": _number(bracket.qf_max),
               "prix": _money(bracket.price), "prix_pai": _money(bracket.pai_price if pai_price is None else pai_price)}


def grid_rows(grid):
    """The CSV rows of a grid, without the columns naming it (code_insee...)."""
    rows = []
    if grid.pricing == PricingKind.BRACKETS:
        resident = list(_bracket_rows(grid.brackets.all(), grid.pai_price))
    elif grid.pricing == PricingKind.EFFORT_RATE:
        resident = [{"methode": RATE, "taux": _number(grid.rate_percent), "plancher": _money(grid.floor_price),
                     "plafond": _money(grid.ceiling_price), "prix_pai": _money(grid.pai_price)}]
    else:
        resident = [{"methode": FLAT, "prix": _money(grid.flat_price), "prix_pai": _money(grid.pai_price)}]
    resident[0]["sans_qf"] = _money(grid.no_qf_price)
    resident[0]["fratrie"] = "|".join(
        f"{rule.from_rank}:tranche" if rule.kind == SiblingKind.NEXT_LOWER_BRACKET
        else f"{rule.from_rank}:{_number(rule.percent_off)}%"
        for rule in sorted(grid.sibling_rules.all(), key=lambda r: r.sort_order or 0)
    )
    rows += [{"public": RESIDENT, **row} for row in resident]
    mode = grid.non_resident_mode
    if mode == NonResidentMode.BRACKETS:
        rows += [{"public": NON_RESIDENT, **row} for row in _bracket_rows(grid.non_resident_brackets.all())]
    elif mode != NonResidentMode.SAME:
        method = {value: key for key, value in NON_RESIDENT_METHODS.items()}[mode]
        amount = grid.non_resident_amount
        rows.append({"public": NON_RESIDENT, "methode": method,
                     "prix": _number(amount) if mode == NonResidentMode.SURCHARGE_PERCENT else _money(amount),
                     "prix_pai": _money(grid.non_resident_pai_price)})
    return rows


def export_fees(*, communes=None, school_years=None, drafts=False) -> str:
    """The grids in the import format. Published grids only, unless ``drafts`` (then the latest version
    of every grid, published or not: what an import of the file would publish)."""
    grids = FeeGrid.objects.select_related("service__commune").prefetch_related(
        "brackets", "non_resident_brackets", "sibling_rules"
    ).order_by("service__commune__code_insee", "school_year", "service__order", "service__name")
    if not drafts:
        grids = grids.filter(live=True)
    if communes:
        grids = grids.filter(service__commune__code_insee__in=[code.upper() for code in communes])
    if school_years:
        grids = grids.filter(school_year__in=school_years)

    def rows():
        for grid in grids:
            content = grid.get_latest_revision_as_object() if drafts else grid
            service = grid.service
            for row in grid_rows(content):
                yield {
                    "code_insee": service.commune.code_insee, "annee_scolaire": grid.school_year,
                    "prestation": service.name, "unite": service.unit, **row,
                }

    # Names and units are typed by editors: a "=HYPERLINK(...)" must not run in the spreadsheet that opens
    # the export. Amounts, QF bounds and rates are written by _money/_number and stay numbers.
    return write_csv(COLUMNS, rows(), number_columns=NUMBER_COLUMNS)
