"""Reading the CSV files communes download from public open-data portals, with line numbers.

The national files come in UTF-8 with a BOM, ``;`` separators and CRLF line endings; a commune's own
spreadsheet export may use ``,``. Every problem is reported with its line number (the header is line 1)
so a webmaster can fix the file, and nothing is written until the whole file is valid.

A file may hold at most ``MON_ENFANT_IMPORT_MAX_ROWS`` rows (:func:`check_row_count`), and every number
is bounded by its count of digits before it is converted (:func:`bounded_integer`): an import's cost then
stays linear in a file of bounded size, whatever it contains. Numbers are written in ASCII digits only
(:func:`bounded_integer`, :func:`~mon_enfant.validators.ascii_decimal`): ``int()`` and ``Decimal()`` also
read the digits of other scripts (``3540٠``), which no public file uses. A NUL character, which PostgreSQL
cannot store, refuses the file wherever it is (:func:`decode`). A message that quotes a cell quotes at most
its first 40 characters (:func:`~mon_enfant.echo.echo`).

The CSV files the package *writes* go through :func:`write_csv`, which neutralises the text cells that a
spreadsheet would run as a formula (:func:`neutralise_formula`).
"""

import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .conf import get_setting
from .echo import echo


@dataclass
class LineError:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}


class ImportFileError(Exception):
    """The file was refused; ``errors`` lists every problem found, with line numbers."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class CsvRow:
    line: int
    values: dict


@dataclass
class CsvTable:
    columns: list
    rows: list = field(default_factory=list)


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); refuse anything else, and a NUL character anywhere (PostgreSQL
    cannot store it), naming the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            [
                LineError(
                    line,
                    _(
                        "le fichier n'est pas encodé en UTF-8 (octet invalide). Enregistrez-le en "
                        "« CSV UTF-8 » depuis votre tableur."
                    ),
                )
            ]
        ) from exc
    refuse_nul_character(text)
    return text


def _column_key(name):
    """A column's name as the importers compare them: without accents, case or surrounding spaces."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def refuse_repeated_columns(columns):
    """Refuse a header naming a column twice ("prix;...;prix", "Année;annee"): which of the two an importer
    read would be a guess, and the other's values would be silently dropped."""
    seen = set()
    for name in columns:
        key = _column_key(name)
        if key and key in seen:
            raise ImportFileError([LineError(1, _(
                "la colonne « %(column)s » figure deux fois dans l'en-tête : gardez-en une seule."
            ) % {"column": echo(name)})])
        seen.add(key)


def refuse_nul_character(text, position=None):
    """Refuse a text holding a NUL character (at ``position``, or found in one linear scan), with its line."""
    if position is None:
        position = text.find("\x00")
    if position >= 0:
        raise ImportFileError([LineError(text.count("\n", 0, position) + 1, _(
            "caractère nul (U+0000) refusé : ce caractère invisible, souvent laissé par un export, ne peut "
            "pas être enregistré. Supprimez-le du fichier."))])


def read_csv(data: bytes, *, delimiters=";,\t") -> CsvTable:
    """Parse a whole CSV file into rows keyed by their (stripped) header names."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            [LineError(None, _("Ce fichier n'est pas un fichier texte CSV (fichier binaire ?)."))]
        )
    text = decode(data)
    if not text.strip():  # after decoding: a BOM alone, or blank lines, is an empty file too
        raise ImportFileError([LineError(None, _("Le fichier est vide."))])
    first_line = text.splitlines()[0] if text else ""
    delimiter = max(delimiters, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError([_malformed(1)]) from exc
    columns = [name.strip() for name in header]
    refuse_repeated_columns(columns)
    table = CsvTable(columns=columns)
    errors = []
    start_line = reader.line_num
    max_rows = get_setting("MON_ENFANT_IMPORT_MAX_ROWS")
    try:
        for values in reader:
            line = start_line + 1
            start_line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            check_row_count(len(table.rows) + len(errors) + 1, max_rows)
            if len(values) != len(columns):
                errors.append(
                    LineError(
                        line,
                        _("%(found)s colonnes trouvées, %(expected)s attendues (séparateur « %(sep)s »).")
                        % {"found": len(values), "expected": len(columns), "sep": delimiter},
                    )
                )
                continue
            table.rows.append(CsvRow(line, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    except csv.Error:
        errors.append(_malformed(start_line + 1))
    if errors:
        raise ImportFileError(errors)
    return table


def _malformed(line):
    # The csv module's errors are English; in a file the reader accepts (no NUL), the one met is a cell
    # beyond its size limit, which a quote opened and never closed makes of the rest of the file.
    return LineError(line, _(
        "CSV mal formé : une cellule de plus de %(max)s caractères commence ici, souvent à cause d'un "
        "guillemet (\") ouvert et jamais refermé.") % {"max": csv.field_size_limit()})


def require_columns(table: CsvTable, required, *, format_name):
    missing = [name for name in required if name not in table.columns]
    if missing:
        raise ImportFileError(
            [
                LineError(
                    1,
                    _("colonnes manquantes pour le format %(format)s : %(columns)s.")
                    % {"format": format_name, "columns": ", ".join(missing)},
                )
            ]
        )


@dataclass
class CommuneCounts:
    """What every import report says about the communes its file names: those created
    (``--create-communes``), and the lines left out by ``--commune``, for an unknown commune or for a commune
    that is not the importing editor's."""

    communes_created: list = field(default_factory=list)
    skipped_filtered: int = 0
    skipped_unknown_communes: Counter = field(default_factory=Counter)
    skipped_not_allowed: Counter = field(default_factory=Counter)

    def commune_lines(self):
        lines = []
        if self.communes_created:
            lines.append(_("Communes créées : %(list)s.") % {"list": ", ".join(self.communes_created)})
        if self.skipped_filtered:
            lines.append(
                _("%(count)s lignes d'autres communes ignorées (filtre --commune).") % {"count": self.skipped_filtered}
            )
        for code, count in sorted(self.skipped_unknown_communes.items()):
            lines.append(
                _("%(count)s lignes ignorées : commune %(code)s inconnue (utilisez --create-communes).")
                % {"count": count, "code": code}
            )
        for code, count in sorted(self.skipped_not_allowed.items()):
            lines.append(
                _("%(count)s lignes ignorées : la commune %(code)s ne fait pas partie de vos communes.")
                % {"count": count, "code": code}
            )
        return lines


def check_row_count(count, max_rows=None, *, features=False):
    """Refuse a file once it holds more than ``MON_ENFANT_IMPORT_MAX_ROWS`` rows (or, ``features``, GeoJSON
    features)."""
    if max_rows is None:
        max_rows = get_setting("MON_ENFANT_IMPORT_MAX_ROWS")
    if count > max_rows:
        if features:
            message = _(
                "Le fichier GeoJSON compte plus de %(max)s objets (« features »), le maximum accepté (réglage "
                "MON_ENFANT_IMPORT_MAX_ROWS) : découpez-le, par exemple une commune par fichier."
            )
        else:
            message = _(
                "Le fichier compte plus de %(max)s lignes, le maximum accepté (réglage "
                "MON_ENFANT_IMPORT_MAX_ROWS) : découpez-le, par exemple une commune par fichier."
            )
        raise ImportFileError([LineError(None, message % {"max": max_rows})])


def bounded_integer(text, max_digits):
    """``"0042"`` -> 42; None unless ``text`` is 1 to ``max_digits`` ASCII digits.

    The length is checked before the conversion: ``int()`` of a 5,000-digit string raises (Python limits
    conversions to 4,300 digits) and would cost quadratic time below that limit.
    """
    text = (text or "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def bounded_signed_integer(text, max_digits):
    """``"-5"`` -> -5, ``"+12"`` -> 12: :func:`bounded_integer` with an optional sign."""
    text = (text or "").strip()
    sign = -1 if text.startswith("-") else 1
    number = bounded_integer(text[1:] if text[:1] in ("-", "+") else text, max_digits)
    return None if number is None else sign * number


# OWASP's "CSV injection" advice: a cell a spreadsheet reads as a formula starts with one of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text):
    """A text cell as a spreadsheet will show it, never run it: a leading ``'`` before a formula trigger."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(columns, rows, *, number_columns=(), delimiter=";"):
    """Rows (dicts keyed by ``columns``) as the text of a CSV file (``;``-separated unless ``delimiter``
    says otherwise: the open-data standards use ``,``), header first.

    Every cell is text a person typed (a name, a unit...) and is neutralised, except the cells of
    ``number_columns``, which the package writes itself from numbers: those stay numbers a spreadsheet
    can compute with (a ``-5`` would otherwise become the text ``'-5``).
    """
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    numbers = set(number_columns)
    for row in rows:
        writer.writerow(
            {column: value if column in numbers else neutralise_formula(value) for column, value in row.items()}
        )
    return output.getvalue()
