"""The starter pages of "Questions fréquentes et démarches" (see ``starter_pages`` in :mod:`mon_enfant.features`)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_faq", "FaqPage"),
            slug="questions",
            title=_("Questions fréquentes"),
            fields={
                "search_description": _("Les réponses de la mairie aux questions des familles sur l'école, la "
                                        "cantine, le périscolaire et les démarches."),
                "intro": "<p>{}</p>".format(_("Cherchez un mot, ou ouvrez un thème. Si la réponse ne suffit pas, "
                                              "contactez-nous : un agent vous répond.")),
            },
        ),
        StarterPage(
            page_model=apps.get_model("mon_enfant_faq", "ProcedureIndexPage"),
            slug="demarches",
            title=_("Démarches"),
            fields={
                "search_description": _("Les démarches scolaires pas à pas : quoi faire, où, avant quelle date, "
                                        "avec quelles pièces."),
                "intro": "<p>{}</p>".format(_("Chaque démarche pas à pas, avec ses dates et la liste des pièces à "
                                              "fournir, à imprimer.")),
            },
        ),
    ]
