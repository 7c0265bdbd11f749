"""The starter page of "Agenda et actualités des écoles" (see ``starter_pages`` in :mod:`mon_enfant.features`)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_agenda", "AgendaPage"),
            slug="agenda",
            title=_("Agenda et actualités des écoles"),
            fields={
                "search_description": _("Les sorties, fêtes d'école, réunions d'information et périodes "
                                        "d'inscription des écoles, et leurs actualités."),
                "intro": "<p>{}</p>".format(_("Choisissez l'école de votre enfant pour voir ses événements et ceux "
                                              "de toute la commune. Abonnez-vous à l'agenda pour le retrouver dans "
                                              "votre calendrier.")),
            },
        )
    ]
