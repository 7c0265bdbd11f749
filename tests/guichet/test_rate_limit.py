"""The "Mon enfant" page under a rate limit (``guichet_family``): a question asked (GET) or the QF posted counts,
the empty form does not; over the rate, the 429 page shows nothing of the family."""

import pytest

from tests.core.test_ratelimit import counting_cache, limits  # noqa: F401  (fixtures)
from tests.guichet.test_guichet_page import ADDRESS, QF, YEAR, family_page, frozen_week  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_questions_and_posts_count_and_the_empty_form_does_not(client, family_page, limits):  # noqa: F811
    limits({"guichet_family": "2/m"})
    assert [client.get(family_page.url).status_code for _ in range(3)] == [200] * 3
    question = {"address": ADDRESS, "level": "elementaire", "school_year": YEAR}
    assert client.get(family_page.url, question).status_code == 200
    posted = {"mon_enfant_guichet": "", **question, "quotient_familial": QF}
    assert client.post(family_page.url, posted).status_code == 200
    response = client.get(family_page.url, question)
    html = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "private, no-store"
    assert "<h1>Trop de demandes</h1>" in html and f'<a href="{family_page.url}">' in html
    assert "Guy Ropartz" not in html
