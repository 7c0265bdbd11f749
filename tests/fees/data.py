"""Builders of services and grids for tests (this project's and a host project's), going through the same
validation and publication path as the admin and the import."""

from decimal import Decimal

from mon_enfant.fees.models import FeeBracket, FeeGrid, NonResidentBracket, Service, SiblingRule

# Paris 2020, restauration scolaire: the published integer ranges "de 235 € à 384 €" entered as [235, 385).
PARIS_2020 = [
    (0, 235, "0.13"),
    (235, 385, "0.85"),
    (385, 549, "1.62"),
    (549, 960, "2.28"),
    (960, 1371, "3.62"),
    (1371, 1901, "4.61"),
]


def make_service(commune, name="Restauration scolaire", unit="repas", **fields):
    service = Service(commune=commune, name=name, unit=unit, **fields)
    service.full_clean()
    service.save()
    return service


def _brackets(model, rows):
    return [
        model(qf_min=Decimal(str(row[0])), qf_max=None if row[1] is None else Decimal(str(row[1])),
              price=Decimal(str(row[2])), pai_price=Decimal(str(row[3])) if len(row) > 3 else None, sort_order=index)
        for index, row in enumerate(rows)
    ]


def make_grid(service, school_year="2026-2027", *, brackets=(), non_resident_brackets=(), siblings=(),
              publish=True, go_live_at=None, **fields):
    """A grid saved with a revision, published (now, or at ``go_live_at``) unless ``publish`` is False.

    ``brackets`` rows are ``(qf_min, qf_max, price[, pai_price])``; ``siblings`` are
    ``(from_rank, kind, percent_off)``.
    """
    grid = FeeGrid(service=service, school_year=school_year, go_live_at=go_live_at, **fields)
    grid.brackets = _brackets(FeeBracket, brackets)
    grid.non_resident_brackets = _brackets(NonResidentBracket, non_resident_brackets)
    grid.sibling_rules = [
        SiblingRule(from_rank=rank, kind=kind, percent_off=None if percent is None else Decimal(str(percent)),
                    sort_order=index)
        for index, (rank, kind, percent) in enumerate(siblings)
    ]
    grid.full_clean()
    grid.live = False
    grid.has_unpublished_changes = True
    grid.save()
    revision = grid.save_revision()
    if publish:
        revision.publish()
        grid.refresh_from_db()
    return grid
