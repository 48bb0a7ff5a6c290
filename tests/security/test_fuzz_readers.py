"""A short bounded run of the reader fuzzer (benchmarks/fuzz_bench.py runs ≥ 100 000 inputs):
every mutated document is read and extracted or refused cleanly; zero crashes or hangs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_bench.py"

# (count, seed, note)
CASES = [
    (250, 11, "mutated documents of every format, seed 11"),
    (250, 12, "mutated documents of every format, seed 12"),
]


def load_bench():
    spec = importlib.util.spec_from_file_location("fuzz_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("count", "seed", "note"), CASES)
def test_bounded_fuzz_run_has_no_crash(count, seed, note, tmp_path, capsys):
    bench = load_bench()
    bench.CRASH_DIR = tmp_path / "crashes"
    result = bench.run(count, seed=seed, workers=1)
    bench.report(result, None)
    print(capsys.readouterr().out)
    assert result["inputs"] == count
    assert result["crashes"] == 0, result["crash_examples"]
    assert result["extracted"] > 0 and result["clean_errors"] > 0, note
