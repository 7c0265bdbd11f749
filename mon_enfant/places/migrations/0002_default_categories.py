"""The categories a commune's services map starts with (the webmaster renames, recolours, reorders or adds
to them in the admin). Colours are dark enough for a 3:1 contrast against a light map, with a white ring."""

from django.db import migrations

CATEGORIES = [
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


def create(apps, schema_editor):
    PlaceCategory = apps.get_model("mon_enfant_places", "PlaceCategory")
    for code, label, colour, order, for_schools in CATEGORIES:
        PlaceCategory.objects.get_or_create(
            code=code, defaults={"label": label, "colour": colour, "sort_order": order, "for_schools": for_schools}
        )


class Migration(migrations.Migration):
    dependencies = [("mon_enfant_places", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
