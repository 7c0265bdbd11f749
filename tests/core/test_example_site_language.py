"""The demo host's own texts (its layout, its 404 and 500 pages) follow the page's language like the
package's: an English visitor is not told "Page introuvable" around an English answer. Its catalogue is
example_site/locale (LOCALE_PATHS), complete and compiled."""

from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "example_site" / "locale" / "en" / "LC_MESSAGES"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "texts"), [
    ("fr", ["Page introuvable", "Aller au contenu", "Ville de démonstration"]),
    ("en", ["Page not found", "Skip to content", "Demonstration town", 'lang="en"']),
])
def test_the_hosts_layout_speaks_the_pages_language(client, language, texts):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    for text in texts:
        assert text in body


def test_the_hosts_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == [] and len(po) > 5
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(CATALOGUE / "django.mo"))}
    assert {entry.msgid: entry.msgstr for entry in po} == {k: v for k, v in compiled.items() if k}
