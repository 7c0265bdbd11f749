"""The README's install path, followed by a machine: a wheel built from the repository, installed into a
fresh ``wagtail start`` site with the README's settings and URLs, migrates, every command of the package
runs (``--help``, then for real on the files of ``tests/data``), and the site serves pages and the API.

The settings block and the URL line are read from the README itself, so the README cannot drift from
what works. The site runs from its own directory with a clean environment: nothing of the checkout
(``example_site``, ``tests``, ``fixtures``) is importable there, so a command needing the checkout fails.
"""

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.testdata import TEST_DATA

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
URLS_LINE = 'path("", include("mon_enfant.urls")),'
WAGTAIL_CATCH_ALL = 'path("", include(wagtail_urls)),'
FEATURE_APPS = ["mon_enfant.catchment", "mon_enfant.fees", "mon_enfant.menus", "mon_enfant.places", "mon_enfant.faq",
                "mon_enfant.agenda", "mon_enfant.guichet"]


def clean_environment():
    """The parent's environment without what would make the checkout or its settings visible."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV", "DATABASE_URL",
                          "MON_ENFANT_STAMP_DIR", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(args, cwd, timeout=600):
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=clean_environment(), capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def readme_block(containing):
    """The README's fenced code block that contains ``containing``."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S)
    [block] = [block for block in blocks if containing in block]
    return textwrap.dedent(block)


class InstalledSite:
    def __init__(self, base):
        self.base = base
        self.venv = base / "venv"
        self.python = self.venv / "bin" / "python"
        self.dir = base / "ville"

    def manage(self, *args, timeout=600):
        return run([self.python, "manage.py", *args], cwd=self.dir, timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built as the README says; the build's output, to check it warns about nothing."""
    dist = tmp_path_factory.mktemp("dist")
    result = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ROOT], cwd=ROOT)
    [wheel] = dist.glob("mon_enfant_a_l_ecole-*.whl")
    return wheel, result.stdout + result.stderr


@pytest.fixture(scope="module")
def site(wheel, tmp_path_factory):
    """A fresh ``wagtail start`` site with the wheel installed and the README's steps applied, migrated."""
    site = InstalledSite(tmp_path_factory.mktemp("site"))
    run([sys.executable, "-m", "venv", site.venv], cwd=site.base)
    run([site.python, "-m", "pip", "install", "--quiet", wheel[0]], cwd=site.base)
    run([site.venv / "bin" / "wagtail", "start", "ville"], cwd=site.base)

    settings = site.dir / "ville" / "settings" / "base.py"
    settings.write_text(settings.read_text() + "\n" + readme_block("INSTALLED_APPS = ["), encoding="utf-8")
    urls = site.dir / "ville" / "urls.py"
    text = urls.read_text()
    assert WAGTAIL_CATCH_ALL in text
    urls.write_text(text.replace(WAGTAIL_CATCH_ALL, f"{URLS_LINE}\n    {WAGTAIL_CATCH_ALL}"), encoding="utf-8")

    site.manage("migrate", "--noinput")
    return site


def package_commands(wheel_path):
    names = zipfile.ZipFile(wheel_path).namelist()
    return sorted(Path(name).stem for name in names
                  if re.fullmatch(r"mon_enfant/(\w+/)?management/commands/[a-z]\w*\.py", name))


def test_the_wheel_builds_without_a_warning(wheel):
    assert "warning" not in wheel[1].lower()


def test_the_wheel_holds_the_templates_static_files_and_catalogues_and_nothing_of_the_checkout(wheel):
    names = zipfile.ZipFile(wheel[0]).namelist()
    assert "mon_enfant/templates/mon_enfant/base.html" in names
    assert "mon_enfant/locale/en/LC_MESSAGES/django.mo" in names
    assert any(name.startswith("mon_enfant/static/mon_enfant/") for name in names)
    assert any(name.startswith("mon_enfant/catchment/templates/") for name in names)
    assert not [name for name in names if name.startswith(("example_site/", "tests/", "bench/", "fixtures/"))]


def test_the_wheel_ships_the_licence_text(wheel):
    archive = zipfile.ZipFile(wheel[0])
    [licence] = [name for name in archive.namelist()
                 if re.fullmatch(r"mon_enfant_a_l_ecole-[^/]+\.dist-info/(licenses/)?LICENSE", name)]
    assert archive.read(licence).decode("utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    metadata = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
    assert "EUPL-1.2" in archive.read(metadata).decode("utf-8")


def test_the_readme_lists_every_app_and_the_urls_line():
    block = readme_block("INSTALLED_APPS = [")
    assert all(f'"{app}"' in block
               for app in ["mon_enfant", *FEATURE_APPS, "leaflet", "wagtail.contrib.routable_page"])
    assert URLS_LINE in readme_block(URLS_LINE)


def test_the_site_migrates_every_app_of_the_package(site):
    out = site.manage("showmigrations", "mon_enfant", "mon_enfant_catchment", "mon_enfant_fees",
                      "mon_enfant_menus", "mon_enfant_places", "mon_enfant_faq", "mon_enfant_agenda",
                      "mon_enfant_guichet").stdout
    assert "[ ]" not in out
    assert out.count("[X]") >= 7


def test_the_system_checks_pass(site):
    site.manage("check")


def test_every_command_of_the_package_answers_help(site, wheel):
    commands = package_commands(wheel[0])
    assert {"create_commune", "import_schools", "import_addresses", "import_catchment", "import_fees",
            "export_fees", "mon_enfant_pages"} <= set(commands)
    for command in commands:
        assert "usage:" in site.manage(command, "--help").stdout


def test_every_command_of_the_package_runs_on_real_files(site, tmp_path):
    steps = [
        ("create_commune", "35288", "Saint-Malo", "--site", "localhost"),
        ("import_schools", TEST_DATA / "etablissements-35-extrait.csv", "--commune", "35288"),
        ("import_addresses", TEST_DATA / "ban-adresses-38002-extrait.csv", "--create-communes"),
        ("import_catchment", TEST_DATA / "carte-scolaire-colleges-35-extrait.csv", "--commune", "35288"),
        ("import_fees", TEST_DATA / "tarifs-35288-2026-2027.csv"),
        ("export_fees", "--commune", "35288", "-o", tmp_path / "export.csv"),
        ("mon_enfant_pages", "--site", "localhost", "--dry-run"),
    ]
    for command, *args in steps:
        assert command in README, f"the README's steps do not mention {command}"
        site.manage(command, *args)
    assert (tmp_path / "export.csv").read_text(encoding="utf-8").startswith("code_insee;")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server(site):
    site.manage("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    site.manage("import_schools", TEST_DATA / "etablissements-35-extrait.csv", "--commune", "35288")
    site.manage("import_catchment", TEST_DATA / "carte-scolaire-colleges-35-extrait.csv", "--commune", "35288")
    site.manage("import_fees", TEST_DATA / "tarifs-35288-2026-2027.csv")
    site.manage("mon_enfant_pages", "--site", "localhost")
    port = free_port()
    process = subprocess.Popen([site.python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                               cwd=site.dir, env=clean_environment(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


# The page each tool's starter declaration creates, and a text it must show. A `wagtail start` site speaks
# English (LANGUAGE_CODE "en-us"): the starter pages' titles and texts follow the site's language.
STARTER_PAGES = {
    "/ecoles/": "Collège Duguay-Trouin",
    "/trouver-mon-ecole/": "Find my school",
    "/tarifs/": "Restauration scolaire",  # the imported grid, published
}


def test_the_starter_pages_command_gives_every_installed_tool_a_working_page(site, server):
    for path, text in STARTER_PAGES.items():
        status, html = fetch(f"{server}{path}")
        assert status == 200, path
        assert text in html, path
    again = site.manage("mon_enfant_pages", "--site", "localhost").stdout
    assert "Aucune page créée" in again


def test_the_site_serves_the_package_page_the_api_and_the_admin(server):
    status, html = fetch(f"{server}/ecoles/")
    assert status == 200
    assert "Collège Duguay-Trouin" in html

    status, body = fetch(f"{server}/api/mon-enfant/v1/catchment?commune=35288&level=college"
                         "&address=3+allee+d+aurigny")
    assert status == 200
    answer = json.loads(body)
    assert answer["status"] == "found"
    assert [school["uai"] for school in answer["schools"]] == ["0350916F"]

    assert fetch(f"{server}/admin/login/")[0] == 200
