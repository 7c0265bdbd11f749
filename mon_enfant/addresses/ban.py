"""Load a Base Adresse Nationale file (``adresses-XXXXX.csv``) into the local address index.

The index (:class:`~mon_enfant.addresses.models.Street`, :class:`~mon_enfant.addresses.models.Address`)
is the embedded geocoder: street autocomplete, "did you mean" suggestions, and coordinates for zones and
maps, with no network. BAN files are published per commune and per département by the IGN / Etalab
(Licence Ouverte); two layouts are met: the 22-column one and the current one, which adds
``cad_parcelles`` (23 columns). Only named columns are read, so both work.

One :class:`Street` per commune, street key (:func:`~mon_enfant.addresses.parsing.street_key` of
``nom_voie``) and commune déléguée (``nom_ancienne_commune``): the same street name may exist in two
communes déléguées of a commune nouvelle. Its label is ``nom_voie`` as written by the commune
("Allée des Terrasses"), its position the mean of its addresses. BAN rows numbered ``99999`` are
toponyms (a lieu-dit without numbers): they make a street, and give it a position, but no address.

Re-importing replaces all the streets and addresses of the communes found in the file, in one
transaction that bumps the carte scolaire version stamp once (autocomplete reads the streets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mon_enfant.csvfiles import CommuneCounts, ImportFileError, LineError, bounded_integer, read_csv, require_columns
from mon_enfant.echo import echo
from mon_enfant.validators import ascii_decimal, is_valid_insee, is_valid_postcode

from .models import Address, Street
from .parsing import normalize_repetition, street_key

BAN_COLUMNS = [
    "id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
    "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat", "type_position", "alias",
    "nom_ld", "libelle_acheminement", "nom_afnor", "source_position", "source_nom_voie", "certification_commune",
]
BAN_CURRENT_EXTRA = ["cad_parcelles"]
BAN_REQUIRED = ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat"]

# The BAN numbers toponyms (lieux-dits without house numbers) 99999.
TOPONYM_NUMBER = 99999
_NUMBER_DIGITS = len(str(TOPONYM_NUMBER))
_BATCH_SIZE = 2000
_SIX_PLACES = Decimal("0.000001")
_LABEL_MAX = Street._meta.get_field("label").max_length
_LIEU_DIT_MAX = Street._meta.get_field("lieu_dit").max_length


@dataclass
class AddressImportReport(CommuneCounts):
    dry_run: bool = False
    rows_read: int = 0
    streets_created: int = 0
    addresses_created: int = 0
    toponyms: int = 0
    streets_replaced: int = 0
    addresses_replaced: int = 0
    communes: list = field(default_factory=list)
    duplicates: int = 0

    def summary_lines(self):
        lines = [
            _("%(count)s lignes lues.") % {"count": self.rows_read},
            _("%(streets)s voies et %(addresses)s adresses créées (remplacent %(old_streets)s voies et "
              "%(old_addresses)s adresses).")
            % {"streets": self.streets_created, "addresses": self.addresses_created,
               "old_streets": self.streets_replaced, "old_addresses": self.addresses_replaced},
        ]
        if self.communes:
            lines.append(_("Communes : %(list)s.") % {"list": ", ".join(self.communes)})
        lines.extend(self.commune_lines())
        if self.toponyms:
            lines.append(_("%(count)s lieux-dits sans numéro (voie sans adresse).") % {"count": self.toponyms})
        if self.duplicates:
            lines.append(_("%(count)s adresses en double ignorées.") % {"count": self.duplicates})
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


@dataclass
class _StreetDraft:
    commune: str
    label: str
    key: str
    lieu_dit: str
    ban_id: str
    postcode: str
    latitude_sum: Decimal = Decimal(0)
    longitude_sum: Decimal = Decimal(0)
    points: int = 0
    addresses: list = field(default_factory=list)

    def centroid(self):
        if not self.points:
            return None, None
        return (
            (self.latitude_sum / self.points).quantize(_SIX_PLACES),
            (self.longitude_sum / self.points).quantize(_SIX_PLACES),
        )


def _coordinate(text, low, high):
    value = ascii_decimal((text or "").replace(",", "."))
    if value is None or not low <= value <= high:
        return None
    return value.quantize(_SIX_PLACES)


def _street_ban_id(row_id, fantoir):
    """The street's FANTOIR id, or else the voie part of the address id ("38002_wg4wtw_00010" ->
    "38002_wg4wtw"), transitory but stable between two downloads of the same file."""
    if fantoir:
        return fantoir[:40]
    return row_id.rsplit("_", 1)[0][:40] if row_id.count("_") >= 2 else ""


def read_ban_file(data: bytes, *, accept_commune):
    """Check and group a BAN file's rows by street; ``accept_commune(code, name)`` says whether a commune's
    rows are kept. Returns ``(rows_read, {(commune, key, lieu_dit): _StreetDraft}, duplicates)``; raises
    :class:`ImportFileError` with every bad line."""
    table = read_csv(data)
    require_columns(table, BAN_REQUIRED, format_name=_("Base Adresse Nationale (adresses-XXXXX.csv)"))
    errors, streets, seen, duplicates = [], {}, set(), 0
    keys = {}  # street_key is the slow step: a file repeats each label once per address
    for row in table.rows:
        values = row.values
        code = values["code_insee"].upper()
        if not is_valid_insee(code):
            errors.append(LineError(row.line, _("code INSEE « %(code)s » invalide.")
                                    % {"code": echo(values["code_insee"])}))
            continue
        if not accept_commune(code, values["nom_commune"]):
            continue
        problems = []
        number_text = values["numero"]
        number = bounded_integer(number_text, _NUMBER_DIGITS)
        if number is None and len(number_text) > _NUMBER_DIGITS and number_text.isascii() and number_text.isdigit():
            problems.append(_("numéro de %(count)s caractères : %(max)s chiffres au plus.")
                            % {"count": len(number_text), "max": _NUMBER_DIGITS})
        elif number is None:
            problems.append(_("numéro « %(value)s » invalide.") % {"value": echo(number_text)})
        try:
            repetition = normalize_repetition(values["rep"])
        except ValueError:
            repetition = None
            problems.append(_("indice de répétition « %(value)s » inconnu.") % {"value": echo(values["rep"])})
        latitude = _coordinate(values["lat"], -90, 90)
        longitude = _coordinate(values["lon"], -180, 180)
        if latitude is None or longitude is None:
            problems.append(_("coordonnées « %(lat)s ; %(lon)s » invalides (WGS84 attendu).")
                            % {"lat": echo(values["lat"]), "lon": echo(values["lon"])})
        label = " ".join(values["nom_voie"].split())
        if label not in keys:
            keys[label] = street_key(label)
        key = keys[label]
        if not key:
            problems.append(_("nom de voie vide ou illisible."))
        elif len(label) > _LABEL_MAX or len(key) > _LABEL_MAX:
            problems.append(_("nom de voie trop long (%(max)s caractères au plus).") % {"max": _LABEL_MAX})
        postcode = values["code_postal"]
        if postcode and not is_valid_postcode(postcode):
            problems.append(_("code postal « %(value)s » invalide (5 chiffres attendus).") % {"value": echo(postcode)})
        lieu_dit = " ".join(values.get("nom_ancienne_commune", "").split())[:_LIEU_DIT_MAX]
        if problems:
            errors.extend(LineError(row.line, problem) for problem in problems)
            continue
        draft = streets.get((code, key, lieu_dit))
        if draft is None:
            draft = streets[(code, key, lieu_dit)] = _StreetDraft(
                commune=code, label=label, key=key, lieu_dit=lieu_dit,
                ban_id=_street_ban_id(values["id"], values.get("id_fantoir", "")),
                postcode=postcode,
            )
        draft.latitude_sum += latitude
        draft.longitude_sum += longitude
        draft.points += 1
        if number == TOPONYM_NUMBER:
            continue
        identity = (code, key, lieu_dit, number, repetition)
        if identity in seen:
            duplicates += 1
            continue
        seen.add(identity)
        draft.addresses.append((number, repetition, values["id"][:60], postcode, latitude, longitude))
    if errors:
        raise ImportFileError(errors)
    return len(table.rows), streets, duplicates


def import_addresses(data: bytes, *, communes=None, create_communes=False, dry_run=False) -> AddressImportReport:
    """Replace the local address index of every commune in a BAN file.

    ``communes``: INSEE codes to keep (others are skipped); rows of communes that do not exist are
    skipped and reported unless ``create_communes``. Raises :class:`ImportFileError` listing every bad
    line; then nothing has changed.
    """
    from mon_enfant.models import Commune
    from mon_enfant.signals import address_index_replaced

    report = AddressImportReport(dry_run=dry_run)
    keep = {code.strip().upper() for code in communes} if communes else None
    existing = {commune.code_insee: commune for commune in Commune.objects.all()}
    to_create = {}

    def accept_commune(code, name):
        if keep is not None and code not in keep:
            report.skipped_filtered += 1
            return False
        if code in existing or code in to_create:
            return True
        if create_communes:
            to_create[code] = name.strip() or code
            return True
        report.skipped_unknown_communes[code] += 1
        return False

    report.rows_read, drafts, report.duplicates = read_ban_file(data, accept_commune=accept_commune)
    if not drafts:
        return report
    with transaction.atomic():
        # First the communes' row locks, in a fixed order: two imports of the same commune wait for each other.
        list(Commune.objects.select_for_update().filter(code_insee__in={d.commune for d in drafts.values()})
             .order_by("pk").values_list("pk", flat=True))
        for code, name in sorted(to_create.items()):
            commune = Commune(code_insee=code, name=name[:120])
            commune.full_clean(exclude=["sites", "editor_groups"])
            commune.save()
            existing[code] = commune
            report.communes_created.append(str(commune))
        touched = sorted({draft.commune for draft in drafts.values()})
        commune_ids = [existing[code].pk for code in touched]
        report.communes = [str(existing[code]) for code in touched]
        # Addresses first, in one statement (nothing refers to them); then the streets, left without addresses.
        _count, deleted = Address.objects.filter(street__commune_id__in=commune_ids).delete()
        report.addresses_replaced = deleted.get(Address._meta.label, 0)
        _count, deleted = Street.objects.filter(commune_id__in=commune_ids).delete()
        report.streets_replaced = deleted.get(Street._meta.label, 0)

        ordered = list(drafts.values())
        streets = []
        for draft in ordered:
            latitude, longitude = draft.centroid()
            streets.append(Street(
                commune=existing[draft.commune], label=draft.label, key=draft.key, lieu_dit=draft.lieu_dit,
                ban_id=draft.ban_id, postcode=draft.postcode, latitude=latitude, longitude=longitude,
            ))
        Street.objects.bulk_create(streets, batch_size=_BATCH_SIZE)
        report.streets_created = len(streets)
        report.toponyms = sum(1 for draft in ordered if not draft.addresses)
        batch = []
        for draft, street in zip(ordered, streets, strict=True):
            for number, repetition, ban_id, postcode, latitude, longitude in draft.addresses:
                batch.append(Address(street_id=street.pk, number=number, repetition=repetition, ban_id=ban_id,
                                     postcode=postcode, latitude=latitude, longitude=longitude))
                if len(batch) >= _BATCH_SIZE:
                    Address.objects.bulk_create(batch)
                    report.addresses_created += len(batch)
                    batch = []
        if batch:
            Address.objects.bulk_create(batch)
            report.addresses_created += len(batch)
        address_index_replaced.send(sender=Street, communes=[existing[code] for code in touched])
        if dry_run:
            transaction.set_rollback(True)
    return report
