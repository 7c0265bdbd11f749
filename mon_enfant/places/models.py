"""Models of the services map: the categories (one list for the whole site), the commune's places with
their week's opening hours and exceptions, and each site's map settings (centre, zoom, tiles).

The schools are not typed again: the map and the list show the commune's ``School`` records under the
category marked ``for_schools``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from mon_enfant.models import Commune, ResponsibleBody

from . import logic, wording
from .panels import PointPickerPanel

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur au format #RRVVBB, par exemple #1f5fa8."))


class PlaceCategory(models.Model):
    """A kind of place (crèche, médiathèque...): its label, the colour of its markers and its order in lists."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        help_text=_("Identifiant stable, utilisé par les fichiers d'import (ex. « creche »)."),
    )
    label = models.CharField(_("libellé"), max_length=80)
    colour = models.CharField(_("couleur"), max_length=7, default="#1f5fa8", validators=[COLOUR],
                              help_text=_("Couleur des repères sur la carte (#RRVVBB), assez foncée pour un bon "
                                          "contraste sur le fond de carte."))
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    for_schools = models.BooleanField(
        _("écoles de l'annuaire"), default=False,
        help_text=_("Les écoles de la commune figurent sur la carte dans cette catégorie, sans être saisies "
                    "à nouveau."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("label"), FieldPanel("code"), FieldPanel("colour"), FieldPanel("sort_order"),
              FieldPanel("for_schools")]

    class Meta:
        verbose_name = _("catégorie de lieu")
        verbose_name_plural = _("catégories de lieux")
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


class Place(ClusterableModel):
    """A place for children or families in a commune, as parents read it on the map and in the list."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="places", verbose_name=_("commune"))
    key = models.SlugField(
        _("identifiant"), max_length=60, blank=True,
        help_text=_("Identifiant stable du lieu dans la commune : un nouvel import met à jour le lieu qui porte "
                    "le même identifiant. Vide : tiré du nom."),
    )
    name = models.CharField(_("nom"), max_length=200)
    category = models.ForeignKey(PlaceCategory, on_delete=models.PROTECT, related_name="places",
                                 verbose_name=_("catégorie"))
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("localité"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        help_text=_("Vide : tirée de l'adresse (base adresse de la commune) à l'enregistrement."),
    )
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("âge minimum (ans)"), null=True, blank=True,
                                               validators=[MaxValueValidator(logic.MAX_AGE)])
    age_max = models.PositiveSmallIntegerField(_("âge maximum (ans)"), null=True, blank=True,
                                               validators=[MaxValueValidator(logic.MAX_AGE)])
    hours_note = models.CharField(_("précision sur les horaires"), max_length=200, blank=True,
                                  help_text=_("Par exemple « Sur rendez-vous » ou « Hors vacances scolaires »."))
    accessibility = models.TextField(_("accessibilité"), blank=True)
    responsible_body = models.CharField(_("qui gère ce lieu ?"), max_length=30, choices=ResponsibleBody.choices,
                                        default=ResponsibleBody.MAIRIE)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    panels = [
        FieldPanel("commune"),
        FieldPanel("name"),
        FieldPanel("category"),
        FieldPanel("key"),
        FieldPanel("description"),
        MultiFieldPanel([
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            PointPickerPanel(),
        ], heading=_("Adresse et position")),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], heading=_("Contact")),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")], heading=_("Âges accueillis")),
        InlinePanel("opening_slots", heading=_("Horaires de la semaine"), label=_("Plage horaire")),
        InlinePanel("closures", heading=_("Fermetures et horaires exceptionnels"), label=_("Période")),
        FieldPanel("hours_note"),
        FieldPanel("accessibility"),
        FieldPanel("responsible_body"),
    ]

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "key"], name="mon_enfant_places_unique_key"),
        ]
        indexes = [models.Index(fields=["commune", "category"])]

    def __str__(self):
        return self.name

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if not self.key and self.name:
            self.key = logic.slug_key(self.name)
        errors = {}
        try:
            self.phone = logic.normalise_phone(self.phone)
        except logic.PlaceValueError as exc:
            errors["phone"] = wording.value_error(exc)
        try:
            logic.check_age_range(self.age_min, self.age_max)
        except logic.PlaceValueError as exc:
            errors["age_max"] = wording.value_error(exc)
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Donnez la latitude et la longitude, ou aucune des deux.")
        elif self.has_position:
            try:
                logic.check_position(self.latitude, self.longitude)
            except logic.PlaceValueError as exc:
                errors["latitude"] = wording.value_error(exc)
        if errors:
            raise ValidationError(errors)

    def week_slots(self):
        return sorted(logic.Slot(slot.weekday, slot.opens, slot.closes) for slot in self.opening_slots.all())

    def closure_periods(self):
        return sorted((closure.as_logic() for closure in self.closures.all()), key=logic.closure_order)


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("lundi")
    TUESDAY = 2, _("mardi")
    WEDNESDAY = 3, _("mercredi")
    THURSDAY = 4, _("jeudi")
    FRIDAY = 5, _("vendredi")
    SATURDAY = 6, _("samedi")
    SUNDAY = 7, _("dimanche")


class OpeningSlot(Orderable):
    place = ParentalKey(Place, on_delete=models.CASCADE, related_name="opening_slots")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("plage horaire")
        ordering = ["weekday", "opens", "pk"]

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("L'heure de fermeture doit suivre l'heure d'ouverture.")})


class ClosurePeriod(Orderable):
    """A period when the week's hours do not apply: closed, or open only at ``hours``."""

    place = ParentalKey(Place, on_delete=models.CASCADE, related_name="closures")
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    hours = models.CharField(
        _("horaires pendant la période"), max_length=60, blank=True,
        help_text=_("Vide : fermé. Sinon, par exemple « 09:00-12:00 » ou « 09:00-12:00,14:00-17:00 »."),
    )
    label = models.CharField(_("motif"), max_length=logic.MAX_LABEL, blank=True,
                             help_text=_("Par exemple « Vacances de Noël »."))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("hours"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("période exceptionnelle")
        ordering = ["start", "end", "label", "pk"]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("La fin de la période doit suivre son début.")})
        if self.hours:
            try:
                self.hours = logic.ranges_text(logic.parse_time_ranges(self.hours))
            except logic.PlaceValueError as exc:
                raise ValidationError({"hours": wording.value_error(exc)}) from None

    def as_logic(self):
        hours = tuple(logic.parse_time_ranges(self.hours)) if self.hours else ()
        return logic.Closure(self.start, self.end, hours, self.label)


@register_setting(icon="site")
class PlacesMapSettings(BaseSiteSetting):
    """Per site: where the services map opens and which tiles it draws (empty: django-leaflet's
    ``LEAFLET_CONFIG``, else OpenStreetMap's)."""

    centre_latitude = models.DecimalField(_("latitude du centre"), max_digits=9, decimal_places=6, null=True,
                                          blank=True, help_text=_("Vide : la carte se cadre sur les lieux."))
    centre_longitude = models.DecimalField(_("longitude du centre"), max_digits=9, decimal_places=6, null=True,
                                           blank=True)
    zoom = models.PositiveSmallIntegerField(_("zoom"), default=14, validators=[MaxValueValidator(19)])
    tile_url = models.CharField(
        _("adresse des tuiles"), max_length=255, blank=True,
        help_text=_("Par exemple https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png. Pensez à l'autoriser dans la "
                    "politique de sécurité du contenu (img-src) de votre site."),
    )
    attribution = models.CharField(_("attribution"), max_length=255, blank=True,
                                   help_text=_("Mention des sources du fond de carte, obligatoire."))

    panels = [
        FieldRowPanel([FieldPanel("centre_latitude"), FieldPanel("centre_longitude")]),
        FieldPanel("zoom"),
        FieldPanel("tile_url"),
        FieldPanel("attribution"),
    ]

    class Meta:
        verbose_name = _("carte des services enfance")

    def clean(self):
        super().clean()
        if (self.centre_latitude is None) != (self.centre_longitude is None):
            raise ValidationError({"centre_longitude": _("Donnez la latitude et la longitude, ou aucune des deux.")})
        if self.tile_url and not self.tile_url.startswith(("https://", "http://", "/")):
            raise ValidationError({"tile_url": _("Une adresse https://… contenant {z}, {x} et {y}.")})
