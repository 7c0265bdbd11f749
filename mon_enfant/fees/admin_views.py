"""The fee import screen: upload a CSV, read the dry-run report, confirm (see BaseImportView)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from mon_enfant.admin_views import BaseImportView
from mon_enfant.permissions import user_may

from .models import FeeGrid, Service


def may_publish(user):
    """Whether ``user`` may publish the grids an import writes (else they stay drafts)."""
    return user_may(user, "publish", FeeGrid)


class FeeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy("UTF-8, séparateur « ; », une ligne par tranche. Voir le format ci-dessous."),
    )
    draft = forms.BooleanField(
        label=gettext_lazy("Enregistrer comme brouillons"),
        required=False,
        help_text=gettext_lazy("Les grilles sont à relire puis publier (ou programmer) dans « Grilles tarifaires ». "
                               "Sinon, elles sont publiées dès la confirmation."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not may_publish(user):
            # Without the right to publish, an import can only prepare drafts.
            self.fields["draft"].initial = True
            self.fields["draft"].disabled = True
            self.fields["draft"].help_text = gettext_lazy(
                "Vous n'avez pas le droit de publier : les grilles importées restent des brouillons."
            )


class FeeImportView(BaseImportView):
    page_title = gettext_lazy("Importer des tarifs")
    form_class = FeeImportForm
    format_help_template = "mon_enfant_fees/admin/import_help.html"
    required_permissions = [(FeeGrid, ["add", "change"]), (Service, ["add", "change"])]

    def run_import(self, data, *, dry_run, options):
        from .importers import import_fees

        user = self.request.user
        return import_fees(
            data,
            dry_run=dry_run,
            publish=not options.get("draft") and may_publish(user),
            # A fee import never creates a commune: only the rows' communes are checked.
            allowed_communes=self.import_options(options)["allowed_communes"],
            user=user,
        )

    def get_success_url(self):
        return reverse("mon_enfant_fees_grid:list")
