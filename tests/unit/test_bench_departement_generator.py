"""Specifications of the département generator of ``bench/bench_departement.py``: the same seed gives the same
files, every commune has its own code, name, streets and écoles, and the row counts follow what is asked.
No database (``tests/core/test_bench_departement_import.py`` imports its files)."""

import pytest

from bench.bench_departement import Sources, allocate, generate, write
from mon_enfant.addresses.parsing import street_key


@pytest.fixture(scope="module")
def sources():
    return Sources.read()


def labels(commune, sources):
    column = sources.national_header.index("Type_et_Libelle")
    return {row[column] for row in commune.colleges}


def test_the_same_seed_gives_the_same_departement(sources):
    first = list(generate(4, 1_200, 4_000, seed=35, sources=sources))
    again = list(generate(4, 1_200, 4_000, seed=35, sources=sources))
    assert first == again


def test_another_seed_gives_other_streets(sources):
    first = list(generate(2, 600, 1_000, seed=35, sources=sources))
    other = list(generate(2, 600, 1_000, seed=36, sources=sources))
    assert labels(first[0], sources) != labels(other[0], sources)


def test_every_commune_has_its_own_code_and_name(sources):
    communes = list(generate(300, 3_000, 3_000, sources=sources))
    assert len({commune.code for commune in communes}) == 300
    assert len({commune.name for commune in communes}) == 300
    assert all(len(commune.code) == 5 and commune.code.startswith("35") for commune in communes)


def test_communes_do_not_share_their_street_keys(sources):
    """Street names are permuted per commune: two communes made of the same rows share few keys."""
    communes = list(generate(10, 3_000, 1_000, sources=sources))
    keys = [{street_key(label) for label in labels(commune, sources)} for commune in communes]
    for first, second in zip(keys, keys[1:], strict=False):
        assert len(first & second) < 0.2 * min(len(first), len(second))


def test_ecoles_belong_to_one_commune_and_colleges_to_five(sources):
    communes = list(generate(10, 3_000, 1_000, sources=sources))
    ecole_uais = [{row[sources.ecoles_header.index("uai")] for row in commune.ecoles} for commune in communes]
    assert not set.intersection(*ecole_uais[:2])
    rne = sources.national_header.index("Code_RNE")
    groups = [set().union(*({row[rne] for row in commune.colleges} for commune in communes[start:start + 5]))
              for start in (0, 5)]
    assert not groups[0] & groups[1]
    assert all(len(group) <= len({row[rne] for _source, row in sources.national_rows}) for group in groups)


@pytest.mark.parametrize(("communes", "rules", "addresses"), [(3, 900, 3_000), (6, 1_800, 6_000), (12, 3_600, 12_000)])
def test_row_counts_are_the_ones_asked(sources, communes, rules, addresses):
    generated = list(generate(communes, rules, addresses, sources=sources))
    assert len(generated) == communes
    assert sum(len(commune.colleges) + len(commune.ecoles) for commune in generated) == rules
    assert sum(len(commune.addresses) for commune in generated) == addresses
    assert sum(len(commune.fees) for commune in generated) == communes * len(sources.fees_rows)


def test_a_town_has_more_rules_than_a_village(sources):
    generated = list(generate(25, 7_500, 1_000, sources=sources))
    town, villages = generated[24], generated[:24]
    assert len(town.colleges) > max(len(village.colleges) for village in villages)


def test_allocate_adds_up_to_the_total():
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(allocate(100_000, [0.5, 1.5, 3.0, 0.7])) == 100_000


def test_written_files_hold_the_counts_and_sample_questions_from_the_addresses(tmp_path):
    written = write(tmp_path, 3, 900, 2_000)
    assert written.counts["rules"] == 900
    assert len(written.ban_files) == 3
    ban_rows = sum(len(path.read_text(encoding="utf-8").splitlines()) - 1 for path in written.ban_files)
    assert ban_rows == written.counts["addresses"] == 2_000
    national = written.colleges.read_bytes()
    assert national.startswith(b"\xef\xbb\xbf") and b"\r\n" in national  # as published: BOM, CRLF
    assert len(national.decode("utf-8-sig").splitlines()) - 1 == written.counts["college_rules"]
    assert len(written.questions) == 2_000  # fewer addresses than QUESTIONS: all of them
    assert {level for *_rest, level in written.questions} <= {"college", "maternelle", "elementaire"}
