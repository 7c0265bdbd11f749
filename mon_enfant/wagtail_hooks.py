"""Admin wiring: the "Mon enfant à l'école" menu with communes, schools, contacts and the imports.

Feature apps add their own viewsets to the same menu by declaring ``admin_viewsets`` in the feature
registry (see :mod:`mon_enfant.features`).
"""

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.urls import URLPattern, path
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .admin_views import SchoolImportView
from .features import admin_viewsets
from .filters import CommuneScopedFilterSet, commune_filterset
from .models import Commune, CommuneScopedLogEntry, Contact, School
from .permissions import CommunePermissionPolicy, CommuneScopedPermissionPolicy, scoped_choices, scoped_models

register_permission_policy(Commune, CommunePermissionPolicy(Commune), exact_class=True)
register_permission_policy(School, CommuneScopedPermissionPolicy(School), exact_class=True)
register_permission_policy(Contact, CommuneScopedPermissionPolicy(Contact), exact_class=True)


class CommuneScopedForm(WagtailAdminModelForm):
    """The base form of every commune-scoped viewset (core and features): every choice of a commune, or of
    an object narrowed to communes (a school, a service...), offers only the editor's own, whatever the
    field (foreign key or many-to-many), so nothing is created in, moved to or linked with a commune the
    editor does not hold.

    A link to a commune the editor does not hold may already exist (a school serving the children of a
    neighbouring commune, an RPI): someone holding that commune made it, or accepted it. The form neither
    offers nor names it, and an edit keeps it, so the editor can neither make nor drop it: only a user
    holding that commune too (or a superuser) changes it.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.kept_links = {}
        if for_user is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            allowed = scoped_choices(for_user, queryset.model) if queryset is not None else None
            if allowed is None:
                continue
            field.queryset = queryset.filter(pk__in=allowed.values("pk"))
            if isinstance(field, forms.ModelMultipleChoiceField) and self.instance.pk is not None:
                self.kept_links[name] = _outside(getattr(self.instance, name).all(), allowed)

    def clean(self):
        cleaned = super().clean()
        for name, kept in self.kept_links.items():
            if kept and name in cleaned:
                cleaned[name] = [*cleaned[name], *kept]
        return cleaned


def _outside(related, allowed):
    """The objects of ``related`` that are not in ``allowed``. A ``ParentalManyToManyField`` of an object edited
    from its latest revision (a draft) holds its objects in memory, where ``pk__in`` takes no subquery."""
    if isinstance(related, models.QuerySet):
        return list(related.exclude(pk__in=allowed.values("pk")))
    allowed_pks = set(allowed.values_list("pk", flat=True))
    return [obj for obj in related if obj.pk not in allowed_pks]


class CommuneScopedIndexView(IndexView):
    base_filterset_class = CommuneScopedFilterSet


class CommuneScopedChooserMixin:
    """Chooser views (the modal behind a "commune" field, snippet chooser blocks) offering only the
    objects of the user's communes; choosing another commune's object answers 404."""

    def scoped(self, queryset):
        allowed = policy_registry.get_by_type(self.model_class).instances_of_user_communes(self.request.user)
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_object_list(self):
        return self.scoped(super().get_object_list())

    def get_object(self, pk):
        return self.scoped(self.model_class.objects.all()).get(pk=pk)

    def get_objects(self, pks):
        return self.scoped(super().get_objects(pks))


class CommuneScopedChooseView(CommuneScopedChooserMixin, chooser.ChooseView):
    pass


class CommuneScopedChooseResultsView(CommuneScopedChooserMixin, chooser.ChooseResultsView):
    pass


class CommuneScopedChosenView(CommuneScopedChooserMixin, chooser.SnippetChosenView):
    pass


class CommuneScopedChosenMultipleView(CommuneScopedChooserMixin, chooser.SnippetChosenMultipleView):
    pass


class CommuneScopedChooserCreateView(chooser.SnippetCreateView):
    """Choosers offer no creation: an object is created from its viewset's "add" view, whose form keeps it
    in the editor's communes. Wagtail's chooser has no creation form for these models, and its "create"
    URL would answer 500; it answers 404."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class CommuneScopedChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = CommuneScopedChooseView
    choose_results_view_class = CommuneScopedChooseResultsView
    chosen_view_class = CommuneScopedChosenView
    chosen_multiple_view_class = CommuneScopedChosenMultipleView
    create_view_class = CommuneScopedChooserCreateView


class CommuneScopedViewSet(SnippetViewSet):
    """A snippet viewset whose every view is narrowed to the user's communes (see permissions.py):
    the listing shows only them, and any view of another commune's object answers 404."""

    access_actions = ["view", "change", "delete"]
    base_form_class = CommuneScopedForm
    index_view_class = CommuneScopedIndexView
    chooser_viewset_class = CommuneScopedChooserViewSet

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(request.user, self.access_actions)

    def get_edit_handler(self):
        # Wagtail takes the form class from the top panel (or the model), never from the viewset:
        # without this, base_form_class would be ignored and any commune could be chosen.
        edit_handler = super().get_edit_handler()
        if edit_handler.base_form_class is None:
            kwargs = {**edit_handler.clone_kwargs(), "base_form_class": self.base_form_class}
            edit_handler = type(edit_handler)(**kwargs).bind_to_model(self.model)
        return edit_handler

    def get_urlpatterns(self):
        return [self._guard(pattern) for pattern in super().get_urlpatterns()]

    def _guard(self, pattern):
        # regex.groupindex covers path() converters and re_path() groups (revisions_compare is a re_path).
        if not isinstance(pattern, URLPattern) or "pk" not in pattern.pattern.regex.groupindex:
            return pattern
        view = pattern.callback

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            allowed = self.permission_policy.instances_user_has_any_permission_for(
                request.user, self.access_actions
            )
            if not allowed.filter(pk=unquote(str(kwargs["pk"]))).exists():
                raise Http404
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


class CommuneViewSet(CommuneScopedViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    list_display = ["name", "code_insee", "postal_codes"]
    search_fields = ["name", "code_insee"]
    url_prefix = "mon-enfant/communes"
    url_namespace = "mon_enfant_commune"


class SchoolViewSet(CommuneScopedViewSet):
    model = School
    icon = "home"
    menu_label = _("Écoles")
    list_display = ["name", "uai", "level", "commune", Column("sector", label=_("Secteur"))]
    filterset_class = commune_filterset(School, fields=["level", "sector"])
    search_fields = ["name", "uai", "address"]
    url_prefix = "mon-enfant/ecoles"
    url_namespace = "mon_enfant_school"


class ContactViewSet(CommuneScopedViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    list_display = ["service_name", "commune", "phone", "email", "is_primary"]
    filterset_class = commune_filterset(Contact, fields=["is_primary"])
    url_prefix = "mon-enfant/contacts"
    url_namespace = "mon_enfant_contact"


class CommuneScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk deletion, for every snippet narrowed to communes (core and features, present and
    future: those whose policy is a :class:`CommuneScopedPermissionPolicy`). Another commune's objects are
    not even looked up: their names never appear among the objects "you may not delete"."""

    @classproperty
    def models(cls):
        return scoped_models()

    def get_queryset(self, model, object_ids):
        allowed = policy_registry.get_by_type(model).instances_of_user_communes(self.request.user)
        return get_list_or_404(allowed, pk__in=object_ids)


# Registered after Wagtail's own (order): the registry keeps the last action of each type for a model.
hooks.register("register_bulk_action", CommuneScopedDeleteBulkAction, order=1)


@hooks.register("register_log_actions", order=1)
def read_the_log_through_the_communes(actions):
    """Log entries of non-page objects are written and read through :class:`CommuneScopedLogEntry` (the same
    table), so the site history shows an editor only their communes' objects. Wagtail's own model is
    taken out of the models the report reads, or every entry would be listed twice."""
    actions.register_model(models.Model, CommuneScopedLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission_check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_check = permission_check

    def is_shown(self, request):
        return self.permission_check(request.user)


class ImportViewSet(ViewSet):
    """One upload screen, shown in the menu only to users who may use it."""

    view_class = None

    def get_urlpatterns(self):
        return [path("", self.view_class.as_view(), name="import")]

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            permission_check=self.view_class.user_may_import,
        )


class MonEnfantViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Mon enfant à l'école")
    menu_icon = "group"
    menu_name = "mon-enfant"
    menu_order = 250

    def __init__(self):
        self.items = [
            CommuneViewSet,
            SchoolViewSet,
            ContactViewSet,
            *admin_viewsets(),
            ImportViewSet(
                "mon_enfant_school_import",
                url_prefix="mon-enfant/import-ecoles",
                view_class=SchoolImportView,
                menu_label=_("Importer des écoles"),
                icon="upload",
            ),
        ]
        super().__init__()


register_snippet(MonEnfantViewSetGroup)
