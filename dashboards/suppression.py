"""Small-count hiding for the representativeness tables, across every page at once.

The rule (after the Office for National Statistics' guidance on disclosure control):

1. **Primary**: a count from 1 to 4 is shown as "fewer than 5". So is every count in a
   group (say, one council's voters) of fewer than 5 people: even a 0 would tell you
   something about each of them.
2. **Secondary**: no hidden count may be worked out by subtraction. The caller lists
   *equations*: sets of cells whose sum anyone can read off a page (a council's women,
   men, ... and "not stated" add up to the council's total; one category's counts in
   every council add up to, or close to, the all-councils count of that category, shown
   on the all-councils page). In any equation with exactly one hidden cell, the smallest
   other cell (non-zero first) is hidden too, shown as "not shown". Repeated until no
   equation has exactly one hidden cell.

Totals shown elsewhere (each council's number of members, say) are constants, not cells,
so they are never hidden and do not appear in the equations.

This is the usual heuristic, not a proof against someone solving every equation on every
page together; with the groups this portal has (a handful of categories, a dozen councils)
it leaves no cell that a single subtraction reveals. ``tests/dashboards/test_suppression.py``
checks that for random tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

SMALL = 5

SHOWN = "shown"
SMALL_COUNT = "small"  # "fewer than 5"
WITHHELD = "withheld"  # "not shown": hidden only to protect another cell


def is_small(value: int) -> bool:
    return 0 < value < SMALL


_Cell = TypeVar("_Cell", bound=Hashable)


def hide(
    values: Mapping[_Cell, int],
    *,
    equations: Iterable[Iterable[_Cell]] = (),
    small_groups: Iterable[Iterable[_Cell]] = (),
) -> dict[_Cell, str]:
    """Decide, for every cell in ``values``, whether it is shown, small or withheld.

    ``small_groups``: groups of cells that are all hidden as small because the group has
    fewer than 5 people in it.
    """
    state: dict[_Cell, str] = {
        key: SMALL_COUNT if is_small(value) else SHOWN for key, value in values.items()
    }
    for group in small_groups:
        for key in group:
            if key in state:
                state[key] = SMALL_COUNT
    equations = [[key for key in equation if key in values] for equation in equations]
    changed = True
    while changed:
        changed = False
        for equation in equations:
            hidden = [key for key in equation if state[key] != SHOWN]
            if len(hidden) != 1:
                continue
            visible = [key for key in equation if state[key] == SHOWN]
            if not visible:
                continue
            pick = min(visible, key=lambda k: (values[k] == 0, values[k], str(k)))
            state[pick] = WITHHELD
            changed = True
    return state
