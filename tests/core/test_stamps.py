"""The shared version stamps (mon_enfant/stamps.py): read from the database on every request by default, or
only when the host's mirror file changed (MON_ENFANT_STAMP_DIR), which a bump writes once it commits.
Real processes sharing a mirror: tests/catchment/test_versions.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mon_enfant.catchment.models import CATCHMENT_STAMP, RulesetVersion
from mon_enfant.fees.models import FEES_STAMP, FeeDataVersion
from mon_enfant.stamps import SharedStamp, _Mirror, read_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_stamps():
    CATCHMENT_STAMP.forget()
    FEES_STAMP.forget()
    yield
    CATCHMENT_STAMP.forget()
    FEES_STAMP.forget()


@pytest.fixture
def mirror_dir(settings, tmp_path):
    settings.MON_ENFANT_STAMP_DIR = str(tmp_path / "stamps")
    return tmp_path / "stamps"


def queries_of(function):
    with CaptureQueriesContext(connection) as queries:
        value = function()
    return value, len(queries)


def test_a_missing_stamp_row_reads_as_the_default():
    RulesetVersion.objects.all().delete()
    assert read_stamp(RulesetVersion, "version", "catchment", 0) == 0
    assert read_stamp(FeeDataVersion, "token", "absent", "") == ""


def test_without_a_mirror_every_check_reads_the_database(settings):
    settings.MON_ENFANT_STAMP_DIR = None
    RulesetVersion.bump()
    assert queries_of(CATCHMENT_STAMP.current) == (RulesetVersion.current(), 1)
    assert queries_of(CATCHMENT_STAMP.current)[1] == 1


def test_without_a_mirror_the_fee_stamp_is_read_at_most_every_max_age(settings, monkeypatch):
    settings.MON_ENFANT_STAMP_DIR = None
    clock = {"now": 1000.0}
    monkeypatch.setattr("mon_enfant.stamps.time.monotonic", lambda: clock["now"])
    assert queries_of(FEES_STAMP.current)[1] == 1
    clock["now"] += FEES_STAMP.max_age - 0.1
    assert queries_of(FEES_STAMP.current)[1] == 0
    clock["now"] += 0.2
    assert queries_of(FEES_STAMP.current)[1] == 1


def test_with_a_mirror_the_database_is_read_only_when_the_file_changes(mirror_dir):
    RulesetVersion.bump()
    version = RulesetVersion.current()
    assert queries_of(CATCHMENT_STAMP.current) == (version, 1)
    assert queries_of(CATCHMENT_STAMP.current) == (version, 0)
    assert queries_of(CATCHMENT_STAMP.current) == (version, 0)
    # Another process commits a bump and writes the mirror: this one reads the database once more.
    RulesetVersion.objects.update(version=version + 5)
    _Mirror(mirror_dir, "catchment").write(version + 5)
    assert queries_of(CATCHMENT_STAMP.current) == (version + 5, 1)
    assert queries_of(CATCHMENT_STAMP.current) == (version + 5, 0)


def test_the_mirror_is_written_when_the_bump_commits_not_before(mirror_dir, django_capture_on_commit_callbacks):
    CATCHMENT_STAMP.current()
    path = mirror_dir / "catchment.stamp"
    before = path.read_bytes()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = RulesetVersion.bump()
    assert path.read_bytes() == before  # not committed yet: other processes must keep the old rules
    for callback in callbacks:
        callback()
    assert path.read_bytes().rstrip(b"\0") == str(version).encode()


def test_the_process_that_bumps_reads_the_database_at_once(mirror_dir):
    CATCHMENT_STAMP.current()
    version = RulesetVersion.bump()  # in the test's transaction: the mirror waits for a commit
    assert queries_of(CATCHMENT_STAMP.current) == (version, 1)


def test_fee_writes_go_through_the_same_mirror(mirror_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        token = FeeDataVersion.bump()
    assert (mirror_dir / "fees.stamp").read_bytes().rstrip(b"\0") == token.encode()
    assert queries_of(FEES_STAMP.current) == (token, 1)
    assert queries_of(FEES_STAMP.current) == (token, 0)


def test_a_mirror_directory_is_created_and_a_short_file_is_extended(tmp_path, settings):
    folder = tmp_path / "new" / "stamps"
    settings.MON_ENFANT_STAMP_DIR = str(folder)
    stamp = SharedStamp("custom", lambda: "value")
    assert stamp.current() == "value"
    assert (folder / "custom.stamp").stat().st_size == 64
