"""``manage.py stv_count`` and the benchmark script."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FOOD = """5 3
4 1 0
2 2 1 0
8 3 4 0
4 3 5 0
1 4 0
1 5 0
0
"Oranges" "Pears" "Chocolate" "Strawberries" "Hamburgers"
"Food election (Wikipedia)"
"""


def _run(tmp_path, text, *args):
    path = tmp_path / "e.blt"
    path.write_text(text)
    out = io.StringIO()
    call_command("stv_count", str(path), *args, stdout=out)
    return out.getvalue()


def test_stv_count_prints_the_report(tmp_path):
    text = _run(tmp_path, FOOD)
    assert "Food election (Wikipedia)" in text
    assert "quota 6" in text
    assert "Stage 2: surplus of Chocolate at transfer value 0.50000" in text
    assert text.strip().endswith("Elected: Chocolate, Oranges, Strawberries")


def test_stv_count_json(tmp_path):
    data = json.loads(_run(tmp_path, FOOD, "--json", "--seed", "5"))
    assert data["quota"] == 6
    assert data["elected"] == ["Chocolate", "Oranges", "Strawberries"]
    assert len(data["stages"]) == 4 and data["seed"] == "5"


def test_stv_count_withdrawn_and_equal_marks(tmp_path):
    text = '3 1\n-2\n3 2 1 0\n2 3 0\n1 1=3 0\n0\n"A" "B" "C"\n"T"\n'
    data = json.loads(_run(tmp_path, text, "--json"))
    assert data["withdrawn"] == ["B"] and data["candidates"] == ["A", "C"]
    assert data["invalid"] == 1 and data["elected"] == ["A"]


def test_stv_count_bad_file(tmp_path):
    with pytest.raises(CommandError, match="no candidate 9"):
        _run(tmp_path, '2 1\n1 9 0\n0\n"A" "B"\n')
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("stv_count", str(tmp_path / "missing.blt"))


@pytest.mark.skip(reason="slow (about 20 s): run python bench/stv.py by hand")
def test_bench_script_prints_three_lines():  # pragma: no cover - run by hand; slow
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, str(root / "bench" / "stv.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert out.strip().splitlines()[-1].startswith("1000000 ballots: ")


def test_bench_ballot_generator_is_seeded(monkeypatch):
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / "stv.py"
    # A bench script runs as ``python bench/stv.py``: its own folder (``_harness``) is on the path.
    monkeypatch.syspath_prepend(str(path.parent))
    spec = importlib.util.spec_from_file_location("bench_stv", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.make_ballots(50, 1) == bench.make_ballots(50, 1)
    assert all(1 <= len(b) <= 10 for b in bench.make_ballots(200, 2))
