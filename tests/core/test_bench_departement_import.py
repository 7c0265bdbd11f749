"""The files of the département benchmark's generator (``bench/bench_departement.py``) are accepted by the
package's import commands, as a webmaster runs them, and the lookups it asks find their schools."""

import pytest
from django.core.management import call_command

from bench.bench_departement import write
from mon_enfant.addresses.models import Address
from mon_enfant.catchment import services as catchment
from mon_enfant.catchment.logic import LookupStatus
from mon_enfant.catchment.models import CatchmentRule
from mon_enfant.fees import services as fees
from mon_enfant.models import Commune


@pytest.mark.django_db
def test_generated_files_import_with_the_commands_and_answer_lookups(tmp_path):
    written = write(tmp_path, 2, 400, 1_000)
    call_command("import_schools", str(written.schools), create_communes=True, stdout=open("/dev/null", "w"))
    for path in written.ban_files:
        call_command("import_addresses", str(path), create_communes=True, stdout=open("/dev/null", "w"))
    for path in (written.colleges, written.ecoles):
        call_command("import_catchment", str(path), create_communes=True, stdout=open("/dev/null", "w"))
    call_command("import_fees", str(written.fees), stdout=open("/dev/null", "w"))

    assert set(Commune.objects.values_list("code_insee", flat=True)) >= set(written.communes)
    assert CatchmentRule.objects.filter(commune__code_insee__in=written.communes).count() == 400
    assert Address.objects.filter(street__commune__code_insee__in=written.communes).count() == 1_000
    assert all(fees.commune_fees_by_code(code).years for code in written.communes)
    catchment.reset()
    statuses = [catchment.lookup(code, address, level, lieu_dit=lieu_dit or None).status
                for code, address, lieu_dit, level in written.questions[:200]]
    # Some numbers lie outside their street's ranges (a rule for the odd side only): most are found.
    assert statuses.count(LookupStatus.FOUND) > 0.75 * len(statuses)
    assert LookupStatus.UNKNOWN_STREET not in statuses
