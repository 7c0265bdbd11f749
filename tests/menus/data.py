"""Test data of the menus: the SCDL file ``tests/menus/data/menus-scdl.csv`` (two restaurants of Saint-Malo,
week 2026-W50: labels, allergens in the spellings files use, an alternative dish, a goûter, a modified menu),
and a builder of SCDL files row by row."""

import csv
import io
from pathlib import Path

from mon_enfant.menus.importers import COLUMNS

MENUS_SCDL = Path(__file__).resolve().parent / "data" / "menus-scdl.csv"

BASE_ROW = {
    "menuCollNom": "Ville de Saint-Malo", "menuCollSiret": "21350288400013",
    "menuEtablissementNom": "Cuisine centrale", "menuEtablissementSiret": "",
    "menuRestaurantNom": "Restaurant du collège Duguay-Trouin", "menuRestaurantInsee": "35288",
    "menuRestaurantId": "0350916F", "menuRestaurantIdType": "EN", "menuRestaurantType": "collège",
    "menuRestaurantConvive": "tous", "menuDate": "2026-12-07", "menuRepasType": "déjeuner",
    "menuPlatType": "plat principal", "menuPlatNom": "Hachis parmentier", "menuPlatCode": "", "menuPlatSiqo": "",
    "menuPlatLabel": "", "menuPlatPrecision": "", "menuPlatRegime": "", "menuPlatAllergene": "",
    "menuPlatTexture": "", "menuPlatNutriscore": "", "menuPlatPrix": "", "menuPublicationDate": "2026-11-27T08:00:00",
    "menuModificationDate": "", "menuModificationInfo": "",
}


def scdl(*rows, columns=COLUMNS, delimiter=","):
    """A SCDL file's bytes: each row is BASE_ROW with its changes."""
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, delimiter=delimiter, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for changes in rows:
        writer.writerow({**BASE_ROW, **changes})
    return output.getvalue().encode()
