"""The starter page of "Carte des services enfance" (see ``starter_pages`` in :mod:`mon_enfant.features`)."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_places", "PlacesMapPage"),
            slug="carte",
            title=_("Carte des services enfance"),
            fields={
                "search_description": _("Crèches, accueils de loisirs, médiathèques, équipements sportifs : les "
                                        "services pour les enfants de la commune, sur une carte et en liste."),
                "intro": "<p>{}</p>".format(_(
                    "Trouvez les services pour les enfants près de chez vous : filtrez par catégorie et par âge, "
                    "ou indiquez votre adresse pour voir les plus proches."
                )),
            },
        )
    ]
