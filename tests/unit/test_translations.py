"""The English catalogue (mon_enfant/locale/en/LC_MESSAGES/django.po) is the source of the translations,
edited as translators do (by hand, Poedit, Weblate...). It must be complete, safe to format, up to date
with the sources and compiled: every msgstr filled, nothing fuzzy, the same %-placeholders, {}-fields
and HTML tags as the French msgid, every msgid of the code present, and a django.mo that says the same.

Workflow: `make messages` (makemessages, then compilemessages) after changing a string; translate the
new entries in the .po; `make messages` again to compile. The glossary is in docs/translation.md.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mon_enfant"
LC_MESSAGES = PACKAGE / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# A %-directive as Python's % operator reads it: "%%", "%(name)s", "%s", "%5.2f", "% d"...
_DIRECTIVE = re.compile(
    r"%(?:%|(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa]))"
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_TEMPLATE_VARIABLE = re.compile(r"\{\{.*?\}\}|\{[a-z_]+\}")

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
                                   reason="GNU gettext is not installed")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_FILE), wrapwidth=0)


def messages(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def pairs(entry):
    """(source, translation) pairs to compare: msgstr[0] with msgid, the other forms with msgid_plural."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid if index == 0 else entry.msgid_plural, form)
            for index, form in sorted(entry.msgstr_plural.items())]


def directives(text):
    """Named placeholders with their conversion, and the number of unnamed ones ("%%" is a literal)."""
    named, unnamed = Counter(), 0
    for match in _DIRECTIVE.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None:
            named[(match.group("name"), match.group("conv"))] += 1
        else:
            unnamed += 1
    return set(named), unnamed


def test_catalogue_is_english_with_two_plural_forms(catalogue):
    assert catalogue.metadata["Language"] == "en"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert len(messages(catalogue)) > 600  # the whole package: core app and feature apps


def test_every_entry_is_translated(catalogue):
    empty = [entry.msgid for entry in messages(catalogue)
             if not all(translation.strip() for _source, translation in pairs(entry))]
    assert not empty, f"{len(empty)} untranslated entries, e.g. {empty[:5]}"


def test_plural_entries_have_both_forms(catalogue):
    wrong = [entry.msgid for entry in messages(catalogue) if entry.msgid_plural and len(entry.msgstr_plural) != 2]
    assert not wrong, wrong


def test_nothing_is_fuzzy(catalogue):
    fuzzy = [entry.msgid for entry in messages(catalogue) if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries (check them, then remove the flag): {fuzzy[:5]}"


def test_placeholders_are_the_same_in_msgid_and_msgstr(catalogue):
    """%(name)s, %s, %d... are filled by the % operator: a missing, extra or renamed one raises at run time;
    {{ var }} and {name} are filled by templates and format()."""
    wrong = [(source, translation) for entry in messages(catalogue) for source, translation in pairs(entry)
             if directives(source) != directives(translation)
             or Counter(_TEMPLATE_VARIABLE.findall(source)) != Counter(_TEMPLATE_VARIABLE.findall(translation))]
    assert not wrong, "placeholders differ:\n" + "\n".join(f"{s!r}\n  -> {t!r}" for s, t in wrong)


def test_html_tags_are_kept(catalogue):
    wrong = [(source, translation) for entry in messages(catalogue) for source, translation in pairs(entry)
             if Counter(_HTML_TAG.findall(source)) != Counter(_HTML_TAG.findall(translation))]
    assert not wrong, wrong


def test_leading_and_trailing_spaces_are_kept(catalogue):
    """Some strings are glued to others in templates, e.g. " (panier repas : %(price)s)"."""
    wrong = [(source, translation) for entry in messages(catalogue) for source, translation in pairs(entry)
             if (source[:1] == " ") != (translation[:1] == " ") or (source[-1:] == " ") != (translation[-1:] == " ")]
    assert not wrong, wrong


def test_compiled_catalogue_matches_the_po(catalogue):
    """django.mo says what django.po says: it was compiled after the last edit of the .po."""
    assert MO_FILE.exists(), "django.mo is missing: run `make messages`"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(catalogue):
        context = entry.msgctxt
        if not entry.msgid_plural:
            got = compiled.pgettext(context, entry.msgid) if context else compiled.gettext(entry.msgid)
            expected = entry.msgstr
        else:
            def forms(n, entry=entry, context=context):
                if context:
                    return compiled.npgettext(context, entry.msgid, entry.msgid_plural, n)
                return compiled.ngettext(entry.msgid, entry.msgid_plural, n)

            got, expected = [forms(1), forms(2)], [entry.msgstr_plural[0], entry.msgstr_plural[1]]
        if got != expected:
            stale.append(entry.msgid)
    assert not stale, f"django.mo is out of date for {len(stale)} entries (run `make messages`): {stale[:5]}"


@needs_gettext
def test_msgfmt_accepts_the_po(tmp_path):
    """GNU msgfmt's own checks (format strings, header)."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", str(tmp_path / "django.mo"),
         str(PO_FILE)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


def _msgids(po):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete and entry.msgid}


@needs_gettext
def test_every_string_of_the_code_is_in_the_catalogue(tmp_path, catalogue):
    """makemessages run on a copy of the package finds no msgid the catalogue lacks (and none it has too
    many): a string added to the code without `make messages` would stay French in English pages."""
    copy = tmp_path / "mon_enfant"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete", "--no-location"],
        cwd=copy, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "", "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = _msgids(fresh) - _msgids(catalogue)
    extra = _msgids(catalogue) - _msgids(fresh)
    assert not missing, f"{len(missing)} strings of the code are not in the catalogue (run `make messages`): " \
                        f"{sorted(missing, key=str)[:5]}"
    assert not extra, f"{len(extra)} catalogue entries no longer in the code: {sorted(extra, key=str)[:5]}"
