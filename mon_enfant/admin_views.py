"""Admin screens that are not plain model CRUD: the school import with its dry-run report."""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .conf import get_setting
from .csvfiles import ImportFileError
from .models import School
from .permissions import commune_restriction, communes_for_user, user_may, user_may_add_communes

SESSION_KEY = "mon_enfant_pending_imports"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy("UTF-8, séparateur « ; » ou « , ». Voir le format dans la documentation."),
    )
    create_communes = forms.BooleanField(
        label=gettext_lazy("Créer les communes absentes"),
        required=False,
        help_text=gettext_lazy("Réservé aux administrateurs. Sinon, les lignes de ces communes sont ignorées."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not user_may_add_communes(user):
            del self.fields["create_communes"]


class BaseImportView(WagtailAdminTemplateMixin, FormView):
    """Upload → dry-run report → confirm. The uploaded bytes wait in the session between the dry run and
    the confirmation, under a random token, so the webmaster does not upload the file twice.

    A feature's import screen subclasses it and declares ``required_permissions``: ``(model, actions)``
    pairs asked of each model's permission policy (:func:`mon_enfant.permissions.user_may`), e.g.
    ``[(Rule, ["add", "delete"])]``. The view, its menu item and its form follow them.
    """

    template_name = "mon_enfant/admin/import.html"
    form_class = ImportUploadForm
    header_icon = "upload"
    required_permissions = ()  # [(model, action or [actions]), ...]: all needed
    format_help_template = None

    @classmethod
    def user_has_required_permissions(cls, user):
        return bool(cls.required_permissions) and all(
            user_may(user, actions, model) for model, actions in cls.required_permissions
        )

    @classmethod
    def user_may_import(cls, user):
        """Editors need the permissions and a commune; those who may add communes (superusers) also import
        before any commune exists."""
        return cls.user_has_required_permissions(user) and (
            user_may_add_communes(user) or communes_for_user(user).exists()
        )

    def import_options(self, options):
        """What every importer takes from the user: whether missing communes may be created (only for those
        the policy lets add communes) and the communes the rows may touch (``None``: any)."""
        user = self.request.user
        return {
            "create_communes": user_may_add_communes(user) and options.get("create_communes", False),
            "allowed_communes": commune_restriction(user),
        }

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def run_import(self, data, *, dry_run, options):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["communes"] = communes_for_user(self.request.user)
        context["format_help_template"] = self.format_help_template
        return context

    def post(self, request, *args, **kwargs):
        token = request.POST.get("confirm_token")
        if token:
            return self.confirm(token)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > get_setting("MON_ENFANT_IMPORT_MAX_BYTES"):
            form.add_error("file", _("Fichier trop volumineux."))
            return self.form_invalid(form)
        data = upload.read()
        options = {key: value for key, value in form.cleaned_data.items() if key != "file"}
        try:
            report = self.run_import(data, dry_run=True, options=options)
        except ImportFileError as exc:
            return self.render_to_response(self.get_context_data(form=form, errors=exc.errors))
        token = secrets.token_urlsafe(16)
        # One pending import per user is enough; latin-1 round-trips any bytes through the JSON session.
        self.request.session[SESSION_KEY] = {token: {"data": data.decode("latin-1"), "options": options}}
        return self.render_to_response(
            self.get_context_data(form=form, report=report, confirm_token=token, filename=upload.name)
        )

    def confirm(self, token):
        pending = self.request.session.get(SESSION_KEY, {})
        if token not in pending:
            messages.error(self.request, _("Cette simulation a expiré : déposez à nouveau le fichier."))
            return redirect(self.request.path)
        entry = pending.pop(token)
        self.request.session[SESSION_KEY] = pending
        try:
            report = self.run_import(entry["data"].encode("latin-1"), dry_run=False, options=entry["options"])
        except ImportFileError as exc:
            return self.render_to_response(self.get_context_data(form=self.get_form(), errors=exc.errors))
        messages.success(self.request, " ".join(str(line) for line in report.summary_lines()))
        return redirect(self.get_success_url())


class SchoolImportView(BaseImportView):
    page_title = gettext_lazy("Importer des écoles")
    format_help_template = "mon_enfant/admin/school_import_help.html"
    required_permissions = [(School, ["add", "change"])]

    def run_import(self, data, *, dry_run, options):
        from .importers import import_schools

        return import_schools(data, dry_run=dry_run, **self.import_options(options))

    def get_success_url(self):
        return reverse("mon_enfant_school:list")
