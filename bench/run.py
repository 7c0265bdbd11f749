"""Run every benchmark (bench/bench_*.py, each with a `run()` returning lines to print).

    make bench            # or: .venv/bin/python bench/run.py [name ...]
    BENCH_QUICK=0 make bench    # the département-scale benchmark at full size, not 1/20 (bench_departement.py)
"""

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main(names):
    modules = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if any(name in m for name in names)]
    failed = False
    for name in modules:
        print(f"== {name}", flush=True)
        module = importlib.import_module(name)
        ok = module.run()
        failed = failed or ok is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
