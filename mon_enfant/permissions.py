"""Per-commune permissions: editors see and change only the data of the communes their groups are given.

Built on Wagtail's permission policy API. The model-level permissions (add/change/delete school...)
still come from Django's groups; this policy narrows them to the instances whose commune is given to
one of the user's groups. Superusers see everything.

Views never test a raw ``has_perm`` string: they ask :func:`user_may` (``user_may(user, "add", School)``,
``user_may(user, ["add", "change"], School)``), which asks the policy registered for the model
(``register_permission_policy``, in each app's ``wagtail_hooks.py``) or Wagtail's model policy. Rules
such as "only superusers add a commune" live in the policy, once (:class:`CommunePermissionPolicy`).
"""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry


def policy_for(model):
    """The permission policy registered for ``model``, or Wagtail's plain model policy."""
    return policy_registry.get_by_type(model) or ModelPermissionPolicy(model)


def user_may(user, actions: str | Iterable[str], model, instance=None) -> bool:
    """Whether ``user`` may do ``actions`` (one, or several that are all needed) on ``model`` (or on
    ``instance`` of it), as the model's permission policy says."""
    policy = policy_for(model)
    actions = [actions] if isinstance(actions, str) else list(actions)
    if instance is not None:
        return all(policy.user_has_permission_for_instance(user, action, instance) for action in actions)
    return all(policy.user_has_permission(user, action) for action in actions)


def user_may_any(user, actions: Iterable[str], model) -> bool:
    """Whether ``user`` may do at least one of ``actions`` on ``model``."""
    return policy_for(model).user_has_any_permission(user, list(actions))


def _commune_model():
    """The Commune model, looked up in the app registry: this module sits below :mod:`mon_enfant.models`,
    which uses it."""
    return apps.get_model("mon_enfant", "Commune")


def user_may_add_communes(user) -> bool:
    """Whether ``user`` may create communes (an import's "create the missing communes"): the policy's rule."""
    return user_may(user, "add", _commune_model())


def scoped_choices(user, model):
    """The instances of ``model`` that ``user`` may link an object to: those of the user's communes when the
    model is narrowed to communes (its policy is a :class:`CommuneScopedPermissionPolicy`, the Commune
    itself included), ``None`` when the model knows no commune (any instance may then be chosen)."""
    policy = policy_registry.get_by_type(model)
    if not isinstance(policy, CommuneScopedPermissionPolicy):
        return None
    return policy.instances_of_user_communes(user)


def commune_restriction(user):
    """What limits the communes ``user`` acts on, for an importer's ``allowed_communes``: ``None`` when the
    user may act on any commune (or create one), else the list of the user's communes."""
    if user_may_add_communes(user):
        return None
    return list(communes_for_user(user))


def communes_for_user(user):
    """The communes a user may manage: all for superusers, those given to their groups otherwise."""
    Commune = _commune_model()
    if not user.is_active or not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    return Commune.objects.filter(editor_groups__user=user).distinct()


def scoped_models():
    """The snippet models narrowed to communes (core and features): those whose policy is a
    :class:`CommuneScopedPermissionPolicy`."""
    from wagtail.snippets.models import get_snippet_models

    return [
        model for model in get_snippet_models()
        if isinstance(policy_registry.get_by_type(model), CommuneScopedPermissionPolicy)
    ]


def log_entries_of_user_communes(entries, user):
    """``entries`` (Wagtail log entries) without those of objects narrowed to communes that ``user`` does not
    hold; the entries of a deleted object are then shown to superusers only."""
    if user.is_superuser:
        return entries
    from django.contrib.contenttypes.models import ContentType

    hidden = Q()
    for model in scoped_models():
        allowed = policy_for(model).instances_of_user_communes(user)
        object_ids = allowed.order_by().annotate(object_id=Cast("pk", CharField())).values("object_id")
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=object_ids)
    return entries.exclude(hidden) if hidden else entries


class CommuneScopedPermissionPolicy(ModelPermissionPolicy):
    """A model permission policy narrowed to the user's communes.

    ``commune_path`` is the ORM path from the model to its commune ("commune" for a School,
    "" for the Commune itself).
    """

    def __init__(self, model, commune_path="commune", auth_model=None):
        super().__init__(model, auth_model=auth_model)
        self.commune_path = commune_path

    def _commune_filter(self, user):
        communes = communes_for_user(user)
        if self.commune_path:
            return Q(**{f"{self.commune_path}__in": communes})
        return Q(pk__in=communes.values("pk"))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if user.is_superuser:
            return True
        if instance.pk is None:
            commune_id = self._instance_commune_id(instance)
            return commune_id is not None and communes_for_user(user).filter(pk=commune_id).exists()
        return self.model._default_manager.filter(self._commune_filter(user), pk=instance.pk).exists()

    def _instance_commune_id(self, instance):
        """The commune of an object not saved yet: its own foreign key ("commune"), or, through a parent
        ("service__commune", "restaurant__commune"), the parent's commune read in one query."""
        if not self.commune_path:
            return instance.pk
        parent, _sep, rest = self.commune_path.partition("__")
        parent_id = getattr(instance, f"{parent}_id", None)
        if not rest or parent_id is None:
            return parent_id
        parent_model = self.model._meta.get_field(parent).related_model
        return parent_model._default_manager.filter(pk=parent_id).values_list(f"{rest}_id", flat=True).first()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        queryset = self.model._default_manager.all()
        if user.is_superuser:
            return queryset
        return queryset.filter(self._commune_filter(user)).distinct()

    def instances_of_user_communes(self, user):
        """Every instance of the user's communes, whatever the model permissions: what a chooser may
        offer (a page editor of the commune picks its schools without managing them)."""
        queryset = self.model._default_manager.all()
        if user.is_superuser:
            return queryset
        return queryset.filter(self._commune_filter(user)).distinct()

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        commune_id = self._instance_commune_id(instance)
        return users.filter(Q(is_superuser=True) | Q(groups__mon_enfant_communes__pk=commune_id)).distinct()


class CommunePermissionPolicy(CommuneScopedPermissionPolicy):
    """The communes themselves: editors change the communes given to their groups, only superusers add one.

    Adding a commune to the site is the site's decision, and a new commune is given to no group: an editor
    who created one would lose sight of it at once. So the "add" permission counts for superusers only,
    whatever the groups say (the imports' ``--create-communes`` and the admin's upload follow the same rule).
    """

    def __init__(self, model, auth_model=None):
        super().__init__(model, commune_path="", auth_model=auth_model)

    def user_has_permission(self, user, action):
        if action == "add":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others = [action for action in actions if action != "add"]
        users = super().users_with_any_permission(others) if others else get_user_model().objects.none()
        if "add" in actions:
            users = users | get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users.distinct()
