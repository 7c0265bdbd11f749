"""The rows of ``make bench``'s one table (bench/results.py): a ratio against the baseline measured in the same
run, a goal on the ratio or on the value, OK/missed/info, and the command that reproduces each line."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent.parent / "bench"
spec = importlib.util.spec_from_file_location("bench_results", BENCH / "results.py")
results = sys.modules["bench_results"] = importlib.util.module_from_spec(spec)  # dataclasses look it up there
spec.loader.exec_module(results)
Goal, Row = results.Goal, results.Row


@pytest.mark.parametrize(("row", "verdict"), [
    (Row("api_http", "lookup", 700, "req/s", baseline=1000, goal=Goal("ratio", ">=", 0.7)), "OK"),
    (Row("api_http", "lookup", 690, "req/s", baseline=1000, goal=Goal("ratio", ">=", 0.7)), "missed"),
    (Row("catchment", "p99", 0.4, "ms", goal=Goal("value", "<", 0.5)), "OK"),
    (Row("catchment", "p99", 0.5, "ms", goal=Goal("value", "<", 0.5)), "missed"),
    (Row("family", "answer", 120, "ms", baseline=15), "info"),
    (Row("imports", "4 MB", 3, "s", goal=Goal("ratio", "<=", 6)), "no figure"),
])
def test_a_row_is_judged_on_its_goal(row, verdict):
    assert row.verdict == verdict


def test_the_ratio_is_value_over_baseline_unless_given():
    assert Row("x", "y", 3, "s", baseline=2).ratio == 1.5
    assert Row("x", "y", 3, "s", baseline=2, given_ratio=0.25).ratio == 0.25
    assert Row("x", "y", 3, "s").ratio is None


def test_every_line_gives_the_command_that_reproduces_it():
    assert Row("places", "y", 1, "s").reproduce == ".venv/bin/python bench/run.py places"
    assert Row("api_http", "y", 1, "s", command="BENCH_DATABASES=sqlite make bench").reproduce == (
        "BENCH_DATABASES=sqlite make bench")


def test_the_table_has_one_line_per_row_with_every_column():
    rows = [Row("api_http", "catchment lookup, SQLite", 812, "req/s", baseline=1015, baseline_name="/_ping",
                goal=Goal("ratio", ">=", 0.7)),
            Row("suggestions", "hit@1", 100, "%", goal=Goal("value", ">=", 95))]
    text = results.table(rows)
    header, first, second = text.splitlines()
    assert header.split() == ["benchmark", "what", "is", "measured", "value", "baseline", "ratio", "goal", "result",
                              "command"]
    assert "812 req/s" in first and "1,015 req/s (/_ping)" in first and "0.80" in first and "ratio >= 0.7" in first
    assert re.split(" {2,}", first)[-2:] == ["OK", ".venv/bin/python bench/run.py api_http"]
    assert "value >= 95" in second


def test_the_markdown_table_escapes_pipes_and_quotes_commands():
    text = results.table([Row("x", "a | b", 1, "s")], markdown=True)
    lines = text.splitlines()
    assert lines[0].startswith("| benchmark |") and lines[1].startswith("|---|")
    assert "a \\| b" in lines[2] and "`.venv/bin/python bench/run.py x`" in lines[2]


def test_all_goals_met_ignores_lines_for_information():
    assert results.all_met([Row("x", "y", 1, "s"), Row("x", "y", 1, "s", goal=Goal("value", "<", 2))])
    assert not results.all_met([Row("x", "y", 3, "s", goal=Goal("value", "<", 2))])
