"""The count: Scottish STV, as a pure function of (ballots, seats, candidates, seed).

This package has no Django import and touches no database, so the same code runs in the
portal, in ``manage.py stv_count`` and in anybody's Python to recount the published ballots.

The rule set
============

It follows the counting rules of The Scottish Local Government Elections Order 2007
(SSI 2007/42, schedule 1, rules 45 to 52), the "weighted inclusive Gregory method":

1. **Valid papers** (rule 45). A paper with no first preference is invalid and not counted.
   A preference that repeats an earlier one, or is shared with another candidate ("2=3" in
   a BLT file), makes the paper stop there: the preferences before it still count.
   Preferences for withdrawn candidates are skipped.
2. **Quota** (rule 46): ``floor(valid papers / (seats + 1)) + 1`` (the Droop quota).
3. **Stage one**: every valid paper counts, at a value of 1, for its first preference.
4. **Elected** (rule 47): at the end of every stage, any continuing candidate whose votes are
   equal to or more than the quota is elected. If several are elected at one stage, the one
   with more votes is elected first.
5. **Surplus transfer** (rule 48): while an elected candidate has more votes than the quota
   and that surplus has not been transferred, the **largest** surplus is transferred, one
   surplus per stage. *Every* paper the candidate holds is passed to its next preference for a
   continuing candidate (one not yet elected or excluded) at the transfer value::

       transfer value = surplus x value of the paper / candidate's total votes

   calculated to **5 decimal places, any remainder ignored** (truncated, never rounded).
   The elected candidate keeps exactly the quota. Papers with no further continuing
   preference are **non-transferable**; the fractions lost by truncation are shown separately
   ("lost to rounding") so that every stage's total still equals the valid papers.
6. **Exclusion** (rule 49): when no surplus is waiting, the continuing candidate with the
   **fewest** votes is excluded (one at a time) and all their papers pass, at the value at
   which each was received, to the next continuing preference.
7. **Last vacancies** (rule 50): when the number of continuing candidates equals (or is fewer
   than) the number of seats left, those candidates are elected at once. The count also stops
   as soon as every seat is filled.
8. **Ties** (rule 51): between equal surpluses (which to transfer first), equal lowest
   candidates (which to exclude) and equal candidates elected at the same stage (who is first),
   the candidates are compared at the most recent earlier stage at which they had unequal
   votes (more votes goes first / fewer votes is excluded), looking further back while some
   remain tied. If they were equal at every stage, the tie is decided **by lot**: for each tied
   candidate ``SHA-256("<seed>:<stage>:<purpose>:<candidate>")`` is computed and the smallest
   hex value is drawn. The seed is recorded before the count, so anyone can replay the draw.

With one seat, these rules are the instant-runoff (alternative) vote: the quota is a majority
of the valid papers and losing candidates are excluded until someone reaches it.

How it is computed
==================

Votes are whole numbers of 0.00001 of a vote (``SCALE``), so the arithmetic is exact and
truncation is integer division. Identical rankings are grouped first. Papers with the same
ranking always travel together and always carry the same value, so one "group" of ``n``
papers moves as one. Each candidate holds a list of *parcels* (a value and the groups that
arrived at it); a transfer walks only the parcels of the candidate being transferred. A
million ballots over ten candidates typically reduce to tens of thousands of groups.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SCALE = 100_000
RULES_NAME = "Scottish STV (The Scottish Local Government Elections Order 2007, rules 45-52)"


class CountError(ValueError):
    """The input cannot be counted (for example a ballot names someone who is not standing)."""


def fmt(value: int) -> str:
    """Format a scaled vote value with exactly five decimal places, e.g. ``12.50000``."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // SCALE}.{value % SCALE:05d}"


def droop_quota(valid: int, seats: int) -> int:
    return valid // (seats + 1) + 1


@dataclass
class TieBreak:
    stage: int
    purpose: str  # "exclusion", "surplus" (which first) or "order" (who is elected first)
    tied: list[str]
    chosen: str
    method: str  # "earlier stage" or "lot"
    decided_at_stage: int | None = None
    draws: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "purpose": self.purpose,
            "tied": list(self.tied),
            "chosen": self.chosen,
            "method": self.method,
            "decided_at_stage": self.decided_at_stage,
            "draws": dict(self.draws),
        }


@dataclass
class Stage:
    number: int
    action: str  # "first preferences", "surplus" or "exclusion"
    subject: str | None
    transfer_value: int | None  # scaled; for a paper received at full value
    votes: list[int]
    non_transferable: int
    rounding_loss: int
    elected: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    last_vacancies: bool = False


@dataclass
class CountResult:
    candidates: list[str]
    seats: int
    seed: str
    ballots: int
    invalid: int
    valid: int
    quota: int
    elected: list[str]
    stages: list[Stage]
    ties: list[TieBreak]

    @property
    def excluded(self) -> list[str]:
        return [name for stage in self.stages for name in stage.excluded]

    def stage_rows(self) -> list[dict[str, Any]]:
        """Stages as plain data: votes and changes per candidate, and a checked total."""
        rows = []
        previous: list[int] | None = None
        prev_nt = prev_loss = 0
        for stage in self.stages:
            total = sum(stage.votes) + stage.non_transferable + stage.rounding_loss
            rows.append(
                {
                    "number": stage.number,
                    "action": stage.action,
                    "subject": stage.subject,
                    "transfer_value": (
                        fmt(stage.transfer_value) if stage.transfer_value is not None else None
                    ),
                    "votes": {c: fmt(v) for c, v in zip(self.candidates, stage.votes, strict=True)},
                    "changes": {
                        c: fmt(v - (previous[i] if previous else 0))
                        for i, (c, v) in enumerate(zip(self.candidates, stage.votes, strict=True))
                    },
                    "non_transferable": fmt(stage.non_transferable),
                    "non_transferable_change": fmt(stage.non_transferable - prev_nt),
                    "rounding_loss": fmt(stage.rounding_loss),
                    "rounding_loss_change": fmt(stage.rounding_loss - prev_loss),
                    "total": fmt(total),
                    "balances": total == self.valid * SCALE,
                    "elected": list(stage.elected),
                    "excluded": list(stage.excluded),
                    "last_vacancies": stage.last_vacancies,
                }
            )
            previous, prev_nt, prev_loss = stage.votes, stage.non_transferable, stage.rounding_loss
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": RULES_NAME,
            "seed": self.seed,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "ballots": self.ballots,
            "invalid": self.invalid,
            "valid": self.valid,
            "quota": self.quota,
            "elected": list(self.elected),
            "stages": self.stage_rows(),
            "ties": [t.as_dict() for t in self.ties],
        }


def lot_draw(seed: str, stage: int, purpose: str, candidate: str) -> str:
    """The recorded random draw: anyone can recompute it from the published seed."""
    return hashlib.sha256(f"{seed}:{stage}:{purpose}:{candidate}".encode()).hexdigest()


def group_ballots(
    ballots: Iterable[Sequence[str]] | Mapping[tuple[str, ...], int],
) -> Counter[tuple[str, ...]]:
    """Count identical rankings once: ``{("A", "B"): 3, ...}``."""
    if isinstance(ballots, Mapping):
        if all(type(r) is tuple for r in ballots):
            return Counter(ballots)
        grouped: Counter[tuple[str, ...]] = Counter()
        for ranking, n in ballots.items():
            grouped[tuple(ranking)] += int(n)
        return grouped
    return Counter(b if isinstance(b, tuple) else tuple(b) for b in ballots)


def count(
    *,
    candidates: Sequence[str],
    ballots: Iterable[Sequence[str]] | Mapping[tuple[str, ...], int],
    seats: int,
    seed: int | str = 0,
    withdrawn: Iterable[str] = (),
) -> CountResult:
    """Count ``ballots`` (rankings of candidate names, or ``{ranking: number}``).

    ``candidates`` are the names standing, in ballot-paper order; ``withdrawn`` names are
    skipped wherever they appear. Deterministic: the same input and seed give the same result,
    whatever order the ballots come in.
    """
    names = [str(c) for c in candidates]
    if not names:
        raise CountError("There are no candidates to count.")
    if len(set(names)) != len(names):
        raise CountError("Two candidates have the same name.")
    if seats < 1:
        raise CountError("There must be at least one seat.")
    # The count makes hundreds of thousands of small tuples that can never form reference
    # cycles; pausing the cycle collector stops it rescanning them (and the caller's ballots).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Count(names, group_ballots(ballots), seats, str(seed), set(withdrawn)).run()
    finally:
        if collecting:
            gc.enable()


class _Count:
    def __init__(
        self,
        names: list[str],
        grouped: Counter[tuple[str, ...]],
        seats: int,
        seed: str,
        withdrawn: set[str],
    ) -> None:
        self.names = names
        self.n = len(names)
        self.seats = seats
        self.seed = seed
        index = {name: i for i, name in enumerate(names)}
        clean: dict[tuple[int, ...], int] = {}
        invalid = 0
        total = 0
        lookup = index.__getitem__
        for ranking, number in grouped.items():
            if number <= 0:
                continue
            total += number
            # Fast path (nearly every paper): all marks are candidates, none repeated.
            try:
                out = tuple(map(lookup, ranking))
            except KeyError:
                out = None
            if out is None or len(set(out)) != len(out):
                out = self._clean_slowly(ranking, index, withdrawn)
            if out:
                clean[out] = clean.get(out, 0) + number
            else:
                invalid += number
        self.total = total
        self.invalid = invalid
        self.valid = total - invalid
        self.quota = droop_quota(self.valid, seats)
        self.quota_scaled = self.quota * SCALE
        # Each candidate's parcels: (value of each paper, [(ranking, papers, position)]).
        self.piles: list[list[tuple[int, list[tuple[tuple[int, ...], int, int]]]]] = [
            [] for _ in names
        ]
        first: list[list[tuple[tuple[int, ...], int, int]]] = [[] for _ in names]
        self.votes = [0] * self.n
        for order, number in clean.items():
            first[order[0]].append((order, number, 0))
            self.votes[order[0]] += number * SCALE
        for i, groups in enumerate(first):
            if groups:
                self.piles[i].append((SCALE, groups))
        self.continuing = [True] * self.n
        self.elected: list[int] = []
        self.surplus_pending: list[int] = []
        self.non_transferable = 0
        self.rounding_loss = 0
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.ties: list[TieBreak] = []

    @staticmethod
    def _clean_slowly(
        ranking: Sequence[str], index: dict[str, int], withdrawn: set[str]
    ) -> tuple[int, ...]:
        """Skip withdrawn candidates; stop at a repeated mark (rule 1 of the docstring)."""
        out: list[int] = []
        seen: set[int] = set()
        for mark in ranking:
            i = index.get(mark)
            if i is None:
                if mark in withdrawn:
                    continue
                raise CountError(f"A ballot names {mark!r}, who is not a candidate.")
            if i in seen:
                break
            seen.add(i)
            out.append(i)
        return tuple(out)

    # --- the loop -------------------------------------------------------------------------

    def run(self) -> CountResult:
        stage = self._record("first preferences", None, None, [])
        while True:
            self._elect_reached(stage)
            if len(self.elected) >= self.seats:
                break
            remaining = self.seats - len(self.elected)
            standing = [c for c in range(self.n) if self.continuing[c]]
            if len(standing) <= remaining:
                ordered = self._order_by_votes(standing, stage.number, "order")
                for c in ordered:
                    self._elect(c, stage)
                stage.last_vacancies = bool(ordered)
                break
            if self.surplus_pending:
                c = self._pick(self.surplus_pending, stage.number, "surplus", lowest=False)
                self.surplus_pending.remove(c)
                tv = self._transfer_surplus(c)
                stage = self._record("surplus", c, tv, [])
            else:
                c = self._pick(standing, stage.number, "exclusion", lowest=True)
                self.continuing[c] = False
                self._transfer_all(c)
                stage = self._record("exclusion", c, None, [c])
        return CountResult(
            candidates=self.names,
            seats=self.seats,
            seed=self.seed,
            ballots=self.total,
            invalid=self.invalid,
            valid=self.valid,
            quota=self.quota,
            elected=[self.names[c] for c in self.elected],
            stages=self.stages,
            ties=self.ties,
        )

    def _record(
        self, action: str, subject: int | None, tv: int | None, excluded: list[int]
    ) -> Stage:
        votes = list(self.votes)
        self.history.append(votes)
        stage = Stage(
            number=len(self.stages) + 1,
            action=action,
            subject=self.names[subject] if subject is not None else None,
            transfer_value=tv,
            votes=votes,
            non_transferable=self.non_transferable,
            rounding_loss=self.rounding_loss,
            excluded=[self.names[c] for c in excluded],
        )
        self.stages.append(stage)
        return stage

    def _elect(self, c: int, stage: Stage) -> None:
        self.continuing[c] = False
        self.elected.append(c)
        stage.elected.append(self.names[c])
        if self.votes[c] > self.quota_scaled:
            self.surplus_pending.append(c)

    def _elect_reached(self, stage: Stage) -> None:
        reached = [
            c for c in range(self.n) if self.continuing[c] and self.votes[c] >= self.quota_scaled
        ]
        for c in self._order_by_votes(reached, stage.number, "order"):
            if len(self.elected) < self.seats:
                self._elect(c, stage)

    # --- transfers ------------------------------------------------------------------------

    def _move(
        self,
        c: int,
        parcels: list[tuple[int, list[tuple[tuple[int, ...], int, int]]]],
        new_value: Any,
    ) -> int:
        """Pass every paper in ``parcels`` to its next continuing preference.

        ``new_value(old)`` gives each paper's value after the move. Returns the total value
        that left (transferred plus non-transferable).
        """
        continuing = self.continuing
        votes = self.votes
        moved = 0
        for value, groups in parcels:
            nv = new_value(value)
            buckets: dict[int, list[tuple[tuple[int, ...], int, int]]] = {}
            papers: dict[int, int] = {}
            exhausted = 0
            for ranking, number, pos in groups:
                j = pos + 1
                end = len(ranking)
                while j < end and not continuing[ranking[j]]:
                    j += 1
                if j < end:
                    d = ranking[j]
                    bucket = buckets.get(d)
                    if bucket is None:
                        buckets[d] = [(ranking, number, j)]
                        papers[d] = number
                    else:
                        bucket.append((ranking, number, j))
                        papers[d] += number
                else:
                    exhausted += number
            for d, bucket in buckets.items():
                gained = nv * papers[d]
                votes[d] += gained
                moved += gained
                if nv:
                    self.piles[d].append((nv, bucket))
            self.non_transferable += nv * exhausted
            moved += nv * exhausted
        return moved

    def _transfer_surplus(self, c: int) -> int:
        total = self.votes[c]
        surplus = total - self.quota_scaled
        parcels, self.piles[c] = self.piles[c], []
        moved = self._move(c, parcels, lambda value: surplus * value // total)
        self.votes[c] = self.quota_scaled
        self.rounding_loss += surplus - moved
        return surplus * SCALE // total

    def _transfer_all(self, c: int) -> None:
        parcels, self.piles[c] = self.piles[c], []
        moved = self._move(c, parcels, lambda value: value)
        self.rounding_loss += self.votes[c] - moved
        self.votes[c] = 0

    # --- ties -----------------------------------------------------------------------------

    def _order_by_votes(self, group: list[int], stage: int, purpose: str) -> list[int]:
        """Most votes first; equal candidates ordered by the tie rules."""
        rest = list(group)
        ordered: list[int] = []
        while rest:
            c = self._pick(rest, stage, purpose, lowest=False)
            ordered.append(c)
            rest.remove(c)
        return ordered

    def _pick(self, group: list[int], stage: int, purpose: str, *, lowest: bool) -> int:
        pick = min if lowest else max
        best = pick(self.votes[c] for c in group)
        tied = [c for c in group if self.votes[c] == best]
        if len(tied) == 1:
            return tied[0]
        remaining = tied
        # Earlier stages, most recent first. The last entry of history is this stage.
        for past_index in range(len(self.history) - 2, -1, -1):
            past = self.history[past_index]
            values = {past[c] for c in remaining}
            if len(values) == 1:
                continue
            extreme = pick(values)
            remaining = [c for c in remaining if past[c] == extreme]
            if len(remaining) == 1:
                self.ties.append(
                    TieBreak(
                        stage=stage,
                        purpose=purpose,
                        tied=[self.names[c] for c in tied],
                        chosen=self.names[remaining[0]],
                        method="earlier stage",
                        decided_at_stage=past_index + 1,
                    )
                )
                return remaining[0]
        draws = {
            self.names[c]: lot_draw(self.seed, stage, purpose, self.names[c]) for c in remaining
        }
        chosen = min(remaining, key=lambda c: draws[self.names[c]])
        self.ties.append(
            TieBreak(
                stage=stage,
                purpose=purpose,
                tied=[self.names[c] for c in tied],
                chosen=self.names[chosen],
                method="lot",
                draws=draws,
            )
        )
        return chosen
