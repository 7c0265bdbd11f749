"""The starter page of "Quotient familial et tarifs" (see ``starter_pages`` in :mod:`mon_enfant.features`):
neutral texts in the site's language, which the webmaster then edits."""

from django.apps import apps
from django.utils.translation import gettext as _

from mon_enfant.features import StarterPage


def starter_pages():
    return [
        StarterPage(
            page_model=apps.get_model("mon_enfant_fees", "FeeCalculatorPage"),
            slug="tarifs",
            title=_("Quotient familial et tarifs"),
            fields={
                "search_description": _("Le prix des services municipaux selon votre quotient familial."),
                "intro": "<p>{}</p>".format(_(
                    "Simulez le prix de chaque service à partir de votre quotient familial, et consultez les "
                    "grilles de tarifs votées par la commune."
                )),
            },
        )
    ]
