"""Reading the CSV files communes download from public open-data portals, with line numbers.

The national files come in UTF-8 with a BOM, ``;`` separators and CRLF line endings; a commune's own
spreadsheet export may use ``,``. Every problem is reported with its line number (the header is line 1)
so a webmaster can fix the file, and nothing is written until the whole file is valid.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


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
    """Decode UTF-8 (with or without BOM); refuse anything else, naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
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
        raise ImportFileError([LineError(1, str(exc))]) from exc
    columns = [name.strip() for name in header]
    table = CsvTable(columns=columns)
    errors = []
    start_line = reader.line_num
    try:
        for values in reader:
            line = start_line + 1
            start_line = reader.line_num
            if not any(value.strip() for value in values):
                continue
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
    except csv.Error as exc:
        errors.append(LineError(reader.line_num, _("CSV mal formé : %(error)s") % {"error": exc}))
    if errors:
        raise ImportFileError(errors)
    return table


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
