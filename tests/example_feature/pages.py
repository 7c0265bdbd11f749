"""The feature has no page type of its own: its starter page is the core's school directory, with the
feature's default texts, which shows that a feature may offer any page type through the registry."""

from mon_enfant.features import StarterPage
from mon_enfant.models import SchoolDirectoryPage


def starter_pages():
    return [
        StarterPage(
            page_model=SchoolDirectoryPage,
            slug="ecoles-de-la-rentree",
            title="Les écoles à la rentrée",
            fields={"intro": "<p>Les écoles qui accueillent les élèves à la rentrée.</p>"},
        )
    ]
