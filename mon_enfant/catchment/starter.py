"""The starter page of "Trouver mon école" (see ``starter_pages`` in :mod:`mon_enfant.features`): neutral
texts in the site's language, which the webmaster then edits (the derogation note above all: only the
mairie knows its own deadline and address)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_catchment", "CatchmentLookupPage"),
            slug="trouver-mon-ecole",
            title=_("Trouver mon école"),
            fields={
                "search_description": _("L'école de votre secteur, à partir de votre adresse."),
                "intro": "<p>{}</p>".format(_(
                    "Saisissez votre adresse et choisissez le niveau : vous saurez de quelle école publique "
                    "votre enfant dépend."
                )),
                "derogation_text": "<p>{}</p>".format(_(
                    "Pour inscrire votre enfant dans une autre école que celle de votre secteur, adressez une "
                    "demande de dérogation au service des affaires scolaires de la mairie."
                )),
            },
        )
    ]
