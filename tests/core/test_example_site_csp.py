"""The demo host's Content-Security-Policy (django-csp with ``example_site.settings.CONTENT_SECURITY_POLICY``,
which the test project uses): the same strict policy as the example site's former middleware on every public
answer, none on the Wagtail admin (which needs inline scripts and styles)."""

import pytest

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
          "img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org; "
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'self'")


def directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize("path", ["/api/mon-enfant/v1/docs", "/api/mon-enfant/v1/openapi.json"])
def test_public_answers_carry_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


@pytest.mark.django_db
def test_a_missing_page_carries_it_too(client):
    response = client.get("/page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


@pytest.mark.django_db
def test_the_wagtail_admin_keeps_its_own_rules(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
