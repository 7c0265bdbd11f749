"""Benchmark of the "Carte des services enfance" (issue 13): a commune of 5,000 places side by side with one of
50 (the baseline, measured in the same run: only the ratios mean something on these noisy machines).

    .venv/bin/python bench/run.py places          # or: .venv/bin/python bench/bench_places.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/run.py places
    (a scratch database of your own, created first; the bench's communes are emptied, the rest is kept)

Both communes are generated (``write_csv``: the 11 categories of migration 0002 a file may hold, with a
city's mix — many playgrounds and sports halls, few PMI — names, addresses, phones, ages, weekly hours and,
for about a third, exceptions; positions inside France around Rennes and Saint-Malo, 1% given by address
only) and imported for real through ``import_places`` in a child process on a freshly migrated SQLite
database (``BENCH_DATABASE_URL`` for another one: it is migrated, and the bench's communes emptied first).
Both imports run in one warm process (an untimed dry run of the small file first); the small one lasts tens
of milliseconds, so its figure is the median of five runs writing into its empty commune (two dry runs,
rolled back, before the big import, two after it, then the real import). The 5,000 import against the 50
import ×100 is the linearity ratio. Each file is then imported again (every place unchanged), for
information. The 12th category, the schools, comes from the school directory, not from the file: 100 and 1
``School`` rows are added. Each commune then gets a ``PlacesMapPage`` of its own.

Then, for each commune, ``RUNS`` fresh gunicorn servers (1 worker, loopback, as bench_api_http; the
communes' servers alternate) each answer in turn:

* the GeoJSON endpoint's first request (cold: a fresh process, no validator), then ``WARM`` more 200s;
* ``REPEATS`` conditional repeats with the ETag received (``If-None-Match``) and one with the
  ``Last-Modified`` (``If-Modified-Since``): each must be a 304;
* the page's first load (HTML, which embeds the map's places and the JSON-LD as JSON: nothing else is
  fetched to draw the map but the static assets), then ``WARM`` more.

Printed: the medians over the runs, both communes side by side and the 5000/50 ratios, then whether the
issue's goals hold — GeoJSON cold < 100 ms and 304 on repeat, page's first load < 300 KB of HTML + JSON,
at 5,000 places; import linear (5,000 import <= 1.3 × the 50 import ×100, the menus import's allowance).
The goals decide the exit status, as in the other benches; no test asserts a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import http.client
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from harness import ROOT, gunicorn  # noqa: E402 (bench/ is on the path: run.py or this script's folder)
from results import Goal, Row, detail, main, quick  # noqa: E402

BIG, SMALL = 5_000, 50
# (INSEE, name, postcode, centre latitude, centre longitude, spread in degrees)
COMMUNES = {
    BIG: ("35238", "Rennes", "35000", 48.1113, -1.6800, 0.045),
    SMALL: ("35288", "Saint-Malo", "35400", 48.6493, -2.0070, 0.020),
}
SCHOOLS = {BIG: 100, SMALL: 1}
RUNS = 3  # fresh servers per commune (BENCH_QUICK=1: 1)
WARM = 3  # more 200s per server
REPEATS = 10  # conditional requests per server
GOAL_GEOJSON_MS = 100.0
GOAL_PAGE_KB = 300.0
GOAL_IMPORT_RATIO = 1.3
API = "/api/mon-enfant/v1/places.geojson?commune="

# --- The files --------------------------------------------------------------------------------------

# code: (weight, names, description, ages, hours (weekly rules, the first hour shifted per place), manager)
CATEGORIES = {
    "creche": (12, ["Multi-accueil {q}", "Crèche {p}", "Micro-crèche {q}"],
               "Accueil régulier et occasionnel des enfants de 10 semaines à 3 ans.", (0, 3),
               ["lu-ve 07:30-18:30", "lu-ve 07:45-18:45"], "mairie"),
    "relais-petite-enfance": (3, ["Relais petite enfance {q}"],
                              "Informations sur les modes de garde, ateliers d'éveil pour les assistantes maternelles.",
                              (0, 6), ["lu,ma,je 09:00-12:00,13:30-17:00; ve 09:00-12:00"], "mairie"),
    "periscolaire": (14, ["Accueil périscolaire de l'école {p}", "Garderie {q}"],
                     "Le matin avant la classe et le soir après, dans les locaux de l'école.", (3, 11),
                     ["lu,ma,je,ve 07:30-08:30,16:30-18:30; me 07:30-18:30"], "mairie"),
    "accueil-de-loisirs": (9, ["Accueil de loisirs {q}", "Centre de loisirs {p}"],
                           "Mercredis et vacances scolaires, inscription à la journée ou à la demi-journée.",
                           (3, 14), ["me 07:30-18:30", "me 08:00-18:00"], "mairie"),
    "mediatheque": (5, ["Médiathèque {p}", "Bibliothèque de quartier {q}"],
                    "Espace jeunesse, heure du conte le samedi, prêt de jeux vidéo.", None,
                    ["ma-ve 10:00-18:30; sa 10:00-18:00; di 14:00-18:00", "ma,je 14:00-18:00; me,sa 10:00-18:00"],
                    "intercommunalite"),
    "ludotheque": (3, ["Ludothèque {q}"], "Jeux sur place et en prêt, soirées jeux en famille.", None,
                   ["me 10:00-12:00,14:00-18:00; sa 10:00-12:30"], "mairie"),
    "sport": (15, ["Gymnase {p}", "Piscine {q}", "Stade {p}", "Salle de sport {q}", "Dojo {q}"],
              "Bébés nageurs le samedi matin, écoles de sport de 4 à 12 ans.", None,
              ["lu-ve 12:00-14:00,17:00-21:30; sa-di 09:00-19:00", "lu-di 10:00-20:00"], "intercommunalite"),
    "conservatoire": (4, ["École de musique {q}", "Conservatoire {p}"],
                      "Éveil musical dès 4 ans, cours d'instrument, chorale d'enfants.", (4, 18),
                      ["lu-ve 14:00-20:00; sa 09:00-13:00"], "mairie"),
    "pmi": (3, ["Centre de PMI {q}"], "Consultations de nourrissons, sur rendez-vous.", (0, 6),
            ["lu-ve 09:00-12:30,13:30-17:00"], "caf"),
    "aire-de-jeux": (27, ["Aire de jeux {q}", "Square {p}", "Jardin d'enfants {q}"],
                     "Jeux pour les 2-10 ans, bancs à l'ombre.", (2, 10), ["", "lu-di 08:00-21:00"], "mairie"),
    "mairie": (5, ["Mairie de quartier {q}", "Point accueil famille {q}"],
               "Inscriptions scolaires et périscolaires, paiement des factures.", None,
               ["lu-ve 08:30-12:00,13:30-17:30; sa 09:00-12:00"], "mairie"),
}
QUARTERS = ["Centre", "Bourg-l'Évêque", "Thabor", "Sainte-Thérèse", "Bréquigny", "Cleunay", "Maurepas", "Villejean",
            "Beauregard", "Patton", "Jeanne-d'Arc", "Longs-Champs", "Francisco-Ferrer", "Le Blosne", "Colombier",
            "Saint-Hélier", "Alphonse-Guérin", "La Courrouze", "Baud-Chardonnet", "Rocabey", "Paramé", "Rothéneuf",
            "Saint-Servan", "Courtoisville", "La Découverte", "Marville", "Bellevue", "Les Chênes"]
PEOPLE = ["Jean Jaurès", "Louise Michel", "Simone Veil", "Jules Ferry", "Marie Curie", "Victor Hugo", "Anne Frank",
          "Paul Bert", "Colette Besson", "Jacques Prévert", "George Sand", "Aimé Césaire", "Olympe de Gouges",
          "Robert Surcouf", "Jacques Cartier", "Chateaubriand", "Lucie Aubrac", "Gisèle Halimi"]
STREETS = ["rue", "rue", "avenue", "boulevard", "place", "allée", "square", "impasse", "chemin"]
ACCESS = ["Accès de plain-pied, poussettes admises.", "Ascenseur, toilettes adaptées.",
          "Boucle magnétique à l'accueil.", ""]


def _closures(rng, today):
    """About a third of the places have one to three exceptions, mostly to come."""
    if rng.random() > 0.35:
        return ""
    year = today.year
    pool = [
        f"{year}-12-24/{year + 1}-01-01 Vacances de Noël",
        f"{year + 1}-02-{rng.randint(10, 20):02d}/{year + 1}-02-{rng.randint(21, 28):02d} 09:00-12:00 Vacances d'hiver",
        f"{year + 1}-05-01 Fête du travail",
        f"{year + 1}-07-01/{year + 1}-08-31 09:00-12:00,14:00-17:00 Horaires d'été",
        f"{year + 1}-08-{rng.randint(1, 9):02d}/{year + 1}-08-{rng.randint(15, 25):02d} Fermeture estivale",
        f"{today + dt.timedelta(days=rng.randint(1, 60)):%Y-%m-%d} Formation du personnel",
    ]
    return "; ".join(sorted(rng.sample(pool, rng.randint(1, 3))))


def _shifted(hours, rng):
    """The rule with its first opening time moved by -30, 0 or +30 minutes (no two places quite alike)."""
    match = re.search(r"(\d\d):(\d\d)-", hours)
    if not match or rng.random() < 0.5:
        return hours
    minutes = int(match[1]) * 60 + int(match[2]) + rng.choice((-30, 30))
    return hours[:match.start()] + f"{minutes // 60:02d}:{minutes % 60:02d}-" + hours[match.end():]


def write_csv(path, count, seed):
    """A file of ``count`` places of one commune, as a town's services would export it."""
    insee, city, postcode, lat0, lon0, spread = COMMUNES[count]
    rng = random.Random(seed)
    today = dt.date.today()
    codes = list(CATEGORIES)
    weights = [CATEGORIES[code][0] for code in codes]
    chosen = [codes[index % len(codes)] for index in range(len(codes))]  # every category at least once
    chosen += rng.choices(codes, weights, k=count - len(chosen))
    rng.shuffle(chosen)
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(["identifiant", "code_insee", "nom", "categorie", "description", "adresse", "code_postal",
                     "ville", "latitude", "longitude", "telephone", "courriel", "site_web", "age_min", "age_max",
                     "horaires", "fermetures", "precision_horaires", "accessibilite", "gestionnaire"])
    for number, code in enumerate(chosen, start=1):
        _weight, names, description, ages, hours, manager = CATEGORIES[code]
        quarter, person = rng.choice(QUARTERS), rng.choice(PEOPLE)
        name = rng.choice(names).format(q=quarter, p=person)
        if count > len(QUARTERS) * 2:
            name += f" {number}" if rng.random() < 0.8 else ""
        street = f"{rng.randint(1, 180)} {rng.choice(STREETS)} {rng.choice(PEOPLE)}"
        located = rng.random() >= 0.01  # 1% by address only (none in the address index: listed, not mapped)
        latitude = f"{lat0 + rng.uniform(-spread, spread):.6f}" if located else ""
        longitude = f"{lon0 + rng.uniform(-spread, spread) * 1.5:.6f}" if located else ""
        phone = f"02 99 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        slug = re.sub(r"[^a-z]+", "-", code)
        writer.writerow([
            f"{code}-{number:05d}", insee, name, code, description, street, postcode, city, latitude, longitude,
            phone if rng.random() < 0.85 else "",
            f"{slug}.{number}@{city.lower().replace('-', '')}.example" if rng.random() < 0.5 else "",
            f"https://www.{city.lower().replace('-', '')}.example/lieux/{code}-{number}" if rng.random() < 0.4 else "",
            ages[0] if ages else "", ages[1] if ages else "",
            _shifted(rng.choice(hours), rng), _closures(rng, today),
            rng.choice(["", "", "", "Sur rendez-vous l'après-midi", "Hors vacances scolaires"]),
            rng.choice(ACCESS), manager,
        ])
    path.write_bytes(handle.getvalue().encode("utf-8"))


# --- The database (child process) -------------------------------------------------------------------

SETUP = """
import json, statistics, sys, time
from pathlib import Path
import django
django.setup()
from decimal import Decimal
from django.db import connection
from wagtail.models import Site
from mon_enfant.conf import get_setting
from mon_enfant.models import Commune, School
from mon_enfant.places.importers import import_places
from mon_enfant.places.models import Place
from mon_enfant.places.pages import PlacesMapPage

spec = json.loads(sys.argv[1])
communes = {}
for count, (insee, name, postcode, lat, lon, spread, schools, path) in spec.items():
    communes[count] = Commune.objects.update_or_create(code_insee=insee,
                                                       defaults={"name": name, "postal_codes": postcode})[0]
# A database used before (BENCH_DATABASE_URL): the bench's communes start empty.
Place.objects.filter(commune__in=communes.values()).delete()
School.objects.filter(commune__in=communes.values()).delete()
for page in PlacesMapPage.objects.filter(slug__startswith="bench-carte-"):
    page.delete()

figures = {}
small, big = sorted(spec, key=int)


def timed(count, dry_run=False):
    data = Path(spec[count][7]).read_bytes()
    started = time.perf_counter()
    report = import_places(data, commune=spec[count][0], dry_run=dry_run)
    return time.perf_counter() - started, report


timed(small, dry_run=True)  # warm-up, untimed
# The small import is short (tens of ms): the median of five runs doing the same writes into an empty commune,
# two dry runs (rolled back) before the big import, two after it, then the real import, so that drift hits
# both sizes.
small_runs = [timed(small, dry_run=True)[0] for _ in range(2)]
seconds, report = timed(big)
figures[big] = {"import_s": seconds, "import_median_s": seconds, "rows": report.rows_read,
                "created": len(report.created), "without_position": len(report.without_position)}
small_runs += [timed(small, dry_run=True)[0] for _ in range(2)]
seconds, report = timed(small)
small_runs.append(seconds)
figures[small] = {"import_s": seconds, "import_median_s": statistics.median(small_runs), "rows": report.rows_read,
                  "created": len(report.created), "without_position": len(report.without_position)}
for count in (small, big):  # the same file again: every place found unchanged
    data = Path(spec[count][7]).read_bytes()
    started = time.perf_counter()
    report = import_places(data, commune=spec[count][0])
    figures[count]["reimport_s"] = time.perf_counter() - started
    figures[count]["unchanged"] = len(report.unchanged)

root = Site.objects.get(is_default_site=True).root_page
for count, (insee, name, postcode, lat, lon, spread, schools, path) in spec.items():
    commune = communes[count]
    School.objects.bulk_create([
        School(uai=f"{insee[2:]}{number:04d}{'ABCDEFGHJK'[number % 10]}", name=f"École {number} de {name}",
               level=("maternelle", "elementaire", "primaire")[number % 3], commune=commune,
               address=f"{number} rue des Écoles", postcode=postcode, city=name,
               latitude=Decimal(f"{lat + (number % 20 - 10) * spread / 12:.6f}"),
               longitude=Decimal(f"{lon + (number // 20 - 2) * spread / 3:.6f}"),
               opening_hours="Lundi, mardi, jeudi, vendredi : 8 h 30 - 16 h 30")
        for number in range(1, schools + 1)])
    page = PlacesMapPage(title=f"Carte des services enfance de {name}", slug=f"bench-carte-{count}")
    root.add_child(instance=page)
    page.communes.set([commune])
    page.save_revision().publish()
    figures[count]["page"] = page.url
    figures[count]["places"] = Place.objects.filter(commune=commune).count()
print(json.dumps({"figures": figures, "per_page": get_setting("MON_ENFANT_PLACES_PER_PAGE"),
                  "vendor": connection.vendor}))
"""


def server_runs():
    return 1 if quick() else RUNS


def environment(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "CONN_MAX_AGE": "60",
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}


def build(folder, database_url):
    """Migrate, generate and import both communes, add their schools and pages: the figures of the imports."""
    env = environment(database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    spec = {}
    for count, seed in ((SMALL, 35288), (BIG, 35238)):
        path = folder / f"lieux-{count}.csv"
        write_csv(path, count, seed)
        spec[count] = [*COMMUNES[count], SCHOOLS[count], str(path)]
    output = subprocess.run([sys.executable, "-c", SETUP, json.dumps(spec)], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return env, {int(count): figures for count, figures in result["figures"].items()}, result


# --- HTTP -------------------------------------------------------------------------------------------


def get(base, path, headers=None):
    """(status, body, headers, milliseconds) of one GET on a new connection, as a browser's first visit."""
    host, port = base.removeprefix("http://").split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, body, dict(response.getheaders()), (time.perf_counter() - started) * 1000


def embedded_json_bytes(html):
    """Bytes of the JSON the page embeds (the map's options and places, the JSON-LD)."""
    return sum(len(match.encode()) for match in re.findall(
        r'<script[^>]*type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', html, re.DOTALL))


def measure_server(env, count, figures):
    """One fresh server (1 worker): the commune's GeoJSON and page, cold then warm."""
    insee = COMMUNES[count][0]
    with gunicorn(env, workers=1) as base:
        ping = statistics.median(get(base, "/_ping")[3] for _ in range(3))
        status, body, headers, cold = get(base, API + insee)
        assert status == 200, (status, body[:300])
        document = json.loads(body)
        warm = [get(base, API + insee)[3] for _ in range(WARM)]
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        repeats = [get(base, API + insee, {"If-None-Match": etag}) for _ in range(REPEATS)]
        since = get(base, API + insee, {"If-Modified-Since": modified}) if modified else (None, b"", {}, 0)
        page_status, page_body, _headers, page_cold = get(base, figures["page"])
        assert page_status == 200, (page_status, page_body[:300])
        page_warm = [get(base, figures["page"])[3] for _ in range(WARM)]
        html = page_body.decode()
        markers = re.search(r'<script id="carte-carte-lieux" type="application/json">(.*?)</script>', html, re.DOTALL)
    return {
        "ping_ms": ping, "cold_ms": cold, "warm_ms": statistics.median(warm), "geojson_bytes": len(body),
        "features": len(document["features"]),
        "repeat_statuses": sorted({status for status, *_rest in repeats}),
        "repeat_ms": statistics.median(ms for *_rest, ms in repeats),
        "repeat_headers": ", ".join("yes" if name in {key.lower() for key in repeats[0][2]} else "no"
                                     for name in ("etag", "cache-control")),
        "since_status": since[0],
        "page_cold_ms": page_cold, "page_warm_ms": statistics.median(page_warm), "page_bytes": len(page_body),
        "page_json_bytes": embedded_json_bytes(html),
        "markers": len(json.loads(markers[1])) if markers else 0,
        "page_items": len(re.findall(r'<article class="mon-enfant-places__place"', html)),
    }


def measure(env, figures):
    runs = {SMALL: [], BIG: []}
    for number in range(server_runs()):  # alternate, so that drift hits both
        for count in ((SMALL, BIG) if number % 2 == 0 else (BIG, SMALL)):
            runs[count].append(measure_server(env, count, figures[count]))
    result = {}
    for count, measured in runs.items():
        merged = {}
        for key in measured[0]:
            values = [run[key] for run in measured]
            if key == "repeat_statuses":
                merged[key] = sorted({status for value in values for status in value})
            elif key == "since_status":
                merged[key] = sorted(set(values))
            elif key == "repeat_headers":
                merged[key] = " | ".join(sorted(set(values)))
            else:
                merged[key] = statistics.median(values)
        merged["cold_all_ms"] = [run["cold_ms"] for run in measured]
        result[count] = merged
    return result


# --- Report -------------------------------------------------------------------------------------------


def table(label, figures, http_figures, per_page):
    small, big = {**figures[SMALL], **http_figures[SMALL]}, {**figures[BIG], **http_figures[BIG]}
    width = 16
    lines = [f"database: {label}; {per_page} places a page; HTTP figures: medians of {server_runs()} fresh servers per "
             f"commune (their /_ping: {small['ping_ms']:.1f} ms | {big['ping_ms']:.1f} ms)",
             f"{'':44}{f'{SMALL:,} places':>{width}}{f'{BIG:,} places':>{width}}{'5000/50':>10}"]

    def row(name, key, scale=1.0, digits=1):
        low, high = small[key] * scale, big[key] * scale
        share = f"{high / low:>10.2f}" if low else f"{'':>10}"
        lines.append(f"{name:44}{low:>{width},.{digits}f}{high:>{width},.{digits}f}{share}")

    def text_row(name, low, high):
        lines.append(f"{name:44}{low:>{width}}{high:>{width}}")

    row("import (s; 50: median of 5, see doc)", "import_median_s", digits=3)
    row("import, the real one alone (s)", "import_s", digits=3)
    row("re-import, every place unchanged (s)", "reimport_s", digits=3)
    row("GeoJSON features (places + schools)", "features", digits=0)
    row("GeoJSON cold, first request (ms)", "cold_ms")
    row("GeoJSON 200 warm (ms)", "warm_ms")
    row("GeoJSON size (KB)", "geojson_bytes", scale=1 / 1024)
    row("GeoJSON repeat with ETag (ms)", "repeat_ms")

    def statuses(figures):
        return "/".join(map(str, figures["repeat_statuses"])) + "; " + "/".join(map(str, figures["since_status"]))

    text_row("GeoJSON repeat status (ETag; Last-Modified)", statuses(small), statuses(big))
    text_row("GeoJSON 304 headers: ETag, Cache-Control", small["repeat_headers"], big["repeat_headers"])
    row("page first load (ms)", "page_cold_ms")
    row("page warm (ms)", "page_warm_ms")
    row("page HTML incl. embedded JSON (KB)", "page_bytes", scale=1 / 1024)
    row("  of which embedded JSON (KB)", "page_json_bytes", scale=1 / 1024)
    row("  places listed on the page", "page_items", digits=0)
    row("  markers on the map", "markers", digits=0)
    text_row("GeoJSON cold, each run (ms)", " ".join(f"{v:.0f}" for v in small["cold_all_ms"]),
             " ".join(f"{v:.0f}" for v in big["cold_all_ms"]))
    linear = big["import_median_s"] / (small["import_median_s"] * BIG / SMALL)
    goals = [
        (f"GeoJSON cold at {BIG:,} < {GOAL_GEOJSON_MS:.0f} ms", big["cold_ms"] < GOAL_GEOJSON_MS,
         f"{big['cold_ms']:,.0f} ms (warm {big['warm_ms']:,.0f} ms)"),
        ("GeoJSON repeat answers 304", all(figures[key] == [304] for figures in (small, big)
                                           for key in ("repeat_statuses", "since_status")),
         f"{big['repeat_ms']:.1f} ms"),
        (f"page first load at {BIG:,} < {GOAL_PAGE_KB:.0f} KB", big["page_bytes"] / 1024 < GOAL_PAGE_KB,
         f"{big['page_bytes'] / 1024:.0f} KB"),
        (f"import linear: {BIG:,} / ({SMALL} x{BIG // SMALL}) <= {GOAL_IMPORT_RATIO}", linear <= GOAL_IMPORT_RATIO,
         f"{linear:.2f}"),
    ]
    for name, ok, value in goals:
        lines.append(f"goal: {name:46} {value:>30}  {'OK' if ok else 'MISSED'}")
    where = f"{BIG:,} places, {label}"
    repeats_304 = all(figures[key] == [304] for figures in (small, big) for key in ("repeat_statuses", "since_status"))
    rows = [
        Row("places", f"GeoJSON first request of a fresh server, {where}", big["cold_ms"], "ms",
            baseline=big["ping_ms"], baseline_name="/_ping", goal=Goal("value", "<", GOAL_GEOJSON_MS)),
        Row("places", f"GeoJSON repeat with ETag, {where} (304: {'yes' if repeats_304 else 'NO'})", big["repeat_ms"],
            "ms", baseline=big["ping_ms"], baseline_name="/_ping", goal=_Answered304(repeats_304)),
        Row("places", f"map page first load, HTML + embedded JSON, {where}", big["page_bytes"] / 1024, "KB",
            baseline=small["page_bytes"] / 1024, baseline_name=f"{SMALL} places",
            goal=Goal("value", "<", GOAL_PAGE_KB)),
        Row("places", f"map page first load, {where}", big["page_cold_ms"], "ms", baseline=small["page_cold_ms"],
            baseline_name=f"{SMALL} places"),
        Row("places", f"import_places, {BIG:,} rows", big["import_median_s"], "s",
            baseline=small["import_median_s"] * BIG / SMALL, baseline_name=f"{SMALL} rows x{BIG // SMALL}",
            goal=Goal("ratio", "<=", GOAL_IMPORT_RATIO)),
    ]
    return lines, rows


class _Answered304:
    """The goal of the repeat line: every conditional repeat answered 304 (its time is for information)."""

    def __init__(self, met):
        self._met = met

    def met(self, row):
        return self._met

    def __str__(self):
        return "304 on repeat"


def run():
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
        started = time.perf_counter()
        env, figures, result = build(folder, database_url)
        for count in (SMALL, BIG):
            f = figures[count]
            detail(f"{count:>5}: {f['rows']:,} rows imported in {f['import_s']:.2f} s ({f['created']:,} created, "
                  f"{f['without_position']} without position), again in {f['reimport_s']:.2f} s "
                   f"({f['unchanged']:,} unchanged)")
        built = time.perf_counter() - started
        http_figures = measure(env, figures)
        lines, rows = table(result["vendor"], figures, http_figures, result["per_page"])
    detail("\n".join(lines))
    detail(f"(built in {built:.0f} s, measured in {time.perf_counter() - started - built:.0f} s)")
    return rows


if __name__ == "__main__":
    main(run)
