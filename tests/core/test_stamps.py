"""The shared version stamps (mon_enfant/stamps.py): read from the database (or a shared cache) at most
once per MON_ENFANT_REFRESH_SECONDS, 0 reading it on every call; the writing process sees its own bump at
once, other processes within the delay. Real processes: tests/catchment/test_versions.py."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mon_enfant.catchment.models import CATCHMENT_STAMP, RulesetVersion
from mon_enfant.fees.models import FEES_STAMP, FeeDataVersion
from mon_enfant.stamps import SharedStamp, read_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_stamps():
    CATCHMENT_STAMP.forget()
    FEES_STAMP.forget()
    yield
    CATCHMENT_STAMP.forget()
    FEES_STAMP.forget()


@pytest.fixture
def clock(monkeypatch):
    now = {"value": 1000.0}
    monkeypatch.setattr("mon_enfant.stamps.time.monotonic", lambda: now["value"])
    return now


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {**settings.CACHES, "stamps": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                      "LOCATION": "stamps-test"}}
    settings.MON_ENFANT_STAMP_CACHE = "stamps"
    caches["stamps"].clear()
    return caches["stamps"]


def queries_of(function):
    with CaptureQueriesContext(connection) as queries:
        value = function()
    return value, len(queries)


def another_process_bumps(version):
    """What another process's committed bump looks like from here: the row changes, nothing is announced."""
    RulesetVersion.objects.update_or_create(key="catchment", defaults={"version": version})


def test_a_missing_stamp_row_reads_as_the_default():
    RulesetVersion.objects.all().delete()
    assert read_stamp(RulesetVersion, "version", "catchment", 0) == 0
    assert read_stamp(FeeDataVersion, "token", "absent", "") == ""


def test_with_a_zero_delay_every_check_reads_the_database(settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    another_process_bumps(7)
    assert queries_of(CATCHMENT_STAMP.current) == (7, 1)
    another_process_bumps(8)
    assert queries_of(CATCHMENT_STAMP.current) == (8, 1)


def test_the_stamp_is_read_at_most_once_per_refresh_delay(settings, clock):
    settings.MON_ENFANT_REFRESH_SECONDS = 1
    another_process_bumps(7)
    assert queries_of(CATCHMENT_STAMP.current) == (7, 1)
    another_process_bumps(8)
    clock["value"] += 0.9
    assert queries_of(CATCHMENT_STAMP.current) == (7, 0)  # within the delay: the value last read
    clock["value"] += 0.2
    assert queries_of(CATCHMENT_STAMP.current) == (8, 1)  # another process's change, within the delay


def test_the_default_delay_is_one_second(settings, clock):
    settings.MON_ENFANT_REFRESH_SECONDS = 5  # announced: the value read before is forgotten...
    del settings.MON_ENFANT_REFRESH_SECONDS  # ...then left out (unannounced): the default applies
    assert queries_of(CATCHMENT_STAMP.current)[1] == 1
    clock["value"] += 0.99
    assert queries_of(CATCHMENT_STAMP.current)[1] == 0
    clock["value"] += 0.02
    assert queries_of(CATCHMENT_STAMP.current)[1] == 1


def test_the_process_that_bumps_sees_its_own_change_at_once(settings, clock):
    settings.MON_ENFANT_REFRESH_SECONDS = 60
    CATCHMENT_STAMP.current()
    version = RulesetVersion.bump()
    assert CATCHMENT_STAMP.current() == version
    token = FeeDataVersion.bump()
    assert FEES_STAMP.current() == token


def test_a_rolled_back_bump_is_undone_after_the_delay(settings, clock):
    settings.MON_ENFANT_REFRESH_SECONDS = 1
    another_process_bumps(7)
    CATCHMENT_STAMP.published(8)  # a bump whose transaction is then rolled back: the row still says 7
    assert CATCHMENT_STAMP.current() == 8
    clock["value"] += 1.1
    assert CATCHMENT_STAMP.current() == 7


def test_with_a_shared_cache_the_database_is_read_once_for_every_process(shared_cache, settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    another_process_bumps(7)
    assert queries_of(CATCHMENT_STAMP.current) == (7, 1)  # nobody had read it: from the database
    assert shared_cache.get(CATCHMENT_STAMP.cache_key) == 7
    other_process = SharedStamp("catchment", RulesetVersion.current)
    assert queries_of(other_process.current) == (7, 0)


def test_the_shared_cache_gets_a_bump_when_it_commits_not_before(shared_cache, django_capture_on_commit_callbacks):
    CATCHMENT_STAMP.current()
    before = shared_cache.get(CATCHMENT_STAMP.cache_key)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = RulesetVersion.bump()
    assert shared_cache.get(CATCHMENT_STAMP.cache_key) == before  # others keep the old data until the commit
    for callback in callbacks:
        callback()
    assert shared_cache.get(CATCHMENT_STAMP.cache_key) == version


def test_a_reader_never_overwrites_a_newer_value_in_the_shared_cache(shared_cache, settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    another_process_bumps(7)
    slow_reader = SharedStamp("catchment", lambda: 6)  # read the database before the bump committed
    shared_cache.set(CATCHMENT_STAMP.cache_key, 7)  # the writer's commit
    assert slow_reader.current() == 7
    shared_cache.delete(CATCHMENT_STAMP.cache_key)
    assert slow_reader.current() == 6
    assert shared_cache.get(CATCHMENT_STAMP.cache_key) == 6


# --- a shared cache that is down -------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """A Redis cache at a loopback port where nothing listens: every call fails (ConnectionError)."""
    import socket

    pytest.importorskip("redis")
    with socket.socket() as probe:  # a port just freed: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {**settings.CACHES, "stamps": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/4",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.MON_ENFANT_STAMP_CACHE = "stamps"
    with pytest.raises(Exception, match="(?i)connect"):
        caches["stamps"].get("anything")  # the control: this cache does fail
    return caches["stamps"]


def test_a_shared_cache_that_is_down_leaves_the_stamp_to_the_database(cache_down, settings, caplog):
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    another_process_bumps(7)
    assert queries_of(CATCHMENT_STAMP.current) == (7, 1)
    another_process_bumps(8)
    assert queries_of(CATCHMENT_STAMP.current) == (8, 1)
    # Logged once for the outage, not once per request.
    assert [record.getMessage() for record in caplog.records].count(
        "Stamp cache unavailable (ConnectionError): stamp catchment read from the database.") == 1


def test_a_database_that_does_not_answer_leaves_the_last_stamp_read(shared_cache, settings, monkeypatch):
    """The shared cache's entry expires (CACHE_TIMEOUT) during a database outage: the process keeps the stamp it
    last read instead of failing the request, and reads again on the next call."""
    from django.db import OperationalError

    settings.MON_ENFANT_REFRESH_SECONDS = 0
    another_process_bumps(7)
    assert CATCHMENT_STAMP.current() == 7
    shared_cache.clear()

    def unreachable():
        raise OperationalError("connection timeout expired")

    read = CATCHMENT_STAMP._read
    monkeypatch.setattr(CATCHMENT_STAMP, "_read", unreachable)
    assert CATCHMENT_STAMP.current() == 7
    assert CATCHMENT_STAMP.current() == 7
    monkeypatch.setattr(CATCHMENT_STAMP, "_read", read)
    another_process_bumps(8)
    assert CATCHMENT_STAMP.current() == 8


def test_a_process_that_never_read_the_stamp_fails_while_the_database_does_not_answer(shared_cache, monkeypatch):
    from django.db import OperationalError

    def unreachable():
        raise OperationalError("connection timeout expired")

    monkeypatch.setattr(CATCHMENT_STAMP, "_read", unreachable)
    with pytest.raises(OperationalError):
        CATCHMENT_STAMP.current()


def test_a_bump_commits_though_the_shared_cache_is_down(cache_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = RulesetVersion.bump()
    assert CATCHMENT_STAMP.current() == version
    assert RulesetVersion.current() == version
