"""The starter page of "Mon enfant" (see ``starter_pages`` in :mod:`mon_enfant.features`)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_guichet", "FamilyPage"),
            slug="mon-enfant",
            title=_("Mon enfant à l'école"),
            fields={
                "search_description": _("En une seule page : l'école de votre enfant, ses menus, vos tarifs, les "
                                        "services près de chez vous et les démarches à faire."),
                "intro": "<p>{}</p>".format(_(
                    "Indiquez votre adresse et le niveau de votre enfant : nous rassemblons ce que la mairie "
                    "peut vous dire, sur une seule page à garder ou à imprimer. Rien n'est enregistré."
                )),
            },
        )
    ]
