"""A small, hand-written carte scolaire for the parent-facing tests of "Trouver mon école" (page, block,
API, browser journey), so that every answer is known in advance:

Élémentaire (Saint-Malo, rules of the commune's own simple format):

* RUE GUY ROPARTZ, n° 1 to 49 → École élémentaire des Corsaires (with a note), n° 50 to the end → École
  élémentaire du Rocher: without a number the street is ambiguous ("précisez le numéro");
* AVENUE DU ROCHER, every number → a shared sector of three schools, one of them (0359999Z) not yet
  described on the site (its card is unknown);
* RUE DES CORSAIRES, n° 1 to 20 only: n° 21 and above have no sector;
* RUE DU MOULIN and IMPASSE DU MOULIN: "du Moulin" alone is ambiguous between the two.

Maternelle: one "secteur unique" rule (the whole commune → École maternelle des Corsaires).
Collège: no rule at all (the commune's collège map is not published).

The street names of the address index are written as people write them ("Rue Guy Ropartz").
"""

from django.db import transaction

from mon_enfant.addresses.parsing import street_key
from mon_enfant.catchment.models import CatchmentRule
from mon_enfant.models import Contact, ResponsibleBody, School, SchoolLevel, Street

CORSAIRES_MATERNELLE = "0359901A"
CORSAIRES = "0359902B"
ROCHER = "0359904D"
DECOUVERTE = "0359905E"
UNKNOWN_UAI = "0359999Z"

STREETS = ["Rue Guy Ropartz", "Avenue du Rocher", "Rue des Corsaires", "Rue du Moulin", "Impasse du Moulin"]


def make_schools(commune):
    rows = [
        (CORSAIRES_MATERNELLE, "École maternelle publique des Corsaires", SchoolLevel.MATERNELLE,
         "12 rue des Corsaires"),
        (CORSAIRES, "École élémentaire publique des Corsaires", SchoolLevel.ELEMENTAIRE, "14 rue des Corsaires"),
        (ROCHER, "École élémentaire publique du Rocher", SchoolLevel.ELEMENTAIRE, "5 avenue du Rocher"),
        (DECOUVERTE, "École élémentaire publique de la Découverte", SchoolLevel.ELEMENTAIRE,
         "40 boulevard de la Découverte"),
    ]
    return {
        uai: School.objects.get_or_create(
            uai=uai,
            defaults={"name": name, "level": level, "commune": commune, "address": address, "postcode": "35400",
                      "city": "Saint-Malo", "phone": "02 99 00 00 01", "latitude": "48.645200",
                      "longitude": "-2.007100"},
        )[0]
        for uai, name, level, address in rows
    }


def rule(commune, label, uai, first=None, last=None, level="elementaire", **fields):
    return CatchmentRule.objects.create(
        commune=commune, level=level, street_label=label, uai=uai, first_number=first, last_number=last, **fields
    )


@transaction.atomic  # each rule saved bumps the version stamp, which locks its row (PostgreSQL needs a transaction)
def make_rules(commune, priority=0):
    """The rules above (``priority`` lets a test override whatever rules a demo already loaded)."""
    common = {"priority": priority}
    rule(commune, "RUE GUY ROPARTZ", CORSAIRES, 1, 49, note="Entrée des élèves rue des Corsaires.", **common)
    rule(commune, "RUE GUY ROPARTZ", ROCHER, 50, None, **common)
    for uai in (ROCHER, DECOUVERTE, UNKNOWN_UAI):
        rule(commune, "AVENUE DU ROCHER", uai, **common)
    rule(commune, "RUE DES CORSAIRES", CORSAIRES, 1, 20, **common)
    rule(commune, "RUE DU MOULIN", CORSAIRES, **common)
    rule(commune, "IMPASSE DU MOULIN", ROCHER, **common)
    CatchmentRule.objects.create(commune=commune, level="maternelle", whole_commune=True, uai=CORSAIRES_MATERNELLE,
                                 **common)


@transaction.atomic
def make_streets(commune):
    for label in STREETS:
        Street.objects.get_or_create(commune=commune, key=street_key(label), lieu_dit="", defaults={"label": label})


def make_contacts(commune):
    Contact.objects.get_or_create(
        commune=commune, service_name="Service Éducation de la ville",
        defaults={"responsible_body": ResponsibleBody.MAIRIE, "phone": "02 99 40 71 11",
                  "email": "education@ville.example", "is_primary": True},
    )


@transaction.atomic
def make_catchment(commune, priority=0):
    """Schools, rules, streets and contact: everything a lookup page needs."""
    schools = make_schools(commune)
    make_rules(commune, priority=priority)
    make_streets(commune)
    make_contacts(commune)
    return schools
