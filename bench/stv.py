"""Time the STV count on seeded, generated ballots: 10,000, 100,000 and 1,000,000 papers.

    python bench/stv.py [--seed N]

Ten candidates, three seats. Each voter ranks between one and ten candidates; how many and in
what order follow fixed popularity weights (a Plackett-Luce draw), which is how real ranked
ballots look: most people rank a few, popular candidates come first more often. Only the
count is timed (grouping identical rankings included), not making the ballots. Prints one
line per size, the last one ``1000000 ballots: X.XXX s``. It never fails on time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from council import stv  # noqa: E402

CANDIDATES = [f"Candidate {letter}" for letter in "ABCDEFGHIJ"]
WEIGHTS = [30, 22, 15, 10, 7, 5, 4, 3, 2, 2]
# How many candidates a voter ranks: 1 to 10.
LENGTH_WEIGHTS = [22, 24, 20, 12, 7, 5, 4, 2, 2, 2]


def make_ballots(number: int, seed: int) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    lengths = rng.choices(range(1, 11), weights=LENGTH_WEIGHTS, k=number)
    ballots = []
    for length in lengths:
        names = list(CANDIDATES)
        weights = list(WEIGHTS)
        ranking = []
        for _ in range(length):
            i = rng.choices(range(len(names)), weights=weights)[0]
            ranking.append(names.pop(i))
            weights.pop(i)
        ballots.append(tuple(ranking))
    return ballots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    for size in (10_000, 100_000, 1_000_000):
        ballots = make_ballots(size, args.seed)
        started, cpu = time.perf_counter(), time.process_time()
        result = stv.count(candidates=CANDIDATES, ballots=ballots, seats=3, seed=args.seed)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        groups = len(stv.group_ballots(ballots))
        # Wall time is what counts; CPU time shows how much of it other processes took.
        sys.stdout.write(
            f"# {size} ballots in {groups} distinct rankings, {len(result.stages)} stages, "
            f"elected {', '.join(result.elected)}; cpu {cpu:.3f} s\n"
        )
        sys.stdout.write(f"{size} ballots: {elapsed:.3f} s\n")


if __name__ == "__main__":
    main()
