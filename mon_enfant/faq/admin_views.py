"""The admin's import of questions (upload, dry-run report, confirm: see
:class:`~mon_enfant.admin_views.BaseImportView`)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mon_enfant.admin_views import BaseImportView
from mon_enfant.permissions import communes_for_user

from .models import Question


class FaqImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV des questions"),
                           help_text=_("UTF-8, séparateur « ; » ou « , » ; colonnes question et reponse au moins."))
    commune = forms.ModelChoiceField(queryset=None, required=False, label=_("Commune des questions"),
                                     help_text=_("Pour un fichier sans colonne code_insee."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for_user(user) if user is not None else None


class FaqImportView(BaseImportView):
    page_title = _("Importer des questions")
    form_class = FaqImportForm
    format_help_template = "mon_enfant_faq/admin/import_help.html"
    required_permissions = [(Question, ["add", "change", "publish"])]

    def run_import(self, data, *, dry_run, options):
        from .importers import import_faq

        return import_faq(data, commune=options.get("commune"), dry_run=dry_run,
                          allowed_communes=self.import_options(options)["allowed_communes"])

    def form_valid(self, form):
        commune = form.cleaned_data.get("commune")
        form.cleaned_data["commune"] = commune.code_insee if commune else None
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("mon_enfant_faq_question:list")
