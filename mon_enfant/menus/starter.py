"""The starter page of "Menus de la cantine" (see ``starter_pages`` in :mod:`mon_enfant.features`)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_menus", "CanteenMenuPage"),
            slug="menus",
            title=_("Menus de la cantine"),
            fields={
                "search_description": _("Les menus de la semaine dans les restaurants scolaires, avec les "
                                        "allergènes et les labels de qualité."),
                "intro": "<p>{}</p>".format(_(
                    "Choisissez l'école de votre enfant pour lire les menus de la semaine. Signalez les allergènes "
                    "à éviter : les plats qui en contiennent sont indiqués."
                )),
            },
        )
    ]
