"""The local address index: the streets and house numbers of a commune, loaded from the Base Adresse
Nationale (``import_addresses``). It is the embedded geocoder: street autocomplete, typo suggestions and
coordinates, with no network. Imported by ``mon_enfant.models`` (app label ``mon_enfant``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Street(models.Model):
    """A street (voie) or lieu-dit of a commune, as named in the BAN."""

    commune = models.ForeignKey(
        "mon_enfant.Commune", on_delete=models.CASCADE, related_name="streets", verbose_name=_("commune")
    )
    label = models.CharField(_("libellé"), max_length=200)
    key = models.CharField(_("clé de recherche"), max_length=200, db_index=True,
                           help_text=_("Libellé normalisé (sans accents, abréviations développées)."))
    ban_id = models.CharField(_("identifiant BAN / FANTOIR"), max_length=40, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    lieu_dit = models.CharField(_("lieu-dit / commune déléguée"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["commune", "label"]
        verbose_name = _("voie")
        verbose_name_plural = _("voies")
        constraints = [
            models.UniqueConstraint(fields=["commune", "key", "lieu_dit"], name="mon_enfant_street_unique_key"),
        ]

    def __str__(self):
        return self.label


class Address(models.Model):
    """A numbered address of the BAN, with its WGS84 position."""

    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="addresses")
    number = models.PositiveIntegerField(_("numéro"))
    repetition = models.CharField(_("indice de répétition"), max_length=10, blank=True)
    ban_id = models.CharField(_("identifiant BAN"), max_length=60, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["street", "number", "repetition"]
        verbose_name = _("adresse")
        verbose_name_plural = _("adresses")
        indexes = [models.Index(fields=["street", "number"], name="mon_enfant_address_number")]

    def __str__(self):
        suffix = f" {self.repetition.lower()}" if self.repetition else ""
        return f"{self.number}{suffix} {self.street.label}"
