"""Questions in from a CSV (docs/faq.md): a commune brings its existing questions and answers.

Columns: ``question`` and ``reponse`` (required), ``theme`` (a theme's code or label, default ``autre``),
``identifiant`` (the deep link's slug; default: from the question), ``code_insee`` (else ``--commune``),
``responsable`` (``mairie``, ``education_nationale``, ``ecole``, ``intercommunalite``, ``caf``),
``annee_scolaire`` (empty: every year), ``ordre``. An answer is plain text: paragraphs separated by an empty
line, lines starting with "- " make a list; no markup is read from the file (it is escaped).

The whole file is checked first, every problem reported with its line, and then nothing changes. A question
is found again by its commune and identifier: a re-import updates it (a new revision, published) and never
duplicates it; questions absent from the file are kept. ``dry_run`` rolls everything back.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from mon_enfant.csvfiles import CommuneCounts, ImportFileError, LineError, bounded_integer, read_csv, require_columns
from mon_enfant.echo import echo
from mon_enfant.models import Commune, ResponsibleBody
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_error
from mon_enfant.validators import is_valid_insee

from . import logic
from .models import Question, Theme

FORMAT_NAME = "CSV questions"
REQUIRED_COLUMNS = ["question", "reponse"]
MAX_ANSWER = 20_000
THEMES = {**{logic.fold(str(label)): code for code, label in Theme.choices}, **{code: code for code in Theme.values}}
RESPONSIBLE = {code for code, _label in ResponsibleBody.choices}
FIELDS = ["question", "answer", "theme", "responsible_body", "school_year", "sort_order"]


@dataclass
class FaqImportReport(CommuneCounts):
    dry_run: bool = False
    rows_read: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0

    def summary_lines(self):
        lines = [_("Format : %(format)s.") % {"format": FORMAT_NAME},
                 _("%(count)s questions lues : %(created)s créées, %(updated)s mises à jour, %(same)s inchangées.")
                 % {"count": self.rows_read, "created": len(self.created), "updated": len(self.updated),
                    "same": self.unchanged}]
        lines.extend(self.commune_lines())
        if self.dry_run:
            lines.append(_("Simulation : rien n'a été enregistré."))
        return lines


def answer_html(text):
    """Plain text to the answer's HTML: paragraphs on empty lines, "- " lines as a list; everything escaped."""
    blocks = []
    for chunk in [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]:
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if all(line.startswith("- ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines) + "</ul>")
        else:
            blocks.append(f"<p>{escape(' '.join(lines))}</p>")
    return "".join(blocks)


def _row(values, default_commune, problems):
    code = values.get("code_insee", "").strip().upper() or (default_commune or "")
    if code and not is_valid_insee(code):
        problems.append(_("code_insee : code INSEE « %(value)s » invalide.") % {"value": echo(code)})
    question = " ".join(values.get("question", "").split())
    if not question:
        problems.append(_("question est obligatoire."))
    elif len(question) > 300:
        problems.append(_("question : 300 caractères au plus (%(count)s trouvés).") % {"count": len(question)})
    answer = values.get("reponse", "").strip()
    if not answer:
        problems.append(_("reponse est obligatoire."))
    elif len(answer) > MAX_ANSWER:
        problems.append(_("reponse : %(max)s caractères au plus.") % {"max": MAX_ANSWER})
    theme_text = values.get("theme", "").strip()
    theme = THEMES.get(logic.fold(theme_text)) if theme_text else Theme.AUTRE
    if theme is None:
        problems.append(_("theme « %(value)s » inconnu ; les thèmes sont : %(list)s.")
                        % {"value": echo(theme_text), "list": ", ".join(Theme.values)})
    responsible = values.get("responsable", "").strip().lower() or ResponsibleBody.MAIRIE
    if responsible not in RESPONSIBLE:
        problems.append(_("responsable « %(value)s » inconnu ; valeurs possibles : %(list)s.")
                        % {"value": echo(responsible), "list": ", ".join(sorted(RESPONSIBLE))})
    year = values.get("annee_scolaire", "").strip()
    if year:
        try:
            year = str(SchoolYear.parse(year))
        except SchoolYearError as exc:
            problems.append("annee_scolaire : " + school_year_error(exc))
    order_text = values.get("ordre", "").strip()
    order = bounded_integer(order_text, 4) if order_text else 100
    if order is None:
        problems.append(_("ordre « %(value)s » : un nombre entier de 0 à 9999 est attendu.")
                        % {"value": echo(order_text)})
    slug = logic.slugify(values.get("identifiant", "").strip() or question)
    if question and not slug:
        problems.append(_("identifiant : donnez un identifiant fait de lettres ou de chiffres."))
    return code, slug, {"question": question, "answer": answer_html(answer), "theme": theme,
                        "responsible_body": responsible, "school_year": year, "sort_order": order}


def import_faq(data: bytes, *, commune=None, allowed_communes=None, dry_run=False) -> FaqImportReport:
    """Import a CSV of questions (see the module docstring). Raises :class:`ImportFileError` listing every
    problem with its line; then nothing has changed."""
    default = commune.strip().upper() if commune else None
    if default is not None and not is_valid_insee(default):
        raise ImportFileError([LineError(None, _("Code INSEE « %(code)s » invalide.") % {"code": echo(commune)})])
    table = read_csv(data)
    require_columns(table, REQUIRED_COLUMNS, format_name=FORMAT_NAME)
    report = FaqImportReport(dry_run=dry_run, rows_read=len(table.rows))
    errors, rows, seen = [], [], {}
    for row in table.rows:
        problems = []
        code, slug, values = _row(row.values, default, problems)
        if not code and not problems:
            problems.append(_("commune inconnue : renseignez code_insee, ou choisissez la commune de l'import."))
        if not problems and (code, slug) in seen:
            problems.append(_("l'identifiant « %(slug)s » est déjà celui de la ligne %(other)s.")
                            % {"slug": slug, "other": seen[(code, slug)]})
        if problems:
            errors.extend(LineError(row.line, problem) for problem in problems)
            continue
        seen[(code, slug)] = row.line
        rows.append((code, slug, values))
    if errors:
        raise ImportFileError(errors)
    communes = {item.code_insee: item for item in Commune.objects.all()}
    allowed = None if allowed_communes is None else {item.code_insee for item in allowed_communes}
    with transaction.atomic():
        kept = []
        for code, slug, values in rows:
            if default is not None and code != default:
                report.skipped_filtered += 1
            elif code not in communes:
                report.skipped_unknown_communes[code] += 1
            elif allowed is not None and code not in allowed:
                report.skipped_not_allowed[code] += 1
            else:
                kept.append((communes[code], slug, values))
        existing = {(question.commune_id, question.slug): question
                    for question in Question.objects.filter(commune__in={commune for commune, *_ in kept})}
        for commune_obj, slug, values in kept:
            question = existing.get((commune_obj.pk, slug))
            if question is None:
                question = Question(commune=commune_obj, slug=slug, live=False, **values)
                question.save()
                report.created.append(values["question"])
            elif question.live and all(getattr(question, name) == value for name, value in values.items()):
                report.unchanged += 1
                continue
            else:
                for name, value in values.items():
                    setattr(question, name, value)
                report.updated.append(values["question"])
            question.save_revision().publish()
        if dry_run:
            transaction.set_rollback(True)
    return report
