"""Core data shared by every feature: communes (the tenants), schools and the human contacts.

Every piece of commune data belongs to a commune, and editors see only the communes their groups
are given (see :mod:`mon_enfant.permissions`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import ModelLogEntry, Page
from wagtail.models.audit_log import ModelLogEntryManager

from .addresses.display import fill_display_addresses
from .addresses.models import Address, Street  # noqa: F401  (the local address index, models of this app)
from .conf import layout_context
from .directory import SchoolFilterForm
from .features import school_links, school_sections
from .validators import (
    normalise_code,
    split_postcodes,
    validate_code_insee,
    validate_postcodes,
    validate_siret,
    validate_uai,
)


class ResponsibleBody(models.TextChoices):
    """Who decides: parents must be able to tell the mairie's decisions from the Éducation nationale's."""

    MAIRIE = "mairie", _("Mairie")
    EDUCATION_NATIONALE = "education_nationale", _("Éducation nationale")
    ECOLE = "ecole", _("École")
    INTERCOMMUNALITE = "intercommunalite", _("Intercommunalité")
    CAF = "caf", _("CAF")


class SchoolLevel(models.TextChoices):
    """Levels taught. A "primaire" school teaches both maternelle and élémentaire."""

    MATERNELLE = "maternelle", _("Maternelle")
    ELEMENTAIRE = "elementaire", _("Élémentaire")
    PRIMAIRE = "primaire", _("Primaire (maternelle et élémentaire)")
    COLLEGE = "college", _("Collège")


LEVELS_TAUGHT = {
    SchoolLevel.MATERNELLE: {SchoolLevel.MATERNELLE},
    SchoolLevel.ELEMENTAIRE: {SchoolLevel.ELEMENTAIRE},
    SchoolLevel.PRIMAIRE: {SchoolLevel.MATERNELLE, SchoolLevel.ELEMENTAIRE},
    SchoolLevel.COLLEGE: {SchoolLevel.COLLEGE},
}


# The levels a child is in, which a parent filters the schools by (a "primaire" school teaches two of them).
CHILD_LEVELS = (SchoolLevel.MATERNELLE, SchoolLevel.ELEMENTAIRE, SchoolLevel.COLLEGE)


def levels_teaching(level):
    """The school levels that teach ``level``: "maternelle" is taught by maternelles and primaires."""
    return [value for value, taught in LEVELS_TAUGHT.items() if level in taught]


class SchoolSector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "prive", _("Privé")


class CommuneQuerySet(models.QuerySet):
    def for_site(self, site):
        """Communes served by a Wagtail site (several for an intercommunalité or an RPI)."""
        if site is None:
            return self.none()
        return self.filter(sites=site)


class Commune(models.Model):
    """A commune, the tenant of the app: every piece of data (schools and each feature's data)
    belongs to one. One Wagtail site may serve several communes, and one commune several sites."""

    name = models.CharField(_("nom"), max_length=120)
    code_insee = models.CharField(
        _("code INSEE"),
        max_length=5,
        unique=True,
        validators=[validate_code_insee],
        help_text=_("Code officiel géographique de la commune (5 caractères, ex. 35288)."),
    )
    postal_codes = models.CharField(
        _("codes postaux"),
        max_length=200,
        blank=True,
        validators=[validate_postcodes],
        help_text=_("Séparés par des virgules, ex. « 35400, 35800 »."),
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    sites = models.ManyToManyField(
        "wagtailcore.Site",
        blank=True,
        related_name="mon_enfant_communes",
        verbose_name=_("sites Wagtail"),
        help_text=_("Les sites qui présentent les informations de cette commune."),
    )
    editor_groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="mon_enfant_communes",
        verbose_name=_("groupes d'éditeurs"),
        help_text=_("Les membres de ces groupes gèrent les données de cette commune."),
    )

    objects = CommuneQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code_insee"),
        FieldPanel("postal_codes"),
        FieldPanel("siret"),
        FieldPanel("sites", permission="superuser"),
        FieldPanel("editor_groups", permission="superuser"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name} ({self.code_insee})"

    @property
    def postal_code_list(self):
        return split_postcodes(self.postal_codes)

    def primary_contact(self):
        """The contact shown first for this commune (its primary one), or None."""
        return next(iter(Contact.objects.chosen_for([self])), None)


class SchoolQuerySet(models.QuerySet):
    def serving(self, communes):
        """The schools of ``communes`` and those serving them (an RPI, an intercommunal collège), once each."""
        return self.filter(models.Q(commune__in=communes) | models.Q(served_communes__in=communes)).distinct()

    def teaching(self, level):
        """The schools a child of ``level`` (one of :data:`CHILD_LEVELS`) may attend."""
        return self.filter(level__in=levels_teaching(level))


class School(models.Model):
    """A school or collège, identified by its UAI (the national "code établissement", ex. 0350916F)."""

    uai = models.CharField(
        _("code UAI"),
        max_length=8,
        unique=True,
        validators=[validate_uai],
        help_text=_("Unité administrative immatriculée : 7 chiffres et une lettre, ex. 0350916F."),
    )
    name = models.CharField(_("nom"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=SchoolLevel.choices)
    sector = models.CharField(
        _("secteur"), max_length=10, choices=SchoolSector.choices, default=SchoolSector.PUBLIC
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("commune"),
        help_text=_("La commune où se trouve l'école."),
    )
    served_communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="served_by_schools",
        verbose_name=_("autres communes desservies"),
        help_text=_("Pour un regroupement pédagogique ou un collège de secteur intercommunal."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("localité"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    ent_url = models.URLField(
        _("adresse de l'ENT"),
        blank=True,
        help_text=_("Espace numérique de travail de l'école (cahier de textes, messagerie...)."),
    )
    director = models.CharField(_("direction"), max_length=200, blank=True)
    opening_hours = models.TextField(_("horaires"), blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("uai"), FieldPanel("name"), FieldPanel("level"), FieldPanel("sector")],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldPanel("served_communes"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
            ],
            heading=_("Localisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("ent_url"),
                FieldPanel("director"),
                FieldPanel("opening_hours"),
                FieldPanel("accessibility"),
            ],
            heading=_("Contact et accueil"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("école")
        verbose_name_plural = _("écoles")

    def __str__(self):
        return f"{self.name} ({self.uai})"

    def teaches(self, level):
        return level in LEVELS_TAUGHT.get(self.level, set())

    @property
    def full_address(self):
        return " ".join(part for part in [self.address, self.postcode, self.city] if part)

    @cached_property
    def display_address(self):
        """The address for a parent to read, "12 rue des Corsaires, 35400 Saint-Malo", where the annuaire
        publishes "12 rue DES CORSAIRES" and "ST MALO" (see ``mon_enfant.addresses.casing``); a list of
        schools fills it for all at once with ``fill_display_addresses``."""
        fill_display_addresses([self])
        return self.__dict__["display_address"]

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    def who_decides(self):
        """Who admits a child to this school, and how, as its page says: ``(ResponsibleBody, explanation)``."""
        if self.sector == SchoolSector.PRIVATE:
            return ResponsibleBody.ECOLE, _("Un établissement privé inscrit lui-même ses élèves : "
                                            "adressez-vous à sa direction.")
        if self.level == SchoolLevel.COLLEGE:
            return ResponsibleBody.EDUCATION_NATIONALE, _(
                "L'affectation dans un collège public est décidée par la direction académique "
                "(Éducation nationale) ; le collège inscrit ensuite l'élève.")
        return ResponsibleBody.MAIRIE, _("La mairie inscrit votre enfant dans l'école publique de son secteur ; "
                                         "la direction de l'école prononce ensuite l'admission.")

    @property
    def map_url(self):
        """A link to the school on OpenStreetMap (opens outside the site, no JavaScript needed)."""
        if not self.has_position:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=18/{self.latitude}/{self.longitude}"
        )


class ContactQuerySet(models.QuerySet):
    def chosen_for(self, communes, responsible_body=None):
        """The contacts a page, a block or an answer shows for ``communes`` (a commune or several), in one query.

        Without ``responsible_body``: each commune's primary contacts (a commune may list several: its
        education service, its town hall), or its first contact when none is primary. With it (who decides
        a family's question, e.g. the Éducation nationale for a collège): each commune's first contact of
        that body, else its first contact. Primary contacts come first, then by service name.
        """
        if isinstance(communes, Commune):
            communes = [communes]
        contacts = self.filter(commune__in=communes).select_related("commune").order_by(
            "commune__name", "commune_id", "-is_primary", "service_name", "pk"
        )
        by_commune = {}
        for contact in contacts:
            by_commune.setdefault(contact.commune_id, []).append(contact)
        chosen = []
        for listed in by_commune.values():
            if responsible_body is not None:
                deciding = [contact for contact in listed if contact.responsible_body == responsible_body]
                chosen.append((deciding or listed)[0])
            else:
                chosen.extend([contact for contact in listed if contact.is_primary] or listed[:1])
        return chosen


class Contact(models.Model):
    """The human contact of a commune's service, shown on every tool: a real person is one click away."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("commune")
    )
    service_name = models.CharField(
        _("service"), max_length=200, help_text=_("Ex. « Service Éducation – Enfance »")
    )
    responsible_body = models.CharField(
        _("organisme"),
        max_length=30,
        choices=ResponsibleBody.choices,
        default=ResponsibleBody.MAIRIE,
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    address = models.TextField(_("adresse"), blank=True)
    opening_hours = models.TextField(_("horaires d'accueil"), blank=True)
    contact_url = models.URLField(
        _("formulaire de contact en ligne"), blank=True, help_text=_("Facultatif.")
    )
    is_primary = models.BooleanField(
        _("contact principal"),
        default=True,
        help_text=_("Le contact affiché par défaut sur les outils de la commune."),
    )

    objects = ContactQuerySet.as_manager()

    panels = [
        FieldPanel("commune"),
        FieldPanel("service_name"),
        FieldPanel("responsible_body"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("contact_url"),
        FieldPanel("is_primary"),
    ]

    class Meta:
        ordering = ["commune__name", "-is_primary", "service_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.service_name} – {self.commune.name}"

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


class MonEnfantPageMixin(models.Model):
    """Behaviour shared by every page of the app: it extends the host's base template, knows which
    communes it serves and shows their human contact. Abstract, so a site with its own base page
    model builds its pages on it."""

    communes = ParentalManyToManyField(
        Commune,
        blank=True,
        verbose_name=_("communes"),
        help_text=_("Laisser vide pour toutes les communes du site."),
    )
    responsible_body = models.CharField(
        _("qui décide ?"),
        max_length=30,
        choices=ResponsibleBody.choices,
        default=ResponsibleBody.MAIRIE,
        help_text=_("Affiché sur la page pour que les familles sachent qui décide."),
    )

    class Meta:
        abstract = True

    def get_communes(self, request=None):
        chosen = list(self.communes.all())
        if chosen:
            return chosen
        return list(Commune.objects.for_site(self.get_site()))

    def get_contacts(self, communes):
        return Contact.objects.chosen_for(communes)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communes = self.get_communes(request)
        context.update(layout_context(
            mon_enfant_communes=communes,
            mon_enfant_contacts=self.get_contacts(communes),
            responsible_body_label=self.get_responsible_body_display(),
        ))
        return context


def pages_serving(pages, commune):
    """Of ``pages`` (a queryset of a :class:`MonEnfantPageMixin` page type), those that serve ``commune``, the
    rule of :meth:`MonEnfantPageMixin.get_communes` in one query: the pages that chose it, and those that
    chose none under the root of a site the commune is attached to."""
    roots = Q(pk__in=[])
    for root in commune.sites.values_list("root_page__path", flat=True):
        roots |= Q(path__startswith=root)
    return pages.filter(Q(communes=commune) | (Q(communes__isnull=True) & roots)).distinct()


# What a webmaster may use in a tool page's texts: no headings (the page has its own), no images or embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ToolPageMixin(MonEnfantPageMixin):
    """A tool's page: the webmaster's introduction above the tool, and what the tool adds to the page's context
    (:meth:`get_tool_context`, given the communes the page serves). Abstract, like every page mixin."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("communes"),
        FieldPanel("responsible_body"),
    ]

    class Meta:
        abstract = True

    def get_tool_context(self, request, communes):
        """The tool's part of the context: its form, its answer, its lists."""
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_tool_context(request, context["mon_enfant_communes"]))
        return context


class SchoolDirectoryPageMixin(RoutablePageMixin, ToolPageMixin):
    """The schools of the commune(s), each with its card: the first tool a parent opens.

    The directory is filtered by a GET form (the level a child is in, public or private). Each school it
    serves has its own page under it, ``<directory>/<uai>/`` (the UAI in any case): its card, who decides
    and whom to call, and what every installed feature knows of it (:func:`mon_enfant.features.school_sections`).
    """

    school_template = "mon_enfant/school_page.html"

    class Meta:
        abstract = True

    @re_path(r"^(?P<uai>[0-9]{7}[A-Za-z])/$", name="school")
    def school_route(self, request, uai):
        """A school's page; "0350916f/" leads to the one address of the page, "0350916F/"."""
        canonical = normalise_code(uai)
        if canonical != uai:
            return redirect(self.school_url(canonical, request), permanent=True)
        try:
            return self.render(request, template=self.school_template, uai=canonical)
        except Http404:
            # A school that closed, moved or was mistyped in a link: the directory itself, saying so, so the
            # parent finds the school from there (404 all the same, for links checkers and search engines).
            response = self.render(request, unknown_uai=canonical)
            response.status_code = 404
            return response

    def school_url(self, uai, request=None):
        """The URL of a school's page under this directory (whether it serves the school or not)."""
        return (self.get_url(request) or "") + self.reverse_subpage("school", kwargs={"uai": uai})

    def get_schools(self, communes):
        return School.objects.serving(communes).select_related("commune").order_by("level", "name")

    def get_context(self, request, *args, uai=None, unknown_uai=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if uai is None:
            context.update(self.get_directory_context(request, context["mon_enfant_communes"]),
                           unknown_uai=unknown_uai)
        else:
            context.update(self.get_school_context(request, context["mon_enfant_communes"], uai))
        return context

    def filter_form(self, request):
        return SchoolFilterForm.from_query(
            request.GET if request is not None else {},
            levels=[(level.value, level.label) for level in CHILD_LEVELS],
            sectors=SchoolSector.choices,
        )

    def get_directory_context(self, request, communes):
        form = self.filter_form(request)
        chosen = form.chosen()
        schools = self.get_schools(communes)
        if "niveau" in chosen:
            schools = schools.teaching(chosen["niveau"])
        if "secteur" in chosen:
            schools = schools.filter(sector=chosen["secteur"])
        schools = list(schools)
        fill_display_addresses(schools)
        groups = []
        for value, label in SchoolLevel.choices:
            members = [school for school in schools if school.level == value]
            if members:
                groups.append({"level": value, "label": label, "schools": members})
        return {
            "school_groups": groups,
            "school_count": len(schools),
            "school_filter_form": form,
            "school_filters": [dict(form.fields[name].choices)[value] for name, value in chosen.items()],
            "school_filter_links": self.filter_links(request),
            "mon_enfant_school_links": school_links(schools, request),
            # The cards link to the schools' pages under this directory (no query: the school card reads it).
            "mon_enfant_school_pages": {school.pk: self.school_url(school.uai, request) for school in schools},
        }

    # The directory's shortcuts, one per filter value: "only the collèges", "only the private schools".
    FILTER_LINKS = (
        ("niveau", SchoolLevel.MATERNELLE, _("Écoles maternelles")),
        ("niveau", SchoolLevel.ELEMENTAIRE, _("Écoles élémentaires")),
        ("niveau", SchoolLevel.COLLEGE, _("Collèges")),
        ("secteur", SchoolSector.PUBLIC, _("Établissements publics")),
        ("secteur", SchoolSector.PRIVATE, _("Établissements privés")),
    )

    def filter_links(self, request):
        return [{"label": label, "url": self.filter_url(request, name, value)}
                for name, value, label in self.FILTER_LINKS]

    def filter_url(self, request, name, value):
        """The directory filtered by one value, or "" when it is no filter's value (a "primaire" school's level)."""
        if (name, value) not in {(name, value) for name, value, _label in self.FILTER_LINKS}:
            return ""
        return f"{self.get_url(request) or ''}?{name}={value}"

    def get_school_context(self, request, communes, uai):
        """A school's page: 404 for a UAI no school of this page's communes has."""
        school = self.get_schools(communes).filter(uai=uai).first()
        if school is None:
            raise Http404
        fill_display_addresses([school])
        body, explanation = school.who_decides()
        commune_ids = {commune.pk for commune in communes}
        nearest = [school.commune] if school.commune_id in commune_ids else communes
        return {
            "school": school,
            "school_sections": school_sections(school, request),
            "school_decider_explanation": explanation,
            "school_level_url": self.filter_url(request, "niveau", school.level),
            "school_sector_url": self.filter_url(request, "secteur", school.sector),
            "responsible_body_label": ResponsibleBody(body).label,
            "mon_enfant_contacts": Contact.objects.chosen_for(nearest, responsible_body=body),
            "mon_enfant_school_links": school_links([school], request),
        }


class SchoolDirectoryPage(SchoolDirectoryPageMixin, Page):
    template = "mon_enfant/school_directory_page.html"
    subpage_types = []
    max_count_per_parent = 1

    content_panels = SchoolDirectoryPageMixin.content_panels

    class Meta:
        verbose_name = _("annuaire des écoles")
        verbose_name_plural = _("annuaires des écoles")


class CommuneScopedLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        from .permissions import log_entries_of_user_communes

        return log_entries_of_user_communes(super().viewable_by_user(user), user)


class CommuneScopedLogEntry(ModelLogEntry):
    """Wagtail's log of the changes made to non-page objects, read through the per-commune permissions.

    Wagtail shows an entry (the object's name, who changed it, when) to anyone holding a permission on
    its model; for a model narrowed to communes, an editor sees only the entries of their communes' objects
    (the site history report, its exports and filters). The same table: a proxy, registered in
    ``wagtail_hooks.py`` in place of ``ModelLogEntry``.
    """

    objects = CommuneScopedLogEntryManager()

    class Meta:
        proxy = True

