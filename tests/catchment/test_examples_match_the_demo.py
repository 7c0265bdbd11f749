"""Every address example the package shows (the lookup form's hint on the demo page, the API's OpenAPI
examples, the example requests of README.md and docs/*.md) is answered on the demo data: the examples are
read from where they are written, never restated here, and asked of the demo that ``load_demo`` loads."""

import html
import json
import re
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from mon_enfant.catchment import services
from mon_enfant.catchment.forms import LookupForm
from mon_enfant.catchment.models import CatchmentLevel
from mon_enfant.catchment.pages import CatchmentLookupPage
from mon_enfant.models import School

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
API = "/api/mon-enfant/v1"
DEMO_COMMUNE = "35288"
# An example request written in backticks, with its documented answer when one follows: inline after
# "→" (`{...}`), or in the ```json block that follows.
EXAMPLE_REQUEST = re.compile(
    r"`GET (?P<path>/(?:catchment|streets)\?[^`<>]+)`"
    r"\s*(?:→\s*`(?P<inline>\{[^`]*\})`|→?:?\s*```json\n(?P<block>.*?)```)?",
    re.DOTALL,
)
# A parameter table row giving an example address or typed text: | `address` | ... (`34 bis rue ...`) ... |
PARAMETER_ROW = re.compile(r"^\| `(?:address|q)` \|(?P<cells>.*)$", re.MULTILINE)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    services.reset()


def documented_requests():
    found = []
    for document in DOCUMENTS:
        for match in EXAMPLE_REQUEST.finditer(document.read_text(encoding="utf-8")):
            answer = match.group("inline") or match.group("block")
            found.append((document.name, match.group("path"), json.loads(answer) if answer else None))
    return found


def documented_addresses():
    return [(document.name, value) for document in DOCUMENTS
            for row in PARAMETER_ROW.finditer(document.read_text(encoding="utf-8"))
            for value in re.findall(r"\(`([^`]+)`\)", row.group("cells"))]


def hint_examples(page_html):
    """The example of the address field's hint, as the page shows it."""
    hint = re.search(r'id="catchment-address_helptext"[^>]*>(.*?)</', page_html, re.DOTALL).group(1)
    return re.search(r":\s*(.+?)\.?\s*$", html.unescape(hint).strip()).group(1)


def ask_api(path):
    split = urlsplit(path)
    return Client().get(f"{API}{split.path}", dict(parse_qsl(split.query))).json()


def test_the_documents_hold_example_requests_of_both_endpoints():
    paths = [path for _document, path, _answer in documented_requests()]
    assert any(path.startswith("/catchment?") for path in paths)
    assert any(path.startswith("/streets?") for path in paths)
    assert documented_addresses()


def test_documented_example_requests_are_answered_as_documented_on_the_demo(demo):
    for document, path, documented in documented_requests():
        answer = ask_api(path)
        if path.startswith("/catchment?"):
            assert answer["status"] == "found", (document, path, answer)
        else:
            assert answer["streets"], (document, path)
        if documented is not None:
            assert answer == documented, (document, path)


def test_documented_example_addresses_are_found_on_the_demo_for_every_level(demo):
    for document, address in documented_addresses():
        for level in CatchmentLevel.values:
            answer = ask_api(f"/catchment?commune={DEMO_COMMUNE}&address={address}&level={level}")
            assert answer["status"] == "found", (document, address, level, answer["message"])


def test_openapi_examples_of_typed_addresses_are_answered_on_the_demo(demo):
    document = Client().get(f"{API}/openapi.json").json()
    parameters = [parameter for path in ("catchment", "streets")
                  for parameter in document["paths"][f"{API}/{path}"]["get"]["parameters"]]
    typed = {parameter["name"]: parameter.get("examples") or parameter["schema"]["examples"]
             for parameter in parameters if parameter["name"] in ("address", "q")}
    assert typed["address"] and typed["q"]
    for address in typed["address"]:
        for level in CatchmentLevel.values:
            assert ask_api(f"/catchment?commune={DEMO_COMMUNE}&address={address}&level={level}")["status"] == "found"
    for text in typed["q"]:
        assert ask_api(f"/streets?commune={DEMO_COMMUNE}&q={text}")["streets"], text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_address_hint_of_the_demo_page_is_answered_for_every_level_it_offers(demo, language):
    page = CatchmentLookupPage.objects.get()
    client = Client(headers={"accept-language": language})
    with translation.override(language):
        example = hint_examples(client.get(page.url).content.decode())
        assert example in str(LookupForm(communes=[], levels=[]).fields["address"].help_text)
    for level in page.specific.levels:
        answer = client.get(page.url, {"address": example, "level": level}).content.decode()
        assert 'class="mon-enfant-catchment__school"' in answer, (language, example, level)


def test_the_demo_ecoles_stand_in_their_own_sector(demo):
    for school in School.objects.filter(uai__startswith="03599"):
        answer = services.lookup(DEMO_COMMUNE, school.address, school.level).result
        assert answer.status == "found" and school.uai in answer.uais, (school.uai, school.address)
