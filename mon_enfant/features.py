"""The feature registry: how a feature app plugs into Mon enfant à l'école without the core naming it.

A feature is a Django app whose ``AppConfig`` subclasses :class:`MonEnfantFeature` and declares, in one
place, what it brings. Every declaration is optional and is a dotted path (``"package.module.name"``),
so that ``apps.py`` imports nothing while Django loads the apps. Import the module, not the class:
Django takes the only ``AppConfig`` subclass *named* in ``apps.py`` as the app's configuration::

    from mon_enfant import features

    class LudothequeConfig(features.MonEnfantFeature):
        name = "ludotheque"
        label = "ludotheque"
        verbose_name = _("Ludothèque")

        api_router = "ludotheque.api.router"                      # a ninja Router, mounted on the package's API
        blocks = {"games": "ludotheque.blocks.GamesBlock"}        # in mon_enfant_blocks()
        admin_viewsets = "ludotheque.wagtail_hooks.admin_viewsets"  # () -> viewsets for the admin menu
        starter_pages = "ludotheque.pages.starter_pages"          # () -> [StarterPage, ...]
        family_school = "ludotheque.services.family_school"       # (FamilyContext) -> School | None
        family_section = "ludotheque.services.family_section"     # (FamilyContext) -> FamilySection | None
        school_section = "ludotheque.services.school_section"     # (school, request) -> SchoolSection | None
        school_links = "ludotheque.services.school_links"         # (schools, request) -> {pk: [SchoolLink]}
        settings_defaults = {"LUDOTHEQUE_LOAN_DAYS": 21}           # read with conf.get_setting

What the core does with them:

* ``api_router``: mounted from the feature's ``ready()`` with ``api.add_router`` (as
  ``wagtail.contrib.redirects`` does), at ``/api/mon-enfant/v1/``; the router names its own paths.
* ``blocks``: :func:`mon_enfant.blocks.mon_enfant_blocks` lists the installed features' blocks after the
  core's, in ``INSTALLED_APPS`` order, for a host's ``StreamField``.
* ``admin_viewsets``: the core's "Mon enfant à l'école" admin menu adds them after communes, schools and
  contacts.
* ``starter_pages``: neutral pages (title, slug, default texts) a webmaster creates under a site's root
  and then edits; :func:`starter_pages` gathers them.
* ``family_school``: the school a family belongs to, from what it told (the carte scolaire answers from
  the address). A summary page asks :func:`family_school` first, when the family did not name its school,
  and gives the answer to every section in :attr:`FamilyContext.school`.
* ``family_section``: what the feature can say to one family (:class:`FamilyContext`: commune, school
  year, level, address or school, optional QF). A summary page composes the sections of
  :func:`family_sections`; a feature with nothing to say for this family returns ``None``.
* ``school_section``: what the feature knows of one school (its sector's streets, this week's menu, its
  events...), for the school's own page: :func:`school_sections` composes them, in order; a feature with
  nothing to say of this school returns ``None``.
* ``school_links``: what the feature offers about a school on its card (a link to another tool...), as
  :class:`SchoolLink` by school ``pk``, for a whole list of schools at once (a constant number of queries);
  :func:`school_links` gathers them for a page's context (``mon_enfant_school_links``), which the
  core's school card lists.
* ``settings_defaults``: the feature's own ``MON_ENFANT_*`` settings with their defaults;
  :func:`mon_enfant.conf.get_setting` reads them like the core's (the host overrides them in its settings).
* ``pages_module``: the module holding the feature's page types (default ``"<name>.pages"``, when it
  exists) is imported from ``ready()``: ``models.py`` imports nothing above it, and the page models are
  registered before anything serves a page.

The core never imports a feature: it only reads these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class FamilyContext:
    """What a family told about itself, for one answer; never stored.

    ``address`` is what the parent typed (to be parsed by the feature that needs it, never logged);
    ``school`` is the school the family chose or the carte scolaire gave; ``quotient_familial`` is only ever
    given by POST. ``request`` (when there is one) lets a section link to the site's own tool pages;
    ``answer_url`` (when the answer is a page's) gives the URL of the same answer with some values changed,
    ``answer_url(address="12 rue ...")``, for a section's "did you mean...?" links (never with the QF).
    """

    commune: Any  # mon_enfant.models.Commune
    school_year: str
    level: str = ""
    address: str = ""
    school: Any = None  # mon_enfant.models.School | None
    quotient_familial: Decimal | None = None
    request: Any = None
    answer_url: Callable[..., str] | None = None


@dataclass(frozen=True)
class Section:
    """One part of a family's answer or of a school's page: a heading, the template that renders it and its
    context."""

    feature: str  # the feature's app label
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
    # The section would say more with the family's quotient familial: a summary page then offers its QF form.
    uses_qf: bool = False


FamilySection = SchoolSection = Section


@dataclass(frozen=True)
class SchoolLink:
    """A link a feature adds to a school's card, with its label in the page's language."""

    label: str
    url: str


@dataclass(frozen=True)
class StarterPage:
    """A page a feature offers to create under a site's root, with neutral texts the webmaster edits.

    ``fields`` are given to the page's constructor; ``communes`` are set after it is created when the
    page type has a ``communes`` relation.
    """

    page_model: type
    slug: str
    title: str
    fields: Mapping[str, Any] = field(default_factory=dict)


class MonEnfantFeature(AppConfig):
    """Base ``AppConfig`` of every feature app: see the module docstring for what each attribute means."""

    default_auto_field = "django.db.models.BigAutoField"

    api_router: str | None = None
    blocks: Mapping[str, str] = {}
    admin_viewsets: str | None = None
    starter_pages: str | None = None
    family_school: str | None = None
    family_section: str | None = None
    school_section: str | None = None
    school_links: str | None = None
    pages_module: str | None = None  # default: "<name>.pages" when that module exists
    settings_defaults: Mapping[str, Any] = {}

    def ready(self):
        pages_module = self.pages_module or f"{self.name}.pages"
        if self.pages_module or find_spec(pages_module) is not None:
            import_module(pages_module)
        if self.api_router:
            from .api import api

            api.add_router("/", import_string(self.api_router))

    # What the core reads, each resolved when first asked for.

    def get_blocks(self) -> list[tuple[str, Any]]:
        return [(name, import_string(path)()) for name, path in self.blocks.items()]

    def get_admin_viewsets(self) -> Sequence[Any]:
        return list(_call(self.admin_viewsets) or ())

    def get_starter_pages(self) -> Sequence[StarterPage]:
        return list(_call(self.starter_pages) or ())

    def get_family_school(self, context: FamilyContext) -> Any:
        if not self.family_school:
            return None
        return import_string(self.family_school)(context)

    def get_family_section(self, context: FamilyContext) -> FamilySection | None:
        if not self.family_section:
            return None
        return import_string(self.family_section)(context)

    def get_school_section(self, school, request) -> SchoolSection | None:
        if not self.school_section:
            return None
        return import_string(self.school_section)(school, request)


    def get_school_links(self, schools, request) -> Mapping[Any, Sequence[SchoolLink]]:
        if not self.school_links:
            return {}
        return import_string(self.school_links)(schools, request)


def _call(path: str | None) -> Any:
    if not path:
        return None
    target: Callable[[], Any] = import_string(path)
    return target()


def installed_features() -> list[MonEnfantFeature]:
    """The installed feature apps, in ``INSTALLED_APPS`` order."""
    return [config for config in apps.get_app_configs() if isinstance(config, MonEnfantFeature)]


def feature_blocks() -> list[tuple[str, Any]]:
    """The StreamField blocks of every installed feature, as ``(name, block)`` pairs."""
    return [pair for feature in installed_features() for pair in feature.get_blocks()]


def admin_viewsets() -> list[Any]:
    return [viewset for feature in installed_features() for viewset in feature.get_admin_viewsets()]


def starter_pages() -> list[StarterPage]:
    return [page for feature in installed_features() for page in feature.get_starter_pages()]


def family_school(context: FamilyContext) -> Any:
    """The school the family belongs to, from the first installed feature that knows it (None otherwise)."""
    for feature in installed_features():
        school = feature.get_family_school(context)
        if school is not None:
            return school
    return None


def family_sections(context: FamilyContext) -> list[FamilySection]:
    """What every installed feature says to this family, in display order; silent features left out."""
    return _in_order(feature.get_family_section(context) for feature in installed_features())


def school_sections(school, request=None) -> list[SchoolSection]:
    """What every installed feature says of ``school``, in display order; silent features left out."""
    return _in_order(feature.get_school_section(school, request) for feature in installed_features())


def _in_order(sections) -> list[Section]:
    return sorted((section for section in sections if section is not None), key=lambda section: section.order)


def school_links(schools, request) -> dict[Any, list[SchoolLink]]:
    """What every installed feature offers about each of ``schools`` (``{school.pk: [SchoolLink, ...]}``), in
    ``INSTALLED_APPS`` order. A page puts it in its context as ``mon_enfant_school_links``, which the school
    card reads (``{% school_links school %}``): the schools themselves are not touched, since some are shared
    by every request (a feature's in-memory index)."""
    schools = list(schools)
    merged: dict[Any, list[SchoolLink]] = {}
    if not schools:
        return merged
    for feature in installed_features():
        for pk, links in feature.get_school_links(schools, request).items():
            merged.setdefault(pk, []).extend(links)
    return merged
