"""What importing the package costs, against importing httpx, in fresh interpreters.

Target (issue 12): ``import webwork_async`` at most 1.5x ``import httpx``. Each round starts
one fresh interpreter per statement (in a rotating order) and measures the CPU time of the
statement alone, so interpreter start-up is left out of both sides; the figure is the median
over the rounds of each round's ratio, with its quartiles. ``from webwork_async import
AsyncWebWork`` (what an async program pays before its first call) and the sync client are
shown for reference.
"""

from __future__ import annotations

import os
import subprocess
import sys

from _timing import ratios, spread, verdict

TARGET = 1.5
ROUNDS = 11

STATEMENTS = {
    "import httpx": "import httpx",
    "import webwork_async": "import webwork_async",
    "from webwork_async import AsyncWebWork": "from webwork_async import AsyncWebWork",
    "from webwork_async import WebWork": "from webwork_async import WebWork",
}
BASELINE = "import httpx"
MEASURED = "import webwork_async"

# CPU time: on a busy machine, elapsed time mostly measures the wait for a core (the files are
# in the page cache after the warm-up, so leaving out I/O waits leaves out nothing).
_PROGRAM = (
    "import time\nstart = time.process_time()\n{statement}\nprint(time.process_time() - start)\n"
)


# An installed package has its byte-code compiled (pip does it, as it did for httpx); a
# checkout run with PYTHONDONTWRITEBYTECODE would compile every module on every import
# instead, and measure the compiler rather than the import.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def import_seconds(statement: str) -> float:
    """Seconds ``statement`` takes in a new interpreter (its start-up not counted)."""
    program = _PROGRAM.format(statement=statement)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, env=_ENV
    )
    return float(result.stdout)


def main(rounds: int = ROUNDS) -> int:
    names = list(STATEMENTS)
    for name in names:  # warm up: byte-code caches written, files in the page cache
        import_seconds(STATEMENTS[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        # Rotate who goes first, so a slow start of each round does not always hit one side.
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            samples[name].append(import_seconds(STATEMENTS[name]))

    print(f"import cost (CPU time) in a fresh interpreter, {rounds} interleaved rounds")
    print(f"  {'':40s} {'median':>9s} {'quartiles':>17s}   {'x ' + BASELINE:>22s}")
    for name in names:
        median, low, high = spread(samples[name])
        ratio, ratio_low, ratio_high = spread(ratios(samples, name, BASELINE))
        print(
            f"  {name:40s} {median * 1e3:6.1f} ms  ({low * 1e3:5.1f}-{high * 1e3:5.1f} ms)"
            f"   {ratio:5.2f}x ({ratio_low:.2f}-{ratio_high:.2f})"
        )
    ratio = spread(ratios(samples, MEASURED, BASELINE))[0]
    print(f"  target <= {TARGET}x: {MEASURED}: {ratio:.3f}x {verdict(ratio, TARGET)}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
