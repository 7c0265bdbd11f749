"""The agenda of the tests: Saint-Malo's (commune A) events around TODAY (a Sunday), two of its elementary
schools, and a Combourg event (commune B) that no Saint-Malo listing may show."""

import datetime as dt

from mon_enfant.agenda.models import Event, NewsItem
from mon_enfant.models import School

TODAY = dt.date(2026, 12, 6)


def make_event(commune, title, start, *, schools=(), live=True, **fields):
    event = Event.objects.create(commune=commune, title=title, start_date=start, live=live, **fields)
    event.schools.set(schools)
    event.save()
    return event


def make_news(commune, title, day, *, schools=(), live=True, **fields):
    fields.setdefault("summary", f"{title} : en bref.")
    item = NewsItem.objects.create(commune=commune, title=title, publication_date=day, live=live, **fields)
    item.schools.set(schools)
    item.save()
    return item


def saint_malo_agenda(commune_a, commune_b):
    corsaires = School.objects.create(uai="0359901A", name="École élémentaire des Corsaires", level="elementaire",
                                      commune=commune_a)
    rocher = School.objects.create(uai="0359903C", name="École maternelle du Rocher", level="maternelle",
                                   commune=commune_a)
    events = {
        "aquarium": make_event(commune_a, "Sortie au Grand Aquarium", dt.date(2026, 11, 20), schools=[corsaires],
                               kind="sortie", place="Grand Aquarium, Saint-Malo", responsible_body="ecole"),
        "inscriptions": make_event(commune_a, "Inscriptions scolaires pour la rentrée 2027", dt.date(2026, 12, 1),
                                   end_date=dt.date(2027, 1, 15), kind="inscription",
                                   place="Guichet unique, Hôtel de ville", responsible_body="mairie",
                                   description="Apportez le livret de famille.\nEt un justificatif de domicile."),
        "noel": make_event(commune_a, "Fête de Noël", dt.date(2026, 12, 18), schools=[corsaires], kind="fete",
                           start_time=dt.time(18), end_time=dt.time(20), place="Préau de l'école",
                           responsible_body="ecole", url="https://corsaires.example/noel"),
        "reunion": make_event(commune_a, "Réunion d'information sur la petite section", dt.date(2027, 1, 12),
                              schools=[rocher], kind="reunion", start_time=dt.time(18, 30),
                              responsible_body="education_nationale"),
        "draft": make_event(commune_a, "Brouillon secret", dt.date(2026, 12, 20), live=False),
        "combourg": make_event(commune_b, "Kermesse secrète de Combourg", dt.date(2026, 12, 12), kind="fete"),
    }
    news = {
        "travaux": make_news(commune_a, "Travaux dans la cour des Corsaires", dt.date(2026, 12, 1),
                             schools=[corsaires], responsible_body="mairie", body="<p>Pendant les vacances.</p>"),
        "cantine": make_news(commune_a, "Nouveau prestataire de cantine", dt.date(2026, 11, 2)),
        "later": make_news(commune_a, "Annonce de janvier", dt.date(2027, 1, 5)),
        "draft": make_news(commune_a, "Actualité en brouillon", dt.date(2026, 12, 2), live=False),
        "combourg": make_news(commune_b, "Nouvelle secrète de Combourg", dt.date(2026, 12, 2)),
    }
    return {"corsaires": corsaires, "rocher": rocher, "events": events, "news": news}
