"""Fee data of the "Quotient familial et tarifs" feature: how each commune computes the QF, its services
(cantine, accueil périscolaire...) and the grids voted by the conseil municipal for each school year.

The arithmetic lives in :mod:`mon_enfant.fees.logic` (pure Python); these models store what a commune
configures and build the logic objects from it (:meth:`FeeSettings.qf_policy`, :meth:`FeeGrid.to_logic`).

Grids are snippets with drafts, revisions, locking and scheduled publishing: next year's grid is prepared
as a draft, reviewed, and goes live on the date chosen (``publish_scheduled``). Families are only ever
quoted from *live* grids.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.stamps import SharedStamp, read_stamp
from mon_enfant.utils import school_year_error, validate_school_year  # noqa: F401  (named by old migrations)

from . import logic, wording

MONEY = {"max_digits": 8, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


# --- Choices ------------------------------------------------------------------------------------
# The values are the logic's enums (one list); only the labels, in the active language, are added here.


def _choices(enum, labels):
    """Django choices whose values are the members of a logic enum, each with its translatable label."""
    return models.TextChoices(enum.__name__, [(member.name, (member.value, labels[member])) for member in enum])


Unit = _choices(logic.Unit, {
    logic.Unit.REPAS: _("Repas"),
    logic.Unit.HEURE: _("Heure"),
    logic.Unit.DEMI_HEURE: _("Demi-heure"),
    logic.Unit.JOURNEE: _("Journée"),
    logic.Unit.DEMI_JOURNEE: _("Demi-journée"),
    logic.Unit.MOIS: _("Mois"),
    logic.Unit.SEANCE: _("Séance"),
})

# How each unit reads in sentences: "3,05 € par repas", "Nombre de repas par semaine".
UNIT_PHRASES = {
    Unit.REPAS: (_("par repas"), _("Repas par semaine")),
    Unit.HEURE: (_("par heure"), _("Heures par semaine")),
    Unit.DEMI_HEURE: (_("par demi-heure"), _("Demi-heures par semaine")),
    Unit.JOURNEE: (_("par journée"), _("Journées par semaine")),
    Unit.DEMI_JOURNEE: (_("par demi-journée"), _("Demi-journées par semaine")),
    Unit.MOIS: (_("par mois"), _("Nombre d'abonnements mensuels")),
    Unit.SEANCE: (_("par séance"), _("Séances par semaine")),
}

QfMethod = _choices(logic.QfMethod, {
    logic.QfMethod.CAF: _("Quotient familial CAF/MSA (calculé ou saisi par la famille)"),
    logic.QfMethod.FISCAL: _("Quotient familial fiscal (revenu fiscal de référence / 12 / parts)"),
    logic.QfMethod.DIRECT: _("Quotient familial saisi par la famille uniquement"),
})

QfRounding = _choices(logic.QfRounding, {
    logic.QfRounding.NONE: _("Pas d'arrondi"),
    logic.QfRounding.CENT: _("Au centime"),
    logic.QfRounding.UNIT: _("À l'euro"),
})

PricingKind = _choices(logic.PricingKind, {
    logic.PricingKind.BRACKETS: _("Tranches de quotient familial"),
    logic.PricingKind.EFFORT_RATE: _("Taux d'effort (pourcentage du QF, avec plancher et plafond)"),
    logic.PricingKind.FLAT: _("Tarif unique"),
})

NonResidentMode = _choices(logic.NonResidentMode, {
    logic.NonResidentMode.SAME: _("Comme les résidents"),
    logic.NonResidentMode.FLAT: _("Tarif unique"),
    logic.NonResidentMode.BRACKETS: _("Tranches de QF propres (ci-dessous)"),
    logic.NonResidentMode.SURCHARGE_AMOUNT: _("Majoration en euros"),
    logic.NonResidentMode.SURCHARGE_PERCENT: _("Majoration en pourcentage"),
    logic.NonResidentMode.CEILING: _("Tarif le plus élevé des résidents"),
})

SiblingKind = _choices(logic.SiblingKind, {
    logic.SiblingKind.PERCENT: _("Pourcentage de réduction"),
    logic.SiblingKind.NEXT_LOWER_BRACKET: _("Tranche de QF inférieure"),
})


# --- Per-commune QF policy ----------------------------------------------------------------------


class FeeSettings(models.Model):
    """How a commune computes the quotient familial, and its billing convention for the monthly estimate.

    One per commune; a commune without settings uses the defaults (CAF/MSA method, CNAF parts table,
    no rounding, 36 weeks billed over 10 months). The parts table is editable because some communes
    follow the income-tax rule (a single parent with one child counts 2 parts, not 2.5).
    """

    commune = models.OneToOneField(
        Commune, on_delete=models.CASCADE, related_name="fee_settings", verbose_name=_("commune")
    )
    qf_method = models.CharField(
        _("calcul du quotient familial"), max_length=10, choices=QfMethod.choices, default=QfMethod.CAF
    )
    qf_rounding = models.CharField(
        _("arrondi du QF calculé"), max_length=10, choices=QfRounding.choices, default=QfRounding.NONE
    )
    parts_couple = models.DecimalField(_("couple"), max_digits=4, decimal_places=2, default=Decimal("2"))
    parts_single_parent = models.DecimalField(
        _("parent isolé avec enfant"), max_digits=4, decimal_places=2, default=Decimal("2"),
        help_text=_("2 selon la CNAF ; 1,5 pour suivre la règle fiscale (parent isolé avec un enfant = 2 parts)."),
    )
    parts_single_adult = models.DecimalField(
        _("personne seule sans enfant"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    parts_first_child = models.DecimalField(_("1er enfant"), max_digits=4, decimal_places=2, default=Decimal("0.5"))
    parts_second_child = models.DecimalField(_("2e enfant"), max_digits=4, decimal_places=2, default=Decimal("0.5"))
    parts_third_child = models.DecimalField(_("3e enfant"), max_digits=4, decimal_places=2, default=Decimal("1"))
    parts_further_child = models.DecimalField(
        _("chaque enfant suivant"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )
    parts_disabled_child = models.DecimalField(
        _("enfant bénéficiaire de l'AEEH (en plus)"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )
    weeks_per_year = models.DecimalField(
        _("semaines facturées par an"), max_digits=4, decimal_places=1, default=Decimal("36"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(logic.MAX_WEEKS_PER_YEAR)],
        help_text=_("Pour l'estimation mensuelle : 36 semaines d'école en général."),
    )
    billed_months = models.DecimalField(
        _("mois facturés par an"), max_digits=4, decimal_places=1, default=Decimal("10"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(logic.MAX_MONTHS)],
        help_text=_("Pour l'estimation mensuelle : 10 mois (septembre à juin) en général."),
    )
    qf_help = models.TextField(
        _("où trouver son quotient familial"), blank=True,
        help_text=_("Affiché sous le champ du QF. Vide : « Il figure sur votre attestation CAF ou MSA. »"),
    )

    panels = [
        FieldPanel("commune"),
        MultiFieldPanel([FieldPanel("qf_method"), FieldPanel("qf_rounding"), FieldPanel("qf_help")],
                        heading=_("Quotient familial")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("parts_couple"), FieldPanel("parts_single_parent"),
                               FieldPanel("parts_single_adult")]),
                FieldRowPanel([FieldPanel("parts_first_child"), FieldPanel("parts_second_child"),
                               FieldPanel("parts_third_child"), FieldPanel("parts_further_child")]),
                FieldPanel("parts_disabled_child"),
            ],
            heading=_("Barème des parts (méthode CAF/MSA)"),
        ),
        FieldRowPanel([FieldPanel("weeks_per_year"), FieldPanel("billed_months")],
                      heading=_("Estimation mensuelle")),
    ]

    class Meta:
        verbose_name = _("réglages des tarifs")
        verbose_name_plural = _("réglages des tarifs")

    def __str__(self):
        return str(_("Réglages des tarifs – %(commune)s") % {"commune": self.commune.name})

    def caf_table(self):
        return logic.CafPartsTable(
            adult_couple=self.parts_couple,
            single_parent_with_child=self.parts_single_parent,
            single_adult=self.parts_single_adult,
            first_child=self.parts_first_child,
            second_child=self.parts_second_child,
            third_child=self.parts_third_child,
            further_child=self.parts_further_child,
            disabled_child=self.parts_disabled_child,
        )

    def qf_policy(self):
        return logic.QfPolicy(
            method=logic.QfMethod(self.qf_method),
            rounding=logic.QfRounding(self.qf_rounding),
            caf_table=self.caf_table(),
        )

    def clean(self):
        super().clean()
        try:
            self.caf_table()
        except logic.GridError as exc:
            raise ValidationError(wording.error(exc), code="invalid_parts") from exc
        except TypeError as exc:
            raise ValidationError(str(exc), code="invalid_parts") from exc


# --- Services -----------------------------------------------------------------------------------


class Service(models.Model):
    """A municipal child service with a price: restauration scolaire, accueil périscolaire, accueil de
    loisirs, étude... The unit says what one price buys (a meal, an hour, a day); the slug names the
    service in the import files and the API."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="fee_services",
                                verbose_name=_("commune"))
    name = models.CharField(_("nom"), max_length=120, help_text=_("Ex. « Restauration scolaire »."))
    slug = models.SlugField(_("identifiant"), max_length=120, blank=True,
                            help_text=_("Vide : déduit du nom. Sert dans les fichiers d'import et l'API."))
    unit = models.CharField(_("unité"), max_length=20, choices=Unit.choices)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("Une phrase pour les familles : horaires, ce qui est compris."))
    responsible_body = models.CharField(_("qui décide ?"), max_length=30, choices=ResponsibleBody.choices,
                                        default=ResponsibleBody.MAIRIE)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    panels = [
        FieldPanel("commune"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("unit"),
        FieldPanel("description"),
        FieldPanel("responsible_body"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["commune__name", "order", "name"]
        verbose_name = _("prestation")
        verbose_name_plural = _("prestations")
        constraints = [
            models.UniqueConstraint(fields=["commune", "slug"], name="mon_enfant_fees_service_slug"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune.name})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        slug = self.slug or slugify(self.name)
        if not slug:
            raise ValidationError({"name": _("Le nom doit contenir au moins une lettre ou un chiffre.")})
        if self.commune_id and Service.objects.filter(commune_id=self.commune_id, slug=slug).exclude(
            pk=self.pk
        ).exists():
            raise ValidationError({"slug": _("Cette commune a déjà une prestation avec cet identifiant.")})


# --- Grids --------------------------------------------------------------------------------------


class BaseBracket(Orderable):
    """A QF bracket ``[qf_min, qf_max)``: a grid published "de 235 € à 384 €" is entered 235 to 385."""

    qf_min = models.DecimalField(_("QF à partir de"), validators=NON_NEGATIVE, **MONEY)
    qf_max = models.DecimalField(_("QF jusqu'à (exclu)"), null=True, blank=True, validators=NON_NEGATIVE,
                                 help_text=_("Vide pour la dernière tranche."), **MONEY)
    price = models.DecimalField(_("tarif"), validators=NON_NEGATIVE, **MONEY)
    pai_price = models.DecimalField(_("tarif panier repas (PAI)"), null=True, blank=True,
                                    validators=NON_NEGATIVE, **MONEY)

    panels = [
        FieldRowPanel([FieldPanel("qf_min"), FieldPanel("qf_max"), FieldPanel("price"), FieldPanel("pai_price")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"[{self.qf_min}, {self.qf_max if self.qf_max is not None else '∞'}) → {self.price}"

    def to_logic(self):
        return logic.Bracket(self.qf_min, self.qf_max, self.price, self.pai_price)


class FeeGrid(PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """The prices of one service for one school year, as voted by the conseil municipal.

    Resident pricing is by QF brackets, by taux d'effort or flat; then the non-resident rule, the price
    without QF, the sibling rules and the PAI price. Saving refuses any grid the calculator could not
    use (gaps, overlaps, missing amounts...), naming the bracket at fault.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="grids",
                                verbose_name=_("prestation"))
    school_year = models.CharField(_("année scolaire"), max_length=9, validators=[validate_school_year],
                                   help_text=_("Ex. « 2026-2027 »."))
    pricing = models.CharField(_("mode de tarification"), max_length=20, choices=PricingKind.choices,
                               default=PricingKind.BRACKETS)
    rate_percent = models.DecimalField(
        _("taux d'effort (% du QF)"), max_digits=7, decimal_places=4, null=True, blank=True,
        validators=NON_NEGATIVE, help_text=_("Ex. 0,36 pour 0,36 % du quotient familial."),
    )
    floor_price = models.DecimalField(_("plancher"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    ceiling_price = models.DecimalField(_("plafond"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    flat_price = models.DecimalField(_("tarif unique"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    no_qf_price = models.DecimalField(
        _("tarif sans quotient familial"), null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("Vide : la tranche la plus élevée (ou le plafond)."), **MONEY,
    )
    pai_price = models.DecimalField(
        _("tarif panier repas (PAI) unique"), null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("Ou bien un tarif PAI dans chaque tranche, pas les deux."), **MONEY,
    )
    non_resident_mode = models.CharField(_("familles non résidentes"), max_length=20,
                                         choices=NonResidentMode.choices, default=NonResidentMode.SAME)
    non_resident_amount = models.DecimalField(
        _("montant non-résident"), null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("Le tarif unique, ou la majoration en euros ou en pourcentage."), **MONEY,
    )
    non_resident_pai_price = models.DecimalField(
        _("tarif panier repas non-résident"), null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("Seulement avec un tarif non-résident unique."), **MONEY,
    )
    note = models.TextField(_("précision"), blank=True,
                            help_text=_("Affichée sous la grille, ex. « Délibération du 2 juillet 2026 »."))

    panels = [
        FieldPanel("service"),
        FieldPanel("school_year"),
        FieldPanel("pricing"),
        InlinePanel("brackets", heading=_("Tranches de quotient familial"), label=_("tranche")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("rate_percent"), FieldPanel("floor_price"), FieldPanel("ceiling_price")])],
            heading=_("Taux d'effort"),
        ),
        FieldPanel("flat_price"),
        MultiFieldPanel([FieldPanel("no_qf_price"), FieldPanel("pai_price")], heading=_("Autres tarifs")),
        MultiFieldPanel(
            [FieldPanel("non_resident_mode"), FieldRowPanel([FieldPanel("non_resident_amount"),
                                                             FieldPanel("non_resident_pai_price")])],
            heading=_("Familles non résidentes"),
        ),
        InlinePanel("non_resident_brackets", heading=_("Tranches non-résidents"), label=_("tranche")),
        InlinePanel("sibling_rules", heading=_("Réductions fratrie"), label=_("règle")),
        FieldPanel("note"),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["-school_year", "service__order", "service__name"]
        verbose_name = _("grille tarifaire")
        verbose_name_plural = _("grilles tarifaires")
        constraints = [
            models.UniqueConstraint(fields=["service", "school_year"], name="mon_enfant_fees_grid_year"),
        ]

    def __str__(self):
        if not self.service_id:
            return self.school_year
        return f"{self.service.name} {self.school_year} ({self.service.commune.name})"

    # -- logic objects --------------------------------------------------------------------------

    def _bracket_grid(self, brackets, relation):
        try:
            return logic.BracketGrid(tuple(bracket.to_logic() for bracket in brackets))
        except logic.GridError as exc:
            exc.relation = relation
            raise

    def _pricing(self, brackets):
        if self.pricing == PricingKind.EFFORT_RATE:
            return logic.EffortRateGrid(self.rate_percent, self.floor_price, self.ceiling_price)
        if self.pricing == PricingKind.FLAT:
            return logic.FlatGrid(self.flat_price)
        return self._bracket_grid(brackets, "brackets")

    def to_logic(self):
        """The :class:`logic.Grid` of this grid, from its (prefetched or in-memory) brackets and rules.

        Raises :class:`logic.GridError`; its ``relation`` attribute says which inline list ("brackets",
        "non_resident_brackets", "sibling_rules") is at fault, when one is.
        """
        brackets = sorted(self.brackets.all(), key=lambda bracket: bracket.sort_order or 0)
        pricing = self._pricing(brackets)
        non_resident_brackets = None
        if self.non_resident_mode == NonResidentMode.BRACKETS:
            rows = sorted(self.non_resident_brackets.all(), key=lambda bracket: bracket.sort_order or 0)
            non_resident_brackets = self._bracket_grid(rows, "non_resident_brackets")
        non_resident = logic.NonResidentRule(
            mode=logic.NonResidentMode(self.non_resident_mode),
            amount=self.non_resident_amount,
            brackets=non_resident_brackets,
            pai_price=self.non_resident_pai_price,
        )
        try:
            siblings = tuple(rule.to_logic() for rule in self.sibling_rules.all())
        except logic.GridError as exc:
            exc.relation = "sibling_rules"
            raise
        return logic.Grid(
            pricing=pricing,
            non_resident=non_resident,
            siblings=siblings,
            no_qf_price=self.no_qf_price if self.pricing != PricingKind.FLAT else None,
            pai_price=self.pai_price,
        )

    def _required_fields_errors(self):
        required = {
            PricingKind.EFFORT_RATE: {
                "rate_percent": _("Indiquez le taux d'effort."),
                "floor_price": _("Indiquez le plancher."),
                "ceiling_price": _("Indiquez le plafond."),
            },
            PricingKind.FLAT: {"flat_price": _("Indiquez le tarif unique.")},
        }.get(self.pricing, {})
        errors = {name: message for name, message in required.items() if getattr(self, name) is None}
        needs_amount = {
            NonResidentMode.FLAT: _("Indiquez le tarif non-résident."),
            NonResidentMode.SURCHARGE_AMOUNT: _("Indiquez la majoration en euros."),
            NonResidentMode.SURCHARGE_PERCENT: _("Indiquez le pourcentage de majoration."),
        }
        if self.non_resident_mode in needs_amount and self.non_resident_amount is None:
            errors["non_resident_amount"] = needs_amount[self.non_resident_mode]
        if self.non_resident_mode not in needs_amount and self.non_resident_amount is not None:
            errors["non_resident_amount"] = _("Ce montant ne sert qu'avec un tarif unique ou une majoration : "
                                              "videz-le ou changez de mode.")
        if self.pricing == PricingKind.FLAT and self.no_qf_price is not None:
            errors["no_qf_price"] = _("Un tarif sans QF n'a pas de sens avec un tarif unique.")
        return errors

    def clean(self):
        """Refuse a grid the calculator could not use; bracket problems name the bracket.

        Relies on the brackets and rules held by the instance (in memory while a form or an import
        builds it), so call it once they are assigned.
        """
        super().clean()
        errors = self._required_fields_errors()
        if errors:
            raise ValidationError(errors)
        if self.service_id and self.school_year:
            clash = FeeGrid.objects.filter(service_id=self.service_id, school_year=self.school_year)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"school_year": _("Cette prestation a déjà une grille pour cette année scolaire.")}
                )
        try:
            self.to_logic()
        except logic.GridError as exc:
            raise ValidationError(wording.grid_error(exc, getattr(exc, "relation", None)), code=exc.code) from exc

    # -- preview: the grid as families will see it ------------------------------------------------

    def get_preview_template(self, request, mode_name, **kwargs):
        return "mon_enfant_fees/grid_preview.html"

    def get_preview_context(self, request, mode_name, **kwargs):
        context = super().get_preview_context(request, mode_name, **kwargs)
        try:
            context["table"] = logic.describe_grid(self.to_logic(), self.note)
        except (logic.GridError, TypeError, ValueError):
            context["table"] = None
        service = self.service if self.service_id else None
        context["preview_service"] = {
            "slug": service.slug if service else "apercu",
            "name": service.name if service else "",
            "description": service.description if service else "",
            "unit": service.unit if service else "",
            "responsible_body_label": service.get_responsible_body_display() if service else "",
        }
        return context


class FeeBracket(BaseBracket):
    grid = ParentalKey(FeeGrid, on_delete=models.CASCADE, related_name="brackets")

    class Meta(BaseBracket.Meta):
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")


class NonResidentBracket(BaseBracket):
    grid = ParentalKey(FeeGrid, on_delete=models.CASCADE, related_name="non_resident_brackets")

    class Meta(BaseBracket.Meta):
        verbose_name = _("tranche non-résident")
        verbose_name_plural = _("tranches non-résidents")


class SiblingRule(Orderable):
    """A reduction from the n-th child of a family: a percentage off, or the next lower bracket."""

    grid = ParentalKey(FeeGrid, on_delete=models.CASCADE, related_name="sibling_rules")
    from_rank = models.PositiveSmallIntegerField(
        _("à partir du rang"), default=2,
        validators=[MinValueValidator(2), MaxValueValidator(logic.MAX_CHILDREN)],
        help_text=_("2 pour le 2e enfant inscrit, 3 pour le 3e..."),
    )
    kind = models.CharField(_("réduction"), max_length=20, choices=SiblingKind.choices, default=SiblingKind.PERCENT)
    percent_off = models.DecimalField(_("pourcentage de réduction"), max_digits=5, decimal_places=2, null=True,
                                      blank=True, validators=NON_NEGATIVE)

    panels = [FieldRowPanel([FieldPanel("from_rank"), FieldPanel("kind"), FieldPanel("percent_off")])]

    class Meta(Orderable.Meta):
        verbose_name = _("règle fratrie")
        verbose_name_plural = _("règles fratrie")

    def to_logic(self):
        if self.kind == SiblingKind.NEXT_LOWER_BRACKET:
            return logic.SiblingRule(self.from_rank, next_lower_bracket=True)
        if self.percent_off is None:
            raise logic.GridError(logic.Message("sibling_percent_required", rank=self.from_rank), "sibling_kind")
        return logic.SiblingRule(self.from_rank, percent_off=self.percent_off)


# --- Cache stamp ----------------------------------------------------------------------------------


class FeeDataVersion(models.Model):
    """A stamp changed by every write to fee data, in the same transaction.

    Each process keeps the compiled grids of a commune in memory and compares this stamp once per quote:
    a new grid (saved, imported or published by ``publish_scheduled``) is used on the next request by
    every process. A random token rather than a counter, so a rolled-back transaction can never
    bring back a stamp that an older cache entry was built with.
    """

    key = models.CharField(max_length=20, unique=True, default="fees")
    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("version des tarifs")

    def __str__(self):
        return f"{self.key} {self.token}"

    @classmethod
    def bump(cls):
        token = uuid.uuid4().hex
        updated = cls.objects.filter(key="fees").update(token=token)
        if not updated:
            stamp, _created = cls.objects.get_or_create(key="fees", defaults={"token": token})
            token = stamp.token
        FEES_STAMP.published(token)
        return token

    @classmethod
    def current(cls):
        """The stamp as stored (the truth); quotes check it through :data:`FEES_STAMP`."""
        return read_stamp(cls, "token", "fees", "")


# What quotes compare: the stored stamp, read at most once per MON_ENFANT_REFRESH_SECONDS (mon_enfant.stamps).
FEES_STAMP = SharedStamp("fees", FeeDataVersion.current)


def _bump_fee_version(sender, **kwargs):
    # Right after each write, in its transaction: the last write of a change is always followed by a
    # bump, so no process can keep a cache built from half of the change. This process sees the new stamp
    # at once (FEES_STAMP.published) and forgets its compiled grids on its next quote; the others notice it
    # within MON_ENFANT_REFRESH_SECONDS.
    FeeDataVersion.bump()


for _model in (FeeSettings, Service, FeeGrid, FeeBracket, NonResidentBracket, SiblingRule):
    post_save.connect(_bump_fee_version, sender=_model, dispatch_uid=f"mon_enfant_fees_bump_{_model.__name__}")
    post_delete.connect(_bump_fee_version, sender=_model, dispatch_uid=f"mon_enfant_fees_del_{_model.__name__}")
