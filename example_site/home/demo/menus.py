"""Demo data of the canteen menus, loaded by ``load_demo``: four weeks of menus around today (last week, this
week, the next two) for the demo's three school restaurants, written as a SCDL ``menus-collectifs`` file and
imported by the package's importer, as a commune imports its caterer's file; and the page at /menus/.

Each week has a vegetarian day (loi EGalim), labelled dishes (bio, label rouge, AOP, local, fait maison),
allergens, and an alternative dish ("sans porc"). Dates follow today's date, so the demo never goes stale.
Idempotent: re-importing a period replaces it.
"""

import csv
import datetime as dt
import io

from mon_enfant.menus.importers import COLUMNS, import_menus
from mon_enfant.menus.logic import Week
from mon_enfant.menus.pages import CanteenMenuPage
from mon_enfant.menus.services import today
from mon_enfant.models import School

COLLECTIVITY = ("Ville de Saint-Malo (démonstration)", "21350288400019")
KITCHEN = "Cuisine centrale de Saint-Malo"
# Restaurant name -> the UAI of the school whose canteen it is (its identifier), and the other schools it serves.
RESTAURANTS = {
    "Restaurant scolaire des Corsaires": ("0359902B", ["0359901A"]),
    "Restaurant scolaire du Rocher": ("0359904D", ["0359903C"]),
    "Restaurant scolaire de la Découverte": ("0359905E", []),
}

# A dish: (course, name, siqo, labels, diets, allergens, precision)
E, P, G, L, D = "entrée", "plat principal", "garniture", "produit laitier", "dessert"
BIO, LR, AOP = "agriculture biologique", "label rouge", "appellation d'origine protégée"
VEG = ["végétarien"]
CYCLE = [
    [  # week A
        [(E, "Carottes râpées vinaigrette", [BIO], [], VEG, ["moutarde"], ""),
         (P, "Sauté de porc au cidre", [], ["local"], [], ["sulfites"], ""),
         (P, "Sauté de dinde au cidre", [], ["local"], ["sans porc"], ["sulfites"], "plat de substitution"),
         (G, "Pommes de terre vapeur", [BIO], [], VEG, [], ""),
         (L, "Camembert", [AOP], [], VEG, ["lait"], ""),
         (D, "Pomme", [BIO], ["local"], VEG, [], "")],
        [(E, "Potage de légumes", [], ["fait maison"], VEG, ["celeri"], ""),
         (P, "Omelette aux fines herbes", [BIO], [], VEG, ["oeufs", "lait"], ""),
         (G, "Haricots verts persillés", [], [], VEG, [], ""),
         (D, "Fromage blanc au coulis de fruits rouges", [], [], VEG, ["lait"], "")],
        [(E, "Salade de lentilles", [], [], VEG, ["moutarde"], ""),
         (P, "Filet de lieu sauce citron", [], ["pêche durable MSC"], [], ["poissons", "lait"], ""),
         (G, "Riz pilaf", [BIO], [], VEG, [], ""),
         (D, "Far breton", [], ["fait maison"], VEG, ["gluten", "oeufs", "lait"], "")],
        [(E, "Betteraves à l'échalote", [], ["local"], VEG, [], ""),
         (P, "Poulet rôti", [LR], [], [], [], ""),
         (G, "Petits pois carottes", [], [], VEG, [], ""),
         (L, "Yaourt nature", [BIO], ["local"], VEG, ["lait"], ""),
         (D, "Poire", [], [], VEG, [], "")],
        [(E, "Céleri rémoulade", [], [], VEG, ["celeri", "oeufs", "moutarde"], ""),
         (P, "Boulettes de bœuf à la tomate", [], ["local"], [], ["gluten"], ""),
         (G, "Coquillettes", [BIO], [], VEG, ["gluten"], ""),
         (D, "Compote de pommes", [BIO], ["fait maison"], VEG, [], "")],
    ],
    [  # week B
        [(E, "Taboulé", [], ["fait maison"], VEG, ["gluten"], ""),
         (P, "Rôti de porc au jus", [], [], [], [], ""),
         (P, "Rôti de dinde au jus", [], [], ["sans porc"], [], "plat de substitution"),
         (G, "Purée de potiron", [BIO], ["local"], VEG, ["lait"], ""),
         (D, "Clémentines", [], [], VEG, [], "")],
        [(E, "Salade verte aux noix", [], [], VEG, ["fruits-a-coque", "moutarde"], ""),
         (P, "Curry de pois chiches et légumes", [BIO], ["fait maison"], VEG, ["celeri"], ""),
         (G, "Semoule", [], [], VEG, ["gluten"], ""),
         (L, "Emmental", [], [], VEG, ["lait"], ""),
         (D, "Banane", [], [], VEG, [], "")],
        [(E, "Œuf dur mayonnaise", [BIO], [], VEG, ["oeufs", "moutarde"], ""),
         (P, "Brandade de poisson", [], ["fait maison"], [], ["poissons", "lait"], ""),
         (G, "Salade verte", [], [], VEG, [], ""),
         (D, "Crêpe au sucre", [], ["local"], VEG, ["gluten", "oeufs", "lait"], "")],
        [(E, "Radis beurre", [], ["local"], VEG, ["lait"], ""),
         (P, "Blanquette de veau", [LR], [], [], ["lait", "gluten", "celeri"], ""),
         (G, "Riz", [BIO], [], VEG, [], ""),
         (D, "Kiwi", [], [], VEG, [], "")],
        [(E, "Velouté de butternut", [], ["fait maison"], VEG, ["lait"], ""),
         (P, "Moules marinières", [], ["local"], [], ["mollusques", "sulfites", "celeri"], ""),
         (G, "Frites", [], [], VEG, [], ""),
         (L, "Petit-suisse", [], [], VEG, ["lait"], ""),
         (D, "Galette des rois", [], [], VEG, ["gluten", "oeufs", "lait", "fruits-a-coque"], "")],
    ],
]


def demo_rows(first_week, weeks, restaurants=RESTAURANTS, published=None):
    """SCDL rows (dicts keyed by the schema's columns) of ``weeks`` weeks from ``first_week``."""
    published = published or dt.datetime.combine(first_week.monday - dt.timedelta(days=7), dt.time(8, 0))
    for offset in range(weeks):
        week = first_week.shifted(offset)
        days = CYCLE[week.number % len(CYCLE)]
        for name, (uai, _served) in restaurants.items():
            for day, dishes in zip(week.days(5), days, strict=False):
                for course, dish, siqo, labels, diets, allergens, precision in dishes:
                    yield {
                        "menuCollNom": COLLECTIVITY[0], "menuCollSiret": COLLECTIVITY[1],
                        "menuEtablissementNom": KITCHEN, "menuEtablissementSiret": "",
                        "menuRestaurantNom": name, "menuRestaurantInsee": "35288", "menuRestaurantId": uai,
                        "menuRestaurantIdType": "EN", "menuRestaurantType": "élémentaire",
                        "menuRestaurantConvive": "tous", "menuDate": day.isoformat(), "menuRepasType": "déjeuner",
                        "menuPlatType": course, "menuPlatNom": dish, "menuPlatCode": "",
                        "menuPlatSiqo": _list(siqo), "menuPlatLabel": ";".join(labels),
                        "menuPlatPrecision": precision, "menuPlatRegime": _list(diets),
                        "menuPlatAllergene": _list(allergens), "menuPlatTexture": "", "menuPlatNutriscore": "",
                        "menuPlatPrix": "", "menuPublicationDate": published.isoformat(timespec="seconds"),
                        "menuModificationDate": "", "menuModificationInfo": "",
                    }


def _list(items):
    return "[" + ",".join(f'"{item}"' for item in items) + "]" if items else ""


def scdl_file(rows):
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=COLUMNS, delimiter=",", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode("utf-8-sig")


def load_demo(command, commune, home, folder):
    first = Week.containing(today()).shifted(-1)
    report = import_menus(scdl_file(demo_rows(first, 4)), commune=commune.code_insee)
    command.stdout.write("Menus : " + " ".join(str(line) for line in report.summary_lines()))
    schools = {school.uai: school for school in School.objects.filter(commune=commune)}
    for restaurant in commune.restaurants.all():
        _uai, served = RESTAURANTS.get(restaurant.name, ("", []))
        restaurant.schools.add(*[schools[uai] for uai in served if uai in schools])
    command.ensure_child(
        home,
        CanteenMenuPage,
        slug="menus",
        title="Menus de la cantine",
        search_description="Les menus de la semaine dans les restaurants scolaires, avec les allergènes et les "
                           "labels de qualité.",
        intro="<p>Les repas sont préparés chaque matin par la cuisine centrale de la ville. Un menu végétarien est "
              "servi chaque semaine, et un plat de substitution quand le plat principal contient du porc.</p>",
        communes=[commune],
    )
