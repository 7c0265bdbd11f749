"""Demo data of the school agenda, loaded by ``load_demo``: the events of the demo's schools and of the whole
commune around today (some past, for the archives; a period of inscriptions going on; a fête d'école, an
information meeting, a school trip, holidays and more in the coming weeks), a few news items, and the page at
/agenda/. Dates follow today's date, so the demo never goes stale, each moved to a day of the week when such an
event takes place (a school trip on a Tuesday or a Thursday, an open day on a Saturday, holidays from a
Saturday). Idempotent: events and news are found again
by their title and updated, each published with a revision as an editor would."""

import datetime as dt

from mon_enfant.agenda import services
from mon_enfant.agenda.models import Event, NewsItem
from mon_enfant.agenda.pages import AgendaPage
from mon_enfant.models import School

CORSAIRES = ["0359901A", "0359902B"]
ROCHER_MATERNELLE, ROCHER_ELEMENTAIRE, DECOUVERTE = "0359903C", "0359904D", "0359905E"
COLLEGES = ["0350916F", "0350896J"]
GUICHET = "Guichet unique famille, Hôtel de ville, place Chateaubriand"


MON, TUE, WED, THU, FRI, SAT = range(6)
# The days of the week each kind of event takes place on (the first of them on or after the day asked).
WEEKDAYS = {"sortie": (TUE, THU), "reunion": (MON, TUE, THU), "fete": (FRI, SAT), "spectacle": (FRI,),
            "inscription": (MON,), "vacances": (SAT,)}


def event(title, kind, start, *, end=None, hours=None, schools=(), place="", body="mairie", description="", url="",
          weekdays=None):
    """An event about ``start`` days from today (negative: past), to ``end`` days for a period; ``hours`` (start,
    end); on one of ``weekdays`` (the kind's by default)."""
    start_time, end_time = hours or (None, None)
    return {"title": title, "kind": kind, "start": start, "end": end, "start_time": start_time, "end_time": end_time,
            "schools": schools, "place": place, "responsible_body": body, "description": description, "url": url,
            "weekdays": weekdays or WEEKDAYS.get(kind, (MON, TUE, WED, THU, FRI))}


def on_weekday(day, weekdays):
    """``day``, or the first day after it that falls on one of ``weekdays``."""
    while day.weekday() not in weekdays:
        day += dt.timedelta(days=1)
    return day


EVENTS = [
    event("Sortie à la Cité du corsaire", "sortie", -40, hours=(dt.time(9), dt.time(16)), schools=CORSAIRES[1:],
          place="Cité du corsaire, Saint-Malo", body="ecole",
          description="Pique-nique fourni par la cantine. Prévoir des vêtements de pluie."),
    event("Sortie au Grand Aquarium", "sortie", -25, hours=(dt.time(8, 45), dt.time(15, 30)),
          schools=[ROCHER_ELEMENTAIRE], place="Grand Aquarium, Saint-Malo", body="ecole"),
    event("Réunion d'information sur la cantine et les menus", "reunion", -12, hours=(dt.time(18, 30), dt.time(20)),
          place="Hôtel de ville, salle du conseil", body="mairie",
          description="Le service Éducation présente les menus, les allergènes et les tarifs de la cantine."),
    event("Conseil d'école", "reunion", -5, hours=(dt.time(18), dt.time(20)), schools=[DECOUVERTE],
          place="École de la Découverte, salle des maîtres", body="ecole"),
    event("Inscriptions scolaires pour la rentrée de septembre", "inscription", -10, end=40, place=GUICHET,
          body="mairie", description="Première inscription en maternelle ou en élémentaire, ou après un "
                                     "déménagement : apportez le livret de famille et un justificatif de domicile."),
    event("Fête de l'école des Corsaires", "fete", 12, hours=(dt.time(17), dt.time(20)), schools=CORSAIRES,
          place="Cour de l'école des Corsaires", body="ecole",
          description="Jeux, chants des élèves et goûter partagé, organisés avec l'association des parents."),
    event("Réunion d'information : l'entrée en sixième", "reunion", 18, hours=(dt.time(18, 30), dt.time(20)),
          schools=COLLEGES, place="Collège Duguay-Trouin, salle polyvalente", body="education_nationale",
          description="Pour les familles des élèves de CM2 : l'affectation, les options, la vie au collège."),
    event("Sortie à la ferme pédagogique", "sortie", 25, hours=(dt.time(8, 30), dt.time(16, 30)),
          schools=[ROCHER_MATERNELLE], place="Ferme pédagogique de la Ville-Bague", body="ecole"),
    event("Portes ouvertes de l'école de la Découverte", "reunion", 33, hours=(dt.time(9), dt.time(12)),
          schools=[DECOUVERTE], place="École élémentaire de la Découverte", body="ecole", weekdays=(SAT,)),
    event("Vacances scolaires", "vacances", 45, end=60, body="education_nationale",
          description="Pas de classe. L'accueil de loisirs reste ouvert (inscription auprès de la mairie).",
          url="https://www.education.gouv.fr/calendrier-scolaire"),
    event("Inscriptions à l'accueil de loisirs de l'été", "inscription", 50, end=70, place=GUICHET, body="mairie"),
    event("Spectacle de fin d'année du Rocher", "spectacle", 75, hours=(dt.time(18), None),
          schools=[ROCHER_MATERNELLE, ROCHER_ELEMENTAIRE], place="Théâtre de Saint-Malo", body="ecole"),
]

NEWS = [
    {"title": "Les inscriptions scolaires sont ouvertes", "days": -10, "schools": (), "responsible_body": "mairie",
     "summary": "Jusqu'au 15 du mois prochain, au guichet unique famille ou en ligne.",
     "body": "<p>L'inscription à la mairie vient d'abord ; la direction de l'école admet ensuite votre enfant.</p>"},
    {"title": "Travaux dans la cour de l'école du Rocher", "days": -3,
     "schools": (ROCHER_MATERNELLE, ROCHER_ELEMENTAIRE), "responsible_body": "mairie",
     "summary": "La cour est refaite pendant les prochaines vacances : l'entrée se fera par la rue du Rocher.",
     "body": "<p>Un revêtement plus doux et des arbres : la cour sera plus fraîche l'été.</p>"},
    {"title": "Un menu végétarien chaque semaine", "days": -15, "schools": (), "responsible_body": "mairie",
     "summary": "Comme le demande la loi EGalim, la cantine sert un menu végétarien chaque semaine.", "body": ""},
    {"title": "Rencontre avec l'inspectrice de circonscription", "days": -30, "schools": (DECOUVERTE,),
     "responsible_body": "education_nationale",
     "summary": "L'inspectrice a présenté aux parents le projet d'école pour les trois ans à venir.", "body": ""},
]


def _publish(model, commune, title, schools, fields):
    item = model.objects.filter(commune=commune, title=title).first() or model(commune=commune, title=title)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["schools"])
    item.save()
    item.schools.set(schools)
    item.save_revision().publish()


def load_demo(command, commune, home, folder):
    on = services.today()
    schools = {school.uai: school for school in School.objects.filter(commune=commune)}
    for spec in EVENTS:
        start = on_weekday(on + dt.timedelta(days=spec["start"]), spec["weekdays"])
        # A period keeps its length from the day it starts on (holidays from a Saturday to a Sunday).
        end = start + dt.timedelta(days=spec["end"] - spec["start"]) if spec["end"] is not None else None
        _publish(Event, commune, spec["title"], [schools[uai] for uai in spec["schools"] if uai in schools], {
            "kind": spec["kind"], "start_date": start, "start_time": spec["start_time"], "end_date": end,
            "end_time": spec["end_time"], "place": spec["place"], "responsible_body": spec["responsible_body"],
            "description": spec["description"], "url": spec["url"],
        })
    for spec in NEWS:
        _publish(NewsItem, commune, spec["title"], [schools[uai] for uai in spec["schools"] if uai in schools], {
            "publication_date": on + dt.timedelta(days=spec["days"]), "summary": spec["summary"],
            "body": spec["body"], "responsible_body": spec["responsible_body"],
        })
    command.stdout.write(f"Agenda : {len(EVENTS)} événements, {len(NEWS)} actualités.")
    command.ensure_child(
        home,
        AgendaPage,
        slug="agenda",
        title="Agenda et actualités des écoles",
        search_description="Les sorties, fêtes d'école, réunions d'information et périodes d'inscription des écoles "
                           "de Saint-Malo, et leurs actualités.",
        intro="<p>Choisissez l'école de votre enfant pour voir ses événements et ceux de toute la ville. Abonnez-vous "
              "à l'agenda : il s'ajoute à votre calendrier et se met à jour tout seul.</p>",
        communes=[commune],
    )
