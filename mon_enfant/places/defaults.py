"""The categories a site's services map starts with. The webmaster renames, recolours, reorders, adds or
deletes them in the admin (*Catégories de lieux*). Colours are dark enough for a 3:1 contrast against a
light map, and markers wear a white ring.

They are created after ``migrate`` when the site has no category at all (a ``post_migrate`` handler, as
Django creates its permissions): a deleted category is not brought back, and a database emptied between
tests gets them again."""

from django.db import DEFAULT_DB_ALIAS

DEFAULT_CATEGORIES = [
    # code, label, colour, order, for_schools
    ("creche", "Crèches et multi-accueils", "#b3261e", 10, False),
    ("relais-petite-enfance", "Relais petite enfance", "#8e3a59", 20, False),
    ("ecole", "Écoles", "#1f4e9c", 30, True),
    ("periscolaire", "Accueils périscolaires", "#00695c", 40, False),
    ("accueil-de-loisirs", "Accueils de loisirs", "#2e7d32", 50, False),
    ("mediatheque", "Médiathèques", "#5e35b1", 60, False),
    ("ludotheque", "Ludothèques", "#6a1b9a", 70, False),
    ("sport", "Équipements sportifs", "#e65100", 80, False),
    ("conservatoire", "Conservatoire et écoles de musique", "#4e342e", 90, False),
    ("pmi", "Protection maternelle et infantile (PMI)", "#ad1457", 100, False),
    ("aire-de-jeux", "Aires de jeux", "#558b2f", 110, False),
    ("mairie", "Accueils de la mairie", "#37474f", 120, False),
]


def create_default_categories(app_config=None, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """``post_migrate`` handler: the default categories, when the site has none."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    try:
        PlaceCategory = registry.get_model("mon_enfant_places", "PlaceCategory")
    except LookupError:  # migrating to a state without the model
        return
    if PlaceCategory.objects.using(using).exists():
        return
    PlaceCategory.objects.using(using).bulk_create([
        PlaceCategory(code=code, label=label, colour=colour, sort_order=order, for_schools=for_schools)
        for code, label, colour, order, for_schools in DEFAULT_CATEGORIES
    ])
