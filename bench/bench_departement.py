"""Benchmark at the scale of a département: 300 communes, about 100,000 carte scolaire rules, 300 communes'
fee grids and 1,000,000 addresses in the address index, imported with the package's own import commands,
then served by a fresh worker.

    .venv/bin/python bench/run.py departement                       # quick: 1/20 of the size (BENCH_QUICK=1)
    BENCH_QUICK=0 .venv/bin/python bench/run.py departement         # full size (10-20 minutes on 2 cores)
    .venv/bin/python bench/bench_departement.py [--size 0.5] [--db sqlite|postgres]
    BENCH_POSTGRES_DB=mon_enfant_me .venv/bin/python bench/bench_departement.py --db postgres

``make bench`` runs the quick mode unless ``BENCH_QUICK=0``; run directly, the script measures the full
size unless ``--size`` says otherwise.

**The data.** A deterministic generator (:func:`generate`) replicates the real Ille-et-Vilaine extracts of
the repository: the national carte scolaire des collèges (``tests/data/carte-scolaire-colleges-35-extrait.csv``:
Saint-Malo, Mesnil-Roc'h, Tresboeuf), Saint-Malo's écoles sectorisation, its fee grids and its BAN
addresses (``example_site/fixtures/saint-malo/``) and the établissements of both. Each commune of the
département gets an INSEE code (35001, 35002...) and a name of its own, a slice of the real collège rows
(a town every 25 communes, villages otherwise: a département's usual mix) and the écoles' rules, with its
streets renamed: the street names of the extract are permuted per commune (the street type kept), so
every commune has streets of its own and the index does not hold 300 copies of the same keys. Collèges
are shared by groups of five communes, écoles belong to one. Addresses are the BAN rows of those streets
(numbers 1, 2, 3... with coordinates around the commune), the fee grids Saint-Malo's with prices varied
per commune.

**The measures.** The files are written to a temporary folder and imported by ``call_command`` (the
``import_schools``, ``import_addresses`` (one file per commune, as the BAN publishes them),
``import_catchment`` (the département's national file, then the écoles' CSV) and ``import_fees``
commands a webmaster runs), on a freshly migrated database, at 1/4, 1/2 and all of the size and at 5,400
rules (18 communes): wall and CPU time and rows per kind, and the ratio of each size's time to the
quarter's (linear: 2 and 4). Then, in a fresh process per size, a worker's resident memory before and
after it builds the catchment index (``catchment.services.get_index``) and compiles every commune's fee
grids (``fees.services.commune_fees_by_code``), the time of both, and in that process the p50/p99 of
lookups (``catchment.services.lookup`` of generated BAN addresses, as typed) and quotes
(``fees.services.compute_quote`` with random QFs). Targets at 100,000 rules: compiled data < 300 MB, built
in < 5 s, lookup p99 < 0.5 ms (and at 5,400 rules); only the targets decide the exit status.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import Goal, Row, all_met, detail, table  # noqa: E402 (bench/ is on the path: run.py or this script's folder)

ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
SAINT_MALO = Path(__file__).resolve().parent.parent / "example_site" / "fixtures" / "saint-malo"
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
NATIONAL = DATA / "carte-scolaire-colleges-35-extrait.csv"
ETABLISSEMENTS = (DATA / "etablissements-35-extrait.csv", SAINT_MALO / "etablissements-saint-malo.csv")
ECOLES = SAINT_MALO / "sectorisation-ecoles-saint-malo.csv"
FEES = SAINT_MALO / "tarifs-2026-2027.csv"
BAN = SAINT_MALO / "adresses-35288-demo.csv"

FULL = {"communes": 300, "rules": 100_000, "addresses": 1_000_000}
SMALL = {"communes": 18, "rules": 5_400, "addresses": 60_000}
QUICK_SIZE = 1 / 20
TARGET_MEMORY_MB = 300
TARGET_BUILD_S = 5.0
TARGET_LOOKUP_P99_MS = 0.5
# An import of 4x the rows may take at most this many times the quarter size's CPU time (4: exactly linear).
LINEAR_LIMIT = 5.0
TOWN_EVERY = 25  # one commune in 25 is a town (a slice of Saint-Malo's rows), the others villages
COLLEGE_GROUP = 5  # communes sharing one set of collèges
QUESTIONS = 4_000
FEE_SCHOOL_YEAR = "2026-2027"


# --- The generator (pure: no Django) -----------------------------------------------------------------


def _read(path, delimiter=";"):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader)
        return header, [row for row in reader if row]


def _split_label(label):
    """"ALLEE DES LANDES BLANCHES" -> ("ALLEE", "DES LANDES BLANCHES"); a lieu-dit ("LA NOE DAVY") has no type."""
    first, _, rest = label.partition(" ")
    return (first, rest) if first in STREET_TYPES and rest else ("", label)


STREET_TYPES = {
    "ALLEE", "AVENUE", "BOULEVARD", "CHEMIN", "COUR", "CITE", "CLOS", "ESPLANADE", "HAMEAU", "IMPASSE", "JARDIN",
    "LOTISSEMENT", "MAIL", "PARC", "PASSAGE", "PLACE", "PROMENADE", "QUAI", "RESIDENCE", "ROND-POINT", "ROUTE",
    "RUE", "RUELLE", "SENTE", "SENTIER", "SQUARE", "TERRASSE", "VENELLE", "VILLA", "VOIE",
}
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_NAMES = ("Bruz", "Cesson", "Pacé", "Vitré", "Fougères", "Redon", "Janzé", "Combourg", "Liffré", "Montfort", "Guichen",
          "Betton", "Chartres", "Noyal", "Mordelles", "Melesse", "Châteaugiron", "Retiers", "Tinténiac", "Plélan")
_SUFFIXES = ("", "-sur-Vilaine", "-sur-Ille", "-sur-Seiche", "-le-Vieux", "-en-Coglès", "-sur-Meu", "-des-Bois",
             "-la-Forêt", "-sur-Couesnon", "-de-Bretagne", "-le-Grand", "-sur-Rance", "-en-Lande", "-sur-Semnon")


@dataclass
class Sources:
    """The real extracts the département is made of, read once."""

    national_header: list
    national_rows: list  # [(source commune, row)]
    ecoles_header: list
    ecoles_rows: list
    fees_header: list
    fees_rows: list
    ban_header: list
    schools_header: list
    schools: dict  # source UAI -> row
    names: list  # every street name (the street type removed), sorted
    lieux_dits: list

    @classmethod
    def read(cls):
        national_header, national = _read(NATIONAL)
        insee = national_header.index("code_insee")
        ecoles_header, ecoles = _read(ECOLES)
        fees_header, fees = _read(FEES)
        ban_header = BAN.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
        schools_header, schools = {}, {}
        for path in ETABLISSEMENTS:
            header, rows = _read(path)
            schools_header = header
            schools.update({row[0]: row for row in rows})
        label = national_header.index("Type_et_Libelle")
        lieu_dit = national_header.index("lieu_dit")
        names = {_split_label(row[label])[1] for row in national}
        names |= {_split_label(row[ecoles_header.index("voie")])[1] for row in ecoles}
        return cls(
            national_header=national_header, national_rows=[(row[insee], row) for row in national],
            ecoles_header=ecoles_header, ecoles_rows=ecoles, fees_header=fees_header, fees_rows=fees,
            ban_header=ban_header, schools_header=schools_header, schools=schools, names=sorted(names),
            lieux_dits=sorted({row[lieu_dit] for row in national if row[lieu_dit]}),
        )


@dataclass
class Commune:
    """One generated commune: its rows in each file's format."""

    code: str
    name: str
    colleges: list = field(default_factory=list)  # national carte scolaire rows
    ecoles: list = field(default_factory=list)  # the écoles' sectorisation rows
    fees: list = field(default_factory=list)
    addresses: list = field(default_factory=list)  # BAN rows
    school_uais: dict = field(default_factory=dict)  # new UAI -> source UAI, the schools this commune hosts
    street_levels: dict = field(default_factory=dict)  # BAN street label -> a level whose rules name it


def allocate(total, weights):
    """Split ``total`` into integers proportional to ``weights`` that add up to ``total`` exactly."""
    scale = total / sum(weights)
    shares = [int(weight * scale) for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(weights[i] * scale - shares[i]), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def commune_code(number):
    return f"35{number + 1:03d}"


def commune_name(number):
    return _NAMES[number % len(_NAMES)] + _SUFFIXES[number // len(_NAMES) % len(_SUFFIXES)] + (
        f" {number // (len(_NAMES) * len(_SUFFIXES)) + 1}" if number >= len(_NAMES) * len(_SUFFIXES) else "")


def new_uai(slot):
    return f"{350000 + slot:07d}{_LETTERS[slot % len(_LETTERS)]}"


def generate(communes, rules, addresses, seed=35, sources=None):
    """Yield the département's communes one by one (:class:`Commune`), deterministic for a seed: ``rules``
    carte scolaire rules (collèges and écoles) and ``addresses`` BAN addresses over ``communes`` communes."""
    sources = sources or Sources.read()
    rng = random.Random(seed)
    weights = [3.0 if number % TOWN_EVERY == TOWN_EVERY - 1 else rng.uniform(0.5, 1.5) for number in range(communes)]
    rule_counts = allocate(rules, weights)
    address_counts = allocate(addresses, weights)
    header = sources.national_header
    column = {name: index for index, name in enumerate(header)}
    ecole_column = {name: index for index, name in enumerate(sources.ecoles_header)}
    source_uais = sorted({row[column["Code_RNE"]] for _, row in sources.national_rows}
                         | {row[ecole_column["uai"]] for row in sources.ecoles_rows})
    college_uais = {row[column["Code_RNE"]] for _, row in sources.national_rows}
    city = [item for item in sources.national_rows if item[0] == "35288"]
    villages = [item for item in sources.national_rows if item[0] != "35288"]
    for number in range(communes):
        local = random.Random(f"{seed}-{number}")
        code, name = commune_code(number), commune_name(number)
        permuted = list(sources.names)
        local.shuffle(permuted)
        street_names = dict(zip(sources.names, permuted, strict=True))
        lieux_dits = list(sources.lieux_dits)
        local.shuffle(lieux_dits)
        lieu_dit_names = {old: f"{new} {name.upper()}" for old, new in zip(sources.lieux_dits, lieux_dits, strict=True)}

        def rename(label, street_names=street_names):
            kind, rest = _split_label(label)
            return f"{kind} {street_names[rest]}".strip()

        def uai(source, number=number):
            is_college = source in college_uais
            group = number // COLLEGE_GROUP if is_college else number
            kind = 0 if is_college else 1
            return new_uai((group * 2 + kind) * len(source_uais) + source_uais.index(source))

        commune = Commune(code=code, name=name)
        # Every commune has its écoles' rules; the collèges' rows make up the rest of its share.
        ecoles = sources.ecoles_rows[: max(0, min(len(sources.ecoles_rows), rule_counts[number] // 2))]
        for row in ecoles:
            copy = list(row)
            copy[ecole_column["code_insee"]] = code
            copy[ecole_column["voie"]] = rename(row[ecole_column["voie"]])
            copy[ecole_column["uai"]] = uai(row[ecole_column["uai"]])
            commune.ecoles.append(copy)
        wanted = rule_counts[number] - len(commune.ecoles)
        pool = city if number % TOWN_EVERY == TOWN_EVERY - 1 else villages + city
        start = local.randrange(len(pool))
        taken, owner = [], {}
        for offset in range(len(pool)):
            if len(taken) == wanted:
                break
            source, row = pool[(start + offset) % len(pool)]
            # A label of two source communes would merge two streets into one: the first one keeps it.
            if owner.setdefault(row[column["Type_et_Libelle"]], source) == source:
                taken.append(("", row))
        repeat = 0
        while len(taken) < wanted:  # a share larger than its pool: the pool again, on other streets
            repeat += 1
            taken += [(f" {repeat}", row) for _source, row in pool[: wanted - len(taken)]]
        for suffix, row in taken:
            copy = list(row)
            copy[column["code_insee"]] = code
            copy[column["libelle_commune"]] = name
            copy[column["code_postal"]] = f"35{number % 900 + 100:03d}"
            copy[column["Type_et_Libelle"]] = rename(row[column["Type_et_Libelle"]]) + suffix
            copy[column["lieu_dit"]] = lieu_dit_names.get(row[column["lieu_dit"]], "")
            copy[column["Code_RNE"]] = uai(row[column["Code_RNE"]])
            commune.colleges.append(copy)
        for uai_code in sorted({row[column["Code_RNE"]] for row in commune.colleges}
                               | {row[ecole_column["uai"]] for row in commune.ecoles}):
            commune.school_uais[uai_code] = source_uais[(int(uai_code[:7]) - 350000) % len(source_uais)]
        commune.fees = _fees(sources, code, number)
        commune.addresses = _addresses(sources, commune, number, address_counts[number], local)
        yield commune


def _fees(sources, code, number):
    column = {name: index for index, name in enumerate(sources.fees_header)}
    factor = 100 + number % 17  # prices 0 to 16 % above Saint-Malo's
    rows = []
    for row in sources.fees_rows:
        copy = list(row)
        copy[column["code_insee"]] = code
        for name in ("prix", "prix_pai", "plancher", "plafond"):
            if copy[column[name]]:
                cents = round(float(copy[column[name]].replace(",", ".")) * factor)
                copy[column[name]] = f"{cents // 100},{cents % 100:02d}"
        rows.append(copy)
    return rows


def _addresses(sources, commune, number, count, local):
    """BAN rows on the commune's streets (those its rules name), numbers 1, 2, 3... until ``count``."""
    national = {name: index for index, name in enumerate(sources.national_header)}
    ecole_column = {name: index for index, name in enumerate(sources.ecoles_header)}
    streets = {}
    for row in commune.colleges:
        streets.setdefault(row[national["Type_et_Libelle"]], row[national["lieu_dit"]])
        commune.street_levels.setdefault(row[national["Type_et_Libelle"]].title(), "college")
    for row in commune.ecoles:
        streets.setdefault(row[ecole_column["voie"]], "")
        commune.street_levels.setdefault(row[ecole_column["voie"]].title(), row[ecole_column["niveau"]])
    labels = sorted(streets)
    per_street = allocate(count, [1.0] * len(labels)) if labels else []
    latitude, longitude = 47.7 + (number % 20) * 0.06, -2.2 + (number // 20) * 0.07
    header = sources.ban_header
    rows = []
    for index, (label, house_numbers) in enumerate(zip(labels, per_street, strict=True)):
        street_latitude = latitude + local.uniform(-0.02, 0.02)
        street_longitude = longitude + local.uniform(-0.02, 0.02)
        for house in range(1, house_numbers + 1):
            values = {
                "id": f"{commune.code}_{index:04d}_{house:05d}", "id_fantoir": f"{commune.code}_{index:04d}",
                "numero": str(house), "nom_voie": label.title(), "code_postal": "35000", "code_insee": commune.code,
                "nom_commune": commune.name, "nom_ancienne_commune": streets[label].title(),
                "code_insee_ancienne_commune": commune.code if streets[label] else "",
                "lat": f"{street_latitude + house * 0.00001:.6f}", "lon": f"{street_longitude + house * 0.00001:.6f}",
                "type_position": "entrée", "source_position": "commune", "source_nom_voie": "commune",
                "certification_commune": "1",
            }
            rows.append([values.get(name, "") for name in header])
    return rows


@dataclass
class Written:
    """The files of a generated département, and what they hold."""

    folder: Path
    communes: list
    schools: Path
    colleges: Path
    ecoles: Path
    fees: Path
    ban_files: list
    counts: dict
    questions: list  # (commune, typed address, lieu-dit, level): a uniform sample of the addresses


def write(folder, communes, rules, addresses, seed=35):
    """Write the département's files into ``folder`` (national formats as published: BOM, ``;``)."""
    sources = Sources.read()
    folder = Path(folder)
    (folder / "ban").mkdir(parents=True, exist_ok=True)
    paths = {kind: folder / name for kind, name in (
        ("schools", "etablissements-35.csv"), ("colleges", "carte-scolaire-colleges-35.csv"),
        ("ecoles", "sectorisation-ecoles-35.csv"), ("fees", "tarifs-35-2026-2027.csv"))}
    handles = {kind: path.open("w", encoding="utf-8-sig" if kind in ("schools", "colleges") else "utf-8",
                               newline="") for kind, path in paths.items()}
    writers = {kind: csv.writer(handle, delimiter=";", lineterminator="\r\n" if kind == "colleges" else "\n")
               for kind, handle in handles.items()}
    writers["schools"].writerow(sources.schools_header)
    writers["colleges"].writerow(sources.national_header)
    writers["ecoles"].writerow(sources.ecoles_header)
    writers["fees"].writerow(sources.fees_header)
    schools_column = {name: index for index, name in enumerate(sources.schools_header)}
    counts = {"communes": 0, "college_rules": 0, "ecole_rules": 0, "fee_rows": 0, "addresses": 0, "schools": 0}
    ban_files, codes, reservoir, seen, written_uais = [], [], [], 0, set()
    pick = random.Random(seed + 1)
    try:
        for commune in generate(communes, rules, addresses, seed=seed, sources=sources):
            codes.append(commune.code)
            counts["communes"] += 1
            writers["colleges"].writerows(commune.colleges)
            writers["ecoles"].writerows(commune.ecoles)
            writers["fees"].writerows(commune.fees)
            counts["college_rules"] += len(commune.colleges)
            counts["ecole_rules"] += len(commune.ecoles)
            counts["fee_rows"] += len(commune.fees)
            for uai_code, source in commune.school_uais.items():
                if source not in sources.schools or uai_code in written_uais:
                    continue  # a collège shared with the previous communes is written once
                written_uais.add(uai_code)
                row = list(sources.schools[source])
                row[0] = uai_code
                row[schools_column["Commune"]] = commune.name
                row[schools_column["Code commune"]] = commune.code
                writers["schools"].writerow(row)
                counts["schools"] += 1
            ban = folder / "ban" / f"adresses-{commune.code}.csv"
            with ban.open("w", encoding="utf-8", newline="") as handle:
                handle.write(";".join(sources.ban_header) + "\n")
                handle.writelines(";".join(row) + "\n" for row in commune.addresses)
            ban_files.append(ban)
            counts["addresses"] += len(commune.addresses)
            # A uniform sample of the addresses (reservoir sampling): the questions of the lookups.
            for row in commune.addresses:
                seen += 1
                slot = seen - 1 if len(reservoir) < QUESTIONS else pick.randrange(seen)
                if slot < QUESTIONS:
                    question = (commune.code, f"{row[2]} {row[4]}", row[9], commune.street_levels[row[4]])
                    if len(reservoir) < QUESTIONS:
                        reservoir.append(question)
                    else:
                        reservoir[slot] = question
    finally:
        for handle in handles.values():
            handle.close()
    counts["rules"] = counts["college_rules"] + counts["ecole_rules"]
    return Written(folder=folder, communes=codes, schools=paths["schools"], colleges=paths["colleges"],
                   ecoles=paths["ecoles"], fees=paths["fees"], ban_files=ban_files, counts=counts,
                   questions=reservoir)



# --- Imports, in a child process on a fresh database ----------------------------------------------------

IMPORT_CHILD = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command

plan = json.loads(Path(sys.argv[1]).read_text())
figures = {}
for kind, command, paths, options in plan:
    wall, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        call_command(command, path, stdout=open("/dev/null", "w"), **options)
    figures[kind] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
print(json.dumps(figures))
"""

# --- A worker: memory and build time of the compiled data, then lookups and quotes -----------------------

WORKER_CHILD = """
import ctypes, gc, json, random, resource, statistics, sys, time
from decimal import Decimal
from pathlib import Path
import django
django.setup()
from mon_enfant.catchment import services as catchment
from mon_enfant.catchment.logic import LookupStatus
from mon_enfant.fees import services as fees
from mon_enfant.models import Commune

def rss_mb():
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # what the process keeps, not what the allocator has not returned yet
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

given = json.loads(Path(sys.argv[1]).read_text())
codes = list(Commune.objects.order_by("code_insee").values_list("code_insee", flat=True))
catchment.CATCHMENT_STAMP.current(), fees.FEES_STAMP.current()  # the stamps' queries: not the data's cost
before = rss_mb()
wall, cpu = time.perf_counter(), time.process_time()
index = catchment.get_index()
index_wall, index_cpu = time.perf_counter() - wall, time.process_time() - cpu
after_index = rss_mb()
wall, cpu = time.perf_counter(), time.process_time()
for code in codes:
    fees.commune_fees_by_code(code)
fees_wall, fees_cpu = time.perf_counter() - wall, time.process_time() - cpu
after = rss_mb()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def percentiles(timings):
    timings = sorted(timings)
    return timings[len(timings) // 2] / 1e6, timings[int(len(timings) * 0.99)] / 1e6

questions = given["questions"]
statuses = [catchment.lookup(code, address, level, lieu_dit=lieu_dit or None).status
            for code, address, lieu_dit, level in questions]  # warm
# Wall time of each call, and its CPU time (the thread's): on a shared machine a call that another process
# pre-empts counts its wait in wall time only, so the CPU percentiles are the ones to compare.
lookup_times, lookup_cpu = [], []
clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
for _round in range(3):
    for code, address, lieu_dit, level in questions:
        started, started_cpu = clock(), cpu_clock()
        catchment.lookup(code, address, level, lieu_dit=lieu_dit or None)
        lookup_cpu.append(cpu_clock() - started_cpu)
        lookup_times.append(clock() - started)

rng = random.Random(5)
quotes = [(rng.choice(codes), Decimal(rng.randint(0, 250000)) / 100) for _ in range(len(questions))]
year = given["school_year"]
for code, qf in quotes[:500]:
    fees.compute_quote(fees.commune_fees_by_code(code), year, qf=qf)
quote_times, quote_cpu = [], []
for _round in range(3):
    for code, qf in quotes:
        started, started_cpu = clock(), cpu_clock()
        fees.compute_quote(fees.commune_fees_by_code(code), year, qf=qf)
        quote_cpu.append(cpu_clock() - started_cpu)
        quote_times.append(clock() - started)
grids = sum(len(services) for code in codes for services in fees.commune_fees_by_code(code).years.values())
print(json.dumps({
    "rss_before_mb": before, "rss_after_index_mb": after_index, "rss_after_mb": after, "peak_mb": peak,
    "index_wall": index_wall, "index_cpu": index_cpu, "fees_wall": fees_wall, "fees_cpu": fees_cpu,
    "lookup_ms": percentiles(lookup_times), "quote_ms": percentiles(quote_times), "grids": grids,
    "lookup_cpu_ms": percentiles(lookup_cpu), "quote_cpu_ms": percentiles(quote_cpu),
    "found": statuses.count(LookupStatus.FOUND) / len(statuses), "lookups": len(lookup_times),
    "rules": sum(1 for _ in catchment.load_rules()),
}))
"""


def _environment(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "example_site.settings"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}


class Databases:
    """Fresh databases copied from one migrated template: a file copy on SQLite, ``createdb -T`` on PostgreSQL."""

    def __init__(self, kind, folder):
        self.kind, self.folder = kind, Path(folder)
        self.postgres_name = os.environ.get("BENCH_POSTGRES_DB", "mon_enfant_bench")
        self.created = []
        template = self._url("template")
        if kind == "postgres":
            self._createdb(self._name("template"))
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                       env=_environment(template), check=True)

    def _name(self, label):
        return f"{self.postgres_name}_{label}"

    def _url(self, label):
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'{label}.sqlite3'}"
        return f"postgres://postgres@127.0.0.1:5432/{self._name(label)}"

    def _createdb(self, name, *options):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", *options, name], check=True)
        self.created.append(name)

    def fresh(self, label):
        if self.kind == "sqlite":
            shutil.copyfile(self.folder / "template.sqlite3", self.folder / f"{label}.sqlite3")
        else:
            self._createdb(self._name(label), "-T", self._name("template"))
        return self._url(label)

    def drop(self):
        for name in reversed(self.created):
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)


def _child(script, argument, url):
    output = subprocess.run([sys.executable, "-c", script, str(argument)], cwd=ROOT, env=_environment(url),
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(label, shape, databases, folder):
    """Generate, import and serve one département of ``shape``; the figures of each step."""
    started = time.perf_counter()
    written = write(folder / label, **shape)
    generated = time.perf_counter() - started
    plan = [
        ("schools", "import_schools", [str(written.schools)], {"create_communes": True}),
        ("addresses", "import_addresses", [str(path) for path in written.ban_files], {"create_communes": True}),
        ("colleges", "import_catchment", [str(written.colleges)], {"create_communes": True}),
        ("ecoles", "import_catchment", [str(written.ecoles)], {"create_communes": True}),
        ("fees", "import_fees", [str(written.fees)], {}),
    ]
    plan_path = folder / f"{label}-plan.json"
    plan_path.write_text(json.dumps(plan))
    url = databases.fresh(label)
    imports = _child(IMPORT_CHILD, plan_path, url)
    given = folder / f"{label}-questions.json"
    given.write_text(json.dumps({"questions": written.questions, "school_year": FEE_SCHOOL_YEAR}))
    worker = _child(WORKER_CHILD, given, url)
    shutil.rmtree(folder / label)
    return {"label": label, "shape": shape, "counts": written.counts, "generated_s": generated,
            "imports": imports, "worker": worker}


ROWS = {"schools": "schools", "addresses": "addresses", "colleges": "college_rules", "ecoles": "ecole_rules",
        "fees": "fee_rows"}


def report(results, quarter, half, full):
    lines = []
    add = lines.append
    add("imports (wall s / CPU s of the importing process; rows):")
    names = [result["label"] for result in results]
    add(f"  {'kind':<10}" + "".join(f"{name:>24}" for name in names) + "   full/quarter wall (CPU)")
    for kind, count in ROWS.items():
        cells = "".join(
            f"{result['imports'][kind]['wall']:>8.1f} /{result['imports'][kind]['cpu']:>6.1f} "
            f"{result['counts'][count]:>8,}" for result in results)
        ratio = (full["imports"][kind]["wall"] / quarter["imports"][kind]["wall"],
                 full["imports"][kind]["cpu"] / quarter["imports"][kind]["cpu"])
        add(f"  {kind:<10}{cells}   {ratio[0]:.2f} ({ratio[1]:.2f})")
    add("  (rows 4x from quarter to full: a linear import takes 4x the time; half/quarter "
        + ", ".join(f"{kind} {half['imports'][kind]['wall'] / quarter['imports'][kind]['wall']:.2f}" for kind in ROWS)
        + ")")
    add("worker (fresh process): RSS before -> after index -> after fee grids, build wall/CPU, p50/p99:")
    for result in results:
        worker = result["worker"]
        add(f"  {result['label']:<8} {worker['rules']:>7,} rules, {worker['grids']:>5,} grids: "
            f"RSS {worker['rss_before_mb']:.0f} -> {worker['rss_after_index_mb']:.0f} -> "
            f"{worker['rss_after_mb']:.0f} MB "
            f"(+{worker['rss_after_mb'] - worker['rss_before_mb']:.0f} MB, peak {worker['peak_mb']:.0f}); "
            f"index {worker['index_wall']:.2f} s ({worker['index_cpu']:.2f} CPU), "
            f"grids {worker['fees_wall']:.2f} s ({worker['fees_cpu']:.2f} CPU); "
            f"lookup {worker['lookup_ms'][0]:.3f}/{worker['lookup_ms'][1]:.3f} ms "
            f"(CPU {worker['lookup_cpu_ms'][0]:.3f}/{worker['lookup_cpu_ms'][1]:.3f}; {worker['found']:.0%} found), "
            f"quote {worker['quote_ms'][0]:.3f}/{worker['quote_ms'][1]:.3f} ms "
            f"(CPU {worker['quote_cpu_ms'][0]:.3f}/{worker['quote_cpu_ms'][1]:.3f})")
    return lines


def run(size=None, database=None):
    quick = os.environ.get("BENCH_QUICK", "1") != "0"
    size = size if size is not None else (QUICK_SIZE if quick else 1.0)
    database = database or os.environ.get("BENCH_DATABASE", "sqlite")
    shapes = [("5.4k", SMALL)] + [
        (name, {key: max(1, round(value * size * part)) for key, value in FULL.items()})
        for name, part in (("quarter", 0.25), ("half", 0.5), ("full", 1.0))]
    load = os.getloadavg()
    detail(f"size {size:g} of 300 communes / 100,000 rules / 1,000,000 addresses, {database}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        databases = Databases(database, folder)
        try:
            for label, shape in shapes:
                results.append(measure(label, shape, databases, folder))
                detail(f"  {label}: {json.dumps(results[-1])}")
        finally:
            databases.drop()
    for line in report(results, *results[1:]):
        detail(line)
    return rows(results, size, database)


def rows(results, size, database):
    """The table's lines: CPU time decides (the machines these run on are shared, and a neighbour's load
    lengthens wall time only); the wall times are in the details (-v)."""
    small, quarter, full = results[0]["worker"], results[1], results[-1]
    worker = full["worker"]
    where = f"{database}, {worker['rules']:,} rules" + ("" if size == 1 else f" (size {size:g})")
    command = ".venv/bin/python bench/bench_departement.py" + ("" if size == 1 else f" --size {size:g}") + (
        "" if database == "sqlite" else f" --db {database}")
    table_rows = [
        Row("departement", f"import {kind}, 4x the rows of the quarter size, CPU ({where})",
            full["imports"][kind]["cpu"], "s", baseline=quarter["imports"][kind]["cpu"], baseline_name="quarter size",
            goal=Goal("ratio", "<=", LINEAR_LIMIT), command=command)
        for kind in ROWS]
    table_rows += [
        Row("departement", f"a worker's compiled data, RSS after - before ({where})",
            worker["rss_after_mb"] - worker["rss_before_mb"], "MB", goal=Goal("value", "<", TARGET_MEMORY_MB * size),
            command=command),
        Row("departement", f"a worker builds the index and fee grids, CPU ({where})",
            worker["index_cpu"] + worker["fees_cpu"], "s", goal=Goal("value", "<", TARGET_BUILD_S), command=command),
    ]
    for label, measured in ((where, worker), (f"{database}, {small['rules']:,} rules", small)):
        table_rows.append(Row("departement", f"lookup p99, CPU ({label})", measured["lookup_cpu_ms"][1], "ms",
                              goal=Goal("value", "<", TARGET_LOOKUP_P99_MS), command=command))
    table_rows.append(Row("departement", f"quote p99, CPU ({where})", worker["quote_cpu_ms"][1], "ms",
                          command=command))
    return table_rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=1.0, help="fraction of the full département (default 1)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    os.environ.setdefault("BENCH_VERBOSE", "1")
    table_rows = run(args.size, args.db)
    print(table(table_rows))
    return 0 if all_met(table_rows) else 1


if __name__ == "__main__":
    sys.exit(main())
