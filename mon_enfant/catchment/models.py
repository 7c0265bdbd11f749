"""Carte scolaire data: street-range rules, whole-commune rules and map zones, per commune, level and
(optionally) school year; the import batches that brought them; and the shared version stamp that tells
every application process to reload its in-memory index."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from mon_enfant.stamps import SharedStamp, read_stamp
from mon_enfant.utils import validate_school_year
from mon_enfant.validators import validate_uai

from .logic.rules import Level, Parity

# The choices are the logic's own enums (one list), labelled here for the admin and the forms.
LEVEL_LABELS = {Level.MATERNELLE: _("Maternelle"), Level.ELEMENTAIRE: _("Élémentaire"), Level.COLLEGE: _("Collège")}
PARITY_LABELS = {Parity.BOTH: _("Pairs et impairs"), Parity.EVEN: _("Pairs"), Parity.ODD: _("Impairs")}

CatchmentLevel = models.TextChoices(
    "CatchmentLevel", [(level.name, (level.value, LEVEL_LABELS[level])) for level in Level])
CatchmentLevel.__doc__ = "Levels a sector is drawn for, as model choices (see :class:`~.logic.rules.Level`)."
ParityChoices = models.TextChoices(
    "ParityChoices", [(parity.name, (parity.value, PARITY_LABELS[parity])) for parity in Parity])


class CatchmentImport(models.Model):
    """One import of a sectorisation file: what it brought and its report, for the webmaster's history."""

    commune = models.ForeignKey("mon_enfant.Commune", on_delete=models.CASCADE, related_name="catchment_imports")
    level = models.CharField(_("niveau"), max_length=20, choices=CatchmentLevel.choices)
    school_year = models.CharField(_("année scolaire"), max_length=9, blank=True)
    filename = models.CharField(_("fichier"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=40, blank=True)
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    report = models.JSONField(_("rapport"), default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import de carte scolaire")
        verbose_name_plural = _("imports de carte scolaire")

    def __str__(self):
        return f"{self.commune.name} – {self.get_level_display()} {self.school_year or ''}".strip()


class CatchmentRule(models.Model):
    """A street-range rule: the addresses of a street (a range of numbers, of one parity) go to a school.

    ``whole_commune`` rules ("secteur unique") send every address of the commune to the school.
    Several rules of the same range and priority with different schools form a shared sector: the
    lookup returns them all. A higher ``priority`` overrides a more general rule.
    The school is referenced by its UAI, not a foreign key: a rule may name a school that
    ``import_schools`` has not brought yet; answers then give the UAI alone.
    """

    commune = models.ForeignKey("mon_enfant.Commune", on_delete=models.CASCADE, related_name="catchment_rules",
                                verbose_name=_("commune"))
    level = models.CharField(_("niveau"), max_length=20, choices=CatchmentLevel.choices)
    school_year = models.CharField(_("année scolaire"), max_length=9, blank=True, validators=[validate_school_year],
                                   help_text=_("Vide : toutes les années."))
    whole_commune = models.BooleanField(_("secteur unique (toute la commune)"), default=False)
    street_label = models.CharField(_("voie"), max_length=200, blank=True, help_text=_("Libellé tel que publié."))
    street_key = models.CharField(_("clé de la voie"), max_length=200, blank=True, db_index=True, editable=False)
    street_id = models.CharField(_("identifiant BAN / FANTOIR"), max_length=40, blank=True)
    lieu_dit = models.CharField(_("lieu-dit"), max_length=200, blank=True)
    parity = models.CharField(_("parité"), max_length=4, choices=ParityChoices.choices, default=Parity.BOTH.value)
    first_number = models.PositiveIntegerField(_("du numéro"), null=True, blank=True,
                                               help_text=_("Vide : depuis le début de la voie."))
    first_repetition = models.CharField(_("indice"), max_length=10, blank=True)
    last_number = models.PositiveIntegerField(_("au numéro"), null=True, blank=True,
                                              help_text=_("Vide : jusqu'au bout de la voie."))
    last_repetition = models.CharField(_("indice"), max_length=10, blank=True)
    uai = models.CharField(_("code UAI de l'école"), max_length=8, validators=[validate_uai])
    priority = models.IntegerField(_("priorité"), default=0,
                                   help_text=_("Une règle plus prioritaire l'emporte sur une règle générale."))
    note = models.TextField(_("remarque"), blank=True)
    source = models.ForeignKey(CatchmentImport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="rules")
    source_line = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["commune", "level", "street_key", "first_number"]
        verbose_name = _("règle de sectorisation")
        verbose_name_plural = _("règles de sectorisation")
        indexes = [models.Index(fields=["commune", "level", "school_year"], name="mon_enfant_rule_scope")]

    def __str__(self):
        if self.whole_commune:
            return f"{self.commune.name} : {_('toute la commune')} → {self.uai}"
        return f"{self.street_label} [{self.first_number or '…'}–{self.last_number or '…'}] → {self.uai}"

    def save(self, *args, **kwargs):
        from mon_enfant.addresses.parsing import street_key

        self.street_key = street_key(self.street_label) if self.street_label else ""
        super().save(*args, **kwargs)

    def clean(self):
        if not self.whole_commune and not self.street_label:
            raise ValidationError({"street_label": _("Indiquez la voie, ou cochez « secteur unique ».")})


class CatchmentZone(models.Model):
    """A sector drawn on a map (GeoJSON Polygon or MultiPolygon, WGS84), for communes whose carte scolaire
    is a map rather than a list of streets. A zone needs a geocoded point to be matched."""

    commune = models.ForeignKey("mon_enfant.Commune", on_delete=models.CASCADE, related_name="catchment_zones",
                                verbose_name=_("commune"))
    level = models.CharField(_("niveau"), max_length=20, choices=CatchmentLevel.choices)
    school_year = models.CharField(_("année scolaire"), max_length=9, blank=True, validators=[validate_school_year])
    name = models.CharField(_("nom du secteur"), max_length=200, blank=True)
    uai = models.CharField(_("code UAI de l'école"), max_length=8, validators=[validate_uai])
    priority = models.IntegerField(_("priorité"), default=0)
    geometry = models.JSONField(_("géométrie GeoJSON"))
    note = models.TextField(_("remarque"), blank=True)
    source = models.ForeignKey(CatchmentImport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="zones")

    class Meta:
        ordering = ["commune", "level", "name"]
        verbose_name = _("zone de sectorisation")
        verbose_name_plural = _("zones de sectorisation")

    def __str__(self):
        return f"{self.name or self.uai} ({self.get_level_display()})"


class RulesetVersion(models.Model):
    """The shared version stamp of the carte scolaire. Every import or edit bumps it (in the same
    transaction); each process compares it with the version of its in-memory index (at most once per
    ``MON_ENFANT_REFRESH_SECONDS``) and reloads when it changed, so all processes answer from the new
    rules."""

    key = models.CharField(max_length=20, unique=True, default="catchment")
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("version de la carte scolaire")

    def __str__(self):
        return f"{self.key} v{self.version}"

    @classmethod
    def bump(cls):
        """Increment the stamp; call inside the transaction that changes rules or zones (a single admin
        edit outside any transaction gets its own, as select_for_update requires one on PostgreSQL)."""
        with transaction.atomic():
            stamp, _created = cls.objects.select_for_update().get_or_create(key="catchment")
            cls.objects.filter(pk=stamp.pk).update(version=models.F("version") + 1)
            version = cls.current()
            CATCHMENT_STAMP.published(version)
        return version

    @classmethod
    def current(cls):
        """The stamp as stored (the truth); per-request checks go through :data:`CATCHMENT_STAMP`."""
        return read_stamp(cls, "version", "catchment", 0)


# What the serving processes compare with their index's version: the database stamp (or the host's shared
# cache), read at most once per MON_ENFANT_REFRESH_SECONDS (mon_enfant/stamps.py).
CATCHMENT_STAMP = SharedStamp("catchment", RulesetVersion.current)


