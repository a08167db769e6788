"""Inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's alpha (nominal).

Everything here is numpy on whole arrays or on small contingency tables, never a Python loop
over answers, so a report can ask the database for a table of counts and finish here. The
tests compare every figure with scikit-learn's ``cohen_kappa_score`` and the ``krippendorff``
package on random data; ``bench/agreement.py`` times kappa on a million answers.

The three measures, in the words the report page uses:

* **Percent agreement** — the share of double-coded answers on which both coders did the same
  thing. Easy to read, but high by chance alone when a code is rare or very common.
* **Cohen's kappa** (Cohen 1960) — agreement beyond what chance would give, for two coders:
  ``kappa = (p_o - p_e) / (1 - p_e)`` where ``p_o`` is the observed share of agreement and
  ``p_e = sum_k p_A(k) * p_B(k)`` the agreement expected if each coder applied categories at
  their own rates independently. 1 is perfect, 0 is chance, below 0 is worse than chance.
  We compute it per code (applied / not applied) and, where a question's codes are mutually
  exclusive, over the code set as one nominal variable. Because different pairs of people
  code different answers, "coder A" is whoever coded the answer first and "coder B" second.
* **Krippendorff's alpha**, nominal (Krippendorff 2004, ch. 11) — ``alpha = 1 - D_o / D_e``
  from the coincidence matrix: each unit ``u`` coded ``m_u >= 2`` times adds
  ``(n_uc * n_uk - [c == k] * n_uc) / (m_u - 1)`` to cell ``(c, k)``, where ``n_uc`` is how
  many coders gave value ``c``; with ``n_c`` the row sums and ``n`` their total,
  ``alpha = 1 - (n - 1) * (n - sum_c o_cc) / (n**2 - sum_c n_c**2)``. Any number of coders,
  missing values allowed (units with one value cannot be paired and drop out). For two coders
  with no missing values the coincidence matrix is ``T + T.T`` of their contingency table
  ``T``, so the report computes alpha from the same table of counts as kappa.

When there is no variation at all (every answer got the same value from everyone) both
statistics are undefined: the functions return ``None`` and the page says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Kappa and alpha are unstable when a code was applied to very few of the double-coded
# answers: one disagreement swings them wildly. Below this many uses the page warns.
RARE_CODE_USES = 5
# Integer labels below this index a contingency table directly (see ``contingency``).
_DIRECT_LABELS = 1024


def _as_table(table: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    t = np.asarray(table, dtype=np.float64)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ValueError("A contingency table must be square.")
    return t


def kappa_from_table(table: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    """Cohen's kappa from a K x K table: rows coder A's value, columns coder B's."""
    t = _as_table(table)
    n = t.sum()
    if n == 0:
        return None
    p_o = np.trace(t) / n
    p_e = float(t.sum(axis=1) @ t.sum(axis=0)) / (n * n)
    if np.isclose(1.0 - p_e, 0.0):
        return None
    return float((p_o - p_e) / (1.0 - p_e))


def alpha_from_pairs_table(table: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha (nominal) for two coders with no missing values, from their table."""
    t = _as_table(table)
    return _alpha_from_coincidences(t + t.T)


def _alpha_from_coincidences(o: np.ndarray) -> float | None:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return None
    expected = n * n - float(n_c @ n_c)
    if np.isclose(expected, 0.0):
        return None
    observed = n - np.trace(o)
    return float(1.0 - (n - 1.0) * observed / expected)


def percent_agreement_from_table(table: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    t = _as_table(table)
    n = t.sum()
    return float(100.0 * np.trace(t) / n) if n else None


def _encode(*arrays: np.ndarray) -> tuple[list[np.ndarray], int]:
    """Map any labels to 0..K-1 consistently across arrays."""
    joined = np.concatenate([np.asarray(a).ravel() for a in arrays])
    labels, codes = np.unique(joined, return_inverse=True)
    out, start = [], 0
    for a in arrays:
        size = np.asarray(a).size
        out.append(codes[start : start + size].reshape(np.asarray(a).shape))
        start += size
    return out, len(labels)


def contingency(a: Sequence | np.ndarray, b: Sequence | np.ndarray) -> np.ndarray:
    """The K x K table of two coders' labels over the same items (``np.bincount``, no loop)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("Both coders need one label for each item.")
    if a.size and a.dtype.kind in "bui" and b.dtype.kind in "bui":
        # Small non-negative integer labels (code ids, 0/1) index the table directly:
        # no sort, so a million items take a few milliseconds. Empty rows do not move kappa.
        ea, eb = a.astype(np.int64, copy=False), b.astype(np.int64, copy=False)
        low, high = min(ea.min(), eb.min()), max(ea.max(), eb.max())
        if low >= 0 and high < _DIRECT_LABELS:
            k = int(high) + 1
            return np.bincount(ea * k + eb, minlength=k * k).reshape(k, k).astype(np.float64)
    (ea, eb), k = _encode(a, b)
    return np.bincount(ea * k + eb, minlength=k * k).reshape(k, k).astype(np.float64)


def cohen_kappa(a: Sequence | np.ndarray, b: Sequence | np.ndarray) -> float | None:
    """Cohen's kappa of two equal-length label arrays (same as sklearn's, unweighted)."""
    return kappa_from_table(contingency(a, b))


def krippendorff_alpha_nominal(reliability_data: Sequence | np.ndarray) -> float | None:
    """Krippendorff's alpha, nominal, for a coders x units array with ``NaN`` for missing.

    Same layout and result as ``krippendorff.alpha(reliability_data=...,
    level_of_measurement="nominal")``.
    """
    data = np.asarray(reliability_data, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError("Reliability data must be coders x units.")
    present = ~np.isnan(data)
    if not present.any():
        return None
    given = data[present]
    small_ints = (
        given.min() >= 0 and given.max() < _DIRECT_LABELS and np.all(given == np.floor(given))
    )
    if small_ints:  # code ids and 0/1 index the counts directly: no sort
        codes = given.astype(np.int64)
        k = int(codes.max()) + 1
    else:
        values, codes = np.unique(given, return_inverse=True)
        k = len(values)
    n_units = data.shape[1]
    unit_of = np.broadcast_to(np.arange(n_units), data.shape)[present]
    # n_uc: how many coders gave unit u the value c.
    counts = np.bincount(unit_of * k + codes, minlength=n_units * k).reshape(n_units, k)
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    counts = counts[pairable].astype(np.float64)
    if counts.size == 0:
        return None
    weights = 1.0 / (m_u[pairable] - 1.0)
    o = (counts * weights[:, None]).T @ counts
    o -= np.diag((counts * weights[:, None]).sum(axis=0))
    return _alpha_from_coincidences(o)


def percent_agreement(a: Sequence | np.ndarray, b: Sequence | np.ndarray) -> float | None:
    a, b = np.asarray(a), np.asarray(b)
    return float(100.0 * np.mean(a == b)) if a.size else None


# --- Figures for a question, from the database's table of coded pairs -------------------


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    items: int  # answers coded by two people
    by_first: int  # answers the first coder gave this code
    by_second: int
    by_both: int
    percent: float | None
    kappa: float | None
    alpha: float | None

    @property
    def first_only(self) -> int:
        return self.by_first - self.by_both

    @property
    def second_only(self) -> int:
        return self.by_second - self.by_both

    @property
    def too_rare(self) -> bool:
        return min(self.by_first, self.by_second) < RARE_CODE_USES


@dataclass(frozen=True)
class QuestionAgreement:
    items: int  # answers coded by two people
    exact_percent: float | None  # both gave exactly the same set of codes
    kappa: float | None  # over the code set as one nominal variable (exclusive codes only)
    alpha: float | None
    codes: dict[int, CodeAgreement]


def parse_codes_key(key: str) -> frozenset[int]:
    return frozenset(int(part) for part in key.split(",") if part)


def codes_key(code_ids: Iterable[int]) -> str:
    """How a pass's set of codes is stored on its item: sorted ids joined with commas."""
    return ",".join(str(i) for i in sorted(set(code_ids)))


def question_agreement(
    pairs: Mapping[tuple[str, str], int], code_ids: Sequence[int], *, exclusive: bool
) -> QuestionAgreement:
    """All the agreement figures for one question from ``{(first_codes, second_codes): n}``.

    ``pairs`` is what one ``GROUP BY`` over the double-coded answers returns: how many answers
    got each combination of the first coder's and the second coder's sets of codes. Its size
    depends on how varied the coding is, not on how many answers there are.
    """
    if not pairs:
        return QuestionAgreement(0, None, None, None, {})
    keys = list(pairs)
    counts = np.array([pairs[k] for k in keys], dtype=np.float64)
    first = [parse_codes_key(a) for a, _b in keys]
    second = [parse_codes_key(b) for _a, b in keys]
    total = float(counts.sum())
    same = np.array([a == b for a, b in zip(first, second, strict=True)])
    exact = float(100.0 * counts[same].sum() / total)
    per_code: dict[int, CodeAgreement] = {}
    for code_id in code_ids:
        has_a = np.array([code_id in s for s in first])
        has_b = np.array([code_id in s for s in second])
        # 2 x 2 table: index 1 = applied, 0 = not applied.
        table = np.zeros((2, 2))
        np.add.at(table, (has_a.astype(int), has_b.astype(int)), counts)
        per_code[code_id] = CodeAgreement(
            code_id=code_id,
            items=int(total),
            by_first=int(table[1].sum()),
            by_second=int(table[:, 1].sum()),
            by_both=int(table[1, 1]),
            percent=percent_agreement_from_table(table),
            kappa=kappa_from_table(table),
            alpha=alpha_from_pairs_table(table),
        )
    kappa = alpha = None
    if exclusive:
        # One nominal variable: the code given, or "none" (the empty set) as its own value.
        labels = sorted({k for pair in keys for k in pair})
        index = {label: i for i, label in enumerate(labels)}
        table = np.zeros((len(labels), len(labels)))
        np.add.at(table, ([index[a] for a, _b in keys], [index[b] for _a, b in keys]), counts)
        kappa = kappa_from_table(table)
        alpha = alpha_from_pairs_table(table)
    return QuestionAgreement(
        items=int(total), exact_percent=exact, kappa=kappa, alpha=alpha, codes=per_code
    )
