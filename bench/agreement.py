"""Time the agreement statistics on a million double-coded answers.

    python bench/agreement.py [--items 1000000] [--seed N]

Cohen's kappa (two coders, codes applied / not applied and over eight exclusive codes) and
Krippendorff's alpha (nominal, three coders, a tenth of values missing) on generated labels,
plus the report's path: the same figures from a table of grouped counts. Prints one line per
measure, including ``kappa, 1000000 items: X.X ms``. Never fails on time.
"""

from __future__ import annotations

import argparse
import statistics
import time

import _harness

_harness.setup()

import numpy as np  # noqa: E402

from consultations.coding import agreement  # noqa: E402


def _best_of(label: str, func, repeat: int = 7) -> float:
    func()  # warm up (first-touch page faults, numpy dispatch)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    _harness.say(f"{label:<48} {min(times):8.1f} ms (median {statistics.median(times):.1f})")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2009)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.items

    applied_a = rng.random(n) < 0.3
    applied_b = np.where(rng.random(n) < 0.9, applied_a, ~applied_a)
    code_a = rng.integers(0, 8, n)
    code_b = np.where(rng.random(n) < 0.85, code_a, rng.integers(0, 8, n))
    three = np.vstack(
        [code_a, code_b, np.where(rng.random(n) < 0.8, code_a, rng.integers(0, 8, n))]
    )
    three = three.astype(np.float64)
    three[rng.random(three.shape) < 0.1] = np.nan

    _harness.say(f"kappa = {agreement.cohen_kappa(applied_a, applied_b):.4f}")
    _best_of(
        f"kappa over 8 exclusive codes, {n} items", lambda: agreement.cohen_kappa(code_a, code_b)
    )
    _best_of(
        f"alpha (nominal, 3 coders, missing), {n} units",
        lambda: agreement.krippendorff_alpha_nominal(three),
        repeat=3,
    )
    table = agreement.contingency(code_a, code_b)
    _best_of(
        "kappa + alpha from the report's table of counts",
        lambda: (agreement.kappa_from_table(table), agreement.alpha_from_pairs_table(table)),
    )
    # The headline last: issue 5 asks for kappa on a million items in under 100 ms.
    _best_of(f"kappa, {n} items", lambda: agreement.cohen_kappa(applied_a, applied_b))


if __name__ == "__main__":
    main()
