"""Benchmark of "Trouver mon école": lookups at the size of a département and of 100,000 rules, the import of
a département's national file, and street autocomplete over 10,000 streets.

    .venv/bin/python bench/run.py catchment          # or: .venv/bin/python bench/bench_catchment_logic.py

(a) In-process lookup (parse + normalise + match) against an index of ~5,400 rules (the size of the national
    carte scolaire file of one département) and of 100,000 rules, with the same questions asked of both and
    the two measured in alternating rounds: p50/p99 of each and the 100k/5.4k ratio of the mean time.
    Targets: p99 < 0.5 ms, ratio < 1.5 (the cost must not grow with the file).
(c) Importing a 5,400-row file in the national format (``import_catchment``, target < 5 s) and autocomplete
    over 10,000 streets of the address index (``services.autocomplete``, p95 < 5 ms), in a separate process on
    a fresh SQLite database. The address import of 20,000 BAN rows is timed on the way.

The rules are synthesised from the real extract (``tests/data/carte-scolaire-colleges-35-extrait.csv``):
its three communes as published, then rural communes made of samples of its village rows (lieux-dits and
small streets, 10 to 40 rules each) and towns made of copies of its Saint-Malo rows, each under a new INSEE
code and with perturbed collège UAIs: a département's file looks like that (one city, a few towns, hundreds
of villages). Figures are printed; only the targets decide the exit status, never a test. BENCH_QUICK=1: 20,000
rules for the large index, 1,000 questions, 2 rounds (the import and autocomplete are unchanged).
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import migrated_sqlite_env  # noqa: E402 (bench/ is on the path: run.py or this script's folder)
from results import Goal, Row, detail, main, quick  # noqa: E402

NATIONAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "carte-scolaire-colleges-35-extrait.csv"
DEMO_BAN = ROOT / "example_site" / "fixtures" / "saint-malo" / "adresses-35288-demo.csv"
DEPARTEMENT_RULES = 5_400
LARGE_RULES = 100_000
LOOKUPS = 4_000
ROUNDS = 5
TARGET_P99_MS = 0.5
TARGET_RATIO = 1.5
TARGET_IMPORT_S = 5.0
TARGET_AUTOCOMPLETE_P95_MS = 5.0
STREETS = 10_000


# --- Synthetic département ------------------------------------------------------------------------


def read_national_rows():
    with NATIONAL.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        return header, list(reader)


def synthetic_rows(total, seed=35):
    """National-format rows: the real extract, then villages and towns under new INSEE codes, up to ``total``."""
    random.seed(seed)
    header, rows = read_national_rows()
    insee = header.index("code_insee")
    commune_name = header.index("libelle_commune")
    uai = header.index("Code_RNE")
    city = [row for row in rows if row[insee] == "35288"]
    villages = [row for row in rows if row[insee] != "35288"]
    out = list(rows)
    number = 0
    while len(out) < total:
        number += 1
        code = f"{36000 + number:05d}"
        # One town (a copy of the city's rows) for every 60 villages: a département's usual mix.
        source = city if number % 60 == 0 else random.sample(villages, random.randint(10, 40))
        college = f"{random.randint(350000, 359999):07d}{random.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
        for row in source:
            copy = list(row)
            copy[insee] = code
            copy[commune_name] = f"Commune {code}"
            copy[uai] = college if random.random() < 0.8 else row[uai]
            out.append(copy)
    return header, out[:total]


def rules_from_rows(header, rows):
    from mon_enfant.catchment.logic import Rule

    column = {name.lower(): index for index, name in enumerate(header)}
    return [
        Rule.from_bounds(
            commune=row[column["code_insee"]], level="college", uai=row[column["code_rne"]],
            street_label=row[column["type_et_libelle"]], lieu_dit=row[column["lieu_dit"]],
            parity=row[column["parite"]], first_number=row[column["no_de_voie_debut"]],
            first_repetition=row[column["indice_de_repetition_debut"]], last_number=row[column["no_de_voie_fin"]],
            last_repetition=row[column["indice_de_repetition_fin"]],
            whole_commune=row[column["secteur_unique"]] == "O", rule_id=line,
        )
        for line, row in enumerate(rows, start=2)
    ]


def questions(rules, count, seed=7):
    """Addresses as parents type them, each inside a rule's range and parity (a house number, sometimes
    with "bis", in lower case with the type abbreviated now and then)."""
    random.seed(seed)
    abbreviations = {"AVENUE": "av.", "BOULEVARD": "bd", "RUE": "r.", "IMPASSE": "imp", "ALLEE": "all."}
    asked = []
    for rule in random.sample(rules, count):
        low = rule.first.number if rule.first else 1
        high = rule.last.number if rule.last else low + 60
        number = random.randint(low, max(low, high))
        if rule.parity.value == "P" and number % 2:
            number = number + 1 if number < high or rule.last is None else number - 1
        elif rule.parity.value == "I" and number % 2 == 0:
            number = number + 1 if number < high or rule.last is None else number - 1
        label = rule.street_label or rule.lieu_dit
        words = label.split()
        if words and words[0] in abbreviations and random.random() < 0.3:
            words[0] = abbreviations[words[0]]
        suffix = " bis" if random.random() < 0.1 else ""
        asked.append((rule.commune, f"{number}{suffix} {' '.join(words).lower()}"))
    return asked


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def time_lookups(index, asked):
    timings = []
    clock = time.perf_counter_ns
    for commune, address in asked:
        started = clock()
        index.lookup(commune, address, "college")
        timings.append(clock() - started)
    return timings


def bench_lookups(lines):
    from mon_enfant.catchment.logic import CatchmentIndex, LookupStatus

    large_rules, lookups, rounds = (20_000, 1_000, 2) if quick() else (LARGE_RULES, LOOKUPS, ROUNDS)
    header, rows = synthetic_rows(large_rules)
    all_rules = rules_from_rows(header, rows)
    small_rules = all_rules[:DEPARTEMENT_RULES]
    started = time.perf_counter()
    small = CatchmentIndex.build(small_rules)
    small_build = time.perf_counter() - started
    started = time.perf_counter()
    large = CatchmentIndex.build(all_rules)
    large_build = time.perf_counter() - started

    asked = questions(small_rules, lookups)
    found = sum(small.lookup(commune, address, "college").status == LookupStatus.FOUND for commune, address in asked)
    time_lookups(small, asked[:500])
    time_lookups(large, asked[:500])  # warm both
    small_times, large_times = [], []
    for _round in range(rounds):  # alternate, so machine noise hits both sizes alike
        small_times += time_lookups(small, asked)
        large_times += time_lookups(large, asked)

    def ms(value):
        return value / 1e6

    small_p50, small_p99 = ms(percentile(small_times, 0.5)), ms(percentile(small_times, 0.99))
    large_p50, large_p99 = ms(percentile(large_times, 0.5)), ms(percentile(large_times, 0.99))
    ratio = statistics.fmean(large_times) / statistics.fmean(small_times)
    lines.append(f"(a) lookup, {len(small_rules):,} rules (index built in {small_build:.2f} s): "
                 f"p50 {small_p50:.3f} ms, p99 {small_p99:.3f} ms")
    lines.append(f"(a) lookup, {len(all_rules):,} rules (index built in {large_build:.2f} s): "
                 f"p50 {large_p50:.3f} ms, p99 {large_p99:.3f} ms")
    lines.append(f"(a) {lookups * rounds:,} lookups each, {found / len(asked):.0%} found; "
                 f"100k/5.4k mean time ratio {ratio:.2f} (p50 ratio {large_p50 / small_p50:.2f})")

    # Not a target, for the record: an unknown street costs a fuzzy search for suggestions.
    typos = [(commune, address.replace("e", "i", 1) + "x") for commune, address in asked[:500]]
    typo_times = time_lookups(small, typos)
    lines.append(f"    (unknown street with suggestions, 5.4k rules: p50 {ms(percentile(typo_times, 0.5)):.3f} ms, "
                 f"p99 {ms(percentile(typo_times, 0.99)):.3f} ms)")
    small_size, large_size = f"{len(small_rules):,} rules", f"{len(all_rules):,} rules"
    result = [
        Row("catchment", f"lookup p99, {small_size}, in-process", small_p99, "ms", baseline=small_p50,
            baseline_name="its p50", goal=Goal("value", "<", TARGET_P99_MS)),
        Row("catchment", f"lookup p99, {large_size}, in-process", large_p99, "ms", baseline=large_p50,
            baseline_name="its p50", goal=Goal("value", "<", TARGET_P99_MS)),
        Row("catchment", f"lookup mean time, {large_size}", statistics.fmean(large_times) / 1e6, "ms",
            baseline=statistics.fmean(small_times) / 1e6, baseline_name=small_size,
            goal=Goal("ratio", "<", TARGET_RATIO)),
    ]
    return result, header, rows[:DEPARTEMENT_RULES]


# --- Import and autocomplete, in a separate process on a fresh database ------------------------------------


def write_national_file(path, header, rows):
    """Exactly as published: BOM, CRLF, ";"."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_ban_file(path, streets):
    """A BAN-format file (23 columns) of ``streets`` streets in commune 36999, two addresses each."""
    # The current 23-column header, as in the demo extract (mon_enfant.addresses.ban needs Django settings).
    columns = DEMO_BAN.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
    _header, rows = read_national_rows()
    names = sorted({row[10].split(" ", 1)[1] for row in rows if " " in row[10]})
    kinds = ["Rue", "Avenue", "Allée", "Impasse", "Chemin", "Place", "Boulevard", "Square", "Passage", "Quai",
             "Résidence", "Venelle"]
    from mon_enfant.addresses.parsing import street_key

    by_key = {}  # distinct streets: "Rue Saint Louis" and "Rue St Louis" would be one
    for name in names:
        for kind in kinds:
            by_key.setdefault(street_key(f"{kind} {name}"), f"{kind} {name.title()}")
    labels = list(by_key.values())[:streets]
    labels += [f"Rue du Lotissement {index}" for index in range(streets - len(labels))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(columns) + "\n")
        for index, label in enumerate(labels):
            for number in (1, 2):
                values = {"id": f"36999_{index:05d}_{number:05d}", "numero": str(number), "nom_voie": label,
                          "code_postal": "35000", "code_insee": "36999", "nom_commune": "Grande-Ville",
                          "lat": f"{48.0 + index / 100000:.6f}", "lon": f"{-1.6 + number / 10000:.6f}"}
                handle.write(";".join(values.get(name, "") for name in columns) + "\n")
    return labels


CHILD = """
import json, random, statistics, sys, time
from pathlib import Path
import django
django.setup()
from mon_enfant.addresses.ban import import_addresses
from mon_enfant.catchment import services
from mon_enfant.catchment.importers import import_catchment

national, ban, labels = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text())
started = time.perf_counter()
report = import_catchment(national.read_bytes(), create_communes=True, filename=national.name)
import_seconds = time.perf_counter() - started
started = time.perf_counter()
address_report = import_addresses(ban.read_bytes(), create_communes=True)
ban_seconds = time.perf_counter() - started

random.seed(3)
prefixes = []
for label in random.sample(labels, 1000):
    words = label.lower().split()
    text = " ".join(words[1:]) if random.random() < 0.3 and len(words) > 1 else label.lower()
    prefixes.append(text[: random.randint(3, min(14, len(text)))])
services.autocomplete("36999", "rue")  # the first call builds the index
timings, answered = [], 0
for prefix in prefixes * 3:
    started = time.perf_counter_ns()
    answered += bool(services.autocomplete("36999", prefix))
    timings.append(time.perf_counter_ns() - started)
timings.sort()
# With a level, only the streets its rules serve are offered: Saint-Malo's collège streets, as typed.
city_prefixes = [label.lower()[: random.randint(3, 14)] for label in services.autocomplete("35288", "rue", 10)]
city_prefixes = (city_prefixes + prefixes) * 3
services.autocomplete("35288", "rue", level="college")  # builds the level's street list
level_timings = []
for prefix in city_prefixes:
    started = time.perf_counter_ns()
    services.autocomplete("35288", prefix, level="college")
    level_timings.append(time.perf_counter_ns() - started)
level_timings.sort()
print(json.dumps({
    "rules": report.rules_created, "rows": report.rows_read, "communes": len(report.communes),
    "import_seconds": import_seconds, "ban_rows": address_report.rows_read,
    "streets": address_report.streets_created, "ban_seconds": ban_seconds,
    "autocomplete_p50_ms": timings[len(timings) // 2] / 1e6,
    "autocomplete_p95_ms": timings[int(len(timings) * 0.95)] / 1e6,
    "answered": answered / len(timings),
    "level_autocomplete_p95_ms": level_timings[int(len(level_timings) * 0.95)] / 1e6,
}))
"""


def bench_import_and_autocomplete(lines, header, rows):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        national = folder / "carte-scolaire-35-synthetique.csv"
        write_national_file(national, header, rows)
        ban = folder / "adresses-36999.csv"
        labels_path = folder / "labels.json"
        labels_path.write_text(json.dumps(write_ban_file(ban, STREETS)))
        script = folder / "child.py"
        script.write_text(CHILD)
        env = migrated_sqlite_env(folder, ROOT)
        output = subprocess.run([sys.executable, str(script), str(national), str(ban), str(labels_path)], cwd=ROOT,
                                env=env, check=True, capture_output=True, text=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    lines.append(f"(c) import_catchment, national format, {figures['rows']:,} rows, {figures['communes']} communes: "
                 f"{figures['import_seconds']:.2f} s ({figures['rules']:,} rules)")
    lines.append(f"(c) import_addresses, {figures['ban_rows']:,} BAN rows, {figures['streets']:,} streets: "
                 f"{figures['ban_seconds']:.2f} s")
    lines.append(f"(c) autocomplete over {figures['streets']:,} streets: p50 {figures['autocomplete_p50_ms']:.3f} ms, "
                 f"p95 {figures['autocomplete_p95_ms']:.3f} ms ({figures['answered']:.0%} with suggestions)")
    lines.append(f"(c) autocomplete with a level (the collège streets of 35288): "
                 f"p95 {figures['level_autocomplete_p95_ms']:.3f} ms")
    return [
        Row("catchment", f"import_catchment, {figures['rows']:,} rows, national format", figures["import_seconds"],
            "s", goal=Goal("value", "<", TARGET_IMPORT_S)),
        Row("catchment", f"autocomplete p95, {figures['streets']:,} streets", figures["autocomplete_p95_ms"], "ms",
            baseline=figures["autocomplete_p50_ms"], baseline_name="its p50",
            goal=Goal("value", "<", TARGET_AUTOCOMPLETE_P95_MS)),
        Row("catchment", "autocomplete p95 with a level (collège streets)", figures["level_autocomplete_p95_ms"],
            "ms", goal=Goal("value", "<", TARGET_AUTOCOMPLETE_P95_MS)),
    ]


def run():
    lines = []
    lookup_rows, header, rows = bench_lookups(lines)
    import_rows = bench_import_and_autocomplete(lines, header, rows)
    for line in lines:
        detail(line)
    return lookup_rows + import_rows


if __name__ == "__main__":
    main(run)
