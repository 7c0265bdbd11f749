"""The "Trouver mon école" page under a rate limit (``catchment_lookup_page``): each question counts, the empty
form does not; over the rate the family reads a 429 page in the site's layout, in its language, with the way
back and nothing of what it typed."""

import re

import pytest

from tests.catchment.test_page import catchment, fresh_caches, lookup_page  # noqa: F401  (fixtures)
from tests.core.test_ratelimit import counting_cache, limits  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ADDRESS = "17 rue du Secret-Bien-Gardé"


def ask(client, page, **headers):
    return client.get(page.url, {"address": ADDRESS, "level": "elementaire"}, headers=headers)


def test_the_empty_form_is_not_counted(client, lookup_page, limits):  # noqa: F811
    limits({"catchment_lookup_page": "1/m"})
    assert [client.get(lookup_page.url).status_code for _ in range(3)] == [200] * 3
    assert ask(client, lookup_page).status_code == 200


def test_over_the_limit_a_question_gets_the_429_page_in_the_sites_layout(client, lookup_page, limits):  # noqa: F811
    limits({"catchment_lookup_page": "2/m"})
    assert [ask(client, lookup_page).status_code for _ in range(2)] == [200, 200]
    response = ask(client, lookup_page)
    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "no-referrer"
    assert '<html lang="fr">' in html and 'class="site-header"' in html
    assert "<h1>Trop de demandes</h1>" in html
    assert re.search(r'role="status">\s*<p>Trop de demandes en peu de temps\. Réessayez dans \d+ secondes?\.</p>', html)
    assert f'<a href="{lookup_page.url}">' in html
    assert "Secret" not in html and "elementaire" not in html


def test_the_429_page_speaks_the_familys_language(client, lookup_page, limits):  # noqa: F811
    limits({"catchment_lookup_page": "1/m"})
    ask(client, lookup_page)
    response = ask(client, lookup_page, **{"accept-language": "en"})
    assert response.status_code == 429 and '<html lang="en">' in response.content.decode()
