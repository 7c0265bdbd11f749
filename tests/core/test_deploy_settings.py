"""The example site's production settings (``example_site.settings_production``) with the environment that
docs/deploy.md documents: ``manage.py check --deploy`` finds nothing to warn about, a missing secret key
stops the site with a message naming the variable, and after ``collectstatic`` a real gunicorn (with
``example_site/gunicorn.conf.py``) behind a TLS-terminating proxy (``X-Forwarded-Proto: https``) serves the
static files by WhiteNoise (hashed names, cached for ever, compressed) and the pages with the strict CSP and
HSTS; plain HTTP is redirected to HTTPS.

The page served is the API documentation, which needs no database (the database is an empty SQLite file):
the checks are on the settings, not on the data."""

import re
import subprocess
import sys
from http.client import HTTPConnection

import pytest

from tests.core.production import BASE_DIR, collect_static, production_env
from tests.core.test_access_log import gunicorn_serving

pytestmark = pytest.mark.once

DOCS_PATH = "/api/mon-enfant/v1/docs"
HOST = "ecoles.example.fr"


def documented_env(tmp_path, **environ):
    """docs/deploy.md's environment: HTTPS redirect on (its default), the site's host name, PostgreSQL and Redis
    URLs (``check`` connects to neither)."""
    return production_env(tmp_path / "static", **{
        "DJANGO_SECURE_SSL_REDIRECT": "1", "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": "postgres://mon_enfant:password@127.0.0.1:5432/mon_enfant",
        "REDIS_URL": "redis://127.0.0.1:6379/11", **environ})


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True)


def test_check_deploy_finds_nothing_with_the_documented_environment(tmp_path):
    result = manage(documented_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_the_site_does_not_start_and_says_which_variable(tmp_path):
    env = documented_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY in the environment" in result.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn on a free loopback port, the static files collected first."""
    pytest.importorskip("gunicorn")
    pytest.importorskip("whitenoise")
    work = tmp_path_factory.mktemp("deploy")
    env = documented_env(work, DATABASE_URL=f"sqlite:///{work / 'empty.sqlite3'}")
    collect_static(env)
    with gunicorn_serving(env, work) as base:
        yield base


def fetch(base, path, headers=None):
    """A GET through the proxy: over HTTPS as far as the site knows. No redirect followed."""
    host, port = base.removeprefix("http://").split(":")
    connection = HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_a_page_is_served_with_the_strict_csp_and_hsts(served):
    status, headers, _ = fetch(served, DOCS_PATH)
    assert status == 200
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(served):
    status, headers, _ = fetch(served, DOCS_PATH, headers={"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["location"] == f"https://{HOST}{DOCS_PATH}"


def test_static_files_have_hashed_names_a_far_future_cache_and_a_compressed_variant(served):
    _, _, body = fetch(served, DOCS_PATH)
    hashed = re.findall(r'/static/[^"\']+\.[0-9a-f]{12}\.(?:css|js)', body.decode())
    assert hashed, "the page links no static file under a hashed name"
    status, headers, compressed = fetch(served, hashed[0], headers={"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert "max-age=315360000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert headers["content-encoding"] in {"gzip", "br"}
    _, plain_headers, plain = fetch(served, hashed[0])
    assert "content-encoding" not in plain_headers
    assert len(compressed) < len(plain)


def test_the_unhashed_name_is_served_too_but_not_cached_for_ever(served):
    """A link written by hand (not through ``{% static %}``) still works; browsers revalidate it."""
    _, _, body = fetch(served, DOCS_PATH)
    hashed = re.findall(r'/static/[^"\']+\.[0-9a-f]{12}\.(?:css|js)', body.decode())[0]
    unhashed = re.sub(r"\.[0-9a-f]{12}\.", ".", hashed)
    status, headers, _ = fetch(served, unhashed)
    assert status == 200
    assert "immutable" not in headers.get("cache-control", "")

