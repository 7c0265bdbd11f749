"""The canteen menus: restaurants, the menus they serve each day and the dishes of each menu.

A restaurant (a school's canteen, a canteen shared by several schools, or a cuisine centrale's delivery site)
belongs to a commune and serves schools; the menus are commune data, narrowed to the editor's communes by
the permission policy (``wagtail_hooks.py``). Values are the codes of :mod:`mon_enfant.menus.logic`, whose
SCDL spellings the import reads and the export writes.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from mon_enfant.models import ResponsibleBody
from mon_enfant.validators import validate_siret

from . import logic


class Meal(models.TextChoices):
    PETIT_DEJEUNER = "petit-dejeuner", _("Petit-déjeuner")
    COLLATION = "collation", _("Collation")
    DEJEUNER = "dejeuner", _("Déjeuner")
    PIQUE_NIQUE = "pique-nique", _("Pique-nique")
    GOUTER = "gouter", _("Goûter")
    DINER = "diner", _("Dîner")
    AUTRE = "autre", _("Autre repas")


class Course(models.TextChoices):
    ENTREE = "entree", _("Entrée")
    PLAT = "plat", _("Plat principal")
    GARNITURE = "garniture", _("Garniture")
    PRODUIT_LAITIER = "produit-laitier", _("Produit laitier")
    DESSERT = "dessert", _("Dessert")
    PAIN = "pain", _("Pain")
    AUTRE = "autre", _("Autre")


class Allergen(models.TextChoices):
    """The 14 allergens of Regulation (EU) 1169/2011, annex II: the short label; :data:`ALLERGEN_WORDING`
    holds the annex's wording, shown to parents."""

    GLUTEN = "gluten", _("Gluten")
    CRUSTACES = "crustaces", _("Crustacés")
    OEUFS = "oeufs", _("Œufs")
    POISSONS = "poissons", _("Poissons")
    ARACHIDES = "arachides", _("Arachides")
    SOJA = "soja", _("Soja")
    LAIT = "lait", _("Lait")
    FRUITS_A_COQUE = "fruits-a-coque", _("Fruits à coque")
    CELERI = "celeri", _("Céleri")
    MOUTARDE = "moutarde", _("Moutarde")
    SESAME = "sesame", _("Sésame")
    SULFITES = "sulfites", _("Sulfites")
    LUPIN = "lupin", _("Lupin")
    MOLLUSQUES = "mollusques", _("Mollusques")


ALLERGEN_WORDING = {
    "gluten": _("Céréales contenant du gluten (blé, seigle, orge, avoine, épeautre, kamut) et produits à base "
                "de ces céréales"),
    "crustaces": _("Crustacés et produits à base de crustacés"),
    "oeufs": _("Œufs et produits à base d'œufs"),
    "poissons": _("Poissons et produits à base de poissons"),
    "arachides": _("Arachides et produits à base d'arachides"),
    "soja": _("Soja et produits à base de soja"),
    "lait": _("Lait et produits à base de lait (y compris le lactose)"),
    "fruits-a-coque": _("Fruits à coque (amandes, noisettes, noix, noix de cajou, de pécan, du Brésil, "
                        "pistaches, noix de macadamia) et produits à base de ces fruits"),
    "celeri": _("Céleri et produits à base de céleri"),
    "moutarde": _("Moutarde et produits à base de moutarde"),
    "sesame": _("Graines de sésame et produits à base de graines de sésame"),
    "sulfites": _("Anhydride sulfureux et sulfites en concentrations de plus de 10 mg/kg ou 10 mg/l"),
    "lupin": _("Lupin et produits à base de lupin"),
    "mollusques": _("Mollusques et produits à base de mollusques"),
}


class Siqo(models.TextChoices):
    """Official signs of quality and origin."""

    BIO = "bio", _("Agriculture biologique")
    AOP = "aop", _("AOP / AOC")
    IGP = "igp", _("IGP")
    STG = "stg", _("Spécialité traditionnelle garantie")
    LABEL_ROUGE = "label-rouge", _("Label rouge")


class RestaurantIdType(models.TextChoices):
    SIRET = "SIRET", _("SIRET")
    EN = "EN", _("Code UAI (Éducation nationale)")
    AUTRE = "autre", _("Autre identifiant")
    SANS = "sans", _("Sans identifiant")


class ListField(models.JSONField):
    """A list of short texts stored as JSON: with ``item_choices``, edited as checkboxes among those codes;
    without, as one text whose items are separated by ``;``."""

    def __init__(self, *args, item_choices=None, **kwargs):
        self.item_choices = item_choices
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        common = {"label": self.verbose_name, "help_text": self.help_text, "required": not self.blank}
        if self.item_choices is not None:
            return forms.TypedMultipleChoiceField(
                choices=self.item_choices, widget=forms.CheckboxSelectMultiple, **common
            )
        return SemicolonListFormField(**common)


class SemicolonListFormField(forms.CharField):
    def prepare_value(self, value):
        return "; ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        try:
            return logic.split_semicolons(super().to_python(value) or "")
        except logic.MenuValueError:
            raise forms.ValidationError(
                _("Chaque élément compte %(max)s caractères au plus.") % {"max": logic.MAX_LIST_ITEM}
            ) from None


class Restaurant(models.Model):
    """Where a menu is served: one school's canteen, a canteen shared by several schools, or a cuisine
    centrale's delivery site. Identified in the SCDL files by its identifier (a UAI when its type is "EN":
    the restaurant is then tied to that school) or, without one, by its name."""

    commune = models.ForeignKey("mon_enfant.Commune", on_delete=models.CASCADE, related_name="restaurants",
                                verbose_name=_("commune"))
    name = models.CharField(_("nom du restaurant"), max_length=200)
    schools = models.ManyToManyField(
        "mon_enfant.School", blank=True, related_name="restaurants", verbose_name=_("écoles servies"),
        help_text=_("Les écoles dont les enfants déjeunent ici : leurs familles voient ces menus."),
    )
    restaurant_type = models.CharField(
        _("type de restaurant"), max_length=40, default="élémentaire",
        choices=[(value, value) for value in logic.RESTAURANT_TYPES],
    )
    identifier_type = models.CharField(_("type d'identifiant"), max_length=5, choices=RestaurantIdType.choices,
                                       default=RestaurantIdType.SANS)
    identifier = models.CharField(_("identifiant"), max_length=30, blank=True,
                                  help_text=_("SIRET, code UAI ou autre, selon le type d'identifiant."))
    diners = models.CharField(_("convives"), max_length=100, default="tous",
                              help_text=_("Les convives servis, ex. « tous », « élèves », « adultes »."))
    collectivity_name = models.CharField(_("collectivité"), max_length=200,
                                         help_text=_("La collectivité qui publie les menus (menuCollNom)."))
    collectivity_siret = models.CharField(_("SIRET de la collectivité"), max_length=14,
                                          validators=[validate_siret])
    kitchen_name = models.CharField(
        _("cuisine"), max_length=200,
        help_text=_("L'établissement qui prépare les repas : la cuisine centrale, ou le restaurant lui-même "
                    "(menuEtablissementNom)."),
    )
    kitchen_siret = models.CharField(_("SIRET de la cuisine"), max_length=14, blank=True,
                                     validators=[validate_siret])
    decided_by = models.CharField(
        _("qui compose les menus ?"), max_length=30, choices=ResponsibleBody.choices, default=ResponsibleBody.MAIRIE,
        help_text=_("Affiché avec les menus, pour que les familles sachent à qui s'adresser."),
    )

    panels = [
        FieldPanel("commune"),
        FieldPanel("name"),
        FieldPanel("schools"),
        FieldPanel("restaurant_type"),
        FieldRowPanel([FieldPanel("identifier_type"), FieldPanel("identifier")]),
        FieldPanel("diners"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("collectivity_name"), FieldPanel("collectivity_siret")]),
            FieldRowPanel([FieldPanel("kitchen_name"), FieldPanel("kitchen_siret")]),
            FieldPanel("decided_by"),
        ], heading=_("Qui publie, qui cuisine")),
    ]

    class Meta:
        ordering = ["commune__name", "name"]
        verbose_name = _("restaurant scolaire")
        verbose_name_plural = _("restaurants scolaires")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="mon_enfant_menus_restaurant_name"),
        ]

    def __str__(self):
        return self.name


class Menu(PreviewableMixin, ClusterableModel):
    """What a restaurant serves for one meal of one day, dish by dish."""

    restaurant = models.ForeignKey(Restaurant, on_delete=models.CASCADE, related_name="menus",
                                   verbose_name=_("restaurant"))
    date = models.DateField(_("date"))
    meal = models.CharField(_("repas"), max_length=20, choices=Meal.choices, default=Meal.DEJEUNER)
    published_at = models.DateTimeField(_("date de publication"), null=True, blank=True)
    modified_at = models.DateTimeField(_("date de modification"), null=True, blank=True)
    modification_info = models.CharField(_("motif de la modification"), max_length=200, blank=True,
                                         help_text=_("Ex. « livraison annulée : plat remplacé »."))

    panels = [
        FieldPanel("restaurant"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("meal")]),
        InlinePanel("dishes", label=_("Plats"), heading=_("Plats"), min_num=1),
        MultiFieldPanel([FieldPanel("modification_info")], heading=_("Modification")),
    ]

    class Meta:
        ordering = ["date", "restaurant__name", "meal"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(fields=["restaurant", "date", "meal"], name="mon_enfant_menus_one_menu_per_meal"),
        ]
        indexes = [models.Index(fields=["date", "restaurant"], name="mon_enfant_menus_date_idx")]

    def __str__(self):
        return f"{self.restaurant} – {self.date:%d/%m/%Y} – {self.get_meal_display()}"

    def get_preview_template(self, request, mode_name):
        return "mon_enfant_menus/menu_preview.html"

    def get_preview_context(self, request, mode_name):
        # The week around this menu is built by the template (``menus_preview_week``): models.py imports
        # nothing above it.
        return {**super().get_preview_context(request, mode_name), "menu": self}


class Dish(Orderable):
    """One dish of a menu. ``sort_order`` keeps the file's (or the editor's) order within its course."""

    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="dishes")
    course = models.CharField(_("type de plat"), max_length=20, choices=Course.choices, default=Course.PLAT)
    name = models.CharField(_("nom du plat"), max_length=logic.MAX_DISH_NAME)
    is_alternative = models.BooleanField(
        _("plat de substitution"), default=False,
        help_text=_("Proposé à la place d'un autre plat du même type (sans porc, végétarien...)."),
    )
    siqo = ListField(_("signes officiels de qualité"), item_choices=Siqo.choices)
    labels = ListField(_("autres labels"), help_text=_("Séparés par « ; », ex. « local ; fait maison »."))
    diets = ListField(_("régimes"), help_text=_("Séparés par « ; », ex. « végétarien ; sans porc »."))
    allergens = ListField(_("allergènes"), item_choices=Allergen.choices)
    textures = ListField(_("textures"), help_text=_("Séparées par « ; », ex. « mixé »."))
    precisions = ListField(_("précisions"), help_text=_("Séparées par « ; », ex. « repas de Noël »."))
    nutriscore = models.CharField(_("Nutri-Score"), max_length=1, blank=True,
                                  choices=[(value, value) for value in logic.NUTRISCORES])
    code = models.CharField(_("code du plat"), max_length=logic.MAX_DISH_CODE, blank=True)
    cost = models.DecimalField(_("coût de revient (€)"), max_digits=8, decimal_places=2, null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("course"), FieldPanel("name")]),
        FieldPanel("is_alternative"),
        FieldPanel("siqo"),
        FieldPanel("labels"),
        FieldPanel("diets"),
        FieldPanel("allergens"),
        FieldPanel("textures"),
        FieldPanel("precisions"),
        FieldRowPanel([FieldPanel("nutriscore"), FieldPanel("code"), FieldPanel("cost")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plat")
        verbose_name_plural = _("plats")

    def __str__(self):
        return self.name

    @property
    def is_vegetarian(self):
        return logic.is_vegetarian(self.diets)

    def facts(self) -> logic.DishFacts:
        return logic.DishFacts(self.course, tuple(self.diets), tuple(self.siqo), tuple(self.labels),
                               self.is_alternative)
