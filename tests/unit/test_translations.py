"""The English catalogue (mon_enfant/locale/en/LC_MESSAGES/django.po) is complete, safe to format, and
compiled: every msgstr filled, nothing fuzzy, the same %-placeholders and HTML tags as the French msgid,
and a django.mo that says the same as the .po.

Standard library only (no Django, no polib): the .po is read by the small parser below. When the
catalogue is regenerated (`make messages`), fill the new entries with scripts/translations_en.py.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

LC_MESSAGES = Path(__file__).resolve().parents[2] / "mon_enfant" / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}

# A %-directive as Python's % operator reads it: "%%", "%(name)s", "%s", "%5.2f", "% d"...
_DIRECTIVE = re.compile(
    r"%(?:%|(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa]))"
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def parse_po(path):
    """The entries of a .po file: dicts with line, flags, msgctxt, msgid, msgid_plural and msgstr
    (a string, or a list of plural forms). Obsolete (#~) entries are skipped."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.split("\n") if line.strip()]
        if all(line.startswith("#") for line in lines):
            continue  # nothing but comments, or an obsolete (#~) entry
        entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "forms": {}}
        current = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                keyword, index, value = match.groups()
                current = ("msgstr", int(index)) if index is not None else (keyword, None)
                if keyword == "msgstr" and index is None:
                    current = ("msgstr", 0)
                    entry["singular_msgstr"] = True
                _store(entry, current, _unescape(value), append=False)
            elif (match := _CONTINUATION.match(line)) and current:
                _store(entry, current, _unescape(match.group(1)), append=True)
            else:
                raise AssertionError(f"{path.name}: unreadable line {line!r}")
        entry["msgstr"] = entry["forms"][0] if entry.pop("singular_msgstr", False) else [
            entry["forms"][index] for index in sorted(entry["forms"])
        ]
        entries.append(entry)
    return entries


def _store(entry, field, value, append):
    name, index = field
    if name == "msgstr":
        entry["forms"][index] = (entry["forms"].get(index, "") if append else "") + value
    else:
        entry[name] = ((entry.get(name) or "") if append else "") + value


def _label(entry):
    return f"msgid {entry['msgid']!r}"


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


def pairs(entry):
    """(source, translation) pairs to compare: msgstr[0] with msgid, the other forms with msgid_plural."""
    if entry["msgid_plural"] is None:
        return [(entry["msgid"], entry["msgstr"])]
    return [(entry["msgid"] if index == 0 else entry["msgid_plural"], form)
            for index, form in enumerate(entry["msgstr"])]


@pytest.fixture(scope="module")
def catalogue():
    entries = parse_po(PO_FILE)
    header = [entry for entry in entries if entry["msgid"] == "" and entry["msgctxt"] is None]
    assert len(header) == 1, "the .po file must have exactly one header entry"
    return header[0], [entry for entry in entries if entry is not header[0]]


def test_catalogue_is_english_with_two_plural_forms(catalogue):
    header, messages = catalogue
    assert re.search(r"^Language: en$", header["msgstr"], re.MULTILINE)
    assert re.search(r"^Plural-Forms: nplurals=2; plural=\(n != 1\);$", header["msgstr"], re.MULTILINE)
    assert "charset=UTF-8" in header["msgstr"]
    assert len(messages) > 600  # the whole package: core app, catchment, fees


def test_every_entry_is_translated(catalogue):
    _header, messages = catalogue
    empty = [_label(entry) for entry in messages
             if not all(translation.strip() for _source, translation in pairs(entry))]
    assert not empty, f"{len(empty)} untranslated entries, e.g. {empty[:5]}"


def test_plural_entries_have_both_forms(catalogue):
    _header, messages = catalogue
    wrong = [_label(entry) for entry in messages
             if entry["msgid_plural"] is not None and len(entry["msgstr"]) != 2]
    assert not wrong, wrong


def test_nothing_is_fuzzy(catalogue):
    header, messages = catalogue
    fuzzy = [_label(entry) for entry in [header, *messages] if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"fuzzy entries (check them, then remove the flag): {fuzzy[:5]}"


def test_placeholders_are_the_same_in_msgid_and_msgstr(catalogue):
    """%(name)s, %s, %d... are filled by the % operator: a missing, extra or renamed one raises at run time."""
    _header, messages = catalogue
    wrong = []
    for entry in messages:
        for source, translation in pairs(entry):
            if directives(source) != directives(translation):
                wrong.append((source, translation))
    assert not wrong, "placeholders differ:\n" + "\n".join(f"{s!r}\n  -> {t!r}" for s, t in wrong)


def test_html_tags_are_kept(catalogue):
    _header, messages = catalogue
    wrong = [(source, translation) for entry in messages for source, translation in pairs(entry)
             if Counter(_HTML_TAG.findall(source)) != Counter(_HTML_TAG.findall(translation))]
    assert not wrong, wrong


def test_leading_and_trailing_spaces_are_kept(catalogue):
    """Some strings are glued to others in templates, e.g. " (panier repas : %(price)s)"."""
    _header, messages = catalogue
    wrong = [(source, translation) for entry in messages for source, translation in pairs(entry)
             if (source[:1] == " ") != (translation[:1] == " ") or (source[-1:] == " ") != (translation[-1:] == " ")]
    assert not wrong, wrong


def test_compiled_catalogue_matches_the_po(catalogue):
    """django.mo says what django.po says: it was compiled after the last edit of the .po."""
    _header, messages = catalogue
    assert MO_FILE.exists(), "django.mo is missing: run `manage.py compilemessages` in mon_enfant/"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        context = entry["msgctxt"]
        if entry["msgid_plural"] is None:
            got = (compiled.pgettext(context, entry["msgid"]) if context is not None
                   else compiled.gettext(entry["msgid"]))
            expected = entry["msgstr"]
        else:
            def forms(n, entry=entry, context=context):
                if context is not None:
                    return compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                return compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)

            got, expected = [forms(1), forms(2)], entry["msgstr"]
        if got != expected:
            stale.append(_label(entry))
    assert not stale, f"django.mo is out of date for {len(stale)} entries (run compilemessages): {stale[:5]}"
    catalog = getattr(compiled, "_catalog", None)
    if catalog is not None:
        plural_forms = sum(len(entry["msgstr"]) for entry in messages if entry["msgid_plural"] is not None)
        singulars = sum(1 for entry in messages if entry["msgid_plural"] is None)
        assert len([key for key in catalog if key != ""]) == singulars + plural_forms, (
            "django.mo holds other messages than django.po: run compilemessages"
        )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_msgfmt_accepts_the_po_and_compiles_the_same_messages(tmp_path):
    """GNU msgfmt's own checks (format strings, header), and a fresh compilation with as many messages."""
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", str(fresh), str(PO_FILE)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as handle:
        recompiled = gettext.GNUTranslations(handle)
    with MO_FILE.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    if hasattr(recompiled, "_catalog") and hasattr(committed, "_catalog"):
        # The header ("" key, with its revision date) aside, the messages must be the same.
        fresh_messages = {key: value for key, value in recompiled._catalog.items() if key != ""}
        committed_messages = {key: value for key, value in committed._catalog.items() if key != ""}
        assert len(fresh_messages) == len(committed_messages), "run compilemessages: django.mo is out of date"
        assert fresh_messages == committed_messages, "django.mo differs from a fresh compilation of django.po"
