"""Run every benchmark: python benchmarks/run.py [name ...]."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BENCHMARKS = [
    "bench_call",
    "bench_decode",
    "bench_import",
    "bench_pagination",
    "bench_bulk",
    "bench_ratelimit",
    "bench_shared_budget",
]


def main(argv: list[str]) -> int:
    names = argv or BENCHMARKS
    status = 0
    for name in names:
        print(f"== {name}")
        module = importlib.import_module(name if name.startswith("bench_") else f"bench_{name}")
        status |= module.main()
        print()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
