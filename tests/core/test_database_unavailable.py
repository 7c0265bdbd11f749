"""A database that is down answers a clear 503, not a server error (mon_enfant.middleware): a page in the
site's layout, in the family's language, with ``Retry-After``; JSON on the API; and a layout that itself
needs the database gives way to a plain page. The database is made to fail as a refused connection does:
every cursor raises ``OperationalError`` (a connection that died raises ``InterfaceError``).

End to end, under gunicorn with PostgreSQL refusing or stalling: tests/core/test_stalled_database.py and
``bench/faults.py`` (tests/core/test_faults.py).
"""

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import RequestFactory
from django.utils import translation

from mon_enfant.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db

API_NEEDING_DATABASE = "/api/mon-enfant/v1/schools?commune=35288"
FRENCH_MESSAGE = ("Service momentanément indisponible : réessayez dans quelques instants. "
                  "Si le problème persiste, contactez la mairie.")


def english(text):
    with translation.override("en"):
        return translation.gettext(text)


@pytest.fixture(params=[OperationalError, InterfaceError], ids=["refused", "connection-lost"])
def database_down(request, monkeypatch):
    """Every query fails from now on, as when PostgreSQL refuses connections (or a connection died)."""
    error = request.param

    def fail(*args, **kwargs):
        raise error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    for name in ("cursor", "chunked_cursor"):
        monkeypatch.setattr(connections["default"], name, fail)
    return error


@pytest.fixture
def layout_reading_the_database(settings):
    """A host layout with a link found in the page tree (``{% slugurl %}`` reads the database)."""
    engine = {**settings.TEMPLATES[0]}
    options = {**engine["OPTIONS"], "loaders": [
        ("django.template.loaders.locmem.Loader", {"layout_with_menu.html": (
            '{% load wagtailcore_tags %}<html><body><nav><a href="{% slugurl "inscriptions" %}">Inscriptions</a>'
            "</nav>{% block content %}{% endblock %}</body></html>")}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]}
    engine.update(APP_DIRS=False, OPTIONS=options)
    settings.TEMPLATES = [engine]
    settings.MON_ENFANT_BASE_TEMPLATE = "layout_with_menu.html"


def test_a_page_answers_503_in_the_sites_layout_when_the_database_is_down(client, database_down):
    response = client.get("/trouver-mon-ecole/")
    html = response.content.decode()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="fr">' in html
    assert "<h1>Service momentanément indisponible</h1>" in html
    assert FRENCH_MESSAGE in html
    assert 'class="site-header"' in html  # the example site's layout (its menu, read from the database, left out)


def test_the_page_speaks_the_familys_language(client, database_down):
    response = client.get("/trouver-mon-ecole/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="en">' in html
    assert english(FRENCH_MESSAGE) in html


def test_the_api_answers_503_in_json_when_the_database_is_down(client, database_down):
    response = client.get(API_NEEDING_DATABASE)
    assert (response.status_code, response["Content-Type"]) == (503, "application/json")
    assert response.json() == {"detail": FRENCH_MESSAGE}
    assert int(response["Retry-After"]) > 0


def test_the_api_message_is_in_english_for_an_english_client(client, database_down):
    response = client.get(API_NEEDING_DATABASE, headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response.json() == {"detail": english(FRENCH_MESSAGE)}


def test_a_layout_that_needs_the_database_gives_way_to_a_plain_page(client, database_down,
                                                                     layout_reading_the_database):
    response = client.get("/trouver-mon-ecole/")
    html = response.content.decode()
    assert response.status_code == 503
    assert "<h1>Service momentanément indisponible</h1>" in html and FRENCH_MESSAGE in html
    assert "Inscriptions" not in html


def test_the_layout_reading_the_database_is_used_while_the_database_answers(client, layout_reading_the_database):
    """The control of the test above: that layout renders the 503 page when only the view failed."""
    request = RequestFactory().get("/trouver-mon-ecole/")
    response = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        request, OperationalError("statement timeout"))
    assert response.status_code == 503
    assert "Inscriptions" in response.content.decode()


def test_an_ajax_client_asking_for_json_gets_json_on_any_path():
    request = RequestFactory().get("/trouver-mon-ecole/", headers={"accept": "application/json"})
    response = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        request, OperationalError("connection refused"))
    assert (response.status_code, response["Content-Type"]) == (503, "application/json")


@pytest.mark.parametrize("exception", [ValueError("a bug"), KeyError("x")], ids=["ValueError", "KeyError"])
def test_other_errors_are_left_to_the_sites_error_handling(exception):
    request = RequestFactory().get("/trouver-mon-ecole/")
    assert DatabaseUnavailableMiddleware(lambda request: None).process_exception(request, exception) is None


def test_the_failure_is_logged_with_the_path_but_not_the_query(client, database_down, caplog):
    client.get("/trouver-mon-ecole/", {"address": "17 rue du Secret"})
    assert "/trouver-mon-ecole/" in caplog.text
    assert "Secret" not in caplog.text
