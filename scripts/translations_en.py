# ruff: noqa: E501  (the translation table holds one entry a line)
"""English catalogue of mon_enfant: the translation table, and a filler for the .po file.

Workflow (see the Makefile's ``messages`` target)::

    cd mon_enfant && ../.venv/bin/python ../manage.py makemessages -l en --no-obsolete
    cd .. && .venv/bin/python scripts/translations_en.py      # fill msgstr from TABLE below
    cd mon_enfant && ../.venv/bin/python ../manage.py compilemessages

The script fills every msgstr of ``mon_enfant/locale/en/LC_MESSAGES/django.po`` from ``TABLE``, removes
``#, fuzzy`` flags (and the ``#|`` previous-msgid lines msgmerge leaves with them), and lists the msgids
that are missing from ``TABLE`` (exit status 1): add them to ``TABLE`` and run it again.
Standard library only.

Glossary (keep it consistent when adding entries):
    commune → municipality; mairie → town hall; voie → street; secteur → catchment area;
    carte scolaire → school catchment map (carte scolaire); dérogation → exemption (dérogation);
    maternelle / élémentaire / collège → nursery / primary / lower secondary (French term in brackets);
    établissement → school; UAI, INSEE, ENT, PAI, CAF, MSA, AEEH, QF kept (glossed where first seen);
    quotient familial → family quotient; tranche → band; grille tarifaire → fee scale; tarif → price;
    tarif unique → flat rate; taux d'effort → effort rate; plancher / plafond → floor / ceiling;
    majoration → surcharge; prestation → service; service (contact) → department; fratrie → sibling;
    panier repas → packed lunch; simulation (import) → dry run; simulation (fees) → estimate.
    Values typed in import files (maternelle, elementaire, college, tranches, taux, forfait, oui...) and
    column names stay in French. Quotation marks: “ ”.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

PO_PATH = Path(__file__).resolve().parent.parent / "mon_enfant" / "locale" / "en" / "LC_MESSAGES" / "django.po"
WIDTH = 79

HEADER_FIELDS = {
    "Project-Id-Version": "mon-enfant-a-l-ecole",
    "Last-Translator": "mon_enfant maintainers",
    "Language-Team": "English",
    "Language": "en",
}


# --- PO reading and writing -----------------------------------------------------------------------
def unescape(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text)


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
CONTINUATION = re.compile(r'^"(.*)"\s*$')


def parse_entry(lines: list[str]) -> dict:
    """One block of a .po file: comments, and the fields (msgid, msgid_plural, msgstr[n]...) unescaped."""
    entry = {"comments": [], "fields": {}, "order": []}
    current = None
    for line in lines:
        if line.startswith("#"):
            entry["comments"].append(line)
            continue
        match = KEYWORD.match(line)
        if match:
            current = match.group(1)
            entry["fields"][current] = unescape(match.group(2))
            entry["order"].append(current)
            continue
        match = CONTINUATION.match(line)
        if match and current:
            entry["fields"][current] += unescape(match.group(1))
            continue
        raise ValueError(f"unexpected line in the .po file: {line!r}")
    return entry


def read_po(path: Path) -> list[dict]:
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip("\n"))
    return [parse_entry(block.split("\n")) for block in blocks if block.strip()]


def format_field(keyword: str, value: str) -> list[str]:
    escaped = escape(value)
    single = f'{keyword} "{escaped}"'
    if len(single) <= WIDTH and "\\n" not in escaped[:-2]:
        return [single]
    lines = [f'{keyword} ""']
    for piece in re.split(r"(?<=\\n)", escaped):
        if not piece:
            continue
        words = re.split(r"(?<= )", piece)
        chunk = ""
        for word in words:
            if chunk and len(chunk) + len(word) > WIDTH - 2:
                lines.append(f'"{chunk}"')
                chunk = ""
            chunk += word
        if chunk:
            lines.append(f'"{chunk}"')
    return lines


def write_entry(entry: dict) -> str:
    out = list(entry["comments"])
    for keyword in entry["order"]:
        out.extend(format_field(keyword, entry["fields"][keyword]))
    return "\n".join(out)


def write_po(path: Path, entries: list[dict]) -> None:
    path.write_text("\n\n".join(write_entry(entry) for entry in entries) + "\n", encoding="utf-8")


def is_fuzzy(entry: dict) -> bool:
    return any(line.startswith("#,") and "fuzzy" in line for line in entry["comments"])


def drop_fuzzy(entry: dict) -> None:
    comments = []
    for line in entry["comments"]:
        if line.startswith("#|"):
            continue  # previous msgid of a fuzzy match
        if line.startswith("#,"):
            flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() and flag.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        comments.append(line)
    entry["comments"] = comments


def entry_key(entry: dict) -> str:
    msgid = entry["fields"]["msgid"]
    context = entry["fields"].get("msgctxt")
    return f"{context}\x04{msgid}" if context is not None else msgid


HEADER_COMMENTS = [
    "# English translation of Mon enfant à l'école (mon_enfant).",
    "# This file is distributed under the same license as the mon-enfant-a-l-ecole package (EUPL-1.2).",
    "# Filled by scripts/translations_en.py: edit the TABLE there, not this file.",
    "#",
]


def update_header(entry: dict) -> None:
    entry["comments"] = HEADER_COMMENTS + [line for line in entry["comments"] if not line.startswith("# ")
                                           and line != "#"]
    lines = entry["fields"]["msgstr"].split("\n")
    fields = dict(HEADER_FIELDS, **{"PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")})
    for index, line in enumerate(lines):
        name = line.split(":", 1)[0]
        if name in fields:
            lines[index] = f"{name}: {fields[name]}"
    entry["fields"]["msgstr"] = "\n".join(lines)
    drop_fuzzy(entry)


def fill(path: Path = PO_PATH) -> list[str]:
    """Fill the catalogue from TABLE; return the msgids still untranslated."""
    entries = read_po(path)
    missing = []
    for entry in entries:
        fields = entry["fields"]
        if fields["msgid"] == "" and "msgctxt" not in fields:
            update_header(entry)
            continue
        translation = TABLE.get(entry_key(entry))
        plural = "msgid_plural" in fields
        if translation is not None:
            if plural:
                singular, plural_form = translation
                fields["msgstr[0]"], fields["msgstr[1]"] = singular, plural_form
            else:
                fields["msgstr"] = translation
            drop_fuzzy(entry)
            continue
        strings = [value for name, value in fields.items() if name.startswith("msgstr")]
        if is_fuzzy(entry) or not all(strings):
            missing.append(entry_key(entry))
    write_po(path, entries)
    used = {entry_key(entry) for entry in entries}
    fill.unused = sorted(key for key in TABLE if key not in used)  # msgids gone from the sources
    return missing


def main() -> int:
    missing = fill()
    for msgid in missing:
        print(f"missing: {msgid!r}")
    print(f"{len(TABLE)} entries in the table ({len(fill.unused)} no longer in the .po), "
          f"{len(missing)} msgids missing from it.")
    return 1 if missing else 0


# --- Translation table: msgid → msgstr, or msgid → (msgstr[0], msgstr[1]) for plural entries ---------
TABLE: dict[str, str | tuple[str, str]] = {
    '%(count)s lignes lues.': '%(count)s rows read.',
    '%(streets)s voies et %(addresses)s adresses créées (remplacent %(old_streets)s voies et %(old_addresses)s adresses).': '%(streets)s streets and %(addresses)s addresses created (replacing %(old_streets)s streets and %(old_addresses)s addresses).',
    'Communes : %(list)s.': 'Municipalities: %(list)s.',
    'Communes créées : %(list)s.': 'Municipalities created: %(list)s.',
    '%(count)s lieux-dits sans numéro (voie sans adresse).': '%(count)s localities (lieux-dits) without a house number (street with no address).',
    '%(count)s adresses en double ignorées.': '%(count)s duplicate addresses ignored.',
    "%(count)s lignes d'autres communes ignorées (filtre --commune).": '%(count)s rows from other municipalities ignored (--commune filter).',
    '%(count)s lignes ignorées : commune %(code)s inconnue (utilisez --create-communes).': '%(count)s rows ignored: unknown municipality %(code)s (use --create-communes).',
    "Simulation : rien n'a été enregistré.": 'Dry run: nothing has been saved.',
    'Base Adresse Nationale (adresses-XXXXX.csv)': 'Base Adresse Nationale (national address database, adresses-XXXXX.csv)',
    'code INSEE « %(code)s » invalide.': 'invalid INSEE code “%(code)s”.',
    'numéro « %(value)s » invalide.': 'invalid house number “%(value)s”.',
    'indice de répétition « %(value)s » inconnu.': 'unknown number suffix “%(value)s”.',
    'coordonnées « %(lat)s ; %(lon)s » invalides (WGS84 attendu).': 'invalid coordinates “%(lat)s; %(lon)s” (WGS84 expected).',
    'nom de voie vide ou illisible.': 'street name empty or unreadable.',
    'nom de voie trop long (%(max)s caractères au plus).': 'street name too long (%(max)s characters at most).',
    "Le service de géolocalisation ne répond pas : la position vient de l'index local des adresses.": 'The geolocation service is not responding: the position comes from the local address index.',
    'commune': 'municipality',
    'libellé': 'label',
    'clé de recherche': 'search key',
    'Libellé normalisé (sans accents, abréviations développées).': 'Normalised label (no accents, abbreviations expanded).',
    'identifiant BAN / FANTOIR': 'BAN / FANTOIR identifier',
    'code postal': 'postcode',
    'lieu-dit / commune déléguée': 'locality (lieu-dit) / delegated municipality (commune déléguée)',
    'voie': 'street',
    'voies': 'streets',
    'numéro': 'house number',
    'indice de répétition': 'number suffix (bis, ter…)',
    'identifiant BAN': 'BAN identifier',
    'adresse': 'address',
    'adresses': 'addresses',
    'Fichier CSV': 'CSV file',
    'UTF-8, séparateur « ; » ou « , ». Voir le format dans la documentation.': 'UTF-8, separator “;” or “,”. See the documentation for the format.',
    'Créer les communes absentes': 'Create missing municipalities',
    'Réservé aux administrateurs. Sinon, les lignes de ces communes sont ignorées.': 'Administrators only. Otherwise, rows for these municipalities are ignored.',
    'Fichier trop volumineux.': 'File too large.',
    'Cette simulation a expiré : déposez à nouveau le fichier.': 'This dry run has expired: please upload the file again.',
    'Importer des écoles': 'Import schools',
    "Mon enfant à l'école": 'My child at school',
    'Qui décide ?': 'Who decides?',
    'Précision': 'Details',
    'Indique qui prend la décision (mairie, Éducation nationale, école...).': 'Says who makes the decision (town hall, Éducation nationale, school…).',
    'Contact': 'Contact',
    'Le service à contacter : téléphone, courriel, horaires.': 'The department to contact: phone, email, opening hours.',
    'Commune': 'Municipality',
    'Niveau': 'Level',
    'Laisser vide pour toutes les écoles.': 'Leave empty for all schools.',
    'Titre': 'Title',
    'Liste des écoles': 'School list',
    "Les fiches des écoles d'une commune (adresse, horaires, direction, ENT).": "The information cards for a municipality's schools (address, hours, head teacher, ENT).",
    'Fichier de sectorisation': 'Catchment file',
    'Fichier national de la carte scolaire des collèges (CSV), CSV simple des écoles ou zones GeoJSON.': 'National collège catchment map file (CSV), simple CSV for schools, or GeoJSON zones.',
    'Celui du fichier (collège pour le fichier national)': 'From the file (collège for the national file)',
    "Niveau des règles du fichier national, et niveau des lignes du CSV simple qui n'en donnent pas.": 'Level of the rules in the national file, and of the simple CSV rows that do not give one.',
    'Année scolaire': 'School year',
    "Ex. 2026-2027, pour les règles qui n'en donnent pas. Vide : les règles valent pour toutes les années.": 'E.g. 2026-2027, for rules that do not give one. Empty: the rules apply to all years.',
    'Importer une carte scolaire': 'Import a school catchment map (carte scolaire)',
    "Vous n'avez pas le droit d'importer des zones.": 'You are not allowed to import zones.',
    'Toutes années': 'All years',
    'Couverture de la carte scolaire': 'School catchment map coverage',
    "Secteur partagé : cette adresse dépend de l'un de ces établissements : %(names)s.": 'Shared catchment area: this address is served by one of these schools: %(names)s.',
    'Cette adresse dépend de : %(names)s.': 'This address is served by: %(names)s.',
    'Voie inconnue. Vouliez-vous dire : %(streets)s ?': 'Unknown street. Did you mean: %(streets)s?',
    "Voie inconnue dans cette commune : vérifiez l'orthographe ou contactez la mairie.": 'Street not known in this municipality: check the spelling or contact the town hall.',
    'Précisez le numéro : cette voie est partagée entre plusieurs secteurs.': 'Please give the house number: this street is split between several catchment areas.',
    "Précisez la commune déléguée : cette voie existe dans plusieurs d'entre elles.": 'Please give the delegated municipality (commune déléguée): this street exists in several of them.',
    'Plusieurs voies portent ce nom : précisez laquelle.': 'Several streets have this name: please say which one.',
    "Aucune commune de code %(code)s n'est servie par ce site.": 'No municipality with code %(code)s is served by this site.',
    "La carte scolaire de cette commune n'est pas publiée ici pour ce niveau : contactez la mairie.": "This municipality's school catchment map is not published here for this level: contact the town hall.",
    "Cette commune dessine ses secteurs sur une carte et l'adresse n'a pas pu être située : contactez la mairie.": 'This municipality draws its catchment areas on a map and the address could not be located: contact the town hall.',
    "Cette adresse n'est rattachée à aucun secteur : contactez la mairie.": 'This address is not in any catchment area: contact the town hall.',
    'Trouver mon école': 'Find my school',
    'Laisser vide pour les communes du site (les familles choisissent alors la leur).': "Leave empty for the site's municipalities (families then choose their own).",
    'Niveaux proposés': 'Levels offered',
    'Dérogations': 'Exemptions (dérogations)',
    'La note de la mairie sur les inscriptions hors secteur, montrée avec la réponse.': "The town hall's note on enrolment outside the catchment area, shown with the answer.",
    "Le formulaire « Trouver mon école » : les familles tapent leur adresse et lisent l'école ou le collège de leur secteur.": 'The “Find my school” form: families type their address and see the school or collège for their catchment area.',
    'fichier national de la carte scolaire': 'national school catchment map file',
    'CSV simple (écoles)': 'simple CSV (schools)',
    'zones GeoJSON': 'GeoJSON zones',
    'toutes années': 'all years',
    '%(commune)s (%(code)s), %(level)s, %(year)s': '%(commune)s (%(code)s), %(level)s, %(year)s',
    'Format : %(format)s.': 'Format: %(format)s.',
    '%(count)s zones lues.': '%(count)s zones read.',
    '%(count)s zones créées.': '%(count)s zones created.',
    '%(count)s règles créées.': '%(count)s rules created.',
    '%(scope)s : %(created)s créées, %(replaced)s remplacées.': '%(scope)s: %(created)s created, %(replaced)s replaced.',
    '%(count)s lignes ignorées : la commune %(code)s ne fait pas partie de vos communes.': '%(count)s rows ignored: municipality %(code)s is not one of your municipalities.',
    '%(count)s lignes « secteur unique » en double regroupées.': '%(count)s duplicate “single catchment area” rows merged.',
    "Écoles inconnues de l'annuaire (règles conservées, à compléter avec l'import des écoles) : %(list)s.": 'Schools not in the directory (rules kept; complete them by importing the schools): %(list)s.',
    "%(scope)s : l'école %(uai)s est une école de niveau « %(level)s ».": '%(scope)s: school %(uai)s is a “%(level)s” school.',
    'Chevauchements : %(conflicts)s conflits, %(shared)s secteurs partagés, %(duplicates)s doublons.': 'Overlaps: %(conflicts)s conflicts, %(shared)s shared catchment areas, %(duplicates)s duplicates.',
    'Conflit : %(first)s ; %(second)s.': 'Conflict: %(first)s; %(second)s.',
    '%(scope)s : %(missing)s voies sur %(known)s sans secteur.': '%(scope)s: %(missing)s streets out of %(known)s without a catchment area.',
    '(ligne %(line)s)': '(row %(line)s)',
    'Niveau « %(level)s » inconnu (maternelle, elementaire ou college).': 'Unknown level “%(level)s” (maternelle, elementaire or college).',
    'Année scolaire refusée : %(error)s': 'School year rejected: %(error)s',
    'Code INSEE invalide dans --commune : %(codes)s.': 'Invalid INSEE code in --commune: %(codes)s.',
    'code INSEE « %(code)s » invalide (5 caractères, ex. 35288).': 'invalid INSEE code “%(code)s” (5 characters, e.g. 35288).',
    'en-tête non reconnu : attendu le fichier national de la carte scolaire (colonnes Type_et_Libelle, Code_RNE, Secteur_unique...) ou le format simple (colonnes %(columns)s).': 'unrecognised header: expected the national school catchment map file (columns Type_et_Libelle, Code_RNE, Secteur_unique…) or the simple format (columns %(columns)s).',
    'colonnes manquantes pour le format %(format)s : %(columns)s.': 'missing columns for the %(format)s format: %(columns)s.',
    'parité « %(value)s » inconnue (P, I ou PI).': 'unknown parity “%(value)s” (P, I or PI).',
    '« secteur_unique » vaut oui : laissez la voie vide (toute la commune).': '“secteur_unique” is “oui”: leave the street empty (whole municipality).',
    'parité « %(value)s » inconnue (pair, impair, tous, P, I ou PI).': 'unknown parity “%(value)s” (pair, impair, tous, P, I or PI).',
    'voie manquante (pour toute la commune, écrivez « oui » dans secteur_unique).': 'missing street (for the whole municipality, write “oui” in secteur_unique).',
    "%(column)s manquant : le code UAI de l'école est attendu (ex. 0350916F).": "%(column)s missing: the school's UAI code is expected (e.g. 0350916F).",
    "%(column)s « %(value)s » n'est pas un code UAI (7 chiffres et une lettre).": '%(column)s “%(value)s” is not a UAI code (7 digits and a letter).',
    '%(column)s « %(value)s » : O (oui) ou N (non) attendu.': '%(column)s “%(value)s”: O (yes) or N (no) expected.',
    '%(column)s : %(max)s caractères au plus (%(count)s trouvés).': '%(column)s: %(max)s characters at most (%(count)s found).',
    'n° de début': 'start number',
    'n° de fin': 'end number',
    '%(label)s « %(value)s » : un nombre entier positif est attendu.': '%(label)s “%(value)s”: a positive whole number is expected.',
    '%(label)s « %(value)s » hors limites (%(max)s au plus).': '%(label)s “%(value)s” out of range (%(max)s at most).',
    'indice de répétition « %(value)s » inconnu (bis, ter, quater, quinquies ou une lettre de A à Z).': 'unknown number suffix “%(value)s” (bis, ter, quater, quinquies or a letter from A to Z).',
    'niveau manquant (colonne niveau, ou option --level).': 'missing level (niveau column, or --level option).',
    'niveau « %(value)s » inconnu (maternelle, elementaire, primaire ou college).': 'unknown level “%(value)s” (maternelle, elementaire, primaire or college).',
    'année scolaire refusée : %(error)s': 'school year rejected: %(error)s',
    'priorité « %(value)s » : un nombre entier entre -%(max)s et %(max)s est attendu.': 'priority “%(value)s”: a whole number between -%(max)s and %(max)s is expected.',
    'JSON illisible : %(error)s.': 'Unreadable JSON: %(error)s.',
    'GeoJSON refusé : une FeatureCollection (« type »: « FeatureCollection », « features »: [...]) est attendue.': 'GeoJSON rejected: a FeatureCollection (“type”: “FeatureCollection”, “features”: [...]) is expected.',
    'GeoJSON refusé : la FeatureCollection ne contient aucune zone.': 'GeoJSON rejected: the FeatureCollection contains no zone.',
    'Zone n° %(index)s': 'Zone no. %(index)s',
    'une Feature est attendue.': 'a Feature is expected.',
    '« properties » doit être un objet.': '“properties” must be an object.',
    'Zone n° %(index)s (« %(name)s »)': 'Zone no. %(index)s (“%(name)s”)',
    'niveau « %(value)s » manquant ou inconnu (maternelle, elementaire, primaire ou college ; ou option --level).': 'level “%(value)s” missing or unknown (maternelle, elementaire, primaire or college; or --level option).',
    'nom trop long (%(max)s caractères au plus).': 'name too long (%(max)s characters at most).',
    "La mairie fixe les secteurs des écoles publiques et inscrit votre enfant ; la direction de l'école prononce ensuite l'admission.": 'The town hall sets the catchment areas of state schools and enrols your child; the head teacher then confirms admission.',
    "L'affectation au collège est décidée par la direction académique (Éducation nationale), pas par la mairie.": 'Places in collège are allocated by the local education authority (direction académique, Éducation nationale), not by the town hall.',
    '%(year)s (année en cours)': '%(year)s (current year)',
    '%(year)s (prochaine rentrée)': '%(year)s (next school year)',
    'Votre adresse': 'Your address',
    'Indiquez votre adresse : le numéro et le nom de la voie.': 'Enter your address: the house number and the street name.',
    "L'adresse est trop longue (%(limit_value)d caractères au plus).": 'The address is too long (%(limit_value)d characters at most).',
    'Choisissez le niveau : maternelle, élémentaire ou collège.': 'Choose the level: nursery (maternelle), primary (élémentaire) or lower secondary (collège).',
    'Choisissez un niveau parmi ceux proposés.': 'Choose one of the levels offered.',
    "Choisissez l'année scolaire parmi celles proposées.": 'Choose one of the school years offered.',
    'Choisissez votre commune.': 'Choose your municipality.',
    'Choisissez votre commune parmi celles proposées.': 'Choose one of the municipalities offered.',
    'Le numéro puis le nom de la voie, par exemple : 34 bis rue Guy-Ropartz.': 'The house number, then the street name, for example: 34 bis rue Guy-Ropartz.',
    'Choisissez le niveau': 'Choose the level',
    'Choisissez votre commune': 'Choose your municipality',
    "Cette adresse dépend de l'établissement suivant.": ('This address is served by the following school.', "This address is in a catchment area shared by these %(count)d schools: your child's school is decided at enrolment or allocation."),
    'Maternelle': 'Nursery (maternelle)',
    'Élémentaire': 'Primary (élémentaire)',
    'Collège': 'Lower secondary (collège)',
    'Pairs et impairs': 'Odd and even',
    'Pairs': 'Even',
    'Impairs': 'Odd',
    'niveau': 'level',
    'année scolaire': 'school year',
    'fichier': 'file',
    'format': 'format',
    'importé le': 'imported on',
    'rapport': 'report',
    'import de carte scolaire': 'school catchment map import',
    'imports de carte scolaire': 'school catchment map imports',
    'Vide : toutes les années.': 'Empty: all years.',
    'secteur unique (toute la commune)': 'single catchment area (whole municipality)',
    'Libellé tel que publié.': 'Label as published.',
    'clé de la voie': 'street key',
    'lieu-dit': 'locality (lieu-dit)',
    'parité': 'parity (odd/even)',
    'du numéro': 'from number',
    'Vide : depuis le début de la voie.': 'Empty: from the start of the street.',
    'indice': 'suffix',
    'au numéro': 'to number',
    "Vide : jusqu'au bout de la voie.": 'Empty: to the end of the street.',
    "code UAI de l'école": 'school UAI code',
    'priorité': 'priority',
    "Une règle plus prioritaire l'emporte sur une règle générale.": 'A higher-priority rule overrides a general rule.',
    'remarque': 'note',
    'règle de sectorisation': 'catchment rule',
    'règles de sectorisation': 'catchment rules',
    'Indiquez la voie, ou cochez « secteur unique ».': 'Enter the street, or tick “single catchment area”.',
    'nom du secteur': 'catchment area name',
    'géométrie GeoJSON': 'GeoJSON geometry',
    'zone de sectorisation': 'catchment zone',
    'zones de sectorisation': 'catchment zones',
    'version de la carte scolaire': 'school catchment map version',
    'niveaux proposés': 'levels offered',
    'Les niveaux que les familles peuvent choisir dans le formulaire.': 'The levels that families can choose in the form.',
    'Cochez au moins un niveau.': 'Tick at least one level.',
    'introduction': 'introduction',
    'dérogations': 'exemptions (dérogations)',
    'La note de la mairie sur les demandes de dérogation (inscription hors secteur) : à qui écrire, avant quelle date, quels motifs.': "The town hall's note on exemption requests (dérogations, enrolment outside the catchment area): whom to write to, by what date, on what grounds.",
    'Ce que la page propose': 'What the page offers',
    'Cochez au moins un niveau parmi maternelle, élémentaire et collège.': 'Tick at least one level: nursery (maternelle), primary (élémentaire) or lower secondary (collège).',
    'trouver mon école': 'find my school',
    'pages « Trouver mon école »': '“Find my school” pages',
    'Afficher': 'Show',
    '%(commune)s, %(level)s, %(year)s': '%(commune)s, %(level)s, %(year)s',
    'Aucune règle ni zone pour cette commune, ce niveau et cette année.': 'No rules or zones for this municipality, level and year.',
    'Années ayant des règles :': 'Years with rules:',
    '%(counter)s règle': ('%(counter)s rule', '%(counter)s rules'),
    '%(counter)s voie': ('%(counter)s street', '%(counter)s streets'),
    '%(counter)s zone dessinée': ('%(counter)s drawn zone', '%(counter)s drawn zones'),
    '%(conflicts)s conflits, %(shared)s secteurs partagés, %(duplicates)s doublons.': '%(conflicts)s conflicts, %(shared)s shared catchment areas, %(duplicates)s duplicates.',
    'Dernier import : %(file)s, le %(date)s.': 'Last import: %(file)s, on %(date)s.',
    'Écoles': 'Schools',
    'École': 'School',
    'UAI': 'UAI',
    'Voies': 'Streets',
    'Règles': 'Rules',
    'Zones': 'Zones',
    'école de niveau « %(level)s »': '“%(level)s” school',
    "Inconnue de l'annuaire : importez les écoles": 'Not in the directory: import the schools',
    'toute la commune': 'whole municipality',
    'Conflits : plages qui se chevauchent avec des écoles différentes': 'Conflicts: overlapping ranges with different schools',
    'Secteurs partagés : mêmes adresses, plusieurs écoles (toutes sont proposées)': 'Shared catchment areas: same addresses, several schools (all are offered)',
    'Doublons : la même école deux fois': 'Duplicates: the same school twice',
    'Voies sans secteur': 'Streets without a catchment area',
    'Vos communes :': 'Your municipalities:',
    "Le fichier est refusé : %(counter)s erreur. Rien n'a été modifié.": ('File rejected: %(counter)s error. Nothing has been changed.', 'File rejected: %(counter)s errors. Nothing has been changed.'),
    "Simulation de l'import de « %(name)s »": 'Dry run of the import of “%(name)s”',
    'Écoles désignées par le fichier': 'Schools named in the file',
    "Dans l'annuaire": 'In the directory',
    'Inconnue : importez les écoles': 'Unknown: import the schools',
    'Oui': 'Yes',
    "Confirmer l'import": 'Confirm the import',
    'Ou déposer un autre fichier': 'Or upload another file',
    'Vérifier le fichier (simulation)': 'Check the file (dry run)',
    'Formats acceptés': 'Accepted formats',
    'Le fichier national « carte scolaire des collèges publics » tel que téléchargé (18 colonnes, « ; », noms de colonnes en majuscules ou en minuscules). Toutes ses communes sont lues ; seules les vôtres sont importées.': 'The national “carte scolaire des collèges publics” file (state collège catchment map) as downloaded (18 columns, “;”, column names in upper or lower case). All its municipalities are read; only yours are imported.',
    'Un CSV simple pour les écoles : <code>code_insee;niveau;voie;parite;du;indice_du;au;indice_au;uai</code> et, au choix, <code>annee_scolaire;priorite;remarque;lieu_dit;id_voie;secteur_unique;commune</code>.': 'A simple CSV for schools: <code>code_insee;niveau;voie;parite;du;indice_du;au;indice_au;uai</code> and, optionally, <code>annee_scolaire;priorite;remarque;lieu_dit;id_voie;secteur_unique;commune</code>.',
    'Des zones dessinées sur une carte : un fichier GeoJSON (FeatureCollection de Polygon ou MultiPolygon) avec les propriétés <code>uai</code>, <code>niveau</code>, <code>nom</code>, <code>code_insee</code> et, au choix, <code>annee_scolaire</code>, <code>priorite</code>.': 'Zones drawn on a map: a GeoJSON file (FeatureCollection of Polygon or MultiPolygon) with the properties <code>uai</code>, <code>niveau</code>, <code>nom</code>, <code>code_insee</code> and, optionally, <code>annee_scolaire</code>, <code>priorite</code>.',
    "Un import remplace les règles de chaque commune, niveau et année scolaire présents dans le fichier. Tout le fichier est vérifié avant d'enregistrer quoi que ce soit ; la simulation montre ce qui changera.": 'An import replaces the rules for each municipality, level and school year in the file. The whole file is checked before anything is saved; the dry run shows what will change.',
    'Voie': 'Street',
    'Première règle': 'First rule',
    'Seconde règle': 'Second rule',
    'Toute la commune': 'Whole municipality',
    'ligne %(line)s': 'row %(line)s',
    'Les 100 premiers sur %(count)s.': 'The first 100 of %(count)s.',
    "%(counter)s voie sur %(known)s n'a aucun secteur pour ce niveau.": ('%(counter)s street out of %(known)s has no catchment area for this level.', '%(counter)s streets out of %(known)s have no catchment area for this level.'),
    "Toutes les voies de l'index des adresses (%(known)s) ont un secteur pour ce niveau.": 'All the streets in the address index (%(known)s) have a catchment area for this level.',
    "L'index des adresses n'a aucune voie pour cette commune : chargez le fichier de la Base Adresse Nationale (commande import_addresses) pour voir les voies sans secteur.": 'The address index has no streets for this municipality: load the Base Adresse Nationale (national address database) file (import_addresses command) to see the streets without a catchment area.',
    'Erreur': 'Error',
    'Votre recherche : <strong>%(address)s</strong> (%(commune)s), niveau %(level)s, année scolaire %(year)s.': 'Your search: <strong>%(address)s</strong> (%(commune)s), %(level)s level, school year %(year)s.',
    'Vos établissements de secteur': 'Your catchment schools',
    'Votre établissement de secteur': 'Your catchment school',
    'Toute la commune dépend de ce secteur (secteur unique).': 'The whole municipality is in this catchment area (single catchment area).',
    'Établissement %(uai)s': 'School %(uai)s',
    'Les coordonnées de cet établissement (code UAI %(uai)s) ne sont pas encore publiées sur ce site : le service ci-dessous vous les donnera.': "This school's contact details (UAI code %(uai)s) are not yet published on this site: the department below can give them to you.",
    'À noter :': 'Please note:',
    'Nous ne trouvons pas cette voie': 'We cannot find this street',
    '« %(address)s » ne figure pas dans la carte scolaire de %(commune)s.': '“%(address)s” is not on the school catchment map of %(commune)s.',
    'Vouliez-vous dire… ?': 'Did you mean…?',
    "Vérifiez l'orthographe, ou écrivez le nom de la voie en entier (« avenue » plutôt que « av. »).": 'Check the spelling, or write the street name in full (“avenue” rather than “av.”).',
    'Précisez le numéro': 'Please give the house number',
    "La voie %(street)s est partagée entre plusieurs secteurs : l'établissement dépend du numéro.": 'The street %(street)s is split between several catchment areas: the school depends on the house number.',
    'Ajoutez le numéro dans le champ « Votre adresse ».': 'Add the house number in the “Your address” field.',
    'Précisez la commune déléguée': 'Please give the delegated municipality (commune déléguée)',
    'Cette voie existe dans plusieurs communes déléguées, qui ne dépendent pas du même établissement. Dans laquelle habitez-vous ?': 'This street exists in several delegated municipalities (communes déléguées), which are not served by the same school. Which one do you live in?',
    'Commune déléguée : %(lieu_dit)s.': 'Delegated municipality (commune déléguée): %(lieu_dit)s.',
    'Plusieurs voies portent ce nom': 'Several streets have this name',
    'Laquelle est la vôtre ?': 'Which one is yours?',
    'Aucun secteur trouvé': 'No catchment area found',
    "La carte scolaire de %(commune)s n'est pas encore publiée sur ce site pour le niveau %(level)s.": 'The school catchment map of %(commune)s is not yet published on this site for the %(level)s level.',
    "Les secteurs de cette commune sont tracés sur une carte, et nous n'avons pas pu situer votre adresse.": "This municipality's catchment areas are drawn on a map, and we could not locate your address.",
    "L'adresse %(address)s n'est rattachée à aucun secteur pour le niveau %(level)s en %(year)s.": 'The address %(address)s is not in any catchment area for the %(level)s level in %(year)s.',
    "Le service ci-dessous vous indiquera l'établissement de votre enfant.": "The department below will tell you your child's school.",
    "Les secteurs de cette commune sont aussi tracés sur une carte : si votre adresse n'apparaît pas, le service ci-dessous vous renseignera.": "This municipality's catchment areas are also drawn on a map: if your address does not appear, the department below can help you.",
    'Inscrire votre enfant dans un autre établissement (dérogation)': 'Enrolling your child in another school (dérogation)',
    'Qui contacter ?': 'Who to contact?',
    'Votre demande est incomplète': 'Your request is incomplete',
    'Erreur :': 'Error:',
    'Voies proposées': 'Suggested streets',
    '1 voie proposée : flèche bas pour la choisir, Entrée pour valider.': '1 street suggested: press the down arrow to select it, Enter to confirm.',
    '%%(count)s voies proposées : flèches haut et bas pour choisir, Entrée pour valider.': '%%(count)s streets suggested: use the up and down arrows to choose, Enter to confirm.',
    'Aucune voie proposée.': 'No streets suggested.',
    'Voie choisie : %%(street)s.': 'Street selected: %%(street)s.',
    "Aucune commune n'est encore associée à cette recherche : la mairie doit la configurer.": 'No municipality is linked to this search yet: the town hall needs to set it up.',
    'téléphone :': 'phone:',
    'courriel :': 'email:',
    'formulaire en ligne': 'online form',
    'Renseignez-vous auprès de la mairie.': 'Please ask the town hall.',
    'Indice inconnu : bis, ter, quater, quinquies ou une lettre de A à Z.': 'Unknown suffix: bis, ter, quater, quinquies or a letter from A to Z.',
    'Règles de sectorisation': 'Catchment rules',
    'Numéros': 'Numbers',
    'Année': 'Year',
    'Portée': 'Scope',
    'Adresses concernées': 'Addresses covered',
    'Zones de sectorisation': 'Catchment zones',
    'Secteur': 'Sector',
    'GeoJSON Polygon ou MultiPolygon, coordonnées [longitude, latitude] (WGS84).': 'GeoJSON Polygon or MultiPolygon, coordinates [longitude, latitude] (WGS84).',
    'Ligne %(line)s : %(message)s': 'Row %(line)s: %(message)s',
    "le fichier n'est pas encodé en UTF-8 (octet invalide). Enregistrez-le en « CSV UTF-8 » depuis votre tableur.": 'the file is not UTF-8 encoded (invalid byte). Save it as “CSV UTF-8” from your spreadsheet software.',
    "Ce fichier n'est pas un fichier texte CSV (fichier binaire ?).": 'This file is not a CSV text file (binary file?).',
    'Le fichier est vide.': 'The file is empty.',
    '%(found)s colonnes trouvées, %(expected)s attendues (séparateur « %(sep)s »).': '%(found)s columns found, %(expected)s expected (separator “%(sep)s”).',
    'CSV mal formé : %(error)s': 'Malformed CSV: %(error)s',
    'UTF-8, séparateur « ; », une ligne par tranche. Voir le format ci-dessous.': 'UTF-8, separator “;”, one row per band. See the format below.',
    'Enregistrer comme brouillons': 'Save as drafts',
    'Les grilles sont à relire puis publier (ou programmer) dans « Grilles tarifaires ». Sinon, elles sont publiées dès la confirmation.': 'The fee scales must then be reviewed and published (or scheduled) in “Fee scales”. Otherwise, they are published as soon as you confirm.',
    "Vous n'avez pas le droit de publier : les grilles importées restent des brouillons.": 'You are not allowed to publish: the imported fee scales remain drafts.',
    'Importer des tarifs': 'Import fees',
    'Quotient familial et tarifs': 'Quotient familial (family quotient) and fees',
    'Vide : « Quotient familial et tarifs ».': 'Empty: “Quotient familial (family quotient) and fees”.',
    'Introduction': 'Introduction',
    'Afficher les grilles complètes': 'Show the full fee scales',
    'Calculateur de tarifs': 'Fee calculator',
    'Le quotient familial et le prix de la cantine, du périscolaire, des accueils de loisirs... selon la situation de la famille.': "The family quotient and the price of school meals, before- and after-school care, leisure centres… depending on the family's situation.",
    'Saisissez un nombre, par exemple %(example)s.': 'Enter a number, for example %(example)s.',
    'Saisissez un nombre positif ou nul.': 'Enter zero or a positive number.',
    'Saisissez un nombre inférieur ou égal à %(max)s.': 'Enter a number less than or equal to %(max)s.',
    'Je connais mon quotient familial': 'I know my family quotient',
    'Je le calcule à partir de mes revenus': 'I want to calculate it from my income',
    "Je ne l'indique pas (tarif sans quotient familial)": 'I prefer not to give it (price without family quotient)',
    'Votre quotient familial (QF)': 'Your family quotient (quotient familial, QF)',
    'Revenu fiscal de référence divisé par 12 puis par le nombre de parts fiscales.': 'Reference tax income (revenu fiscal de référence) divided by 12, then by the number of tax shares (parts fiscales).',
    'Il figure sur votre attestation de quotient familial CAF ou MSA.': 'It is on your CAF or MSA family quotient certificate (attestation de quotient familial).',
    'Quotient familial, en euros': 'Family quotient, in euros',
    'Ressources annuelles imposables du foyer, en euros': "Household's annual taxable income, in euros",
    "Celles de l'avant-dernière année (revenus %(year)s pour un calcul en %(now)s), avant abattements.": 'Income from the year before last (%(year)s income for a calculation in %(now)s), before allowances.',
    'Prestations familiales mensuelles, en euros (facultatif)': 'Monthly family benefits, in euros (optional)',
    "Allocations familiales, complément familial... Laissez vide si vous n'en recevez pas.": 'Family allowances, family supplement (complément familial)… Leave empty if you do not receive any.',
    'Revenu fiscal de référence, en euros': 'Reference tax income (revenu fiscal de référence), in euros',
    "Il figure en première page de votre avis d'impôt sur le revenu.": "It is on the first page of your income tax notice (avis d'impôt).",
    'Nombre de parts fiscales (facultatif)': 'Number of tax shares (parts fiscales), optional',
    "Indiqué sur votre avis d'impôt. Laissez vide pour le calculer à partir de votre situation.": 'Shown on your tax notice. Leave empty to calculate it from your situation.',
    "Je vis seul(e) avec mes enfants et j'ai coché la case T de ma déclaration": 'I live alone with my children and ticked box T on my tax return',
    'Votre situation': 'Your situation',
    'En couple': 'In a couple',
    'Seul(e)': 'Single',
    "Nombre d'enfants à charge": 'Number of dependent children',
    'Dont enfants en situation de handicap (AEEH)': 'Including children with a disability (receiving AEEH)',
    'Habitez-vous %(commune)s ?': 'Do you live in %(commune)s?',
    'Habitez-vous la commune choisie ?': 'Do you live in the chosen municipality?',
    'Non': 'No',
    '1er enfant inscrit (ou enfant unique)': '1st enrolled child (or only child)',
    '%(rank)se enfant inscrit': 'Enrolled child no. %(rank)s',
    "Rang de l'enfant dans la fratrie": "Child's rank among enrolled siblings",
    'Certaines prestations sont moins chères à partir du 2e ou du 3e enfant inscrit.': 'Some services cost less from the 2nd or 3rd enrolled child onwards.',
    'Mon enfant a un PAI alimentaire et apporte son panier repas': 'My child has a food allergy care plan (PAI) and brings a packed lunch',
    'Unités par semaine': 'Units per week',
    "Aucune grille n'est publiée pour cette commune et cette année.": 'No fee scale is published for this municipality and year.',
    'Indiquez votre quotient familial, ou choisissez une autre option ci-dessus.': 'Enter your family quotient, or choose another option above.',
    'Saisissez un nombre entier entre 0 et %(max)s.': 'Enter a whole number between 0 and %(max)s.',
    "%(column)s « %(value)s » n'est pas un nombre.": '%(column)s “%(value)s” is not a number.',
    '%(column)s « %(value)s » ne peut pas être négatif.': '%(column)s “%(value)s” cannot be negative.',
    '%(column)s « %(value)s » est trop grand.': '%(column)s “%(value)s” is too large.',
    '%(column)s « %(value)s » a trop de décimales.': '%(column)s “%(value)s” has too many decimal places.',
    'fratrie « %(value)s » : écrivez le rang puis la réduction, ex. « 2:10% » ou « 3:tranche ».': 'fratrie “%(value)s”: write the rank then the discount, e.g. “2:10%%” or “3:tranche”.',
    'fratrie': 'fratrie',
    'fratrie « %(value)s » : réduction manquante.': 'fratrie “%(value)s”: discount missing.',
    '%(created)s grilles créées, %(replaced)s remplacées.': '%(created)s fee scales created, %(replaced)s replaced.',
    'Prestations créées : %(list)s.': 'Services created: %(list)s.',
    "Enregistrées comme brouillons, à publier depuis l'administration : %(list)s.": 'Saved as drafts, to be published from the admin: %(list)s.',
    'Publication programmée le %(date)s : %(list)s.': 'Publication scheduled on %(date)s: %(list)s.',
    'Publiées : %(list)s.': 'Published: %(list)s.',
    'nom de la prestation manquant.': 'service name missing.',
    'nom de la prestation trop long (120 caractères au plus).': 'service name too long (120 characters at most).',
    'unité « %(value)s » inconnue (%(choices)s).': 'unknown unit “%(value)s” (%(choices)s).',
    'public « %(value)s » inconnu (resident ou non_resident).': 'unknown public “%(value)s” (resident or non_resident).',
    "la prestation « %(name)s » %(year)s n'a aucune ligne « resident ».": 'the service “%(name)s” %(year)s has no “resident” row.',
    'méthode « %(value)s » inconnue pour les résidents (tranches, taux ou forfait).': 'unknown method “%(value)s” for residents (tranches, taux or forfait).',
    'méthode « %(value)s » inconnue pour les non-résidents (%(choices)s).': 'unknown method “%(value)s” for non-residents (%(choices)s).',
    'sans_qf et fratrie se renseignent sur les lignes « resident ».': 'sans_qf and fratrie go on the “resident” rows.',
    'les lignes « resident » de « %(name)s » %(year)s mélangent plusieurs méthodes (%(methods)s).': 'the “resident” rows of “%(name)s” %(year)s mix several methods (%(methods)s).',
    'les lignes « non_resident » mélangent plusieurs méthodes.': 'the “non_resident” rows mix several methods.',
    "la méthode « %(method)s » s'écrit sur une seule ligne.": 'the “%(method)s” method is written on a single row.',
    'qf_min manquant (0 pour la première tranche).': 'qf_min missing (0 for the first band).',
    'prix manquant.': 'price missing.',
    "taux, plancher et plafond ne s'utilisent qu'avec la méthode « taux ».": 'taux, plancher and plafond are only used with the “taux” method.',
    '%(column)s manquant pour la méthode « taux ».': '%(column)s missing for the “taux” method.',
    "la méthode « taux » n'a ni qf_min, ni qf_max, ni prix.": 'the “taux” method has no qf_min, qf_max or prix.',
    'prix manquant pour la méthode « %(method)s ».': 'price missing for the “%(method)s” method.',
    "la méthode « plafond » n'a pas de prix.": 'the “plafond” method has no price.',
    "la méthode « %(method)s » n'a ni qf_min, ni qf_max, ni taux, ni plancher, ni plafond.": 'the “%(method)s” method has no qf_min, qf_max, taux, plancher or plafond.',
    "prix_pai ne s'utilise pas avec la méthode « %(method)s ».": 'prix_pai is not used with the “%(method)s” method.',
    '%(column)s diffère de celui de la ligne %(line)s pour la même grille.': '%(column)s differs from the one on row %(line)s for the same fee scale.',
    '%(message)s (tranche précédente : ligne %(line)s)': '%(message)s (previous band: row %(line)s)',
    'unité « %(unit)s » différente de celle de la ligne %(line)s pour la même prestation.': 'unit “%(unit)s” differs from the one on row %(line)s for the same service.',
    'colonnes inconnues : %(columns)s (colonnes possibles : %(all)s).': 'unknown columns: %(columns)s (possible columns: %(all)s).',
    "commune %(code)s inconnue : créez-la d'abord.": 'unknown municipality %(code)s: create it first.',
    'la commune %(code)s ne fait pas partie de vos communes.': 'municipality %(code)s is not one of your municipalities.',
    "la prestation « %(name)s » existe déjà avec l'unité « %(unit)s » : corrigez l'unité ou renommez la prestation.": 'the service “%(name)s” already exists with the unit “%(unit)s”: correct the unit or rename the service.',
    "la grille « %(grid)s » est verrouillée dans l'administration : déverrouillez-la d'abord.": 'the fee scale “%(grid)s” is locked in the admin: unlock it first.',
    'Repas': 'Meal',
    'Heure': 'Hour',
    'Demi-heure': 'Half-hour',
    'Journée': 'Day',
    'Demi-journée': 'Half-day',
    'Mois': 'Month',
    'Séance': 'Session',
    'par repas': 'per meal',
    'Repas par semaine': 'Meals per week',
    'par heure': 'per hour',
    'Heures par semaine': 'Hours per week',
    'par demi-heure': 'per half-hour',
    'Demi-heures par semaine': 'Half-hours per week',
    'par journée': 'per day',
    'Journées par semaine': 'Days per week',
    'par demi-journée': 'per half-day',
    'Demi-journées par semaine': 'Half-days per week',
    'par mois': 'per month',
    "Nombre d'abonnements mensuels": 'Number of monthly subscriptions',
    'par séance': 'per session',
    'Séances par semaine': 'Sessions per week',
    'Quotient familial CAF/MSA (calculé ou saisi par la famille)': 'CAF/MSA family quotient (calculated or entered by the family)',
    'Quotient familial fiscal (revenu fiscal de référence / 12 / parts)': 'Tax-based family quotient (reference tax income / 12 / shares)',
    'Quotient familial saisi par la famille uniquement': 'Family quotient entered by the family only',
    "Pas d'arrondi": 'No rounding',
    'Au centime': 'To the cent',
    "À l'euro": 'To the euro',
    'Tranches de quotient familial': 'Family quotient bands',
    "Taux d'effort (pourcentage du QF, avec plancher et plafond)": "Effort rate (taux d'effort: percentage of the QF, with a floor and a ceiling)",
    'Tarif unique': 'Flat rate',
    'Comme les résidents': 'Same as residents',
    'Tranches de QF propres (ci-dessous)': 'Separate QF bands (below)',
    'Majoration en euros': 'Surcharge in euros',
    'Majoration en pourcentage': 'Percentage surcharge',
    'Tarif le plus élevé des résidents': 'Highest resident price',
    'Pourcentage de réduction': 'Percentage discount',
    'Tranche de QF inférieure': 'Next lower QF band',
    'Tranches non-résidents : %(message)s': 'Non-resident bands: %(message)s',
    'calcul du quotient familial': 'family quotient calculation',
    'arrondi du QF calculé': 'rounding of the calculated QF',
    'couple': 'couple',
    'parent isolé avec enfant': 'single parent with child',
    '2 selon la CNAF ; 1,5 pour suivre la règle fiscale (parent isolé avec un enfant = 2 parts).': '2 according to the CNAF (national family allowance fund); 1.5 to follow the tax rule (single parent with one child = 2 shares).',
    'personne seule sans enfant': 'single person without children',
    '1er enfant': '1st child',
    '2e enfant': '2nd child',
    '3e enfant': '3rd child',
    'chaque enfant suivant': 'each additional child',
    "enfant bénéficiaire de l'AEEH (en plus)": 'child receiving the AEEH (disabled child allowance), in addition',
    'semaines facturées par an': 'weeks billed per year',
    "Pour l'estimation mensuelle : 36 semaines d'école en général.": 'For the monthly estimate: usually 36 school weeks.',
    'mois facturés par an': 'months billed per year',
    "Pour l'estimation mensuelle : 10 mois (septembre à juin) en général.": 'For the monthly estimate: usually 10 months (September to June).',
    'où trouver son quotient familial': 'where to find your family quotient',
    'Affiché sous le champ du QF. Vide : « Il figure sur votre attestation CAF ou MSA. »': 'Shown below the QF field. Empty: “It is on your CAF or MSA family quotient certificate (attestation de quotient familial).”',
    'Quotient familial': 'Family quotient',
    'Barème des parts (méthode CAF/MSA)': 'Share scale (CAF/MSA method)',
    'Estimation mensuelle': 'Monthly estimate',
    'réglages des tarifs': 'fee settings',
    'Réglages des tarifs – %(commune)s': 'Fee settings – %(commune)s',
    'nom': 'name',
    'Ex. « Restauration scolaire ».': 'E.g. “School catering”.',
    'identifiant': 'identifier',
    "Vide : déduit du nom. Sert dans les fichiers d'import et l'API.": 'Empty: derived from the name. Used in import files and the API.',
    'unité': 'unit',
    'description': 'description',
    'Une phrase pour les familles : horaires, ce qui est compris.': 'One sentence for families: times, what is included.',
    'qui décide ?': 'who decides?',
    "ordre d'affichage": 'display order',
    'prestation': 'service',
    'prestations': 'services',
    'Le nom doit contenir au moins une lettre ou un chiffre.': 'The name must contain at least one letter or digit.',
    'Cette commune a déjà une prestation avec cet identifiant.': 'This municipality already has a service with this identifier.',
    'QF à partir de': 'QF from',
    "QF jusqu'à (exclu)": 'QF up to (not included)',
    'Vide pour la dernière tranche.': 'Empty for the last band.',
    'tarif': 'price',
    'tarif panier repas (PAI)': 'packed lunch price (PAI)',
    'Ex. « 2026-2027 ».': 'E.g. “2026-2027”.',
    'mode de tarification': 'pricing method',
    "taux d'effort (% du QF)": 'effort rate (% of QF)',
    'Ex. 0,36 pour 0,36 % du quotient familial.': 'E.g. 0.36 for 0.36% of the family quotient.',
    'plancher': 'floor',
    'plafond': 'ceiling',
    'tarif unique': 'flat rate',
    'tarif sans quotient familial': 'price without family quotient',
    'Vide : la tranche la plus élevée (ou le plafond).': 'Empty: the highest band (or the ceiling).',
    'tarif panier repas (PAI) unique': 'single packed lunch price (PAI)',
    'Ou bien un tarif PAI dans chaque tranche, pas les deux.': 'Or a PAI price in each band, not both.',
    'familles non résidentes': 'non-resident families',
    'montant non-résident': 'non-resident amount',
    'Le tarif unique, ou la majoration en euros ou en pourcentage.': 'The flat rate, or the surcharge in euros or as a percentage.',
    'tarif panier repas non-résident': 'non-resident packed lunch price',
    'Seulement avec un tarif non-résident unique.': 'Only with a flat non-resident rate.',
    'précision': 'details',
    'Affichée sous la grille, ex. « Délibération du 2 juillet 2026 ».': 'Shown below the fee scale, e.g. “Council resolution of 2 July 2026”.',
    'tranche': 'band',
    "Taux d'effort": 'Effort rate',
    'Autres tarifs': 'Other prices',
    'Familles non résidentes': 'Non-resident families',
    'Tranches non-résidents': 'Non-resident bands',
    'Réductions fratrie': 'Sibling discounts',
    'règle': 'rule',
    'grille tarifaire': 'fee scale',
    'grilles tarifaires': 'fee scales',
    "Indiquez le taux d'effort.": 'Enter the effort rate.',
    "Indiquez le pourcentage de la réduction fratrie à partir du rang %(rank)s.":
        "Enter the sibling discount percentage from child no. %(rank)s onwards.",
    "« %(street)s » est partagée entre plusieurs secteurs : l'établissement dépend du numéro.":
        "“%(street)s” is split between several catchment areas: the school depends on the house number.",
    'Indiquez le plancher.': 'Enter the floor.',
    'Indiquez le plafond.': 'Enter the ceiling.',
    'Indiquez le tarif unique.': 'Enter the flat rate.',
    'Indiquez le tarif non-résident.': 'Enter the non-resident price.',
    'Indiquez la majoration en euros.': 'Enter the surcharge in euros.',
    'Indiquez le pourcentage de majoration.': 'Enter the surcharge percentage.',
    "Ce montant ne sert qu'avec un tarif unique ou une majoration : videz-le ou changez de mode.": 'This amount is only used with a flat rate or a surcharge: clear it or change the method.',
    "Un tarif sans QF n'a pas de sens avec un tarif unique.": 'A price without QF makes no sense with a flat rate.',
    'Cette prestation a déjà une grille pour cette année scolaire.': 'This service already has a fee scale for this school year.',
    'tranches': 'bands',
    'tranche non-résident': 'non-resident band',
    'tranches non-résidents': 'non-resident bands',
    'à partir du rang': 'from rank',
    '2 pour le 2e enfant inscrit, 3 pour le 3e...': '2 for the 2nd enrolled child, 3 for the 3rd…',
    'réduction': 'discount',
    'pourcentage de réduction': 'discount percentage',
    'règle fratrie': 'sibling rule',
    'règles fratrie': 'sibling rules',
    'Indiquez le pourcentage de la réduction fratrie à partir du %(rank)s.': 'Enter the sibling discount percentage from the %(rank)s onwards.',
    'enfant': 'child',
    'version des tarifs': 'fees version',
    'afficher les grilles complètes': 'show the full fee scales',
    'Les tranches de chaque prestation, imprimables.': 'The bands for each service, printable.',
    'calculateur de tarifs': 'fee calculator',
    'calculateurs de tarifs': 'fee calculators',
    'Format du fichier': 'File format',
    'Une ligne par tranche, colonnes <code>code_insee;annee_scolaire;prestation;unite;public;qf_min;qf_max;prix</code> et, au choix, <code>methode;prix_pai;taux;plancher;plafond;sans_qf;fratrie</code>.': 'One row per band, columns <code>code_insee;annee_scolaire;prestation;unite;public;qf_min;qf_max;prix</code> and, optionally, <code>methode;prix_pai;taux;plancher;plafond;sans_qf;fratrie</code>.',
    '<code>unite</code> : repas, heure, demi-heure, journee, demi-journee, mois ou seance.': '<code>unite</code>: repas, heure, demi-heure, journee, demi-journee, mois or seance.',
    "<code>public</code> : resident ou non_resident. <code>qf_max</code> vide : pas de borne haute. Une grille publiée « de 235 € à 384 € » s'écrit 235 et 385.": '<code>public</code>: resident or non_resident. Empty <code>qf_max</code>: no upper limit. A published band “from €235 to €384” is written 235 and 385.',
    '<code>methode</code> : tranches (par défaut), taux (avec <code>taux;plancher;plafond</code>) ou forfait ; pour les non-résidents aussi majoration_euros, majoration_pourcent ou plafond.': '<code>methode</code>: tranches (default), taux (with <code>taux;plancher;plafond</code>) or forfait; for non-residents also majoration_euros, majoration_pourcent or plafond.',
    '<code>fratrie</code> : par exemple <code>2:10%%|3:tranche</code> (10 %% de réduction dès le 2e enfant, tranche inférieure dès le 3e).': '<code>fratrie</code>: for example <code>2:10%%|3:tranche</code> (10%% discount from the 2nd child, next lower band from the 3rd).',
    "Un nouvel import d'une même commune, année et prestation remplace la grille entière. Tout le fichier est vérifié avant d'enregistrer quoi que ce soit.": 'A new import for the same municipality, year and service replaces the whole fee scale. The whole file is checked before anything is saved.',
    'Résultat :': 'Result:',
    'Aperçu de la grille': 'Fee scale preview',
    "La grille n'est pas encore complète : corrigez les erreurs signalées pour la prévisualiser.": 'The fee scale is not complete yet: correct the errors shown to preview it.',
    "Aucune grille tarifaire n'est encore publiée pour cette commune.": 'No fee scale has been published for this municipality yet.',
    "La simulation n'a pas pu être faite": 'The estimate could not be calculated',
    'Modifier la simulation': 'Change the estimate',
    'Simuler vos tarifs': 'Estimate your fees',
    "Ce que vous saisissez sert uniquement à ce calcul : rien n'est enregistré ni transmis.": 'What you enter is only used for this calculation: nothing is saved or sent.',
    'Si vous calculez votre quotient familial': 'If you are calculating your family quotient',
    'Votre enfant': 'Your child',
    'Estimation mensuelle (facultatif)': 'Monthly estimate (optional)',
    "Indiquez combien de fois par semaine votre enfant fréquente chaque service : nous estimons le montant moyen d'un mois.": 'Say how many times a week your child uses each service: we will estimate the average amount for a month.',
    'Calculer mes tarifs': 'Calculate my fees',
    '%(name)s : tarif %(unit)s selon le quotient familial (%(year)s)': '%(name)s: price %(unit)s by family quotient (%(year)s)',
    'Tarif': 'Price',
    'Panier repas (PAI)': 'Packed lunch (PAI)',
    '(votre tranche)': '(your band)',
    'Tarif %(unit)s : %(rate)s %% de votre quotient familial, au minimum %(floor)s et au maximum %(ceiling)s.': 'Price %(unit)s: %(rate)s%% of your family quotient, minimum %(floor)s and maximum %(ceiling)s.',
    'Tarif unique : %(price)s %(unit)s, quel que soit le quotient familial.': 'Flat rate: %(price)s %(unit)s, whatever the family quotient.',
    'Sans quotient familial : %(price)s.': 'Without family quotient: %(price)s.',
    'Sans quotient familial : tarif de la tranche la plus élevée.': 'Without family quotient: price of the highest band.',
    'Sans quotient familial : tarif maximum.': 'Without family quotient: maximum price.',
    'Panier repas (PAI) : %(price)s.': 'Packed lunch (PAI): %(price)s.',
    'Familles non résidentes : mêmes tarifs.': 'Non-resident families: same prices.',
    'Familles non résidentes : tarif unique de %(price)s': 'Non-resident families: flat rate of %(price)s',
    ' (panier repas : %(price)s)': ' (packed lunch: %(price)s)',
    'Familles non résidentes : tarif majoré de %(amount)s.': 'Non-resident families: price increased by %(amount)s.',
    'Familles non résidentes : tarif majoré de %(amount)s %%.': 'Non-resident families: price increased by %(amount)s%%.',
    'Familles non résidentes : tarif le plus élevé.': 'Non-resident families: highest price.',
    'Familles non résidentes : grille ci-dessous.': 'Non-resident families: see the fee scale below.',
    'À partir du %(rank)se enfant inscrit : tarif de la tranche inférieure.': 'From enrolled child no. %(rank)s: price of the next lower band.',
    'À partir du %(rank)se enfant inscrit : réduction de %(percent)s %%.': 'From enrolled child no. %(rank)s: %(percent)s%% discount.',
    '%(name)s : tarif %(unit)s des familles non résidentes': '%(name)s: price %(unit)s for non-resident families',
    'Grilles tarifaires %(year)s': 'Fee scales %(year)s',
    'Les tarifs votés par le conseil municipal, pour toutes les familles. Vous pouvez imprimer cette page.': 'The prices set by the town council, for all families. You can print this page.',
    'Imprimer les grilles': 'Print the fee scales',
    "Résultat de votre simulation pour l'année scolaire %(year)s": 'Your estimate for the %(year)s school year',
    'Simulation sans valeur contractuelle.': 'This estimate is not binding.',
    "Votre tarif est fixé par la mairie lors de l'inscription, sur présentation de vos justificatifs.": 'Your price is set by the town hall at enrolment, on presentation of your supporting documents.',
    'Quotient familial retenu': 'Family quotient used',
    "Non indiqué : le tarif sans quotient familial s'applique.": 'Not given: the price without family quotient applies.',
    '(revenu fiscal de référence %(income)s ÷ 12 ÷ %(parts)s parts)': '(reference tax income %(income)s ÷ 12 ÷ %(parts)s shares)',
    '((ressources %(resources)s ÷ 12 + prestations %(benefits)s) ÷ %(parts)s parts)': '((income %(resources)s ÷ 12 + benefits %(benefits)s) ÷ %(parts)s shares)',
    '(quotient familial indiqué)': '(family quotient entered)',
    'Situation': 'Situation',
    'Famille résidente': 'Resident family',
    'Famille non résidente': 'Non-resident family',
    'PAI (panier repas)': 'PAI (packed lunch)',
    'Vos tarifs': 'Your prices',
    'Prestation': 'Service',
    'Pourquoi ce tarif': 'Why this price',
    'Par semaine': 'Per week',
    'Par mois': 'Per month',
    '(abonnement mensuel)': '(monthly subscription)',
    'Total estimé par mois': 'Estimated total per month',
    "Moyenne sur l'année : %(weeks)s semaines facturées sur %(months)s mois. Les mois réels varient selon les vacances et les absences.": 'Average over the year: %(weeks)s weeks billed over %(months)s months. Actual months vary with holidays and absences.',
    'Pour vous inscrire ou connaître votre tarif définitif :': 'To enrol or find out your final price:',
    'tous les quotients familiaux': 'all family quotients',
    'à partir de %(min)s': 'from %(min)s',
    'moins de %(max)s': 'under %(max)s',
    'de %(min)s à moins de %(max)s': 'from %(min)s to under %(max)s',
    'Prestations tarifées': 'Charged services',
    'Grilles tarifaires': 'Fee scales',
    'Tarification': 'Pricing',
    'Réglages des tarifs': 'Fee settings',
    "%(label)s « %(value)s » n'est pas un nombre.": '%(label)s “%(value)s” is not a number.',
    "%(label)s « %(value)s » hors de l'intervalle [%(low)s, %(high)s].": '%(label)s “%(value)s” outside the range [%(low)s, %(high)s].',
    '%(count)s écoles créées, %(updated)s mises à jour, %(same)s inchangées.': '%(count)s schools created, %(updated)s updated, %(same)s unchanged.',
    'Ligne %(line)s : %(uai)s ignoré, niveau non géré (%(nature)s).': 'Row %(line)s: %(uai)s ignored, level not supported (%(nature)s).',
    'Ligne %(line)s : %(uai)s ignoré, établissement fermé.': 'Row %(line)s: %(uai)s ignored, school closed.',
    'Sans coordonnées (absentes de la carte) : %(list)s.': 'Without coordinates (not shown on the map): %(list)s.',
    "national (établissements d'enseignement)": 'national (educational establishments)',
    'simple (écoles)': 'simple (schools)',
    'en-tête non reconnu : attendu le fichier national (colonne « Code établissement ») ou le format simple (colonnes %(columns)s).': 'unrecognised header: expected the national file (column “Code établissement”) or the simple format (columns %(columns)s).',
    'code UAI « %(uai)s » invalide (7 chiffres et une lettre).': 'invalid UAI code “%(uai)s” (7 digits and a letter).',
    "nom de l'établissement manquant.": 'school name missing.',
    'niveau « %(level)s » inconnu (maternelle, elementaire, primaire ou college).': 'unknown level “%(level)s” (maternelle, elementaire, primaire or college).',
    'secteur « %(value)s » inconnu (public ou privé).': 'unknown sector “%(value)s” (public or privé).',
    'Latitude': 'Latitude',
    'Longitude': 'Longitude',
    'latitude et longitude doivent être renseignées ensemble.': 'latitude and longitude must be given together.',
    'code postal « %(value)s » invalide.': 'invalid postcode “%(value)s”.',
    '%(label)s : %(max)s caractères au plus (%(count)s trouvés).': '%(label)s: %(max)s characters at most (%(count)s found).',
    'courriel': 'email',
    'site web': 'website',
    "adresse de l'ENT": 'ENT address (school digital workspace)',
    '%(label)s « %(value)s » invalide.': 'invalid %(label)s “%(value)s”.',
    'le code UAI %(uai)s figure déjà ligne %(other)s.': 'UAI code %(uai)s already appears on row %(other)s.',
    'Mairie': 'Town hall',
    'Éducation nationale': 'Éducation nationale (national education system)',
    'Intercommunalité': 'Intercommunal authority (intercommunalité)',
    'CAF': 'CAF (family allowance office)',
    'Primaire (maternelle et élémentaire)': 'Nursery and primary (primaire)',
    'Public': 'State (public)',
    'Privé': 'Private',
    'code INSEE': 'INSEE code',
    'Code officiel géographique de la commune (5 caractères, ex. 35288).': 'Official geographic code of the municipality (5 characters, e.g. 35288).',
    'codes postaux': 'postcodes',
    'Séparés par des virgules, ex. « 35400, 35800 ».': 'Separated by commas, e.g. “35400, 35800”.',
    'SIRET': 'SIRET',
    'sites Wagtail': 'Wagtail sites',
    'Les sites qui présentent les informations de cette commune.': "The sites that show this municipality's information.",
    "groupes d'éditeurs": 'editor groups',
    'Les membres de ces groupes gèrent les données de cette commune.': "Members of these groups manage this municipality's data.",
    'communes': 'municipalities',
    'code UAI': 'UAI code',
    'Unité administrative immatriculée : 7 chiffres et une lettre, ex. 0350916F.': 'Unité administrative immatriculée (official school ID): 7 digits and a letter, e.g. 0350916F.',
    'secteur': 'sector',
    "La commune où se trouve l'école.": 'The municipality where the school is located.',
    'autres communes desservies': 'other municipalities served',
    'Pour un regroupement pédagogique ou un collège de secteur intercommunal.': 'For a grouped school network (regroupement pédagogique) or an intercommunal catchment collège.',
    'localité': 'town',
    'latitude': 'latitude',
    'longitude': 'longitude',
    'téléphone': 'phone',
    "Espace numérique de travail de l'école (cahier de textes, messagerie...).": "The school's digital workspace (homework diary, messaging…).",
    'direction': 'head teacher',
    'horaires': 'hours',
    'accessibilité': 'accessibility',
    'Identification': 'Identification',
    'Localisation': 'Location',
    'Contact et accueil': 'Contact and reception',
    'école': 'school',
    'écoles': 'schools',
    'service': 'department',
    'Ex. « Service Éducation – Enfance »': 'E.g. “Education and Childhood Department”',
    'organisme': 'organisation',
    "horaires d'accueil": 'reception hours',
    'formulaire de contact en ligne': 'online contact form',
    'Facultatif.': 'Optional.',
    'contact principal': 'main contact',
    'Le contact affiché par défaut sur les outils de la commune.': "The contact shown by default on the municipality's tools.",
    'contact': 'contact',
    'contacts': 'contacts',
    'Laisser vide pour toutes les communes du site.': "Leave empty for all the site's municipalities.",
    'Affiché sur la page pour que les familles sachent qui décide.': 'Shown on the page so that families know who decides.',
    'annuaire des écoles': 'school directory',
    'annuaires des écoles': 'school directories',
    "Le fichier national « Adresse et géolocalisation des établissements d'enseignement » tel que téléchargé (UTF-8, « ; »). Les lycées et établissements fermés sont ignorés.": "The national file “Adresse et géolocalisation des établissements d'enseignement” (addresses and locations of educational establishments) as downloaded (UTF-8, “;”). Lycées and closed establishments are ignored.",
    'Un CSV simple avec les colonnes <code>uai;nom;niveau;code_insee</code> et, au choix, <code>secteur;adresse;code_postal;localite;commune;latitude;longitude;telephone;courriel;site_web;ent;direction;horaires;accessibilite</code>.': 'A simple CSV with the columns <code>uai;nom;niveau;code_insee</code> and, optionally, <code>secteur;adresse;code_postal;localite;commune;latitude;longitude;telephone;courriel;site_web;ent;direction;horaires;accessibilite</code>.',
    "Un nouvel import met à jour les écoles par leur code UAI. Tout le fichier est vérifié avant d'enregistrer quoi que ce soit.": 'A new import updates schools by their UAI code. The whole file is checked before anything is saved.',
    'Une question ? Contacter un agent': 'A question? Contact a member of staff',
    'Aucune école enregistrée.': 'No schools registered.',
    'Une question ? Contactez-nous': 'A question? Contact us',
    'Téléphone :': 'Phone:',
    'Courriel :': 'Email:',
    'Écrire via le formulaire en ligne': 'Write to us using the online form',
    'Accueil :': 'Reception hours:',
    'Adresse': 'Address',
    'Voir sur une carte': 'View on a map',
    'Téléphone': 'Phone',
    'Courriel': 'Email',
    'Direction': 'Head teacher',
    'Horaires': 'Hours',
    'Site web': 'Website',
    'Espace numérique de travail': 'Digital workspace (ENT)',
    'ENT de %(name)s': '%(name)s ENT',
    'Accessibilité': 'Accessibility',
    'Code UAI': 'UAI code',
    'Une information de': 'Information from',
    'la mairie de %(name)s': 'the town hall of %(name)s',
    'Niveaux': 'Levels',
    "Aucune école n'est encore enregistrée pour cette commune.": 'No schools are registered for this municipality yet.',
    'Le code INSEE doit comporter 5 caractères (ex. 35288, ou 2A004 pour la Corse).': 'The INSEE code must have 5 characters (e.g. 35288, or 2A004 for Corsica).',
    "Le code UAI doit comporter 7 chiffres suivis d'une lettre majuscule (ex. 0350916F).": 'The UAI code must have 7 digits followed by a capital letter (e.g. 0350916F).',
    'Le SIRET doit comporter 14 chiffres.': 'The SIRET number must have 14 digits.',
    'Codes postaux invalides : %(codes)s (5 chiffres attendus).': 'Invalid postcodes: %(codes)s (5 digits expected).',
    'Communes': 'Municipalities',
    'Contacts': 'Contacts',
    # fees/logic.py: the explanations of a price (mon_enfant.fees.texts writes their parts per language)
    'à partir de %(low)s €': 'from €%(low)s',
    '%(low)s à %(high)s €': '€%(low)s to €%(high)s',
    "Taux d'effort %(rate)s %% du QF, plancher %(floor)s, plafond %(ceiling)s": 'Effort rate %(rate)s%% of the family quotient, floor %(floor)s, ceiling %(ceiling)s',
    'Tarif non-résident : majoration de %(amount)s': 'Non-resident price: surcharge of %(amount)s',
    'Tarif non-résident : majoration de %(percent)s %%': 'Non-resident price: surcharge of %(percent)s%%',
    'Tarif non-résident : tarif le plus élevé': 'Non-resident price: highest price',
    'Tarif non-résident': 'Non-resident price',
    'Réduction fratrie à partir du %(rank)s enfant': 'Sibling reduction from the %(rank)s child',
    'Sans QF : tarif fixé à %(price)s': 'No family quotient: price set at %(price)s',
    'Sans QF : tarif plafond (%(price)s)': 'No family quotient: ceiling price (%(price)s)',
    'Sans QF : tarif de la tranche la plus haute': 'No family quotient: price of the highest band',
    'QF au-delà de la dernière tranche : tarif de la tranche la plus haute': 'Family quotient above the last band: price of the highest band',
    'Tranche de QF %(range)s': 'Family quotient band %(range)s',
    '%(sibling)s : tranche inférieure (QF %(range)s)': '%(sibling)s: next lower band (family quotient %(range)s)',
    '%(sibling)s : déjà dans la tranche la plus basse': '%(sibling)s: already in the lowest band',
    'Réduction fratrie de %(percent)s %% à partir du %(rank)s enfant': 'Sibling reduction of %(percent)s%% from the %(rank)s child',
    # fees: the messages on what a family typed (logic.py's through mon_enfant.fees.texts)
    'Saisissez un montant : un nombre, ou un texte comme « 1050.50 ».': 'Enter an amount: a number, or text such as “1050.50”.',
    'Commune inconnue (code INSEE).': 'Unknown municipality (INSEE code).',
    'Indiquez soit le QF, soit le foyer, pas les deux.': 'Give either the family quotient or the household, not both.',
    'Une question ? Contactez :': 'A question? Contact:',
    "Cette commune applique le quotient familial de l'attestation CAF ou MSA : indiquez-le dans « qf ».": 'This municipality uses the family quotient printed on the CAF or MSA certificate: give it in “qf”.',
    'Cette commune calcule le quotient familial selon la méthode « %(method)s ».': 'This municipality computes the family quotient with the “%(method)s” method.',
    "Aucune grille tarifaire n'est publiée pour cette année scolaire.": 'No fee scale is published for this school year.',
    'Cette prestation figure deux fois.': 'This service appears twice.',
    'Saisissez un montant valide.': 'Enter a valid amount.',
    'Ce montant est trop élevé.': 'This amount is too high.',
    'Indiquez %(label)s.': 'Please give %(label)s.',
    'Saisissez un montant valide pour %(label)s.': 'Enter a valid amount for %(label)s.',
    'Le montant saisi pour %(label)s ne peut pas être négatif.': 'The amount entered for %(label)s cannot be negative.',
    'Le montant saisi pour %(label)s dépasse %(maximum)s € : vérifiez la saisie.': 'The amount entered for %(label)s exceeds €%(maximum)s: please check it.',
    "Le nombre d'enfants à charge doit être compris entre 0 et %(maximum)s.": 'The number of dependent children must be between 0 and %(maximum)s.',
    "Le nombre d'enfants en situation de handicap doit être compris entre 0 et le nombre d'enfants à charge.": 'The number of children with a disability must be between 0 and the number of dependent children.',
    'Le nombre de parts doit être compris entre %(low)s et %(high)s.': 'The number of shares (parts) must be between %(low)s and %(high)s.',
    'La case T est réservée aux parents qui vivent seuls, pas aux couples.': 'Box T is for parents who live alone, not for couples.',
    'La case T suppose au moins un enfant à charge.': 'Box T requires at least one dependent child.',
    'le quotient familial': 'the family quotient',
    'Le quotient familial calculé (%(qf)s) dépasse %(maximum)s € : vérifiez les ressources et le nombre de parts.': 'The family quotient computed (%(qf)s) exceeds €%(maximum)s: please check the resources and the number of shares.',
    'les ressources annuelles': 'the annual resources',
    'les prestations familiales mensuelles': 'the monthly family benefits',
    'le revenu fiscal de référence': 'the reference taxable income (revenu fiscal de référence)',
    'votre quotient familial': 'your family quotient',
    'votre revenu fiscal de référence': 'your reference taxable income (revenu fiscal de référence)',
    'vos ressources annuelles': 'your annual resources',
    "Le rang de l'enfant dans la fratrie doit être compris entre 1 et %(maximum)s.": "The child's rank among siblings must be between 1 and %(maximum)s.",
    "Le tarif panier repas (PAI) n'est pas proposé pour ce service.": 'No packed-lunch (PAI) price is offered for this service.',
    'le tarif unitaire': 'the unit price',
    "Le nombre d'unités par semaine doit être compris entre 0 et %(maximum)s.": 'The number of units per week must be between 0 and %(maximum)s.',
    'Le nombre de semaines par an doit être compris entre 1 et %(maximum)s.': 'The number of weeks per year must be between 1 and %(maximum)s.',
    'Le nombre de mois facturés doit être compris entre 1 et %(maximum)s.': 'The number of months billed must be between 1 and %(maximum)s.',
    "Cette prestation n'a pas de tarif pour cette année scolaire.": 'This service has no price for this school year.',
    "catchment area\x04Secteur": "Catchment area",
    # fees/logic.py: the checks of a grid set by a commune (GridError)
    "%(what)s n'est pas un nombre valide.": '%(what)s is not a valid number.',
    '%(what)s ne peut pas être négatif.': '%(what)s cannot be negative.',
    '%(what)s dépasse %(maximum)s € : vérifiez la saisie.': '%(what)s exceeds €%(maximum)s: please check it.',
    '%(what)s dépasse %(maximum)s %% : vérifiez la saisie.': '%(what)s exceeds %(maximum)s%%: please check it.',
    '%(what)s dépasse %(maximum)s : vérifiez la saisie.': '%(what)s exceeds %(maximum)s: please check it.',
    'enfant suivant': 'each further child',
    "enfant bénéficiaire de l'AEEH": 'child receiving the AEEH (disability allowance)',
    'Le nombre de parts « %(label)s »': 'The number of shares “%(label)s”',
    '%(what)s doit être supérieur à 0.': '%(what)s must be greater than 0.',
    "Une tranche contient une valeur qui n'est pas un nombre.": 'A band holds a value that is not a number.',
    'à partir de %(low)s': 'from %(low)s',
    'de %(low)s à %(high)s': 'from %(low)s to %(high)s',
    'la tranche %(number)s (%(bounds)s)': 'band %(number)s (%(bounds)s)',
    'La grille doit comporter au moins une tranche.': 'The fee scale needs at least one band.',
    'Le tarif de %(name)s': 'The price of %(name)s',
    'Le tarif panier repas de %(name)s': 'The packed-lunch price of %(name)s',
    '%(name)s commence à un QF négatif.': '%(name)s starts at a negative family quotient.',
    '%(name)s est vide : sa borne haute doit être supérieure à sa borne basse.': '%(name)s is empty: its upper bound must be greater than its lower bound.',
    "Seule la dernière tranche peut être sans borne haute : %(name)s est suivie d'autres tranches.": 'Only the last band may have no upper bound: %(name)s is followed by other bands.',
    '%(name)s doit commencer à 0 pour couvrir les QF les plus bas.': '%(name)s must start at 0 to cover the lowest family quotients.',
    '%(name)s commence avant %(previous)s : classez les tranches par QF croissant.': '%(name)s starts before %(previous)s: order the bands by increasing family quotient.',
    '%(name)s chevauche %(previous)s.': '%(name)s overlaps %(previous)s.',
    'Il manque les QF de %(low)s à %(high)s entre la tranche %(previous)s et la tranche %(number)s.': 'Family quotients from %(low)s to %(high)s are missing between band %(previous)s and band %(number)s.',
    "%(name)s n'a pas de tarif panier repas, alors que d'autres tranches en ont un.": '%(name)s has no packed-lunch price, while other bands have one.',
    "Le taux d'effort": 'The effort rate',
    "Le taux d'effort doit être supérieur à 0 %%.": 'The effort rate must be greater than 0%%.',
    'Le plancher': 'The floor',
    'Le plafond': 'The ceiling',
    'Le plancher (%(floor)s) ne peut pas dépasser le plafond (%(ceiling)s).': 'The floor (%(floor)s) cannot exceed the ceiling (%(ceiling)s).',
    'Le tarif unique': 'The flat rate',
    'Indiquez un montant pour le tarif non-résident choisi, et seulement pour celui-ci.': 'Give an amount for the non-resident price chosen, and only for that one.',
    "Les tranches non-résident ne s'utilisent qu'avec le mode « tranches de QF propres ».": 'Non-resident bands are only used with the mode “own family quotient bands”.',
    "Le tarif panier repas non-résident ne s'utilise qu'avec un tarif non-résident unique.": 'The non-resident packed-lunch price is only used with a non-resident flat rate.',
    'Le pourcentage de majoration': 'The surcharge percentage',
    'Le montant de la majoration non-résident': 'The non-resident surcharge amount',
    'Le tarif non-résident': 'The non-resident price',
    'Le tarif panier repas non-résident': 'The non-resident packed-lunch price',
    "Une règle fratrie s'applique à partir du 2e enfant et au plus tard du %(maximum)s.": 'A sibling rule applies from the 2nd child and at the latest from the %(maximum)s.',
    'Pour la règle fratrie à partir du %(rank)s enfant, choisissez soit un pourcentage de réduction, soit la tranche inférieure.': 'For the sibling rule from the %(rank)s child, choose either a reduction percentage or the next lower band.',
    'Le pourcentage de réduction fratrie à partir du %(rank)s enfant': 'The sibling reduction percentage from the %(rank)s child',
    '%(what)s doit être supérieur à 0 %%.': '%(what)s must be greater than 0%%.',
    "Deux règles fratrie commencent au même rang d'enfant.": 'Two sibling rules start at the same child rank.',
    "La réduction fratrie « tranche inférieure » ne s'applique qu'aux grilles par tranches de QF : choisissez un pourcentage de réduction.": 'The sibling reduction “next lower band” only applies to fee scales by family quotient band: choose a reduction percentage.',
    "Le tarif panier repas est donné à la fois par tranche et en tarif unique : choisissez l'un ou l'autre.": 'The packed-lunch price is given both per band and as a flat rate: choose one or the other.',
    'Le tarif sans QF': 'The price without family quotient',
    'Le tarif panier repas': 'The packed-lunch price',
}


if __name__ == "__main__":
    sys.exit(main())
