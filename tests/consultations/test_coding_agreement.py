"""Agreement statistics match the reference packages exactly, on random data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from consultations.coding import agreement as ag

krippendorff = pytest.importorskip("krippendorff")
sklearn_metrics = pytest.importorskip("sklearn.metrics")


def _sklearn_kappa(a, b) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sklearn_metrics.cohen_kappa_score(a, b)


@pytest.mark.parametrize("seed", range(40))
def test_cohen_kappa_matches_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 400))
    k = int(rng.integers(2, 7))
    a = rng.integers(0, k, n)
    # Correlated coders, so kappa spreads over its range rather than sitting near 0.
    b = np.where(rng.random(n) < rng.random(), a, rng.integers(0, k, n))
    expected = _sklearn_kappa(a, b)
    got = ag.cohen_kappa(a, b)
    if np.isnan(expected):
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-12)
    # Labels that are strings (code names) give the same answer as integers.
    assert ag.cohen_kappa(a.astype(str), b.astype(str)) == pytest.approx(got, abs=1e-12)


@pytest.mark.parametrize("seed", range(40))
def test_krippendorff_alpha_nominal_matches_the_krippendorff_package(seed):
    rng = np.random.default_rng(1000 + seed)
    coders = int(rng.integers(2, 6))
    units = int(rng.integers(5, 300))
    k = int(rng.integers(2, 6))
    truth = rng.integers(0, k, units)
    data = np.where(
        rng.random((coders, units)) < 0.75, truth, rng.integers(0, k, (coders, units))
    ).astype(float)
    data[rng.random((coders, units)) < 0.25] = np.nan  # missing values allowed
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ag.krippendorff_alpha_nominal(data) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_table_forms_equal_the_array_forms(seed):
    """The report computes from a table of counts; it must equal the per-answer arrays."""
    rng = np.random.default_rng(2000 + seed)
    n = int(rng.integers(10, 300))
    a = rng.integers(0, 2, n)
    b = np.where(rng.random(n) < 0.8, a, 1 - a)
    table = ag.contingency(a, b)
    assert ag.kappa_from_table(table) == pytest.approx(_sklearn_kappa(a, b), abs=1e-12)
    expected_alpha = krippendorff.alpha(
        reliability_data=np.vstack([a, b]).astype(float), level_of_measurement="nominal"
    )
    assert ag.alpha_from_pairs_table(table) == pytest.approx(expected_alpha, abs=1e-9)
    assert ag.percent_agreement_from_table(table) == pytest.approx(100 * np.mean(a == b))


@pytest.mark.parametrize("seed", range(15))
def test_question_agreement_from_grouped_pairs_matches_the_reference_packages(seed):
    """What one GROUP BY returns gives the same per-code and whole-question figures."""
    rng = np.random.default_rng(3000 + seed)
    codes = [11, 12, 13, 14]
    n = int(rng.integers(20, 200))
    # Multi-code: each coder gives a set of codes to each answer.
    first = [frozenset(c for c in codes if rng.random() < 0.4) for _ in range(n)]
    second = [
        s if rng.random() < 0.7 else frozenset(c for c in codes if rng.random() < 0.4)
        for s in first
    ]
    pairs: dict[tuple[str, str], int] = {}
    for a, b in zip(first, second, strict=True):
        key = (ag.codes_key(a), ag.codes_key(b))
        pairs[key] = pairs.get(key, 0) + 1
    result = ag.question_agreement(pairs, codes, exclusive=False)
    assert result.items == n
    assert result.exact_percent == pytest.approx(
        100 * sum(a == b for a, b in zip(first, second, strict=True)) / n
    )
    for code in codes:
        a = np.array([code in s for s in first], dtype=int)
        b = np.array([code in s for s in second], dtype=int)
        figures = result.codes[code]
        assert figures.by_first == a.sum() and figures.by_second == b.sum()
        assert figures.by_both == int((a & b).sum())
        expected = _sklearn_kappa(a, b)
        if np.isnan(expected):
            assert figures.kappa is None
        else:
            assert figures.kappa == pytest.approx(expected, abs=1e-12)
        if len(set(a) | set(b)) > 1:
            assert figures.alpha == pytest.approx(
                krippendorff.alpha(
                    reliability_data=np.vstack([a, b]).astype(float),
                    level_of_measurement="nominal",
                ),
                abs=1e-9,
            )


def test_exclusive_codes_are_one_nominal_variable():
    rng = np.random.default_rng(7)
    n = 150
    a = rng.integers(0, 3, n)
    b = np.where(rng.random(n) < 0.75, a, rng.integers(0, 3, n))
    pairs: dict[tuple[str, str], int] = {}
    for x, y in zip(a, b, strict=True):
        key = (str(100 + x), str(100 + y))
        pairs[key] = pairs.get(key, 0) + 1
    result = ag.question_agreement(pairs, [100, 101, 102], exclusive=True)
    assert result.kappa == pytest.approx(_sklearn_kappa(a, b), abs=1e-12)
    assert result.alpha == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.vstack([a, b]).astype(float), level_of_measurement="nominal"
        ),
        abs=1e-9,
    )


def test_no_variation_gives_none_not_a_crash():
    assert ag.cohen_kappa([1, 1, 1], [1, 1, 1]) is None
    assert ag.krippendorff_alpha_nominal([[1, 1, 1], [1, 1, 1]]) is None
    assert ag.krippendorff_alpha_nominal([[1, np.nan], [np.nan, 2]]) is None  # nothing pairs
    assert ag.question_agreement({}, [1], exclusive=True).items == 0


def test_rare_codes_are_flagged():
    pairs = {("1", "1"): 2, ("", ""): 40, ("1", ""): 1}
    figures = ag.question_agreement(pairs, [1], exclusive=False).codes[1]
    assert figures.too_rare
    assert figures.first_only == 1 and figures.second_only == 0


def test_kappa_on_a_million_items_is_vectorised():
    """Correctness at scale (the timing itself is printed by bench/agreement.py)."""
    rng = np.random.default_rng(11)
    a = rng.integers(0, 2, 1_000_000)
    b = np.where(rng.random(1_000_000) < 0.9, a, 1 - a)
    assert ag.cohen_kappa(a, b) == pytest.approx(_sklearn_kappa(a, b), abs=1e-9)
