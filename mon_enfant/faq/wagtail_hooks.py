"""Admin wiring of the questions: the questions (drafts, revisions, narrowed to the editor's communes) and the
import, in the "Mon enfant à l'école" menu."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy

from mon_enfant.admin_views import BaseImportView
from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy, communes_for_user
from mon_enfant.wagtail_hooks import CommuneScopedViewSet, ImportViewSet

from .models import Question

register_permission_policy(Question, CommuneScopedPermissionPolicy(Question), exact_class=True)


class QuestionViewSet(CommuneScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions fréquentes")
    list_display = ["question", "theme", "commune"]
    filterset_class = commune_filterset(Question, fields=["theme", "live"])
    search_fields = ["question", "slug"]
    url_prefix = "mon-enfant/questions"
    url_namespace = "mon_enfant_faq_question"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune")


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


def admin_viewsets():
    return [
        QuestionViewSet,
        ImportViewSet("mon_enfant_faq_import", url_prefix="mon-enfant/import-questions", view_class=FaqImportView,
                      menu_label=_("Importer des questions"), icon="upload"),
    ]
