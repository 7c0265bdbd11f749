"""The commune filter of admin listings: one factory for every viewset of the core and of the features.

An editor sees only the communes given to their groups (:func:`mon_enfant.permissions.communes_for_user`),
so a listing's "commune" filter offers only those: another commune's name never appears in the admin.
"""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .permissions import communes_for_user, scoped_choices


def user_communes(request):
    """The queryset of a commune filter: the requesting user's communes (none without a request)."""
    from .models import Commune

    return communes_for_user(request.user) if request is not None else Commune.objects.none()


class CommuneScopedFilterSet(WagtailFilterSet):
    """A listing filter set whose "commune" filter, declared or generated from ``Meta.fields``, offers only
    the user's communes, and whose every other choice of an object narrowed to communes (a restaurant, a
    service...) offers only the user's communes' objects."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "commune" in self.filters:
            self.filters["commune"].queryset = user_communes(request)
        user = request.user if request is not None else AnonymousUser()
        for name, choice in self.filters.items():
            queryset = getattr(choice, "queryset", None)
            if name == "commune" or not isinstance(queryset, QuerySet):
                continue
            allowed = scoped_choices(user, queryset.model)
            if allowed is not None:
                choice.queryset = queryset.filter(pk__in=allowed.values("pk"))


def commune_filterset(model, commune_path="commune", fields=(), base=CommuneScopedFilterSet, **filters):
    """A filter set for ``model`` with a "commune" filter (``commune_path``: the ORM path from the model to
    its commune, e.g. ``"service__commune"``), the ``Meta.fields`` ``fields`` and any declared ``filters``.

    Use it as a viewset's ``filterset_class``::

        filterset_class = commune_filterset(FeeGrid, "service__commune", ["school_year", "live"])
    """
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), field_name=commune_path, queryset=user_communes)
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    attributes = {"commune": commune, **filters, "Meta": meta, "__module__": base.__module__}
    return type(f"{model.__name__}FilterSet", (base,), attributes)
